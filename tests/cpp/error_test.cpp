// Tests of include/arrears/error.hpp and of how messages keep the caller's text whole,
// NUL characters included (a Python str, or a library caller's std::string, may hold one).
#include <arrears/error.hpp>
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
