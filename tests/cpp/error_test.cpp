// Tests of include/arrears/error.hpp and of how messages keep the caller's text whole,
// NUL characters included (a Python str, or a library caller's std::string, may hold one).
#include <arrears/error.hpp>
#include <arrears/money.hpp>
#include <arrears/plan.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using namespace arrears;
using namespace std::literals;

TEST_CASE("InputError keeps a message with NUL whole in message() and shows it as \\0 in what()", "[error]") {
    const InputError e("unknown frequency 'monthly\0' (expected ...)"s);
    CHECK(e.message() == "unknown frequency 'monthly\0' (expected ...)"s);
    CHECK(std::string(e.what()) == "unknown frequency 'monthly\\0' (expected ...)");
    // Without NUL the two are the same text (and nothing extra is held).
    const InputError plain("invalid date '2026-13-01': month out of range");
    CHECK(plain.message() == "invalid date '2026-13-01': month out of range");
    CHECK(std::string(plain.what()) == "invalid date '2026-13-01': month out of range");
    // A copy (as a catch by value, or std::exception_ptr, makes) keeps it.
    const InputError copy = e;
    CHECK(copy.message() == e.message());
}

TEST_CASE("A parser's message quotes text with NUL in full", "[error]") {
    try {
        (void)parse_frequency("monthly\0"sv);
        FAIL("no exception");
    } catch (const InputError& e) {
        CHECK(e.message() == "unknown frequency 'monthly\0' (expected weekly, fortnightly, four-weekly or monthly)"s);
    }
}

TEST_CASE("A message quotes at most a bounded piece of a long value, and says how long it is", "[error]") {
    // Up to quote_chars + 20 characters (120) a value is quoted whole: cutting a few saves nothing.
    CHECK(quote_text("12.345") == "'12.345'");
    CHECK(quote_text(std::string(120, 'x')) == std::string("'") + std::string(120, 'x') + "'");
    // Beyond, its first 100 characters, an ellipsis and its length in characters (code points:
    // 'é' is two bytes, one character, and is never cut in two).
    CHECK(quote_text(std::string(121, 'x')) == std::string("'") + std::string(100, 'x') + "\u2026' (121 characters)");
    std::string accents;
    for (int i = 0; i < 40'000; ++i) accents += "\u00e9";
    CHECK(quote_text(accents) == std::string("'") + accents.substr(0, 200) + "\u2026' (40,000 characters)");
    // The parsers' messages use it: a 1,000,000-digit amount is not quoted whole.
    try {
        (void)Money::parse(std::string(1'000'000, '1'));
        FAIL("no exception");
    } catch (const InputError& e) {
        const std::string m = e.what();
        CHECK(m.starts_with(std::string("invalid amount '") + std::string(100, '1') +
                            "\u2026' (1,000,000 characters): "));
        CHECK(m.size() < 300);
    }
}
