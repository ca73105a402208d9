// Tests of the limits on each part and of past_end (recovery-rules §8, §9, §11): the ceiling
// of each collection from `cap` and `no_double_payment` (on by default for spread), the floor
// from `min_recovery` (£1.00 by default under whole-pounds), how m is chosen, `past_end
// continue` (the default), ARUDD 4, and the input errors.
#include "recovery_fixtures.hpp"

using namespace arrears;
using namespace arrears::test;

namespace {

Plan plan(const char* amount, Frequency f, Date first_due, std::optional<Date> end = std::nullopt) {
    Plan p;
    p.amount = gbp(amount);
    p.frequency = f;
    p.first_due = first_due;
    p.end = end;
    return p;
}

// The result for one account, its §10 invariants required.
AccountResult run(const Options& o, const Account& a) {
    const Recovery rec(o, ew());
    AccountResult r = rec(a);
    require_invariants(a, r, rec);
    return r;
}

// A `review` with no schedule and exactly this message.
void require_review(const Options& o, const Account& a, const std::string& message) {
    const AccountResult r = run(o, a);
    CHECK(r.summary.status == Status::review);
    CHECK(r.summary.message == message);
    CHECK(r.schedule.empty());
}

struct Part {
    Date collection_date;
    const char* recovery;
};
// The rows that carry recovery, as (collection date, amount).
void require_recovery(const AccountResult& r, std::vector<Part> expected) {
    std::vector<std::pair<Date, Money>> got, want;
    for (const ScheduleRow& row : r.schedule)
        if (row.recovery_amount > Money()) got.emplace_back(row.collection_date, row.recovery_amount);
    for (const Part& p : expected) want.emplace_back(p.collection_date, gbp(p.recovery));
    REQUIRE(got == want);
}

// The §11 worked example: £532.17 monthly on the 1st; 1 Dec and 2 Jan missed, A = £1,064.34.
const Account worked{"A-1001", plan("532.17", Frequency::monthly, d(2025, 4, 1)), {}, {}};
// §11's Council Tax: £150.00 monthly on the 1st, ten instalments to 1 Jan 2026; A = £300.00.
const Account council_tax{"CT-150", plan("150.00", Frequency::monthly, d(2025, 4, 1), d(2026, 1, 1)), {}, {}};

}  // namespace

TEST_CASE("section 11: a cap of 50% spreads over five collections", "[recovery][limits][example]") {
    Options o = westminster();
    o.cap = Cap::parse("50%");  // 50% of 532.17 = 266.085, rounded down: 266.08
    const AccountResult r = run(o, worked);
    // Over 4: 106434 / 4 = 26608 r 2, so two parts of 266.09 > 266.08; over 5: 212.87 x 4
    // + 212.86 (106434 = 5 x 21286 + 4) keeps it, on 2 Feb, 2 Mar, 1 Apr, 1 May, 1 Jun 2026.
    require_recovery(r, {{d(2026, 2, 2), "212.87"},
                         {d(2026, 3, 2), "212.87"},
                         {d(2026, 4, 1), "212.87"},
                         {d(2026, 5, 1), "212.87"},
                         {d(2026, 6, 1), "212.86"}});
    CHECK(r.summary.status == Status::extended);  // past H = 31 Mar 2026
    CHECK(r.summary.instalments == 5);
    CHECK(r.summary.warnings == 0u);
}

