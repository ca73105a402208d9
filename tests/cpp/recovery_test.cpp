// Tests of include/arrears/recovery.hpp: the rules of recovery-rules §4–§10.
#include <arrears/recovery.hpp>

#include <catch2/catch.hpp>

using namespace arrears;

namespace {

Date d(int y, unsigned m, unsigned dd) { return make_date(y, m, dd); }
Money gbp(const char* text) { return Money::parse(text); }

Plan monthly(const char* amount, Date first_due) {
    Plan p;
    p.amount = gbp(amount);
    p.frequency = Frequency::monthly;
    p.first_due = first_due;
    return p;
}

Options westminster() {
    Options o;
    o.notice_date = d(2026, 1, 12);
    o.outage = Outage{d(2025, 11, 24), d(2026, 1, 9)};
    return o;
}

const Calendar& ew() {
    static const Calendar c(Region::england_and_wales);
    return c;
}

void require_invariants(const Account& a, const AccountResult& r, const Recovery& rec) {
    auto bad = check_invariants(a, r, rec);
    INFO(a.id);
    for (auto& b : bad) INFO(b);
    REQUIRE(bad.empty());
}

}  // namespace

TEST_CASE("worked example of recovery-rules section 11", "[recovery][example]") {
    const Account a{"A1", monthly("532.17", d(2025, 4, 1)), {}, {}};
    SECTION("spread to the year end: two collections of 532.17 recovery each") {
        const Recovery rec(westminster(), ew());
        CHECK(rec.earliest_change() == d(2026, 1, 26));
        CHECK(rec.horizon() == d(2026, 3, 31));
        CHECK(rec.extension_limit() == d(2027, 3, 31));
        const AccountResult r = rec(a);
        const Summary& s = r.summary;
        CHECK(s.status == Status::ok);
        CHECK(s.missed_count == 2);                       // 1 Dec 2025 and 2 Jan 2026
        CHECK(s.missed_amount == gbp("1064.34"));
        CHECK(s.paid_amount == gbp("0"));
        CHECK(s.arrears == gbp("1064.34"));
        CHECK(s.instalments == 2);
        CHECK(s.first_recovery_date == d(2026, 2, 2));   // 1 Feb is a Sunday
        CHECK(s.last_recovery_date == d(2026, 3, 2));    // 1 Mar is a Sunday
        CHECK(s.max_recovery == gbp("532.17"));
        CHECK(s.warnings == Warning::double_payment);
        // Rows from N (12 Jan) to H (31 Mar): 2 Feb and 2 Mar only.
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
