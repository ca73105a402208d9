// Tests of include/arrears/io/attachments.hpp: ledger and payment rows held compactly and
// handed to their accounts in file-then-line order, whatever the blocks and threads, and
// the rows no account took reported in file and line order (recovery-rules §5, §12).
#include <arrears/io/attachments.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/thread_pool.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

using namespace arrears;

namespace {

/// The standard-error lines of finish()'s reported rows.
std::vector<std::string> messages(const std::vector<io::ReportedRow>& rows) {
    std::vector<std::string> out;
    for (const io::ReportedRow& r : rows) out.push_back(r.message);
    return out;
}

/// Feeds `whole` to Attachments::add_file `per_block` rows at a time, as CsvReader would.
std::size_t add_in_blocks(io::Attachments& held, io::Attachments::Kind kind, const io::TextTable& whole,
                          std::string_view source, std::size_t per_block, unsigned threads) {
    ThreadPool pool(threads);
    const std::size_t file = held.begin_file(kind, whole.header, source);
    std::size_t next_row = 0;
    return held.add_file(
        file,
        [&](io::TextTable& block) {
            block.header = whole.header;
            block.clear_rows();
            for (; next_row < whole.rows() && block.rows() < per_block; ++next_row) {
                if (!whole.row_error[next_row].empty()) {
                    block.add_bad_row(whole.line[next_row], whole.row_error[next_row]);
                    continue;
                }
                std::vector<std::string_view> cells;
                for (std::size_t c = 0; c < whole.width(); ++c) cells.push_back(whole.at(next_row, c));
                block.add_row(whole.line[next_row], cells);
            }
            return block.rows() > 0;
        },
        pool);
}

// Ledger rows of A spread over two files, between other ids' rows (lines count the header).
constexpr std::string_view first_ledger =
    "account_id,due_date,amount,status,reason\n"
    "A,2025-12-01,100.00,not_presented,\n"  // line 2
    "B,2025-12-01,50.00,unpaid,0\n"         // line 3
    "A,2025-12-01,100.00,unpaid,4\n"        // line 4
    "Z,2025-12-01,1.00,unpaid,0\n"          // line 5: no such account
    "A,2025-12-01,-1.00,collected,\n"       // line 6: malformed
    "R,2025-12-01,7.00,not_presented,\n"    // line 7: its account is rejected
    "A,2026-01-02,100.00,collected,\n";     // line 8
constexpr std::string_view second_ledger =
    "status,account_id,due_date,amount\n"
    "not_presented,A,2026-01-05,99.00\n"  // line 2
    "collected,Z,2026-01-05,1.00\n";      // line 3: no such account
constexpr std::string_view payments =
    "account_id,date,amount\n"
    "R,2026-01-03,5.00\n"    // line 2: its account is rejected
    "A,2026-01-03,20.00\n";  // line 3

}  // namespace