TEST_CASE("section 11: by default nobody pays double, three collections", "[recovery][limits][example]") {
    const Options o = westminster();  // no_double_payment on by default for spread (§8)
    CHECK(o.double_payment == DoublePayment::by_default);
    CHECK(o.ceiling(gbp("532.17")) == gbp("532.16"));  // the regular amount less 1p
    const AccountResult r = run(o, worked);
    // m0 = 2 puts 532.17 on each, 1p over the ceiling; over 3: 106434 / 3 = 35478 exactly.
    // 1 Apr 2026 is a Wednesday.
    require_recovery(r, {{d(2026, 2, 2), "354.78"}, {d(2026, 3, 2), "354.78"}, {d(2026, 4, 1), "354.78"}});
    CHECK(r.summary.status == Status::extended);
    CHECK(r.summary.max_recovery == gbp("354.78"));
    CHECK(r.summary.warnings == 0u);  // the largest total is 532.17 + 354.78 = 886.95 < 1064.34
    CHECK(r.summary.message == "recovery runs past the horizon 2026-03-31 to 2026-04-01");
    SECTION("asked for, the same") {
        Options asked = westminster();
        asked.double_payment = DoublePayment::forbidden;
        CHECK(run(asked, worked) == r);
    }
}

TEST_CASE("section 11: --allow-double-payment, 532.17 on each of two", "[recovery][limits][example]") {
    Options o = westminster();
    o.double_payment = DoublePayment::allowed;
    CHECK(!o.ceiling(gbp("532.17")));  // no cap, no promise: no ceiling
    const AccountResult r = run(o, worked);
    // n = 2 (2 Feb, 2 Mar): 106434 / 2 = 53217 each; each total 1,064.34 = twice 532.17.
    require_recovery(r, {{d(2026, 2, 2), "532.17"}, {d(2026, 3, 2), "532.17"}});
    CHECK(r.schedule[0].total_amount == gbp("1064.34"));
    CHECK(r.summary.status == Status::ok);
    CHECK(r.summary.warnings == Warning::double_payment);
}

TEST_CASE("section 11: Council Tax that ends in January", "[recovery][limits][example][past_end]") {
    Options o = westminster();
    SECTION("past_end continue (the default): 150.00 on 2 Feb and 2 Mar 2026, no regular amount") {
        CHECK(o.past_end == PastEnd::continue_);
        const AccountResult r = run(o, council_tax);
        CHECK(r.summary.arrears == gbp("300.00"));  // 1 Dec, 2 Jan (due 1 Jan <= end)
        CHECK(r.summary.status == Status::ok);
        // A continued collection's ceiling is twice 150.00 less 1p, 299.99: 150.00 keeps it,
        // and a total of 150.00 is under twice 150.00, so no warning.
        CHECK(r.summary.warnings == 0u);
        // The only rows are the continued collections that carry recovery (§9); 1 Feb and
        // 1 Mar 2026 are Sundays.
        const std::vector<ScheduleRow> want{
            {d(2026, 2, 1), d(2026, 2, 2), gbp("0.00"), gbp("150.00"), gbp("150.00"), gbp("150.00")},
            {d(2026, 3, 1), d(2026, 3, 2), gbp("0.00"), gbp("150.00"), gbp("150.00"), gbp("0.00")}};
        CHECK(r.schedule == want);
    }
    SECTION("past_end stop: no collection is left, review") {
        o.past_end = PastEnd::stop;
        require_review(o, council_tax,
                       "no collection between 2026-01-26 and 2027-03-31 can carry the recovery: "
                       "the plan ends 2026-01-01 (past_end stop)");
    }
    SECTION("a continued collection is held to twice the plan amount less 1p") {
        o.until = d(2026, 2, 28);  // n = 1 (2 Feb): 300.00 there would total twice 150.00
        const AccountResult r = run(o, council_tax);
        // 300.00 > 299.99, so m = 2: 150.00 on 2 Feb and on 2 Mar (past this H: extended).
        require_recovery(r, {{d(2026, 2, 2), "150.00"}, {d(2026, 3, 2), "150.00"}});
        CHECK(r.summary.status == Status::extended);
        CHECK(r.summary.warnings == 0u);
    }
    SECTION("allowed, a continued collection totalling twice the plan amount warns double_payment") {
        o.until = d(2026, 2, 28);
        o.double_payment = DoublePayment::allowed;
        const AccountResult r = run(o, council_tax);
        require_recovery(r, {{d(2026, 2, 2), "300.00"}});
        CHECK(r.summary.status == Status::ok);
        CHECK(r.summary.warnings == Warning::double_payment);  // 0.00 + 300.00 >= 2 x 150.00
    }
}

