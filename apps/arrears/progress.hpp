// The progress line of `arrears recover` (recovery-rules §12: on a terminal a long run shows
// its progress as a share of the input and the time left): after a second, a line on stderr
// with the accounts done, of about how many, the share and the time left, redrawn five times
// a second and erased at the end.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace arrears::cli {

/// The progress line's text: `done` accounts of about `expected` (0: unknown) after
/// `seconds`: "recovering: 120,000 of about 1,000,000 accounts (12%), about 1 min 5 s left".
/// The share stops at 99% until the run ends (the total is an estimate).
std::string progress_text(std::size_t done, std::size_t expected, double seconds);

/// A line on stderr counting the accounts done, once a run has taken more than a second
/// (only when enabled: the caller passes whether stderr is a terminal).
class Progress {
public:
    /// `expected`: about how many accounts the input holds (0: unknown).
    explicit Progress(bool enabled, std::size_t expected = 0);
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    ~Progress() { stop(); }

    void add(std::size_t n) noexcept { done_.fetch_add(n, std::memory_order_relaxed); }
    /// Stops the reporter and erases its line; safe to call more than once.
    void stop();

private:
    std::atomic<std::size_t> done_{0};
    std::mutex m_;
    std::condition_variable cv_;
    bool finished_ = false;
    std::size_t expected_ = 0;
    std::thread reporter_;
};

}  // namespace arrears::cli