TEST_CASE("Rows of one id over two files and many blocks reach it in file-then-line order", "[attachments]") {
    const io::TextTable l1 = io::parse_csv(first_ledger, "l1.csv");
    const io::TextTable l2 = io::parse_csv(second_ledger, "l2.csv");
    const io::TextTable p = io::parse_csv(payments, "p.csv");
    for (const unsigned threads : {1u, 3u})
        for (const std::size_t per_block : {std::size_t{1}, std::size_t{2}, std::size_t{100}}) {
            CAPTURE(threads, per_block);
            io::Attachments held;
            CHECK(add_in_blocks(held, io::Attachments::Kind::ledger, l1, "l1.csv", per_block, threads) == 7);
            CHECK(add_in_blocks(held, io::Attachments::Kind::ledger, l2, "l2.csv", per_block, threads) == 2);
            CHECK(add_in_blocks(held, io::Attachments::Kind::payments, p, "p.csv", per_block, threads) == 2);
            held.rejected("R", 9);
            held.rejected("R", 12);  // only the first rejection is named
            Account a;
            a.id = "A";
            held.attach(a);
            // l1.csv lines 2, 4, 8, then l2.csv line 2 (line 6 is malformed).
            REQUIRE(a.ledger.size() == 4);
            CHECK(a.ledger[0].status == LedgerStatus::not_presented);
            CHECK(a.ledger[0].reason.empty());
            CHECK(a.ledger[1].status == LedgerStatus::unpaid);
            CHECK(a.ledger[1].reason == "4");
            CHECK(a.ledger[1].amount == Money::pence(10000));
            CHECK(a.ledger[2].due_date == make_date(2026, 1, 2));
            CHECK(a.ledger[2].status == LedgerStatus::collected);
            CHECK(a.ledger[3].due_date == make_date(2026, 1, 5));
            CHECK(a.ledger[3].amount == Money::pence(9900));
            REQUIRE(a.payments.size() == 1);
            CHECK(a.payments[0].date == make_date(2026, 1, 3));
            CHECK(a.payments[0].amount == Money::pence(2000));
            // §5 "Nothing lost": the malformed line 6 names A, so A carries it (by role,
            // line and problem) and goes to review; it is still reported below.
            REQUIRE(a.reported.size() == 1);
            CHECK(a.reported[0] == "ledger line 6, column 3 (amount): amount '-1.00' is negative");
            Account again;
            again.id = "A";
            held.attach(again);  // the rows went to the first account with the id
            CHECK(again.ledger.empty());
            Account b;
            b.id = "B";
            held.attach(b);
            REQUIRE(b.ledger.size() == 1);
            CHECK(b.ledger[0].reason == "0");
            // By file, then line: the malformed row among the rows no account took.
            const std::vector<std::string> expected{
                "l1.csv line 5, column 1 (account_id): unknown account_id 'Z'",
                "l1.csv line 6, column 3 (amount): amount '-1.00' is negative",
                "l1.csv line 7, column 1 (account_id): account_id 'R' was rejected (accounts line 9); row not used",
                "l2.csv line 3, column 2 (account_id): unknown account_id 'Z'",
                "p.csv line 2, column 1 (account_id): account_id 'R' was rejected (accounts line 9); row not used",
            };
            const std::vector<io::ReportedRow> rows = held.finish();
            CHECK(messages(rows) == expected);
            // §12's manifest entries: file, line, account_id, problem.
            REQUIRE(rows.size() == 5);
            CHECK(rows[1].file == "l1.csv");
            CHECK(rows[1].line == 6);
            CHECK(rows[1].account_id == "A");
            CHECK(rows[1].problem == "column 3 (amount): amount '-1.00' is negative");
            CHECK(rows[0].account_id == "Z");
            CHECK(rows[0].problem == "unknown account_id 'Z'");
        }
}

TEST_CASE("A malformed row whose account_id cannot be read names no account", "[attachments]") {
    // Line 2: the account_id cell is the bad one (empty here is read, but a row short of
    // cells has none to read); line 3: a payment dated day/month/year in an ISO file names
    // P (issue 24's R-100007).
    const io::TextTable t = io::parse_csv("account_id,date,amount\nP,2025-12-05\nP,16/12/2025,20.00\n", "p.csv");
    ThreadPool pool(1);
    io::Attachments held;
    held.add(io::Attachments::Kind::payments, t, "p.csv", pool);
    Account p;
    p.id = "P";
    held.attach(p);
    CHECK(p.payments.empty());
    REQUIRE(p.reported.size() == 1);
    CHECK(p.reported[0].starts_with("payments line 3, column 2 (date): invalid date '16/12/2025'"));
    const std::vector<io::ReportedRow> rows = held.finish();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].account_id.empty());
    CHECK(rows[0].line == 2);
    CHECK(rows[1].account_id == "P");
}

TEST_CASE("A whole table and the same rows in blocks are held alike", "[attachments]") {
    const io::TextTable l1 = io::parse_csv(first_ledger, "l1.csv");
    io::Attachments whole, blocks;
    ThreadPool one(1);
    whole.add(io::Attachments::Kind::ledger, l1, "l1.csv", one);
    add_in_blocks(blocks, io::Attachments::Kind::ledger, l1, "l1.csv", 3, 2);
    Account a, b;
    a.id = b.id = "A";
    whole.attach(a);
    blocks.attach(b, io::Attachments::hash("A"));
    REQUIRE(a.ledger.size() == 3);
    REQUIRE(b.ledger.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(a.ledger[i].due_date == b.ledger[i].due_date);
        CHECK(a.ledger[i].status == b.ledger[i].status);
        CHECK(a.ledger[i].amount == b.ledger[i].amount);
    }
    CHECK(messages(whole.finish()) == messages(blocks.finish()));
}

