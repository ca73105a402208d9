// Fuzzes the whole recovery: fuzz bytes become a plan, payments, a ledger and options; every
// result must keep the section 10 invariants, and bad input must come back as an InputError
// (options) or a `rejected` account, never as a crash or any other exception.
#include <arrears/invariants.hpp>
#include <arrears/recovery.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>

using namespace arrears;

namespace {
Date some_date(FuzzedDataProvider& in, int lo_year, int hi_year) {
    const Date lo = make_date(lo_year, 1, 1), hi = make_date(hi_year, 12, 31);
    return lo + date::days(in.ConsumeIntegralInRange<int>(0, static_cast<int>((hi - lo).count())));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Calendar ew(Region::england_and_wales);
    static const Calendar scot(Region::scotland);
    FuzzedDataProvider in(data, size);

    Options o;
    const bool ledger_mode = in.ConsumeBool();
    o.notice_date = some_date(in, 1993, 2101);
    if (!ledger_mode) {
        Date from = some_date(in, 1993, 2101);
        o.outage = Outage{from, from + date::days(in.ConsumeIntegralInRange<int>(-5, 120))};
    }
    o.notice_days = in.ConsumeIntegralInRange<int>(-1, 30);
    o.postal_days = in.ConsumeIntegralInRange<int>(0, 5);
    if (in.ConsumeBool()) o.until = some_date(in, 1995, 2099);
    if (in.ConsumeBool())
        o.year_start =
            YearStart{in.ConsumeIntegralInRange<unsigned>(1, 12), in.ConsumeIntegralInRange<unsigned>(1, 28)};
    o.strategy = in.ConsumeBool() ? Strategy::single : Strategy::spread;
    o.remainder = static_cast<Remainder>(in.ConsumeIntegralInRange<int>(0, 2));
    o.when_none = static_cast<WhenNone>(in.ConsumeIntegralInRange<int>(0, 2));
    o.extension = in.ConsumeBool() ? Extension::forbidden : Extension::allowed;
    try {
        if (in.ConsumeBool()) {
            if (in.ConsumeBool())
                o.cap = Cap(Money(in.ConsumeIntegralInRange<std::int64_t>(-5, 10'000'000)));
            else
                o.cap = Cap(Percentage(in.ConsumeIntegralInRange<std::int64_t>(0, 300'000'000)));
        }
        // The §8 limits and past_end (the issue-12 options).
        o.past_end = in.ConsumeBool() ? PastEnd::continue_ : PastEnd::stop;
        if (in.ConsumeBool()) o.double_payment = DoublePayment::forbidden;
        if (in.ConsumeBool()) o.min_recovery = Money(in.ConsumeIntegralInRange<std::int64_t>(-5, 1'000'000));
    } catch (const InputError&) {
        return 0;
    }

    Account a;
    a.id = "F";
    Plan& p = a.plan;
    p.amount = Money(in.ConsumeIntegralInRange<std::int64_t>(-10, 100'000'000'000'000));
    p.frequency = static_cast<Frequency>(in.ConsumeIntegralInRange<int>(0, 3));
    p.first_due = some_date(in, 1960, 2110);
    if (in.ConsumeBool())
        p.day = in.ConsumeBool() ? DayOfMonth::last() : DayOfMonth(in.ConsumeIntegralInRange<unsigned>(1, 31));
    if (in.ConsumeBool()) p.end = p.first_due + date::days(in.ConsumeIntegralInRange<int>(-30, 20000));
    p.convention = static_cast<BusinessDayConvention>(in.ConsumeIntegralInRange<int>(0, 3));
    for (int k = in.ConsumeIntegralInRange<int>(0, 6); k > 0; --k) p.skip.push_back(some_date(in, 1990, 2100));
    for (int k = in.ConsumeIntegralInRange<int>(0, 4); k > 0; --k)
        a.payments.push_back(
            {some_date(in, 1993, 2101), Money(in.ConsumeIntegralInRange<std::int64_t>(-1'000'000, 100'000'000))});
    if (ledger_mode)
        for (int k = in.ConsumeIntegralInRange<int>(0, 5); k > 0; --k) {
            static const char* codes[] = {"", "0", "1", "4", "B", "9"};
            a.ledger.push_back({some_date(in, 1993, 2101),
                                Money(in.ConsumeIntegralInRange<std::int64_t>(0, 10'000'000)),
                                static_cast<LedgerStatus>(in.ConsumeIntegralInRange<int>(0, 2)),
                                codes[in.ConsumeIntegralInRange<int>(0, 5)]});
        }

    std::optional<Recovery> rec;
    try {
        rec.emplace(o, ew, in.ConsumeBool() ? scot : ew);
    } catch (const InputError&) {
        return 0;  // options that break a rule: the caller is told, nothing is computed
    } catch (const std::out_of_range&) {
        return 0;  // notice period running off the calendar's end (2100)
    }
    const AccountResult r = (*rec)(a);
    for (const std::string& problem : check_invariants(a, r, *rec)) {
        std::fprintf(stderr, "invariant broken: %s (status %s, message %s)\n", problem.c_str(),
                     std::string(to_string(r.summary.status)).c_str(), r.summary.message.c_str());
        std::abort();
    }
    if (r.summary.status == Status::rejected && r.summary.message.empty()) std::abort();
    return 0;
}