TEST_CASE("CT-10: 148.00 monthly to 1 Jan 2026, past_end continue by default", "[recovery][limits][past_end]") {
    const Account ct10{"CT-10", plan("148.00", Frequency::monthly, d(2025, 4, 1), d(2026, 1, 1)), {}, {}};
    Options o = westminster();
    const AccountResult r = run(o, ct10);
    // A = 2 x 148.00 = 296.00 (1 Dec, 2 Jan) over the continued 2 Feb and 2 Mar 2026.
    const std::vector<ScheduleRow> want{
        {d(2026, 2, 1), d(2026, 2, 2), gbp("0.00"), gbp("148.00"), gbp("148.00"), gbp("148.00")},
        {d(2026, 3, 1), d(2026, 3, 2), gbp("0.00"), gbp("148.00"), gbp("148.00"), gbp("0.00")}};
    CHECK(r.schedule == want);
    CHECK(r.summary.status == Status::ok);
    CHECK(r.summary.warnings == 0u);
    CHECK(r.summary.message.empty());
    o.past_end = PastEnd::stop;
    CHECK(run(o, ct10).summary.status == Status::review);  // stop: no collection after 1 Jan
}

TEST_CASE("CT-W: whole-pounds puts no less than 1.00 on a collection", "[recovery][limits][floor]") {
    // £1.50 weekly on Mondays from 7 Apr 2025; outage 1-20 Apr 2025 misses 7 and 14 Apr: A = 3.00.
    const Account ctw{"CT-W", plan("1.50", Frequency::weekly, d(2025, 4, 7)), {}, {}};
    Options o;
    o.outage = Outage{d(2025, 4, 1), d(2025, 4, 20)};
    o.notice_date = d(2025, 4, 22);
    o.remainder = Remainder::whole_pounds;
    CHECK(o.floor() == gbp("1.00"));  // the default floor under whole-pounds and spread
    const Recovery rec(o, ew());
    // E: the 10th working day after Tue 22 Apr, Mon 5 May being a bank holiday: Wed 7 May.
    CHECK(rec.earliest_change() == d(2025, 5, 7));
    const AccountResult r = run(o, ctw);
    // n = 47 Mondays, 12 May 2025 - 30 Mar 2026; 3.00 / 47 rounds to 0 pounds, so over 47 the
    // first part is 3.00 and the rest 0.00 (below the floor). Over 6: 50p rounds up to 1.00,
    // the first would be -2.00, so round down: 3.00 + 0.00s; over 5 and 4 likewise a 0.00
    // part; over 3: 1.00 each. 26 May 2025 is the spring bank holiday: taken Tue 27 May.
    require_recovery(r, {{d(2025, 5, 12), "1.00"}, {d(2025, 5, 19), "1.00"}, {d(2025, 5, 27), "1.00"}});
    CHECK(r.summary.status == Status::ok);
    CHECK(r.summary.instalments == 3);
    SECTION("min_recovery 5.00: arrears below the floor go on one collection") {
        // (3.00 on one collection of a 1.50 plan pays double: allowed here, §8's floor alone.)
        o.double_payment = DoublePayment::allowed;
        o.min_recovery = gbp("5.00");
        require_recovery(run(o, ctw), {{d(2025, 5, 12), "3.00"}});
    }
}

TEST_CASE("min_recovery gives fewer, larger parts", "[recovery][limits][floor]") {
    Options o = westminster();
    o.double_payment = DoublePayment::allowed;  // (with the promise, one part of 1064.34 is over 532.16)
    o.min_recovery = gbp("600.00");             // 532.17 on each of two is under it; one part is exempt
    const AccountResult r = run(o, worked);
    require_recovery(r, {{d(2026, 2, 2), "1064.34"}});
    CHECK(r.summary.status == Status::ok);
    CHECK(r.summary.warnings == Warning::double_payment);
}

