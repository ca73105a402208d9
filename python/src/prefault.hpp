// First touching the Python result's memory on a thread of its own. The result frames of a
// large portfolio are hundreds of MiB of new memory (at 1,000,000 accounts about 340 MiB),
// and on a virtual machine the first write to each page is what costs: the guest zeroes it,
// and the host backs it. Done by the worker threads as they write, that cost waits in line
// with the recovery; done here, it is paid while a core would otherwise wait (reading the
// first block, recovery's joins, the GIL-held steps after). Linux 5.14+ (MADV_POPULATE_WRITE);
// elsewhere, or if the kernel refuses, nothing is done and the writers touch the pages as
// before. Nothing is written: the pages' contents are what they would have been.
#pragma once

#include <arrears/io/detail/memory.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace arrears::python {

/// Populates ranges of memory on a thread of its own: `first` ranges whole, as soon as it
/// starts; then `paced` ranges (columns that grow as rows are appended) no further than the
/// bytes `allow` has let it, and, while it waits for that, `rest` ranges a step at a time.
/// stop() (or the destructor) waits for the thread: call it before a range's memory is
/// freed or moved. (Populating memory already freed is harmless, only wasted.)
class Prefault {
public:
    struct Range {
        void* data;
        std::size_t bytes;
    };

    Prefault(std::vector<Range> first, std::vector<Range> paced, std::vector<Range> rest)
        : first_(std::move(first)), paced_(std::move(paced)), rest_(std::move(rest)) {
#if defined(__linux__)
        try {
            thread_ = std::thread([this] { run(); });
        } catch (...) {  // (no thread to be had: the writers touch the pages themselves)
        }
#endif
    }
    Prefault(const Prefault&) = delete;
    Prefault& operator=(const Prefault&) = delete;
    ~Prefault() { stop(); }

    /// The paced ranges may be populated up to `bytes` from their start (a little ahead of
    /// the rows about to be written; bytes beyond a range's size are not touched).
    void allow(std::size_t bytes) {
        {
            std::lock_guard lock(mutex_);
            allowed_ = std::max(allowed_, bytes);
        }
        wake_.notify_one();
    }

    /// Stops populating and waits for the thread. Idempotent.
    void stop() noexcept {
        {
            std::lock_guard lock(mutex_);
            stopped_ = true;
        }
        wake_.notify_one();
        if (thread_.joinable()) thread_.join();
    }

private:
    static constexpr std::size_t step = std::size_t{2} << 20;  // a huge page at a time

    // [from, to) bytes of r; false once the kernel refuses (e.g. before Linux 5.14).
    static bool populate(const Range& r, std::size_t from, std::size_t to) noexcept {
        return io::detail::populate_pages(static_cast<char*>(r.data) + from, to - from);
    }

    void run() noexcept {
        for (const Range& r : first_)
            for (std::size_t at = 0; at < r.bytes; at += step)
                if (stopped() || !populate(r, at, std::min(r.bytes, at + step))) return;
        std::size_t most = 0;  // of the paced ranges
        for (const Range& r : paced_) most = std::max(most, r.bytes);
        std::size_t paced = 0, rest = 0, rest_at = 0;  // done: bytes of each paced range; range and byte of rest
        while (true) {
            std::size_t allowed = 0;
            {
                std::unique_lock lock(mutex_);
                const bool rest_left = rest < rest_.size();
                wake_.wait(lock, [&] { return stopped_ || allowed_ > paced || rest_left || paced >= most; });
                if (stopped_) return;
                allowed = std::min(allowed_, most);
            }
            if (paced < allowed) {  // the columns being written first
                const std::size_t to = std::min(allowed, paced + step);
                for (const Range& r : paced_)
                    if (paced < r.bytes && !populate(r, paced, std::min(r.bytes, to))) return;
                paced = to;
            } else if (rest < rest_.size()) {
                const Range& r = rest_[rest];
                const std::size_t to = std::min(r.bytes, rest_at + step);
                if (!populate(r, rest_at, to)) return;
                rest_at = to;
                if (rest_at == r.bytes) ++rest, rest_at = 0;
            } else if (paced >= most) {
                return;
            }
        }
    }

    bool stopped() const noexcept {
        std::lock_guard lock(mutex_);
        return stopped_;
    }

    std::vector<Range> first_, paced_, rest_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::size_t allowed_ = 0;
    bool stopped_ = false;
    std::thread thread_;
};

}  // namespace arrears::python
