// §15's account on course (replan.hpp): nothing failed or was paid since the plan of record,
// so the payer's told split of R_open stands — whether the told rows from E2 still keep the
// account's own options today (§16), and the result made of them. Replan's private members,
// apart from its engine (Replan::operator()) only to keep replan.hpp readable; an internal
// of replan.hpp, which includes it at its end.
#pragma once

#include <arrears/account.hpp>
#include <arrears/date.hpp>
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
    std::optional<Date> first_rec, last_rec;
    Money max_rec;
    int instalments = 0;
    for (const ScheduleRow& row : por) {
        if (row.collection_date < e2 || row.recovery_amount == Money()) continue;
        if (!first_rec) first_rec = row.collection_date;
        last_rec = row.collection_date;
        max_rec = std::max(max_rec, row.recovery_amount);
        ++instalments;
    }
    const Date end = std::max(t.horizon, last_rec ? *last_rec : t.horizon);
    std::vector<Collection> cols;
    a.plan.append_collections(recovery_.collection_calendar(), e2, end, cols, o.past_end, o.skip_weeks);
    std::vector<ScheduleRow> rows;
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
    std::stable_sort(rows.begin(), rows.end(),
                     [](const ScheduleRow& x, const ScheduleRow& y) { return x.collection_date < y.collection_date; });
    Summary kept;
    kept.missed_count = s.missed_count;
    kept.missed_amount = s.missed_amount;
    kept.paid_amount = s.paid_amount;
    kept.arrears = s.arrears;
    const bool past = last_rec && *last_rec > t.horizon;
    kept.status = past ? Status::extended : Status::ok;
    kept.instalments = instalments;
    kept.first_recovery_date = first_rec;
    kept.last_recovery_date = last_rec;
    kept.max_recovery = max_rec;
    kept.warnings = warnings;
    if (past) kept.message = "recovery runs past the horizon " + to_string(t.horizon) + " to " + to_string(*last_rec);
    s = std::move(kept);
    out.result.schedule = std::move(rows);
}

}  // namespace arrears
