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
    // 5,000 ids from an empty index: the table (1,024 slots at first, at most 70% full)
    // grows three times, to 8,192 slots, and every id is found again after.
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

TEST_CASE("An index reserved for n ids shows the memory it set aside", "[id-index]") {
    io::detail::IdIndex index;
    CHECK(index.reserved_memory().empty());  // nothing reserved yet
    index.reserve(1000);
    const auto memory = index.reserved_memory();
    REQUIRE(memory.size() == 3);
    // 1,000 ids at most 70% full: 2,048 slots of 16 bytes (a hash and a number, padded).
    CHECK(memory[0].second == 2048 * 16);
    CHECK(memory[1].second >= 1000 * 16);  // each id's line, offset and length
    CHECK(memory[2].second >= 1000 * 16);  // their text, 16 bytes an id expected
    // Reserved, not yet used: inserting within it finds nothing stale in the zeroed slots.
    std::uint64_t first = 0;
    CHECK(index.insert("B-1", 2, first));
    CHECK_FALSE(index.insert("B-1", 3, first));
    CHECK(first == 2);
}