TEST_CASE("A file without a required column is refused by name", "[attachments][error]") {
    io::Attachments held;
    const std::vector<std::string> header{"account_id", "date"};
    CHECK_THROWS_WITH(held.begin_file(io::Attachments::Kind::payments, header, "p.csv"),
                      "p.csv: missing required column 'amount'");
    CHECK(held.empty());
}

TEST_CASE("A ledger streamed through a small buffer keeps every row's account_id", "[attachments][stream]") {
    // The command line holds one block while CsvReader reads the next, refilling the buffer
    // the held block's cells viewed: the ids must already be copied (found when the 1,000,000-
    // account benchmark reported ids such as 'ted,\nB04'). 300 accounts L000..L299, two rows
    // each: every first row (due 2025-12-01), then every second row (2026-01-01, unpaid, 0),
    // read through a 64-byte buffer in blocks of 7 rows on 2 threads.
    const std::string path = std::string("/tmp/arrears-attachments-test-") + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "account_id,due_date,amount,status,reason\n";
        for (const char* row : {"2025-12-01,10.00,not_presented,", "2026-01-01,10.00,unpaid,0"})
            for (int k = 0; k < 300; ++k) out << 'L' << (k < 10 ? "00" : k < 100 ? "0" : "") << k << ',' << row << '\n';
    }
    io::CsvReader reader(path, "ledger.csv", io::Encoding::utf8, 64);
    io::Attachments held;
    const std::size_t file = held.begin_file(io::Attachments::Kind::ledger, reader.header(), "ledger.csv");
    ThreadPool pool(2);
    CHECK(held.add_file(
              file, [&](io::TextTable& block) { return reader.next_block(block, 7); }, pool) == 600);
    std::remove(path.c_str());
    for (int k = 0; k < 300; ++k) {
        Account a;
        a.id = std::string("L") + (k < 10 ? "00" : k < 100 ? "0" : "") + std::to_string(k);
        held.attach(a);
        CAPTURE(a.id);
        REQUIRE(a.ledger.size() == 2);
        CHECK(a.ledger[0].due_date == make_date(2025, 12, 1));
        CHECK(a.ledger[1].due_date == make_date(2026, 1, 1));
        CHECK(a.ledger[1].reason == "0");
    }
    CHECK(messages(held.finish()).empty());  // no row left over: no id was garbled
}

