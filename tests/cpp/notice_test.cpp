// Tests of include/arrears/notice.hpp: the advance notice of recovery-rules §13 and the
// collection rows of §14, on the worked example of §11 and over generated plans.
#include <arrears/notice.hpp>

#include "generator.hpp"
#include "recovery_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace arrears;
using namespace arrears::test;
using arrears::testing::Generator;

TEST_CASE("the notice of the worked example (recovery-rules 11, 13)", "[notice][example]") {
    // With the defaults nobody pays double (§11): 354.78 on 2 Feb, 2 Mar and 1 Apr 2026.
    const Recovery rec(westminster(), Calendar(Region::england_and_wales));
    const Account a{"W1", monthly("532.17", d(2025, 4, 1)), {}, {}};
    const AccountResult r = rec(a);
    REQUIRE(r.summary.status == Status::extended);
    const std::optional<Notice> n = make_notice(r, a.plan, rec);
    REQUIRE(n);
    CHECK(n->notice_date == d(2026, 1, 12));
    // Counting back from Mon 2 Feb, the 11th working day is Mon 19 Jan (2 Feb, 30, 29, 28,
    // 27, 26, 23, 22, 21, 20, 19 Jan): 10 working days after it is 2 Feb itself (§13).
    CHECK(n->send_by == d(2026, 1, 19));
    CHECK(n->frequency == Frequency::monthly);
    CHECK(n->regular_amount == gbp("532.17"));
    CHECK(n->changes() == 3);
    CHECK(n->first_changed() == d(2026, 2, 2));  // 1 Feb 2026 is a Sunday
    CHECK(n->last_changed() == d(2026, 4, 1));   // Wed 1 Apr 2026
    CHECK(n->catch_up_total == gbp("1064.34"));  // 2 x 532.17 missed
    CHECK(n->resumes_on == d(2026, 5, 1));       // Fri 1 May 2026, the next collection
    CHECK(n->resume_amount == gbp("532.17"));
    CHECK(schedule_text(*n) ==
          "2 February 2026: \xC2\xA3"
          "532.17 regular + \xC2\xA3"
          "354.78 catch-up = \xC2\xA3"
          "886.95\n"
          "2 March 2026: \xC2\xA3"
          "532.17 regular + \xC2\xA3"
          "354.78 catch-up = \xC2\xA3"
          "886.95\n"
          "1 April 2026: \xC2\xA3"
          "532.17 regular + \xC2\xA3"
          "354.78 catch-up = \xC2\xA3"
          "886.95");

    // §14: Bacs processes on the working day before the collection and takes the input the
    // working day before that: Fri 30 Jan / Thu 29 Jan, Fri 27 Feb / Thu 26 Feb, and
    // Tue 31 Mar / Mon 30 Mar.
    std::vector<CollectionRow> rows;
    append_collection_rows(r, rec.collection_calendar(), rows);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == CollectionRow{d(2026, 2, 2), d(2026, 1, 30), d(2026, 1, 29), gbp("886.95"), gbp("532.17"),
                                   gbp("354.78"), true});
    CHECK(rows[1] == CollectionRow{d(2026, 3, 2), d(2026, 2, 27), d(2026, 2, 26), gbp("886.95"), gbp("532.17"),
                                   gbp("354.78"), true});
    CHECK(rows[2] == CollectionRow{d(2026, 4, 1), d(2026, 3, 31), d(2026, 3, 30), gbp("886.95"), gbp("532.17"),
                                   gbp("354.78"), true});
}

