// The account ids seen so far in a stream, for finding duplicates (recovery-rules §12)
// however long the stream: the interface BlockRecovery asks, and the index that keeps every
// id (in the shared id table, detail/id_table.hpp). Internal to BlockRecovery.
#pragma once

#include <arrears/io/detail/id_table.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace arrears::io::detail {

/// The account ids seen so far in a stream, for finding duplicates: what BlockRecovery asks.
class DuplicateIndex {
public:
    DuplicateIndex() = default;
    DuplicateIndex(const DuplicateIndex&) = delete;
    DuplicateIndex& operator=(const DuplicateIndex&) = delete;
    virtual ~DuplicateIndex() = default;

    /// Makes room for about `n` ids without growing.
    virtual void reserve(std::size_t n) = 0;
    /// Records `id` (with `h` = hash(id), computed beforehand, e.g. on other threads) first
    /// seen on `line`; if it was seen before, returns false and sets `first_line` to that line.
    virtual bool insert(std::uint64_t h, std::string_view id, std::uint64_t line, std::uint64_t& first_line) = 0;
    bool insert(std::string_view id, std::uint64_t line, std::uint64_t& first_line) {
        return insert(hash(id), id, line, first_line);
    }
    /// Asks the processor to fetch the slot of hash `h` ahead of an insert.
    virtual void prefetch(std::uint64_t h) const noexcept = 0;
    [[nodiscard]] virtual std::size_t size() const noexcept = 0;
    static std::uint64_t hash(std::string_view id) noexcept { return IdTable::hash(id); }
};

/// The account ids seen so far, for finding duplicates in a stream of any length: each id's
/// text in the shared id table (16 bytes a place, ids of up to 8 bytes inline) and its first
/// line (8 bytes). For a stream that cannot be read again (a pipe, a DataFrame); FileIdIndex
/// needs less.
class IdIndex final : public DuplicateIndex {
public:
    using DuplicateIndex::insert;
    void reserve(std::size_t n) override;
    bool insert(std::uint64_t h, std::string_view id, std::uint64_t line, std::uint64_t& first_line) override {
        bool made = false;
        IdTable::Place& place = ids_.insert(h, IdTable::key(h, id), id, made);
        if (!made) {
            first_line = lines_[place.value];
            return false;
        }
        if (lines_.size() >= 0xFFFFFFFFu) throw std::length_error("too many account ids");
        place.value = static_cast<std::uint32_t>(lines_.size());
        lines_.push_back(line);
        return true;
    }
    void prefetch(std::uint64_t h) const noexcept override {
        if (const IdTable::Place* home = ids_.home(h)) __builtin_prefetch(home);
    }
    [[nodiscard]] std::size_t size() const noexcept override { return ids_.size(); }

private:
    IdTable ids_;                       // each id's value: its number, in the order first seen
    std::vector<std::uint64_t> lines_;  // by number: the line each id was first seen on
};

}  // namespace arrears::io::detail