TEST_CASE("A ledger split into rows in pieces on two threads is held as the whole table is", "[attachments][stream]") {
    // 300 ids L000..L299, three rows each, all the first rows, then the second, then the
    // third; among them rows that are refused (a negative amount, a bad date, a missing
    // field) and rows for an unknown id. No quotes: CsvReader::next_blocks cuts the text into
    // one piece a block and splits the pieces on both threads, two blocks of 7 rows at a time,
    // through a 4 KiB buffer; the held rows grow past the room reserved for them.
    auto id = [](int k) { return std::string("L") + (k < 10 ? "00" : k < 100 ? "0" : "") + std::to_string(k); };
    std::string text = "account_id,due_date,amount,status,reason\n";
    for (int pass = 0; pass < 3; ++pass)
        for (int k = 0; k < 300; ++k) {
            const std::string p = std::to_string(pass);
            if (pass == 1 && k % 50 == 7)
                text += id(k) + ",2025-12-0" + p + ",-1.00,collected,\n";  // negative
            else if (pass == 2 && k % 60 == 11)
                text += id(k) + ",2025-13-01,1.00,collected,\n";  // no month 13
            else if (pass == 2 && k % 70 == 3)
                text += id(k) + ",2025-12-01,1.00\n";  // too few fields
            else
                text += id(k) + ",2025-12-0" + std::to_string(pass + 1) + "," + std::to_string(k) + ".0" + p +
                        (pass == 1 ? ",unpaid,0\n" : ",not_presented,\n");
            if (k % 100 == 99) text += "NOBODY,2025-12-01,1.00,collected,\n";
        }
    const std::string path = std::string("/tmp/arrears-attachments-pieces-") + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    const io::TextTable table = io::parse_csv(text, "ledger.csv");
    io::Attachments whole, pieces;
    ThreadPool pool(2);
    whole.add(io::Attachments::Kind::ledger, table, "ledger.csv", pool);
    io::CsvReader reader(path, "ledger.csv", io::Encoding::utf8, 4096);
    const std::size_t file = pieces.begin_file(io::Attachments::Kind::ledger, reader.header(), "ledger.csv");
    pieces.reserve(100);
    std::size_t calls_in_pieces = 0;
    const std::size_t rows = pieces.add_blocks(
        file,
        [&](std::span<io::TextTable> blocks) {
            const std::size_t filled = reader.next_blocks(blocks, 7, pool);
            if (filled > 1) ++calls_in_pieces;
            return filled;
        },
        pool);
    std::remove(path.c_str());
    CHECK(rows == 900 + 9);  // 3 rows an id and 9 NOBODY rows, the refused ones among them
    CHECK(calls_in_pieces > 0);
    for (int k = 0; k < 300; ++k) {
        Account a, b;
        a.id = b.id = id(k);
        whole.attach(a);
        pieces.attach(b);
        CAPTURE(a.id);
        REQUIRE(a.ledger.size() == b.ledger.size());
        for (std::size_t i = 0; i < a.ledger.size(); ++i) {
            CHECK(a.ledger[i].due_date == b.ledger[i].due_date);
            CHECK(a.ledger[i].amount == b.ledger[i].amount);
            CHECK(a.ledger[i].status == b.ledger[i].status);
            CHECK(a.ledger[i].reason == b.ledger[i].reason);
        }
        if (k == 12) {  // the text above: three rows, in file order, each 12.0<pass> with its status
            REQUIRE(b.ledger.size() == 3);
            CHECK(b.ledger[0].amount == Money::pence(1200));
            CHECK(b.ledger[0].due_date == make_date(2025, 12, 1));
            CHECK(b.ledger[1].amount == Money::pence(1201));
            CHECK(b.ledger[1].status == LedgerStatus::unpaid);
            CHECK(b.ledger[1].reason == "0");
            CHECK(b.ledger[2].amount == Money::pence(1202));
            CHECK(b.ledger[2].due_date == make_date(2025, 12, 3));
        }
        if (k == 7) CHECK(b.ledger.size() == 2);  // its second row's amount is negative
    }
    const std::vector<std::string> reported = messages(pieces.finish());
    CHECK(reported == messages(whole.finish()));
    // Worked by hand: the header is line 1, the first pass lines 2-301 plus NOBODY after L099
    // (line 102), L199 (203) and L299 (304); the second pass starts on line 305, so L007's
    // negative row is line 312.
    REQUIRE(reported.size() >= 2);
    CHECK(reported[0] == "ledger.csv line 102, column 1 (account_id): unknown account_id 'NOBODY'");
    CHECK(reported[3] == "ledger.csv line 312, column 3 (amount): amount '-1.00' is negative");
}

TEST_CASE("Rows left over are reported with their lines across blank lines and quoted line breaks", "[attachments]") {
    // Held rows keep their lines as runs of consecutive lines: a blank line or a quoted line
    // break starts a new run. Lines counted by hand: the header is line 1; A on 2; a blank
    // line 3; X on 4; Y on 5; A's reason opens a quote on 6 and closes it on 7; Z on 8; two
    // blank lines 9 and 10; W on 11.
    const std::string text =
        "account_id,due_date,amount,status,reason\n"
        "A,2025-12-01,1.00,collected,\n"
        "\n"
        "X,2025-12-01,2.00,collected,\n"
        "\"Y\",2025-12-01,3.00,\"not_presented\",\n"
        "A,2025-12-02,4.00,collected,\"\n\"\n"
        "Z,2025-12-01,5.00,collected,\n"
        "\n\n"
        "W,2025-12-01,6.00,collected,\n";
    const std::vector<std::string> expected{
        "ledger.csv line 4, column 1 (account_id): unknown account_id 'X'",
        "ledger.csv line 5, column 1 (account_id): unknown account_id 'Y'",
        "ledger.csv line 8, column 1 (account_id): unknown account_id 'Z'",
        "ledger.csv line 11, column 1 (account_id): unknown account_id 'W'",
    };
    const std::string path = std::string("/tmp/arrears-attachments-runs-") + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    ThreadPool pool(2);
    for (const std::size_t per_block : {std::size_t{1}, std::size_t{2}, std::size_t{100}}) {
        CAPTURE(per_block);
        io::CsvReader reader(path, "ledger.csv", io::Encoding::utf8, 64);
        io::Attachments held;
        const std::size_t file = held.begin_file(io::Attachments::Kind::ledger, reader.header(), "ledger.csv");
        CHECK(held.add_file(
                  file, [&](io::TextTable& block) { return reader.next_block(block, per_block); }, pool) == 6);
        Account a;
        a.id = "A";
        held.attach(a);
        REQUIRE(a.ledger.size() == 2);
        CHECK(a.ledger[1].amount == Money::pence(400));
        CHECK(messages(held.finish()) == expected);
    }
    std::remove(path.c_str());
    io::Attachments whole;
    whole.add(io::Attachments::Kind::ledger, io::parse_csv(text, "ledger.csv"), "ledger.csv", pool);
    Account a;
    a.id = "A";
    whole.attach(a);
    CHECK(a.ledger.size() == 2);
    CHECK(messages(whole.finish()) == expected);
}

