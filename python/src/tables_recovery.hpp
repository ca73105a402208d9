// One call of `_core.recover`: a portfolio handed over column-wise (tables.hpp), read by the
// command line's readers (so messages match), recovered block by block with the GIL
// released, and its results left column-wise (result_columns.hpp): the schedule, the
// summary, the run's totals, the ledger, payment and mandate problems, and the notices.
#pragma once

#include "bindings.hpp"
#include "notices.hpp"
#include "result_columns.hpp"
#include "tables.hpp"

#include <arrears/io/attachments.hpp>
#include <arrears/io/block_recovery.hpp>
#include <arrears/io/columns.hpp>
#include <arrears/io/records.hpp>
#include <arrears/recovery.hpp>
#include <arrears/thread_pool.hpp>

#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::python {

class TablesRecovery {
public:
    /// Reads the accounts' header and finds their columns, the ledger, payments and mandates
    /// whole (any may be None), and makes the result columns. Throws InputError for a missing
    /// column (or a `keep` column the accounts lack).
    TablesRecovery(const Recovery& recovery, const py::tuple& accounts, const py::object& ledger,
                   const py::object& payments, const py::object& mandates, unsigned threads,
                   std::string_view date_format, bool notices, const std::vector<std::string>& keep,
                   std::string_view language = "en", const std::map<std::string, std::string>& own = {});
    TablesRecovery(const TablesRecovery&) = delete;
    TablesRecovery& operator=(const TablesRecovery&) = delete;

    /// Recovers every account. Each block is recovered on the worker threads, which fill the
    /// result columns at their own rows; meanwhile this thread, holding the GIL, reads the
    /// next block's cells (the one part that needs the GIL, which would otherwise leave a core
    /// idle).
    void run();

    /// What recovers each accepted account instead of the Recovery (`arrears.replan`, §15):
    /// `recover(i, account, result)`, i the account's position among all the accounts, on
    /// the pool's threads without the GIL (BlockRecovery::set_recover). Before run().
    void set_recover(std::function<void(std::size_t, const Account&, AccountResult&)> recover) {
        recover_->set_recover([this, f = std::move(recover)](std::size_t row, const Account& a, AccountResult& r) {
            f(block_lo_ + row, a, r);
        });
    }
    /// What is done besides for an account rejected as read (BlockRecovery::set_rejected):
    /// `rejected(i, result)`, i the account's position among all the accounts, on the pool's
    /// threads without the GIL. Before run().
    void set_rejected(std::function<void(std::size_t, const AccountResult&)> rejected) {
        recover_->set_rejected(
            [this, f = std::move(rejected)](std::size_t row, const AccountResult& r) { f(block_lo_ + row, r); });
    }
    /// The accounts (rows of the accounts table).
    [[nodiscard]] std::size_t size() const noexcept { return n_; }
    /// The accounts' column names (after `map`).
    [[nodiscard]] const std::vector<std::string>& header() const noexcept { return blocks_[0].header; }
    /// Inside set_recover's and set_rejected's callbacks: the block being recovered and the
    /// position of its first row among all the accounts (account i is its row i - block_lo()).
    [[nodiscard]] const io::TextTable& block() const noexcept { return *block_; }
    [[nodiscard]] std::size_t block_lo() const noexcept { return block_lo_; }

    /// {"schedule", "summary", "totals", "problems", "reported", "notices"}: the result columns, now
    /// numpy's (see _core.pyi's RawResult).
    py::dict release();

private:
    void attach(const py::object& table, io::Attachments::Kind kind, std::string_view name);
    void recover_block(std::size_t lo, std::size_t hi, const io::TextTable& block);
    void account_chunk(std::size_t lo, std::size_t c, std::size_t first, std::size_t last, const io::TextTable& block);
    void schedule_rows(std::size_t lo, std::size_t hi, std::size_t chunks);
    [[nodiscard]] py::dict totals() const;
    std::vector<py::object> id_objects(PyObject** out) const;
    void account_ids(py::dict& summary, py::dict& schedule);

    ThreadPool pool_;  // the call's threads, from the first to the last (first: ended last)
    const Recovery& recovery_;
    PyTable accounts_;
    std::size_t n_;
    std::array<io::TextTable, 2> blocks_;  // one recovered while the other is read
    io::AccountColumns columns_;
    NoticeCollector notices_;
    io::Attachments attachments_;
    // With room for a year of monthly rows per account (weekly plans make more; it grows).
    RowColumns<io::schedule_list> schedule_{n_ * 5};
    AccountColumns<io::summary_list> summary_{n_};
    Column<PyObject*> ids_{n_};  // the summary's account_id objects, counted at the end
    std::optional<io::BlockRecovery> recover_;
    std::array<std::size_t, max_chunks + 1> chunk_at_{};  // first schedule row of each chunk
    std::vector<AccountResult> results_;
    std::vector<io::ReportedRow> problems_;
    std::size_t block_lo_ = 0;                  // the first account of the block being recovered (set_recover)
    const io::TextTable* block_ = &blocks_[0];  // the block being recovered
};

// ---------------------------------------------------------------------------------------
// Implementation

