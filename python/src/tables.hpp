// How tables cross the boundary. In: the package hands a table over column-wise, as str
// cells (see PyTable), read into io::TextTable blocks so the command line's readers (and
// messages) apply. Out: int64 columns grown in one buffer that numpy takes without a copy.
#pragma once

#include "bindings.hpp"

#include <arrears/io/detail/memory.hpp>
#include <arrears/io/table.hpp>
#include <arrears/thread_pool.hpp>

#include <pybind11/numpy.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace arrears::python {

/// A table handed over by the package: `header` names every column (their positions are
/// the column numbers in messages); `columns` holds, for each, a tuple of str or a 1-D
/// numpy object array (a DataFrame's own), one cell per row, or None for a column nobody
/// reads; `rows` numbers the rows in messages; `converters`, when given, holds for each
/// column None or a function giving a cell that is not a str its text (the package's
/// `_cell`: 12.5 -> "12.5", NaN -> ""), so a frame's own column is read without a pass
/// over it first. Cells are read into TextTables a block of rows at a time; each block holds
/// references to its cells (and to the text made of them) while it is read.
struct PyTable {
    std::vector<std::string> header;
    std::vector<py::object> columns;
    std::vector<PyObject* const*> cells;                  // each column's first cell (nullptr: unread)
    std::vector<std::uint8_t> callers;                    // 1: the column is the caller's array, not our tuple
    std::vector<py::object> converters;                   // each column's, or None
    std::span<const std::uint64_t> rows;                  // a view of `numbers`
    py::object numbers;                                   // their uint64 array (the package's own, when given uint64)
    mutable std::array<std::vector<py::object>, 2> held;  // the cells of the blocks being read, by slot
    /// Rows the package could not read whole (a CSV row with more or fewer fields than the
    /// header): {position: why}, each made a row error of the whole row (its cells not read).
    std::vector<std::pair<std::size_t, std::string>> row_errors;

    /// Reads the (header, columns, row numbers[, converters[, row errors]]) tuple the package
    /// hands over; row errors a {position: why} dict.
    static PyTable from(const py::object& spec);

    /// Rows [lo, hi) into `t` (replacing its rows), as views of the str objects' UTF-8 text,
    /// which live as long as this table. Needs the GIL. A cell with no UTF-8 form makes its
    /// row a row error naming the cell. A cell that is not a str is given to its column's
    /// converter (TypeError when it has none). The references that keep the text alive are
    /// `slot`'s (0 or 1), released by the slot's next read: two blocks may be read
    /// alternately, one recovered while the other is read. A row in `row_errors` is a row
    /// error of the whole row (column -1) with empty cells, as the CSV reader makes one.
    void read_rows(io::TextTable& t, std::size_t lo, std::size_t hi, std::size_t slot = 0) const;

    /// Column c's cell of row r (a position, from 0) as a str: the cell itself, or the text
    /// its column's converter makes of it (a new reference either way). Needs the GIL.
    /// Throws TypeError for a cell that is not a str in a column without a converter.
    [[nodiscard]] py::object text(std::size_t c, std::size_t r) const;

    /// Which rows (every column given) are blank under §12's rule: each cell empty once the
    /// spaces around it are gone (the package drops them before the readers see them). A row
    /// is looked at only up to its first cell with text (usually its account_id); a cell that
    /// is not a str is judged by its converter's text (none: the row is not blank), and one
    /// that cannot be encoded makes its row not blank (the readers then name it).
    [[nodiscard]] py::array_t<bool> blank_rows() const;

private:
    /// The last cell each column converted, and its text: missing cells are mostly one
    /// object (None, NaN), converted once.
    mutable std::vector<std::pair<py::object, py::object>> last_converted_;
};

/// Columns of int64 in one (columns, capacity) C-ordered buffer, grown as rows are appended,
/// so that numpy and pandas take them as one 2-D block without copying them again. Memory
/// beyond the rows written is reserved but never touched.
template <std::size_t K>
class ColumnGrid {
public:
    explicit ColumnGrid(std::size_t capacity) { grow(std::max<std::size_t>(capacity, 1024)); }
    ColumnGrid(const ColumnGrid&) = delete;
    ColumnGrid& operator=(const ColumnGrid&) = delete;
    ~ColumnGrid() { std::free(data_); }

