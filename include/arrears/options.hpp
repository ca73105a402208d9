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
#include <arrears/option_error.hpp>
#include <arrears/plan.hpp>

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
/// Whether a collection may total twice the plan's amount or more (§8 `no_double_payment`:
/// the residents' promise that nobody pays a double instalment). Three states, because the
/// promise is on by default for strategy spread, yet only a promise asked for is an input
/// error with strategy single.
enum class DoublePayment {
    by_default,  ///< not said: forbidden with strategy spread, nothing with single
    forbidden,   ///< asked for (`--no-double-payment`, `no_double_payment=True`, a cell `yes`)
    allowed,     ///< turned off (`--allow-double-payment`, `no_double_payment=False`, a cell `no`)
};

inline constexpr std::array<detail::Named<Strategy>, 2> strategy_names{
    {{Strategy::spread, "spread"}, {Strategy::single, "single"}}};
inline constexpr std::array<detail::Named<WhenNone>, 3> when_none_names{
    {{WhenNone::next_year, "next-year"}, {WhenNone::single, "single"}, {WhenNone::review, "review"}}};

/// `spread` or `single`; anything else is an InputError naming the text.
inline Strategy parse_strategy(std::string_view text) { return detail::parse_named(strategy_names, text, "strategy"); }
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
    friend bool operator==(const Cap& a, const Cap& b) {
        return a.value_.index() == b.value_.index() &&
               (a.is_percentage()
                    ? std::get<Percentage>(a.value_).millionths() == std::get<Percentage>(b.value_).millionths()
                    : std::get<Money>(a.value_) == std::get<Money>(b.value_));
    }

private:
    std::variant<Money, Percentage> value_;
};

/// The outage window: every collection dated in [from, to] was missed.
struct Outage {
    Date from;
    Date to;

    /// `FROM..TO`, two `YYYY-MM-DD` dates (their order is Options::validate's to check);
    /// InputError naming the text otherwise.
    static Outage parse(std::string_view text) {
        const auto dots = text.find("..");
        if (dots == std::string_view::npos) throw InputError("expected FROM..TO, e.g. 2025-11-24..2026-01-09");
        return {parse_date(text.substr(0, dots)), parse_date(text.substr(dots + 2))};
    }
    friend bool operator==(const Outage&, const Outage&) = default;
};

/// The options of a run, or of one account (§16: the run's options with the decisions of its
/// accounts row applied, Account::options). Each is set from the command line, Python's
/// keywords and an accounts column through its entry in option_table.hpp, whose default
/// texts these initial values are.
struct Options {
    Date notice_date;              ///< N: when the payers are told
    int notice_days = 10;          ///< working days the Guarantee requires
    int postal_days = 0;           ///< working days added for the post
    std::optional<Outage> outage;  ///< outage mode when set, ledger mode otherwise
    std::optional<Date> until;     ///< the horizon H, if not the financial year's end
    YearStart year_start{};        ///< financial years start on this day (1 April)
    Strategy strategy = Strategy::spread;
    Remainder remainder = Remainder::first;
    std::optional<Cap> cap;
    Extension extension = Extension::allowed;
    WhenNone when_none = WhenNone::next_year;
    PastEnd past_end = PastEnd::continue_;   ///< §8: collections after a plan's end
    SkipWeeks skip_weeks = SkipWeeks::rest;  ///< §8: the plan's rent-free weeks
    DoublePayment double_payment = DoublePayment::by_default;
    std::optional<Money> min_recovery;  ///< §8 the floor; none: £1.00 under whole-pounds spread
    // §16: decisions for one account that have no run-wide option (accounts columns only).
    std::optional<Date> hold_until;  ///< no recovery on a collection dated before it (Breathing Space)
    std::string review;              ///< not empty: an officer holds the account (status review)

    /// Throws OptionError (an InputError naming the fields at fault) for options that
    /// contradict §4–§8 and §16 (e.g. a notice before the outage, an until not after the
    /// notice, a cap, an asked-for no_double_payment or min_recovery with strategy single, a
    /// floor below 0.01).
    void validate() const;

