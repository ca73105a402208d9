// A whole portfolio through one Recovery, on several threads (the streaming, block-at-a-time
// path for files is arrears::io::BlockRecovery).
#pragma once

#include <arrears/recovery.hpp>

#include <algorithm>
#include <span>
#include <thread>
#include <vector>

namespace arrears {

/// Recovers every account with one Recovery, results in input order. `threads` = 0 uses
/// every core; the results are identical for any thread count.
std::vector<AccountResult> recover_portfolio(std::span<const Account> accounts,
                                             const Recovery& recovery, unsigned threads = 1);

// ---------------------------------------------------------------------------------------
// Implementation

inline std::vector<AccountResult> recover_portfolio(std::span<const Account> accounts,
                                                    const Recovery& recovery, unsigned threads) {
    std::vector<AccountResult> results(accounts.size());
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, accounts.size() / 64)));
    auto work = [&](std::size_t lo, std::size_t hi) {
        std::vector<Collection> scratch;
        for (std::size_t i = lo; i < hi; ++i) recovery.recover_into(accounts[i], results[i], scratch);
    };
    if (threads <= 1) {
        work(0, accounts.size());
        return results;
    }
    std::vector<std::thread> pool;
    const std::size_t chunk = (accounts.size() + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        std::size_t lo = t * chunk, hi = std::min(accounts.size(), lo + chunk);
        if (lo < hi) pool.emplace_back(work, lo, hi);
    }
    for (auto& th : pool) th.join();
    return results;
}

}  // namespace arrears
