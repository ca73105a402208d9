// Tests of include/arrears/plan.hpp: due dates and collection dates (recovery-rules §4).
#include <arrears/account.hpp>
#include <arrears/plan.hpp>

#include <catch2/catch.hpp>

using namespace arrears;

namespace {
Date d(int y, unsigned m, unsigned dd) { return make_date(y, m, dd); }
const Calendar& ew() {
    static const Calendar c(Region::england_and_wales);
    return c;
}
Plan plan(Frequency f, Date first_due) {
    Plan p;
    p.amount = Money::parse("100.00");
    p.frequency = f;
    p.first_due = first_due;
    return p;
}
std::vector<Collection> cols(const Plan& p, Date from, Date to) { return p.collections(ew(), from, to); }
}  // namespace

TEST_CASE("monthly day 31 is clamped to short months", "[plan]") {
    Plan p = plan(Frequency::monthly, d(2026, 1, 31));  // day defaults to 31
    // Due 31 Jan (Sat), 28 Feb (Sat), 31 Mar (Tue), 30 Apr (Thu), 31 May (Sun);
    // taken on the next working day by `following`.
    const std::vector<Collection> expected{{d(2026, 1, 31), d(2026, 2, 2)},
                                           {d(2026, 2, 28), d(2026, 3, 2)},
                                           {d(2026, 3, 31), d(2026, 3, 31)},
                                           {d(2026, 4, 30), d(2026, 4, 30)},
                                           {d(2026, 5, 31), d(2026, 6, 1)}};
    CHECK(cols(p, d(2026, 1, 1), d(2026, 6, 1)) == expected);
    SECTION("February of a leap year is the 29th") {
        auto c = cols(p, d(2028, 2, 1), d(2028, 2, 29));
        REQUIRE(c.size() == 1);
        CHECK(c[0].due_date == d(2028, 2, 29));  // a Tuesday
    }
}

TEST_CASE("monthly day `last` and an explicit day before first_due's day", "[plan]") {
    Plan p = plan(Frequency::monthly, d(2026, 2, 28));
    p.day = DayOfMonth::last();
    auto c = cols(p, d(2026, 1, 1), d(2026, 5, 31));
    REQUIRE(c.size() == 3);
    CHECK(c[0].due_date == d(2026, 2, 28));
    CHECK(c[1].due_date == d(2026, 3, 31));
    CHECK(c[2].due_date == d(2026, 4, 30));  // 31 May is a Sunday: taken 1 June, outside the range
    SECTION("dates before first_due are not due") {
        Plan q = plan(Frequency::monthly, d(2026, 1, 20));
        q.day = DayOfMonth(5);  // the 5th: 5 Jan is before first_due, so the first is 5 Feb
        auto c2 = cols(q, d(2026, 1, 1), d(2026, 2, 28));
        REQUIRE(c2.size() == 1);
        CHECK(c2[0].due_date == d(2026, 2, 5));
    }
}

TEST_CASE("weekly, fortnightly and four-weekly steps from first_due", "[plan]") {
    // First due Monday 6 April 2026; Easter Monday (6 Apr) is a bank holiday → Tue 7 Apr.
    auto w = cols(plan(Frequency::weekly, d(2026, 4, 6)), d(2026, 4, 1), d(2026, 4, 30));
    REQUIRE(w.size() == 4);
    CHECK(w[0] == Collection{d(2026, 4, 6), d(2026, 4, 7)});
    CHECK(w[3].due_date == d(2026, 4, 27));
    auto f = cols(plan(Frequency::fortnightly, d(2026, 4, 6)), d(2026, 4, 1), d(2026, 5, 31));
    REQUIRE(f.size() == 4);  // 6 Apr, 20 Apr, 4 May (bank holiday → 5 May), 18 May
    CHECK(f[2] == Collection{d(2026, 5, 4), d(2026, 5, 5)});
    auto fw = cols(plan(Frequency::four_weekly, d(2020, 1, 6)), d(2026, 1, 1), d(2026, 3, 31));
    // 2020-01-06 + 28k: k = 79 → 2026-01-26 (2212 days later), then 2026-02-23, 2026-03-23.
    REQUIRE(fw.size() == 3);
    CHECK(fw[0].due_date == d(2026, 1, 26));
    CHECK(fw[2].due_date == d(2026, 3, 23));
}

TEST_CASE("skip dates, end, and an old mandate", "[plan]") {
    Plan p = plan(Frequency::weekly, d(1990, 1, 1));  // a Monday in 1990: an old mandate
    p.skip = {d(2025, 12, 22), d(2025, 12, 29)};      // rent-free weeks at Christmas
    p.end = d(2026, 1, 12);
    auto c = cols(p, d(2025, 12, 15), d(2026, 1, 31));
    // 15 Dec, (22, 29 skipped), 5 Jan, 12 Jan; end stops the rest.
    REQUIRE(c.size() == 3);
    CHECK(c[0].due_date == d(2025, 12, 15));
    CHECK(c[1].due_date == d(2026, 1, 5));
    CHECK(c[2].due_date == d(2026, 1, 12));
    CHECK_NOTHROW(p.validate());
}