    /// Adds `n` rows (not yet written) and returns where the first is: write column k's
    /// value of new row j at column(k)[at + j].
    std::size_t extend(std::size_t n) {
        if (size_ + n > capacity_) grow(std::max(capacity_ * 2, size_ + n));
        return std::exchange(size_, size_ + n);
    }
    [[nodiscard]] std::int64_t* column(std::size_t k) noexcept { return data_ + k * capacity_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// Rows that fit before extend() has to move the columns.
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

    /// The buffer (from malloc; column 0 at its start), now the caller's to free.
    [[nodiscard]] std::int64_t* release_memory() noexcept { return std::exchange(data_, nullptr); }

    /// A (K, size) int64 array over the buffer, which it now owns.
    py::array_t<std::int64_t> release() {
        py::capsule owner(data_, [](void* p) { std::free(p); });  // (if it cannot be made, still ours)
        std::int64_t* const data = std::exchange(data_, nullptr);
        return py::array_t<std::int64_t>({static_cast<py::ssize_t>(K), static_cast<py::ssize_t>(size_)},
                                         {static_cast<py::ssize_t>(capacity_ * sizeof(std::int64_t)),
                                          static_cast<py::ssize_t>(sizeof(std::int64_t))},
                                         data, owner);
    }

private:
    void grow(std::size_t capacity) {
        // malloc, not a vector: no zero-filling of pages that may never be used.
        auto* data = static_cast<std::int64_t*>(std::malloc(K * capacity * sizeof(std::int64_t)));
        if (!data) throw std::bad_alloc();
        io::detail::advise_huge_pages(data, K * capacity * sizeof(std::int64_t));
        for (std::size_t k = 0; k < K && size_; ++k)
            std::memcpy(data + k * capacity, data_ + k * capacity_, size_ * sizeof(std::int64_t));
        std::free(data_);
        data_ = data;
        capacity_ = capacity;
    }

    std::int64_t* data_ = nullptr;
    std::size_t capacity_ = 0, size_ = 0;
};

/// A column of n values of T left unwritten (no zero-filling: every cell is written, by the
/// worker threads, and first touching tens of MiB is much of the cost here), advised huge
/// pages, and handed to numpy without a copy.
template <class T>
class Column {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_default_constructible_v<T>);

public:
    explicit Column(std::size_t n)
        : data_(static_cast<T*>(std::malloc(std::max<std::size_t>(n, 1) * sizeof(T)))), n_(n) {
        if (!data_) throw std::bad_alloc();
        io::detail::advise_huge_pages(data_, n * sizeof(T));
    }
    Column(const Column&) = delete;
    Column& operator=(const Column&) = delete;
    ~Column() { std::free(data_); }

    [[nodiscard]] T& operator[](std::size_t i) noexcept { return data_[i]; }
    [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data_[i]; }
    [[nodiscard]] std::span<const T> values() const noexcept { return {data_, n_}; }
    [[nodiscard]] T* data() noexcept { return data_; }
    /// The memory (from malloc), now the caller's to free.
    [[nodiscard]] T* release_memory() noexcept { return std::exchange(data_, nullptr); }

    /// The (n,) array of `dtype` (an itemsize of sizeof(T)); the memory is now its capsule's.
    py::array release(const py::dtype& dtype) {
        py::capsule owner(data_, [](void* p) { std::free(p); });  // (if it cannot be made, still ours)
        T* const data = std::exchange(data_, nullptr);
        return py::array(dtype, {static_cast<py::ssize_t>(n_)}, {}, data, owner);
    }

private:
    T* data_;
    std::size_t n_;
};

/// A 1-D object array over memory of ours: n cells of 8 bytes from malloc, advised huge
/// pages. numpy's own object arrays are touched a 4 KiB page at a time, and on a virtual
/// machine a result column of millions of cells costs more in page faults than in filling.
/// The array's base is a capsule that releases every cell's reference, then the memory, when
/// the last view of the array is gone; numpy keeps references right when cells are
/// assigned. Cells are filled by fill_object_cells(); every one must be set before
/// `release`. Needs the GIL.
class ObjectColumn {
public:
    /// n empty cells.
    explicit ObjectColumn(std::size_t n)
        : ObjectColumn(std::calloc(std::max<std::size_t>(n, 1), sizeof(PyObject*)), n) {}
    /// The column of n cells at `cells` (memory from malloc, now its), each holding a counted
    /// reference (fill_object_cells).
    static ObjectColumn adopt(void* cells, std::size_t n) { return ObjectColumn(cells, n); }
    ObjectColumn(ObjectColumn&& o) noexcept : cells_(std::exchange(o.cells_, nullptr)), n_(o.n_) {}
    ObjectColumn(const ObjectColumn&) = delete;
    ObjectColumn& operator=(const ObjectColumn&) = delete;
    ~ObjectColumn() { free_cells(cells_, n_); }

    /// The cells' memory (for fill_object_cells).
    [[nodiscard]] void* data() noexcept { return cells_; }
    [[nodiscard]] std::size_t size() const noexcept { return n_; }

    /// The (n,) object array; the memory is now its capsule's (until the capsule exists, the
    /// column's own, so a failure on the way frees it once).
    py::array release() {
        auto owned = std::make_unique<Cells>(Cells{cells_, n_});
        py::capsule owner(owned.get(), [](void* p) {
            std::unique_ptr<Cells> c(static_cast<Cells*>(p));
            free_cells(c->cells, c->n);
        });
        owned.release();
        PyObject** const cells = std::exchange(cells_, nullptr);
        return py::array(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n_)},
                         std::vector<py::ssize_t>{static_cast<py::ssize_t>(sizeof(PyObject*))}, cells, owner);
    }

