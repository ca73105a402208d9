// Tests of include/arrears/options.hpp, option_error.hpp and option_table.hpp:
// Options::validate, the one place the options of a run are checked (recovery-rules §4–§8).
// Each broken rule throws an OptionError whose message is the library's (what Python shows)
// and whose problem, field and other field let the command line word it with the options as
// typed. The option table, from which the command line and Python make their options, sets
// each field from text by one parser.
#include <arrears/option_table.hpp>
#include <arrears/options.hpp>

#include "recovery_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

using namespace arrears;
using arrears::test::d;
// The worked example of recovery-rules §11: outage 24 Nov 2025 - 9 Jan 2026, notice 12 Jan 2026.
using arrears::test::westminster;

TEST_CASE("the worked example's options are valid", "[options]") { CHECK_NOTHROW(westminster().validate()); }

TEST_CASE("each broken rule names its fields", "[options][errors]") {
    using F = OptionField;
    using P = OptionProblem;
    struct Broken {
        std::function<void(Options&)> change;
        std::string message;
        P problem;
        F field;
        std::optional<F> other;
    };
    const Broken cases[] = {
        // §4: 2100 is past the calendars' last year, 2099.
        {[](Options& o) { o.notice_date = d(2100, 1, 4); },
         "notice date 2100-01-04 is outside the years 1995-2099 that the calendars cover", P::outside_calendar_years,
         F::notice_date, std::nullopt},
        {[](Options& o) { o.outage->from = d(1994, 12, 1); },
         "outage start 1994-12-01 is outside the years 1995-2099 that the calendars cover", P::outside_calendar_years,
         F::outage_start, std::nullopt},
        {[](Options& o) { o.notice_days = -1; }, "notice days -1 must not be negative", P::negative, F::notice_days,
         std::nullopt},
        {[](Options& o) { o.postal_days = -2; }, "postal days -2 must not be negative", P::negative, F::postal_days,
         std::nullopt},
        // The outage typed backwards: it ends (24 Nov) before it starts (9 Jan).
        {[](Options& o) {
             o.outage = Outage{d(2026, 1, 9), d(2025, 11, 24)};
         },
         "outage end 2025-11-24 is before its start 2026-01-09", P::before, F::outage_end, F::outage_start},
        // §6: notice on the outage's last day, 9 Jan, is not after it.
        {[](Options& o) { o.notice_date = d(2026, 1, 9); },
         "notice date 2026-01-09 must be after the outage, which ends 2026-01-09", P::not_after_outage, F::notice_date,
         F::outage_end},
        {[](Options& o) { o.until = d(2026, 1, 5); }, "until 2026-01-05 is before the notice date 2026-01-12",
         P::before, F::until, F::notice_date},
        // §16: a horizon on the notice date leaves nothing that notice could change.
        {[](Options& o) { o.until = d(2026, 1, 12); }, "until 2026-01-12 is not after the notice date 2026-01-12",
         P::not_after, F::until, F::notice_date},
        {[](Options& o) { o.hold_until = d(2100, 1, 1); },
         "hold until 2100-01-01 is outside the years 1995-2099 that the calendars cover", P::outside_calendar_years,
         F::hold_until, std::nullopt},
        // §8: a cap, no double payment and a floor are for spread only.
        {[](Options& o) {
             o.strategy = Strategy::single;
             o.cap = Cap::parse("50%");
         },
         "a cap 50% cannot be used with strategy single", P::needs_spread, F::cap, F::strategy},
        {[](Options& o) {
             o.strategy = Strategy::single;
             o.double_payment = DoublePayment::forbidden;
         },
         "no double payment cannot be used with strategy single", P::needs_spread, F::double_payment, F::strategy},
        {[](Options& o) {
             o.strategy = Strategy::single;
             o.min_recovery = Money(500);
         },
         "a min recovery 5.00 cannot be used with strategy single", P::needs_spread, F::min_recovery, F::strategy},
        {[](Options& o) { o.min_recovery = Money(0); }, "min recovery 0.00 is below 0.01", P::below_penny,
         F::min_recovery, std::nullopt},
    };
    for (const Broken& b : cases) {
        INFO(b.message);
        Options o = westminster();
        b.change(o);
        try {
            o.validate();
            FAIL("no OptionError");
        } catch (const OptionError& e) {
            CHECK(std::string(e.what()) == b.message);
            CHECK(e.problem() == b.problem);
            CHECK(e.field() == b.field);
            CHECK(e.other() == b.other);
        }
    }
}

