// The result columns of a Python recovery, made from columns.hpp's lists: each column of a
// list is an object that owns its memory, chosen by the column's kind and filled from its
// getter as the worker threads recover the accounts, then handed to numpy without a copy:
// money int64 pence, counts int64, dates int64 nanoseconds since the epoch (datetime64[ns],
// NaT for empty), a bool mask beside money and counts that may be empty, text as str objects.
#pragma once

#include "bindings.hpp"
#include "tables.hpp"

#include <arrears/io/block_recovery.hpp>
#include <arrears/io/columns.hpp>
#include <arrears/thread_pool.hpp>

#include <pybind11/numpy.h>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace arrears::python {

/// A value as numpy holds it: pence, a count, nanoseconds since the epoch.
inline std::int64_t as_int64(Money m) noexcept { return m.pence(); }
inline std::int64_t as_int64(Date d) noexcept { return to_days(d) * std::int64_t{86'400'000'000'000}; }
template <std::integral I>
std::int64_t as_int64(I v) noexcept {
    return static_cast<std::int64_t>(v);
}
/// A date cell that is empty: numpy's NaT.
inline constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();

/// Chunks of a block whose rows the worker threads fill at once (see BlockRecovery).
inline constexpr std::size_t max_chunks = io::BlockRecovery::chunks(io::BlockRecovery::block_rows);

/// A money, count or date column of n cells: int64 each; when a cell may be empty, a mask
/// (True: empty) beside it, or NaT for a date. Python gets the array, or (array, mask).
template <class V>
class NumberColumn {
    using T = typename io::detail::optional_traits<V>::type;
    static constexpr bool may_be_empty = io::detail::optional_traits<V>::optional;
    static constexpr bool masked = may_be_empty && !std::is_same_v<T, Date>;

public:
    explicit NumberColumn(std::size_t n) : values_(n), mask_(masked ? n : 0) {}

    template <class C, class Row>
    void put(const C& column, std::size_t, std::size_t i, const Row& row) noexcept {
        const V& v = column.get(row);
        if constexpr (!may_be_empty) {
            values_[i] = as_int64(v);
        } else if constexpr (masked) {
            mask_[i] = !v;
            values_[i] = v ? as_int64(*v) : 0;
        } else {
            values_[i] = v ? as_int64(*v) : nat;
        }
    }
    void gather(std::size_t) {}
    [[nodiscard]] std::span<const std::int64_t> values() const noexcept { return values_.values(); }
    [[nodiscard]] std::span<const std::uint8_t> mask() const noexcept { return mask_.values(); }

    template <class C>
    py::object release(const C&, ThreadPool&) {
        py::array values = values_.release(py::dtype::of<std::int64_t>());
        if constexpr (!masked)
            return values;
        else
            return py::make_tuple(values, mask_.release(py::dtype::of<bool>()));  // (bytes of 0 and 1: numpy's bool)
    }

private:
    Column<std::int64_t> values_;
    Column<std::uint8_t> mask_;
};

/// A text column of a few values (io::CodedColumn): a byte per cell, then one str per code,
/// shared by every cell that has it (None for an empty text in a column that may have one).
class CodeColumn {
public:
    explicit CodeColumn(std::size_t n) : codes_(n), cells_(n), n_(n) {}

    template <class C, class Row>
    void put(const C& column, std::size_t, std::size_t i, const Row& row) noexcept {
        codes_[i] = column.code(row);
    }
    void gather(std::size_t) {}
    [[nodiscard]] std::span<const std::uint8_t> codes() const noexcept { return codes_.values(); }

    template <class C>
    py::object release(const C& column, ThreadPool& pool) {
        std::array<bool, 256> used{};
        for (std::uint8_t k : codes_.values()) used[k] = true;
        std::array<py::object, 256> text;
        std::array<PyObject*, 256> objects{};
        for (std::size_t k = 0; k < used.size(); ++k) {
            if (!used[k]) continue;
            const std::string_view s = column.text(static_cast<std::uint8_t>(k));
            text[k] =
                s.empty() && column.may_be_empty ? py::object(py::none()) : py::object(py::str(s.data(), s.size()));
            objects[k] = text[k].ptr();
        }
        fill_object_cells<std::uint8_t>(objects, pool, column.name, {cells_.data(), codes_.data(), n_});
        return cells_.release();
    }

private:
    Column<std::uint8_t> codes_;
    ObjectColumn cells_;  // filled at the end
    std::size_t n_;
};

/// A text column of free text (messages): each chunk's non-empty cells as the worker threads
/// find them, gathered in input order after each block; then one str per distinct text (a
/// portfolio's messages repeat), the other cells None (or "" in a column that is never empty).
class TextColumn {
public:
    explicit TextColumn(std::size_t n) : cells_(n), n_(n) {}

    template <class C, class Row>
    void put(const C& column, std::size_t chunk, std::size_t i, const Row& row) {
        const auto& v = column.get(row);
        if constexpr (io::InPlaceText<std::remove_cvref_t<decltype(v)>>) {
            std::string text;
            v.append_to(text, "\n");
            chunks_[chunk].emplace_back(i, std::move(text));
        } else if (!std::string_view(v).empty()) {
            chunks_[chunk].emplace_back(i, v);
        }
    }
    /// In input order, after a block: keeps the cells of its first `chunks` chunks.
    void gather(std::size_t chunks) {
        for (std::size_t c = 0; c < chunks; ++c) {
            for (auto& cell : chunks_[c]) texts_.push_back(std::move(cell));
            chunks_[c].clear();
        }
    }

