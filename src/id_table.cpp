// The id table of the held ledger rows and of the duplicate-id index (see detail/id_table.hpp).
#include <arrears/io/detail/id_table.hpp>

#include <cstring>
#include <stdexcept>

namespace arrears::io::detail {

namespace {
// A place's tag keeps 28 bits of the hash: a table of up to 2^28 places is rehashed from the
// tags alone; a larger one hashes the ids' text again.
constexpr std::size_t tag_places = std::size_t{1} << 28;
}  // namespace

std::uint64_t IdTable::hash(std::string_view id) noexcept {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a, then a final mix
    for (unsigned char ch : id) h = (h ^ ch) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

IdTable::Key IdTable::key(std::uint64_t h, std::string_view id) noexcept {
    const std::uint32_t hash_part = (static_cast<std::uint32_t>(h) & tag_hash_mask) << 4;
    if (id.size() > 8) return {hash_part | long_id, 0};
    std::uint64_t text = 0;
    if (!id.empty()) std::memcpy(&text, id.data(), id.size());
    return {hash_part | static_cast<std::uint32_t>(id.size() + 1), text};
}

void IdTable::reserve(std::size_t ids) {
    std::size_t places = places_.size() < 1024 ? 1024 : places_.size();
    while (places * 3 < ids * 4 && places < tag_places) places *= 2;
    if (places > places_.size()) rehash(places);
}

std::uint64_t IdTable::keep_text(std::string_view id) {
    if (arena_.size() + id.size() >= 0xFFFFFFFF) throw std::length_error("arrears: more than 4 GiB of account ids");
    const std::uint64_t at = std::uint64_t{arena_.size()} << 32 | id.size();
    arena_ += id;
    return at;
}

void IdTable::rehash(std::size_t places) {
    MappedArray<Place> grown(places);
    const std::size_t mask = places - 1;
    for (std::size_t k = 0; k < places_.size(); ++k) {
        const Place& e = places_[k];
        if (e.tag == 0) continue;
        std::size_t i = (places <= tag_places ? e.tag >> 4 : hash(text(e))) & mask;
        while (grown[i].tag != 0) i = (i + 1) & mask;
        grown[i] = e;
    }
    places_.swap(grown);
}

}  // namespace arrears::io::detail
