// Tests of include/arrears/io/holiday_file.hpp: the GOV.UK bank-holidays.json loader, and
// calendars built from its divisions (recovery-rules §2).
#include "calendars.hpp"

#include <arrears/calendar.hpp>
#include <arrears/io/holiday_file.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <unistd.h>

using namespace arrears;
using namespace arrears::test;

namespace {
const std::string data_dir = ARREARS_TEST_DATA;
}  // namespace

TEST_CASE("The GOV.UK file replaces the rules for the years it covers", "[calendar][govuk]") {
    // tests/data/bank-holidays.json: GOV.UK's 2025-2026 lists plus one invented date,
    // Wed 1 July 2026, in England and Wales.
    const io::OfficialHolidays off = io::load_govuk_holidays(data_dir + "/bank-holidays.json");
    REQUIRE(off.england_and_wales.size() == 17);  // 8 + 8 + the invented one
    REQUIRE(off.scotland.size() == 19);           // 9 + 10
    REQUIRE(off.northern_ireland.size() == 20);   // 10 + 10
    CHECK(&off.division(Region::scotland) == &off.scotland);
    CHECK(&off.division(Region::northern_ireland) == &off.northern_ireland);
    CHECK(&off.division(Region::england_and_wales) == &off.england_and_wales);
    CHECK(off.england_and_wales[0] == Holiday{d(2025, 1, 1), "New Year\u2019s Day"});  // the file's title

    const Calendar c(Region::england_and_wales, off.england_and_wales);
    CHECK(c.is_holiday(d(2026, 7, 1)));
    CHECK(c.holiday_name(d(2026, 7, 1)) == "Invented test holiday");
    CHECK(c.holiday_name(d(2025, 1, 1)) == "New Year\u2019s Day");
    CHECK(ew().is_working_day(d(2026, 7, 1)));  // the rules know no such day
    // Only for the years the file covers: 1 July 2027 (a Thursday) is a working day, and the
    // rules still give 2024 and 2027.
    CHECK(c.is_working_day(d(2027, 7, 1)));
    CHECK(dates_of(c.holidays(2024)) == dates_of(ew().holidays(2024)));
    CHECK(dates_of(c.holidays(2027)) == dates_of(ew().holidays(2027)));
    CHECK(c.holiday_name(d(2027, 12, 27)) == "Christmas Day");  // the rules' name
    Strings expected_2026 = dates_of(ew().holidays(2026));
    expected_2026.insert(expected_2026.begin() + 5, "2026-07-01");
    CHECK(dates_of(c.holidays(2026)) == expected_2026);

    // The rules reproduce GOV.UK's published 2025-2026 lists for every region.
    for (Region r : {Region::england_and_wales, Region::scotland, Region::northern_ireland}) {
        INFO(to_string(r));
        const Calendar official(r, off.division(r));
        for (int y : {2025, 2026}) {
            Strings published = dates_of(official.holidays(y));
            published.erase(std::remove(published.begin(), published.end(), "2026-07-01"), published.end());
            CHECK(published == dates_of(rule_holidays(r, y)));
        }
    }
}

TEST_CASE("An official list that leaves a rule holiday out makes it a working day", "[calendar][govuk]") {
    // A 2025-only list without Easter Monday 21 April: for 2025 the list wins over the rules.
    const char* json = R"({"england-and-wales": {"division": "england-and-wales", "events": [
        {"title": "New Year's Day", "date": "2025-01-01", "notes": "", "bunting": true},
        {"title": "Christmas Day", "date": "2025-12-25", "notes": "", "bunting": true}]}})";
    const io::OfficialHolidays off = io::parse_govuk_holidays(json, "short.json");
    CHECK(off.scotland.empty());  // a division the file lacks is empty
    CHECK(off.northern_ireland.empty());
    const Calendar c(Region::england_and_wales, off.england_and_wales);
    CHECK(c.is_working_day(d(2025, 4, 21)));
    CHECK(c.is_working_day(d(2025, 12, 26)));
    CHECK(dates_of(c.holidays(2025)) == Strings{"2025-01-01", "2025-12-25"});
    CHECK(c.is_holiday(d(2026, 4, 6)));  // 2026 still by the rules
    CHECK(c.is_holiday(d(2024, 4, 1)));  // and 2024
    // An empty division leaves the rules alone.
    const Calendar scot_rules(Region::scotland, off.scotland);
    CHECK(dates_of(scot_rules.holidays(2025)) == dates_of(scot().holidays(2025)));
    // An official date the calendars cannot hold is refused.
    const Holiday far[] = {{d(1990, 1, 1), "Too early"}};
    CHECK_THROWS_AS(Calendar(Region::england_and_wales, far), InputError);
}

