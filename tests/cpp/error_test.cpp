// Tests of include/arrears/error.hpp and of how messages keep the caller's text whole,
// NUL characters included (a Python str, or a library caller's std::string, may hold one).
#include <arrears/error.hpp>
#include <arrears/io/records.hpp>
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

TEST_CASE("A rejected table row names the cell a row error is about", "[error]") {
    io::TextTable t;
    t.row_label = "row";
    t.header = {"account_id", "amount", "frequency", "first_due"};
    const std::vector<std::string_view> good{"A", "100.00", "monthly\0"sv, "2025-04-01"};
    t.add_row(0, good);
    t.add_bad_row(1, "not valid Unicode text");
    t.add_bad_row(2, "wrong number of fields");
    t.row_error_column = {-1, 1, -1};  // row 1's error is about column 2 (amount)
    io::Portfolio p;
    io::read_accounts(t, "accounts", p);
    REQUIRE(p.rejection.size() == 3);
    CHECK(p.rejection[0] ==
          "accounts row 0, column 3 (frequency): unknown frequency 'monthly\0' "
          "(expected weekly, fortnightly, four-weekly or monthly)"s);
    CHECK(p.rejection[1] == "accounts row 1, column 2 (amount): not valid Unicode text");
    CHECK(p.rejection[2] == "accounts row 2: wrong number of fields");
}