TEST_CASE("limits that cannot be kept: review naming them", "[recovery][limits][review]") {
    Options o = westminster();
    o.double_payment = DoublePayment::forbidden;
    SECTION("no double payment without extension") {
        o.extension = Extension::forbidden;
        // Only 2 Feb and 2 Mar lie before H; over 2 each part is 532.17 > 532.16.
        require_review(o, worked,
                       "no split of the arrears 1064.34 over the 2 collections up to the horizon 2026-03-31 keeps "
                       "the ceiling 532.16 (no double payment on 532.17) (extension not allowed)");
    }
    SECTION("a floor above every part the ceiling allows") {
        o.min_recovery = gbp("400.00");
        o.cap = Cap::parse("450.00");
        // 2 Feb 2026 - 1 Mar 2027: 14 collections. Over 3, 354.78 < 400.00; over 2, 532.17 >
        // 450.00; one part 1064.34 > 450.00.
        require_review(o, worked,
                       "no split of the arrears 1064.34 over the 14 collections up to 2027-03-31 keeps the ceiling "
                       "450.00 (cap 450.00 of 532.17; no double payment on 532.17) and the floor 400.00 (min "
                       "recovery)");
    }
    SECTION("no double payment on a 0.01 plan leaves a ceiling of 0.00") {
        const Account tiny{"T", plan("0.01", Frequency::monthly, d(2025, 4, 1)), {}, {}};
        require_review(o, tiny, "the ceiling 0.00 (no double payment on 0.01) leaves nothing for recovery");
    }
}

TEST_CASE("ARUDD 4: notice disputed, review whatever the arrears", "[recovery][limits][ledger]") {
    Options o;
    o.notice_date = d(2026, 1, 12);
    Account a{"L-4", plan("100.00", Frequency::monthly, d(2025, 4, 1)), {}, {}};
    a.ledger.push_back({d(2025, 12, 1), gbp("100.00"), LedgerStatus::unpaid, "4"});
    SECTION("review, the message naming the code") {
        CHECK(run(o, a).summary.arrears == gbp("100.00"));
        require_review(o, a,
                       "ARUDD 4: advance notice disputed; nothing more may be collected until the dispute "
                       "is settled");
    }
    SECTION("a cancelling code wins") {
        a.ledger.push_back({d(2026, 1, 1), gbp("100.00"), LedgerStatus::unpaid, "1"});
        CHECK(run(o, a).summary.status == Status::cancelled);
    }
    SECTION("re-presented and collected: the last row stands, no arrears") {
        a.ledger.push_back({d(2025, 12, 1), gbp("100.00"), LedgerStatus::collected, ""});
        CHECK(run(o, a).summary.status == Status::no_arrears);
    }
}

TEST_CASE("input errors of the limits", "[recovery][limits][errors]") {
    Options o = westminster();
    SECTION("min_recovery below 0.01") {
        o.min_recovery = gbp("0.00");
        CHECK_THROWS_WITH(o.validate(), "min recovery 0.00 is below 0.01");
    }
    SECTION("the limits are for spread, not single") {
        o.strategy = Strategy::single;
        o.double_payment = DoublePayment::forbidden;
        CHECK_THROWS_WITH(o.validate(), "no double payment cannot be used with strategy single");
        o.double_payment = DoublePayment::allowed;
        o.min_recovery = gbp("5.00");
        CHECK_THROWS_WITH(o.validate(), "a min recovery 5.00 cannot be used with strategy single");
        o.min_recovery.reset();
        o.cap = Cap::parse("25.00");
        CHECK_THROWS_WITH(o.validate(), "a cap 25.00 cannot be used with strategy single");
    }
    SECTION("past_end is stop or continue") {
        CHECK(parse_past_end("continue") == PastEnd::continue_);
        CHECK_THROWS_AS(parse_past_end("go-on"), InputError);
    }
}