TEST_CASE("conventions at a month end", "[plan]") {
    Plan p = plan(Frequency::monthly, d(2026, 1, 31));
    p.convention = BusinessDayConvention::preceding;
    // 31 Jan 2026 is a Saturday: preceding → Fri 30 Jan.
    CHECK(cols(p, d(2026, 1, 1), d(2026, 1, 31)).at(0).collection_date == d(2026, 1, 30));
    p.convention = BusinessDayConvention::modified_following;
    // 31 May 2026 is a Sunday: following would be Mon 1 June (next month) → Fri 29 May.
    auto may = cols(p, d(2026, 5, 1), d(2026, 5, 31));
    REQUIRE(may.size() == 1);
    CHECK(may[0] == Collection{d(2026, 5, 31), d(2026, 5, 29)});
    // 31 Aug 2026 is the summer bank holiday (Mon): next working day is 1 Sep → Fri 28 Aug.
    CHECK(cols(p, d(2026, 8, 1), d(2026, 8, 31)).at(0).collection_date == d(2026, 8, 28));
    // ... but 31 Jan 2026 (Sat) → Mon 2 Feb leaves January → Fri 30 Jan.
    CHECK(cols(p, d(2026, 1, 1), d(2026, 1, 31)).at(0).collection_date == d(2026, 1, 30));
    p.convention = BusinessDayConvention::none;
    CHECK(cols(p, d(2026, 1, 1), d(2026, 1, 31)).at(0).collection_date == d(2026, 1, 31));
}

TEST_CASE("plans that break a rule of section 4 are input errors", "[plan][errors]") {
    Plan p = plan(Frequency::weekly, d(2026, 1, 5));
    p.day = DayOfMonth(5);
    CHECK_THROWS_WITH(p.validate(), "day 5 is only for monthly plans, not weekly");
    p.day.reset();
    p.end = d(2026, 1, 4);
    CHECK_THROWS_WITH(p.validate(), "end 2026-01-04 is before first_due 2026-01-05");
    p.end.reset();
    p.skip = {d(2026, 1, 6)};  // a Tuesday; the plan is due on Mondays
    CHECK_THROWS_WITH(p.validate(), "skip date 2026-01-06 is not a due date of the plan");
    p.skip.clear();
    p.amount = Money();
    CHECK_THROWS_WITH(p.validate(), "amount 0.00 must be more than 0.00");
    CHECK_THROWS_WITH(DayOfMonth::parse("32"), "invalid day '32': expected 1-31 or last");
    CHECK_THROWS_WITH(parse_frequency("daily"),
                      "unknown frequency 'daily' (expected weekly, fortnightly, four-weekly or monthly)");
}

TEST_CASE("a long closure moves many due dates onto one collection, and all of them are found", "[plan]") {
    // The caller closes from Sat 20 Dec 2025 to Sat 28 Feb 2026 (71 days; Sun 1 Mar is a
    // weekend day too), so every Monday due date from 22 Dec to 2 Mar is collected, under
    // `following`, on Mon 2 Mar: 22, 29 Dec, 5, 12, 19, 26 Jan, 2, 9, 16, 23 Feb, 2 Mar = 11.
    std::vector<Date> closed;
    for (Date x = d(2025, 12, 20); x <= d(2026, 2, 28); x += date::days(1)) closed.push_back(x);
    const Calendar cal(Region::england_and_wales, {}, closed);
    CHECK(cal.longest_closed_run() == 72);            // 20 Dec .. 1 Mar
    Plan p = plan(Frequency::weekly, d(2025, 4, 7));  // Mondays
    const std::vector<Collection> got = p.collections(cal, d(2026, 2, 28), d(2026, 3, 3));
    std::vector<Collection> expected;
    for (Date due = d(2025, 12, 22); due <= d(2026, 3, 2); due += date::days(7))
        expected.push_back({due, d(2026, 3, 2)});
    REQUIRE(expected.size() == 11);
    CHECK(got == expected);
}

TEST_CASE("named values are read ignoring case, separators and 4 for four (§12, issue 26)", "[plan][names]") {
    // Real exports write `Monthly`, `4 Weekly`, `Four weekly`: §12 reads them all.
    CHECK(parse_frequency("Monthly") == Frequency::monthly);
    CHECK(parse_frequency("MONTHLY") == Frequency::monthly);
    CHECK(parse_frequency("4 Weekly") == Frequency::four_weekly);
    CHECK(parse_frequency("Four weekly") == Frequency::four_weekly);
    CHECK(parse_frequency("4weekly") == Frequency::four_weekly);
    CHECK(parse_frequency("FOUR_WEEKLY") == Frequency::four_weekly);
    CHECK(parse_frequency("four - weekly") == Frequency::four_weekly);
    CHECK(parse_frequency("Fort-Nightly") == Frequency::fortnightly);
    CHECK(parse_ledger_status("Not Presented") == LedgerStatus::not_presented);
    CHECK(parse_ledger_status("notpresented") == LedgerStatus::not_presented);
    // Still refused: another word, a digit other than 4, letters out of order.
    CHECK_THROWS_WITH(parse_frequency("quarterly"), Catch::Contains("unknown frequency 'quarterly' (expected weekly"));
    CHECK_THROWS_WITH(parse_frequency("2 weekly"), Catch::Contains("unknown frequency '2 weekly'"));
    CHECK_THROWS_WITH(parse_frequency("monthlyy"), Catch::Contains("unknown frequency"));
    CHECK_THROWS_WITH(parse_frequency("4"), Catch::Contains("unknown frequency"));
}
