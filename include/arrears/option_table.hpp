// The options of a recovery run, each declared once (recovery-rules §12): its command-line
// name and Python keyword, how its value is written, its help, default and group, the field
// of Options it sets (for error wording) and the parser that sets that field from text. The
// command line adds and parses `arrears recover`'s options by looping over this table,
// Python's `arrears.recover` takes its keywords from it, and an accounts-file column that
// overrides an option for one account (§16, the entry's `column`) goes through the same
// entry's parser (account_options below does this, with §16's rule for strategy single):
//
//     Options mine = run;                               // the run's options
//     set_option(mine, "cap", row_cell);                // the row's cell, as --cap reads it
//     mine.validate();                                  // the same checks as the run's
//
// A decision with no run-wide option (`hold_until`, `review`) is an entry with a column and
// neither a command-line name nor a keyword.
#pragma once

#include <arrears/detail/names.hpp>
#include <arrears/error.hpp>
#include <arrears/option_error.hpp>
#include <arrears/options.hpp>

#include <array>
#include <charconv>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace arrears {

/// How the command line takes an option.
enum class OptionKind {
    value,         ///< `--cap 50%`
    flag,          ///< `--no-double-payment`: given, its value is `yes`
    negated_flag,  ///< `--no-extend`: given, its value is `no` (Python's `extend=False`)
};

/// How an option's value is written as text (what its parser reads, and an accounts cell
/// holds), and so what Python takes for it.
enum class OptionForm {
    text,        ///< a name (`spread`) or a form of its own (`04-01`): Python str
    date,        ///< `YYYY-MM-DD`: Python a date, a Timestamp at midnight or that text
    date_range,  ///< `FROM..TO`: Python a pair of dates or that text
    money,       ///< an amount (§1), or `50%` where the help says so: Python Decimal, str or int
    count,       ///< a whole number: Python int
    yes_no,      ///< `yes` or `no`: Python bool (a flag's)
};

/// Where an option belongs when the options are listed (`--help`, the docs).
enum class OptionGroup {
    inputs,      ///< what was missed: the outage (or, the front ends' own, the files)
    notice,      ///< §6 the notice period (and the front ends' own calendars)
    recovery,    ///< §7–§8 the horizon and how the arrears are spread
    promise,     ///< §8 the residents' promise: the limits on each part
    notices,     ///< §13 notices and letters
    bank_files,  ///< §14 bank files
    outputs,     ///< what is written
};

inline constexpr std::array<detail::Named<OptionKind>, 3> option_kind_names{
    {{OptionKind::value, "value"}, {OptionKind::flag, "flag"}, {OptionKind::negated_flag, "negated-flag"}}};
inline constexpr std::array<detail::Named<OptionForm>, 6> option_form_names{{{OptionForm::text, "text"},
                                                                             {OptionForm::date, "date"},
                                                                             {OptionForm::date_range, "date-range"},
                                                                             {OptionForm::money, "money"},
                                                                             {OptionForm::count, "count"},
                                                                             {OptionForm::yes_no, "yes-no"}}};
inline constexpr std::array<detail::Named<OptionGroup>, 7> option_group_names{
    {{OptionGroup::inputs, "Inputs"},
     {OptionGroup::notice, "The notice"},
     {OptionGroup::recovery, "The recovery"},
     {OptionGroup::promise, "The promise"},
     {OptionGroup::notices, "Notices and letters"},
     {OptionGroup::bank_files, "Bank files"},
     {OptionGroup::outputs, "Outputs"}}};
inline std::string_view to_string(OptionKind k) noexcept { return detail::name_of(option_kind_names, k); }
inline std::string_view to_string(OptionForm f) noexcept { return detail::name_of(option_form_names, f); }
/// The group's title, as a list of options heads it.
inline std::string_view to_string(OptionGroup g) noexcept { return detail::name_of(option_group_names, g); }

/// One option of a recovery run.
struct OptionSpec {
    std::string_view cli{};      ///< `--no-double-payment`; empty: not on the command line
    std::string_view keyword{};  ///< `no_double_payment`: Python's keyword, `-` as `_`; empty: not in Python
    /// The accounts column that overrides it for one account (§16), its cell read as the
    /// option's value; empty: none.
    std::string_view column{};
    OptionKind kind = OptionKind::value;
    OptionForm form = OptionForm::text;
    std::string_view type_name{};  ///< what --help shows for the value: `AMOUNT|PCT%`; empty for a flag
    std::string_view help{};       ///< one line in a finance officer's words (--help, and Python's docstring)
    /// The value when the option is not given, as text (`10`, `spread`; `no` for a flag,
    /// `yes` for a negated one and for a promise on by default): Options{} holds it (for
    /// `--no-double-payment`, DoublePayment::by_default). Empty: none (the field stays unset).
    std::string_view default_text{};
    bool required = false;  ///< every run gives it
    OptionGroup group = OptionGroup::recovery;
    std::span<const std::string_view> choices{};  ///< the names a `text` value may take (`spread`, `single`)
    /// The field of Options it sets, as OptionError names it (for a date range, its start).
    std::optional<OptionField> field{};
    std::optional<OptionField> end_field{};  ///< a date range's end
    /// Sets the field in `o` from `text`; InputError (naming the text) when it is not valid.
    void (*parse)(Options& o, std::string_view text) = nullptr;
};

