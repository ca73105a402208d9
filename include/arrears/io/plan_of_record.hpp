// The plan of record of `arrears replan` (recovery-rules §15: `--plan`, `--plan-summary`)
// read from two TextTables — an earlier run's schedule and summary, as a CSV file, a JSON
// file or a DataFrame gives them — into each account's PlanOfRecord. The rules are those of
// the command line's reader (apps/arrears/replan.cpp), so Python's `arrears.replan` reads a
// plan of record as the command line does: a row that cannot be read is reported, and the
// account it names goes to `review` (§15); a missing required column is an InputError.
#pragma once

#include <arrears/date.hpp>
#include <arrears/error.hpp>
#include <arrears/io/table.hpp>
#include <arrears/money.hpp>
#include <arrears/replan.hpp>
#include <arrears/result.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace arrears::io {

/// The plan of record by account, and the rows of it that could not be read.
struct PlanOfRecordFiles {
    std::unordered_map<std::string, PlanOfRecord> accounts;
    /// By account: its rows' problems (each makes the account `review`, §15).
    std::unordered_map<std::string, std::vector<std::string>> bad;
    /// Every problem, in file order (schedule first): `<source> <row label> N[, column C
    /// (name)]: why`.
    std::vector<std::string> reported;
    std::size_t plan_rows = 0, summary_rows = 0;
};

namespace detail {
/// The columns `names` of `t`, or an InputError naming the first one missing.
inline std::vector<int> plan_columns(const TextTable& t, std::initializer_list<const char*> names,
                                     std::string_view what) {
    std::vector<int> out;
    for (const char* n : names) {
        const int c = t.column(n);
        if (c < 0) throw InputError(std::string(what) + " has no column '" + n + "'");
        out.push_back(c);
    }
    return out;
}
}  // namespace detail

/// Reads the schedule `plan` (columns account_id, due_date, collection_date, regular_amount,
/// recovery_amount, total_amount, optionally arrears_after) and the summary `summary`
/// (account_id, status, message, optionally missed_count, missed_amount, paid_amount,
/// arrears), named `plan_source` and `summary_source` in messages. Money is §1 text (exact
/// pence), dates ISO. A summary row of an id that has one already is reported, except the
/// earlier run's own `rejected` row of a duplicate, which leaves the accepted row standing.
/// Throws InputError for a missing required column.
inline PlanOfRecordFiles read_plan_of_record(const TextTable& plan, std::string_view plan_source,
                                             const TextTable& summary, std::string_view summary_source) {
    PlanOfRecordFiles p;
    auto problem = [&](std::string_view source, const TextTable& t, std::size_t r, int col, const std::string& why,
                       std::string_view id) {
        std::string m = std::string(source) + " " + t.row_label + " " + std::to_string(t.line[r]);
        if (col >= 0) m += ", column " + std::to_string(col + 1) + " (" + t.header[static_cast<std::size_t>(col)] + ")";
        m += ": " + why;
        p.reported.push_back(m);
        if (!id.empty()) p.bad[std::string(id)].push_back(m);
    };
    auto cell = [](const TextTable& t, std::size_t r, int c) { return t.at(r, static_cast<std::size_t>(c)); };
    {
        const TextTable& t = plan;
        const std::vector<int> c = detail::plan_columns(
            t, {"account_id", "due_date", "collection_date", "regular_amount", "recovery_amount", "total_amount"},
            plan_source);
        const int after = t.column("arrears_after");
        p.plan_rows = t.rows();
        for (std::size_t r = 0; r < t.rows(); ++r) {
            if (!t.row_error[r].empty() || !t.has_cells(r)) {
                problem(plan_source, t, r, -1, t.row_error[r], {});
                continue;
            }
            const std::string_view id = cell(t, r, c[0]);
            ScheduleRow row;
            int at = -1;
            try {
                at = c[1], row.due_date = parse_date(cell(t, r, at));
                at = c[2], row.collection_date = parse_date(cell(t, r, at));
                at = c[3], row.regular_amount = Money::parse(cell(t, r, at));
                at = c[4], row.recovery_amount = Money::parse(cell(t, r, at));
                at = c[5], row.total_amount = Money::parse(cell(t, r, at));
                if (after >= 0 && !cell(t, r, after).empty())
                    at = after, row.arrears_after = Money::parse(cell(t, r, after));
                at = -1;
                if (row.regular_amount + row.recovery_amount != row.total_amount)
                    throw InputError("total_amount is not regular_amount + recovery_amount");
            } catch (const InputError& e) {
                problem(plan_source, t, r, at, e.what(), id);
                continue;
            }
            if (id.empty()) {
                problem(plan_source, t, r, c[0], "no account_id", {});
                continue;
            }
            p.accounts[std::string(id)].rows.push_back(row);
        }
    }
    {
        const TextTable& t = summary;
        const std::vector<int> c = detail::plan_columns(t, {"account_id", "status", "message"}, summary_source);
        const int count = t.column("missed_count"), missed = t.column("missed_amount"), paid = t.column("paid_amount"),
                  arrears = t.column("arrears");
        p.summary_rows = t.rows();
        for (std::size_t r = 0; r < t.rows(); ++r) {
            if (!t.row_error[r].empty() || !t.has_cells(r)) {
                problem(summary_source, t, r, -1, t.row_error[r], {});
                continue;
            }
            const std::string_view id = cell(t, r, c[0]);
            Summary s;
            int at = c[1];
            try {
                const std::string_view status = cell(t, r, at);
                bool found = false;
                for (const auto& [st, name] : status_names)
                    if (name == status) s.status = st, found = true;
                if (!found) throw InputError("unknown status '" + std::string(status) + "'");
                s.message = std::string(cell(t, r, c[2]));
                auto money = [&](int col, std::optional<Money>& out) {
                    at = col;
                    if (col >= 0 && !cell(t, r, col).empty()) out = Money::parse(cell(t, r, col));
                };
                money(missed, s.missed_amount);
                money(paid, s.paid_amount);
                money(arrears, s.arrears);
                at = count;
                if (count >= 0 && !cell(t, r, count).empty())
                    s.missed_count = std::stoi(std::string(cell(t, r, count)));
            } catch (const std::exception& e) {
                problem(summary_source, t, r, at, e.what(), id);
                continue;
            }
            if (id.empty()) {
                problem(summary_source, t, r, c[0], "no account_id", {});
                continue;
            }
            PlanOfRecord& por = p.accounts[std::string(id)];
            // The earlier run's own rejection of a duplicate row (reported then) leaves the
            // accepted row of that id as its plan of record.
            if (por.summary && (s.status == Status::rejected || por.summary->status == Status::rejected)) {
                if (por.summary->status == Status::rejected) por.summary = s;
                continue;
            }
            if (por.summary) {
                problem(summary_source, t, r, c[0], "account " + std::string(id) + " has a row already", id);
                continue;
            }
            por.summary = s;
        }
    }
    return p;
}

}  // namespace arrears::io
