// The portfolio recovery of a prepared run (Recovery: register_options.cpp). Tables arrive
// column-wise (see tables.hpp), are read by the same readers as the command line's CSV files
// (so messages match), are recovered with the GIL released, and leave column-wise as numpy
// arrays: int64 pence, int64 nanoseconds since the epoch (datetime64[ns], NaT for empty),
// bool masks for empty cells.
#include "bindings.hpp"
#include "notices.hpp"
#include "tables.hpp"

#include <arrears/io/block_recovery.hpp>
#include <arrears/io/records.hpp>
#include <arrears/recovery.hpp>
#include <arrears/thread_pool.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace arrears::python {

namespace {

constexpr std::int64_t ns_per_day = 86'400'000'000'000;
constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();

std::int64_t to_ns(Date d) noexcept { return to_days(d) * ns_per_day; }

std::int64_t pence_of(const Money& m) { return m.pence(); }
std::int64_t count_of(const int& c) { return c; }

/// The run's figures from the summary columns, so Python need not scan its object columns:
/// `statuses` {name: accounts} (all seven of §9), `arrears` (pence, the positive arrears),
/// `scheduled` (pence, the arrears of ok and extended accounts) and `double_payment` (the
/// accounts with the §8 double_payment warning).
py::dict run_totals(std::span<const std::uint8_t> status, std::span<const std::uint8_t> warnings,
                    std::span<const std::int64_t> arrears, std::span<const std::uint8_t> no_arrears) {
    std::array<std::size_t, all_statuses.size()> by_status{};
    std::size_t double_payment = 0;
    Money positive, scheduled;
    for (std::size_t i = 0; i < status.size(); ++i) {
        ++by_status[status[i]];
        if (warnings[i] & Warning::double_payment) ++double_payment;
        if (no_arrears[i]) continue;
        const Money a = Money::pence(arrears[i]);
        if (a > Money()) positive += a;
        const auto st = static_cast<Status>(status[i]);
        if (st == Status::ok || st == Status::extended) scheduled += a;
    }
    py::dict statuses;
    for (Status st : all_statuses) statuses[py::str(std::string(to_string(st)))] = by_status[static_cast<std::size_t>(st)];
    py::dict totals;
    totals["statuses"] = statuses;
    totals["arrears"] = positive.pence();
    totals["scheduled"] = scheduled.pence();
    totals["double_payment"] = double_payment;
    return totals;
}

/// sizeof...(K) columns of n values of T.
template <class T, std::size_t... K>
std::array<Column<T>, sizeof...(K)> columns_of(std::size_t n, std::index_sequence<K...>) {
    return {((void)K, Column<T>(n))...};
}

py::dict recover_tables(const Recovery& recovery, const py::tuple& accounts, const py::object& ledger,
                        const py::object& payments, unsigned threads, std::string_view date_format, bool notices,
                        const std::vector<std::string>& keep) {
    ThreadPool pool(threads);  // the call's threads, from the first to the last
    const PyTable acc = PyTable::from(accounts);
    const std::size_t n = acc.rows.size();
    std::array<io::TextTable, 2> blocks;  // one recovered while the other is read
    acc.read_rows(blocks[0], 0, 0);  // the header alone, for finding the columns
    io::AccountColumns columns = io::AccountColumns::find(blocks[0], "accounts");
    columns.dates = io::parse_date_format(date_format);
    NoticeCollector notice_rows(notices, keep, blocks[0].header, recovery);

    // Ledger and payment rows are read first and handed to their accounts as these stream past.
    io::Attachments attachments;
    attachments.set_date_format(columns.dates);
    auto attach = [&](const py::object& spec, io::Attachments::Kind kind, std::string_view name) {
        if (spec.is_none()) return;
        const PyTable t = PyTable::from(spec);
        io::TextTable whole;
        t.read_rows(whole, 0, t.rows.size());
        py::gil_scoped_release unlocked;
        attachments.add(kind, whole, name, pool);
    };
    attach(ledger, io::Attachments::Kind::ledger, "ledger");
    attach(payments, io::Attachments::Kind::payments, "payments");

    // The output columns, filled block by block (results are not all held at once) and
    // handed to numpy without a copy. The schedule's grid: due_date, collection_date, then
    // regular, recovery, total and arrears_after pence, with room for
    // a year of monthly rows per account (weekly plans make more; it grows); each row's
    // account position apart, as it becomes the row's account_id object. Per-account
    // columns are written by the worker threads at their own accounts' positions, so they
    // are bytes, never packed bits.
    ColumnGrid<6> grid(n * 5);
    ColumnGrid<1> row_account(n * 5);
    // missed_count, missed_amount, paid, arrears, instalments, max_recovery, and their masks
    auto sum_v = columns_of<std::int64_t>(n, std::make_index_sequence<6>());
    auto sum_null = columns_of<std::uint8_t>(n, std::make_index_sequence<6>());
    Column<std::int64_t> first_v(n), last_v(n);
    Column<std::uint8_t> status_v(n), warning_v(n);
    Column<std::uint32_t> schedule_rows(n);  // each account's rows in the schedule
    std::vector<std::pair<std::size_t, std::string>> messages;  // only the accounts that have one
    ObjectColumn ids(n), status(n), warnings(n), message(n);  // filled at the end
    io::BlockRecovery recover(recovery, columns, "accounts", attachments, pool, n);

    // Each block is recovered, and its summary columns filled, on the worker threads; then,
    // with the schedule rows of each chunk counted, the threads write them straight into
    // the grid at their chunk's place. Meanwhile this thread, holding the GIL, reads the next
    // block's cells (the one part that needs the GIL, which would otherwise leave a core idle).
    constexpr std::size_t most_chunks = io::BlockRecovery::chunks(io::BlockRecovery::block_rows);
    std::array<std::size_t, most_chunks + 1> chunk_at{};  // first schedule row of each chunk
    std::array<std::vector<std::pair<std::size_t, std::string>>, most_chunks> chunk_messages;
    std::vector<AccountResult> results;
    std::vector<io::ReportedRow> problems;
    // Block k (rows [lo, hi), read into blocks[k % 2]), without the GIL: no Python object
    // is touched.
    auto recover_block = [&](std::size_t lo, std::size_t hi, const io::TextTable& block) {
        const std::size_t chunks = io::BlockRecovery::chunks(hi - lo);
        recover.run(block, results, [&](std::size_t c, std::size_t first, std::size_t last) {
            std::size_t rows = 0;
            chunk_messages[c].clear();
            for (std::size_t b = first; b < last; ++b) {
                const std::size_t i = lo + b;
                const AccountResult& r = results[b];
                rows += r.schedule.size();
                schedule_rows[i] = static_cast<std::uint32_t>(r.schedule.size());
                const Summary& s = r.summary;
                auto put = [&](std::size_t c2, auto const& x, auto get) {
                    sum_null[c2][i] = !x.has_value();
                    sum_v[c2][i] = x ? get(*x) : 0;
                };
                put(0, s.missed_count, count_of);
                put(1, s.missed_amount, pence_of);
                put(2, s.paid_amount, pence_of);
                put(3, s.arrears, pence_of);
                put(4, s.instalments, count_of);
                put(5, s.max_recovery, pence_of);
                first_v[i] = s.first_recovery_date ? to_ns(*s.first_recovery_date) : nat;
                last_v[i] = s.last_recovery_date ? to_ns(*s.last_recovery_date) : nat;
                status_v[i] = static_cast<std::uint8_t>(s.status);
                warning_v[i] = static_cast<std::uint8_t>(s.warnings);
                if (!s.message.empty()) chunk_messages[c].emplace_back(i, s.message);
            }
            chunk_at[c + 1] = rows;
            notice_rows.chunk(c, block, recover, results, first, last);
        });
        for (std::size_t c = 0; c < chunks; ++c) chunk_at[c + 1] += chunk_at[c];
        const std::size_t new_rows = chunk_at[chunks];
        const std::size_t at = grid.extend(new_rows);
        row_account.extend(new_rows);
        std::int64_t* const col[7] = {row_account.column(0), grid.column(0), grid.column(1), grid.column(2),
                                      grid.column(3),         grid.column(4), grid.column(5)};
        pool.for_each_chunk(chunks, [&](std::size_t c) {
            std::size_t j = at + chunk_at[c];
            const std::size_t first = c * io::BlockRecovery::chunk_rows;
            const std::size_t last = std::min(hi - lo, first + io::BlockRecovery::chunk_rows);
            for (std::size_t b = first; b < last; ++b)
                for (const ScheduleRow& row : results[b].schedule) {
                    col[0][j] = static_cast<std::int64_t>(lo + b);
                    col[1][j] = to_ns(row.due_date);
                    col[2][j] = to_ns(row.collection_date);
                    col[3][j] = row.regular_amount.pence();
                    col[4][j] = row.recovery_amount.pence();
                    col[5][j] = row.total_amount.pence();
                    col[6][j] = row.arrears_after.pence();
                    ++j;
                }
        });
        for (std::size_t c = 0; c < chunks; ++c)
            for (auto& m : chunk_messages[c]) messages.push_back(std::move(m));
        notice_rows.gather(chunks);
        if (hi == n) problems = attachments.finish();
    };
    constexpr std::size_t block_rows = io::BlockRecovery::block_rows;
    acc.read_rows(blocks[0], 0, std::min(n, block_rows), 0);
    for (std::size_t k = 0, lo = 0; lo == 0 || lo < n; ++k, lo += block_rows) {
        const std::size_t hi = std::min(n, lo + block_rows), next_hi = std::min(n, hi + block_rows);
        // (The task's destructor waits for the block even when reading the next one throws.)
        Task<void> done = pool.async([&recover_block, lo, hi, &block = blocks[k % 2]] { recover_block(lo, hi, block); });
        if (hi < n) acc.read_rows(blocks[(k + 1) % 2], hi, next_hi, (k + 1) % 2);
        py::gil_scoped_release unlocked;
        done.get();
    }

    py::dict totals = run_totals(status_v.values(), warning_v.values(), sum_v[3].values(), sum_null[3].values());  // (before the columns move out)

    // numpy takes the columns' memory as it is (masks are bytes of 0 and 1: numpy's bool).
    const py::dtype int64 = py::dtype::of<std::int64_t>(), boolean = py::dtype::of<bool>();
    auto nullable = [&](std::size_t c) { return py::make_tuple(sum_v[c].release(int64), sum_null[c].release(boolean)); };
    py::array first_date = first_v.release(int64), last_date = last_v.release(int64);

    // Text columns: one str per account; statuses and warnings shared. Their references are
    // counted with the GIL, an account or a shared str at a time, and the cells filled after
    // without it, on every thread (tens of MiB of fresh memory, millions of cells).
    std::array<py::object, all_statuses.size()> status_text;
    for (Status st : all_statuses) status_text[static_cast<std::size_t>(st)] = py::str(std::string(to_string(st)));
    // account_id: the caller's own str objects (or the text its converter made of a cell
    // that is not one), trimmed as the command line trims them (§12: " A-1 " is "A-1", a new
    // str only then); an empty one: None. One reference for the summary's cell and one for
    // each of the account's schedule rows.
    const auto id_column = static_cast<std::size_t>(columns.account_id);
    PyObject* const* id_cells = acc.cells[id_column];
    auto padded = [](PyObject* s, Py_ssize_t at) {
        const Py_UCS4 c = PyUnicode_READ_CHAR(s, at);
        return c == ' ' || c == '\t';
    };
    // (First what may throw: the warnings' text, then the ids, whose counts are taken back if
    // one cannot be made; from there on every count is matched by a cell.)
    std::array<Py_ssize_t, 256> by_warnings{};
    std::array<Py_ssize_t, all_statuses.size()> by_status{};
    for (std::size_t i = 0; i < n; ++i) {
        ++by_warnings[warning_v[i]];
        ++by_status[status_v[i]];
    }
    std::array<PyObject*, 256> warning_text{};  // by warning bits
    std::vector<py::object> warning_made;
    for (std::size_t bits = 0; bits < by_warnings.size(); ++bits) {
        if (!by_warnings[bits]) continue;
        if (bits) warning_made.push_back(py::str(warnings_to_string(static_cast<std::uint8_t>(bits))));
        warning_text[bits] = bits ? warning_made.back().ptr() : Py_None;
    }
    constexpr std::size_t ahead = 16;  // each id is its own object: fetched early
    std::size_t counted = 0;
    try {
        for (; counted < n; ++counted) {
            const std::size_t i = counted;
            if (i + ahead < n) __builtin_prefetch(id_cells[i + ahead], 1);
            PyObject* id = id_cells[i];
            py::object trimmed;
            if (!PyUnicode_Check(id)) {
                trimmed = acc.text(id_column, i);
                id = trimmed.ptr();
            }
            if (PyUnicode_GET_LENGTH(id) > 0 &&
                (padded(id, 0) || padded(id, PyUnicode_GET_LENGTH(id) - 1))) {
                trimmed = py::reinterpret_borrow<py::object>(id).attr("strip")(" \t");
                id = trimmed.ptr();
            }
            if (PyUnicode_GET_LENGTH(id) == 0) id = Py_None;
            ObjectColumn::count_references(id, 1 + static_cast<Py_ssize_t>(schedule_rows[i]));
            ids.put_counted(i, id);
        }
    } catch (...) {
        // The summary cells keep theirs (the column releases them); the schedule rows' go.
        for (std::size_t i = 0; i < counted; ++i)
            ObjectColumn::count_references(ids.cell(i), -static_cast<Py_ssize_t>(schedule_rows[i]));
        throw;
    }
    for (std::size_t bits = 0; bits < by_warnings.size(); ++bits)
        if (by_warnings[bits]) ObjectColumn::count_references(warning_text[bits], by_warnings[bits]);
    std::array<PyObject*, all_statuses.size()> status_of{};
    for (Status st : all_statuses) {
        const auto k = static_cast<std::size_t>(st);
        status_of[k] = status_text[k].ptr();
        ObjectColumn::count_references(status_of[k], by_status[k]);
    }
    ObjectColumn::count_references(Py_None, static_cast<Py_ssize_t>(n));  // each message, replaced below
    // The schedule's account_id: the summary's account_id object of each row's account
    // (counted above), in place of the row's account position.
    const std::size_t rows = row_account.size();
    std::int64_t* const row_at = row_account.release_memory();
    {
        py::gil_scoped_release unlocked;
        constexpr std::size_t chunk = 1 << 16;
        const std::size_t chunks = (std::max(n, rows) + chunk - 1) / chunk;
        auto fill = [&](std::size_t c) noexcept {
            for (std::size_t i = c * chunk, end = std::min(n, i + chunk); i < end; ++i) {
                status.put_counted(i, status_of[status_v[i]]);
                warnings.put_counted(i, warning_text[warning_v[i]]);
                message.put_counted(i, Py_None);
            }
            ObjectColumn::gather_counted(row_at, c * chunk, std::min(rows, (c + 1) * chunk), ids);
        };
        pool.for_each_chunk(chunks, fill);
    }
    ObjectColumn schedule_ids = ObjectColumn::adopt_gathered(row_at, rows);
    // Messages repeat (a portfolio's plans end on a few dates): one str per distinct text.
    std::unordered_map<std::string_view, py::object> message_text;
    for (const auto& [i, text] : messages) {
        auto [it, made] = message_text.try_emplace(text);
        if (made) it->second = py::str(text);
        message.set(i, it->second.ptr());
    }

    py::dict schedule;
    schedule["account_id"] = schedule_ids.release();
    // (6, rows): due_date, collection_date (ns since the epoch), regular, recovery, total and
    // arrears_after pence
    schedule["grid"] = grid.release();

    py::dict summary;
    summary["account_id"] = ids.release();
    summary["status"] = status.release();
    summary["missed_count"] = nullable(0);
    summary["missed_amount"] = nullable(1);
    summary["paid_amount"] = nullable(2);
    summary["arrears"] = nullable(3);
    summary["instalments"] = nullable(4);
    summary["first_recovery_date"] = first_date;
    summary["last_recovery_date"] = last_date;
    summary["max_recovery"] = nullable(5);
    summary["warnings"] = warnings.release();
    summary["message"] = message.release();

    py::dict out;
    out["schedule"] = schedule;
    out["totals"] = totals;
    out["summary"] = summary;
    py::list problem_lines, reported;  // §12: each reported row's line, and {file, line, account_id, problem}
    for (const io::ReportedRow& p : problems) {
        problem_lines.append(p.message);
        py::dict d;
        d["file"] = p.file;
        d["line"] = p.line;
        d["account_id"] = p.account_id.empty() ? py::object(py::none()) : py::object(py::str(p.account_id));
        d["problem"] = p.problem;
        reported.append(d);
    }
    out["problems"] = problem_lines;
    out["reported"] = reported;
    out["notices"] = notice_rows.release();
    return out;
}

}  // namespace

void register_recovery(py::module_& m) {
    m.def("recover", &recover_tables, py::arg("recovery"), py::arg("accounts"), py::arg("ledger") = py::none(),
          py::arg("payments") = py::none(), py::arg("threads") = 0u, py::arg("date_format") = "YYYY-MM-DD",
          py::arg("notices") = false, py::arg("keep") = std::vector<std::string>{},
          "Recovers a portfolio given column-wise; returns the schedule and summary columns and\n"
          "the ledger and payment problems. The GIL is released while accounts are recovered.");
}

}  // namespace arrears::python