// ---- the option table ------------------------------------------------------------------

static_assert(option_index("--outage") == 0 && option_index("outage") == 0);
static_assert(find_option("--no-extend") == find_option("extend"));
static_assert(find_option("--bogus") == nullptr);

TEST_CASE("each option's default text is Options{}'s value", "[options][table]") {
    // The table's defaults are what --help and Python's signature show; Options{} is what the
    // engine starts from when a front end leaves an option out. They must agree.
    for (const OptionSpec& s : option_table) {
        INFO(s.cli);
        if (s.default_text.empty()) continue;
        Options o;
        s.parse(o, s.default_text);
        if (s.cli == "--no-double-payment") {
            // §8: the promise is on by default (yes), yet only one asked for is an error with
            // strategy single, so Options{} holds a state of its own that acts as yes.
            CHECK(o.double_payment == DoublePayment::forbidden);
            CHECK(Options{}.double_payment == DoublePayment::by_default);
            CHECK(o.no_double_payment() == Options{}.no_double_payment());
            o.double_payment = DoublePayment::by_default;
        }
        CHECK(o == Options{});
    }
}

TEST_CASE("names, keywords and forms follow one pattern", "[options][table]") {
    std::set<std::string_view> names;
    for (const OptionSpec& s : option_table) {
        INFO(s.cli);
        REQUIRE(s.parse != nullptr);
        CHECK(!s.help.empty());
        CHECK((!s.cli.empty() || !s.keyword.empty() || !s.column.empty()));
        CHECK((s.cli.empty() || names.insert(s.cli).second));
        CHECK((s.keyword.empty() || names.insert(s.keyword).second));
        // §16: an accounts column is named as the option's keyword is, when it has one.
        if (!s.column.empty() && !s.keyword.empty()) CHECK(s.column == s.keyword);
        // §12: Python's keyword is the option with - as _, and --no-extend is extend=False
        // (an option of one front end only has one name).
        std::string keyword(s.keyword);
        for (char& c : keyword)
            if (c == '_') c = '-';
        if (!s.cli.empty() && !s.keyword.empty())
            CHECK(s.cli == (s.kind == OptionKind::negated_flag ? "--no-" : "--") + keyword);
        // A flag's value is yes or no, its default the flag not given; a value shows its type.
        if (s.kind == OptionKind::value) {
            CHECK(!s.type_name.empty());
        } else {
            CHECK(s.form == OptionForm::yes_no);
            // A flag not given is no (a negated one yes), but for the promise on by default:
            // giving --no-double-payment says yes explicitly (§8).
            CHECK(s.default_text == (s.kind == OptionKind::flag && s.cli != "--no-double-payment" ? "no" : "yes"));
        }
        // A required option has no default; a value with choices defaults to one of them.
        if (s.required) CHECK(s.default_text.empty());
        if (!s.choices.empty()) CHECK(std::find(s.choices.begin(), s.choices.end(), s.default_text) != s.choices.end());
    }
}

TEST_CASE("every field an OptionError names has its option", "[options][table]") {
    // So the command line words every broken rule with the option as typed.
    using F = OptionField;
    for (F f : {F::notice_date, F::notice_days, F::postal_days, F::outage_start, F::outage_end, F::until, F::strategy,
                F::cap, F::double_payment, F::min_recovery, F::hold_until}) {
        const bool named = std::any_of(option_table.begin(), option_table.end(),
                                       [f](const OptionSpec& s) { return s.field == f || s.end_field == f; });
        CHECK(named);
    }
}