namespace detail {

/// The accounts' header alone (read into `header`), and the columns it names.
inline io::AccountColumns account_columns(const PyTable& accounts, io::TextTable& header,
                                          std::string_view date_format) {
    accounts.read_rows(header, 0, 0);
    io::AccountColumns columns = io::AccountColumns::find(header, "accounts");
    columns.dates = io::parse_date_format(date_format);
    return columns;
}

}  // namespace detail

inline TablesRecovery::TablesRecovery(const Recovery& recovery, const py::tuple& accounts, const py::object& ledger,
                                      const py::object& payments, const py::object& mandates, unsigned threads,
                                      std::string_view date_format, bool notices, const std::vector<std::string>& keep,
                                      std::string_view language, const std::map<std::string, std::string>& own)
    : pool_(threads),
      recovery_(recovery),
      accounts_(PyTable::from(accounts)),
      n_(accounts_.rows.size()),
      columns_(detail::account_columns(accounts_, blocks_[0], date_format)),
      notices_(notices, keep, blocks_[0].header, recovery, language, columns_.language) {
    // §12: a message about a column `map` renamed names the table's own column too, as the
    // command line's do ("(language, the file's Iaith)").
    if (!own.empty()) {
        std::vector<std::string> names;
        for (const std::string& h : blocks_[0].header) {
            const auto at = own.find(h);
            names.push_back(at == own.end() ? h : at->second);
        }
        for (io::TextTable& b : blocks_) b.own_header = names;
    }
    // Ledger, payment and mandate rows are read first and handed to their accounts as these
    // stream past.
    attachments_.set_date_format(columns_.dates);
    attach(ledger, io::Attachments::Kind::ledger, "ledger");
    attach(payments, io::Attachments::Kind::payments, "payments");
    attach(mandates, io::Attachments::Kind::mandates, "mandates");
    recover_.emplace(recovery_, columns_, "accounts", attachments_, pool_, n_);
}

inline void TablesRecovery::attach(const py::object& table, io::Attachments::Kind kind, std::string_view name) {
    if (table.is_none()) return;
    const PyTable t = PyTable::from(table);
    io::TextTable whole;
    t.read_rows(whole, 0, t.rows.size());
    py::gil_scoped_release unlocked;
    attachments_.add(kind, whole, name, pool_);
}

inline void TablesRecovery::run() {
    constexpr std::size_t block_rows = io::BlockRecovery::block_rows;
    accounts_.read_rows(blocks_[0], 0, std::min(n_, block_rows), 0);
    for (std::size_t k = 0, lo = 0; lo == 0 || lo < n_; ++k, lo += block_rows) {
        const std::size_t hi = std::min(n_, lo + block_rows), next_hi = std::min(n_, hi + block_rows);
        // Without the GIL: no Python object is touched. (The task's destructor waits for the
        // block even when reading the next one throws.)
        Task<void> done = pool_.async([this, lo, hi, &block = blocks_[k % 2]] { recover_block(lo, hi, block); });
        if (hi < n_) accounts_.read_rows(blocks_[(k + 1) % 2], hi, next_hi, (k + 1) % 2);
        py::gil_scoped_release unlocked;
        done.get();
    }
}

// Block [lo, hi): recovered, its per-account columns filled chunk by chunk on the worker
// threads; then, with each chunk's schedule rows counted, its schedule rows written.
inline void TablesRecovery::recover_block(std::size_t lo, std::size_t hi, const io::TextTable& block) {
    const std::size_t chunks = io::BlockRecovery::chunks(hi - lo);
    block_lo_ = lo;  // (one block is recovered at a time: run() waits for each)
    block_ = &block;
    recover_->run(block, results_, [&](std::size_t c, std::size_t first, std::size_t last) {
        account_chunk(lo, c, first, last, block);
    });
    schedule_rows(lo, hi, chunks);
    summary_.gather(chunks);
    notices_.gather(chunks);
    if (hi == n_) problems_ = attachments_.finish();
}

inline void TablesRecovery::account_chunk(std::size_t lo, std::size_t c, std::size_t first, std::size_t last,
                                          const io::TextTable& block) {
    std::size_t rows = 0;
    for (std::size_t b = first; b < last; ++b) {
        rows += results_[b].schedule.size();
        summary_.put(c, lo + b, results_[b].summary);
    }
    chunk_at_[c + 1] = rows;
    notices_.chunk(c, block, *recover_, results_, first, last);
}

// Each chunk's schedule rows, straight into the columns at the chunk's place, on the threads.
inline void TablesRecovery::schedule_rows(std::size_t lo, std::size_t hi, std::size_t chunks) {
    for (std::size_t c = 0; c < chunks; ++c) chunk_at_[c + 1] += chunk_at_[c];
    const std::size_t new_rows = chunk_at_[chunks];
    const std::size_t at = schedule_.extend(new_rows);
    const auto rows = schedule_.writer();
    pool_.for_each_chunk(chunks, [&](std::size_t c) {
        std::size_t j = at + chunk_at_[c];
        const std::size_t first = c * io::BlockRecovery::chunk_rows;
        const std::size_t last = std::min(hi - lo, first + io::BlockRecovery::chunk_rows);
        for (std::size_t b = first; b < last; ++b)
            for (const ScheduleRow& row : results_[b].schedule) rows.put(j++, lo + b, row);
    });
}

