// A Direct Debit plan (recovery-rules §4): a regular amount collected weekly, fortnightly,
// four-weekly or monthly from a first due date, with optional end and skipped due dates
// (rent-free weeks). Due dates are generated for a date range on demand, never unbounded;
// each is collected on the working day its convention gives.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/date.hpp>
#include <arrears/detail/names.hpp>
#include <arrears/error.hpp>
#include <arrears/money.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arrears {

enum class Frequency { weekly, fortnightly, four_weekly, monthly };
inline constexpr std::array<detail::Named<Frequency>, 4> frequency_names{{{Frequency::weekly, "weekly"},
                                                                          {Frequency::fortnightly, "fortnightly"},
                                                                          {Frequency::four_weekly, "four-weekly"},
                                                                          {Frequency::monthly, "monthly"}}};

/// What a plan with an `end` does after it, for recovery only (recovery-rules §8 `past_end`).
enum class PastEnd {
    stop,       ///< no collections after `end` (the plan's own collections: what is missed)
    continue_,  ///< due dates go on after `end` as if it had none; they carry no regular
                ///< amount, are never missed, and may carry recovery (a run's default, §8)
};
inline constexpr std::array<detail::Named<PastEnd>, 2> past_end_names{
    {{PastEnd::stop, "stop"}, {PastEnd::continue_, "continue"}}};
/// `stop` or `continue`; anything else is an InputError naming the text.
inline PastEnd parse_past_end(std::string_view text) {
    return detail::parse_named(past_end_names, text, "past-end rule");
}
inline std::string_view to_string(PastEnd p) noexcept { return detail::name_of(past_end_names, p); }

/// What a plan's `skip` due dates (rent-free weeks) are, for recovery only (recovery-rules §8
/// `skip_weeks`).
enum class SkipWeeks {
    rest,     ///< not collections at all (the default)
    recover,  ///< collections with no regular amount, never missed, that may carry recovery (the
              ///< landlords who ask tenants in arrears to keep paying in rent-free weeks)
};
inline constexpr std::array<detail::Named<SkipWeeks>, 2> skip_weeks_names{
    {{SkipWeeks::rest, "rest"}, {SkipWeeks::recover, "recover"}}};
/// `rest` or `recover`; anything else is an InputError naming the text.
inline SkipWeeks parse_skip_weeks(std::string_view text) {
    return detail::parse_named(skip_weeks_names, text, "skip-weeks rule");
}
inline std::string_view to_string(SkipWeeks s) noexcept { return detail::name_of(skip_weeks_names, s); }

Frequency parse_frequency(std::string_view text);
std::string_view to_string(Frequency f) noexcept;

/// The day of the month a monthly plan is due: 1–31 (clamped to the month's length) or the
/// month's last day.
class DayOfMonth {
public:
    explicit DayOfMonth(unsigned day) : day_(day) {
        if (day < 1 || day > 31) throw InputError("day of month must be 1-31 or last, got " + std::to_string(day));
    }
    static DayOfMonth last() noexcept { return DayOfMonth(); }
    /// `1`–`31` or `last`.
    static DayOfMonth parse(std::string_view text);

    [[nodiscard]] bool is_last() const noexcept { return day_ == 0; }
    /// 1–31; 0 for `last`.
    [[nodiscard]] unsigned value() const noexcept { return day_; }
    /// This day in the given month, clamped to the month's length.
    [[nodiscard]] Date in(date::year_month ym) const {
        auto last_day = (ym / date::last).day();
        unsigned d = is_last() ? static_cast<unsigned>(last_day) : std::min(day_, static_cast<unsigned>(last_day));
        return Date(ym / date::day(d));
    }
    [[nodiscard]] std::string to_string() const { return is_last() ? "last" : std::to_string(day_); }
    friend bool operator==(DayOfMonth, DayOfMonth) = default;

private:
    DayOfMonth() noexcept : day_(0) {}
    unsigned day_;
};

/// One collection of a plan: when it is due and the working day it is taken.
struct Collection {
    Date due_date;
    Date collection_date;
    /// A collection for recovery only, with no regular amount (§8): a due date after the
    /// plan's `end` (past_end continue) or a rent-free week (skip_weeks recover).
    bool recovery_only = false;
    friend bool operator==(const Collection&, const Collection&) = default;
};