namespace detail {

/// The names of a table of detail::Named, for OptionSpec::choices.
template <const auto& Table>
inline constexpr auto names_of = [] {
    std::array<std::string_view, std::tuple_size_v<std::remove_cvref_t<decltype(Table)>>> names{};
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = Table[i].name;
    return names;
}();

inline constexpr std::array<Named<bool>, 2> yes_no_names{{{true, "yes"}, {false, "no"}}};

/// `yes` or `no`; InputError "unknown WHAT 'x' (expected yes or no)" otherwise.
inline bool parse_yes_no(std::string_view text, std::string_view what) { return parse_named(yes_no_names, text, what); }

/// A whole number, sign allowed (the checks on its range are Options::validate's);
/// InputError naming the text otherwise.
inline int parse_count(std::string_view text, std::string_view what) {
    int v = 0;
    const char* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || p != end)
        throw InputError("invalid " + std::string(what) + " '" + std::string(text) + "': expected a whole number");
    return v;
}

}  // namespace detail

/// Every option of a recovery run, in the order `arrears recover --help` lists them. An option
/// is added here and nowhere else in the front ends: the field it sets (options.hpp, with its
/// checks in Options::validate) and the engine step that reads it are the rest.
inline constexpr std::array<OptionSpec, 18> option_table{{
    {.cli = "--outage",
     .keyword = "outage",
     .form = OptionForm::date_range,
     .type_name = "FROM..TO",
     .help = "Outage window: collections dated in it were missed",
     .group = OptionGroup::inputs,
     .field = OptionField::outage_start,
     .end_field = OptionField::outage_end,
     .parse = [](Options& o, std::string_view t) { o.outage = Outage::parse(t); }},
    {.cli = "--notice-date",
     .keyword = "notice_date",
     .form = OptionForm::date,
     .type_name = "DATE",
     .help = "The date payers are told of the new amounts",
     .required = true,
     .group = OptionGroup::notice,
     .field = OptionField::notice_date,
     .parse = [](Options& o, std::string_view t) { o.notice_date = parse_date(t); }},
    {.cli = "--notice-days",
     .keyword = "notice_days",
     .form = OptionForm::count,
     .type_name = "N",
     .help = "Working days of notice (the Direct Debit Guarantee)",
     .default_text = "10",
     .group = OptionGroup::notice,
     .field = OptionField::notice_days,
     .parse = [](Options& o, std::string_view t) { o.notice_days = detail::parse_count(t, "notice days"); }},
    {.cli = "--postal-days",
     .keyword = "postal_days",
     .form = OptionForm::count,
     .type_name = "N",
     .help = "Working days added for the post",
     .default_text = "0",
     .group = OptionGroup::notice,
     .field = OptionField::postal_days,
     .parse = [](Options& o, std::string_view t) { o.postal_days = detail::parse_count(t, "postal days"); }},
    {.cli = "--fy-start",
     .keyword = "fy_start",
     .type_name = "MM-DD",
     .help = "Financial-year start (04-06 for the tax year)",
     .default_text = "04-01",
     .parse = [](Options& o, std::string_view t) { o.year_start = YearStart::parse(t); }},
    {.cli = "--until",
     .keyword = "until",
     .column = "until",
     .form = OptionForm::date,
     .type_name = "DATE",
     .help = "Horizon: recover by this date instead of the financial year's end",
     .field = OptionField::until,
     .parse = [](Options& o, std::string_view t) { o.until = parse_date(t); }},
    {.column = "hold_until",
     .form = OptionForm::date,
     .type_name = "DATE",
     .help = "No recovery on a collection dated before this (a Breathing Space moratorium: regular collections "
             "go on, the arrears wait)",
     .field = OptionField::hold_until,
     .parse = [](Options& o, std::string_view t) { o.hold_until = parse_date(t); }},
    {.column = "review",
     .type_name = "TEXT",
     .help = "An officer holds the account: status review, no schedule, the text in its message",
     .parse = [](Options& o, std::string_view t) { o.review = t; }},
    {.cli = "--strategy",
     .keyword = "strategy",
     .column = "strategy",
     .type_name = "spread|single",
     .help = "spread over the remaining collections, or single (all on the first)",
     .default_text = "spread",
     .choices = detail::names_of<strategy_names>,
     .field = OptionField::strategy,
     .parse = [](Options& o, std::string_view t) { o.strategy = parse_strategy(t); }},
    {.cli = "--remainder",
     .keyword = "remainder",
     .type_name = "RULE",
     .help = "Where the odd pennies go: first, last, whole-pounds (Council Tax)",
     .default_text = "first",
     .choices = detail::names_of<remainder_names>,
     .parse = [](Options& o, std::string_view t) { o.remainder = parse_remainder(t); }},
    {.cli = "--cap",
     .keyword = "cap",
     .column = "cap",
     .form = OptionForm::money,
     .type_name = "AMOUNT|PCT%",
     .help = "Most recovery per collection: an amount (25.00) or a percentage of the regular amount (50%)",
     .field = OptionField::cap,
     .parse = [](Options& o, std::string_view t) { o.cap = Cap::parse(t); }},
    {.cli = "--no-extend",
     .keyword = "extend",
     .kind = OptionKind::negated_flag,
     .form = OptionForm::yes_no,
     .help = "Never recover past the horizon: such accounts go to review",
     .default_text = "yes",
     .parse =
         [](Options& o, std::string_view t) {
             o.extension = detail::parse_yes_no(t, "extend value") ? Extension::allowed : Extension::forbidden;
         }},
    {.cli = "--when-none",
     .keyword = "when_none",
     .type_name = "RULE",
     .help = "No collection before the horizon: next-year, single or review",
     .default_text = "next-year",
     .choices = detail::names_of<when_none_names>,
     .parse = [](Options& o, std::string_view t) { o.when_none = parse_when_none(t); }},
    {.cli = "--past-end",
     .keyword = "past_end",
     .column = "past_end",
     .type_name = "stop|continue",
     .help = "A plan with an end date (Council Tax in ten instalments, April-January): continue = collect the "
             "catch-up alone on the plan's usual dates after its end (the remaining months of the year: February and "
             "March), with no regular amount; stop = no collection after it, so an account with none left goes to "
             "review",
     .default_text = "continue",
     .group = OptionGroup::promise,
     .choices = detail::names_of<past_end_names>,
     .parse = [](Options& o, std::string_view t) { o.past_end = parse_past_end(t); }},
    {.cli = "--skip-weeks",
     .keyword = "skip_weeks",
     .column = "skip_weeks",
     .type_name = "rest|recover",
     .help = "Rent-free weeks (the plan's skip dates): rest = no collection in them; recover = collect the catch-up "
             "alone in them, with no regular amount (for landlords who ask tenants in arrears to keep paying)",
     .default_text = "rest",
     .group = OptionGroup::promise,
     .choices = detail::names_of<skip_weeks_names>,
     .parse = [](Options& o, std::string_view t) { o.skip_weeks = parse_skip_weeks(t); }},
    {.cli = "--no-double-payment",
     .keyword = "no_double_payment",
     .column = "no_double_payment",
     .kind = OptionKind::flag,
     .form = OptionForm::yes_no,
     .help = "Nobody pays double (the default with strategy spread): each catch-up amount stays below the regular "
             "amount, so no collection reaches twice the usual; more collections are used, into next year if need "
             "be. Given, it is an error with --strategy single",
     .default_text = "yes",
     .group = OptionGroup::promise,
     .field = OptionField::double_payment,
     .parse =
         [](Options& o, std::string_view t) {
             o.double_payment =
                 detail::parse_yes_no(t, "no-double-payment value") ? DoublePayment::forbidden : DoublePayment::allowed;
         }},
    {.cli = "--allow-double-payment",
     .kind = OptionKind::flag,
     .form = OptionForm::yes_no,
     .help = "Let a collection reach twice the regular amount or more (turns off the default no double payment): "
             "the arrears go on fewer, larger collections",
     .default_text = "no",
     .group = OptionGroup::promise,
     .field = OptionField::double_payment,
     .parse =
         [](Options& o, std::string_view t) {
             o.double_payment = detail::parse_yes_no(t, "allow-double-payment value") ? DoublePayment::allowed
                                                                                      : DoublePayment::by_default;
         }},
    {.cli = "--min-recovery",
     .keyword = "min_recovery",
     .column = "min_recovery",
     .form = OptionForm::money,
     .type_name = "AMOUNT",
     .help = "Smallest catch-up amount on a collection (5.00: the Council Tax minimum instalment); fewer, larger "
             "amounts are used instead, and arrears below it go on one collection. Default none, or 1.00 with "
             "--remainder whole-pounds",
     .group = OptionGroup::promise,
     .field = OptionField::min_recovery,
     .parse = [](Options& o, std::string_view t) { o.min_recovery = Money::parse(t); }},
}};

