// What the recovery tests share: short ways to write dates, amounts and a monthly plan,
// recovery-rules §11's outage and notice, the England-and-Wales calendar, and the §10 invariants as a requirement.
#pragma once

#include <arrears/invariants.hpp>
#include <arrears/recovery.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace arrears::test {

inline Date d(int y, unsigned m, unsigned dd) { return make_date(y, m, dd); }
inline Money gbp(const char* text) { return Money::parse(text); }

/// §11: outage 24 Nov 2025 - 9 Jan 2026, notice Mon 12 Jan 2026 (E 26 Jan, H 31 Mar 2026).
inline Options westminster() {
    Options o;
    o.notice_date = d(2026, 1, 12);
    o.outage = Outage{d(2025, 11, 24), d(2026, 1, 9)};
    return o;
}

/// A monthly plan of `amount` from `first_due`.
inline Plan monthly(const char* amount, Date first_due) {
    Plan p;
    p.amount = gbp(amount);
    p.frequency = Frequency::monthly;
    p.first_due = first_due;
    return p;
}

inline const Calendar& ew() {
    static const Calendar c(Region::england_and_wales);
    return c;
}

inline void require_invariants(const Account& a, const AccountResult& r, const Recovery& rec) {
    INFO(a.id);
    // Compared with an empty list, so a failure prints every invariant that broke.
    REQUIRE(check_invariants(a, r, rec) == std::vector<std::string>{});
}

}  // namespace arrears::test