    template <class C>
    py::object release(const C& column, ThreadPool& pool) {
        std::vector<py::object> text{column.may_be_empty ? py::object(py::none()) : py::object(py::str(""))};
        std::unordered_map<std::string_view, std::uint32_t> code_of;
        Column<std::uint32_t> codes(n_);
        std::fill_n(codes.data(), n_, 0u);
        for (const auto& [i, s] : texts_) {
            auto [it, made] = code_of.try_emplace(s, static_cast<std::uint32_t>(text.size()));
            if (made) text.push_back(py::str(s));
            codes[i] = it->second;
        }
        std::vector<PyObject*> objects(text.size());
        for (std::size_t k = 0; k < text.size(); ++k) objects[k] = text[k].ptr();
        fill_object_cells<std::uint32_t>(objects, pool, column.name, {cells_.data(), codes.data(), n_});
        return cells_.release();
    }

private:
    std::array<std::vector<std::pair<std::size_t, std::string>>, max_chunks> chunks_;
    std::vector<std::pair<std::size_t, std::string>> texts_;  // (account, text) in input order
    ObjectColumn cells_;                                      // filled at the end
    std::size_t n_;
};

namespace detail {

template <class C>
concept Coded = requires(const C& c) {
    c.code;
};

template <class C>
struct storage {
    using type = std::conditional_t<Coded<C>, CodeColumn,
                                    std::conditional_t<io::detail::kind_of<typename C::value_type>() == io::Kind::text,
                                                       TextColumn, NumberColumn<typename C::value_type>>>;
};

template <class Columns>
struct storages;
template <class... C>
struct storages<std::tuple<C...>> {
    using type = std::tuple<typename storage<C>::type...>;
};

}  // namespace detail

/// One result column per column of `List`, n cells each (one per account): filled by the
/// worker threads at their own rows, each through its column's getter.
template <const auto& List>
class AccountColumns {
    using L = std::remove_cvref_t<decltype(List)>;

public:
    explicit AccountColumns(std::size_t n) : AccountColumns(n, std::make_index_sequence<L::size>()) {}

    /// Row i's cells, from a worker thread working on chunk `chunk` of the block.
    void put(std::size_t chunk, std::size_t i, const typename L::row_type& row) {
        List.for_each_indexed([&](auto k, const auto& c) { std::get<k>(columns_).put(c, chunk, i, row); });
    }
    /// In input order, after a block of `chunks` chunks.
    void gather(std::size_t chunks) {
        std::apply([&](auto&... c) { (c.gather(chunks), ...); }, columns_);
    }
    /// Column `K` of the list (List.index(name)).
    template <std::size_t K>
    [[nodiscard]] const auto& column() const noexcept {
        return std::get<K>(columns_);
    }

    /// Each column into `out` under its name; the memory is now numpy's.
    void release(py::dict& out, ThreadPool& pool) {
        List.for_each_indexed([&](auto k, const auto& c) {
            out[py::str(c.name.data(), c.name.size())] = std::get<k>(columns_).release(c, pool);
        });
    }

private:
    template <std::size_t... K>
    AccountColumns(std::size_t n, std::index_sequence<K...>) : columns_(((void)K, n)...) {}

    typename detail::storages<decltype(L::columns)>::type columns_;
};

/// The columns of `List` (money, counts and dates that are never empty) for rows that are
/// appended block by block, as one (columns, rows) int64 grid that pandas takes as one block;
/// and beside it each row's account position, which becomes the row's account_id object.
template <const auto& List>
class RowColumns {
    using L = std::remove_cvref_t<decltype(List)>;
    static constexpr std::size_t K = L::size;

public:
    /// Room for `capacity` rows at first (more move the columns).
    explicit RowColumns(std::size_t capacity) : grid_(capacity), account_(capacity) {}

    [[nodiscard]] std::size_t size() const noexcept { return grid_.size(); }
    [[nodiscard]] std::size_t capacity() const noexcept { return grid_.capacity(); }
    /// Adds `rows` rows, to be written through a Writer; returns where the first is.
    std::size_t extend(std::size_t rows) {
        account_.extend(rows);
        return grid_.extend(rows);
    }

    /// Writes rows (any thread, each its own rows); valid until the next extend().
    class Writer {
    public:
        void put(std::size_t j, std::size_t account, const typename L::row_type& row) const noexcept {
            col_[K][j] = static_cast<std::int64_t>(account);
            List.for_each_indexed([&](auto k, const auto& c) { col_[k][j] = as_int64(c.get(row)); });
        }

    private:
        friend class RowColumns;
        std::array<std::int64_t*, K + 1> col_;
    };
    [[nodiscard]] Writer writer() noexcept {
        Writer w;
        for (std::size_t k = 0; k < K; ++k) w.col_[k] = grid_.column(k);
        w.col_[K] = account_.column(0);
        return w;
    }

    /// The (K, rows) grid; its memory is now numpy's.
    py::array grid() { return grid_.release(); }
    /// Each row's account position (8 bytes each), malloc's memory now the caller's: made
    /// the rows' account_id objects in place (fill_object_cells).
    [[nodiscard]] std::int64_t* release_accounts() noexcept { return account_.release_memory(); }

private:
    static_assert(
        [] {
            bool numbers = true;
            List.for_each([&](const auto& c) { numbers = numbers && c.kind != io::Kind::text && !c.may_be_empty; });
            return numbers;
        }(),
        "a row grid holds money, counts and dates that are never empty");
    ColumnGrid<K> grid_;
    ColumnGrid<1> account_;
};

}  // namespace arrears::python
