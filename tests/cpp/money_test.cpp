// Tests of include/arrears/money.hpp: exact pence, text in and out, percentages and splits
// (recovery-rules §1 and the `remainder` rules of §8).
#include <arrears/money.hpp>

#include <catch2/catch.hpp>

#include "rejects.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <type_traits>
#include <vector>

using namespace arrears;

// Money from a double would be a rounding nobody chose (style.md "Types model the domain").
static_assert(!std::is_constructible_v<Money, double>);
static_assert(!std::is_constructible_v<Money, float>);
static_assert(!std::is_constructible_v<Money, long double>);
static_assert(!std::is_convertible_v<std::int64_t, Money>);
static_assert(!std::is_convertible_v<int, Money>);
static_assert(Money(1234).pence() == 1234);

namespace {

Money p(std::int64_t pence) { return Money(pence); }

std::vector<std::int64_t> pence_of(const std::vector<Money>& parts) {
    std::vector<std::int64_t> out;
    for (Money m : parts) out.push_back(m.pence());
    return out;
}

struct Accepted {
    const char* text;
    std::int64_t pence;
};

struct Rejected {
    const char* text;
    const char* fragment;  // what the message must say is wrong
};

}  // namespace

TEST_CASE("Money::parse accepts the forms of §1", "[money][parse]") {
    // Each pence value is the text read as pounds and pence by hand (recovery-rules §1).
    const Accepted cases[] = {
        {"12", 1200},
        {"12.5", 1250},  // one decimal place means tenths of a pound
        {"12.50", 1250},
        {"12.05", 1205},
        {"0", 0},
        {"0.00", 0},
        {"-0", 0},
        {"-0.01", -1},
        {"0.01", 1},
        {"+3", 300},
        {"+0.99", 99},
        {"£1,234.56", 123456},
        {"1,234.56", 123456},
        {"1234.56", 123456},
        {"-£5.00", -500},
        {"£5", 500},
        {"+£7.1", 710},
        {"999", 99900},
        {"1,000", 100000},
        {"12,345,678.90", 1234567890},
        {"007", 700},
        {"1000000000000", 100'000'000'000'000},  // the largest magnitude, £1e12, ungrouped
        {"1,000,000,000,000.00", 100'000'000'000'000},
        {"-1,000,000,000,000.00", -100'000'000'000'000},
        {"999,999,999,999.99", 99'999'999'999'999},
    };
    for (const auto& c : cases) {
        INFO("text: '" << c.text << "'");
        CHECK(Money::parse(c.text).pence() == c.pence);
        Money m;
        const char* why = nullptr;
        CHECK(Money::try_parse(c.text, m, why));
        CHECK(m.pence() == c.pence);
    }
}

TEST_CASE("Money::parse rejects everything else, naming the text and the fault", "[money][parse]") {
    // The reasons are those of §1: too many decimals, empty, exponents, nan, inf, stray
    // characters, beyond ±£1,000,000,000,000.00.
    const Rejected cases[] = {
        {"1.234", "more than two decimal places"},  // no silent rounding
        {"0.001", "more than two decimal places"},
        {"-12.345", "more than two decimal places"},
        {"", "empty"},
        {"1e5", "unexpected character"},
        {"1E5", "unexpected character"},
        {"nan", "no digits"},
        {"NaN", "no digits"},
        {"inf", "no digits"},
        {"-inf", "no digits"},
        {"12a", "unexpected character"},
        {"12.3a", "unexpected character"},
        {"1,23", "a comma as the decimal point is not read"},  // 1.23 written the continental way
        {"1,2345", "thousands separator"},
        {"1234,567", "thousands separator"},
        {"1,234,56", "a comma as the decimal point is not read"},
        // Issue 26: messages that say what is wrong. An accounting negative in brackets (an
        // export's "(£119.00)" is -119.00), and a continental amount (1.064,34 is 1064.34).
        {"(£119.00)", "brackets for a negative amount are not read: write a minus sign"},
        {"(119.00)", "brackets for a negative amount are not read"},
        {"1.064,34", "a comma as the decimal point is not read: write a point, as in 1064.34"},
        {"12,5", "a comma as the decimal point is not read"},
        {",123", "thousands separator"},
        {"1,,234", "thousands separator"},
        {"£", "no digits"},
        {"-", "no digits"},
        {"+", "no digits"},
        {"-£", "no digits"},
        {" 12", "a space or tab where a digit should be"},  // the real reason (issue 14)
        {"12 ", "a space or tab inside the amount"},
        {"--5", "no digits"},
        {"+-5", "no digits"},
        {"£-5", "no digits"},
        {".5", "no digits"},
        {"12.", "no digits after the decimal point"},
        {"1.2.3", "unexpected character"},
        {"12p", "unexpected character"},
        {"$12", "no digits"},
        {"0x10", "unexpected character"},
        {"1,000,000,000,000.01", "beyond"},  // 1p over the limit of §1
        {"-1,000,000,000,000.01", "beyond"},
        {"1000000000000.01", "beyond"},
        {"1000000000001", "beyond"},
        {"10000000000000", "beyond"},
        {"99999999999999999999999999", "beyond"},  // would overflow 64 bits
    };
    for (const auto& c : cases) {
        test::check_rejected([](const std::string& t) { return Money::parse(t); }, "invalid amount", c.text,
                             c.fragment);
        Money m = p(42);
        const char* why = nullptr;
        CHECK_FALSE(Money::try_parse(c.text, m, why));
        REQUIRE(why != nullptr);
        CHECK_THAT(std::string(why), Catch::Contains(c.fragment));
        CHECK(m.pence() == 42);  // a failed parse leaves the output alone
    }
}

