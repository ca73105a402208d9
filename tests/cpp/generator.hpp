// Random plans and option sets for the property tests (deterministic seeds, so a failure
// reproduces): recovery_properties_test.cpp and notice_test.cpp.
#pragma once

#include <arrears/recovery.hpp>

#include <random>

namespace arrears::testing {

struct Generator {
    std::mt19937_64 rng;
    explicit Generator(std::uint64_t seed) : rng(seed) {}
    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
    bool chance(int percent) { return uniform(1, 100) <= percent; }
    Date date_between(Date lo, Date hi) {
        return lo + date::days(uniform(0, static_cast<int>((hi - lo).count())));
    }

    Plan plan() {
        Plan p;
        p.amount = Money(uniform(1, 200'000));
        p.frequency = static_cast<Frequency>(uniform(0, 3));
        p.first_due = date_between(make_date(2015, 1, 1), make_date(2026, 6, 1));
        if (p.frequency == Frequency::monthly && chance(40))
            p.day = chance(20) ? DayOfMonth::last() : DayOfMonth(static_cast<unsigned>(uniform(1, 31)));
        p.convention = static_cast<BusinessDayConvention>(uniform(0, 3));
        if (chance(20)) p.end = p.first_due + date::days(uniform(0, 4000));
        if (chance(25)) {  // a few rent-free due dates
            for (Collection c : p.collections(Calendar(), make_date(2025, 10, 1), make_date(2027, 3, 1)))
                if (chance(8)) p.skip.push_back(c.due_date);
        }
        return p;
    }

    Options options() {
        Options o;
        Date from = date_between(make_date(2025, 6, 1), make_date(2026, 3, 1));
        Date to = from + date::days(uniform(0, 60));
        o.outage = Outage{from, to};
        o.notice_date = to + date::days(uniform(1, 40));
        o.notice_days = uniform(0, 15);
        o.postal_days = uniform(0, 3);
        if (chance(15)) o.until = o.notice_date + date::days(uniform(0, 300));
        if (chance(15)) o.year_start = YearStart{4, 6};
        o.strategy = chance(15) ? Strategy::single : Strategy::spread;
        o.remainder = static_cast<Remainder>(uniform(0, 2));
        if (o.strategy == Strategy::spread && chance(35))
            o.cap = chance(50) ? Cap(Money(uniform(1, 50'000)))
                               : Cap(Percentage(std::int64_t{uniform(1, 150)} * 1'000'000));
        if (chance(15)) o.extension = Extension::forbidden;
        o.when_none = static_cast<WhenNone>(uniform(0, 2));
        return o;
    }
};

}  // namespace arrears::testing
