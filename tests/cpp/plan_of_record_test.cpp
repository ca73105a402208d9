// Tests of include/arrears/io/plan_of_record.hpp: the plan of record of `arrears replan`
// (recovery-rules §15), read from a CSV file by account (indexed, each account's rows read
// again) exactly as from whole tables (Python's DataFrames, a JSON file).
#include <arrears/io/csv.hpp>
#include <arrears/io/plan_of_record.hpp>
#include <arrears/thread_pool.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

using namespace arrears;

namespace {

// "A" and n (built by appending: GCC 12 warns falsely of "A" + std::to_string(n)).
std::string id(int n) {
    std::string s = "A";
    s += std::to_string(n);
    return s;
}

struct TempFile {
    std::string path;
    explicit TempFile(const std::string& text) {
        static int n = 0;
        path = "/tmp/arrears-plan-test-";
        path += std::to_string(::getpid());
        path += "-";
        path += std::to_string(n++);
        path += ".csv";
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f);
        REQUIRE(std::fwrite(text.data(), 1, text.size(), f) == text.size());
        std::fclose(f);
    }
    ~TempFile() { std::remove(path.c_str()); }
};

// A schedule of `accounts` accounts, three rows each, the accounts' rows interleaved from the
// 40th on (rows not together), with rows that cannot be read among them.
std::string schedule_text(int accounts) {
    std::string t = "account_id,due_date,collection_date,regular_amount,recovery_amount,total_amount,arrears_after\n";
    for (int a = 0; a < accounts; ++a)
        for (int k = 0; k < 3; ++k) {
            const int who = a < 40 ? a : (a % 2 ? a - 1 : a + 1 < accounts ? a + 1 : a);
            const std::string month = std::to_string(k + 2), after = std::to_string(30 - 10 * k);
            t += id(who);
            t += ",2026-0" + month + "-01,2026-0" + month + "-02,100.00,10.00,110.00," + after + ".00\n";
        }
    t += "A5,2026-05-01,2026-05-01,100.00,abc,110.00,\n";  // a bad amount: A5 goes to review
    t += "A6,2026-05-01\n";                                // too few fields: no account named
    t += ",2026-05-01,2026-05-01,1.00,0.00,1.00,\n";       // no account_id
    t += "Z1,2026-05-01,2026-05-01,1.00,0.00,1.00,\n";     // not in the accounts file
    return t;
}

std::string summary_text(int accounts) {
    std::string t = "account_id,status,message\n";
    for (int a = accounts - 1; a >= 0; --a) t += id(a) + ",ok,\n";  // in reverse order
    t += "A7,ok,\n";                                                // a row already
    t += "A8,rejected,duplicate row\n";                             // the earlier run's own rejection: not reported
    return t;
}

}  // namespace

TEST_CASE("A plan of record read by account from a CSV file is the one whole tables give", "[replan][plan]") {
    const int accounts = 300;  // 900 schedule rows: rows read again from many checkpoints
    const std::string schedule = schedule_text(accounts), summary = summary_text(accounts);
    const io::PlanOfRecordFiles whole =
        io::read_plan_of_record(io::parse_csv(schedule, "s"), "--plan", io::parse_csv(summary, "m"), "--plan-summary");
    // By hand: 301 accounts (A0..A299 and Z1). The 900 rows are lines 2-901: A5's bad row is
    // line 902, line 903 names no account, line 904 has no account_id; the summary's A7 row
    // again is line 302 (A299..A0 on lines 2-301). A5 and A7 have their messages.
    CHECK(whole.accounts.size() == 301);
    CHECK(whole.accounts.at("A0").rows.size() == 3);
    CHECK(whole.accounts.at("A0").rows[1].arrears_after == Money::parse("20.00"));
    CHECK(whole.bad.at("A5") ==
          std::vector<std::string>{"--plan line 902, column 5 (recovery_amount): invalid amount 'abc': no digits"});
    CHECK(whole.bad.at("A7") ==
          std::vector<std::string>{"--plan-summary line 302, column 1 (account_id): account A7 has a row already"});
    CHECK(whole.reported.size() == 4);

    const TempFile s(schedule), m(summary);
    for (unsigned threads : {1u, 2u}) {
        INFO(threads << " threads");
        ThreadPool pool(threads);
        io::PlanOfRecordStore store;
        io::PlanOfRecordStore::Input a, b;
        a.reader.emplace(s.path, "--plan s");
        a.name = "--plan", a.source = "--plan s";
        b.reader.emplace(m.path, "--plan-summary m");
        b.name = "--plan-summary", b.source = "--plan-summary m";
        store.add_schedule(std::move(a), &pool);
        store.add_summary(std::move(b), &pool);
        CHECK(store.schedule_rows() == 3 * accounts + 4);
        CHECK(store.summary_rows() == accounts + 2);
        // The accounts file: every account but A9, in another order, and one not in the plan.
        std::vector<std::string> names;
        for (int k = accounts - 1; k >= 0; --k)
            if (k != 9) names.push_back(id(k));
        names.push_back("B1");
        std::vector<std::string_view> ids(names.begin(), names.end());
        std::vector<io::PlanOfRecordStore::Found> found;
        store.gather(ids, found, &pool);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            INFO(names[i]);
            const auto it = whole.accounts.find(names[i]);
            REQUIRE(found[i].named == (it != whole.accounts.end()));
            if (it != whole.accounts.end()) {
                CHECK(found[i].plan.rows == it->second.rows);
                CHECK(found[i].plan.summary.has_value() == it->second.summary.has_value());
            }
            const auto bad = whole.bad.find(names[i]);
            CHECK(found[i].bad == (bad == whole.bad.end() ? std::vector<std::string>{} : bad->second));
            store.seen(found[i]);
        }
        const io::PlanOfRecordStore::Found one = store.find("A9");  // read alone, not gathered
        CHECK(one.plan.rows == whole.accounts.at("A9").rows);
        const io::PlanOfRecordStore::Finished done = store.finish(&pool);
        // Every problem once, in file order, the same messages; A9 and Z1 never seen.
        std::vector<std::string> messages;
        for (const io::PlanProblem& p : done.problems) messages.push_back(p.message);
        CHECK(messages == whole.reported);
        CHECK(done.missing == std::vector<std::string>{"A9", "Z1"});
    }
}