TEST_CASE("Money::parse takes text that is not NUL-terminated", "[money][parse]") {
    const std::string buffer = "12.345";
    // the first four bytes, "12.3", are a valid amount on their own
    CHECK(Money::parse(std::string_view(buffer).substr(0, 4)).pence() == 1230);
}

TEST_CASE("Money formats as -?digits.dd", "[money][format]") {
    // §1 "Text out": plain -?digits.dd.
    CHECK(p(123456).to_string() == "1234.56");
    CHECK(p(-1).to_string() == "-0.01");
    CHECK(p(0).to_string() == "0.00");
    CHECK(p(5).to_string() == "0.05");
    CHECK(p(-10).to_string() == "-0.10");
    CHECK(p(100).to_string() == "1.00");
    CHECK(p(-123456).to_string() == "-1234.56");
    // pounds of one, two, three and four digits (the formatter writes two digits at a time)
    CHECK(p(999).to_string() == "9.99");
    CHECK(p(1000).to_string() == "10.00");
    CHECK(p(9999).to_string() == "99.99");
    CHECK(p(10000).to_string() == "100.00");
    CHECK(p(-100001).to_string() == "-1000.01");
    CHECK(p(100'000'000'000'000).to_string() == "1000000000000.00");  // no thousands separators
    // the extremes of the representation: |INT64_MIN| = 9223372036854775808 pence
    CHECK(p(INT64_MAX).to_string() == "92233720368547758.07");
    CHECK(p(INT64_MIN).to_string() == "-92233720368547758.08");

    char buf[32];
    const std::size_t len = p(-123456).format_to(buf);
    CHECK(std::string(buf, len) == "-1234.56");
}

TEST_CASE("Money text round-trips through parse", "[money][format]") {
    const std::int64_t values[] = {0, 1, -1, 99, 100, 123456, -123456, 100'000'000'000'000, -100'000'000'000'000};
    for (std::int64_t v : values) {
        INFO(v);
        CHECK(Money::parse(p(v).to_string()).pence() == v);
    }
}

TEST_CASE("Money arithmetic is exact and checks overflow", "[money]") {
    CHECK((p(53217) + p(53217)).pence() == 106434);  // §11: two missed £532.17 = £1,064.34
    CHECK((p(100) - p(101)).pence() == -1);
    CHECK((-p(5)).pence() == -5);
    CHECK((p(53217) * 2).pence() == 106434);
    Money m = p(10);
    m += p(5);
    CHECK(m.pence() == 15);
    m -= p(20);
    CHECK(m.pence() == -5);
    CHECK(p(1) < p(2));
    CHECK(p(2) >= p(2));
    CHECK(p(2) != p(3));
    CHECK(Money::zero() == Money());
    CHECK(Money::pence(7) == p(7));

    CHECK_THROWS_AS(p(INT64_MAX) + p(1), std::overflow_error);
    CHECK_THROWS_AS(p(INT64_MIN) - p(1), std::overflow_error);
    CHECK_THROWS_AS(-p(INT64_MIN), std::overflow_error);
    CHECK_THROWS_AS(p(0) - p(INT64_MIN), std::overflow_error);
    // -1 - INT64_MIN = INT64_MAX exactly: representable, so no overflow
    CHECK((p(-1) - p(INT64_MIN)).pence() == INT64_MAX);
    CHECK_THROWS_AS(p(INT64_MAX / 2 + 1) * 2, std::overflow_error);
}

