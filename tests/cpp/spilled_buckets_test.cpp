// Tests of include/arrears/io/detail/spilled_buckets.hpp: text gathered by key, read back
// key by key in the order added, the same whether it stayed in memory or went to the
// scratch file (the collection file's sort, recovery-rules §14).
#include <arrears/io/detail/spilled_buckets.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using arrears::io::detail::SpilledBuckets;

namespace {

// Adds three texts, each cut into runs of keys; drains; returns everything read back.
std::string gathered(SpilledBuckets& b) {
    std::string t1 = "b1|a1|c1|";  // key 2 "b1|", key 1 "a1|", key 3 "c1|"
    const SpilledBuckets::Run r1[] = {{2, 3}, {1, 6}, {3, 9}};
    b.add(t1, r1);
    CHECK(t1.empty());             // taken without a copy
    std::string t2 = "a2|a3|c2|";  // key 1 "a2|a3|", key 3 "c2|"
    const SpilledBuckets::Run r2[] = {{1, 6}, {3, 9}};
    b.add(t2, r2);
    std::string t3 = "z|b2|";  // key -5 "z|" (keys may be negative: dates before 1970), key 2 "b2|"
    const SpilledBuckets::Run r3[] = {{-5, 2}, {2, 5}};
    b.add(t3, r3);
    std::string out;
    b.drain([&](std::string_view s) { out += s; });
    return out;
}

}  // namespace

TEST_CASE("text comes back by key, then in the order added, in memory or spilled", "[spill]") {
    // Keys ascending: -5 "z|"; 1 "a1|" then "a2|a3|"; 2 "b1|" then "b2|"; 3 "c1|" then "c2|".
    const std::string expected = "z|a1|a2|a3|b1|b2|c1|c2|";
    const std::string folder = std::filesystem::temp_directory_path().string();

    SpilledBuckets in_memory(folder, 1 << 20);
    CHECK(gathered(in_memory) == expected);
    CHECK(in_memory.spilled() == 0);

    // A budget of 8 bytes spills after the second text (18 bytes held): those 18 bytes go
    // to the scratch file, the third text's 5 stay in memory.
    SpilledBuckets spilling(folder, 8);
    CHECK(gathered(spilling) == expected);
    CHECK(spilling.spilled() == 18);

    // Every text spilled as it comes (a budget of 0): 23 bytes in the file, read back alike.
    SpilledBuckets all(folder, 0);
    CHECK(gathered(all) == expected);
    CHECK(all.spilled() == 23);
}

TEST_CASE("a folder where no scratch file can be made is a WriteError naming it", "[spill]") {
    SpilledBuckets b("/nonexistent-arrears-folder", 0);
    std::string text = "x";
    const SpilledBuckets::Run runs[] = {{1, 1}};
    CHECK_THROWS_WITH(b.add(text, runs),
                      Catch::Contains("cannot create a scratch file in /nonexistent-arrears-folder"));
}

TEST_CASE("spilled texts read back through their own buffers, pieces longer than a buffer", "[spill]") {
    // Four texts of 40,000 bytes: in text k, key 1 is 30,000 times the letter 'a' + k, then
    // key 2 is 10,000 times 'p' + k. A budget of 50,000 spills after the second text and
    // after the fourth (80,000 bytes held each time), so two spills are read back, through
    // the buffers of the texts spilled (40,000 bytes each, above the 32 KiB taken as a
    // read-ahead buffer): key 1's part of a spill, 60,000 bytes, takes more than one read.
    const std::string folder = std::filesystem::temp_directory_path().string();
    SpilledBuckets b(folder, 50'000);
    std::string expected_key1, expected_key2;
    for (int k = 0; k < 4; ++k) {
        std::string text;
        text.reserve(40'000);
        text.append(30'000, static_cast<char>('a' + k));
        text.append(10'000, static_cast<char>('p' + k));
        expected_key1.append(30'000, static_cast<char>('a' + k));
        expected_key2.append(10'000, static_cast<char>('p' + k));
        const SpilledBuckets::Run runs[] = {{1, 30'000}, {2, 40'000}};
        b.add(text, runs);
    }
    CHECK(b.spilled() == 160'000);
    std::string out;
    b.drain([&](std::string_view s) { out += s; });
    CHECK(out.size() == 160'000);
    CHECK(out == expected_key1 + expected_key2);  // a..d, then p..s, each in the order added
}
