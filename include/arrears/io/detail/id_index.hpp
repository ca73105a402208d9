// The account ids seen so far in a stream, for finding duplicates (recovery-rules §12)
// however long the stream: one flat hash table over one arena of text. Internal to
// BlockRecovery.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
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
    static std::uint64_t hash(std::string_view id) noexcept;
};

/// The account ids seen so far, for finding duplicates in a stream of any length: one flat
/// hash table over one arena of text (a few tens of bytes per id). For a stream that cannot
/// be read again (a pipe, a DataFrame); FileIdIndex needs less.
class IdIndex final : public DuplicateIndex {
public:
    using DuplicateIndex::insert;
    void reserve(std::size_t n) override;
    bool insert(std::uint64_t h, std::string_view id, std::uint64_t line, std::uint64_t& first_line) override;
    void prefetch(std::uint64_t h) const noexcept override {
        if (slot_count_) __builtin_prefetch(&slots_[h & (slot_count_ - 1)]);
    }
    [[nodiscard]] std::size_t size() const noexcept override { return ids_.size(); }

    /// What reserve() set aside and inserts will write, as (start, bytes): the slots, the
    /// ids' records and their text. For touching it ahead on another thread (the Python
    /// binding's Prefault); valid until an insert grows the index past what was reserved.
    [[nodiscard]] std::vector<std::pair<void*, std::size_t>> reserved_memory() noexcept;

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
    struct Free {
        void operator()(void* p) const noexcept { std::free(p); }
    };
    void rehash(std::size_t slots);
    // Zeroed memory (calloc: for a large table, pages the kernel zeroes as they are first
    // touched, not a pass over them here); all zero bytes is an empty slot.
    std::unique_ptr<Slot[], Free> slots_;
    std::size_t slot_count_ = 0;
    std::vector<Id> ids_;
    std::string arena_;
};

}  // namespace arrears::io::detail
