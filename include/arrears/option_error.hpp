// The error Options::validate throws: an InputError whose message is the library's (what
// Python shows), and which also says which field or fields of Options broke which rule, so
// a front end can word it with its own names for them (the command line names the option
// and quotes the value as typed) without making the check again.
#pragma once

#include <arrears/date.hpp>
#include <arrears/error.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace arrears {

/// The fields of Options that a check in Options::validate looks at. The outage's two ends
/// are separate fields.
enum class OptionField {
    notice_date,
    notice_days,
    postal_days,
    outage_start,
    outage_end,
    until,
    strategy,
    cap,
    double_payment,
    min_recovery,
    hold_until,
};

/// Which rule an OptionError's field broke; `other` is the field it was measured against.
enum class OptionProblem {
    outside_calendar_years,  ///< the date `field` lies outside 1995–2099 (§4)
    negative,                ///< the day count `field` is below 0
    below_penny,             ///< the amount `field` is below 0.01 (§8)
    before,            ///< `field` lies before `other` (the outage's end before its start, until before the notice)
    not_after_outage,  ///< `field` (the notice date) is not after `other`, the outage's end (§6)
    not_after,         ///< `field` is on `other`, not after it (until on the notice date, §16)
    needs_spread,      ///< `field` cannot be used with `other`, strategy single (§8)
};

/// Options that contradict §4–§8. what() is the library's own wording, e.g. "until
/// 2026-01-01 is before the notice date 2026-01-12"; problem(), field() and other() say the
/// same for a program to word.
class OptionError : public InputError {
public:
    OptionError(const std::string& message, OptionProblem problem, OptionField field,
                std::optional<OptionField> other = std::nullopt)
        : InputError(message), problem_(problem), field_(field), other_(other) {}

    [[nodiscard]] OptionProblem problem() const noexcept { return problem_; }
    [[nodiscard]] OptionField field() const noexcept { return field_; }
    [[nodiscard]] std::optional<OptionField> other() const noexcept { return other_; }

private:
    OptionProblem problem_;
    OptionField field_;
    std::optional<OptionField> other_;
};

namespace detail {
/// Throws OptionError (outside_calendar_years) unless `d` lies in 1995–2099; `what` names it.
inline void require_option_year(Date d, std::string_view what, OptionField field) {
    if (!in_calendar_years(d))
        throw OptionError(outside_calendar_years(what, to_string(d)), OptionProblem::outside_calendar_years, field);
}
}  // namespace detail

}  // namespace arrears
