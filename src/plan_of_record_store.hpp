// PlanOfRecordStore's state (see io/plan_of_record.hpp), shared by the files that implement
// it (an internal header: not installed): the index of every account's rows that the first
// pass makes (plan_of_record.cpp) and the buffers its rows are read again into
// (plan_of_record_rows.cpp), with the declarations of what each file defines.
#pragma once

#include <arrears/io/plan_of_record.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io {

namespace plan_of_record_store {

inline constexpr std::size_t schedule = 0, summary = 1;
// An entry's flags: its rows parsed (their problems recorded), a row of it read, a row of
// the accounts file names it.
inline constexpr std::uint8_t parsed = 1, named = 2, seen_flag = 4;
// An entry's rows in one file: [first, first + count), or, count `spread`, listed apart.
inline constexpr std::uint32_t spread = std::numeric_limits<std::uint32_t>::max();

// The account_id of row `r` that could not be read whole (a row_error), or empty: a ragged
// row's field at the account_id column's place, or the cell of a row with another bad cell.
inline std::string_view id_of_bad_row(const TextTable& t, std::size_t r, std::size_t id_col) {
    if (t.has_cells(r)) return t.error_column(r) == static_cast<int>(id_col) ? std::string_view() : t.at(r, id_col);
    return t.ragged_field(r, id_col).value_or(std::string_view());
}

}  // namespace plan_of_record_store

struct PlanOfRecordStore::Impl {
    struct Entry {
        std::uint32_t first[2] = {0, 0};
        std::uint32_t count[2] = {0, 0};
    };
    std::array<Input, 2> in;
    std::array<bool, 2> added{false, false};
    std::array<std::uint64_t, 2> rows{0, 0};
    // The schedule's account_id, due_date, collection_date, regular_amount, recovery_amount,
    // total_amount, arrears_after; the summary's account_id, status, message, missed_count,
    // missed_amount, paid_amount, arrears (-1: an optional column absent).
    std::array<int, 7> sc{}, mc{};
    detail::IdTable ids;
    std::vector<Entry> entries;
    std::vector<std::uint32_t> place_of;                                              // an entry's place in `ids`
    std::array<std::vector<std::pair<std::uint32_t, std::uint32_t>>, 2> spread_rows;  // (entry, row), sorted
    std::unique_ptr<std::atomic<std::uint8_t>[]> flags;
    std::vector<PlanProblem> orphans;  // rows of no account, found by the first pass
    mutable std::mutex problems_lock;
    mutable std::vector<PlanProblem> problems;

    // ---- the first pass (plan_of_record.cpp) -------------------------------------------
    std::string last_id;  // the id of the row before (an account's rows are mostly together)
    // index_rows's: by row of a block, its account's hash, or `none` when the row is bad or
    // of the row before's account.
    static constexpr std::uint64_t none = ~std::uint64_t{0};
    std::vector<std::uint64_t> heads;
    std::uint32_t last_entry = plan_of_record_store::spread;

    // `hash`: the id's hash, or null to work it out.
    void note(std::size_t f, std::uint64_t row, std::string_view id, const std::uint64_t* hash = nullptr);
    void index_rows(std::size_t f, const TextTable& t, std::uint64_t base);
    void reserve_ids(std::size_t estimate, std::uint64_t rows_so_far, std::size_t fresh);
    void add(std::size_t f, Input input, ThreadPool* pool);
    void finish_index();
    [[nodiscard]] std::int64_t entry_of(std::string_view id) const;

    // Calls f(row) for entry e's rows of file f, in file order.
    template <class F>
    void rows_of(std::uint32_t e, std::size_t f, F&& fn) const {
        const Entry& x = entries[e];
        if (x.count[f] != plan_of_record_store::spread) {
            for (std::uint32_t k = 0; k < x.count[f]; ++k) fn(std::uint64_t{x.first[f]} + k);
            return;
        }
        const auto& s = spread_rows[f];
        auto it = std::lower_bound(s.begin(), s.end(), std::make_pair(e, std::uint32_t{0}));
        for (; it != s.end() && it->first == e; ++it) fn(std::uint64_t{it->second});
    }

    // ---- problems (plan_of_record_rows.cpp) --------------------------------------------
    PlanProblem problem(std::size_t f, const TextTable& t, std::size_t r, std::uint64_t row, int col,
                        const std::string& why, std::string_view id) const;

    // ---- reading an account's rows (plan_of_record_rows.cpp) ---------------------------
    // Rows of one file read again: [first, last) of the file's rows are in `table` from
    // row `base` on.
    struct Piece {
        std::uint64_t first = 0, last = 0, base = 0;
        TextTable table;
        std::vector<char> text;
    };
    struct Rows {
        const TextTable* table;
        std::size_t r;
    };
    void read(std::size_t f, std::vector<std::uint64_t>& wanted, std::vector<Piece>& pieces) const;
    [[nodiscard]] Rows row_at(std::size_t f, const std::vector<Piece>& pieces, std::uint64_t row) const;
    void assemble(std::uint32_t e, const std::array<std::vector<Piece>, 2>& pieces, Found& out) const;
    void gather(std::span<const std::int64_t> which, Found* out) const;
};

}  // namespace arrears::io