TEST_CASE("Percentage::parse reads exact decimals", "[money][percentage]") {
    // millionths of one per cent, by hand
    CHECK(Percentage::parse("50%").millionths() == 50'000'000);
    CHECK(Percentage::parse("33.3%").millionths() == 33'300'000);
    CHECK(Percentage::parse("33.33%").millionths() == 33'330'000);
    CHECK(Percentage::parse("0%").millionths() == 0);
    CHECK(Percentage::parse("100%").millionths() == 100'000'000);
    CHECK(Percentage::parse("0.000001%").millionths() == 1);
    CHECK(Percentage::parse("12.345678%").millionths() == 12'345'678);

    CHECK(Percentage::parse("50%").to_string() == "50%");
    CHECK(Percentage::parse("33.30%").to_string() == "33.3%");
    CHECK(Percentage::parse("0.05%").to_string() == "0.05%");

    const Rejected bad[] = {
        {"50", "must end with %"},
        {"", "must end with %"},
        {"%", "expected digits"},
        {"-5%", "expected digits"},
        {"+5%", "expected digits"},
        {".5%", "expected digits"},
        {"5.%", "no digits after the decimal point"},
        {"1.2345678%", "more than six decimal places"},
        {"5e1%", "expected digits"},
        {"50 %", "expected digits"},
        {"nan%", "expected digits"},
        {"10000000%", "too large"},
    };
    for (const auto& c : bad)
        test::check_rejected([](const std::string& t) { return Percentage::parse(t); }, "invalid percentage", c.text,
                             c.fragment);
}

TEST_CASE("Percentage::of_round_down rounds down to the penny", "[money][percentage]") {
    const auto pct = [](const char* t) { return Percentage::parse(t); };
    // §11: 50% of £532.17 = £266.085, rounded down to £266.08.
    CHECK(pct("50%").of_round_down(p(53217)).pence() == 26608);
    // 33.3% of £100.00 = £33.30 exactly.
    CHECK(pct("33.3%").of_round_down(p(10000)).pence() == 3330);
    // 33.33% of £0.10 = 3.333p, rounded down to 3p.
    CHECK(pct("33.33%").of_round_down(p(10)).pence() == 3);
    // 99.999999% of 1p is just under 1p: 0p, never rounded up.
    CHECK(pct("99.999999%").of_round_down(p(1)).pence() == 0);
    CHECK(pct("100%").of_round_down(p(53217)).pence() == 53217);
    CHECK(pct("0%").of_round_down(p(53217)).pence() == 0);
    CHECK(pct("200%").of_round_down(p(150)).pence() == 300);
    // Down means towards minus infinity: 50% of -3p = -1.5p -> -2p.
    CHECK(pct("50%").of_round_down(p(-3)).pence() == -2);
    // The product needs more than 64 bits: 100% of £1e12 = 1e14 pence x 1e8 millionths.
    CHECK(pct("100%").of_round_down(p(100'000'000'000'000)).pence() == 100'000'000'000'000);
    CHECK(pct("12.5%").of_round_down(p(100'000'000'000'000)).pence() == 12'500'000'000'000);
}

TEST_CASE("split with the remainder on the first parts", "[money][split]") {
    // 106435 = 3 x 35478 + 1: the first part gets the odd penny.
    CHECK(pence_of(split(p(106435), 3, Remainder::first)) == std::vector<std::int64_t>{35479, 35478, 35478});
    // §11: £1,064.34 over 2 = £532.17 each.
    CHECK(pence_of(split(p(106434), 2, Remainder::first)) == std::vector<std::int64_t>{53217, 53217});
    // §11: £1,064.34 over 5: 106434 = 5 x 21286 + 4 -> four of 212.87 then 212.86.
    CHECK(pence_of(split(p(106434), 5, Remainder::first)) ==
          std::vector<std::int64_t>{21287, 21287, 21287, 21287, 21286});
    // §11: over 4 it would be 26609, 26609, 26608, 26608 (106434 = 4 x 26608 + 2).
    CHECK(pence_of(split(p(106434), 4, Remainder::first)) == std::vector<std::int64_t>{26609, 26609, 26608, 26608});
    CHECK(pence_of(split(p(2), 5, Remainder::first)) == std::vector<std::int64_t>{1, 1, 0, 0, 0});
    CHECK(pence_of(split(p(0), 3, Remainder::first)) == std::vector<std::int64_t>{0, 0, 0});
    CHECK(pence_of(split(p(777), 1, Remainder::first)) == std::vector<std::int64_t>{777});
}

