// Tests of include/arrears/recovery.hpp: the rules of recovery-rules §4–§10.
#include "recovery_fixtures.hpp"

using namespace arrears;
using namespace arrears::test;

TEST_CASE("worked example of recovery-rules section 11", "[recovery][example]") {
    const Account a{"A1", monthly("532.17", d(2025, 4, 1)), {}, {}};
    SECTION("the defaults keep the promise: 354.78 on three collections, past the horizon") {
        const Recovery rec(westminster(), ew());
        CHECK(rec.earliest_change() == d(2026, 1, 26));
        CHECK(rec.horizon() == d(2026, 3, 31));
        CHECK(rec.extension_limit() == d(2027, 3, 31));
        const AccountResult r = rec(a);
        const Summary& s = r.summary;
        CHECK(s.status == Status::extended);
        CHECK(s.missed_count == 2);  // 1 Dec 2025 and 2 Jan 2026
        CHECK(s.missed_amount == gbp("1064.34"));
        CHECK(s.paid_amount == gbp("0"));
        CHECK(s.arrears == gbp("1064.34"));
        // n = 2 (2 Feb, 2 Mar: 1 Feb and 1 Mar are Sundays); 532.17 each is over the ceiling
        // 532.16 (no double payment, §8), so m = 3: 106434 / 3 = 35478, the third on Wed 1 Apr.
        CHECK(s.instalments == 3);
        CHECK(s.first_recovery_date == d(2026, 2, 2));
        CHECK(s.last_recovery_date == d(2026, 4, 1));
        CHECK(s.max_recovery == gbp("354.78"));
        CHECK(s.warnings == 0u);
        CHECK(s.message == "recovery runs past the horizon 2026-03-31 to 2026-04-01");
        // Rows from N (12 Jan) to the last recovery (1 Apr).
        const std::vector<ScheduleRow> expected{
            {d(2026, 2, 1), d(2026, 2, 2), gbp("532.17"), gbp("354.78"), gbp("886.95"), gbp("709.56")},
            {d(2026, 3, 1), d(2026, 3, 2), gbp("532.17"), gbp("354.78"), gbp("886.95"), gbp("354.78")},
            {d(2026, 4, 1), d(2026, 4, 1), gbp("532.17"), gbp("354.78"), gbp("886.95"), gbp("0")},
        };
        CHECK(r.schedule == expected);
        require_invariants(a, r, rec);
    }
    SECTION("--allow-double-payment: two collections of 532.17 recovery each") {
        Options o = westminster();
        o.double_payment = DoublePayment::allowed;
        const Recovery rec(o, ew());
        const AccountResult r = rec(a);
        const Summary& s = r.summary;
        CHECK(s.status == Status::ok);
        CHECK(s.instalments == 2);
        CHECK(s.max_recovery == gbp("532.17"));
        CHECK(s.warnings == Warning::double_payment);  // 1064.34 is twice 532.17
        const std::vector<ScheduleRow> expected{
            {d(2026, 2, 1), d(2026, 2, 2), gbp("532.17"), gbp("532.17"), gbp("1064.34"), gbp("532.17")},
            {d(2026, 3, 1), d(2026, 3, 2), gbp("532.17"), gbp("532.17"), gbp("1064.34"), gbp("0")},
        };
        CHECK(r.schedule == expected);
        require_invariants(a, r, rec);
    }
    SECTION("cap 50% (266.08): m grows to 5, past the horizon") {
        Options o = westminster();
        o.cap = Cap::parse("50%");
        const Recovery rec(o, ew());
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::extended);
        CHECK(r.summary.instalments == 5);
        CHECK(r.summary.warnings == 0u);
        // 106434 / 5 = 21286 r 4: four of 212.87 then 212.86.
        const std::vector<ScheduleRow> expected{
            {d(2026, 2, 1), d(2026, 2, 2), gbp("532.17"), gbp("212.87"), gbp("745.04"), gbp("851.47")},
            {d(2026, 3, 1), d(2026, 3, 2), gbp("532.17"), gbp("212.87"), gbp("745.04"), gbp("638.60")},
            {d(2026, 4, 1), d(2026, 4, 1), gbp("532.17"), gbp("212.87"), gbp("745.04"), gbp("425.73")},
            {d(2026, 5, 1), d(2026, 5, 1), gbp("532.17"), gbp("212.87"), gbp("745.04"), gbp("212.86")},
            {d(2026, 6, 1), d(2026, 6, 1), gbp("532.17"), gbp("212.86"), gbp("745.03"), gbp("0")},
        };
        CHECK(r.schedule == expected);
        require_invariants(a, r, rec);
    }
}

