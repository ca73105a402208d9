// §15's account on course (replan.hpp): nothing failed or was paid since the plan of record,
// so the payer's told split of R_open stands — whether the told rows from E2 still keep the
// account's own options today (§16), and the result made of them. Replan's private members,
// apart from its engine (Replan::operator()) only to keep replan.hpp readable; an internal
// of replan.hpp, which includes it at its end.
#pragma once

#include <arrears/account.hpp>
#include <arrears/date.hpp>
#include <arrears/detail/recovery_tally.hpp>
#include <arrears/money.hpp>
#include <arrears/options.hpp>
#include <arrears/plan.hpp>
#include <arrears/recovery.hpp>
#include <arrears/replan.hpp>
#include <arrears/result.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace arrears {

inline bool Replan::told_keeps_options(const Account& a, const std::vector<ScheduleRow>& por) const {
    const Recovery::Terms t = recovery_.terms(a);
    const Options& o = *t.options;
    const std::optional<Money> floor = o.floor();
    std::size_t parts = 0;
    Money smallest;
    for (const ScheduleRow& row : por) {
        if (row.collection_date < earliest_change() || row.recovery_amount == Money()) continue;
        if (row.collection_date < t.start || row.collection_date > t.extension_limit) return false;
        if (o.extension == Extension::forbidden && row.collection_date > t.horizon) return false;
        const std::optional<Money> ceiling =
            o.ceiling(a.plan.amount, a.plan.amount_of(row.due_date), row.regular_amount);
        if (ceiling && row.recovery_amount > *ceiling) return false;
        smallest = parts++ == 0 ? row.recovery_amount : std::min(smallest, row.recovery_amount);
    }
    if (o.strategy == Strategy::single && parts > 1) return false;
    return !(floor && parts > 1 && smallest < *floor);  // (a single part is exempt from the floor, §8)
}

inline void Replan::keep_told(const Account& a, const std::vector<ScheduleRow>& por, ReplanResult& out) const {
    const Recovery::Terms t = recovery_.terms(a);
    const Options& o = *t.options;
    const Date e2 = earliest_change();
    Summary& s = out.result.summary;
    detail::RecoveryTally tally;
    for (const ScheduleRow& row : por)
        if (row.collection_date >= e2) tally.add(row.collection_date, row.recovery_amount);
    const Date end = tally.schedule_end(t.horizon);
    // (Each thread's buffers, kept from one account to the next; `rows` is swapped with the
    // result's schedule at the end, whose old buffer is the next account's.)
    thread_local std::vector<Collection> cols;
    thread_local std::vector<ScheduleRow> rows;
    cols.clear();
    rows.clear();
    a.plan.append_collections(recovery_.collection_calendar(), e2, end, cols, o.past_end, o.skip_weeks);
    unsigned warnings = 0;
    for (const Collection& c : cols) {
        auto it = std::find_if(por.begin(), por.end(),
                               [&](const ScheduleRow& x) { return x.collection_date == c.collection_date; });
        ScheduleRow row =
            it != por.end()
                ? *it
                : ScheduleRow{c.due_date, c.collection_date, c.recovery_only ? Money() : a.plan.amount_of(c.due_date),
                              Money(),    Money(),           Money()};
        if (it == por.end()) row.total_amount = row.regular_amount;
        if (c.recovery_only && row.recovery_amount == Money()) continue;
        if (row.recovery_amount > Money() && row.total_amount >= a.plan.amount_of(c.due_date) * 2)
            warnings |= Warning::double_payment;
        rows.push_back(row);
    }
    // A told recovery row the plan no longer lists (a changed plan) stays too: it was told.
    for (const ScheduleRow& row : por)
        if (row.collection_date >= e2 && row.recovery_amount > Money() &&
            std::none_of(rows.begin(), rows.end(),
                         [&](const ScheduleRow& x) { return x.collection_date == row.collection_date; }))
            rows.push_back(row);
    auto by_date = [](const ScheduleRow& x, const ScheduleRow& y) { return x.collection_date < y.collection_date; };
    if (!std::is_sorted(rows.begin(), rows.end(), by_date)) std::stable_sort(rows.begin(), rows.end(), by_date);
    Summary kept;
    kept.missed_count = s.missed_count;
    kept.missed_amount = s.missed_amount;
    kept.paid_amount = s.paid_amount;
    kept.arrears = s.arrears;
    tally.fill(kept, t.horizon);
    kept.warnings = warnings;
    s = std::move(kept);
    out.result.schedule.swap(rows);
}

}  // namespace arrears
