// How tables cross the boundary. In: the package hands a table over column-wise, as str
// cells (see PyTable), read into io::TextTable blocks so the command line's readers (and
// messages) apply. Out: int64 columns grown in one buffer that numpy takes without a copy.
#pragma once

#include "bindings.hpp"

#include <arrears/io/detail/memory.hpp>
#include <arrears/io/table.hpp>

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
#include <type_traits>
#include <string>
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
    std::vector<PyObject* const*> cells;  // each column's first cell (nullptr: unread)
    std::vector<std::uint8_t> callers;     // 1: the column is the caller's array, not our tuple
    std::vector<py::object> converters;    // each column's, or None
    std::span<const std::uint64_t> rows;  // a view of `numbers`
    py::object numbers;                   // their uint64 array (the package's own, when given uint64)
    mutable std::array<std::vector<py::object>, 2> held;  // the cells of the blocks being read, by slot

    /// Reads the (header, columns, row numbers[, converters]) tuple the package hands over.
    static PyTable from(const py::object& spec);

    /// Rows [lo, hi) into `t` (replacing its rows), as views of the str objects' UTF-8 text,
    /// which live as long as this table. Needs the GIL. A cell with no UTF-8 form makes its
    /// row a row error naming the cell. A cell that is not a str is given to its column's
    /// converter (TypeError when it has none). The references that keep the text alive are
    /// `slot`'s (0 or 1), released by the slot's next read: two blocks may be read
    /// alternately, one recovered while the other is read.
    void read_rows(io::TextTable& t, std::size_t lo, std::size_t hi, std::size_t slot = 0) const;

    /// Column c's cell of row r (a position, from 0) as a str: the cell itself, or the text
    /// its column's converter makes of it (a new reference either way). Needs the GIL.
    /// Throws TypeError for a cell that is not a str in a column without a converter.
    [[nodiscard]] py::object text(std::size_t c, std::size_t r) const;

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
    explicit Column(std::size_t n) : data_(static_cast<T*>(std::malloc(std::max<std::size_t>(n, 1) * sizeof(T)))), n_(n) {
        if (!data_) throw std::bad_alloc();
        io::detail::advise_huge_pages(data_, n * sizeof(T));
    }
    Column(const Column&) = delete;
    Column& operator=(const Column&) = delete;
    ~Column() { std::free(data_); }

    [[nodiscard]] T& operator[](std::size_t i) noexcept { return data_[i]; }
    [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data_[i]; }
    [[nodiscard]] std::span<const T> values() const noexcept { return {data_, n_}; }

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
/// assigned. Every cell must be set before `release`. Needs the GIL.
class ObjectColumn {
public:
    /// n cells, each to be set.
    explicit ObjectColumn(std::size_t n) : ObjectColumn(std::calloc(std::max<std::size_t>(n, 1), sizeof(PyObject*)), n) {}
    ObjectColumn(ObjectColumn&& o) noexcept : cells_(std::exchange(o.cells_, nullptr)), n_(o.n_) {}
    ObjectColumn(const ObjectColumn&) = delete;
    ObjectColumn& operator=(const ObjectColumn&) = delete;
    ~ObjectColumn() { free_cells(cells_, n_); }

    /// Adds k references to `o` at once (the GIL held), for k cells that `put_counted` fills
    /// (k < 0 takes back references counted for cells that will not be filled).
    static void count_references(PyObject* o, Py_ssize_t k) noexcept { Py_SET_REFCNT(o, Py_REFCNT(o) + k); }

    /// Rows [lo, hi) of `at` (account positions, 8 bytes each) become the objects of those
    /// accounts in `from`, in place, their references already counted (count_references):
    /// without the GIL, several ranges at once. Every position must be below from.size().
    static void gather_counted(std::int64_t* at, std::size_t lo, std::size_t hi, const ObjectColumn& from) noexcept {
        auto* bytes = reinterpret_cast<unsigned char*>(at);
        for (std::size_t i = lo; i < hi; ++i) {
            std::int64_t k = 0;
            std::memcpy(&k, bytes + i * sizeof k, sizeof k);
            PyObject* o = from.cells_[k];
            std::memcpy(bytes + i * sizeof o, &o, sizeof o);
        }
    }
    /// The column of n cells that gather_counted made of `at` (memory from malloc, now its).
    static ObjectColumn adopt_gathered(std::int64_t* at, std::size_t n) { return ObjectColumn(at, n); }

    /// Cell i holds `value` (a new reference; the one it held, if any, is released).
    void set(std::size_t i, PyObject* value) noexcept {
        Py_INCREF(value);
        Py_XDECREF(std::exchange(cells_[i], value));
    }
    /// Empty cell i holds `value`, whose reference was counted (count_references); needs no GIL.
    void put_counted(std::size_t i, PyObject* value) noexcept { cells_[i] = value; }
    /// Cell i (empty, or a borrowed reference).
    [[nodiscard]] PyObject* cell(std::size_t i) const noexcept { return cells_[i]; }

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

}  // namespace arrears::python
