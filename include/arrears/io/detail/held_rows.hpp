// The rows of the ledger and payments files held for their accounts (Attachments): 16 bytes
// a row, in the order they were held, each remembering the file and line it came from (as
// runs of consecutive lines, so a message can name them). Internal to arrears::io.
#pragma once

#include <arrears/io/detail/mapped_array.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace arrears::io::detail {

/// One held row: 16 bytes. What the fields mean is its kind's (detail/attached_kinds.hpp):
/// an amount, a date, a code and a character; rows of one id are chained through `next`.
struct HeldRow {
    std::int64_t value;      // a ledger row's or a payment's amount in pence
    std::uint32_t next;      // the row of the same id held before this one, or none
    std::uint16_t day;       // a date: days from 1995-01-01 (held dates lie in 1995-2099)
    std::uint8_t kind_code;  // the kind (Attachments::Kind) << 5 | a code of its own (0-31)
    char reason;             // a character of its own (an unpaid ledger row's ARUDD code), or 0

    static constexpr std::uint32_t none = 0xFFFFFFFF;
    [[nodiscard]] unsigned kind() const noexcept { return kind_code >> 5; }
    [[nodiscard]] unsigned code() const noexcept { return kind_code & 31u; }
};
static_assert(sizeof(HeldRow) == 16);

/// Rows held k = 0, 1, ... in one mapping of their own, with room for more, and the file and
/// line of each.
class HeldRows {
public:
    /// Lines a file may have, files there may be: a row's file and line are kept as
    /// file << 48 | line.
    static constexpr std::uint64_t max_line = (std::uint64_t{1} << 48) - 1;
    static constexpr std::size_t max_files = std::size_t{1} << 16;

    /// Room for `rows` more rows than are held, made now (the rows move if they must).
    void reserve(std::size_t rows) {
        if (held_ + rows > rows_.size()) rows_.grow(held_ + rows);
    }
    /// True when `n` more rows fit the room without moving the rows.
    [[nodiscard]] bool fits(std::size_t n) const noexcept { return held_ + n <= rows_.size(); }
    /// Places for `n` more rows after those held (left unwritten: their writers write them,
    /// on any thread): the first one's index. The room grows to twice when it is short,
    /// moving the rows: nothing may be using them meanwhile.
    std::size_t make_room(std::size_t n) {
        const std::size_t base = held_;
        if (base + n > HeldRow::none) throw std::length_error("arrears: too many ledger, payments and mandates rows");
        if (base + n > rows_.size()) rows_.grow(std::max(base + n, 2 * rows_.size()));
        held_ = base + n;
        return base;
    }

    [[nodiscard]] HeldRow& operator[](std::size_t k) const noexcept { return rows_[k]; }
    /// The rows held (the places make_room() gave).
    [[nodiscard]] std::size_t size() const noexcept { return held_; }

    /// Notes that row k, and the rows after it until the next note, were read from `file`
    /// on lines `line`, line + 1, ... (notes in the order of k).
    void note_line(std::size_t k, std::size_t file, std::uint64_t line) {
        runs_.push_back({k, static_cast<std::uint64_t>(file) << 48 | line});
    }
    /// The file and line row `k` was read from: file << 48 | line.
    [[nodiscard]] std::uint64_t file_line(std::uint32_t k) const {
        const auto run = std::upper_bound(runs_.begin(), runs_.end(), std::uint64_t{k},
                                          [](std::uint64_t at, const Run& r) { return at < r.k; }) -
                         1;
        return run->file_line + (k - run->k);
    }

private:
    /// Rows k, k + 1, ... held from lines line, line + 1, ... of one file, up to the next run:
    /// one a block, and one more wherever lines are skipped (blank lines, a quoted line break).
    struct Run {
        std::uint64_t k;
        std::uint64_t file_line;  // file << 48 | line
    };
    MappedArray<HeldRow> rows_;  // rows_[0..held_) are rows; the rest room
    std::size_t held_ = 0;
    std::vector<Run> runs_;  // by k
};

}  // namespace arrears::io::detail
