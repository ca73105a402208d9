// What §5 of the recovery rules finds for one account (the engine's first step, in
// recovery.hpp): the missed collections, and in ledger mode which rows stand.
#pragma once

#include <arrears/account.hpp>
#include <arrears/date.hpp>
#include <arrears/money.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace arrears {

namespace detail {
/// What §5 finds for one account: the missed collections and the ARUDD codes that stop it.
struct Missed {
    int count = 0;
    Money amount;
    std::string cancel_message;   ///< set when an unpaid row's code cancels the instruction
    std::string dispute_message;  ///< set when an unpaid row's code is 4 (notice disputed)
    std::vector<Date> due_dates;  ///< ledger mode: the missed due dates, sorted
};

/// Calls f(entry) for each ledger row that stands, in file order: of several rows for one
/// due date the last stands (§5: a debit returned unpaid, then re-presented and collected,
/// counts as collected).
template <class F>
void for_each_standing(const std::vector<LedgerEntry>& ledger, F&& f) {
    const std::size_t k = ledger.size();
    if (k <= 32) {
        for (std::size_t i = 0; i < k; ++i) {
            bool later = false;
            for (std::size_t j = i + 1; j < k && !later; ++j) later = ledger[j].due_date == ledger[i].due_date;
            if (!later) f(ledger[i]);
        }
        return;
    }
    std::vector<std::size_t> order(k);
    for (std::size_t i = 0; i < k; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return ledger[a].due_date < ledger[b].due_date; });
    std::vector<char> stands(k, 0);
    for (std::size_t p = 0; p < k; ++p)
        if (p + 1 == k || ledger[order[p + 1]].due_date != ledger[order[p]].due_date) stands[order[p]] = 1;
    for (std::size_t i = 0; i < k; ++i)
        if (stands[i]) f(ledger[i]);
}
}  // namespace detail

}  // namespace arrears
