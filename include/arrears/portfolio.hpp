// A whole portfolio through one Recovery, on several threads (the streaming, block-at-a-time
// path for files is arrears::io::BlockRecovery).
#pragma once

#include <arrears/recovery.hpp>
#include <arrears/thread_pool.hpp>

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace arrears {

/// Recovers every account with one Recovery on `pool`'s threads, results in input order;
/// the results are identical for any number of threads.
std::vector<AccountResult> recover_portfolio(std::span<const Account> accounts, const Recovery& recovery,
                                             ThreadPool& pool);

/// As above, on `threads` threads for this call (0: every core; fewer for a small portfolio,
/// or where no more threads can be started).
std::vector<AccountResult> recover_portfolio(std::span<const Account> accounts, const Recovery& recovery,
                                             unsigned threads = 1);

// ---------------------------------------------------------------------------------------
// Implementation

inline std::vector<AccountResult> recover_portfolio(std::span<const Account> accounts, const Recovery& recovery,
                                                    ThreadPool& pool) {
    std::vector<AccountResult> results(accounts.size());
    constexpr std::size_t chunk = 512;  // accounts a thread takes at a time
    pool.for_each_chunk((accounts.size() + chunk - 1) / chunk, [&](std::size_t c) {
        std::vector<Collection> scratch;
        for (std::size_t i = c * chunk, end = std::min(accounts.size(), i + chunk); i < end; ++i)
            recovery.recover_into(accounts[i], results[i], scratch);
    });
    return results;
}

inline std::vector<AccountResult> recover_portfolio(std::span<const Account> accounts, const Recovery& recovery,
                                                    unsigned threads) {
    // (No thread started for fewer than 64 accounts a thread.)
    const std::size_t most = std::max<std::size_t>(1, accounts.size() / 64);
    ThreadPool pool(static_cast<unsigned>(std::min<std::size_t>(ThreadPool::resolve(threads), most)));
    return recover_portfolio(accounts, recovery, pool);
}

}  // namespace arrears
