// The command line's words for what Options::validate finds. The library makes every check
// on the options of a run and says which fields broke which rule (OptionError); this file
// only names those fields as the user typed them, e.g.
// "--until '2026-01-05' is before --notice-date '2026-01-12'".
#pragma once

#include "options.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::cli {

/// A field of Options as the command line gave it: the option and its value as typed (empty
/// for a flag); for an option that holds two fields (--outage FROM..TO), the part's name
/// ("start", "end") and its text.
struct TypedField {
    OptionField field;
    std::string_view option;
    std::string value;
    std::string_view part{};
    std::string part_value{};
};

/// The fields of Options that the command line sets, as typed, made from option_table (each
/// entry names its field): a value's option with its text, a flag's only if it was given,
/// and a date range's two ends as its two parts.
std::vector<TypedField> typed_fields(const TypedOptions& typed);

/// Runs Options::validate; an OptionError becomes a UsageError naming the options in
/// `typed` (an entry for each field the command line sets) and the values as typed.
void validate_options(const Options& options, std::span<const TypedField> typed);

}  // namespace arrears::cli
