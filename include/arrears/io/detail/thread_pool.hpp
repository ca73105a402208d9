// The one way work is spread over threads in arrears::io: a fixed number of threads (the
// caller's among them) take numbered chunks in turn, so which thread does a chunk never
// changes a result. Internal to BlockRecovery and the Python binding.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace arrears::io::detail {

/// Runs f(chunk) for chunks 0..chunks-1 on `threads` threads (the caller's among them), each
/// thread taking the next chunk not yet taken. If f throws, no further chunks are started,
/// every thread is joined, and the first exception is rethrown on the caller's thread.
template <class F>
void for_each_chunk(std::size_t chunks, unsigned threads, F&& f) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_lock;
    auto work = [&] {
        try {
            for (std::size_t c; (c = next.fetch_add(1)) < chunks;) f(c);
        } catch (...) {
            next = chunks;
            const std::lock_guard lock(error_lock);
            if (!error) error = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads && t < chunks; ++t) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace arrears::io::detail
