// The duplicate-id index of a file that can be read again: 8 bytes per id instead of the
// id's text. A slot holds 32 bits of the id's hash and the id's line; when a new id's
// fingerprint matches a slot, the earlier row's id is read again from the file and compared,
// so a duplicate is only ever reported for equal ids (recovery-rules §12). Internal to
// BlockRecovery and the command line.
#pragma once

#include <arrears/io/detail/id_index.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace arrears::io::detail {

class FileIdIndex final : public DuplicateIndex {
public:
    /// The id of the row on `line` (one inserted before), read again; nullopt when that row
    /// cannot be read. The view stays valid until the next call.
    using IdAt = std::function<std::optional<std::string_view>(std::uint64_t line)>;

    explicit FileIdIndex(IdAt id_at) : id_at_(std::move(id_at)) {}

    using DuplicateIndex::insert;
    void reserve(std::size_t n) override;
    /// As DuplicateIndex::insert; throws std::length_error for a line past 2^32 - 1.
    bool insert(std::uint64_t h, std::string_view id, std::uint64_t line, std::uint64_t& first_line) override;
    void prefetch(std::uint64_t h) const noexcept override {
        if (!slots_.empty()) __builtin_prefetch(&slots_[home(h)]);
    }
    [[nodiscard]] std::size_t size() const noexcept override { return size_; }
    /// How many earlier ids were read again to compare (fingerprint matches, equal or not).
    [[nodiscard]] std::size_t rereads() const noexcept { return rereads_; }

private:
    struct Slot {
        std::uint32_t fingerprint = 0;
        std::uint32_t line = 0;  // 0: empty (line 1 is the header)
    };
    // Multiply-shift range reduction: any number of slots (up to 2^32), from the hash's high
    // 32 bits; the fingerprint is its low 32 bits, so the two are independent.
    [[nodiscard]] std::size_t home(std::uint64_t h) const noexcept {
        return static_cast<std::size_t>(((h >> 32) * static_cast<std::uint64_t>(slots_.size())) >> 32);
    }
    void place(std::uint64_t h, std::uint32_t line) noexcept;
    void resize(std::size_t slots);

    IdAt id_at_;
    std::vector<Slot> slots_;
    std::size_t size_ = 0;
    std::size_t rereads_ = 0;
};

}  // namespace arrears::io::detail
