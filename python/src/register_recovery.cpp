// Recovery: a prepared run (options and calendars, with E, H and X worked out once) and the
// portfolio recovery itself. Tables arrive column-wise as lists of str, are read by the same
// readers as the command line's CSV files (so messages match), are recovered with the GIL
// released, and leave column-wise as numpy arrays: int64 pence, int64 nanoseconds since the
// epoch (datetime64[ns], NaT for empty), bool masks for empty cells.
#include "bindings.hpp"

#include <arrears/io/records.hpp>
#include <arrears/recovery.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace arrears::python {

namespace {

constexpr std::int64_t ns_per_day = 86'400'000'000'000;
constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();

std::int64_t to_ns(Date d) noexcept { return to_days(d) * ns_per_day; }

/// A table handed over by the package: `header` names every column (their positions are
/// the column numbers in messages); `columns` holds, for each, a sequence of str, one per
/// row (or None for a column nobody reads); `rows` numbers the rows in messages. Cells view the str objects' UTF-8 buffers, which
/// `keep` holds alive while the table is read, with or without the GIL.
struct BorrowedTable {
    io::TextTable table;
    std::vector<py::tuple> keep;
};

/// Where a str that has no UTF-8 form (a lone surrogate, as errors='surrogateescape' leaves
/// for a byte that was not UTF-8) goes wrong: the message for its cell.
std::string not_unicode(PyObject* text) {
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; ++i) {
        const Py_UCS4 ch = PyUnicode_READ_CHAR(text, i);
        if (ch >= 0xD800 && ch <= 0xDFFF) {
            char code[8];
            std::snprintf(code, sizeof code, "%04X", static_cast<unsigned>(ch));
            return "not valid Unicode text (lone surrogate U+" + std::string(code) + " at character " +
                   std::to_string(i + 1) + "); decode the data with its real encoding";
        }
    }
    return "not valid Unicode text";
}

/// A column name as UTF-8; one with no UTF-8 form keeps its lone surrogates as \udcff, so
/// it is a name nobody reads rather than an error.
std::string column_name(py::handle name) {
    Py_ssize_t size = 0;
    if (const char* utf8 = PyUnicode_Check(name.ptr()) ? PyUnicode_AsUTF8AndSize(name.ptr(), &size) : nullptr)
        return std::string(utf8, static_cast<std::size_t>(size));
    PyErr_Clear();
    return py::cast<std::string>(py::str(name).attr("encode")("utf-8", "backslashreplace"));
}

BorrowedTable borrow_table(const py::sequence& header, const py::sequence& columns,
                           const std::vector<std::uint64_t>& rows) {
    BorrowedTable b;
    io::TextTable& t = b.table;
    t.row_label = "row";
    for (py::handle h : header) t.header.push_back(column_name(h));
    if (py::len(columns) != t.width())
        throw py::value_error("a table needs one column (or None) per header name");
    t.cells.assign(rows.size() * t.width(), std::string_view());
    t.first_cell.resize(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) t.first_cell[r] = r * t.width();
    t.line = rows;  // what messages call each row: its DataFrame index label or position
    t.row_error.assign(rows.size(), std::string());
    t.row_error_column.assign(rows.size(), -1);
    for (std::size_t c = 0; c < t.width(); ++c) {
        py::handle col = columns[c];
        if (col.is_none()) continue;
        py::tuple cells(py::reinterpret_borrow<py::object>(col));  // immutable: safe without the GIL
        if (cells.size() != t.rows())
            throw py::value_error("column '" + t.header[c] + "' has " + std::to_string(cells.size()) +
                                  " cells, expected " + std::to_string(t.rows()));
        for (std::size_t r = 0; r < t.rows(); ++r) {
            PyObject* cell = PyTuple_GET_ITEM(cells.ptr(), static_cast<Py_ssize_t>(r));
            if (!PyUnicode_Check(cell))
                throw py::type_error("column '" + t.header[c] + "' row " + std::to_string(r) +
                                     ": expected str");
            Py_ssize_t size = 0;
            const char* utf8 = PyUnicode_AsUTF8AndSize(cell, &size);
            if (!utf8) {
                // The row is rejected (or, in a ledger or payments, reported), naming this
                // cell; the first such cell of a row is the one named.
                PyErr_Clear();
                if (t.row_error[r].empty()) {
                    t.row_error[r] = not_unicode(cell);
                    t.row_error_column[r] = static_cast<int>(c);
                }
                continue;
            }
            t.cells[r * t.width() + c] = std::string_view(utf8, static_cast<std::size_t>(size));
        }
        b.keep.push_back(std::move(cells));
    }
    return b;
}

