// Keeping the recovery on course (recovery-rules §15) from Python: a prepared replan (Replan:
// the run's options at the notice date N2, N1, the calendars) and `_core.replan`, which reads
// the plan of record with the library's reader (io/plan_of_record.hpp, the command line's
// rules) and streams the accounts through TablesRecovery as `recover` does, each accepted
// account replanned by Replan (the GIL released) instead of recovered.
#include "bindings.hpp"
#include "tables_recovery.hpp"

#include <arrears/io/columns.hpp>
#include <arrears/io/notices.hpp>
#include <arrears/io/plan_of_record.hpp>
#include <arrears/notice.hpp>
#include <arrears/replan.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::python {

namespace {

/// A whole table handed over column-wise (tables.hpp), read into `out` (rows named `row`).
void read_whole(const py::tuple& spec, io::TextTable& out, PyTable& keep) {
    keep = PyTable::from(spec);
    keep.read_rows(out, 0, keep.rows.size());
}

template <class T>
py::array_t<T> array_of(const std::vector<T>& v) {
    py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
}

/// {"schedule", "summary", "totals", "problems", "reported"} as `_core.recover` gives them (the
/// schedule and summary of each replanned account), and:
/// "shortfall": (pence int64, mask bool) per account; "changed": per account 0 empty, 1 yes,
/// 2 no; "kept": bool per account (the plan of record's status kept);
/// "collections": {"account": position, "collection_date", "processing_date", "input_by"
/// (day numbers), "amount", "regular_amount", "recovery_amount", "previous_amount" (pence),
/// "action" (0 collect, 1 withdraw, 2 regular)}: the changed collections and the told ones
/// standing as told (previous_amount = amount), in account order, then date order;
/// "plan_problems": the plan-of-record rows reported (in file order); "plan_accounts": every id
/// the plan of record names; "notices" (with `notices`, else None): {"columns", "rows"} as
/// `_core.recover` gives them, the notices of the changed accounts (§15: make_notice of the
/// replan, as the command line's --notices), in account order.
/// `keep` (§13, as the command line's --keep): columns of the accounts copied after account_id
/// into the notices and, as "kept" {name: [str or None per collection row]} of "collections",
/// into the collection rows; InputError for a column the accounts lack or an output's name.
/// `own`: {OURS: THEIRS} of the accounts' columns `map` renamed, for messages (as recover's).
py::dict replan_tables(const Replan& replan, const py::tuple& accounts, const py::tuple& plan,
                       const py::tuple& plan_summary, const py::object& ledger, const py::object& payments,
                       const py::object& mandates, unsigned threads, std::string_view date_format, bool notices,
                       const std::vector<std::string>& keep, const std::map<std::string, std::string>& own) {
    io::TextTable plan_table, summary_table;
    PyTable plan_cells, summary_cells;
    read_whole(plan, plan_table, plan_cells);
    read_whole(plan_summary, summary_table, summary_cells);
    const io::PlanOfRecordFiles files =
        io::read_plan_of_record(std::move(plan_table), "plan", std::move(summary_table), "plan_summary");

    TablesRecovery run(replan.recovery(), accounts, ledger, payments, mandates, threads, date_format, false, {}, "en",
                       own);
    const std::size_t n = run.size();
    // §13 --keep, checked as the command line checks it for replan's outputs: every notice
    // column, replan's collection columns and the letters' placeholders are taken.
    io::KeptColumns kept_columns;
    if (!keep.empty()) {
        std::vector<std::string_view> outputs = io::notice_list.all_names();
        outputs.insert(outputs.end(), io::replan_collection_columns.begin(), io::replan_collection_columns.end());
        outputs.insert(outputs.end(), io::letter_placeholders.begin(), io::letter_placeholders.end());
        kept_columns = io::KeptColumns(keep, run.header(), "accounts", outputs);
    }
    // Each account's kept cells, for one with a notice or a collection row (else empty).
    std::vector<std::vector<std::string>> kept_cells(kept_columns.empty() ? 0 : n);
    auto keep_cells = [&](std::size_t i, bool needed) {
        if (kept_columns.empty() || !needed) return std::span<const std::string_view>{};
        thread_local std::vector<std::string_view> cells;
        kept_columns.values(run.block(), i - run.block_lo(), cells);
        kept_cells[i].assign(cells.begin(), cells.end());
        return std::span<const std::string_view>(cells);
    };
    std::vector<std::int64_t> shortfall(n, 0);
    std::vector<std::uint8_t> changed(n, 0), kept(n, 0), shortfall_mask(n, 1);
    std::vector<std::vector<ChangedCollection>> changes(n);  // the collection file's rows (for_each_collection)
    std::vector<std::vector<std::string>> notice_rows(notices ? n : 0);  // empty: no notice
    const Date since = replan.since();
    const PlanOfRecord none;
    run.set_recover([&](std::size_t i, const Account& account, AccountResult& out) {
        const auto found = files.accounts.find(account.id);
        const PlanOfRecord& por = found == files.accounts.end() ? none : found->second;
        const auto bad = files.bad.find(account.id);
        ReplanResult r;
        if (bad == files.bad.end()) {
            r = replan(account, por);
        } else {  // §15: a plan row of it that could not be read is reported; it goes to review
            Account copy = account;
            copy.reported.insert(copy.reported.end(), bad->second.begin(), bad->second.end());
            r = replan(copy, por);
        }
        if (r.shortfall) shortfall[i] = r.shortfall->pence(), shortfall_mask[i] = 0;
        changed[i] = !r.changed ? 0 : *r.changed ? 1 : 2;
        kept[i] = r.kept;
        // The collection file's rows: the changed collections only, as the Replan is made with
        // ToldCollections::left_out (Python's replan takes no submitted files, so a told
        // collection, possibly with the bank already, is not offered to bacs_file() again).
        for_each_collection(r, [&](const ChangedCollection& c, bool) { changes[i].push_back(c); });
        if (notices) {  // (before the result moves out: the notice reads it)
            Notice notice;
            if (make_notice(r, account, replan.recovery(), since, notice))
                notice_rows[i] = io::notice_cells(account.id, keep_cells(i, true), notice);
            else
                keep_cells(i, !changes[i].empty());
        } else {
            keep_cells(i, !changes[i].empty());
        }
        out = std::move(r.result);
    });
    // §15: an account of the plan of record rejected as read (a bad cell; not a duplicate row)
    // has its told collections with catch-up from E2 withdrawn, as one the engine rejects.
    run.set_rejected([&](std::size_t i, const AccountResult& result) {
        const auto found = files.accounts.find(result.account_id);
        if (found == files.accounts.end()) return;
        const ReplanResult r = replan.rejected(result, found->second);
        for_each_collection(r, [&](const ChangedCollection& c, bool) { changes[i].push_back(c); });
        keep_cells(i, !changes[i].empty());
    });
    run.run();
    py::dict out = run.release();

    py::array_t<bool> mask(static_cast<py::ssize_t>(n));
    std::copy(shortfall_mask.begin(), shortfall_mask.end(), mask.mutable_data());
    out["shortfall"] = py::make_tuple(array_of(shortfall), mask);
    out["changed"] = array_of(changed);
    py::array_t<bool> kept_array(static_cast<py::ssize_t>(n));
    std::copy(kept.begin(), kept.end(), kept_array.mutable_data());
    out["kept"] = kept_array;

    std::vector<std::int64_t> account, collection, processing, input_by, amount, regular, recovery, previous;
    std::vector<std::uint8_t> action;
    const Calendar& bacs = replan.recovery().collection_calendar();
    for (std::size_t i = 0; i < n; ++i)
        for (const ChangedCollection& c : changes[i]) {
            const Date p = working_day_before(bacs, c.collection_date);
            account.push_back(static_cast<std::int64_t>(i));
            collection.push_back(to_days(c.collection_date));
            processing.push_back(to_days(p));
            input_by.push_back(to_days(working_day_before(bacs, p)));
            amount.push_back(c.amount.pence());
            regular.push_back(c.regular_amount.pence());
            recovery.push_back(c.recovery_amount.pence());
            previous.push_back(c.previous_amount.pence());
            action.push_back(static_cast<std::uint8_t>(c.action));
        }
    py::dict cols;
    cols["account"] = array_of(account);
    cols["collection_date"] = array_of(collection);
    cols["processing_date"] = array_of(processing);
    cols["input_by"] = array_of(input_by);
    cols["amount"] = array_of(amount);
    cols["regular_amount"] = array_of(regular);
    cols["recovery_amount"] = array_of(recovery);
    cols["action"] = array_of(action);
    cols["previous_amount"] = array_of(previous);
    py::dict kept_out;  // each kept column's cells, a row per collection row (None: empty)
    for (std::size_t k = 0; k < kept_columns.names().size(); ++k) {
        py::list cells;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t c = 0; c < changes[i].size(); ++c) {
                const std::string& cell = kept_cells[i][k];
                cells.append(cell.empty() ? py::object(py::none()) : py::str(cell));
            }
        kept_out[py::str(kept_columns.names()[k])] = cells;
    }
    cols["kept"] = kept_out;
    out["collections"] = cols;
    out["plan_problems"] = files.reported;
    std::vector<std::string> ids;
    ids.reserve(files.accounts.size());
    for (const auto& [id, por] : files.accounts) ids.push_back(id);
    out["plan_accounts"] = ids;
    if (notices) {
        std::vector<std::string> columns;
        for (std::string_view c : kept_columns.columns(io::notice_columns)) columns.emplace_back(c);
        py::list rows;
        for (const auto& row : notice_rows) {
            if (row.empty()) continue;
            py::list cells;
            for (const std::string& cell : row) cells.append(cell.empty() ? py::object(py::none()) : py::str(cell));
            rows.append(cells);
        }
        py::dict d;
        d["columns"] = columns;
        d["rows"] = rows;
        out["notices"] = d;
    } else {
        out["notices"] = py::none();
    }
    return out;
}

}  // namespace