/// The entry whose command-line name (`--cap`), keyword (`cap`) or accounts column
/// (`hold_until`) is `name`; nullptr if none.
constexpr const OptionSpec* find_option(std::string_view name) noexcept {
    if (name.empty()) return nullptr;
    for (const OptionSpec& s : option_table)
        if (s.cli == name || s.keyword == name) return &s;
    for (const OptionSpec& s : option_table)
        if (s.column == name) return &s;
    return nullptr;
}

/// The position in option_table of the option named `name` (as find_option), at compile time:
/// a name the table lacks does not compile.
consteval std::size_t option_index(std::string_view name) {
    for (std::size_t i = 0; i < option_table.size(); ++i)
        if (option_table[i].cli == name || option_table[i].keyword == name) return i;
    throw "no such option in option_table";
}

/// Sets in `o` the option whose keyword (or command-line name, or column) is `name`, from `text` as its
/// entry's parser reads it: Python's keywords, and an accounts cell overriding an option for
/// one account (§16). InputError for a name the table lacks or a bad text; the options are
/// not checked against each other (Options::validate does that).
inline void set_option(Options& o, std::string_view name, std::string_view text) {
    const OptionSpec* s = find_option(name);
    if (!s) throw InputError("unknown option '" + std::string(name) + "'");
    s->parse(o, text);
}

