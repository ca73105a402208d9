// The progress line of `arrears recover`: a reporter thread that wakes every 200 ms and,
// after the first second, rewrites "recovering: N accounts" on stderr.
#include "progress.hpp"

#include <chrono>
#include <cstdio>
#include <system_error>

namespace arrears::cli {

Progress::Progress(bool enabled) {
    if (!enabled) return;
    try {  // (no thread to be had, as under a process limit: no progress line)
        reporter_ = std::thread([this] {
            using clock = std::chrono::steady_clock;
            const auto start = clock::now();
            bool shown = false;
            std::unique_lock lock(m_);
            while (!cv_.wait_for(lock, std::chrono::milliseconds(200), [&] { return finished_; })) {
                if (clock::now() - start < std::chrono::seconds(1)) continue;
                std::fprintf(stderr, "\rrecovering: %zu accounts", done_.load(std::memory_order_relaxed));
                std::fflush(stderr);
                shown = true;
            }
            if (shown) std::fputs("\r\033[K", stderr);
        });
    } catch (const std::system_error&) {}
}

void Progress::stop() {
    if (!reporter_.joinable()) return;
    {
        std::lock_guard lock(m_);
        finished_ = true;
    }
    cv_.notify_one();
    reporter_.join();
}

}  // namespace arrears::cli