namespace {
Plan weekly(const char* amount, Date first_due) {
    Plan p = monthly(amount, first_due);
    p.frequency = Frequency::weekly;
    return p;
}
Account acct(Plan p) { return Account{"A", std::move(p), {}, {}}; }
std::vector<Money> recoveries(const AccountResult& r) {
    std::vector<Money> out;
    for (const ScheduleRow& row : r.schedule)
        if (row.recovery_amount > Money()) out.push_back(row.recovery_amount);
    return out;
}
std::vector<Money> gbps(std::initializer_list<const char*> texts) {
    std::vector<Money> out;
    for (const char* t : texts) out.push_back(gbp(t));
    return out;
}
}  // namespace

TEST_CASE("weekly rent with rent-free weeks over Christmas 2025", "[recovery]") {
    Plan p = weekly("100.00", d(2025, 4, 7));  // Mondays
    p.skip = {d(2025, 12, 22), d(2025, 12, 29)};
    const Account a = acct(p);
    const Recovery rec(westminster(), ew());
    const AccountResult r = rec(a);
    // Missed Mondays in 24 Nov – 9 Jan: 24 Nov, 1, 8, 15 Dec, 5 Jan (22 and 29 Dec are rent-free).
    CHECK(r.summary.missed_count == 5);
    CHECK(r.summary.arrears == gbp("500.00"));
    // Eligible Mondays 26 Jan – 30 Mar 2026: 26 Jan, 2, 9, 16, 23 Feb, 2, 9, 16, 23, 30 Mar = 10.
    CHECK(r.summary.status == Status::ok);
    CHECK(r.summary.instalments == 10);
    CHECK(recoveries(r) == std::vector<Money>(10, gbp("50.00")));
    // The schedule starts at N (12 Jan): 12 and 19 Jan carry no recovery (before E = 26 Jan).
    REQUIRE(r.schedule.size() == 12);
    CHECK(r.schedule[0].collection_date == d(2026, 1, 12));
    CHECK(r.schedule[1].recovery_amount == Money());
    CHECK(r.schedule[1].arrears_after == gbp("500.00"));
    CHECK(r.schedule[2].collection_date == d(2026, 1, 26));
    CHECK(r.summary.warnings == 0u);
    require_invariants(a, r, rec);
}

TEST_CASE("a notice period that crosses Easter 2026", "[recovery][notice]") {
    // Notice Wed 25 Mar 2026: working days 26, 27, 30, 31 Mar, 1, 2 Apr, (3 Good Friday,
    // 6 Easter Monday), 7, 8, 9, 10 Apr → E = Fri 10 Apr; 2 postal days more → Tue 14 Apr.
    Plan p = monthly("110.00", d(2025, 4, 9));
    Options o;
    o.outage = Outage{d(2026, 3, 9), d(2026, 3, 13)};  // misses Mon 9 Mar
    o.notice_date = d(2026, 3, 25);
    const Recovery rec(o, ew());
    CHECK(rec.earliest_change() == d(2026, 4, 10));
    Options with_post = o;
    with_post.postal_days = 2;
    CHECK(Recovery(with_post, ew()).earliest_change() == d(2026, 4, 14));

    const Account a = acct(p);
    const AccountResult r = rec(a);
    // Thu 9 Apr is before E, so it keeps its regular amount; H = 31 Mar 2026 leaves n = 0 and
    // `next-year` spreads 110.00 over the 11 collections 11 May 2026 – 9 Mar 2027: 10.00 each.
    CHECK(r.summary.status == Status::extended);
    CHECK(r.summary.instalments == 11);
    CHECK(r.summary.first_recovery_date == d(2026, 5, 11));  // 9 May 2026 is a Saturday
    CHECK(r.summary.last_recovery_date == d(2027, 3, 9));
    CHECK(recoveries(r) == std::vector<Money>(11, gbp("10.00")));
    REQUIRE(!r.schedule.empty());
    CHECK(r.schedule[0].collection_date == d(2026, 4, 9));
    CHECK(r.schedule[0].recovery_amount == Money());
    require_invariants(a, r, rec);
}

