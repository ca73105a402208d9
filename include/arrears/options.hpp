// The options of a recovery run (recovery-rules §5–§8): the outage or ledger mode, the
// notice date and period, the horizon, and how the arrears are spread: strategy, remainder
// rule, the limits on each part (cap, no double payment, minimum), extension and what to
// do when no collection is left.
#pragma once

#include <arrears/date.hpp>
#include <arrears/detail/names.hpp>
#include <arrears/error.hpp>
#include <arrears/financial_year.hpp>
#include <arrears/money.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace arrears {

/// How the arrears are placed on the eligible collections.
enum class Strategy {
    spread,  ///< evenly over the instalments up to the horizon (the default)
    single,  ///< all on the first eligible collection: a late re-presentation
};
/// What `spread` does when no eligible collection lies on or before the horizon.
enum class WhenNone {
    next_year,  ///< spread over every eligible collection up to the extension limit
    single,     ///< put everything on the first eligible collection
    review,     ///< make no schedule; a person decides
};
/// Whether recovery may run past the horizon into the next financial year.
enum class Extension { allowed, forbidden };

inline constexpr std::array<detail::Named<Strategy>, 2> strategy_names{{
    {Strategy::spread, "spread"}, {Strategy::single, "single"}}};
inline constexpr std::array<detail::Named<WhenNone>, 3> when_none_names{{
    {WhenNone::next_year, "next-year"}, {WhenNone::single, "single"}, {WhenNone::review, "review"}}};

/// `spread` or `single`; anything else is an InputError naming the text.
inline Strategy parse_strategy(std::string_view text) {
    return detail::parse_named(strategy_names, text, "strategy");
}
inline std::string_view to_string(Strategy s) noexcept { return detail::name_of(strategy_names, s); }
/// `next-year`, `single` or `review`; anything else is an InputError naming the text.
inline WhenNone parse_when_none(std::string_view text) {
    return detail::parse_named(when_none_names, text, "when-none rule");
}
inline std::string_view to_string(WhenNone w) noexcept { return detail::name_of(when_none_names, w); }

/// The most recovery one collection may carry: a fixed amount or a percentage of the
/// regular amount (rounded down to the penny, §1).
class Cap {
public:
    explicit Cap(Money fixed) : value_(fixed) {
        if (fixed < Money(1)) throw InputError("cap " + fixed.to_string() + " is below 0.01");
    }
    explicit Cap(Percentage pct) : value_(pct) {
        if (pct.millionths() < 0) throw InputError("cap " + pct.to_string() + " is negative");
    }
    /// `25.00` or `50%`.
    static Cap parse(std::string_view text) {
        if (!text.empty() && text.back() == '%') return Cap(Percentage::parse(text));
        return Cap(Money::parse(text));
    }
    /// The cap for a plan collecting `regular`.
    [[nodiscard]] Money for_regular(Money regular) const {
        if (auto* m = std::get_if<Money>(&value_)) return *m;
        return std::get<Percentage>(value_).of_round_down(regular);
    }
    [[nodiscard]] bool is_percentage() const noexcept { return std::holds_alternative<Percentage>(value_); }
    [[nodiscard]] std::string to_string() const {
        if (auto* m = std::get_if<Money>(&value_)) return m->to_string();
        return std::get<Percentage>(value_).to_string();
    }

private:
    std::variant<Money, Percentage> value_;
};

/// The outage window: every collection dated in [from, to] was missed.
struct Outage {
    Date from;
    Date to;
};

struct Options {
    Date notice_date;                   ///< N: when the payers are told
    int notice_days = 10;               ///< working days the Guarantee requires
    int postal_days = 0;                ///< working days added for the post
    std::optional<Outage> outage;       ///< outage mode when set, ledger mode otherwise
    std::optional<Date> until;          ///< the horizon H, if not the financial year's end
    YearStart year_start{};             ///< financial years start on this day (1 April)
    Strategy strategy = Strategy::spread;
    Remainder remainder = Remainder::first;
    std::optional<Cap> cap;
    Extension extension = Extension::allowed;
    WhenNone when_none = WhenNone::next_year;

    /// Throws InputError for options that contradict §4–§8 (e.g. a notice before the outage).
    void validate() const;
};

// ---------------------------------------------------------------------------------------
// Implementation

inline void Options::validate() const {
    require_calendar_year(notice_date, "notice date");
    if (notice_days < 0) throw InputError("notice days " + std::to_string(notice_days) + " must not be negative");
    if (postal_days < 0) throw InputError("postal days " + std::to_string(postal_days) + " must not be negative");
    if (outage) {
        require_calendar_year(outage->from, "outage start");
        require_calendar_year(outage->to, "outage end");
        if (outage->to < outage->from)
            throw InputError("outage end " + to_string(outage->to) + " is before its start " +
                             to_string(outage->from));
        if (!(notice_date > outage->to))
            throw InputError("notice date " + to_string(notice_date) +
                             " must be after the outage, which ends " + to_string(outage->to));
    }
    if (until) {
        require_calendar_year(*until, "until");
        if (*until < notice_date)
            throw InputError("until " + to_string(*until) + " is before the notice date " +
                             to_string(notice_date));
    }
    if (cap && strategy == Strategy::single)
        throw InputError("a cap " + cap->to_string() + " cannot be used with strategy single");
}

}  // namespace arrears
