// Distinct account ids, each with a 32-bit value, in one flat open-addressed table of 16-byte
// places: an id of up to 8 bytes held in its place, a longer one in an arena of text. The
// table of the ledger's and payments' held rows (Attachments: the value is the id's latest
// row) and of the duplicate-id index of a stream that cannot be read again (IdIndex: the
// value numbers the id's first line). Internal to arrears::io.
#pragma once

#include <arrears/io/detail/mapped_array.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io::detail {

class IdTable {
public:
    /// What a place holds of an id, worked out from the id and its hash alone (so on any
    /// thread, ahead of the table): `tag` is the hash's low 28 bits << 4 | the id's kind,
    /// 1 + its length for an id of up to 8 bytes (`text` then its bytes, zero-padded), or
    /// long_id for a longer one (`text` then left to the caller: the table keeps such an
    /// id's text in its arena). A tag is never 0.
    struct Key {
        std::uint32_t tag;
        std::uint64_t text;
    };
    /// One place, all zero when empty; a long id's `text` is its offset in the arena << 32 |
    /// its length. `value` is the caller's.
    struct Place {
        std::uint32_t tag, value;
        std::uint64_t text;
    };
    static_assert(sizeof(Place) == 16);
    static constexpr std::uint32_t long_id = 10;
    static constexpr std::uint32_t tag_hash_mask = 0x0FFFFFFF;  // the hash bits a tag keeps

    /// The hash every caller gives (FNV-1a, then a final mix).
    [[nodiscard]] static std::uint64_t hash(std::string_view id) noexcept;
    [[nodiscard]] static Key key(std::uint64_t h, std::string_view id) noexcept;
    [[nodiscard]] static bool is_long(std::uint32_t tag) noexcept { return (tag & 0xF) == long_id; }

    /// Makes room for `ids` ids in all without growing (the table at most 3/4 full), up to
    /// 2^28 places (an estimate past that is not trusted: the table grows as ids come).
    /// Throws std::bad_alloc when the memory cannot be had.
    void reserve(std::size_t ids);

    /// The place of `id` (of hash `h` and key `k`), or null. Safe on several threads at once
    /// while nothing is inserted.
    [[nodiscard]] Place* find(std::uint64_t h, const Key& k, std::string_view id) noexcept {
        if (places_.empty()) return nullptr;
        const std::size_t mask = places_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            Place& e = places_[i];
            if (e.tag == 0) return nullptr;
            if (same(e, k, id)) return &e;
        }
    }
    [[nodiscard]] Place* find(std::uint64_t h, std::string_view id) noexcept { return find(h, key(h, id), id); }

    /// The place of `id` (of hash `h` and key `k`), made with value 0 when the id is new
    /// (`made` then true). Throws std::length_error past 4 GiB of long ids' text.
    Place& insert(std::uint64_t h, const Key& k, std::string_view id, bool& made) {
        if ((count_ + 1) * 4 > places_.size() * 3) rehash(places_.size() < 1024 ? 1024 : places_.size() * 2);
        const std::size_t mask = places_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            Place& e = places_[i];
            if (e.tag == 0) {
                e = Place{k.tag, 0, is_long(k.tag) ? keep_text(id) : k.text};
                ++count_;
                made = true;
                return e;
            }
            if (same(e, k, id)) {
                made = false;
                return e;
            }
        }
    }

    /// The first place probed for hash `h`, for fetching ahead; null while the table is empty.
    [[nodiscard]] const Place* home(std::uint64_t h) const noexcept {
        return places_.empty() ? nullptr : &places_[h & (places_.size() - 1)];
    }
    /// Where the text of a long id's place `e` is (to fetch it ahead).
    [[nodiscard]] const char* long_text(const Place& e) const noexcept { return arena_.data() + (e.text >> 32); }
    /// The text of the id in place `e`.
    [[nodiscard]] std::string_view text(const Place& e) const noexcept {
        if (is_long(e.tag)) return std::string_view(arena_).substr(e.text >> 32, e.text & 0xFFFFFFFF);
        return {reinterpret_cast<const char*>(&e.text), (e.tag & 0xF) - 1};
    }

    /// The ids held.
    [[nodiscard]] std::size_t size() const noexcept { return count_; }
    [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
    /// The places (a power of two, or 0): place(0) .. place(places() - 1), empty ones among them.
    [[nodiscard]] std::size_t places() const noexcept { return places_.size(); }
    [[nodiscard]] Place& place(std::size_t i) const noexcept { return places_[i]; }
    [[nodiscard]] std::size_t index_of(const Place& e) const noexcept {
        return static_cast<std::size_t>(&e - places_.data());
    }

private:
    [[nodiscard]] bool same(const Place& e, const Key& k, std::string_view id) const noexcept {
        return e.tag == k.tag && (is_long(k.tag) ? text(e) == id : e.text == k.text);
    }
    /// Copies a long id into the arena: its place's `text`.
    std::uint64_t keep_text(std::string_view id);
    /// Moves the ids into a table of `places` places (a power of two).
    void rehash(std::size_t places);

    MappedArray<Place> places_;  // a power of two of them, at most 3/4 used
    std::size_t count_ = 0;
    std::string arena_;  // the text of ids longer than 8 bytes
};

}  // namespace arrears::io::detail