TEST_CASE("Malformed GOV.UK files are refused with a message that says where", "[calendar][govuk]") {
    struct Bad {
        const char* json;
        std::vector<const char*> fragments;
    };
    const Bad cases[] = {
        // 'o' of `oops` is line 3, column 17 (4 spaces, `"events":` 9 chars, space, `[`, space).
        {"{\n  \"england-and-wales\": {\n    \"events\": [ oops ]\n  }\n}\n",
         {"bad.json", "not valid JSON", "line 3, column 17"}},
        // the trailing comma: the `}` at line 1, column 10 is where a key was expected
        {"{\"a\": 1, }", {"bad.json", "not valid JSON", "line 1, column 10"}},
        {"", {"bad.json", "not valid JSON", "line 1, column 1"}},
        {"[]", {"bad.json", "expected an object"}},
        {"{}", {"bad.json", "no division"}},
        {R"({"scotland": [1, 2]})", {"bad.json: scotland", "expected an object"}},
        {R"({"england-and-wales": {"division": "england-and-wales"}})",
         {"bad.json: england-and-wales", "expected an \"events\" array"}},
        {R"({"england-and-wales": {"events": {}}})", {"england-and-wales", "\"events\" array"}},
        {R"({"england-and-wales": {"events": [
            {"title": "New Year's Day", "date": "2025-01-01"},
            {"title": "Nonsense", "date": "2025-02-30"}]}})",
         {"bad.json: england-and-wales.events[1].date", "invalid date '2025-02-30'", "no such date"}},
        {R"({"northern-ireland": {"events": [{"title": "X", "date": "25/12/2025"}]}})",
         {"northern-ireland.events[0].date", "'25/12/2025'", "expected YYYY-MM-DD"}},
        {R"({"scotland": {"events": [{"title": "X", "date": 20250101}]}})",
         {"scotland.events[0].date", "expected a date string"}},
        {R"({"scotland": {"events": [{"date": "2025-01-01"}]}})", {"scotland.events[0].title", "expected a string"}},
        {R"({"scotland": {"events": ["2025-01-01"]}})", {"scotland.events[0]", "expected an object"}},
        {R"({"scotland": {"events": [{"title": "X", "date": "1990-01-01"}]}})",
         {"scotland.events[0].date", "1990-01-01", "outside the years 1995-2099"}},
        {R"({"scotland": {"events": [{"title": "X", "date": "2025-01-01", "notes": 3e3333}]}})",
         {"bad.json", "not a usable JSON file"}},
    };
    for (const Bad& b : cases) {
        INFO(b.json);
        REQUIRE_THROWS_AS(io::parse_govuk_holidays(b.json, "bad.json"), InputError);
        for (const char* f : b.fragments) {
            INFO(f);
            CHECK_THROWS_WITH(io::parse_govuk_holidays(b.json, "bad.json"), Catch::Contains(f));
        }
    }
    CHECK_THROWS_AS(io::load_govuk_holidays(data_dir + "/no-such-file.json"), InputError);
    CHECK_THROWS_WITH(io::load_govuk_holidays(data_dir + "/no-such-file.json"),
                      Catch::Contains("no-such-file.json") && Catch::Contains("cannot open"));
}

TEST_CASE("A holiday file far larger than one can be is refused before it is read", "[calendar][govuk]") {
    // A sparse file of 10 GiB (no disk used): before issue 25 it was read whole, 10 GB of
    // memory, before "not valid JSON".
    const std::string path = "/tmp/arrears-holidays-too-big-" + std::to_string(::getpid()) + ".json";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    REQUIRE(::ftruncate(::fileno(f), off_t{10} << 30) == 0);
    std::fclose(f);
    CHECK_THROWS_WITH(io::load_govuk_holidays(path),
                      path +
                          ": too big for a GOV.UK holiday file: 10,737,418,240 bytes (10.0 GiB), the most it can be "
                          "is 16,777,216 bytes (16.0 MiB); is it the right file?");
    std::remove(path.c_str());
}
