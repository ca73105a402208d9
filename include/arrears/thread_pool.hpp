// The one way arrears spreads work over threads: a pool made once for a run (the command
// line's `--threads`, the Python call's `threads`), whose threads live as long as it does and
// are handed down to everything that runs on them. Work is numbered chunks taken in turn, so
// which thread does a chunk never changes a result; a few tasks run beside the caller (the
// command line's writer, the ledger's holder, the Python call's recovery of a block) on
// threads the pool keeps for them.
//
// A thread that cannot be started (a container's pids.max, `ulimit -u`, no memory for its
// stack) never stops a run: the pool is smaller, and a task with no thread to run on is run
// by whoever waits for it. Even with no thread at all but the caller's, every result is the
// same.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace arrears {

template <class R>
class Task;

/// Threads made once for a run. for_each_chunk() runs numbered chunks on size() threads (the
/// caller's among them); async() runs a task beside the caller. Safe to use from several
/// threads at once (a task run by async() may itself call for_each_chunk()).
class ThreadPool {
public:
    /// How a thread is started: by std::thread's constructor, unless a test gives a function
    /// that throws std::system_error as a process limit makes it.
    using StartThread = std::thread (*)(std::function<void()> body);

    /// The most threads a pool has (more would only wait for chunks: a block has 32).
    static constexpr unsigned most_threads = 1024;

    /// A pool of `threads` threads in all, the caller's among them: 0 means every core
    /// (std::thread::hardware_concurrency(), at least 1; the one place that is worked out),
    /// more than most_threads means most_threads. Starts threads - 1 workers now; from the
    /// first that cannot start (std::system_error, std::bad_alloc) it starts no more, and
    /// size() says how many it has.
    explicit ThreadPool(unsigned threads = 0, StartThread start = nullptr) : start_(start ? start : &start_thread) {
        const unsigned want = resolve(threads);
        workers_.reserve(want - 1);
        for (unsigned t = 1; t < want; ++t)
            if (!start_worker()) break;
    }
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;
    /// Waits for the tasks running beside the caller, then ends every thread.
    ~ThreadPool() {
        {
            const std::lock_guard lock(m_);
            stopping_ = true;
        }
        work_cv_.notify_all();
        for (auto& side : sides_) side->wake.notify_all();
        for (std::thread& t : workers_) t.join();
        for (auto& side : sides_) side->thread.join();
    }

    /// `threads` as a pool makes it: 0 is every core, and at most most_threads.
    [[nodiscard]] static unsigned resolve(unsigned threads) noexcept {
        if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
        return std::min(threads, most_threads);
    }

    /// The threads chunks run on, the caller's among them: at least 1.
    [[nodiscard]] unsigned size() const noexcept { return static_cast<unsigned>(workers_.size()) + 1; }

    /// Runs f(chunk) for chunks 0..chunks-1 on the caller's thread and the pool's workers,
    /// each taking the next chunk not yet taken; returns when every chunk is done. If f
    /// throws, no further chunks are started, and the first exception is rethrown here once
    /// no thread is running f any more.
    template <class F>
    void for_each_chunk(std::size_t chunks, F&& f) {
        if (chunks == 0) return;
        if (workers_.empty() || chunks == 1) {
            for (std::size_t c = 0; c < chunks; ++c) f(c);
            return;
        }
        using Fn = std::remove_reference_t<F>;
        Job job;
        job.call = [](void* fn, std::size_t c) { (*static_cast<Fn*>(fn))(c); };
        job.fn = const_cast<void*>(static_cast<const void*>(std::addressof(f)));
        job.chunks = chunks;
        {
            const std::lock_guard lock(m_);
            jobs_.push_back(&job);
        }
        if (chunks - 1 >= workers_.size())
            work_cv_.notify_all();
        else
            for (std::size_t w = 0; w + 1 < chunks; ++w) work_cv_.notify_one();
        run_chunks(job);
        {
            std::unique_lock lock(m_);
            jobs_.erase(std::find(jobs_.begin(), jobs_.end(), &job));
            done_cv_.wait(lock, [&] { return job.helpers == 0; });
        }
        if (job.error) std::rethrow_exception(job.error);
    }

    /// Runs f() beside the caller, on a thread the pool keeps for such tasks (started the
    /// first time one is needed). With no thread to be had, f runs in the Task's get(),
    /// on the thread that waits for it: a task must not need to run before that.
    template <class F>
    auto async(F&& f) -> Task<std::invoke_result_t<std::decay_t<F>&>> {
        using R = std::invoke_result_t<std::decay_t<F>&>;
        auto job = std::make_shared<std::packaged_task<R()>>(std::forward<F>(f));
        Task<R> task(job->get_future());
        if (!post([job] { (*job)(); })) task.deferred_ = std::move(job);
        return task;
    }

private:
    /// One for_each_chunk() call: its chunks and the workers inside it.
    struct Job {
        void (*call)(void*, std::size_t) = nullptr;
        void* fn = nullptr;
        std::size_t chunks = 0;
        std::atomic<std::size_t> next{0};
        unsigned helpers = 0;  // workers running its chunks (under the pool's m_)
        std::mutex error_lock;
        std::exception_ptr error;
    };
    /// A thread kept for async() tasks, one task at a time.
    struct Side {
        std::thread thread;
        std::condition_variable wake;
        std::function<void()> task;  // (under the pool's m_) the task to start, if any
        bool busy = false;           // (under the pool's m_) given a task not yet finished
    };