struct Plan {
    Money amount;  ///< the regular collection, > 0
    /// The amount of the first due date when it differs from `amount` (§4: a Council Tax
    /// bill's first instalment takes the odd pounds and pence, SI 1992/613 Sch. 1 para 2(6)); > 0.
    std::optional<Money> first_amount;
    Frequency frequency = Frequency::monthly;
    Date first_due;
    std::optional<DayOfMonth> day;  ///< monthly only; default: the day of first_due
    std::optional<Date> end;        ///< last due date, if any
    std::vector<Date> skip;         ///< due dates that are not collected
    BusinessDayConvention convention = BusinessDayConvention::following;

    /// Throws InputError naming the field and value when the plan breaks a rule of §4. With
    /// `PastEnd::continue_`, the due dates after `end` count as due dates for `skip`.
    void validate(PastEnd past_end = PastEnd::stop) const;

    /// Whether `d` is one of the plan's due dates (ignoring `skip`).
    [[nodiscard]] bool is_due_date(Date d, PastEnd past_end = PastEnd::stop) const;
    /// Whether `due` lies after the plan's `end`: a continued due date (§8 `past_end`), whose
    /// collection carries no regular amount.
    [[nodiscard]] bool after_end(Date due) const noexcept { return end && due > *end; }
    /// Whether `d` is one of the `skip` dates (a rent-free week).
    [[nodiscard]] bool skips(Date d) const { return skipped(d); }
    /// The plan amount of due date `due` (§4): `first_amount` for the first due date when
    /// given, `amount` for every other. What the regular part, the no_double_payment ceiling
    /// and the double_payment warning of that date are measured by.
    [[nodiscard]] Money amount_of(Date due) const noexcept {
        return first_amount && due == first_due ? *first_amount : amount;
    }
    /// The regular amount collected for due date `due`: amount_of(due), or 0.00 after `end`
    /// and on a `skip` date (a collection for recovery only, §8).
    [[nodiscard]] Money regular_for(Date due) const {
        return after_end(due) || skipped(due) ? Money() : amount_of(due);
    }

    /// Calls f(due_date) for every due date in [from, to], in order, skipped dates left out
    /// (with SkipWeeks::recover, left in).
    template <class F>
    void for_each_due_date(Date from, Date to, F&& f, PastEnd past_end = PastEnd::stop,
                           SkipWeeks skip_weeks = SkipWeeks::rest) const;

    /// The collections whose collection date lies in [from, to], in date order. With
    /// PastEnd::continue_ and SkipWeeks::recover (§8, for recovery only) the due dates after
    /// `end` and the `skip` dates are collections too, marked `recovery_only`.
    [[nodiscard]] std::vector<Collection> collections(const Calendar& calendar, Date from, Date to,
                                                      PastEnd past_end = PastEnd::stop,
                                                      SkipWeeks skip_weeks = SkipWeeks::rest) const {
        std::vector<Collection> out;
        append_collections(calendar, from, to, out, past_end, skip_weeks);
        return out;
    }
    /// As collections(), appending to `out` (so a caller can reuse its buffer).
    void append_collections(const Calendar& calendar, Date from, Date to, std::vector<Collection>& out,
                            PastEnd past_end = PastEnd::stop, SkipWeeks skip_weeks = SkipWeeks::rest) const;
    /// The first collection date in [from, to], if any: collections().front() without a vector.
    [[nodiscard]] std::optional<Date> first_collection(const Calendar& calendar, Date from, Date to,
                                                       PastEnd past_end = PastEnd::stop) const;

private:
    /// Calls f(collection) for every collection dated in [from, to], in date order.
    template <class F>
    void for_each_collection(const Calendar& calendar, Date from, Date to, F&& f, PastEnd past_end,
                             SkipWeeks skip_weeks) const;
    [[nodiscard]] bool skipped(Date d) const {
        if (skip.empty()) return false;
        if (skip.size() <= 16) return std::find(skip.begin(), skip.end(), d) != skip.end();
        if (std::is_sorted(skip.begin(), skip.end())) return std::binary_search(skip.begin(), skip.end(), d);
        return std::find(skip.begin(), skip.end(), d) != skip.end();
    }
    [[nodiscard]] int step_days() const noexcept {
        switch (frequency) {
        case Frequency::weekly:
            return 7;
        case Frequency::fortnightly:
            return 14;
        case Frequency::four_weekly:
            return 28;
        case Frequency::monthly:
            break;
        }
        return 0;
    }
    [[nodiscard]] DayOfMonth monthly_day() const {
        return day ? *day : DayOfMonth(static_cast<unsigned>(date::year_month_day(first_due).day()));
    }
};