    /// §8: whether no collection may total twice the plan's amount: with strategy spread,
    /// unless turned off (DoublePayment::allowed); never with strategy single.
    [[nodiscard]] bool no_double_payment() const noexcept {
        return strategy == Strategy::spread && double_payment != DoublePayment::allowed;
    }
    /// §8 the ceiling of one collection: the most recovery it may carry, the smaller of the
    /// cap (a percentage of `amount`, the plan's regular amount, rounded down) and, with
    /// no_double_payment, what keeps its total below twice its plan amount:
    /// 2 × `plan_amount` − `regular` − 1p (`plan_amount` less 1p on a collection of the plan,
    /// twice it less 1p on one with no regular part). None when neither limit is given, or
    /// with strategy single.
    [[nodiscard]] std::optional<Money> ceiling(Money amount, Money plan_amount, Money regular) const;
    /// The ceiling of a collection of a plan collecting `regular` at its regular amount.
    [[nodiscard]] std::optional<Money> ceiling(Money regular) const { return ceiling(regular, regular, regular); }
    /// §8 the floor: `min_recovery`, or £1.00 with remainder whole-pounds and strategy
    /// spread (no part is rounded away to nothing); none otherwise.
    [[nodiscard]] std::optional<Money> floor() const;

    friend bool operator==(const Options&, const Options&) = default;
};

// ---------------------------------------------------------------------------------------
// Implementation

inline void Options::validate() const {
    using F = OptionField;
    using P = OptionProblem;
    detail::require_option_year(notice_date, "notice date", F::notice_date);
    if (notice_days < 0)
        throw OptionError("notice days " + std::to_string(notice_days) + " must not be negative", P::negative,
                          F::notice_days);
    if (postal_days < 0)
        throw OptionError("postal days " + std::to_string(postal_days) + " must not be negative", P::negative,
                          F::postal_days);
    if (outage) {
        detail::require_option_year(outage->from, "outage start", F::outage_start);
        detail::require_option_year(outage->to, "outage end", F::outage_end);
        if (outage->to < outage->from)
            throw OptionError("outage end " + to_string(outage->to) + " is before its start " + to_string(outage->from),
                              P::before, F::outage_end, F::outage_start);
        if (!(notice_date > outage->to))
            throw OptionError("notice date " + to_string(notice_date) + " must be after the outage, which ends " +
                                  to_string(outage->to),
                              P::not_after_outage, F::notice_date, F::outage_end);
    }
    if (until) {
        detail::require_option_year(*until, "until", F::until);
        if (*until < notice_date)
            throw OptionError("until " + to_string(*until) + " is before the notice date " + to_string(notice_date),
                              P::before, F::until, F::notice_date);
        // §16: a horizon on the notice date leaves no collection that notice could change.
        if (*until == notice_date)
            throw OptionError("until " + to_string(*until) + " is not after the notice date " + to_string(notice_date),
                              P::not_after, F::until, F::notice_date);
    }
    if (hold_until) detail::require_option_year(*hold_until, "hold until", F::hold_until);
    if (cap && strategy == Strategy::single)
        throw OptionError("a cap " + cap->to_string() + " cannot be used with strategy single", P::needs_spread, F::cap,
                          F::strategy);
    if (min_recovery && *min_recovery < Money(1))
        throw OptionError("min recovery " + min_recovery->to_string() + " is below 0.01", P::below_penny,
                          F::min_recovery);
    if (double_payment == DoublePayment::forbidden && strategy == Strategy::single)
        throw OptionError("no double payment cannot be used with strategy single", P::needs_spread, F::double_payment,
                          F::strategy);
    if (min_recovery && strategy == Strategy::single)
        throw OptionError("a min recovery " + min_recovery->to_string() + " cannot be used with strategy single",
                          P::needs_spread, F::min_recovery, F::strategy);
}

inline std::optional<Money> Options::ceiling(Money amount, Money plan_amount, Money regular) const {
    if (strategy != Strategy::spread) return std::nullopt;
    std::optional<Money> c;
    if (cap) c = cap->for_regular(amount);
    if (no_double_payment()) {
        const Money below_double = plan_amount * 2 - regular - Money(1);
        if (!c || below_double < *c) c = below_double;
    }
    return c;
}

inline std::optional<Money> Options::floor() const {
    if (strategy != Strategy::spread) return std::nullopt;
    if (min_recovery) return min_recovery;
    if (remainder == Remainder::whole_pounds) return Money(100);
    return std::nullopt;
}

}  // namespace arrears