TEST_CASE("ledger mode: ARUDD 0 is recovered, 1 and B cancel the instruction", "[recovery][ledger]") {
    Account a = acct(monthly("200.00", d(2025, 4, 1)));
    a.ledger = {{d(2025, 11, 1), gbp("200.00"), LedgerStatus::collected, ""},
                {d(2025, 12, 1), gbp("200.00"), LedgerStatus::unpaid, "0"},
                {d(2026, 1, 1), gbp("200.00"), LedgerStatus::not_presented, ""}};
    Options o;
    o.notice_date = d(2026, 1, 12);  // after 2 Jan, when the 1 Jan collection was due to be taken
    const Recovery rec(o, ew());
    SECTION("ARUDD 0 (refer to payer): 400.00 spread over 2 Feb, 2 Mar and 1 Apr") {
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::extended);
        CHECK(r.summary.missed_count == 2);
        CHECK(r.summary.missed_amount == gbp("400.00"));
        // 200.00 on each of 2 Feb and 2 Mar would be over the ceiling 199.99 (no double
        // payment, the default): over 3, 40000 = 3 x 13333 + 1.
        CHECK(recoveries(r) == gbps({"133.34", "133.33", "133.33"}));
        CHECK(r.summary.warnings == 0u);
        require_invariants(a, r, rec);
    }
    SECTION("ARUDD 1: cancelled, figures still reported") {
        a.ledger[1].reason = "1";
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::cancelled);
        CHECK(r.summary.message == "ARUDD 1: instruction cancelled; the instruction can no longer be collected");
        CHECK(r.summary.arrears == gbp("400.00"));
        CHECK(r.schedule.empty());
    }
    SECTION("ARUDD 1 wins over a reported row; a reported row wins over everything after") {
        // §5's order: rejected, cancelled, then review (a reported row, ARUDD 4, an officer).
        a.reported = {"ledger line 9, column 2 (due_date): invalid date 'x'"};
        CHECK(rec(a).summary.status == Status::review);
        a.ledger[1].reason = "1";
        CHECK(rec(a).summary.status == Status::cancelled);
    }
    SECTION("ARUDD B: account closed") {
        a.ledger[1].reason = "B";
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::cancelled);
        CHECK(r.summary.message == "ARUDD B: account closed; the instruction can no longer be collected");
    }
    SECTION("a notice date not after the last missed collection rejects the account") {
        Options early = o;
        early.notice_date = d(2026, 1, 2);  // the 1 Jan collection is taken Fri 2 Jan
        const AccountResult r = Recovery(early, ew())(a);
        CHECK(r.summary.status == Status::rejected);
        CHECK(r.summary.message == "notice date 2026-01-02 must be after the last missed collection 2026-01-02");
    }
}

