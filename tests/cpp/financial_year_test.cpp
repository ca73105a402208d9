// Tests of include/arrears/financial_year.hpp: bounds and labels of financial years
// (recovery-rules §3).
#include <arrears/financial_year.hpp>

#include <catch2/catch.hpp>

#include "rejects.hpp"

#include <string>

using namespace arrears;

namespace {

Date d(int y, unsigned m, unsigned dd) { return make_date(y, m, dd); }

std::string bounds(const FinancialYear& fy) { return to_string(fy.start) + ".." + to_string(fy.end); }

}  // namespace

TEST_CASE("Financial years start on 1 April by default", "[financial-year]") {
    // §3: 1 April to the day before the next 1 April; the year starting 1 April 2025 is 2025/26.
    const FinancialYear fy = financial_year(d(2025, 4, 1));
    CHECK(bounds(fy) == "2025-04-01..2026-03-31");
    CHECK(fy.label() == "2025/26");

    // 2024/25 = 2024-04-01..2025-03-31 (2025 is not a leap year; 2024 was, but February
    // 2024 belongs to 2023/24).
    CHECK(bounds(financial_year(d(2024, 4, 1))) == "2024-04-01..2025-03-31");
    CHECK(financial_year(d(2024, 4, 1)).label() == "2024/25");
    CHECK(financial_year(d(2024, 2, 29)).label() == "2023/24");

    // The last day of a year and the first of the next.
    CHECK(bounds(financial_year(d(2025, 3, 31))) == "2024-04-01..2025-03-31");
    CHECK(financial_year(d(2025, 3, 31)).label() == "2024/25");
    CHECK(bounds(financial_year(d(2025, 4, 1))) == "2025-04-01..2026-03-31");
    CHECK(financial_year(d(2026, 3, 31)).label() == "2025/26");
    CHECK(financial_year(d(2026, 4, 1)).label() == "2026/27");

    // §11: notice 12 Jan 2026 -> horizon 31 Mar 2026; the following year ends 31 Mar 2027.
    CHECK(to_string(financial_year(d(2026, 1, 12)).end) == "2026-03-31");
    CHECK(bounds(financial_year(d(2026, 1, 12)).next()) == "2026-04-01..2027-03-31");
    CHECK(financial_year(d(2026, 1, 12)).next().label() == "2026/27");
    CHECK(financial_year(d(2025, 12, 31)).label() == "2025/26");

    // Century and decade rollovers of the two-digit suffix, worked by hand.
    CHECK(financial_year(d(1999, 4, 1)).label() == "1999/00");
    CHECK(financial_year(d(2009, 4, 1)).label() == "2009/10");
    CHECK(financial_year(d(2000, 1, 1)).label() == "1999/00");
    CHECK(financial_year(d(2099, 12, 31)).label() == "2099/00");
}

TEST_CASE("contains", "[financial-year]") {
    const FinancialYear fy = financial_year(d(2025, 6, 15));
    CHECK(fy.contains(d(2025, 4, 1)));
    CHECK(fy.contains(d(2026, 3, 31)));
    CHECK_FALSE(fy.contains(d(2025, 3, 31)));
    CHECK_FALSE(fy.contains(d(2026, 4, 1)));
}

TEST_CASE("A 6 April start gives the tax year", "[financial-year]") {
    const YearStart tax = YearStart::parse("04-06");
    CHECK(tax.month == 4);
    CHECK(tax.day == 6);
    // Tax year 2025/26 = 6 April 2025 .. 5 April 2026 (HMRC).
    CHECK(bounds(financial_year(d(2025, 4, 6), tax)) == "2025-04-06..2026-04-05");
    CHECK(financial_year(d(2025, 4, 6), tax).label() == "2025/26");
    CHECK(bounds(financial_year(d(2026, 4, 5), tax)) == "2025-04-06..2026-04-05");
    CHECK(financial_year(d(2025, 4, 5), tax).label() == "2024/25");
    CHECK(bounds(financial_year(d(2025, 4, 5), tax)) == "2024-04-06..2025-04-05");
    CHECK(financial_year(d(2026, 4, 6), tax).label() == "2026/27");
    CHECK(bounds(financial_year(d(2025, 4, 6), tax).next()) == "2026-04-06..2027-04-05");

    // A 1 January start is the calendar year, labelled by its single year.
    const YearStart jan = YearStart::parse("01-01");
    CHECK(bounds(financial_year(d(2025, 7, 1), jan)) == "2025-01-01..2025-12-31");
    CHECK(financial_year(d(2025, 7, 1), jan).label() == "2025");
    CHECK(financial_year(d(2025, 12, 31), jan).next().label() == "2026");

    // A start on 1 March: the year's end is 28 or 29 February.
    const YearStart march = YearStart::parse("03-01");
    CHECK(bounds(financial_year(d(2024, 2, 29), march)) == "2023-03-01..2024-02-29");
    CHECK(bounds(financial_year(d(2024, 3, 1), march)) == "2024-03-01..2025-02-28");

    CHECK(YearStart::parse("04-01") == YearStart{});
    CHECK(YearStart::parse("12-31") == YearStart{12, 31});
}

TEST_CASE("YearStart::parse refuses bad starts, naming the text", "[financial-year]") {
    struct Bad {
        const char* text;
        const char* fragment;
    };
    const Bad cases[] = {
        {"4-1", "expected MM-DD"},
        {"04-1", "expected MM-DD"},
        {"04/01", "expected MM-DD"},
        {"", "expected MM-DD"},
        {"0401", "expected MM-DD"},
        {"04-01 ", "expected MM-DD"},
        {"a4-01", "expected MM-DD"},
        {"+4-01", "expected MM-DD"},
        {"02-29", "no such day in every year"},  // no start in three years out of four
        {"13-01", "no such day"},
        {"00-10", "no such day"},
        {"04-31", "no such day"},
        {"04-00", "no such day"},
    };
    for (const Bad& b : cases)
        test::check_rejected([](const std::string& t) { return YearStart::parse(t); }, "invalid financial-year start",
                             b.text, b.fragment);
}
