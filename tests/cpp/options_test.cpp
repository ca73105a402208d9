// Tests of include/arrears/options.hpp and option_error.hpp: Options::validate, the one place
// the options of a run are checked (recovery-rules §4–§8). Each broken rule throws an
// OptionError whose message is the library's (what Python shows) and whose problem, field
// and other field let the command line word it with the options as typed.
#include <arrears/options.hpp>

#include "recovery_fixtures.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <optional>
#include <string>

using namespace arrears;
using arrears::test::d;
// The worked example of recovery-rules §11: outage 24 Nov 2025 - 9 Jan 2026, notice 12 Jan 2026.
using arrears::test::westminster;

TEST_CASE("the worked example's options are valid", "[options]") {
    CHECK_NOTHROW(westminster().validate());
}

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
        {[](Options& o) { o.outage = Outage{d(2026, 1, 9), d(2025, 11, 24)}; },
         "outage end 2025-11-24 is before its start 2026-01-09", P::before, F::outage_end, F::outage_start},
        // §6: notice on the outage's last day, 9 Jan, is not after it.
        {[](Options& o) { o.notice_date = d(2026, 1, 9); },
         "notice date 2026-01-09 must be after the outage, which ends 2026-01-09", P::not_after_outage, F::notice_date,
         F::outage_end},
        {[](Options& o) { o.until = d(2026, 1, 5); }, "until 2026-01-05 is before the notice date 2026-01-12",
         P::before, F::until, F::notice_date},
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
