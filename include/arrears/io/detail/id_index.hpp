// The account ids seen so far in a stream, for finding duplicates (recovery-rules §12)
// however long the stream: one flat hash table over one arena of text. Internal to
// BlockRecovery.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io::detail {

/// The account ids seen so far, for finding duplicates in a stream of any length: one flat
/// hash table over one arena of text (a few tens of bytes per id).
class IdIndex {
public:
    /// Makes room for about `n` ids without growing.
    void reserve(std::size_t n);
    /// Records `id` first seen on `line`; if it was seen before, returns false and sets
    /// `first_line` to that line.
    bool insert(std::string_view id, std::uint64_t line, std::uint64_t& first_line) {
        return insert(hash(id), id, line, first_line);
    }
    /// As insert(id, ...) with `h` = hash(id), computed beforehand (e.g. on other threads).
    bool insert(std::uint64_t h, std::string_view id, std::uint64_t line, std::uint64_t& first_line);
    /// Asks the processor to fetch the slot of hash `h` ahead of an insert.
    void prefetch(std::uint64_t h) const noexcept {
        if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
    }
    static std::uint64_t hash(std::string_view id) noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return ids_.size(); }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t id = 0;  // 1 + index into ids_; 0: empty
    };
    struct Id {
        std::uint64_t line;
        std::uint32_t offset;
        std::uint32_t length;
    };
    void rehash(std::size_t slots);
    std::vector<Slot> slots_;
    std::vector<Id> ids_;
    std::string arena_;
};

}  // namespace arrears::io::detail