TEST_CASE("Ids of every length are told apart, held inline or in the arena, as the table grows", "[attachments]") {
    // Ids of 0 to 20 bytes, among them ones that differ only past the 8th byte, by a trailing
    // NUL-free byte, or in length alone ("AB" and "AB " are not trimmed here: cells are); the
    // table starts at 1024 places and is rehashed several times by 3000 more ids. Each id k
    // has one row of k pence; an account whose id holds a NUL byte matches none.
    const std::vector<std::string> special{"",
                                           "A",
                                           "AB",
                                           "12345678",
                                           "12345679",
                                           "123456789",
                                           "12345678A",
                                           "123456789012",
                                           "LONG-ACCOUNT-000001-Z",
                                           "LONG-ACCOUNT-000001-Y"};
    std::vector<std::string> ids = special;
    for (int k = 0; k < 3000; ++k) ids.push_back((k % 2 ? "id-" : "") + std::to_string(k * 7919));
    io::TextTable t;
    t.header = {"account_id", "due_date", "amount", "status", "reason"};
    std::vector<std::string> amounts;
    for (std::size_t k = 0; k < ids.size(); ++k) amounts.push_back("0." + std::to_string(10 + k % 90));
    for (std::size_t k = 0; k < ids.size(); ++k)
        t.add_row(k + 2, {ids[k], "2025-12-01", amounts[k], "not_presented", ""});
    io::Attachments held;
    ThreadPool one(1);
    held.add(io::Attachments::Kind::ledger, t, "ledger.csv", one);
    for (std::size_t k = 0; k < ids.size(); ++k) {
        Account a;
        a.id = ids[k];
        held.attach(a);
        CAPTURE(ids[k]);
        REQUIRE(a.ledger.size() == 1);
        CHECK(a.ledger[0].amount == Money::pence(static_cast<std::int64_t>(10 + k % 90)));
    }
    Account nul;
    nul.id = std::string("AB\0", 3);
    held.attach(nul);
    CHECK(nul.ledger.empty());
    CHECK(messages(held.finish()).empty());
}

TEST_CASE("A ledger held in blocks on three threads grows its id table as it goes", "[attachments][stream]") {
    // Room reserved for 10 rows (a table of 1,024 places), then 3,000 ids in blocks of 128
    // rows on three threads: the table is rehashed by the holding thread, twice, while
    // later blocks are parsed. Id k has one row of (10 + k % 90) pence. Two ids hold a NUL
    // byte: "N\0" matches only itself, not "N".
    io::TextTable whole;
    whole.header = {"account_id", "due_date", "amount", "status", "reason"};
    std::vector<std::string> ids{std::string("N\0", 2), std::string("LONG-ID-WITH-\0-INSIDE", 21)};
    for (int k = 0; k < 3000; ++k) ids.push_back("L-" + std::to_string(k));
    std::vector<std::string> amounts;
    for (std::size_t k = 0; k < ids.size(); ++k) amounts.push_back("0." + std::to_string(10 + k % 90));
    for (std::size_t k = 0; k < ids.size(); ++k)
        whole.add_row(k + 2, {ids[k], "2025-12-01", amounts[k], "not_presented", ""});
    io::Attachments held;
    held.reserve(10);
    CHECK(add_in_blocks(held, io::Attachments::Kind::ledger, whole, "ledger.csv", 128, 3) == ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
        Account a;
        a.id = ids[k];
        held.attach(a);
        CAPTURE(k);
        REQUIRE(a.ledger.size() == 1);
        CHECK(a.ledger[0].amount == Money::pence(static_cast<std::int64_t>(10 + k % 90)));
    }
    Account plain;
    plain.id = "N";
    held.attach(plain);
    CHECK(plain.ledger.empty());
    CHECK(messages(held.finish()).empty());
}