TEST_CASE("A plan of record's amounts and dates not in the plain form read as Money::parse and parse_date read them",
          "[replan][plan]") {
    // One account a row (line 2 on); the text under test in arrears_after (column 7, where a
    // negative amount is allowed), due_date (column 2) or regular_amount (column 4).
    const std::string head =
        "account_id,due_date,collection_date,regular_amount,recovery_amount,total_amount,arrears_after\n";
    const std::string ok = ",2026-02-01,2026-02-02,100.00,10.00,110.00,";
    std::string t = head;
    t += "P1" + ok + "+5.00\n";         // line 2: §1 allows a sign: 5.00
    t += "P2" + ok + "\"1,234.56\"\n";  // line 3: thousands comma: 1234.56
    t += "P3" + ok + "12.5\n";          // line 4: one decimal place: 12.50
    t += "P4" + ok +
         "\xC2\xA3"
         "3\n";                                              // line 5: "£" then pounds only: 3.00
    t += "P5" + ok + "007.50\n";                             // line 6: leading zeros (plain form): 7.50
    t += "P6" + ok + "-0.01\n";                              // line 7: negative arrears_after: -0.01
    t += "P7" + ok + "12.345\n";                             // line 8
    t += "P8" + ok + "1000000000000.01\n";                   // line 9
    t += "P9,2026-02-30,2026-02-02,100.00,10.00,110.00,\n";  // line 10
    t += "Q1,2026-2-3,2026-02-02,100.00,10.00,110.00,\n";    // line 11
    t += "Q2,16/12/2025,2026-02-02,100.00,10.00,110.00,\n";  // line 12
    t += "Q3,2026-02-01,2026-02-02,,10.00,110.00,\n";        // line 13
    const io::PlanOfRecordFiles p = io::read_plan_of_record(
        io::parse_csv(t, "s"), "--plan", io::parse_csv("account_id,status,message\n", "m"), "--plan-summary");
    // Accepted: the values read by hand (recovery-rules §1).
    const std::pair<const char*, std::int64_t> accepted[] = {{"P1", 500}, {"P2", 123'456}, {"P3", 1250},
                                                             {"P4", 300}, {"P5", 750},     {"P6", -1}};
    for (const auto& c : accepted) {
        INFO(c.first);
        REQUIRE(p.accounts.count(c.first) == 1);
        REQUIRE(p.accounts.at(c.first).rows.size() == 1);
        CHECK(p.accounts.at(c.first).rows[0].arrears_after == Money::pence(c.second));
        CHECK(p.bad.count(c.first) == 0);
    }
    // Rejected: "--plan line L, column C (NAME): " and the parser's message (Money::parse:
    // "invalid amount 'TEXT': WHY", parse_date: "invalid date 'TEXT': WHY", WHY as written in
    // Money::try_parse (money.hpp) and try_parse_date (date.hpp)).
    const std::pair<const char*, const char*> rejected[] = {
        {"P7", "--plan line 8, column 7 (arrears_after): invalid amount '12.345': more than two decimal places"},
        {"P8",
         "--plan line 9, column 7 (arrears_after): invalid amount '1000000000000.01': beyond "
         "\u00B11,000,000,000,000.00"},
        {"P9", "--plan line 10, column 2 (due_date): invalid date '2026-02-30': no such date"},
        {"Q1", "--plan line 11, column 2 (due_date): invalid date '2026-2-3': expected YYYY-MM-DD"},
        {"Q2", "--plan line 12, column 2 (due_date): invalid date '16/12/2025': expected YYYY-MM-DD"},
        {"Q3", "--plan line 13, column 4 (regular_amount): invalid amount '': empty amount"},
    };
    for (const auto& c : rejected) {
        INFO(c.first);
        REQUIRE(p.bad.count(c.first) == 1);
        CHECK(p.bad.at(c.first) == std::vector<std::string>{c.second});
    }
}
