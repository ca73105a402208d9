// Tests of include/arrears/io/detail/id_index.hpp: the duplicate-id index that keeps every id's
// text (for streams that cannot be read again: a pipe, a DataFrame).
#include <arrears/io/detail/id_index.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using namespace arrears;

TEST_CASE("An index of every id finds each duplicate's first line, through its growth", "[id-index]") {
    io::detail::IdIndex index;
    std::uint64_t first = 0;
    // 5,000 ids from an empty index: the table (1,024 places at first, at most 3/4 full)
    // grows three times, to 8,192 places, and every id is found again after.
    for (std::uint64_t k = 0; k < 5000; ++k) REQUIRE(index.insert("A-" + std::to_string(k), k + 2, first));
    CHECK(index.size() == 5000);
    CHECK_FALSE(index.insert("A-0", 9000, first));
    CHECK(first == 2);  // A-0 was on line 2 (line 1 the header)
    CHECK_FALSE(index.insert("A-4999", 9001, first));
    CHECK(first == 5001);
    CHECK(index.insert("A-5000", 9002, first));
    // Ids whose hashes are equal are still told apart by their text.
    CHECK(index.insert(7, "X", 9003, first));
    CHECK(index.insert(7, "Y", 9004, first));
    CHECK_FALSE(index.insert(7, "Y", 9005, first));
    CHECK(first == 9004);
}

TEST_CASE("An index reserved for n ids finds nothing stale in its zeroed places", "[id-index]") {
    io::detail::IdIndex index;
    index.reserve(1000);  // 2,048 places (at most 3/4 full), all zero
    std::uint64_t first = 0;
    CHECK(index.insert("B-1", 2, first));
    CHECK_FALSE(index.insert("B-1", 3, first));
    CHECK(first == 2);
    CHECK(index.size() == 1);
}

TEST_CASE("An index keeps lines past 2^32 and ids of any length", "[id-index]") {
    // The line of an id first seen past 2^32 lines (a pipe that long) comes back whole; ids
    // of 8 bytes (held inline) and 9 (in the arena) that agree on their first 8 are apart.
    io::detail::IdIndex index;
    std::uint64_t first = 0;
    const std::uint64_t far = (std::uint64_t{1} << 32) + 5;
    CHECK(index.insert("12345678", far, first));
    CHECK(index.insert("123456789", far + 1, first));
    CHECK_FALSE(index.insert("12345678", far + 2, first));
    CHECK(first == far);
    CHECK_FALSE(index.insert("123456789", far + 3, first));
    CHECK(first == far + 1);
    CHECK(index.size() == 2);
}