/// An accounts row's decision (§16) that cannot be used: an InputError whose message is the
/// library's own, and the column of the cell at fault, for the reader to name with its line.
class DecisionError : public InputError {
public:
    DecisionError(const std::string& message, std::string_view column) : InputError(message), column_(column) {}
    /// The accounts column at fault (an entry's `column`).
    [[nodiscard]] std::string_view column() const noexcept { return column_; }

private:
    std::string_view column_;
};

/// §16: the options of one account: `run` with the decisions of its accounts row applied,
/// each cell by its entry's parser, then checked by Options::validate (the run's own checks,
/// none of its own). `cell(spec)` is the row's text for `spec.column`, empty when the cell is
/// empty or the file lacks the column (the run's option stands). A row's `strategy single`
/// sets aside the run's cap, min_recovery and no_double_payment; a cap, a min_recovery or a
/// `no_double_payment yes` in the row is then refused with it, as with a run's single.
/// Throws DecisionError naming the column: a cell its parser refuses, or the cell of a field
/// Options::validate refuses (its message saying which column, or the run's option, the
/// other field comes from).
template <class CellOf>
Options account_options(const Options& run, CellOf&& cell) {
    Options o = run;
    auto apply = [&](const OptionSpec& s, std::string_view text) {
        try {
            s.parse(o, text);
        } catch (const InputError& e) {
            throw DecisionError(e.what(), s.column);
        }
    };
    const OptionSpec& strategy = option_table[option_index("strategy")];
    if (const std::string_view t = cell(strategy); !t.empty()) {
        apply(strategy, t);
        if (o.strategy == Strategy::single) {  // what the run gave for spread does not apply
            o.cap.reset();
            o.min_recovery.reset();
            o.double_payment = DoublePayment::by_default;
        }
    }
    for (const OptionSpec& s : option_table)
        if (!s.column.empty() && &s != &strategy)
            if (const std::string_view t = cell(s); !t.empty()) apply(s, t);
    try {
        o.validate();
    } catch (const OptionError& e) {
        // The row's cell for `field`, if the row gave one.
        auto given = [&](OptionField field) -> const OptionSpec* {
            for (const OptionSpec& s : option_table)
                if (s.field == field && !s.column.empty() && !cell(s).empty()) return &s;
            return nullptr;
        };
        auto any_column = [&](OptionField field) -> const OptionSpec* {
            for (const OptionSpec& s : option_table)
                if (s.field == field && !s.column.empty()) return &s;
            return nullptr;
        };
        const OptionSpec* at = given(e.field());
        const OptionSpec* other = e.other() ? given(*e.other()) : nullptr;
        if (!at) std::swap(at, other);
        if (!at) throw;  // the run's own options (validated before any account)
        std::string message = e.what();
        if (other) {
            message += " (column " + std::string(other->column) + ")";
        } else if (e.other()) {
            const OptionField f = at->field == e.field() ? *e.other() : e.field();
            if (const OptionSpec* s = any_column(f)) message += " (the run's " + std::string(s->column) + ")";
        }
        throw DecisionError(message, at->column);
    }
    return o;
}

}  // namespace arrears
