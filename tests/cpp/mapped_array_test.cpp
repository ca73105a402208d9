// Tests of include/arrears/io/detail/mapped_array.hpp: zero-filled room mapped on its own,
// 2 MiB-aligned, that keeps its elements as it grows and moves without copying.
#include <arrears/io/detail/mapped_array.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <new>
#include <utility>

using namespace arrears;

TEST_CASE("MappedArray: zero-filled, 2 MiB-aligned room that keeps its elements as it grows", "[memory]") {
    io::detail::MappedArray<std::uint32_t> empty;
    CHECK(empty.empty());
    CHECK(empty.data() == nullptr);
    io::detail::MappedArray<std::uint32_t> a(1000);
    REQUIRE(a.size() == 1000);
    CHECK(reinterpret_cast<std::uintptr_t>(a.data()) % (std::uintptr_t{2} << 20) == 0);
    CHECK(std::all_of(a.data(), a.data() + 1000, [](std::uint32_t v) { return v == 0; }));
    for (std::uint32_t i = 0; i < 1000; ++i) a[i] = i * 3;
    a.grow(3'000'000);  // 12 MB: past one 2 MiB page, into a new mapping
    REQUIRE(a.size() == 3'000'000);
    CHECK(reinterpret_cast<std::uintptr_t>(a.data()) % (std::uintptr_t{2} << 20) == 0);
    CHECK(a[999] == 2997);  // kept: 999 * 3
    CHECK(a[1000] == 0);    // new room is zero
    CHECK(a[2'999'999] == 0);
    io::detail::MappedArray<std::uint32_t> b(std::move(a));
    CHECK(a.empty());
    CHECK(b[7] == 21);
    io::detail::MappedArray<std::uint32_t> c(5);
    c[4] = 9;
    c = std::move(b);  // c's own mapping given back, b's taken
    CHECK(c.size() == 3'000'000);
    CHECK(c[7] == 21);
    CHECK(b.empty());
}

TEST_CASE("MappedArray: room past 2^47 bytes is refused, not mapped", "[memory][error]") {
    // 2^45 elements of 8 bytes: 256 TiB, beyond what the array accepts (2^47 bytes).
    CHECK_THROWS_AS(io::detail::MappedArray<std::uint64_t>(std::size_t{1} << 45), std::bad_alloc);
}
