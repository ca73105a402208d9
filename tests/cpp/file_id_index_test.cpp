// Tests of include/arrears/io/detail/file_id_index.hpp: the duplicate-id index that keeps a
// fingerprint and a line per id and reads the earlier id again to confirm a match. A match
// of fingerprints alone must never make a duplicate (a resident's account wrongly rejected).
#include <arrears/io/detail/file_id_index.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <string>

using namespace arrears;

namespace {
// The ids by line, as a file would give them when read again.
struct Lines {
    std::map<std::uint64_t, std::string> ids;
    io::detail::FileIdIndex::IdAt id_at() {
        return [this](std::uint64_t line) -> std::optional<std::string_view> {
            const auto it = ids.find(line);
            if (it == ids.end()) return std::nullopt;
            return std::string_view(it->second);
        };
    }
};
}  // namespace

TEST_CASE("Ids whose fingerprints collide are told apart by reading the earlier id again", "[id-index]") {
    Lines file;
    file.ids = {{2, "A"}, {3, "B"}, {4, "A"}, {5, "B"}, {6, "C"}};
    io::detail::FileIdIndex index(file.id_at());
    std::uint64_t first = 0;
    // Every id given the same hash, 42: the same home slot and the same fingerprint.
    CHECK(index.insert(42, "A", 2, first));
    CHECK(index.insert(42, "B", 3, first));  // A's fingerprint matches; A is read again: not B
    CHECK(index.rereads() == 1);
    CHECK_FALSE(index.insert(42, "A", 4, first));
    CHECK(first == 2);
    CHECK_FALSE(index.insert(42, "B", 5, first));  // A (line 2) read again, then B (line 3)
    CHECK(first == 3);
    CHECK(index.insert(42, "C", 6, first));
    CHECK(index.size() == 3);  // A, B and C; the later A and B were duplicates
    // 1 (B) + 1 (A) + 2 (B past A) + 2 (C past A and B) earlier ids read again
    CHECK(index.rereads() == 6);
}

TEST_CASE("The fingerprint index grows past its estimate, reading its ids again", "[id-index]") {
    Lines file;
    for (std::uint64_t line = 2; line < 5002; ++line) file.ids[line] = std::string("ID-") + std::to_string(line % 3000);
    io::detail::FileIdIndex index(file.id_at());
    index.reserve(10);  // 1024 slots, grown twice (to 2048, then 4096) to hold 3000 ids
    std::uint64_t first = 0;
    std::size_t duplicates = 0;
    for (const auto& [line, id] : file.ids) {
        if (!index.insert(io::detail::DuplicateIndex::hash(id), id, line, first)) {
            ++duplicates;
            // "ID-k" is first on line k for k >= 2, and on line 3000 + k for k = 0 and 1
            const std::uint64_t k = line % 3000;
            CHECK(first == (k >= 2 ? k : 3000 + k));
        }
    }
    // Lines 2 to 5001 hold 5000 ids, of which ids 0 to 2999 are distinct: 2000 duplicates.
    CHECK(duplicates == 2000);
    CHECK(index.size() == 3000);
}

TEST_CASE("The fingerprint index takes lines up to 2^32 - 1", "[id-index][error]") {
    Lines file;
    io::detail::FileIdIndex index(file.id_at());
    std::uint64_t first = 0;
    CHECK_THROWS_AS(index.insert(1, "X", std::uint64_t{1} << 32, first), std::length_error);
}
