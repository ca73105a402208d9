// The collections that carry recovery, counted as the summary reports them (recovery-rules
// §9: instalments, first and last recovery dates, the largest part), and the summary's
// `ok` or `extended` made of them (§8: any recovery dated after the horizon H of §7 gives
// `extended`). One place for the engine's write_schedule (recovery.hpp) and replan's told
// split kept as told (replan_on_course.hpp, §15).
#pragma once

#include <arrears/date.hpp>
#include <arrears/money.hpp>
#include <arrears/result.hpp>

#include <algorithm>
#include <optional>

namespace arrears::detail {

struct RecoveryTally {
    std::optional<Date> first, last;
    Money largest;
    int instalments = 0;

    /// A collection on `date` carrying `part` of the arrears; a zero-penny part carries no
    /// recovery and is not an instalment (§8).
    void add(Date date, Money part) noexcept {
        if (part == Money()) return;
        if (!first) first = date;
        last = date;
        largest = std::max(largest, part);
        ++instalments;
    }
    /// True when the last recovery date is after `horizon`.
    [[nodiscard]] bool past(Date horizon) const noexcept { return last && *last > horizon; }
    /// The schedule runs to the horizon or to the last recovery date after it (§9).
    [[nodiscard]] Date schedule_end(Date horizon) const noexcept { return last ? std::max(horizon, *last) : horizon; }
    /// Fills `s`'s status (`ok`, or `extended` with its message), instalments, first and
    /// last recovery dates and largest part; the rest of `s` is left as it is.
    void fill(Summary& s, Date horizon) const {
        const bool extended = past(horizon);
        s.status = extended ? Status::extended : Status::ok;
        s.instalments = instalments;
        s.first_recovery_date = first;
        s.last_recovery_date = last;
        s.max_recovery = largest;
        if (extended) s.message = "recovery runs past the horizon " + to_string(horizon) + " to " + to_string(*last);
    }
};

}  // namespace arrears::detail