TEST_CASE("a Council Tax plan continued past its end: catch-up lines, no resumption", "[notice][past_end]") {
    // §11: £150.00 on the 1st from 1 Apr 2025, end 1 Jan 2026; 1 Dec and 2 Jan missed (300.00);
    // with past_end continue, 150.00 on Mon 2 Feb and Mon 2 Mar with no regular part.
    Options o = westminster();
    o.past_end = PastEnd::continue_;
    const Recovery rec(o, Calendar(Region::england_and_wales));
    Plan p = monthly("150.00", d(2025, 4, 1));
    p.end = d(2026, 1, 1);
    const Account a{"CT1", p, {}, {}};
    const AccountResult r = rec(a);
    REQUIRE(r.summary.status == Status::ok);
    const std::optional<Notice> n = make_notice(r, a.plan, rec);
    REQUIRE(n);
    CHECK(n->changes() == 2);
    CHECK(n->regular_amount == gbp("150.00"));  // always the plan's amount
    CHECK(n->catch_up_total == gbp("300.00"));
    CHECK_FALSE(n->resumes_on);  // no due date <= end after 2 Mar; continued ones never count
    CHECK_FALSE(n->resume_amount);
    CHECK(schedule_text(*n) ==
          "2 February 2026: \xC2\xA3"
          "150.00 catch-up\n2 March 2026: \xC2\xA3"
          "150.00 catch-up");
    std::vector<CollectionRow> rows;
    append_collection_rows(r, rec.collection_calendar(), rows);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].amount == gbp("150.00"));
    CHECK(rows[0].regular_amount == Money());
}

TEST_CASE("a zero-penny part is not a change", "[notice][remainder]") {
    // Paid 1064.33 of 1064.34 by other means: A = 0.01 over n = 2 gives parts 1p and 0p
    // (remainder first), so only 2 Feb changes and 2 Mar is the regular collection again.
    const Recovery rec(westminster(), Calendar(Region::england_and_wales));
    Account a{"Z1", monthly("532.17", d(2025, 4, 1)), {}, {}};
    a.payments.push_back({d(2026, 1, 10), gbp("1064.33")});
    const AccountResult r = rec(a);
    REQUIRE(r.summary.status == Status::ok);
    const std::optional<Notice> n = make_notice(r, a.plan, rec);
    REQUIRE(n);
    CHECK(n->changes() == 1);
    CHECK(n->last_changed() == d(2026, 2, 2));
    CHECK(n->resumes_on == d(2026, 3, 2));
    CHECK(schedule_text(*n) ==
          "2 February 2026: \xC2\xA3"
          "532.17 regular + \xC2\xA3"
          "0.01 catch-up = \xC2\xA3"
          "532.18");
    std::vector<CollectionRow> rows;
    append_collection_rows(r, rec.collection_calendar(), rows);
    CHECK(rows.size() == 1);
}

TEST_CASE("no notice for accounts without a revised schedule", "[notice]") {
    const Recovery rec(westminster(), Calendar(Region::england_and_wales));
    Account a{"N1", monthly("532.17", d(2025, 4, 1)), {}, {}};
    a.payments.push_back({d(2026, 1, 10), gbp("1064.34")});  // all paid: no_arrears
    const AccountResult r = rec(a);
    REQUIRE(r.summary.status == Status::no_arrears);
    CHECK_FALSE(make_notice(r, a.plan, rec));
}

TEST_CASE("a collection on a day Bacs does not work is flagged", "[notice][collections]") {
    // Convention none keeps Sun 1 Feb 2026 as the collection date: processing Fri 30 Jan,
    // input Thu 29 Jan, and the row is flagged.
    const Recovery rec(westminster(), Calendar(Region::england_and_wales));
    Plan p = monthly("532.17", d(2025, 4, 1));
    p.convention = BusinessDayConvention::none;
    const Account a{"S1", p, {}, {}};
    const AccountResult r = rec(a);
    std::vector<CollectionRow> rows;
    append_collection_rows(r, rec.collection_calendar(), rows);
    REQUIRE_FALSE(rows.empty());
    CHECK(rows[0].collection_date == d(2026, 2, 1));
    CHECK(rows[0].processing_date == d(2026, 1, 30));
    CHECK(rows[0].input_by == d(2026, 1, 29));
    CHECK_FALSE(rows[0].working_day);
}

TEST_CASE("money and dates in the payer's words", "[notice][text]") {
    CHECK(money_words(gbp("1234.56")) ==
          "\xC2\xA3"
          "1,234.56");
    CHECK(money_words(gbp("0.05")) ==
          "\xC2\xA3"
          "0.05");
    CHECK(money_words(gbp("1234567.00")) ==
          "\xC2\xA3"
          "1,234,567.00");
    CHECK(money_words(gbp("-0.01")) ==
          "-\xC2\xA3"
          "0.01");
    CHECK(date_words(d(2026, 2, 2)) == "2 February 2026");
    CHECK(date_words(d(2025, 12, 31)) == "31 December 2025");
}