TEST_CASE("split with the remainder on the last parts", "[money][split]") {
    CHECK(pence_of(split(p(106435), 3, Remainder::last)) == std::vector<std::int64_t>{35478, 35478, 35479});
    CHECK(pence_of(split(p(106434), 5, Remainder::last)) ==
          std::vector<std::int64_t>{21286, 21287, 21287, 21287, 21287});
    CHECK(pence_of(split(p(2), 5, Remainder::last)) == std::vector<std::int64_t>{0, 0, 0, 1, 1});
    CHECK(pence_of(split(p(9), 3, Remainder::last)) == std::vector<std::int64_t>{3, 3, 3});
}

TEST_CASE("split by whole pounds (the Council Tax rule)", "[money][split]") {
    // 1234.56 / 10 = 123.456 -> £123 for nine parts; the first is 1234.56 - 9 x 123 = 127.56.
    CHECK(pence_of(split(p(123456), 10, Remainder::whole_pounds)) ==
          std::vector<std::int64_t>{12756, 12300, 12300, 12300, 12300, 12300, 12300, 12300, 12300, 12300});
    // 1064.35 / 3 = 354.78... -> £355; first = 1064.35 - 710 = 354.35.
    CHECK(pence_of(split(p(106435), 3, Remainder::whole_pounds)) == std::vector<std::int64_t>{35435, 35500, 35500});
    // Halves go up: 10.50 / 3 = 3.50 -> £4; first = 10.50 - 8 = 2.50.
    CHECK(pence_of(split(p(1050), 3, Remainder::whole_pounds)) == std::vector<std::int64_t>{250, 400, 400});
    // Just under a half goes down: 10.47 / 3 = 3.49 -> £3; first = 10.47 - 6 = 4.47.
    CHECK(pence_of(split(p(1047), 3, Remainder::whole_pounds)) == std::vector<std::int64_t>{447, 300, 300});
    // A single part is the whole total, pence and all.
    CHECK(pence_of(split(p(12345), 1, Remainder::whole_pounds)) == std::vector<std::int64_t>{12345});
}

TEST_CASE("split by whole pounds rounds down when rounding up would make the first negative", "[money][split]") {
    // £10.60 over 7: 10.60 / 7 = 1.514... -> nearest pound £2, but then the first would be
    // 10.60 - 6 x 2.00 = -1.40 < 0. So round down instead: £1 for the six others and
    // 10.60 - 6 x 1.00 = 4.60 for the first (§8 whole-pounds, last sentence).
    CHECK(pence_of(split(p(1060), 7, Remainder::whole_pounds)) ==
          std::vector<std::int64_t>{460, 100, 100, 100, 100, 100, 100});
    // £1.50 over 3: 0.50 each rounds (half up) to £1, first = 1.50 - 2.00 = -0.50 < 0;
    // rounded down the others are £0 and the first carries all 1.50.
    CHECK(pence_of(split(p(150), 3, Remainder::whole_pounds)) == std::vector<std::int64_t>{150, 0, 0});
    // £0.99 over 2: 0.495 rounds to £0 already; nothing to fix: 0.99, 0.00.
    CHECK(pence_of(split(p(99), 2, Remainder::whole_pounds)) == std::vector<std::int64_t>{99, 0});
}

TEST_CASE("split rejects impossible requests naming the value", "[money][split]") {
    CHECK_THROWS_AS(split(p(100), 0, Remainder::first), InputError);
    CHECK_THROWS_WITH(split(p(100), 0, Remainder::first), Catch::Contains("got 0"));
    CHECK_THROWS_WITH(split(p(100), -2, Remainder::last), Catch::Contains("got -2"));
    CHECK_THROWS_WITH(split(p(-1), 2, Remainder::first), Catch::Contains("-0.01"));
    CHECK_THROWS_AS(largest_part(p(-1), 2, Remainder::whole_pounds), InputError);
    CHECK_THROWS_AS(split_part(p(100), 0, Remainder::first, 0), InputError);
}

