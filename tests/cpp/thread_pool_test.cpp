// Tests of include/arrears/thread_pool.hpp: every chunk run once on the pool's threads, an
// exception handed back to the caller, tasks beside the caller, and a pool whose threads
// cannot be started (a process limit) that still does all the work (issue 25, point 1).
#include <arrears/thread_pool.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

using namespace arrears;

namespace {
// Starts threads until `allowed` have been started, then fails as pthread_create does under
// RLIMIT_NPROC or a cgroup's pids.max (EAGAIN).
std::atomic<int> allowed{0};
std::thread start_limited(std::function<void()> body) {
    if (allowed.fetch_sub(1) <= 0) throw std::system_error(EAGAIN, std::generic_category(), "pthread_create");
    return std::thread(std::move(body));
}

// Runs 1,000 chunks summing their numbers, and notes which threads ran them.
std::size_t sum_chunks(ThreadPool& pool, std::set<std::thread::id>* seen = nullptr) {
    std::atomic<std::size_t> sum{0};
    std::vector<std::atomic<int>> runs(1000);
    std::mutex m;
    pool.for_each_chunk(1000, [&](std::size_t c) {
        ++runs[c];
        sum += c;
        if (seen) {
            const std::lock_guard lock(m);
            seen->insert(std::this_thread::get_id());
        }
    });
    for (auto& r : runs) REQUIRE(r == 1);  // every chunk once
    return sum;
}
}  // namespace

TEST_CASE("A pool of n threads runs every chunk once, on its threads and the caller's", "[thread-pool]") {
    ThreadPool pool(3);
    CHECK(pool.size() == 3);
    // 0 + 1 + ... + 999 = 999 * 1000 / 2
    for (int call = 0; call < 50; ++call) REQUIRE(sum_chunks(pool) == 499500);  // the same threads, call after call
    std::set<std::thread::id> seen;
    sum_chunks(pool, &seen);
    CHECK(seen.size() <= 3);
    CHECK(ThreadPool(1).size() == 1);
    CHECK(ThreadPool::resolve(0) == std::max(1u, std::thread::hardware_concurrency()));  // 0: every core
    CHECK(ThreadPool::resolve(5000) == ThreadPool::most_threads);
    CHECK(ThreadPool::resolve(7) == 7);
}

TEST_CASE("for_each_chunk hands back the first exception once no thread runs a chunk", "[thread-pool][error]") {
    // Chunk 3 throws: the call must rethrow it on the caller's thread (not terminate), and
    // no chunk may run twice; the pool works as before afterwards.
    ThreadPool pool(2);
    std::atomic<int> runs[8] = {};
    CHECK_THROWS_WITH(pool.for_each_chunk(8,
                                          [&](std::size_t c) {
                                              ++runs[c];
                                              if (c == 3) throw std::runtime_error("chunk 3");
                                          }),
                      "chunk 3");
    for (auto& r : runs) CHECK(r <= 1);
    CHECK(runs[3] == 1);
    CHECK(sum_chunks(pool) == 499500);
}

TEST_CASE("Calls from several threads at once, and from a task beside the caller", "[thread-pool]") {
    ThreadPool pool(3);
    Task<std::size_t> beside = pool.async([&] { return sum_chunks(pool); });
    const std::size_t here = sum_chunks(pool);
    CHECK(beside.get() == 499500);
    CHECK(here == 499500);
    // A task's exception comes back from get(); a task not waited for is waited for by its
    // destructor (the value it writes is there afterwards).
    Task<void> failing = pool.async([] { throw std::runtime_error("task"); });
    CHECK_THROWS_WITH(failing.get(), "task");
    int written = 0;
    {
        Task<void> t = pool.async([&] { written = 7; });
    }
    CHECK(written == 7);
    // Tasks in turn reuse the side thread: one after another, each sees the last one's writes.
    std::vector<int> order;
    Task<void> step;
    for (int k = 0; k < 20; ++k) {
        if (step.valid()) step.get();
        step = pool.async([&order, k] { order.push_back(k); });
    }
    step.get();
    REQUIRE(order.size() == 20);
    for (int k = 0; k < 20; ++k) CHECK(order[static_cast<std::size_t>(k)] == k);
}

TEST_CASE("Threads that cannot start make a smaller pool, never an abort", "[thread-pool][error]") {
    SECTION("one worker of three can start") {
        allowed = 1;
        ThreadPool pool(4, &start_limited);
        CHECK(pool.size() == 2);  // the caller and the one worker
        CHECK(sum_chunks(pool) == 499500);
        // No thread left for a task: it runs in get(), on the thread that waits for it.
        bool ran = false;
        Task<void> t = pool.async([&] { ran = true; });
        CHECK_FALSE(ran);
        t.get();
        CHECK(ran);
    }
    SECTION("no thread at all") {
        allowed = 0;
        ThreadPool pool(8, &start_limited);
        CHECK(pool.size() == 1);
        std::set<std::thread::id> seen;
        CHECK(sum_chunks(pool, &seen) == 499500);
        CHECK(seen == std::set<std::thread::id>{std::this_thread::get_id()});  // all on the caller's
        Task<int> t = pool.async([] { return 42; });
        CHECK(t.get() == 42);
        // A task that cannot run is not run if nobody waits for it (an error unwound past it).
        bool ran = false;
        {
            Task<void> dropped = pool.async([&] { ran = true; });
        }
        CHECK_FALSE(ran);
    }
}