TEST_CASE("Mandate events (recovery-rules §14): held and handed over like ledger rows; bad rows reported",
          "[attachments][mandates]") {
    // As `arrears mandates` writes them, with a council's own rows (another column order, any
    // letter case in event, a reinstatement without a reason) and rows that cannot be read.
    const io::TextTable m = io::parse_csv(
        "event,account_id,effective_date,reason,new_sort_code,new_account_number\n"
        "cancelled,A,2026-01-05,1,,\n"                   // line 2
        "Transferred,A,2026-01-06,c,20-00-00,1234567\n"  // line 3: padded, hyphens dropped
        "transferred,A,2026-01-07,3,,87654321\n"         // line 4: no new sort code
        "re-instated,A,2026-01-08,,,\n"                  // line 5
        "moved,A,2026-01-09,3,,\n"                       // line 6: no such event
        "cancelled,A,2026-01-09,12,,\n"                  // line 7: a reason of two characters
        "cancelled,A,2026-01-09,1,200000,\n"             // line 8: new details on a cancellation
        "transferred,A,2026-01-09,3,2000,\n"             // line 9: four digits
        "cancelled,A,09/01/2026,1,,\n"                   // line 10: not YYYY-MM-DD
        "disputed,Z,2026-01-05,D,,\n",                   // line 11: no such account
        "m.csv");
    for (const std::size_t per_block : {std::size_t{1}, std::size_t{4}, std::size_t{100}}) {
        CAPTURE(per_block);
        io::Attachments held;
        CHECK(add_in_blocks(held, io::Attachments::Kind::mandates, m, "m.csv", per_block, 2) == 10);
        Account a;
        a.id = "A";
        held.attach(a);
        REQUIRE(a.mandates.size() == 4);
        CHECK(a.mandates[0].effective_date == make_date(2026, 1, 5));
        CHECK(a.mandates[0].event == MandateEvent::cancelled);
        CHECK(a.mandates[0].reason == "1");
        CHECK(a.mandates[0].new_sort_code.empty());
        CHECK(a.mandates[1].event == MandateEvent::transferred);
        CHECK(a.mandates[1].reason == "C");
        CHECK(a.mandates[1].new_sort_code == "200000");
        CHECK(a.mandates[1].new_account_number == "01234567");
        CHECK(a.mandates[2].new_sort_code.empty());
        CHECK(a.mandates[2].new_account_number == "87654321");
        CHECK(a.mandates[3].event == MandateEvent::reinstated);
        CHECK(a.mandates[3].reason.empty());
        // §5: lines 6-10 name A, so A is in review for them, each with its line and problem.
        REQUIRE(a.reported.size() == 5);
        CHECK(a.reported[0] ==
              "mandates line 6, column 1 (event): unknown event 'moved' (expected cancelled, "
              "transferred, disputed, amended or reinstated)");
        const std::vector<std::string> expected{
            "m.csv line 6, column 1 (event): unknown event 'moved' (expected cancelled, transferred, disputed, "
            "amended or reinstated)",
            "m.csv line 7, column 4 (reason): reason '12' is not a Bacs reason code (one character)",
            "m.csv line 8, column 5 (new_sort_code): new_sort_code '200000' on a 'cancelled' row: only a "
            "transferred row gives new details",
            "m.csv line 9, column 5 (new_sort_code): new_sort_code '2000' is not a sort code (six digits)",
            "m.csv line 10, column 3 (effective_date): invalid date '09/01/2026': expected YYYY-MM-DD "
            "(--date-format DD/MM/YYYY reads day/month/year)",
            "m.csv line 11, column 2 (account_id): unknown account_id 'Z'",
        };
        CHECK(messages(held.finish()) == expected);
    }
    io::Attachments held;
    CHECK_THROWS_WITH(held.begin_file(io::Attachments::Kind::mandates, {"account_id", "event"}, "m.csv"),
                      "m.csv: missing required column 'effective_date'");
}
