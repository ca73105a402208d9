// The progress line of `arrears recover`: a reporter thread that wakes every 200 ms and,
// after the first second, rewrites "recovering: N accounts" on stderr.
#include "progress.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <system_error>

namespace arrears::cli {

namespace {
std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, 1, ',');
    return digits;
}
}  // namespace

std::string progress_text(std::size_t done, std::size_t expected, double seconds) {
    std::string out = "recovering: " + grouped(done);
    if (expected == 0 || done == 0) return out + " accounts";
    const std::size_t total = std::max(expected, done);
    const double share = std::min(0.99, static_cast<double>(done) / static_cast<double>(total));
    out += " of about " + grouped(total) + " accounts (" + std::to_string(static_cast<int>(share * 100)) + "%)";
    const auto left =
        static_cast<long long>(seconds * static_cast<double>(total - done) / static_cast<double>(done) + 0.5);
    if (left >= 60)
        out += ", about " + std::to_string(left / 60) + " min " + std::to_string(left % 60) + " s left";
    else
        out += ", about " + std::to_string(std::max(1LL, left)) + " s left";
    return out;
}

Progress::Progress(bool enabled, std::size_t expected) : expected_(expected) {
    if (!enabled) return;
    try {  // (no thread to be had, as under a process limit: no progress line)
        reporter_ = std::thread([this] {
            using clock = std::chrono::steady_clock;
            const auto start = clock::now();
            bool shown = false;
            std::unique_lock lock(m_);
            while (!cv_.wait_for(lock, std::chrono::milliseconds(200), [&] { return finished_; })) {
                if (clock::now() - start < std::chrono::seconds(1)) continue;
                const double seconds = std::chrono::duration<double>(clock::now() - start).count();
                const std::string line = progress_text(done_.load(std::memory_order_relaxed), expected_, seconds);
                std::fprintf(stderr, "\r%s\033[K", line.c_str());
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