void register_replan(py::module_& m) {
    py::class_<Replan>(m, "Replan",
                       "A prepared replan (recovery-rules §15): the run's options at notice date N2, N1, the "
                       "calendars; E2, H2 and X2 worked out once.")
        .def(py::init([](const std::vector<std::pair<std::string, std::string>>& options, std::int64_t since,
                         const Calendar& collection, const Calendar& notice) {
                 return Replan(options_from(options), from_days(since), collection, notice);
             }),
             py::arg("options"), py::kw_only(), py::arg("since"), py::arg("collection"), py::arg("notice"),
             "`options`: (keyword, text) pairs as Recovery takes them (notice_date is N2); `since`: N1 "
             "(day number). InputError for a bad value, or N2 not after N1")
        .def_property_readonly(
            "earliest_change", [](const Replan& r) { return to_days(r.earliest_change()); },
            "E2: the first collection date that may change (day number).")
        .def_property_readonly(
            "horizon", [](const Replan& r) { return to_days(r.recovery().horizon()); },
            "H2: the horizon from N2 (day number).")
        .def_property_readonly(
            "extension_limit", [](const Replan& r) { return to_days(r.recovery().extension_limit()); },
            "X2: the extension limit from N2 (day number).");
    m.def("replan", &replan_tables, py::arg("replan"), py::arg("accounts"), py::arg("plan"), py::arg("plan_summary"),
          py::arg("ledger"), py::arg("payments") = py::none(), py::arg("mandates") = py::none(),
          py::arg("threads") = 0u, py::arg("date_format") = "YYYY-MM-DD", py::arg("notices") = false,
          py::arg("keep") = std::vector<std::string>{}, py::arg("own") = std::map<std::string, std::string>{},
          "Replans a portfolio given column-wise against its plan of record; returns recover's columns and "
          "the replan's own (shortfall, changed, the changed collections) and, with `notices`, the changed accounts' "
          "notices. The GIL is released while "
          "accounts are replanned.");
}

}  // namespace arrears::python
