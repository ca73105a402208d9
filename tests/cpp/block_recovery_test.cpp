// Tests of include/arrears/io/block_recovery.hpp: rows recovered a block at a time, their
// rejections naming the row and the cell, and duplicate ids (recovery-rules §12).
#include <arrears/io/block_recovery.hpp>
#include <arrears/io/detail/file_id_index.hpp>
#include <arrears/io/records.hpp>
#include <arrears/recovery.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

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
    ThreadPool one(1);
    io::BlockRecovery recover(rec, io::AccountColumns::find(t, "accounts"), "accounts", none, one);
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

namespace {
// The summary message of every row of the file at `path`, streamed through a small buffer
// in blocks of 1000 rows; with `reread`, duplicates are found by reading earlier ids again
// (io::duplicate_index, as the command line does), else by keeping every id.
std::vector<std::string> stream_messages(const std::string& path, bool reread, std::size_t* rereads = nullptr) {
    Options o;
    o.outage = Outage{make_date(2025, 11, 24), make_date(2026, 1, 9)};
    o.notice_date = make_date(2026, 1, 12);
    const Recovery rec(o, Calendar());
    io::Attachments none;
    io::CsvReader reader(path, "accounts.csv", io::Encoding::utf8, 4096);
    io::TextTable header;
    header.header = reader.header();
    const io::AccountColumns columns = io::AccountColumns::find(header, "accounts.csv");
    std::unique_ptr<io::detail::DuplicateIndex> ids;
    if (reread) ids = io::duplicate_index(reader, columns);
    const auto* file_index = dynamic_cast<const io::detail::FileIdIndex*>(ids.get());
    ThreadPool pool(2);
    io::BlockRecovery recover(rec, columns, "accounts.csv", none, pool, 100, std::move(ids));
    std::vector<std::string> messages;
    io::TextTable block;
    std::vector<AccountResult> results;
    while (reader.next_block(block, 1000)) {
        recover.run(block, results);
        for (std::size_t r = 0; r < block.rows(); ++r) messages.push_back(results[r].summary.message);
    }
    if (rereads && file_index) *rereads = file_index->rereads();
    return messages;
}
}  // namespace

TEST_CASE("Duplicates in a file read again: far apart, a file appended to itself, of a rejected row",
          "[block-recovery][id-index]") {
    std::string rows;
    for (int i = 0; i < 5000; ++i) rows += std::string("ACC-") + std::to_string(i) + ",100.00,monthly,2025-04-01\n";
    const std::string text = "account_id,amount,frequency,first_due\n" + rows + "BAD,0.00,monthly,2025-04-01\n" + rows +
                             "BAD,5.00,monthly,2025-04-01\n";
    const std::string path = std::string("/tmp/arrears-block-recovery-test-") + std::to_string(::getpid()) + ".csv";
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f);
        REQUIRE(std::fwrite(text.data(), 1, text.size(), f) == text.size());
        std::fclose(f);
    }
    std::size_t rereads = 0;
    const std::vector<std::string> reread = stream_messages(path, true, &rereads);
    const std::vector<std::string> kept = stream_messages(path, false);
    std::remove(path.c_str());
    // Lines 2-5001: ACC-0 to ACC-4999; 5002: BAD (0.00, rejected); 5003-10002: ACC-0 to
    // ACC-4999 again; 10003: BAD again, itself valid.
    REQUIRE(reread.size() == 10002);
    CHECK(reread == kept);
    // accepted: with the promise, 200.00 goes on three collections, to 1 Apr 2026
    CHECK(reread[0] == "recovery runs past the horizon 2026-03-31 to 2026-04-01");
    CHECK(reread[5000] == "accounts.csv line 5002, column 2 (amount): amount '0.00' must be more than 0.00");
    CHECK(reread[5001] ==
          "accounts.csv line 5003, column 1 (account_id): duplicate account_id 'ACC-0' (first on line 2)");
    CHECK(reread[10000] ==
          "accounts.csv line 10002, column 1 (account_id): duplicate account_id 'ACC-4999' (first on line 5001)");
    CHECK(reread[10001] ==
          "accounts.csv line 10003, column 1 (account_id): duplicate account_id 'BAD' (first on line 5002)");
    // One earlier id read again per duplicate, give or take a rare fingerprint match (32 bits
    // over 5001 ids: expected far below one).
    CHECK(rereads >= 5001);
    CHECK(rereads <= 5003);
}

TEST_CASE("Duplicates after a quote that never closes are found as when every id is kept",
          "[block-recovery][id-index]") {
    // Line 2 opens a quote no later byte closes (rejected; reading goes on at line 3); 3000
    // ids follow, then each again in a scrambled order (3001 is prime to 1009, so i*1009 mod
    // 3001 visits every id once), each duplicate reading its first row's window again. Before
    // issue 25 each of those read the rest of the file (221 s against 3.6 s at the probe's size).
    std::string text = "account_id,amount,frequency,first_due\n\"Q,100.00,monthly,2025-04-01\n";
    for (int i = 0; i < 3001; ++i) text += std::string("D-") + std::to_string(i) + ",100.00,monthly,2025-04-01\n";
    for (int i = 0; i < 3001; ++i)
        text += std::string("D-") + std::to_string(i * 1009 % 3001) + ",100.00,monthly,2025-04-01\n";
    const std::string path = std::string("/tmp/arrears-block-recovery-quote-") + std::to_string(::getpid()) + ".csv";
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f);
        REQUIRE(std::fwrite(text.data(), 1, text.size(), f) == text.size());
        std::fclose(f);
    }
    std::size_t rereads = 0;
    const std::vector<std::string> reread = stream_messages(path, true, &rereads);
    const std::vector<std::string> kept = stream_messages(path, false);
    std::remove(path.c_str());
    REQUIRE(reread.size() == 6003);
    CHECK(reread == kept);
    CHECK(reread[0] == "accounts.csv line 2: unclosed quote in field 1 (opened on line 2)");
    // Line 3004 holds D-0 again (0 * 1009 mod 3001), first on line 3; line 3005 D-1009, first on 1012.
    CHECK(reread[3002] ==
          "accounts.csv line 3004, column 1 (account_id): duplicate account_id 'D-0' (first on line 3)");
    CHECK(reread[3003] ==
          "accounts.csv line 3005, column 1 (account_id): duplicate account_id 'D-1009' (first on line 1012)");
    CHECK(rereads >= 3001);
}