std::optional<BorrowedTable> borrow_optional(const py::object& spec) {
    if (spec.is_none()) return std::nullopt;
    auto t = spec.cast<py::tuple>();
    if (t.size() != 3) throw py::value_error("a table is (header, columns, row numbers)");
    return borrow_table(t[0].cast<py::sequence>(), t[1].cast<py::sequence>(),
                        t[2].cast<std::vector<std::uint64_t>>());
}

std::int64_t pence_of(const Money& m) { return m.pence(); }
std::int64_t count_of(const int& c) { return c; }

py::dict recover_tables(const Recovery& recovery, const py::tuple& accounts, const py::object& ledger,
                        const py::object& payments, unsigned threads) {
    BorrowedTable acc = *borrow_optional(accounts);
    std::optional<BorrowedTable> led = borrow_optional(ledger);
    std::optional<BorrowedTable> pay = borrow_optional(payments);

    io::Portfolio portfolio;
    std::vector<std::string> problems;
    // Filled block by block without the GIL (results are not all held at once), then handed
    // to numpy in one copy per column.
    std::vector<std::int64_t> acc_i;
    std::array<std::vector<std::int64_t>, 6> cols;
    const std::size_t n = acc.table.rows();
    std::array<std::vector<std::int64_t>, 6> sum_v;  // missed_count, missed_amount, paid, arrears, instalments, max
    std::array<std::vector<bool>, 6> sum_null;
    std::vector<std::int64_t> first_v, last_v;
    std::vector<std::uint8_t> status_v, warning_v;
    std::vector<std::pair<std::size_t, std::string>> messages;  // only the accounts that have one
    {
        py::gil_scoped_release unlocked;
        io::read_accounts(acc.table, "accounts", portfolio);
        if (led)
            for (auto& p : io::read_ledger(led->table, "ledger", portfolio)) problems.push_back(std::move(p));
        if (pay)
            for (auto& p : io::read_payments(pay->table, "payments", portfolio)) problems.push_back(std::move(p));
        // Room for a year of monthly rows per account (weekly plans make more; vectors grow).
        for (auto& col : cols) col.reserve(n * 5);
        acc_i.reserve(n * 5);
        for (auto& col : sum_v) col.resize(n);
        for (auto& col : sum_null) col.resize(n);
        first_v.resize(n);
        last_v.resize(n);
        status_v.resize(n);
        warning_v.resize(n);
        io::recover_in_blocks(portfolio, recovery, threads, [&](std::size_t lo, std::span<const AccountResult> block) {
            for (std::size_t b = 0; b < block.size(); ++b) {
                const std::size_t i = lo + b;
                const AccountResult& r = block[b];
                for (const ScheduleRow& row : r.schedule) {
                    acc_i.push_back(static_cast<std::int64_t>(i));
                    cols[0].push_back(to_ns(row.due_date));
                    cols[1].push_back(to_ns(row.collection_date));
                    cols[2].push_back(row.regular_amount.pence());
                    cols[3].push_back(row.recovery_amount.pence());
                    cols[4].push_back(row.total_amount.pence());
                    cols[5].push_back(row.arrears_after.pence());
                }
                const Summary& s = r.summary;
                auto put = [&](std::size_t c, auto const& x, auto get) {
                    sum_null[c][i] = !x.has_value();
                    sum_v[c][i] = x ? get(*x) : 0;
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
                if (!s.message.empty()) messages.emplace_back(i, s.message);
            }
        });
    }

    // numpy takes the vector's memory as it is: no copy of a column of millions of rows.
    auto to_array = [](std::vector<std::int64_t>& v) {
        auto* owned = new std::vector<std::int64_t>(std::move(v));
        py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<std::int64_t>*>(p); });
        return py::array_t<std::int64_t>({static_cast<py::ssize_t>(owned->size())}, {sizeof(std::int64_t)},
                                         owned->data(), owner);
    };
    auto nullable = [&](std::size_t c) {
        py::array_t<bool> mask(static_cast<py::ssize_t>(n));
        bool* m = mask.mutable_data();
        for (std::size_t i = 0; i < n; ++i) m[i] = sum_null[c][i];
        return py::make_tuple(to_array(sum_v[c]), mask);
    };
    py::array_t<std::int64_t> account = to_array(acc_i);
    std::array<py::array_t<std::int64_t>, 6> sched_cols;
    for (std::size_t c = 0; c < cols.size(); ++c) sched_cols[c] = to_array(cols[c]);
    py::array_t<std::int64_t> first_date = to_array(first_v), last_date = to_array(last_v);

    // Text columns: one str per account; statuses and warnings shared.
    const std::array<Status, 7> statuses{Status::ok, Status::extended, Status::no_arrears, Status::in_credit,
                                         Status::review, Status::cancelled, Status::rejected};
    std::array<py::object, 7> status_text;
    for (std::size_t k = 0; k < statuses.size(); ++k)
        status_text[static_cast<std::size_t>(statuses[k])] = py::str(std::string(to_string(statuses[k])));
    py::list ids(n), status(n), warnings(n), message(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& id = portfolio.accounts[i].id;
        ids[i] = id.empty() ? py::object(py::none()) : py::object(py::str(id));
        status[i] = status_text[status_v[i]];
        warnings[i] = warning_v[i] ? py::object(py::str(warnings_to_string(warning_v[i]))) : py::object(py::none());
        message[i] = py::none();
    }
    for (const auto& [i, text] : messages) message[i] = py::str(text);

    py::dict schedule;
    schedule["account"] = account;
    const char* sched_names[] = {"due_date", "collection_date", "regular_amount",
                                 "recovery_amount", "total_amount", "arrears_after"};
    for (std::size_t c = 0; c < sched_cols.size(); ++c) schedule[sched_names[c]] = sched_cols[c];

    py::dict summary;
    summary["account_id"] = ids;
    summary["status"] = status;
    summary["missed_count"] = nullable(0);
    summary["missed_amount"] = nullable(1);
    summary["paid_amount"] = nullable(2);
    summary["arrears"] = nullable(3);
    summary["instalments"] = nullable(4);
    summary["first_recovery_date"] = first_date;
    summary["last_recovery_date"] = last_date;
    summary["max_recovery"] = nullable(5);
    summary["warnings"] = warnings;
    summary["message"] = message;

    py::dict out;
    out["schedule"] = schedule;
    out["summary"] = summary;
    out["problems"] = py::cast(problems);
    return out;
}

}  // namespace