TEST_CASE("send_by: never before the notice date, always in time", "[notice][property]") {
    Generator g(20261130);
    const std::array<Region, 3> regions{Region::england_and_wales, Region::scotland, Region::northern_ireland};
    std::size_t notices = 0, later_than_n = 0;
    for (int run = 0; run < 200; ++run) {
        const Options o = g.options();
        const Calendar notice_cal(regions[static_cast<std::size_t>(g.uniform(0, 2))]);
        const Recovery rec(o, Calendar(Region::england_and_wales), notice_cal);
        const int k = o.notice_days + o.postal_days;
        for (int i = 0; i < 15; ++i) {
            std::string id = "P";
            id += std::to_string(run * 100 + i);
            const Account a{id, g.plan(), {}, {}};
            const AccountResult r = rec(a);
            const std::optional<Notice> n = make_notice(r, a.plan, rec);
            const bool scheduled = r.summary.status == Status::ok || r.summary.status == Status::extended;
            INFO(a.id << " status " << to_string(r.summary.status));
            REQUIRE(n.has_value() == scheduled);  // a notice for every ok/extended account, no other
            if (!n) continue;
            ++notices;
            CHECK(n->send_by >= o.notice_date);
            // Posted on send_by, it arrives after k working days: in time for first_changed.
            CHECK(notice_cal.add_working_days(n->send_by, k) <= n->first_changed());
            // And it is the latest such day: the next working day would be too late.
            if (n->send_by > o.notice_date) {
                ++later_than_n;
                CHECK(notice_cal.is_working_day(n->send_by));
                CHECK(notice_cal.add_working_days(notice_cal.add_working_days(n->send_by, 1), k) > n->first_changed());
            }
            CHECK(n->changes() == *r.summary.instalments);
            CHECK(n->first_changed() == *r.summary.first_recovery_date);
            CHECK(n->last_changed() == *r.summary.last_recovery_date);
            if (n->resumes_on) {
                CHECK(*n->resumes_on > n->last_changed());
                CHECK(*n->resume_amount == a.plan.amount);
            }
        }
    }
    // The generator reaches notices, and ones whose send_by is after N.
    CHECK(notices > 1000);
    CHECK(later_than_n > 300);
}

TEST_CASE("a notice tells what was missed and what was paid (recovery-rules 13)", "[notice][example]") {
    const Recovery rec(westminster(), Calendar(Region::england_and_wales));
    SECTION("outage mode: issue 24's R-100004, missed 1,285.08 and paid 626.60") {
        // £642.54 monthly: Mon 1 Dec 2025 and Fri 2 Jan 2026 (1 Jan a bank holiday) missed.
        Account a{"R-100004", monthly("642.54", d(2023, 4, 1)), {}, {}};
        a.payments = {{d(2026, 1, 7), gbp("626.60")}};
        const AccountResult r = rec(a);
        const std::optional<Notice> n = make_notice(r, a, rec);
        REQUIRE(n);
        CHECK(n->kind == "recovery");
        REQUIRE(n->missed.size() == 2);
        CHECK(n->missed[0] == MissedCollection{d(2025, 12, 1), gbp("642.54")});
        CHECK(n->missed[1] == MissedCollection{d(2026, 1, 2), gbp("642.54")});
        CHECK(n->missed_amount == gbp("1285.08"));
        CHECK(n->paid_amount == gbp("626.60"));
        CHECK(n->catch_up_total == gbp("658.48"));  // 1285.08 - 626.60
        CHECK(missed_dates(*n) == "2025-12-01;2026-01-02");
        std::string text;
        append_missed_text(text, *n);
        CHECK(text ==
              "1 December 2025: \xC2\xA3"
              "642.54\n2 January 2026: \xC2\xA3"
              "642.54");
        // The plan-only overload knows no account: no missed collections.
        CHECK(make_notice(r, a.plan, rec)->missed.empty());
    }
}
