// Tests of include/arrears/io/block_recovery.hpp: rows recovered a block at a time, their
// rejections naming the row and the cell, and duplicate ids (recovery-rules §12).
#include <arrears/io/block_recovery.hpp>
#include <arrears/io/records.hpp>
#include <arrears/recovery.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using namespace arrears;
using namespace std::literals;

TEST_CASE("Rejected table rows name the row, and the cell a row error is about", "[block-recovery][error]") {
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