TEST_CASE("mandate events (--mandates): cancelled cancels, disputed stops, reinstated undoes", "[recovery][mandates]") {
    // The worked example (§11): 532.17 monthly on the 1st, outage 24 Nov - 9 Jan: Dec and Jan
    // missed, 1064.34 arrears, which the mandate's fate decides what becomes of. Without the
    // residents' promise (double payment allowed, past_end stop, §8), so that a standing
    // mandate gives §11's plain 2 instalments and status ok.
    Account a = acct(monthly("532.17", d(2025, 4, 1)));
    Options plain = westminster();
    plain.double_payment = DoublePayment::allowed;
    plain.past_end = PastEnd::stop;
    const Recovery rec(plain, ew());
    using E = MandateEvent;
    auto event = [](Date on, E e, const char* reason) { return MandateEntry{on, e, reason, "", ""}; };
    SECTION("ADDACS 1: cancelled, the message names event, date and reason; figures still reported") {
        a.mandates = {event(d(2026, 1, 5), E::cancelled, "1")};
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::cancelled);
        CHECK(r.summary.message ==
              "mandate cancelled on 2026-01-05 (reason 1: instruction cancelled by payer); the "
              "instruction can no longer be collected");
        CHECK(r.summary.arrears == gbp("1064.34"));
        CHECK(r.schedule.empty());
    }
    SECTION("an AUDDIS reason (5) has no ADDACS meaning: the code alone") {
        a.mandates = {event(d(2026, 1, 5), E::cancelled, "5")};
        CHECK(rec(a).summary.message ==
              "mandate cancelled on 2026-01-05 (reason 5); the instruction can no longer be collected");
    }
    SECTION("ADDACS D: disputed, review") {
        a.mandates = {event(d(2026, 1, 5), E::disputed, "D")};
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::review);
        CHECK(r.summary.message ==
              "mandate disputed on 2026-01-05 (reason D: advance notice disputed); nothing more "
              "may be collected until the dispute is settled");
        CHECK(r.schedule.empty());
    }
    SECTION("reinstated after the cancellation: the mandate stands, the arrears are spread") {
        // in file order the reinstatement comes first, but it is dated later: dates decide
        a.mandates = {event(d(2026, 1, 9), E::reinstated, "R"), event(d(2026, 1, 5), E::cancelled, "0")};
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::ok);
        CHECK(r.summary.arrears == gbp("1064.34"));
        CHECK(r.summary.instalments == 2);  // as §11: 2 Feb and 2 Mar
        require_invariants(a, r, rec);
    }
    SECTION("equal dates: file order; the last of cancelled, disputed, reinstated decides") {
        a.mandates = {event(d(2026, 1, 5), E::reinstated, "R"), event(d(2026, 1, 5), E::cancelled, "B")};
        CHECK(rec(a).summary.status == Status::cancelled);
        a.mandates = {event(d(2026, 1, 5), E::cancelled, "B"), event(d(2026, 1, 5), E::disputed, "D")};
        CHECK(rec(a).summary.status == Status::review);
    }
    SECTION("amended and transferred leave the mandate standing; the transfer's details are kept") {
        a.mandates = {event(d(2026, 1, 5), E::amended, "E"),
                      MandateEntry{d(2026, 1, 6), E::transferred, "3", "200000", "12345678"}};
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::ok);
        CHECK(r.new_bank_details.sort_code_text() == "200000");
        CHECK(r.new_bank_details.account_number_text() == "12345678");
        CHECK(rec(acct(monthly("532.17", d(2025, 4, 1)))).new_bank_details.empty());  // no events, none
    }
    SECTION("a cancelled mandate wins over ARUDD 4 in the ledger; ARUDD 1 over a disputed mandate") {
        Account l = acct(monthly("200.00", d(2025, 4, 1)));
        l.ledger = {{d(2025, 12, 1), gbp("200.00"), LedgerStatus::unpaid, "4"}};
        l.mandates = {event(d(2026, 1, 5), E::cancelled, "1")};
        Options o;
        o.notice_date = d(2026, 1, 12);
        const Recovery ledger(o, ew());
        CHECK(ledger(l).summary.status == Status::cancelled);
        l.ledger[0].reason = "1";
        l.mandates = {event(d(2026, 1, 5), E::disputed, "D")};
        const AccountResult r = ledger(l);
        CHECK(r.summary.status == Status::cancelled);
        CHECK(r.summary.message == "ARUDD 1: instruction cancelled; the instruction can no longer be collected");
    }
}

TEST_CASE("payments by other means", "[recovery][payments]") {
    Account a = acct(monthly("532.17", d(2025, 4, 1)));
    const Recovery rec(westminster(), ew());
    SECTION("paid in full: no_arrears") {
        a.payments = {{d(2025, 12, 20), gbp("1000.00")}, {d(2026, 1, 5), gbp("64.34")}};
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::no_arrears);
        CHECK(r.summary.paid_amount == gbp("1064.34"));
        CHECK(r.summary.arrears == gbp("0.00"));
        CHECK(r.schedule.empty());
    }
    SECTION("overpaid: in_credit by 35.66") {
        a.payments = {{d(2026, 1, 5), gbp("1100.00")}};
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::in_credit);
        CHECK(r.summary.arrears == gbp("-35.66"));  // 1064.34 - 1100.00
        CHECK(r.summary.message == "in credit by 35.66 (reported, not refunded)");
        CHECK(r.schedule.empty());
    }
    SECTION("a reported payments row: review, whatever the arrears, figures of the rows read") {
        // §5 "Nothing lost" (issue 24, R-100007): a £20 cash payment dated 16/12/2025 in a
        // file of ISO dates was not read; her figures stand without it and are not trusted.
        a.payments = {{d(2026, 1, 5), gbp("64.34")}};
        a.reported = {"payments line 3, column 2 (date): invalid date '16/12/2025'",
                      "payments line 4, column 3 (amount): invalid amount 'ten'"};
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::review);
        CHECK(r.summary.message ==
              "payments line 3, column 2 (date): invalid date '16/12/2025': arrears not trusted (and 1 more)");
        CHECK(r.summary.missed_amount == gbp("1064.34"));
        CHECK(r.summary.paid_amount == gbp("64.34"));
        CHECK(r.summary.arrears == gbp("1000.00"));  // 1064.34 - 64.34
        CHECK(r.schedule.empty());
        a.payments = {{d(2026, 1, 5), gbp("1064.34")}};  // even with nothing owed
        CHECK(rec(a).summary.status == Status::review);
    }
    SECTION("part paid: the rest is spread") {
        a.payments = {{d(2026, 1, 5), gbp("64.34")}};
        const AccountResult r = rec(a);
        CHECK(recoveries(r) == gbps({"500.00", "500.00"}));  // (1064.34 - 64.34) / 2
    }
}

