// Tests of include/arrears/io/output.hpp: the result tables of recovery-rules §9 as text.
#include <arrears/io/output.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace arrears;

TEST_CASE("the worked example's schedule and summary as CSV and JSON text", "[output]") {
    // recovery-rules §11: 532.17 monthly from 1 Apr 2025, outage 24 Nov 2025 - 9 Jan 2026,
    // notice 12 Jan 2026. Missed 1 Dec and 2 Jan (1064.34); by default nobody pays double
    // (ceiling 532.16), so 354.78 on Mon 2 Feb, Mon 2 Mar (the 1sts are Sundays) and Wed 1 Apr.
    Options o;
    o.outage = Outage{make_date(2025, 11, 24), make_date(2026, 1, 9)};
    o.notice_date = make_date(2026, 1, 12);
    const Recovery rec(o, Calendar());
    Plan p;
    p.amount = Money::parse("532.17");
    p.frequency = Frequency::monthly;
    p.first_due = make_date(2025, 4, 1);
    const AccountResult results[] = {rec(Account{"A-1001", p, {}, {}}),
                                     AccountResult::rejected("B,2", "accounts.csv line 3: bad")};

    CHECK(io::schedule_text(results, io::Format::csv) ==
          "account_id,due_date,collection_date,regular_amount,recovery_amount,total_amount,arrears_after\n"
          "A-1001,2026-02-01,2026-02-02,532.17,354.78,886.95,709.56\n"
          "A-1001,2026-03-01,2026-03-02,532.17,354.78,886.95,354.78\n"
          "A-1001,2026-04-01,2026-04-01,532.17,354.78,886.95,0.00\n");
    CHECK(io::summary_text(results, io::Format::csv) ==
          "account_id,status,missed_count,missed_amount,paid_amount,arrears,instalments,first_recovery_date,"
          "last_recovery_date,max_recovery,warnings,message\n"
          "A-1001,extended,2,1064.34,0.00,1064.34,3,2026-02-02,2026-04-01,354.78,,"
          "recovery runs past the horizon 2026-03-31 to 2026-04-01\n"
          "\"B,2\",rejected,,,,,,,,,,accounts.csv line 3: bad\n");
    const std::string json = io::summary_text(results, io::Format::json);
    CHECK(json.front() == '[');
    CHECK(json.find("{\"account_id\":\"B,2\",\"status\":\"rejected\",\"missed_count\":null") != std::string::npos);
}

TEST_CASE("formula_like and neutralised: the notices CSV's guard against formula injection (§12)") {
    // OWASP "CSV Injection": = + - @ tab CR NUL begin a formula in a spreadsheet.
    for (std::string_view s : std::initializer_list<std::string_view>{"=1+1", "+44 Road", "-2+3", "@SUM(A1)", "\tx",
                                                                      "\rx", std::string_view("\0x", 2)}) {
        CHECK(io::formula_like(s));
        std::string store;
        CHECK(io::neutralised(s, store) == "'" + std::string(s));
    }
    for (std::string_view s :
         std::initializer_list<std::string_view>{"", "Plain Name", "'quoted", "1 High Street", " =x"}) {
        CHECK_FALSE(io::formula_like(s));
        std::string store;
        CHECK(io::neutralised(s, store) == s);
        CHECK(store.empty());
    }
}