TEST_CASE("largest_part and split_part agree with split", "[money][split]") {
    // By hand: 1064.35 over 3 (first): largest 354.79; whole pounds: largest 355.00.
    CHECK(largest_part(p(106435), 3, Remainder::first).pence() == 35479);
    CHECK(largest_part(p(106435), 3, Remainder::last).pence() == 35479);
    CHECK(largest_part(p(106434), 2, Remainder::first).pence() == 53217);
    CHECK(largest_part(p(106435), 3, Remainder::whole_pounds).pence() == 35500);
    CHECK(largest_part(p(123456), 10, Remainder::whole_pounds).pence() == 12756);
    CHECK(largest_part(p(1060), 7, Remainder::whole_pounds).pence() == 460);
    CHECK(largest_part(p(0), 4, Remainder::first).pence() == 0);
    CHECK(split_part(p(106435), 3, Remainder::last, 2).pence() == 35479);
    CHECK(split_part(p(123456), 10, Remainder::whole_pounds, 9).pence() == 12300);

    const Remainder rule = GENERATE(Remainder::first, Remainder::last, Remainder::whole_pounds);
    const std::int64_t total =
        GENERATE(as<std::int64_t>{}, 0, 1, 2, 99, 100, 149, 150, 151, 1060, 106434, 106435, 123456, 99'999'999'999'999);
    const std::int64_t n = GENERATE(1, 2, 3, 4, 5, 7, 10, 12, 52);
    INFO("total " << total << " n " << n << " rule " << static_cast<int>(rule));
    const std::vector<Money> parts = split(p(total), n, rule);
    REQUIRE(parts.size() == static_cast<std::size_t>(n));
    // (split() is built from split_part(), so only largest_part() is checked against it.)
    CHECK(largest_part(p(total), n, rule) == *std::max_element(parts.begin(), parts.end()));
}

TEST_CASE("every split sums to its total with non-negative parts", "[money][split][property]") {
    // §10: Σ recovery = A; 0 ≤ recovery; with first/last, max − min ≤ 1p.
    const Remainder rule = GENERATE(Remainder::first, Remainder::last, Remainder::whole_pounds);
    const std::int64_t total =
        GENERATE(take(60, random<std::int64_t>(0, 100'000'000'000'000)), take(60, random<std::int64_t>(0, 100'000)),
                 values<std::int64_t>({0, 1, 49, 50, 51, 99, 100, 150, 250}));
    const std::int64_t n = GENERATE(take(8, random<std::int64_t>(1, 400)), values<std::int64_t>({1, 2, 3, 12}));
    INFO("total " << total << " n " << n << " rule " << static_cast<int>(rule));

    const std::vector<Money> parts = split(p(total), n, rule);
    REQUIRE(parts.size() == static_cast<std::size_t>(n));
    // Aggregated per split (not one assertion per part) to keep thousands of cases fast.
    std::int64_t sum = 0, negatives = 0, misplaced = 0;
    std::int64_t lo = parts[0].pence(), hi = parts[0].pence();
    const std::size_t extra = static_cast<std::size_t>(total % n);
    // §8 whole-pounds, restated: total/n to the nearest pound, halves up, unless that makes
    // the first part negative, then rounded down.
    std::int64_t pounds = (total + 50 * n) / (100 * n) * 100;
    if (total - (n - 1) * pounds < 0) pounds = total / (100 * n) * 100;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::int64_t v = parts[i].pence();
        if (v < 0) ++negatives;
        sum += v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        if (rule == Remainder::whole_pounds) {
            if (i > 0 && v != pounds) ++misplaced;
        } else {
            // the extra pennies sit at the named end
            const bool gets_extra = rule == Remainder::first ? i < extra : i >= parts.size() - extra;
            if (v != total / n + (gets_extra ? 1 : 0)) ++misplaced;
        }
    }
    CHECK(sum == total);
    CHECK(negatives == 0);
    CHECK(misplaced == 0);
    CHECK(largest_part(p(total), n, rule).pence() == hi);
    if (rule != Remainder::whole_pounds) CHECK(hi - lo <= 1);
}
