// Tests of include/arrears/io/detail/thread_pool.hpp: chunks spread over threads, and an
// exception on a worker thread handed back to the caller.
#include <arrears/io/detail/thread_pool.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <stdexcept>

using namespace arrears;

TEST_CASE("for_each_chunk joins its threads and hands back the first exception", "[thread-pool][error]") {
    // Chunk 3 throws: the call must rethrow it on the caller's thread (not terminate), and
    // no chunk may run twice.
    std::atomic<int> runs[8] = {};
    CHECK_THROWS_WITH(io::detail::for_each_chunk(8, 2,
                                                 [&](std::size_t c) {
                                                     ++runs[c];
                                                     if (c == 3) throw std::runtime_error("chunk 3");
                                                 }),
                      "chunk 3");
    for (auto& r : runs) CHECK(r <= 1);
    CHECK(runs[3] == 1);
}
