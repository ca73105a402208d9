// Tests of include/arrears/io/detail/id_table.hpp: the one table of distinct ids shared by the
// held ledger rows (Attachments) and the duplicate-id index (IdIndex). Ids of up to 8 bytes
// live in their place, longer ones in the arena; equal hashes never make two ids one.
#include <arrears/io/detail/id_table.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace arrears;
using io::detail::IdTable;

namespace {
IdTable::Place& put(IdTable& table, std::uint64_t h, const std::string& id, bool& made) {
    return table.insert(h, IdTable::key(h, id), id, made);
}
}  // namespace

TEST_CASE("The id table keeps each id once, with its value and text, through its growth", "[id-table]") {
    IdTable table;
    CHECK(table.empty());
    CHECK(table.home(1) == nullptr);  // no places yet
    // Ids of 0 to 21 bytes and 3,000 more: the table starts at 1,024 places and doubles
    // before it is more than 3/4 full, at the 769th, 1,537th and 3,073rd id, so 3,006 ids
    // end in 4,096 places (rehashed from the places' tags alone).
    std::vector<std::string> ids{"", "A", "12345678", "123456789", "LONG-ACCOUNT-000001-Z", "LONG-ACCOUNT-000001-Y"};
    for (int k = 0; k < 3000; ++k) ids.push_back(std::string("id-").append(std::to_string(k * 7919)));
    for (std::size_t k = 0; k < ids.size(); ++k) {
        bool made = false;
        put(table, IdTable::hash(ids[k]), ids[k], made).value = static_cast<std::uint32_t>(k);
        REQUIRE(made);
    }
    CHECK(table.size() == ids.size());
    CHECK(table.places() == 4096);
    for (std::size_t k = 0; k < ids.size(); ++k) {
        CAPTURE(ids[k]);
        IdTable::Place* p = table.find(IdTable::hash(ids[k]), ids[k]);
        REQUIRE(p != nullptr);
        CHECK(p->value == k);
        CHECK(table.text(*p) == ids[k]);
        CHECK(IdTable::is_long(p->tag) == (ids[k].size() > 8));
        bool made = true;
        CHECK(&put(table, IdTable::hash(ids[k]), ids[k], made) == p);  // found, not made again
        CHECK_FALSE(made);
    }
    CHECK(table.find(IdTable::hash("id-1"), "id-1") == nullptr);  // 1 is no multiple of 7919
    CHECK(table.size() == ids.size());
}

TEST_CASE("Ids of one hash are told apart by their text, inline or in the arena", "[id-table]") {
    IdTable table;
    // Every id given hash 42: one home place, one tag hash; "12345678" (inline) and
    // "123456789" (the arena) share their first 8 bytes; "AB" and "AB\0" differ in length only.
    const std::vector<std::string> ids{"12345678", "123456789", "123456780", "AB", std::string("AB\0", 3)};
    for (std::size_t k = 0; k < ids.size(); ++k) {
        bool made = false;
        put(table, 42, ids[k], made).value = static_cast<std::uint32_t>(k + 100);
        CHECK(made);
    }
    for (std::size_t k = 0; k < ids.size(); ++k) {
        IdTable::Place* p = table.find(42, ids[k]);
        REQUIRE(p != nullptr);
        CHECK(p->value == k + 100);
    }
    CHECK(table.find(42, "1234567") == nullptr);
    CHECK(table.find(42, "1234567890") == nullptr);
    CHECK(table.size() == 5);
}

TEST_CASE("A table reserved for n ids does not grow while they come", "[id-table]") {
    IdTable table;
    table.reserve(3000);  // 3,000 ids at most 3/4 full: 4,096 places
    CHECK(table.places() == 4096);
    for (int k = 0; k < 3000; ++k) {
        const std::string id = std::string("R").append(std::to_string(k));
        bool made = false;
        put(table, IdTable::hash(id), id, made);
    }
    CHECK(table.places() == 4096);
    table.reserve(10);  // never shrinks
    CHECK(table.places() == 4096);
}