TEST_CASE("remainder rules on the worked example", "[recovery][remainder]") {
    const Account a = acct(monthly("532.17", d(2025, 4, 1)));
    Options o = westminster();
    SECTION("whole-pounds: 1064.34 / 3 = 354.78 → £355; the first takes 354.34") {
        // (Over 2, 532.00 and 532.34: the first is over the ceiling 532.16.)
        o.remainder = Remainder::whole_pounds;
        const Recovery rec(o, ew());
        const AccountResult r = rec(a);
        CHECK(recoveries(r) == gbps({"354.34", "355.00", "355.00"}));  // 1064.34 - 2 x 355.00
        require_invariants(a, r, rec);
    }
    SECTION("first and last: arrears of 1000.03 (100003 = 10 x 10000 + 3 pence) over 10 weekly instalments") {
        Account w = acct(weekly("10.01", d(2025, 4, 7)));
        w.plan.skip = {d(2025, 12, 22), d(2025, 12, 29)};
        w.payments = {{d(2026, 1, 5), gbp("-949.98")}};  // a refund reversed: arrears 50.05 + 949.98
        // 100.00 a week on a 10.01 plan is ten times the regular amount: this is about the
        // pennies, so without the promise (§8).
        o.double_payment = DoublePayment::allowed;
        const Recovery rf(o, ew());
        // 100003 pence over 10 instalments: 10000 each and 3 extra pennies.
        CHECK(recoveries(rf(w)) == gbps({"100.01", "100.01", "100.01", "100.00", "100.00", "100.00", "100.00", "100.00",
                                         "100.00", "100.00"}));
        o.remainder = Remainder::last;
        const Recovery rl(o, ew());
        CHECK(recoveries(rl(w)) == gbps({"100.00", "100.00", "100.00", "100.00", "100.00", "100.00", "100.00", "100.01",
                                         "100.01", "100.01"}));
    }
}

TEST_CASE("caps", "[recovery][cap]") {
    const Account a = acct(monthly("532.17", d(2025, 4, 1)));
    Options o = westminster();
    SECTION("fixed cap 300.00: ceil(1064.34 / 300.00) = 4 instalments of at most 266.09") {
        o.cap = Cap::parse("300.00");
        const Recovery rec(o, ew());
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::extended);  // 1 Apr and 1 May are after H
        CHECK(recoveries(r) == gbps({"266.09", "266.09", "266.08", "266.08"}));
        CHECK(r.summary.last_recovery_date == d(2026, 5, 1));
        require_invariants(a, r, rec);
    }
    SECTION("a percentage cap that comes to 0p: review") {
        Account tiny = acct(monthly("1.00", d(2025, 4, 1)));
        o.cap = Cap::parse("0.5%");  // 0.5% of 1.00 = 0.5p, rounded down to 0p
        const AccountResult r = Recovery(o, ew())(tiny);
        CHECK(r.summary.status == Status::review);
        CHECK(r.summary.message ==
              "the ceiling 0.00 (cap 0.5% of 1.00; no double payment on 1.00) leaves nothing "
              "for recovery");
        CHECK(r.schedule.empty());
    }
    SECTION("a cap no collection up to X can keep: review") {
        o.cap = Cap::parse("0.01");  // 106434 collections of 1p would be needed
        const AccountResult r = Recovery(o, ew())(a);
        CHECK(r.summary.status == Status::review);
        // 2 Feb 2026 – 1 Mar 2027: 14 monthly collections.
        CHECK(r.summary.message ==
              "no split of the arrears 1064.34 over the 14 collections up to 2027-03-31 "
              "keeps the ceiling 0.01 (cap 0.01 of 532.17; no double payment on 532.17)");
    }
    SECTION("a fixed cap below 1p, or a cap with strategy single, is an input error") {
        CHECK_THROWS_WITH(Cap::parse("0.00"), "cap 0.00 is below 0.01");
        o.cap = Cap::parse("10.00");
        o.strategy = Strategy::single;
        CHECK_THROWS_AS(Recovery(o, ew()), InputError);
    }
    SECTION("no_extend: the 50% cap would need June 2026, so review") {
        o.cap = Cap::parse("50%");
        o.extension = Extension::forbidden;
        const AccountResult r = Recovery(o, ew())(a);
        CHECK(r.summary.status == Status::review);
        // m0 = 2 (2 Feb, 2 Mar); only those two are before H, and 2 x 266.08 < 1064.34.
        CHECK(r.summary.message ==
              "no split of the arrears 1064.34 over the 2 collections up to the horizon "
              "2026-03-31 keeps the ceiling 266.08 (cap 50% of 532.17; no double payment on "
              "532.17) (extension not allowed)");
        CHECK(r.schedule.empty());
    }
}

