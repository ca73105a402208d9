// The command line's words for an OptionError: each field named by its option and the value
// as typed. The checks themselves are Options::validate's.
#include "option_errors.hpp"

#include <algorithm>

namespace arrears::cli {
namespace {

const TypedField* typed_field(std::span<const TypedField> typed, OptionField field) {
    const auto it = std::find_if(typed.begin(), typed.end(), [&](const TypedField& t) { return t.field == field; });
    return it == typed.end() ? nullptr : &*it;
}

/// The value of the field itself: the part's text for one end of --outage.
const std::string& own_value(const TypedField& t) { return t.part.empty() ? t.value : t.part_value; }

/// "--cap '50%'", or "--no-double-payment" for a flag.
std::string option_as_typed(const TypedField& t) {
    return t.value.empty() ? std::string(t.option) : fmt::format("{} '{}'", t.option, t.value);
}

std::string usage_message(const OptionError& e, std::span<const TypedField> typed) {
    // A field typed_fields does not name keeps the library's wording.
    const TypedField* named = typed_field(typed, e.field());
    if (!named) return e.what();
    const TypedField& f = *named;
    const TypedField* o = e.other() ? typed_field(typed, *e.other()) : nullptr;
    switch (e.problem()) {
    case OptionProblem::outside_calendar_years:
        return fmt::format("{} '{}': {}", f.option, own_value(f), outside_calendar_years("the date", own_value(f)));
    case OptionProblem::negative:
        return days_expected(f.option, f.value);
    case OptionProblem::before:
        if (o && o->option == f.option)  // the two ends of one option
            return fmt::format("{} '{}': the {} {} is before the {} {}", f.option, f.value, f.part, f.part_value,
                               o->part, o->part_value);
        if (o) return fmt::format("{} is before {}", option_as_typed(f), option_as_typed(*o));
        break;
    case OptionProblem::not_after:
        if (o) return fmt::format("{} must be after {}", option_as_typed(f), option_as_typed(*o));
        break;
    case OptionProblem::not_after_outage:
        if (o)
            return fmt::format("{} must be after the outage, which ends {} ({})", option_as_typed(f), own_value(*o),
                               option_as_typed(*o));
        break;
    case OptionProblem::needs_spread:
        if (o) {
            std::string m = fmt::format("{} cannot be used with {} {}", option_as_typed(f), o->option, o->value);
            // An option with a value says what it is for, "(a cap is for spread)"; a flag such
            // as --no-double-payment is its own explanation.
            if (!f.value.empty()) m += fmt::format(" (a {} is for spread)", f.option.substr(2));
            return m;
        }
        break;
    case OptionProblem::below_penny:
        break;
    }
    return fmt::format("{}: {}", option_as_typed(f), e.what());
}

}  // namespace

std::vector<TypedField> typed_fields(const TypedOptions& typed) {
    std::vector<TypedField> t;
    for (std::size_t i = 0; i < option_table.size(); ++i) {
        const OptionSpec& s = option_table[i];
        if (!s.field || s.cli.empty()) continue;
        const std::string& text = typed.text(i);
        if (s.kind != OptionKind::value) {
            if (typed.flag_given(i)) t.push_back({*s.field, s.cli, ""});  // a flag: no value to quote
        } else if (s.form == OptionForm::date_range && s.end_field) {
            const auto dots = text.find("..");
            if (dots == std::string::npos) continue;
            t.push_back({*s.field, s.cli, text, "start", text.substr(0, dots)});
            t.push_back({*s.end_field, s.cli, text, "end", text.substr(dots + 2)});
        } else {
            t.push_back({*s.field, s.cli, text});
        }
    }
    return t;
}

void validate_options(const Options& options, std::span<const TypedField> typed) {
    try {
        options.validate();
    } catch (const OptionError& e) {
        throw UsageError(usage_message(e, typed));
    }
}

}  // namespace arrears::cli
