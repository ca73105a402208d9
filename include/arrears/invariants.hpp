// The invariants of recovery-rules §10 that every result must keep, as a checker the tests
// and the fuzz targets run over the engine's output: recovery sums to the arrears, stays
// within its limits (each part within the ceiling of the collection it falls on, §8), starts
// no earlier than E (nor the account's hold_until, §16), and arrears_after only falls, to 0.
// An account with its own options (§16) is checked against them.
#pragma once

#include <arrears/account.hpp>
#include <arrears/recovery.hpp>
#include <arrears/result.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace arrears {

/// The §10 invariants that `result` breaks, as sentences (empty when all hold).
std::vector<std::string> check_invariants(const Account& account, const AccountResult& result,
                                          const Recovery& recovery);

// ---------------------------------------------------------------------------------------
// Implementation

inline std::vector<std::string> check_invariants(const Account& account, const AccountResult& r,
                                                 const Recovery& recovery) {
    std::vector<std::string> bad;
    const Summary& s = r.summary;
    const bool scheduled = s.status == Status::ok || s.status == Status::extended;
    if (!scheduled) {
        if (!r.schedule.empty()) bad.push_back("a " + std::string(to_string(s.status)) + " account has a schedule");
        return bad;
    }
    const Recovery::Terms t = recovery.terms(account);
    const Options& o = *t.options;
    const Plan& plan = account.plan;
    const std::optional<Money> floor = o.floor();
    Money sum, lo, hi;
    bool any = false;
    for (std::size_t i = 0; i < r.schedule.size(); ++i) {
        const ScheduleRow& row = r.schedule[i];
        const std::string at = "row " + std::to_string(i) + " (" + to_string(row.collection_date) + "): ";
        sum += row.recovery_amount;
        if (row.recovery_amount < Money()) bad.push_back(at + "negative recovery");
        // §8: each part within the ceiling of its own collection.
        const std::optional<Money> ceiling =
            o.ceiling(plan.amount, plan.amount_of(row.due_date), plan.regular_for(row.due_date));
        if (ceiling && row.recovery_amount > *ceiling)
            bad.push_back(at + "recovery " + row.recovery_amount.to_string() + " above the ceiling " +
                          ceiling->to_string() + " of its collection");
        if (row.regular_amount != plan.regular_for(row.due_date))
            bad.push_back(at + "regular amount is not the plan's (0.00 after its end or in a rent-free week)");
        if (plan.after_end(row.due_date) && (o.past_end == PastEnd::stop || row.recovery_amount == Money()))
            bad.push_back(at + "a row after the plan's end without recovery, or with past_end stop");
        if (!plan.after_end(row.due_date) && plan.skips(row.due_date) &&
            (o.skip_weeks == SkipWeeks::rest || row.recovery_amount == Money()))
            bad.push_back(at + "a rent-free week's row without recovery, or with skip_weeks rest");
        if (row.recovery_amount > Money() && row.collection_date < t.earliest_change)
            bad.push_back(at + "recovery before the earliest change date");
        if (row.recovery_amount > Money() && row.collection_date < t.start)
            bad.push_back(at + "recovery before hold_until " + to_string(t.start));
        if (account.plan.convention != BusinessDayConvention::none &&
            !recovery.collection_calendar().is_working_day(row.collection_date))
            bad.push_back(at + "collection date is not a working day");
        if (row.total_amount != row.regular_amount + row.recovery_amount)
            bad.push_back(at + "total is not regular + recovery");
        const Money before = i == 0 ? *s.arrears : r.schedule[i - 1].arrears_after;
        if (row.arrears_after > before) bad.push_back(at + "arrears_after rises");
        if (row.arrears_after != before - row.recovery_amount)
            bad.push_back(at + "arrears_after does not fall by the recovery");
        if (i > 0 && row.collection_date < r.schedule[i - 1].collection_date)
            bad.push_back(at + "rows out of date order");
        if (row.collection_date < o.notice_date) bad.push_back(at + "row before the notice date");
        if (row.recovery_amount > Money()) {
            if (!any) lo = hi = row.recovery_amount;
            lo = std::min(lo, row.recovery_amount);
            hi = std::max(hi, row.recovery_amount);
            any = true;
        }
    }
    if (!s.arrears || sum != *s.arrears) bad.push_back("recovery sums to " + sum.to_string() + ", not the arrears");
    if (!r.schedule.empty() && r.schedule.back().arrears_after != Money())
        bad.push_back("arrears_after does not end at 0");
    if (floor && s.instalments && *s.instalments > 1 && any && lo < *floor)
        bad.push_back("recovery " + lo.to_string() + " is under the floor " + floor->to_string());
    if (o.no_double_payment() && (s.warnings & Warning::double_payment))
        bad.push_back("double_payment warning although no_double_payment holds");
    // §8: the warning is given exactly when some collection totals twice its plan amount.
    const bool doubles = std::any_of(r.schedule.begin(), r.schedule.end(), [&](const ScheduleRow& row) {
        return row.total_amount >= plan.amount_of(row.due_date) * 2;
    });
    if (doubles != ((s.warnings & Warning::double_payment) != 0))
        bad.push_back(doubles ? "a collection totals twice the regular amount without a double_payment warning"
                              : "a double_payment warning without a collection totalling twice the regular amount");
    if (o.remainder != Remainder::whole_pounds && any && (hi - lo) > Money(1))
        bad.push_back("recovery varies by more than 1p (" + lo.to_string() + " to " + hi.to_string() + ")");
    if (s.last_recovery_date && o.extension == Extension::forbidden && *s.last_recovery_date > t.horizon)
        bad.push_back("recovery past the horizon although extension is forbidden");
    if (s.last_recovery_date && *s.last_recovery_date > t.extension_limit)
        bad.push_back("recovery past the extension limit");
    const bool past = s.last_recovery_date && *s.last_recovery_date > t.horizon;
    if (past != (s.status == Status::extended)) bad.push_back("status does not match the recovery dates");
    return bad;
}

}  // namespace arrears
