// Random plans and option sets for the property tests (deterministic seeds, so a failure
// reproduces): recovery_properties_test.cpp and notice_test.cpp.
#pragma once

#include <arrears/option_table.hpp>
#include <arrears/recovery.hpp>

#include <map>
#include <optional>
#include <random>
#include <string>

namespace arrears::testing {

struct Generator {
    std::mt19937_64 rng;
    explicit Generator(std::uint64_t seed) : rng(seed) {}
    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
    bool chance(int percent) { return uniform(1, 100) <= percent; }
    Date date_between(Date lo, Date hi) { return lo + date::days(uniform(0, static_cast<int>((hi - lo).count()))); }

    Plan plan() {
        Plan p;
        p.amount = Money(uniform(1, 200'000));
        p.frequency = static_cast<Frequency>(uniform(0, 3));
        p.first_due = date_between(make_date(2015, 1, 1), make_date(2026, 6, 1));
        if (p.frequency == Frequency::monthly && chance(40))
            p.day = chance(20) ? DayOfMonth::last() : DayOfMonth(static_cast<unsigned>(uniform(1, 31)));
        p.convention = static_cast<BusinessDayConvention>(uniform(0, 3));
        if (chance(15)) p.first_amount = Money(uniform(1, 200'000));  // §4: a first instalment of its own
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
        if (chance(15)) o.until = o.notice_date + date::days(uniform(1, 300));
        if (chance(15)) o.year_start = YearStart{4, 6};
        o.strategy = chance(15) ? Strategy::single : Strategy::spread;
        o.remainder = static_cast<Remainder>(uniform(0, 2));
        if (o.strategy == Strategy::spread && chance(35))
            o.cap = chance(50) ? Cap(Money(uniform(1, 50'000)))
                               : Cap(Percentage(std::int64_t{uniform(1, 150)} * 1'000'000));
        if (chance(15)) o.extension = Extension::forbidden;
        o.when_none = static_cast<WhenNone>(uniform(0, 2));
        // §8: the promise by default, asked for, or allowed (never asked for with single).
        o.double_payment = static_cast<DoublePayment>(uniform(0, 2));
        if (o.strategy == Strategy::single && o.double_payment == DoublePayment::forbidden)
            o.double_payment = DoublePayment::by_default;
        o.past_end = chance(70) ? PastEnd::continue_ : PastEnd::stop;
        if (chance(30)) o.skip_weeks = SkipWeeks::recover;
        return o;
    }

    /// §16: an account's own options, from random cells of the decision columns put through
    /// account_options as an accounts row's are; none when the row has no decision or its
    /// cells make a combination §16 refuses (the reader would reject the account).
    std::optional<Options> decisions(const Options& run) {
        if (chance(40)) return std::nullopt;
        std::map<std::string_view, std::string> cell;
        auto money = [&](int lo, int hi) { return Money(uniform(lo, hi)).to_string(); };
        auto day = [&](Date from, int days) { return to_string(from + date::days(uniform(1, days))); };
        if (chance(25)) cell["strategy"] = chance(50) ? "single" : "spread";
        if (chance(20)) cell["cap"] = chance(50) ? money(1, 50'000) : std::to_string(uniform(1, 150)) + "%";
        if (chance(15)) cell["min_recovery"] = money(1, 20'000);
        if (chance(25)) cell["no_double_payment"] = chance(50) ? "yes" : "no";
        if (chance(25)) cell["past_end"] = chance(50) ? "stop" : "continue";
        if (chance(25)) cell["skip_weeks"] = chance(50) ? "rest" : "recover";
        if (chance(20)) cell["until"] = day(run.notice_date, 400);
        if (chance(25)) cell["hold_until"] = day(run.notice_date, 500);
        if (chance(5)) cell["review"] = "call the payer first";
        if (cell.empty()) return std::nullopt;
        try {
            return account_options(run, [&](const OptionSpec& s) {
                const auto it = cell.find(s.column);
                return it == cell.end() ? std::string_view() : std::string_view(it->second);
            });
        } catch (const DecisionError&) {
            return std::nullopt;
        }
    }
};

}  // namespace arrears::testing
