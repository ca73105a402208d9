// The worked example of recovery-rules §11: a £532.17 monthly plan, an outage from
// 24 Nov 2025 to 9 Jan 2026, notice on 12 Jan 2026. Prints the revised schedule: with the
// defaults nobody pays double (§8), so £354.78 of recovery on 2 Feb, 2 Mar and 1 Apr 2026
// (status extended); `options.double_payment = DoublePayment::allowed` gives £532.17 on each
// of 2 Feb and 2 Mar (status ok, warning double_payment).
#include <arrears.hpp>

#include <cstdio>

int main() {
    using namespace arrears;
    Plan plan;
    plan.amount = Money::parse("532.17");
    plan.frequency = Frequency::monthly;
    plan.first_due = make_date(2025, 4, 1);

    Options options;
    options.notice_date = make_date(2026, 1, 12);
    options.outage = Outage{make_date(2025, 11, 24), make_date(2026, 1, 9)};

    const Recovery recovery(options, Calendar(Region::england_and_wales));
    const AccountResult r = recovery(Account{"A-1001", plan, {}, {}});

    std::printf("%s: %s, arrears %s, earliest change %s\n", r.account_id.c_str(),
                std::string(to_string(r.summary.status)).c_str(), r.summary.arrears->to_string().c_str(),
                to_string(recovery.earliest_change()).c_str());
    std::printf("%-12s %-12s %10s %10s %10s %10s\n", "due", "collected", "regular", "recovery", "total", "left");
    for (const ScheduleRow& row : r.schedule)
        std::printf("%-12s %-12s %10s %10s %10s %10s\n", to_string(row.due_date).c_str(),
                    to_string(row.collection_date).c_str(), row.regular_amount.to_string().c_str(),
                    row.recovery_amount.to_string().c_str(), row.total_amount.to_string().c_str(),
                    row.arrears_after.to_string().c_str());
}
