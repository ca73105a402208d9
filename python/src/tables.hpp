// How tables cross the boundary. In: the package hands a table over column-wise, as str
// cells (see PyTable), read into io::TextTable blocks so the command line's readers (and
// messages) apply. Out: int64 columns grown in one buffer that numpy takes without a copy.
#pragma once

#include "bindings.hpp"

#include <arrears/io/detail/memory.hpp>
#include <arrears/io/table.hpp>

#include <pybind11/numpy.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace arrears::python {

/// A table handed over by the package: `header` names every column (their positions are
/// the column numbers in messages); `columns` holds, for each, a tuple of str or a 1-D
/// numpy object array of str (a DataFrame's own), one per row, or None for a column nobody
/// reads; `rows` numbers the rows in messages. Cells are read into TextTables a block of
/// rows at a time; each block holds references to its str objects while it is read.
struct PyTable {
    std::vector<std::string> header;
    std::vector<py::object> columns;
    std::vector<PyObject* const*> cells;  // each column's first cell (nullptr: unread)
    std::vector<std::uint8_t> callers;     // 1: the column is the caller's array, not our tuple
    std::vector<std::uint64_t> rows;
    mutable std::vector<py::object> held;  // the current block's cells

    /// Reads the (header, columns, row numbers) tuple the package hands over.
    static PyTable from(const py::object& spec);

    /// Rows [lo, hi) into `t` (replacing its rows), as views of the str objects' UTF-8 text,
    /// which live as long as this table. Needs the GIL. A cell with no UTF-8 form makes its
    /// row a row error naming the cell.
    void read_rows(io::TextTable& t, std::size_t lo, std::size_t hi) const;
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

    /// A (K, size) int64 array over the buffer, which it now owns.
    py::array_t<std::int64_t> release() {
        std::int64_t* data = std::exchange(data_, nullptr);
        py::capsule owner(data, [](void* p) { std::free(p); });
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

}  // namespace arrears::python