private:
    ObjectColumn(void* memory, std::size_t n) : cells_(static_cast<PyObject**>(memory)), n_(n) {
        if (!cells_) throw std::bad_alloc();
        io::detail::advise_huge_pages(cells_, n * sizeof(PyObject*));
    }

    struct Cells {
        PyObject** cells;
        std::size_t n;
    };
    static void free_cells(PyObject** cells, std::size_t n) noexcept {
        if (!cells) return;
        for (std::size_t i = 0; i < n; ++i) Py_XDECREF(cells[i]);
        std::free(cells);
    }

    PyObject** cells_;
    std::size_t n_;
};

/// Object cells that refer to shared objects by code: cell i (8 bytes at `cells`) is to hold
/// objects[codes[i]], or objects[i] when `codes` is null. `cells` may be the very memory of
/// `codes` (int64 codes, each replaced by its object in place).
template <class Code>
struct ObjectCells {
    void* cells;
    const Code* codes;
    std::size_t n;
};

namespace detail {

template <class Code>
std::size_t code_at(const ObjectCells<Code>& t, std::size_t i) noexcept {
    if (!t.codes) return i;
    Code k;
    std::memcpy(&k, reinterpret_cast<const unsigned char*>(t.codes) + i * sizeof k, sizeof k);  // (may alias cells)
    return static_cast<std::size_t>(k);
}

template <class Code>
void count_cells(std::vector<Py_ssize_t>& counts, const ObjectCells<Code>& t, std::string_view what) {
    for (std::size_t i = 0; i < t.n; ++i) {
        if (t.codes) {
            const Code k = t.codes[i];
            bool outside = static_cast<std::size_t>(k) >= counts.size();
            if constexpr (std::is_signed_v<Code>) outside = outside || k < 0;
            if (outside)
                throw py::index_error(std::string(what) + ": code " + std::to_string(k) + " outside " +
                                      std::to_string(counts.size()) + " objects");
        }
        ++counts[code_at(t, i)];
    }
}

template <class Code>
void put_cells(const ObjectCells<Code>& t, std::span<PyObject* const> objects, std::size_t lo,
               std::size_t hi) noexcept {
    auto* bytes = static_cast<unsigned char*>(t.cells);
    for (std::size_t i = lo; i < hi; ++i) {
        PyObject* const o = objects[code_at(t, i)];  // (read before the cell is written: it may be the code)
        std::memcpy(bytes + i * sizeof o, &o, sizeof o);
    }
}

}  // namespace detail

/// Fills `targets`' cells with objects of `objects` (borrowed: alive for the call) and counts
/// their references: the one place in the bindings where references are counted by hand
/// rather than one Py_INCREF a cell. Each object gets as many references as cells hold it, in
/// one addition (with the GIL: no object is touched again), then the cells are written (no
/// object touched at all) without the GIL on the threads of `pool` (one thread: on this one,
/// GIL held) — millions of cells, a few hundred distinct objects or one per account. A code
/// outside `objects` is an IndexError naming `what`, before any count changes.
template <class... Code>
void fill_object_cells(std::span<PyObject* const> objects, ThreadPool& pool, std::string_view what,
                       const ObjectCells<Code>&... targets) {
    std::vector<Py_ssize_t> counts(objects.size());
    (detail::count_cells(counts, targets, what), ...);
    constexpr std::size_t ahead = 16;  // each object is its own allocation: fetched early
    for (std::size_t k = 0; k < objects.size(); ++k) {
        if (k + ahead < objects.size()) __builtin_prefetch(objects[k + ahead], 1);
        if (counts[k]) Py_SET_REFCNT(objects[k], Py_REFCNT(objects[k]) + counts[k]);
    }
    // From here on nothing may fail: every count is matched by a cell below.
    constexpr std::size_t chunk = 1 << 16;
    const bool one_thread = pool.size() <= 1;
    auto fill = [&](const auto& t) noexcept {
        const std::size_t chunks = (t.n + chunk - 1) / chunk;
        auto one = [&](std::size_t c) noexcept {
            detail::put_cells(t, objects, c * chunk, std::min(t.n, (c + 1) * chunk));
        };
        if (one_thread || chunks <= 1) return detail::put_cells(t, objects, 0, t.n);
        try {
            pool.for_each_chunk(chunks, one);
        } catch (...) {  // (the pool could not take the call: every chunk here, writing a cell twice is harmless)
            for (std::size_t c = 0; c < chunks; ++c) one(c);
        }
    };
    if (one_thread) {
        (fill(targets), ...);
        return;
    }
    py::gil_scoped_release unlocked;
    (fill(targets), ...);
}

}  // namespace arrears::python