TEST_CASE("when no collection lies between E and the horizon", "[recovery][when_none]") {
    // Outage 23 Feb – 6 Mar 2026 misses Mon 2 Mar (1 Mar is a Sunday). Notice Mon 9 Mar:
    // E = 23 Mar; the next collection, 1 Apr, is after H = 31 Mar, so n = 0.
    const Account a = acct(monthly("120.00", d(2025, 4, 1)));
    Options o;
    o.outage = Outage{d(2026, 2, 23), d(2026, 3, 6)};
    o.notice_date = d(2026, 3, 9);
    SECTION("next-year: 12 collections 1 Apr 2026 – 1 Mar 2027 of 10.00") {
        const Recovery rec(o, ew());
        CHECK(rec.earliest_change() == d(2026, 3, 23));
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::extended);
        CHECK(r.summary.instalments == 12);
        CHECK(recoveries(r) == std::vector<Money>(12, gbp("10.00")));
        CHECK(r.summary.first_recovery_date == d(2026, 4, 1));
        CHECK(r.summary.last_recovery_date == d(2027, 3, 1));
        // 1 Jan 2027 (Fri) is New Year's Day: taken Mon 4 Jan 2027.
        CHECK(std::any_of(r.schedule.begin(), r.schedule.end(),
                          [](const ScheduleRow& row) { return row.collection_date == make_date(2027, 1, 4); }));
        require_invariants(a, r, rec);
    }
    SECTION("single: all 120.00 on 1 Apr 2026, and the ceiling spreads it further") {
        o.when_none = WhenNone::single;
        const Recovery rec(o, ew());
        const AccountResult r = rec(a);
        CHECK(r.summary.status == Status::extended);
        // 120.00 on 1 Apr is over the ceiling 119.99 (no double payment): m = 2, 60.00 on
        // 1 Apr and 1 May 2026 (§8: the limits still apply to when_none single).
        CHECK(recoveries(r) == gbps({"60.00", "60.00"}));
        CHECK(r.summary.first_recovery_date == d(2026, 4, 1));
        CHECK(r.summary.warnings == 0u);
        require_invariants(a, r, rec);
        o.double_payment = DoublePayment::allowed;
        const Recovery allowed(o, ew());
        const AccountResult all = allowed(a);
        CHECK(recoveries(all) == gbps({"120.00"}));
        CHECK(all.summary.warnings == Warning::double_payment);
        require_invariants(a, all, allowed);
    }
    SECTION("review: no schedule") {
        o.when_none = WhenNone::review;
        const AccountResult r = Recovery(o, ew())(a);
        CHECK(r.summary.status == Status::review);
        CHECK(r.summary.message ==
              "no collection between 2026-03-23 and the horizon 2026-03-31 can carry the recovery");
    }
    SECTION("no_extend turns next-year into review") {
        o.extension = Extension::forbidden;
        CHECK(Recovery(o, ew())(a).summary.status == Status::review);
    }
    SECTION("strategy single past the horizon is extended") {
        o.strategy = Strategy::single;
        const AccountResult r = Recovery(o, ew())(a);
        CHECK(r.summary.status == Status::extended);
        CHECK(r.summary.first_recovery_date == d(2026, 4, 1));
    }
}

