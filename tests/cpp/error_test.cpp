// Tests of include/arrears/error.hpp and of how messages keep the caller's text whole,
// NUL characters included (a Python str, or a library caller's std::string, may hold one).
#include <arrears/error.hpp>
#include <arrears/io/block_recovery.hpp>
#include <arrears/io/detail/thread_pool.hpp>
#include <arrears/io/records.hpp>
#include <arrears/plan.hpp>
#include <arrears/recovery.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <atomic>
#include <stdexcept>

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

TEST_CASE("Rejected table rows name the row, and the cell a row error is about", "[error]") {
    io::TextTable t;
    t.row_label = "row";
    t.header = {"account_id", "amount", "frequency", "first_due"};
    const std::vector<std::string_view> good{"A", "100.00", "monthly\0"sv, "2025-04-01"};
    t.add_row(0, good);
    t.add_bad_row(1, "not valid Unicode text");
    t.add_bad_row(2, "wrong number of fields");
    const std::vector<std::string_view> again{"A", "100.00", "monthly", "2025-04-01"};
    t.add_row(3, again);
    t.row_error_column = {-1, 1, -1, -1};  // row 1's error is about column 2 (amount)
    Options o;
    o.outage = Outage{make_date(2025, 11, 24), make_date(2026, 1, 9)};
    o.notice_date = make_date(2026, 1, 12);
    const Recovery rec(o, Calendar());
    io::Attachments none;
    io::BlockRecovery recover(rec, io::AccountColumns::find(t, "accounts"), "accounts", none, 1);
    std::vector<AccountResult> r;
    recover.run(t, r);
    REQUIRE(r.size() >= 4);
    CHECK(r[0].summary.message ==
          "accounts row 0, column 3 (frequency): unknown frequency 'monthly\0' "
          "(expected weekly, fortnightly, four-weekly or monthly)"s);
    CHECK(r[1].summary.message == "accounts row 1, column 2 (amount): not valid Unicode text");
    CHECK(r[2].summary.message == "accounts row 2: wrong number of fields");
    // §12: a duplicate account_id rejects the later row, even though row 0 was rejected too.
    CHECK(r[3].summary.message == "accounts row 3, column 1 (account_id): duplicate account_id 'A' (first on row 0)");
}

TEST_CASE("for_each_chunk joins its threads and hands back the first exception", "[error]") {
    // Chunk 3 throws: the call must rethrow it on the caller's thread (not terminate), and
    // no chunk may run twice.
    std::atomic<int> runs[8] = {};
    CHECK_THROWS_WITH(io::detail::for_each_chunk(8, 2,
                                         [&](std::size_t c) {
                                             ++runs[c];
                                             if (c == 3) throw std::runtime_error("chunk 3");
                                         }),
                      "chunk 3");
    for (auto& r : runs) CHECK(r <= 1);
    CHECK(runs[3] == 1);
}