    static std::thread start_thread(std::function<void()> body) { return std::thread(std::move(body)); }

    /// Starts a worker; false when it cannot be started.
    bool start_worker() {
        try {
            workers_.push_back(start_([this] { work(); }));
            return true;
        } catch (const std::system_error&) {
        } catch (const std::bad_alloc&) {}
        return false;
    }

    static void run_chunks(Job& job) noexcept {
        try {
            for (std::size_t c; (c = job.next.fetch_add(1, std::memory_order_relaxed)) < job.chunks;)
                job.call(job.fn, c);
        } catch (...) {
            job.next.store(job.chunks, std::memory_order_relaxed);
            const std::lock_guard lock(job.error_lock);
            if (!job.error) job.error = std::current_exception();
        }
    }

    /// A job with chunks not yet taken (under m_), or null.
    Job* open_job() const noexcept {
        for (Job* j : jobs_)
            if (j->next.load(std::memory_order_relaxed) < j->chunks) return j;
        return nullptr;
    }

    /// A worker: helps with whichever call has chunks left, until the pool ends.
    void work() noexcept {
        std::unique_lock lock(m_);
        for (;;) {
            Job* job = nullptr;
            work_cv_.wait(lock, [&] { return stopping_ || (job = open_job()) != nullptr; });
            if (job == nullptr) return;
            ++job->helpers;
            lock.unlock();
            run_chunks(*job);
            lock.lock();
            if (--job->helpers == 0) done_cv_.notify_all();
        }
    }

    /// Hands `task` to an idle side thread, starting one if none is idle; false when no
    /// thread can be had.
    bool post(std::function<void()> task) {
        const std::lock_guard lock(m_);
        for (auto& side : sides_)
            if (!side->busy) {
                side->busy = true;
                side->task = std::move(task);
                side->wake.notify_one();
                return true;
            }
        try {
            sides_.reserve(sides_.size() + 1);  // (so that keeping it below cannot throw)
            auto side = std::make_unique<Side>();
            Side& s = *side;
            s.busy = true;
            s.task = std::move(task);
            s.thread = start_([this, &s] { serve(s); });  // (it waits for m_, held here)
            sides_.push_back(std::move(side));
            return true;
        } catch (const std::system_error&) {
        } catch (const std::bad_alloc&) {}
        return false;
    }

    /// A side thread: runs the tasks it is given, one at a time, until the pool ends.
    void serve(Side& side) noexcept {
        std::unique_lock lock(m_);
        for (;;) {
            side.wake.wait(lock, [&] { return stopping_ || static_cast<bool>(side.task); });
            if (!side.task) return;
            std::function<void()> task;
            task.swap(side.task);
            lock.unlock();
            task();  // (a packaged_task: what it throws goes to its future)
            lock.lock();
            side.busy = false;
        }
    }

    StartThread start_;
    std::vector<std::thread> workers_;
    std::vector<std::unique_ptr<Side>> sides_;
    mutable std::mutex m_;
    std::condition_variable work_cv_, done_cv_;
    std::vector<Job*> jobs_;  // for_each_chunk() calls under way
    bool stopping_ = false;
};

/// A task ThreadPool::async() runs beside the caller. get() waits for it (or, when no thread
/// could run it, runs it) and gives its result or rethrows what it threw; the destructor of
/// a task still running waits for it, so nothing it uses may go before it.
template <class R>
class Task {
public:
    Task() = default;
    Task(Task&&) noexcept = default;
    Task& operator=(Task&& o) noexcept {
        wait_quietly();
        future_ = std::move(o.future_);
        deferred_ = std::move(o.deferred_);
        return *this;
    }
    ~Task() { wait_quietly(); }

    /// True until get() is called.
    [[nodiscard]] bool valid() const noexcept { return future_.valid(); }
    R get() {
        if (auto run_here = std::move(deferred_)) (*run_here)();
        return future_.get();
    }

private:
    friend class ThreadPool;
    explicit Task(std::future<R> f) noexcept : future_(std::move(f)) {}
    /// (A task never run, having had no thread, is dropped unrun.)
    void wait_quietly() noexcept {
        if (future_.valid() && !deferred_) future_.wait();
    }
    std::future<R> future_;
    std::shared_ptr<std::packaged_task<R()>> deferred_;  // run by get(): no thread could
};

}  // namespace arrears
