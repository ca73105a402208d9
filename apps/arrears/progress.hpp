// The progress line of `arrears recover`: after a second, a line on stderr counting the
// accounts done, redrawn five times a second and erased at the end.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace arrears::cli {

/// A line on stderr counting the accounts done, once a run has taken more than a second
/// (only when enabled: the caller passes whether stderr is a terminal).
class Progress {
public:
    explicit Progress(bool enabled);
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
    std::thread reporter_;
};

}  // namespace arrears::cli