/// The run's figures from the summary columns, so Python need not scan its object columns:
/// `statuses` {name: accounts} (all seven of §9), `arrears` (pence, the positive arrears),
/// `scheduled` (pence, the arrears of ok and extended accounts) and `double_payment` (the
/// accounts with the §8 double_payment warning).
inline py::dict TablesRecovery::totals() const {
    constexpr auto& list = io::summary_list;
    const auto status = summary_.column<list.index("status")>().codes();
    const auto warnings = summary_.column<list.index("warnings")>().codes();
    const auto& arrears = summary_.column<list.index("arrears")>();
    std::array<std::size_t, all_statuses.size()> by_status{};
    std::size_t double_payment = 0;
    Money positive, scheduled;
    for (std::size_t i = 0; i < n_; ++i) {
        ++by_status[status[i]];
        if (warnings[i] & Warning::double_payment) ++double_payment;
        if (arrears.mask()[i]) continue;
        const Money a = Money::pence(arrears.values()[i]);
        if (a > Money()) positive += a;
        const auto st = static_cast<Status>(status[i]);
        if (st == Status::ok || st == Status::extended) scheduled += a;
    }
    py::dict statuses;
    for (Status st : all_statuses)
        statuses[py::str(std::string(to_string(st)))] = by_status[static_cast<std::size_t>(st)];
    py::dict out;
    out["statuses"] = statuses;
    out["arrears"] = positive.pence();
    out["scheduled"] = scheduled.pence();
    out["double_payment"] = double_payment;
    return out;
}

/// Each account's account_id object into `out` (borrowed): the caller's own str (or the text
/// its converter made of a cell that is not one), trimmed as the command line trims it (§12:
/// " A-1 " is "A-1", a new str only then); None for an empty one. The objects made are
/// returned, to be held until their cells count them. Needs the GIL; may throw (a converter).
inline std::vector<py::object> TablesRecovery::id_objects(PyObject** out) const {
    const auto column = static_cast<std::size_t>(columns_.account_id);
    PyObject* const* cells = accounts_.cells[column];
    auto padded = [](PyObject* s, Py_ssize_t at) {
        const Py_UCS4 c = PyUnicode_READ_CHAR(s, at);
        return c == ' ' || c == '\t';
    };
    std::vector<py::object> made;
    constexpr std::size_t ahead = 16;  // each id is its own object: fetched early
    for (std::size_t i = 0; i < n_; ++i) {
        if (i + ahead < n_) __builtin_prefetch(cells[i + ahead]);
        PyObject* id = cells[i];
        py::object text;
        if (!PyUnicode_Check(id)) {
            text = accounts_.text(column, i);
            id = text.ptr();
        }
        const Py_ssize_t length = PyUnicode_GET_LENGTH(id);
        if (length > 0 && (padded(id, 0) || padded(id, length - 1))) {
            text = py::reinterpret_borrow<py::object>(id).attr("strip")(" \t");
            id = text.ptr();
        }
        if (PyUnicode_GET_LENGTH(id) == 0)
            id = Py_None;
        else if (text)
            made.push_back(std::move(text));
        out[i] = id;
    }
    return made;
}

/// The account_id columns: the summary's objects, and the schedule's, each row's account's.
inline void TablesRecovery::account_ids(py::dict& summary, py::dict& schedule) {
    const std::vector<py::object> made = id_objects(ids_.data());
    const std::size_t rows = schedule_.size();
    std::int64_t* const row_at = schedule_.release_accounts();  // each row's account, made its id in place
    struct Free {
        void operator()(void* p) const noexcept { std::free(p); }
    };
    std::unique_ptr<std::int64_t, Free> row_memory(row_at);
    fill_object_cells<std::int64_t, std::int64_t>(std::span<PyObject* const>(ids_.data(), n_), pool_, "account_id",
                                                  {ids_.data(), nullptr, n_}, {row_at, row_at, rows});
    ObjectColumn by_account = ObjectColumn::adopt(ids_.release_memory(), n_);
    ObjectColumn by_row = ObjectColumn::adopt(row_memory.release(), rows);
    summary["account_id"] = by_account.release();
    schedule["account_id"] = by_row.release();
}

inline py::dict TablesRecovery::release() {
    py::dict out, schedule, summary;
    out["totals"] = totals();  // (before the columns move out)
    account_ids(summary, schedule);
    // (rows, 6): due_date, collection_date (ns since the epoch), regular, recovery, total and
    // arrears_after pence: the schedule list's columns in order
    schedule["grid"] = schedule_.grid();
    summary_.release(summary, pool_);
    out["schedule"] = schedule;
    out["summary"] = summary;
    py::list problem_lines, reported;  // §12: each reported row's line, and {file, line, account_id, problem}
    for (const io::ReportedRow& p : problems_) {
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
    out["notices"] = notices_.release();
    return out;
}

}  // namespace arrears::python
