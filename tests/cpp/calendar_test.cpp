// Tests of include/arrears/calendar.hpp: bank holidays, working days and conventions
// (recovery-rules §2). The GOV.UK holiday file is tested in holiday_file_test.cpp.
#include "calendars.hpp"

#include <arrears/calendar.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace arrears;
using namespace arrears::test;

namespace {
Date iso(const char* text) { return parse_date(text); }
}  // namespace

TEST_CASE("England and Wales bank holidays 2019-2028, as GOV.UK publishes them", "[calendar]") {
    // Each list is the GOV.UK published England-and-Wales list for the year (2019-2027);
    // 2028 is worked by hand from §2 (Easter Sunday 16 April 2028; 1 Jan 2028 is a Saturday).
    struct Year {
        int year;
        const char* month_days;
    };
    const Year years[] = {
        {2019, "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26"},
        // VE day: early May moved to Friday 8 May; Boxing Day on Saturday -> Monday 28 Dec.
        {2020, "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28"},
        // Christmas on Saturday -> Monday 27 and Tuesday 28.
        {2021, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28"},
        // 1 Jan Saturday -> Monday 3; spring moved to Thu 2 June + Fri 3 June jubilee; state
        // funeral Mon 19 Sep; Christmas on Sunday -> Monday 26 and Tuesday 27.
        {2022, "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27"},
        // 1 Jan Sunday -> Monday 2; coronation Monday 8 May as well as early May on the 1st.
        {2023, "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26"},
        {2024, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"},
        {2025, "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26"},
        // Boxing Day on Saturday -> Monday 28 Dec.
        {2026, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"},
        // Easter Sunday 28 March; Christmas on Saturday -> Monday 27 and Tuesday 28.
        {2027, "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28"},
        {2028, "01-03 04-14 04-17 05-01 05-29 08-28 12-25 12-26"},
    };
    for (const Year& y : years) {
        INFO("year " << y.year);
        const Strings dates = in_year(y.year, y.month_days);
        CHECK(dates_of(ew().holidays(y.year)) == dates);
        CHECK(dates_of(rule_holidays(Region::england_and_wales, y.year)) == dates);
        for (const std::string& s : dates) {
            INFO(s);
            CHECK(ew().is_holiday(iso(s.c_str())));
            CHECK_FALSE(ew().is_working_day(iso(s.c_str())));
            CHECK_FALSE(ew().holiday_name(iso(s.c_str())).empty());
        }
    }
}

TEST_CASE("Scotland and Northern Ireland bank holidays 2025-2026", "[calendar]") {
    // GOV.UK published lists for Scotland and Northern Ireland, 2025 and 2026.
    // Scotland: 2 January, no Easter Monday, first Monday of August, St Andrew's Day
    // (30 Nov 2025 is a Sunday -> Monday 1 Dec), 2026-06-15 one-off.
    CHECK(dates_of(scot().holidays(2025)) == in_year(2025, "01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26"));
    CHECK(dates_of(scot().holidays(2026)) ==
          in_year(2026, "01-01 01-02 04-03 05-04 05-25 06-15 08-03 11-30 12-25 12-28"));
    // Northern Ireland: England and Wales plus St Patrick's and the Boyne (12 July 2025 is a
    // Saturday -> Monday 14; 12 July 2026 is a Sunday -> Monday 13).
    CHECK(dates_of(ni().holidays(2025)) ==
          in_year(2025, "01-01 03-17 04-18 04-21 05-05 05-26 07-14 08-25 12-25 12-26"));
    CHECK(dates_of(ni().holidays(2026)) ==
          in_year(2026, "01-01 03-17 04-03 04-06 05-04 05-25 07-13 08-31 12-25 12-28"));
}

TEST_CASE("Scotland samples", "[calendar]") {
    CHECK(scot().is_holiday(d(2025, 1, 2)));  // 2 January
    CHECK_FALSE(ew().is_holiday(d(2025, 1, 2)));
    CHECK(scot().is_working_day(d(2026, 4, 6)));  // no Easter Monday in Scotland
    CHECK_FALSE(ew().is_working_day(d(2026, 4, 6)));
    CHECK(scot().is_holiday(d(2026, 8, 3)));       // summer: first Monday of August
    CHECK(scot().is_working_day(d(2026, 8, 31)));  // ... not the last
    CHECK_FALSE(ew().is_working_day(d(2026, 8, 31)));
    CHECK(scot().is_holiday(d(2025, 12, 1)));         // 30 Nov 2025 is a Sunday -> Mon 1 Dec
    CHECK_FALSE(scot().is_holiday(d(2025, 11, 30)));  // the weekend date is not listed
    CHECK(scot().is_holiday(d(2024, 12, 2)));         // 30 Nov 2024 is a Saturday -> Mon 2 Dec
    CHECK(scot().is_holiday(d(2026, 11, 30)));        // a Monday: itself
    CHECK(scot().is_working_day(d(2006, 11, 30)));    // St Andrew's Day only from 2007 (a Thursday)
    CHECK(scot().is_holiday(d(2007, 11, 30)));        // a Friday in 2007
    CHECK(scot().holiday_name(d(2025, 12, 1)) == "St Andrew's Day");
}

TEST_CASE("Northern Ireland samples", "[calendar]") {
    CHECK(ni().is_holiday(d(2025, 3, 17)));  // St Patrick's Day, a Monday
    CHECK(ew().is_working_day(d(2025, 3, 17)));
    CHECK(ni().is_holiday(d(2026, 3, 17)));  // a Tuesday
    CHECK(ni().is_holiday(d(2026, 7, 13)));  // Boyne: 12 July 2026 is a Sunday
    CHECK_FALSE(ni().is_holiday(d(2026, 7, 12)));
    CHECK(ni().is_holiday(d(2025, 7, 14)));     // 12 July 2025 is a Saturday
    CHECK(ni().is_holiday(d(2024, 7, 12)));     // a Friday in 2024
    CHECK(ni().is_holiday(d(2024, 3, 18)));     // 17 March 2024 is a Sunday
    CHECK(ni().is_holiday(d(2026, 4, 6)));      // Easter Monday as in England and Wales
    CHECK(ni().is_working_day(d(2026, 8, 3)));  // summer is the last Monday of August
}

TEST_CASE("Christmas, Boxing Day and New Year substitutes", "[calendar]") {
    // §2: 25th on Saturday -> Mon 27 and Tue 28 (2021, 2027).
    for (int y : {2021, 2027}) {
        INFO(y);
        CHECK(ew().is_holiday(d(y, 12, 27)));
        CHECK(ew().is_holiday(d(y, 12, 28)));
        CHECK(ew().is_working_day(d(y, 12, 24)));
        CHECK(ew().is_working_day(d(y, 12, 29)));
        CHECK(ew().holiday_name(d(y, 12, 27)) == "Christmas Day");
        CHECK(ew().holiday_name(d(y, 12, 28)) == "Boxing Day");
    }
    // 25th on Sunday -> Mon 26 and Tue 27 (2022).
    CHECK(ew().is_holiday(d(2022, 12, 26)));
    CHECK(ew().is_holiday(d(2022, 12, 27)));
    CHECK(ew().is_working_day(d(2022, 12, 28)));
    // 26th on Saturday -> Mon 28 (2026; 25th is a Friday).
    CHECK(ew().is_holiday(d(2026, 12, 25)));
    CHECK(ew().is_holiday(d(2026, 12, 28)));
    CHECK(ew().is_working_day(d(2026, 12, 29)));
    CHECK(ew().holiday_name(d(2026, 12, 28)) == "Boxing Day");

    // Scottish New Year, §2: 1st on Friday (2027) -> Fri 1 and Mon 4.
    CHECK(dates_of(scot().holidays(2027)).at(0) == "2027-01-01");
    CHECK(dates_of(scot().holidays(2027)).at(1) == "2027-01-04");
    CHECK(ew().is_working_day(d(2027, 1, 4)));
    // on Saturday (2022) -> Mon 3 and Tue 4 (England and Wales: only Mon 3).
    CHECK(dates_of(scot().holidays(2022)).at(0) == "2022-01-03");
    CHECK(dates_of(scot().holidays(2022)).at(1) == "2022-01-04");
    CHECK(ew().is_holiday(d(2022, 1, 3)));
    CHECK(ew().is_working_day(d(2022, 1, 4)));
    // on Sunday (2023) -> Mon 2 and Tue 3 (England and Wales: only Mon 2).
    CHECK(dates_of(scot().holidays(2023)).at(0) == "2023-01-02");
    CHECK(dates_of(scot().holidays(2023)).at(1) == "2023-01-03");
    CHECK(ew().is_working_day(d(2023, 1, 3)));
    // England and Wales New Year on Saturday 2028 -> Monday 3.
    CHECK(ew().holiday_name(d(2028, 1, 3)) == "New Year's Day");
}

TEST_CASE("The one-off changes of §2", "[calendar]") {
    for (const Calendar* c : {&ew(), &scot(), &ni()}) {
        INFO(to_string(c->region()));
        // 1995: early May moved from Monday 1 May to Monday 8 May (VE day).
        CHECK(c->is_holiday(d(1995, 5, 8)));
        CHECK(c->is_working_day(d(1995, 5, 1)));
        // 1999-12-31 millennium.
        CHECK(c->is_holiday(d(1999, 12, 31)));
        // 2002: spring moved from Monday 27 May to Tuesday 4 June, plus Monday 3 June jubilee.
        CHECK(c->is_holiday(d(2002, 6, 3)));
        CHECK(c->is_holiday(d(2002, 6, 4)));
        CHECK(c->is_working_day(d(2002, 5, 27)));
        // 2011-04-29 royal wedding.
        CHECK(c->is_holiday(d(2011, 4, 29)));
        // 2012: spring moved from Monday 28 May to Monday 4 June, plus Tuesday 5 June jubilee.
        CHECK(c->is_holiday(d(2012, 6, 4)));
        CHECK(c->is_holiday(d(2012, 6, 5)));
        CHECK(c->is_working_day(d(2012, 5, 28)));
        // 2020: early May moved from Monday 4 May to Friday 8 May.
        CHECK(c->is_holiday(d(2020, 5, 8)));
        CHECK(c->is_working_day(d(2020, 5, 4)));
        // 2022: spring moved from Monday 30 May to Thursday 2 June, plus Friday 3 June jubilee;
        // 19 September state funeral.
        CHECK(c->is_holiday(d(2022, 6, 2)));
        CHECK(c->is_holiday(d(2022, 6, 3)));
        CHECK(c->is_working_day(d(2022, 5, 30)));
        CHECK(c->is_holiday(d(2022, 9, 19)));
        // 2023: coronation Monday 8 May in addition to early May Monday 1 May.
        CHECK(c->is_holiday(d(2023, 5, 8)));
        CHECK(c->is_holiday(d(2023, 5, 1)));
        // 2026-06-15: Scotland only.
        CHECK(c->is_holiday(d(2026, 6, 15)) == (c->region() == Region::scotland));
    }
    CHECK_THAT(ew().holiday_name(d(2023, 5, 8)), Catch::Contains("coronation"));
}

TEST_CASE("Holidays per year over 1995-2099 match a count made from §2", "[calendar][property]") {
    // Regular years: England and Wales 8 (New Year, Good Friday, Easter Monday, early May,
    // spring, summer, Christmas, Boxing Day); Scotland 8 (two New Year days, no Easter Monday)
    // plus St Andrew's Day from 2007; Northern Ireland 10 (8 + St Patrick's + Boyne).
    // One-offs that add a day: 1999 (+1), 2002 (+1 jubilee), 2011 (+1), 2012 (+1 jubilee),
    // 2022 (+1 jubilee, +1 funeral), 2023 (+1 coronation), 2026 Scotland (+1). 1995 and 2020
    // only move a day.
    const Region region = GENERATE(Region::england_and_wales, Region::scotland, Region::northern_ireland);
    const Calendar& c = region == Region::scotland ? scot() : region == Region::northern_ireland ? ni() : ew();
    for (int y = first_calendar_year; y <= last_calendar_year; ++y) {
        INFO(to_string(region) << " " << y);
        std::size_t expected = region == Region::northern_ireland ? 10 : 8;
        if (region == Region::scotland && y >= 2007) ++expected;
        if (y == 1999 || y == 2002 || y == 2011 || y == 2012 || y == 2023) ++expected;
        if (y == 2022) expected += 2;
        if (y == 2026 && region == Region::scotland) ++expected;
        const std::vector<Holiday> hs = c.holidays(y);
        CHECK(hs.size() == expected);
        CHECK(rule_holidays(region, y) == hs);
        for (std::size_t i = 0; i < hs.size(); ++i) {
            const auto wd = date::weekday(hs[i].date);
            CHECK((wd != date::Saturday && wd != date::Sunday));  // substitutes, not weekend dates
            CHECK(year_of(hs[i].date) == y);
            if (i > 0) CHECK(hs[i - 1].date < hs[i].date);  // in order, no collisions
        }
    }
}

TEST_CASE("is_working_day", "[calendar]") {
    CHECK(ew().is_working_day(d(2026, 1, 12)));        // a Monday
    CHECK(ew().is_working_day(d(2026, 1, 2)));         // Friday after New Year's Day
    CHECK_FALSE(ew().is_working_day(d(2026, 1, 10)));  // Saturday
    CHECK_FALSE(ew().is_working_day(d(2026, 1, 11)));  // Sunday
    CHECK_FALSE(ew().is_working_day(d(2026, 1, 1)));   // New Year's Day
    CHECK_FALSE(ew().is_holiday(d(2026, 1, 10)));      // a weekend is not a holiday
    // The table's range is 1994-2100; outside it is a programming error.
    CHECK(ew().is_working_day(d(2100, 12, 31)));  // a Friday
    CHECK_THROWS_AS(ew().is_working_day(d(1993, 12, 31)), std::out_of_range);
    CHECK_THROWS_AS(ew().is_working_day(d(2101, 1, 1)), std::out_of_range);
    CHECK(Calendar().region() == Region::england_and_wales);
}

TEST_CASE("adjust with the four conventions around Easter 2026", "[calendar][adjust]") {
    using C = BusinessDayConvention;
    // Good Friday Fri 3 April, Easter Monday Mon 6 April 2026: Thu 2 and Tue 7 are working.
    for (Date x : {d(2026, 4, 3), d(2026, 4, 4), d(2026, 4, 5), d(2026, 4, 6)}) {
        INFO(to_string(x));
        CHECK(to_string(ew().adjust(x, C::following)) == "2026-04-07");
        CHECK(to_string(ew().adjust(x, C::preceding)) == "2026-04-02");
        CHECK(to_string(ew().adjust(x, C::modified_following)) == "2026-04-07");
        CHECK(ew().adjust(x, C::none) == x);
    }
    // A working day is never moved.
    for (C c : {C::following, C::preceding, C::modified_following, C::none})
        CHECK(to_string(ew().adjust(d(2026, 4, 2), c)) == "2026-04-02");
    // Scotland has no Easter Monday: Good Friday follows to Monday 6 April.
    CHECK(to_string(scot().adjust(d(2026, 4, 3), C::following)) == "2026-04-06");
}

TEST_CASE("adjust around Christmas 2027 and at month ends", "[calendar][adjust]") {
    using C = BusinessDayConvention;
    // 25 Dec 2027 is a Saturday: 27 and 28 are holidays; Fri 24 and Wed 29 are working.
    CHECK(to_string(ew().adjust(d(2027, 12, 25), C::following)) == "2027-12-29");
    CHECK(to_string(ew().adjust(d(2027, 12, 25), C::preceding)) == "2027-12-24");
    CHECK(to_string(ew().adjust(d(2027, 12, 25), C::modified_following)) == "2027-12-29");
    CHECK(to_string(ew().adjust(d(2027, 12, 25), C::none)) == "2027-12-25");
    CHECK(to_string(ew().adjust(d(2027, 12, 28), C::preceding)) == "2027-12-24");

    // Sat 31 Jan 2026: following is Mon 2 Feb, another month, so modified-following goes back.
    CHECK(to_string(ew().adjust(d(2026, 1, 31), C::following)) == "2026-02-02");
    CHECK(to_string(ew().adjust(d(2026, 1, 31), C::modified_following)) == "2026-01-30");
    CHECK(to_string(ew().adjust(d(2026, 1, 31), C::preceding)) == "2026-01-30");
    // Good Friday 29 March 2024, Easter Monday 1 April: the next working day is Tue 2 April,
    // so modified-following from Fri 29 or Sun 31 March falls back to Thu 28 March.
    CHECK(to_string(ew().adjust(d(2024, 3, 29), C::following)) == "2024-04-02");
    CHECK(to_string(ew().adjust(d(2024, 3, 29), C::modified_following)) == "2024-03-28");
    CHECK(to_string(ew().adjust(d(2024, 3, 31), C::modified_following)) == "2024-03-28");
    // ... but from Easter Monday 1 April itself the next working day is in the same month.
    CHECK(to_string(ew().adjust(d(2024, 4, 1), C::modified_following)) == "2024-04-02");
    // Sat 31 Dec 2022: Mon 2 Jan 2023 is the New Year substitute, so following is Tue 3 Jan
    // and modified-following Fri 30 Dec.
    CHECK(to_string(ew().adjust(d(2022, 12, 31), C::following)) == "2023-01-03");
    CHECK(to_string(ew().adjust(d(2022, 12, 31), C::modified_following)) == "2022-12-30");
}

TEST_CASE("add_working_days counts strictly after the date", "[calendar][working-days]") {
    // §11: notice Mon 12 Jan 2026 + 10 working days = Mon 26 Jan 2026
    // (13-16 Jan are 4, 19-23 Jan 9, 26 Jan the 10th).
    CHECK(to_string(ew().add_working_days(d(2026, 1, 12), 10)) == "2026-01-26");
    CHECK(to_string(ew().add_working_days(d(2026, 1, 12), 1)) == "2026-01-13");  // D itself never counts
    CHECK(to_string(ew().add_working_days(d(2026, 1, 12), 0)) == "2026-01-12");
    // From a non-working D (Sat 10 Jan 2026): the 1st is Mon 12, the 10th Fri 23 Jan.
    CHECK(to_string(ew().add_working_days(d(2026, 1, 10), 1)) == "2026-01-12");
    CHECK(to_string(ew().add_working_days(d(2026, 1, 10), 10)) == "2026-01-23");
    // From Good Friday 2026: Easter Monday is skipped, the 1st is Tue 7 April.
    CHECK(to_string(ew().add_working_days(d(2026, 4, 3), 1)) == "2026-04-07");
    // From Fri 24 Dec 2027: 27, 28 Dec holidays; 29, 30, 31 Dec; Sat 1 Jan 2028 -> Mon 3 Jan
    // holiday; so the 4th is Tue 4 Jan 2028.
    CHECK(to_string(ew().add_working_days(d(2027, 12, 24), 1)) == "2027-12-29");
    CHECK(to_string(ew().add_working_days(d(2027, 12, 24), 3)) == "2027-12-31");
    CHECK(to_string(ew().add_working_days(d(2027, 12, 24), 4)) == "2028-01-04");
    CHECK_THROWS_AS(ew().add_working_days(d(2026, 1, 12), -1), InputError);
    CHECK_THROWS_WITH(ew().add_working_days(d(2026, 1, 12), -1), Catch::Contains("-1"));
    CHECK_THROWS_AS(ew().add_working_days(d(2100, 12, 30), 5), std::out_of_range);

    // [12 Jan, 26 Jan 2026] holds 11 working days: 12-16, 19-23 and 26.
    CHECK(ew().working_days_between(d(2026, 1, 12), d(2026, 1, 26)) == 11);
    CHECK(ew().working_days_between(d(2026, 1, 10), d(2026, 1, 11)) == 0);
    CHECK(ew().working_days_between(d(2026, 1, 26), d(2026, 1, 12)) == 0);
}

TEST_CASE("Caller closures are non-working days but not bank holidays", "[calendar][closures]") {
    const Date closures[] = {d(2026, 1, 14), d(2026, 1, 13), d(2026, 1, 13), d(2026, 1, 17)};
    const Calendar c(Region::england_and_wales, {}, closures);
    CHECK(c.closures() == std::vector<Date>{d(2026, 1, 13), d(2026, 1, 14), d(2026, 1, 17)});  // sorted, unique
    CHECK_FALSE(c.is_working_day(d(2026, 1, 13)));
    CHECK_FALSE(c.is_holiday(d(2026, 1, 13)));
    CHECK(c.holiday_name(d(2026, 1, 13)).empty());
    CHECK(c.is_working_day(d(2026, 1, 15)));
    CHECK(to_string(c.adjust(d(2026, 1, 13), BusinessDayConvention::following)) == "2026-01-15");
    CHECK(to_string(c.adjust(d(2026, 1, 14), BusinessDayConvention::preceding)) == "2026-01-12");
    // Two closed days push §11's E from 26 Jan to 28 Jan.
    CHECK(to_string(c.add_working_days(d(2026, 1, 12), 10)) == "2026-01-28");
    CHECK(dates_of(c.holidays(2026)) == dates_of(ew().holidays(2026)));  // closures are not listed

    const Date far[] = {d(1990, 1, 2)};
    CHECK_THROWS_AS(Calendar(Region::england_and_wales, {}, far), InputError);
    CHECK_THROWS_WITH(Calendar(Region::england_and_wales, {}, far), Catch::Contains("1990-01-02"));
}

TEST_CASE("holidays(year) and holiday_name", "[calendar]") {
    const std::vector<Holiday> h = ew().holidays(2026);
    REQUIRE(h.size() == 8);
    CHECK(h[0] == Holiday{d(2026, 1, 1), "New Year's Day"});
    CHECK(h[1] == Holiday{d(2026, 4, 3), "Good Friday"});
    CHECK(h[2] == Holiday{d(2026, 4, 6), "Easter Monday"});
    CHECK(h[3] == Holiday{d(2026, 5, 4), "Early May bank holiday"});
    CHECK(h[4] == Holiday{d(2026, 5, 25), "Spring bank holiday"});
    CHECK(h[5] == Holiday{d(2026, 8, 31), "Summer bank holiday"});
    CHECK(h[6] == Holiday{d(2026, 12, 25), "Christmas Day"});
    CHECK(h[7] == Holiday{d(2026, 12, 28), "Boxing Day"});
    CHECK(ew().holiday_name(d(2026, 12, 26)).empty());  // the Saturday it replaces
    CHECK(ew().holiday_name(d(2026, 1, 12)).empty());
    CHECK(ew().holidays(1995).size() == 8);
    CHECK(ew().holidays(2099).size() == 8);
    CHECK_THROWS_AS(ew().holidays(1994), InputError);
    CHECK_THROWS_WITH(ew().holidays(2100), Catch::Contains("2100"));
    CHECK_THROWS_AS(rule_holidays(Region::scotland, 1900), InputError);
    CHECK_THROWS_WITH(rule_holidays(Region::scotland, 1900), Catch::Contains("1900"));
    // the rules also answer for the margin years 1994 and 2100 that the table holds
    CHECK(rule_holidays(Region::england_and_wales, 1994).size() == 8);
    CHECK_THROWS_AS(rule_holidays(Region::england_and_wales, 1993), InputError);
    CHECK_THROWS_AS(rule_holidays(Region::northern_ireland, 2101), InputError);
}

TEST_CASE("parse_region and parse_convention", "[calendar][parse]") {
    CHECK(parse_region("england-and-wales") == Region::england_and_wales);
    CHECK(parse_region("scotland") == Region::scotland);
    CHECK(parse_region("northern-ireland") == Region::northern_ireland);
    for (Region r : {Region::england_and_wales, Region::scotland, Region::northern_ireland})
        CHECK(parse_region(to_string(r)) == r);
    // §12 (issue 26): an option's named value is read ignoring case, with spaces, hyphens
    // and underscores alike.
    CHECK(parse_region("Scotland") == Region::scotland);
    CHECK(parse_region("england_and_wales") == Region::england_and_wales);
    CHECK(parse_region("Northern Ireland") == Region::northern_ireland);
    for (const char* bad : {"", "England", "wales", "ni", "scot land s"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_region(bad), InputError);
        CHECK_THROWS_WITH(parse_region(bad), Catch::Contains("unknown region '" + std::string(bad) + "'") &&
                                                 Catch::Contains("england-and-wales, scotland or northern-ireland"));
    }

    using C = BusinessDayConvention;
    CHECK(parse_convention("following") == C::following);
    CHECK(parse_convention("preceding") == C::preceding);
    CHECK(parse_convention("modified-following") == C::modified_following);
    CHECK(parse_convention("none") == C::none);
    for (C c : {C::following, C::preceding, C::modified_following, C::none}) CHECK(parse_convention(to_string(c)) == c);
    // §12 (issue 26): named values in cells ignore case; separators are alike.
    CHECK(parse_convention("Following") == C::following);
    CHECK(parse_convention("modified_following") == C::modified_following);
    CHECK(parse_convention("Modified Following") == C::modified_following);
    for (const char* bad : {"", "modfollowing", "next", "nones"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_convention(bad), InputError);
        CHECK_THROWS_WITH(parse_convention(bad), Catch::Contains("unknown convention '" + std::string(bad) + "'"));
    }
}