TEST_CASE("each option's parser sets its field from the text a user types", "[options][table]") {
    Options o;
    set_option(o, "outage", "2025-11-24..2026-01-09");
    CHECK(o.outage == Outage{d(2025, 11, 24), d(2026, 1, 9)});
    set_option(o, "--notice-date", "2026-01-12");
    CHECK(o.notice_date == d(2026, 1, 12));
    set_option(o, "notice_days", "5");
    set_option(o, "postal_days", "-2");  // parsed; Options::validate refuses it
    CHECK((o.notice_days == 5 && o.postal_days == -2));
    set_option(o, "fy_start", "04-06");
    CHECK(o.year_start == YearStart{4, 6});
    set_option(o, "until", "2026-06-30");
    CHECK(o.until == d(2026, 6, 30));
    set_option(o, "strategy", "single");
    CHECK(o.strategy == Strategy::single);
    set_option(o, "remainder", "whole-pounds");
    CHECK(o.remainder == Remainder::whole_pounds);
    set_option(o, "cap", "50%");
    CHECK(o.cap == Cap::parse("50%"));
    CHECK(o.cap->for_regular(Money(53217)) == Money(26608));  // 50% of 532.17, rounded down
    set_option(o, "extend", "no");
    CHECK(o.extension == Extension::forbidden);
    set_option(o, "when_none", "review");
    CHECK(o.when_none == WhenNone::review);
    set_option(o, "past_end", "continue");
    CHECK(o.past_end == PastEnd::continue_);
    set_option(o, "no_double_payment", "yes");
    CHECK(o.double_payment == DoublePayment::forbidden);
    set_option(o, "no_double_payment", "no");
    CHECK(o.double_payment == DoublePayment::allowed);
    set_option(o, "min_recovery", "5.00");
    CHECK(o.min_recovery == Money(500));
    set_option(o, "--allow-double-payment", "yes");
    CHECK(o.double_payment == DoublePayment::allowed);
    set_option(o, "skip_weeks", "recover");
    CHECK(o.skip_weeks == SkipWeeks::recover);
    // §16's decisions with no run-wide option, by their column.
    set_option(o, "hold_until", "2026-04-01");
    CHECK(o.hold_until == d(2026, 4, 1));
    set_option(o, "review", "hardship: call first");
    CHECK(o.review == "hardship: call first");
}

TEST_CASE("a bad text is an InputError naming it", "[options][table][errors]") {
    struct Bad {
        const char* option;
        const char* text;
        const char* message;
    };
    const Bad cases[] = {
        {"strategy", "even", "unknown strategy 'even' (expected spread or single)"},
        {"outage", "2025-11-24-2026-01-09", "expected FROM..TO, e.g. 2025-11-24..2026-01-09"},
        {"outage", "2025-11-24..2025-13-01", "invalid date '2025-13-01': no such date"},
        {"notice_days", "ten", "invalid notice days 'ten': expected a whole number"},
        {"no_double_payment", "maybe", "unknown no-double-payment value 'maybe' (expected yes or no)"},
        {"cap", "0.00", "cap 0.00 is below 0.01"},
        {"min_recovery", "5.001", "invalid amount '5.001': more than two decimal places"},
        {"bogus", "1", "unknown option 'bogus'"},
    };
    for (const Bad& b : cases) {
        INFO(b.option << " " << b.text);
        Options o;
        try {
            set_option(o, b.option, b.text);
            FAIL("no InputError");
        } catch (const InputError& e) {
            CHECK(std::string(e.what()) == b.message);
        }
    }
}

TEST_CASE("an option overridden for one account: the run's options, the cell, validate", "[options][table]") {
    // What §16's accounts columns will do: the same parser on a copy of the run's options,
    // and the same checks, with nothing written twice.
    const Options run = westminster();
    Options mine = run;
    set_option(mine, "cap", "25.00");
    CHECK_NOTHROW(mine.validate());
    CHECK(mine.cap == Cap(Money(2500)));
    CHECK(!run.cap);
    Options bad = run;
    set_option(bad, "min_recovery", "0.00");
    try {
        bad.validate();
        FAIL("no OptionError");
    } catch (const OptionError& e) {
        CHECK(std::string(e.what()) == "min recovery 0.00 is below 0.01");
        CHECK(e.field() == OptionField::min_recovery);
    }
}