TEST_CASE("horizon options: until, a 6 April year, strategy single", "[recovery][horizon]") {
    const Account a = acct(monthly("532.17", d(2025, 4, 1)));
    SECTION("until 28 Feb 2026: only 2 Feb is an instalment before H") {
        Options o = westminster();
        o.until = d(2026, 2, 28);
        const Recovery rec(o, ew());
        CHECK(rec.horizon() == d(2026, 2, 28));
        const AccountResult r = rec(a);
        // n = 1; 1064.34 there is over the ceiling 532.16, so m = ceil(1064.34 / 532.16) = 3:
        // 354.78 on 2 Feb, 2 Mar and 1 Apr, past this H.
        CHECK(r.summary.status == Status::extended);
        CHECK(recoveries(r) == gbps({"354.78", "354.78", "354.78"}));
        REQUIRE(r.schedule.size() == 3);  // rows run from N to the last recovery
        require_invariants(a, r, rec);
        o.double_payment = DoublePayment::allowed;
        const Recovery allowed(o, ew());
        const AccountResult all = allowed(a);
        CHECK(all.summary.status == Status::ok);
        CHECK(recoveries(all) == gbps({"1064.34"}));
        REQUIRE(all.schedule.size() == 1);  // rows run from N to H
        require_invariants(a, all, allowed);
    }
    SECTION("a year starting 6 April: H = 5 Apr 2026, so 1 Apr 2026 is an instalment too") {
        Options o = westminster();
        o.year_start = YearStart::parse("04-06");
        const Recovery rec(o, ew());
        CHECK(rec.horizon() == d(2026, 4, 5));
        CHECK(rec.extension_limit() == d(2027, 4, 5));
        const AccountResult r = rec(a);
        CHECK(recoveries(r) == gbps({"354.78", "354.78", "354.78"}));  // 1064.34 / 3
        CHECK(r.summary.last_recovery_date == d(2026, 4, 1));
        CHECK(r.summary.status == Status::ok);
    }
    SECTION("strategy single inside the horizon: 1064.34 on 2 Feb") {
        Options o = westminster();
        o.strategy = Strategy::single;
        const AccountResult r = Recovery(o, ew())(a);
        CHECK(r.summary.status == Status::ok);
        CHECK(recoveries(r) == gbps({"1064.34"}));
        CHECK(r.summary.first_recovery_date == d(2026, 2, 2));
        CHECK(r.schedule.size() == 2);  // 2 Feb with recovery, 2 Mar regular, to H
    }
}

TEST_CASE("option and account errors", "[recovery][errors]") {
    Options o = westminster();
    o.notice_date = d(2026, 1, 9);
    CHECK_THROWS_WITH(Recovery(o, ew()), "notice date 2026-01-09 must be after the outage, which ends 2026-01-09");
    o = westminster();
    o.outage->from = d(1994, 12, 1);
    CHECK_THROWS_WITH(Recovery(o, ew()),
                      "outage start 1994-12-01 is outside the years 1995-2099 that the calendars cover");
    o = westminster();
    Plan bad = weekly("10.00", d(2025, 4, 7));
    bad.day = DayOfMonth(7);
    const AccountResult r = Recovery(o, ew())(acct(bad));
    CHECK(r.summary.status == Status::rejected);
    CHECK(r.summary.message == "day 7 is only for monthly plans, not weekly");
    SECTION("a plan first due decades away has nothing to recover") {
        const AccountResult far = Recovery(o, ew())(acct(monthly("10.00", d(2090, 1, 1))));
        CHECK(far.summary.status == Status::no_arrears);
    }
}

TEST_CASE("amounts too large to add up exactly reject the account, not the run", "[recovery]") {
    // Two payments of 50,000,000,000,000,000 pence: their sum is beyond int64 pence
    // (9,223,372,036,854,775,807), so Money's checked addition throws std::overflow_error.
    Account a{"BIG", monthly("532.17", d(2025, 4, 1)), {}, {}};
    a.payments = {{d(2026, 1, 5), Money::pence(5'000'000'000'000'000'000)},
                  {d(2026, 1, 6), Money::pence(5'000'000'000'000'000'000)}};
    const Recovery rec(westminster(), ew());
    const AccountResult r = rec(a);
    CHECK(r.summary.status == Status::rejected);
    CHECK(r.summary.message == "the account's amounts add up to more than arrears can hold exactly");
    CHECK(r.schedule.empty());
}