// ---------------------------------------------------------------------------------------
// Implementation

inline Frequency parse_frequency(std::string_view t) { return detail::parse_named(frequency_names, t, "frequency"); }
inline std::string_view to_string(Frequency f) noexcept { return detail::name_of(frequency_names, f); }

inline DayOfMonth DayOfMonth::parse(std::string_view t) {
    if (t == "last") return last();
    unsigned v = 0;
    if (t.empty() || t.size() > 2) throw InputError("invalid day " + quote_text(t) + ": expected 1-31 or last");
    for (char c : t) {
        if (c < '0' || c > '9') throw InputError("invalid day " + quote_text(t) + ": expected 1-31 or last");
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v < 1 || v > 31) throw InputError("invalid day " + quote_text(t) + ": expected 1-31 or last");
    return DayOfMonth(v);
}

inline void Plan::validate(PastEnd past_end) const {
    if (amount <= Money()) throw InputError("amount " + amount.to_string() + " must be more than 0.00");
    if (first_amount && *first_amount <= Money())
        throw InputError("first_amount " + first_amount->to_string() + " must be more than 0.00");
    if (day && frequency != Frequency::monthly)
        throw InputError("day " + day->to_string() + " is only for monthly plans, not " +
                         std::string(to_string(frequency)));
    if (end && *end < first_due)
        throw InputError("end " + to_string(*end) + " is before first_due " + to_string(first_due));
    for (Date s : skip)
        if (!is_due_date(s, past_end)) throw InputError("skip date " + to_string(s) + " is not a due date of the plan");
}

inline bool Plan::is_due_date(Date d, PastEnd past_end) const {
    if (d < first_due || (past_end == PastEnd::stop && end && d > *end)) return false;
    if (frequency != Frequency::monthly) return (d - first_due).count() % step_days() == 0;
    date::year_month_day ymd(d);
    return monthly_day().in(ymd.year() / ymd.month()) == d;
}

template <class F>
void Plan::for_each_due_date(Date from, Date to, F&& f, PastEnd past_end, SkipWeeks skip_weeks) const {
    if (from < first_due) from = first_due;
    if (past_end == PastEnd::stop && end && to > *end) to = *end;
    if (to < from) return;
    const bool all = skip_weeks == SkipWeeks::recover || skip.empty();
    if (frequency != Frequency::monthly) {
        const int step = step_days();
        const auto gap = (from - first_due).count();
        Date d = first_due + date::days((gap + step - 1) / step * step);
        for (; d <= to; d += date::days(step))
            if (all || !skipped(d)) f(d);
        return;
    }
    const DayOfMonth dom = monthly_day();
    date::year_month_day s(from);
    for (date::year_month ym = s.year() / s.month();; ym += date::months(1)) {
        Date d = dom.in(ym);
        if (d > to) break;
        if (d >= from && (all || !skipped(d))) f(d);
    }
}

inline void Plan::append_collections(const Calendar& calendar, Date from, Date to, std::vector<Collection>& out,
                                     PastEnd past_end, SkipWeeks skip_weeks) const {
    for_each_collection(
        calendar, from, to, [&](const Collection& c) { out.push_back(c); }, past_end, skip_weeks);
}

inline std::optional<Date> Plan::first_collection(const Calendar& calendar, Date from, Date to,
                                                  PastEnd past_end) const {
    std::optional<Date> first;
    for_each_collection(
        calendar, from, to,
        [&](const Collection& c) {
            if (!first) first = c.collection_date;
        },
        past_end, SkipWeeks::rest);
    return first;
}

template <class F>
void Plan::for_each_collection(const Calendar& calendar, Date from, Date to, F&& f, PastEnd past_end,
                               SkipWeeks skip_weeks) const {
    if (to < from) return;
    // Adjustment moves a date monotonically and never past the run of non-working days it
    // falls in, so a margin of that run either side of the range finds every due date whose
    // collection lands inside it (however long the caller's closures).
    const date::days margin{calendar.longest_closed_run() + 1};
    const Date lo = std::max(from - margin, Calendar::table_first);
    const Date hi = std::min(to + margin, Calendar::table_last);
    const bool rent_free = skip_weeks == SkipWeeks::recover && !skip.empty();
    for_each_due_date(
        lo, hi,
        [&](Date due) {
            Date c = calendar.adjust(due, convention);
            if (c >= from && c <= to) f(Collection{due, c, after_end(due) || (rent_free && skipped(due))});
        },
        past_end, skip_weeks);
}

}  // namespace arrears