TEST_CASE("section 16: an account's options are the run's with its row's decisions", "[options][table][decisions]") {
    using Cells = std::map<std::string_view, std::string_view>;
    auto mine = [](const Options& run, const Cells& cells) {
        return account_options(run, [&](const OptionSpec& s) {
            const auto it = cells.find(s.column);
            return it == cells.end() ? std::string_view() : it->second;
        });
    };
    // (column, message) of the DecisionError, or empty when none.
    auto refused = [&](const Options& run, const Cells& cells) -> std::pair<std::string, std::string> {
        try {
            (void)mine(run, cells);
        } catch (const DecisionError& e) {
            return {std::string(e.column()), e.what()};
        }
        return {};
    };
    using Refusal = std::pair<std::string, std::string>;
    Options run = westminster();
    run.cap = Cap::parse("50%");
    run.min_recovery = Money(500);
    run.double_payment = DoublePayment::forbidden;  // --no-double-payment given

    SECTION("empty cells are the run's options") { CHECK(mine(run, {{"strategy", ""}, {"cap", ""}}) == run); }
    SECTION("each cell through its option's parser") {
        const Options o = mine(run, {{"cap", "25.00"},
                                     {"past_end", "stop"},
                                     {"skip_weeks", "recover"},
                                     {"until", "2026-06-30"},
                                     {"hold_until", "2026-04-01"},
                                     {"no_double_payment", "no"},
                                     {"review", "hardship"}});
        CHECK(o.cap == Cap(Money(2500)));
        CHECK(o.past_end == PastEnd::stop);
        CHECK(o.skip_weeks == SkipWeeks::recover);
        CHECK(o.until == d(2026, 6, 30));
        CHECK(o.hold_until == d(2026, 4, 1));
        CHECK(o.double_payment == DoublePayment::allowed);
        CHECK(o.review == "hardship");
        CHECK(o.min_recovery == run.min_recovery);  // not in the row: the run's
    }
    SECTION("a row's strategy single sets aside the run's cap, min_recovery and no_double_payment") {
        const Options o = mine(run, {{"strategy", "single"}});
        CHECK(o.strategy == Strategy::single);
        CHECK(!o.cap);
        CHECK(!o.min_recovery);
        CHECK(o.double_payment == DoublePayment::by_default);
        CHECK_NOTHROW(o.validate());
        // no_double_payment no is accepted with it
        CHECK(mine(run, {{"strategy", "single"}, {"no_double_payment", "no"}}).double_payment ==
              DoublePayment::allowed);
    }
    SECTION("single with a cap, a min_recovery or no_double_payment yes in the row: refused, naming the columns") {
        CHECK(refused(run, {{"strategy", "single"}, {"cap", "25.00"}}) ==
              Refusal{"cap", "a cap 25.00 cannot be used with strategy single (column strategy)"});
        CHECK(refused(run, {{"strategy", "single"}, {"no_double_payment", "yes"}}) ==
              Refusal{"no_double_payment", "no double payment cannot be used with strategy single (column strategy)"});
        Options run_single = westminster();
        run_single.strategy = Strategy::single;
        CHECK(refused(run_single, {{"min_recovery", "5.00"}}) ==
              Refusal{"min_recovery", "a min recovery 5.00 cannot be used with strategy single (the run's strategy)"});
        CHECK(mine(run_single, {{"no_double_payment", "no"}}).double_payment == DoublePayment::allowed);
        // the row's spread takes the run's single back: the promise by default then
        CHECK(mine(run_single, {{"strategy", "spread"}}).no_double_payment());
    }
    SECTION("an until on or before the notice date") {
        CHECK(refused(run, {{"until", "2026-01-12"}}) ==
              Refusal{"until", "until 2026-01-12 is not after the notice date 2026-01-12"});
        CHECK(refused(run, {{"until", "2026-01-02"}}) ==
              Refusal{"until", "until 2026-01-02 is before the notice date 2026-01-12"});
    }
    SECTION("a cell its parser refuses") {
        CHECK(refused(run, {{"strategy", "even"}}) ==
              Refusal{"strategy", "unknown strategy 'even' (expected spread or single)"});
        CHECK(refused(run, {{"hold_until", "2026-02-30"}}) ==
              Refusal{"hold_until", "invalid date '2026-02-30': no such date"});
        CHECK(refused(run, {{"no_double_payment", "maybe"}}) ==
              Refusal{"no_double_payment", "unknown no-double-payment value 'maybe' (expected yes or no)"});
        CHECK(refused(run, {{"min_recovery", "0"}}) == Refusal{"min_recovery", "min recovery 0.00 is below 0.01"});
        CHECK(refused(run, {{"skip_weeks", "work"}}) ==
              Refusal{"skip_weeks", "unknown skip-weeks rule 'work' (expected rest or recover)"});
    }
}