void register_recovery(py::module_& m) {
    py::class_<Recovery>(m, "Recovery",
                         "A prepared recovery run: options and calendars, with E, H and X worked out once.")
        .def(py::init([](std::int64_t notice_date, int notice_days, int postal_days,
                         std::optional<std::pair<std::int64_t, std::int64_t>> outage,
                         std::optional<std::int64_t> until, std::string_view fy_start,
                         std::string_view strategy, std::string_view remainder,
                         std::optional<std::string> cap, bool extend, std::string_view when_none,
                         const Calendar& collection, const Calendar& notice) {
                 Options o;
                 o.notice_date = from_days(notice_date);
                 o.notice_days = notice_days;
                 o.postal_days = postal_days;
                 if (outage) o.outage = Outage{from_days(outage->first), from_days(outage->second)};
                 if (until) o.until = from_days(*until);
                 o.year_start = YearStart::parse(fy_start);
                 o.strategy = parse_strategy(strategy);
                 o.remainder = parse_remainder(remainder);
                 if (cap) o.cap = Cap::parse(*cap);
                 o.extension = extend ? Extension::allowed : Extension::forbidden;
                 o.when_none = parse_when_none(when_none);
                 return Recovery(std::move(o), collection, notice);
             }),
             py::kw_only(), py::arg("notice_date"), py::arg("notice_days") = 10, py::arg("postal_days") = 0,
             py::arg("outage") = py::none(), py::arg("until") = py::none(), py::arg("fy_start") = "04-01",
             py::arg("strategy") = "spread", py::arg("remainder") = "first", py::arg("cap") = py::none(),
             py::arg("extend") = true, py::arg("when_none") = "next-year", py::arg("collection"),
             py::arg("notice"))
        .def_property_readonly("earliest_change", [](const Recovery& r) { return to_days(r.earliest_change()); },
                               "E: the earliest collection date that may carry recovery (day number).")
        .def_property_readonly("horizon", [](const Recovery& r) { return to_days(r.horizon()); },
                               "H: the horizon (day number).")
        .def_property_readonly("extension_limit", [](const Recovery& r) { return to_days(r.extension_limit()); },
                               "X: the extension limit (day number).");

    m.def("recover", &recover_tables, py::arg("recovery"), py::arg("accounts"), py::arg("ledger") = py::none(),
          py::arg("payments") = py::none(), py::arg("threads") = 0u,
          "Recovers a portfolio given column-wise; returns the schedule and summary columns and\n"
          "the ledger and payment problems. The GIL is released while accounts are recovered.");
}

}  // namespace arrears::python
