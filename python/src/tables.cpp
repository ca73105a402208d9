// Reading the package's column-wise tables into TextTables (see tables.hpp).
#include "tables.hpp"

#include <arrears/io/cells.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::python {

namespace {

/// Where a str that has no UTF-8 form (a lone surrogate, as errors='surrogateescape' leaves
/// for a byte that was not UTF-8) goes wrong: the message for its cell.
std::string not_unicode(PyObject* text) {
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; ++i) {
        const Py_UCS4 ch = PyUnicode_READ_CHAR(text, i);
        if (ch >= 0xD800 && ch <= 0xDFFF) {
            char code[8];
            std::snprintf(code, sizeof code, "%04X", static_cast<unsigned>(ch));
            return "not valid Unicode text (lone surrogate U+" + std::string(code) + " at character " +
                   std::to_string(i + 1) + "); decode the data with its real encoding";
        }
    }
    return "not valid Unicode text";
}

/// A column name as UTF-8; one with no UTF-8 form keeps its lone surrogates as \udcff, so
/// it is a name nobody reads rather than an error.
std::string column_name(py::handle name) {
    Py_ssize_t size = 0;
    if (const char* utf8 = PyUnicode_Check(name.ptr()) ? PyUnicode_AsUTF8AndSize(name.ptr(), &size) : nullptr)
        return std::string(io::trim_cell(std::string_view(utf8, static_cast<std::size_t>(size))));
    PyErr_Clear();
    return std::string(io::trim_cell(py::cast<std::string>(py::str(name).attr("encode")("utf-8", "backslashreplace"))));
}

}  // namespace

PyTable PyTable::from(const py::object& spec) {
    auto t = spec.cast<py::tuple>();
    if (t.size() < 3 || t.size() > 5)
        throw py::value_error("a table is (header, columns, row numbers[, converters[, row errors]])");
    PyTable out;
    for (py::handle h : t[0].cast<py::sequence>()) out.header.push_back(column_name(h));
    const auto numbers = py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>::ensure(t[2]);
    if (!numbers || numbers.ndim() != 1) throw py::type_error("a table's row numbers are a 1-D array of integers");
    out.rows = std::span<const std::uint64_t>(numbers.data(), static_cast<std::size_t>(numbers.size()));
    out.numbers = numbers;
    auto columns = t[1].cast<py::sequence>();
    if (py::len(columns) != out.header.size())
        throw py::value_error("a table needs one column (or None) per header name");
    for (std::size_t c = 0; c < out.header.size(); ++c) {
        py::object col = columns[c];
        PyObject* const* first = nullptr;
        if (!col.is_none()) {
            if (py::isinstance<py::array>(col)) {
                // The caller's own column (no copy): object-typed, 1-D, made contiguous.
                auto arr = py::array::ensure(col, py::array::c_style);
                if (!arr || arr.dtype().kind() != 'O' || arr.ndim() != 1)
                    throw py::type_error("column '" + out.header[c] + "': expected a 1-D array of str");
                first = static_cast<PyObject* const*>(arr.data());
                col = std::move(arr);
                out.callers.push_back(1);
            } else {
                if (!py::isinstance<py::tuple>(col)) col = py::tuple(col);
                first = &PyTuple_GET_ITEM(col.ptr(), 0);
                out.callers.push_back(0);
            }
            if (py::len(col) != out.rows.size())
                throw py::value_error("column '" + out.header[c] + "' has " + std::to_string(py::len(col)) +
                                      " cells, expected " + std::to_string(out.rows.size()));
        }
        if (!first) out.callers.push_back(0);
        out.cells.push_back(first);
        out.columns.push_back(std::move(col));
    }
    out.converters.assign(out.header.size(), py::none());
    if (t.size() == 4 && !t[3].is_none()) {
        auto converters = t[3].cast<py::sequence>();
        if (py::len(converters) != out.header.size())
            throw py::value_error("a table needs one converter (or None) per header name");
        for (std::size_t c = 0; c < out.header.size(); ++c) out.converters[c] = converters[c];
    }
    if (t.size() == 5 && !t[4].is_none()) {
        for (const auto& [k, v] : t[4].cast<py::dict>()) {
            const auto at = k.cast<std::size_t>();
            if (at >= out.rows.size()) throw py::value_error("a table's row error names no row");
            out.row_errors.emplace_back(at, v.cast<std::string>());
        }
        std::sort(out.row_errors.begin(), out.row_errors.end());
    }
    out.last_converted_.resize(out.header.size());
    return out;
}

py::object PyTable::text(std::size_t c, std::size_t r) const {
    PyObject* cell = cells[c][r];
    if (PyUnicode_Check(cell)) return py::reinterpret_borrow<py::object>(cell);
    auto& [from, to] = last_converted_[c];
    if (from.ptr() == cell) return to;
    if (converters[c].is_none())
        throw py::type_error("column '" + header[c] + "' row " + std::to_string(r) + ": expected str");
    py::object made = converters[c](py::handle(cell));
    if (!PyUnicode_Check(made.ptr()))
        throw py::type_error("column '" + header[c] + "' row " + std::to_string(r) + ": the converter gave " +
                             std::string(Py_TYPE(made.ptr())->tp_name) + ", not str");
    from = py::reinterpret_borrow<py::object>(cell);
    to = made;
    return made;
}

void PyTable::read_rows(io::TextTable& t, std::size_t lo, std::size_t hi, std::size_t slot) const {
    t.row_label = "row";
    if (t.header != header) t.header = header;
    t.clear_rows();
    const std::size_t width = header.size(), n = hi - lo;
    t.line.assign(rows.begin() + static_cast<std::ptrdiff_t>(lo), rows.begin() + static_cast<std::ptrdiff_t>(hi));
    t.row_error.resize(n);
    t.row_error_column.assign(n, -1);
    t.first_cell.resize(n);
    for (std::size_t r = 0; r < n; ++r) t.first_cell[r] = r * width;
    t.cells.assign(n * width, std::string_view());
    std::vector<py::object>& holds = held.at(slot);
    holds.clear();
    for (std::size_t c = 0; c < width; ++c) {
        if (!cells[c]) continue;
        constexpr std::size_t ahead = 16;  // each cell is its own str object: fetch them early
        for (std::size_t r = 0; r < n; ++r) {
            if (r + ahead < n) __builtin_prefetch(cells[c][lo + r + ahead]);
            PyObject* cell = cells[c][lo + r];
            if (!PyUnicode_Check(cell)) {
                holds.push_back(text(c, lo + r));  // the text made of it lives for the block
                cell = holds.back().ptr();
            } else if (callers[c]) {
                // A cell of the caller's array is held for the block, so its view stays valid
                // even if the frame is changed meanwhile (a tuple of ours holds its own).
                holds.push_back(py::reinterpret_borrow<py::object>(cell));
            }
            Py_ssize_t size = 0;
            const char* utf8 = PyUnicode_AsUTF8AndSize(cell, &size);
            if (!utf8) {
                // The row is rejected (or, in a ledger or payments, reported), naming this
                // cell; the first such cell of a row is the one named.
                PyErr_Clear();
                if (t.row_error[r].empty()) {
                    t.row_error[r] = not_unicode(cell);
                    t.row_error_column[r] = static_cast<int>(c);
                }
                continue;
            }
            // §12's rule, as the CSV reader applies it: the spaces around a cell are not text.
            t.cells[r * width + c] = io::trim_cell(std::string_view(utf8, static_cast<std::size_t>(size)));
        }
    }
    // Rows the package could not split into the header's fields: the whole row is the error,
    // ragged as the CSV reader has it (no cell read but through ragged_field(): the plan of
    // record's account_id, which the package leaves in its cell; the others' is empty).
    auto e = std::lower_bound(row_errors.begin(), row_errors.end(), std::pair<std::size_t, std::string>(lo, {}));
    for (; e != row_errors.end() && e->first < hi; ++e) {
        const std::size_t r = e->first - lo;
        t.row_error[r] = e->second;
        t.row_error_column[r] = io::TextTable::ragged_row;
    }
}

py::array_t<bool> PyTable::blank_rows() const {
    const PyTable& t = *this;
    const std::size_t n = t.rows.size(), width = t.header.size();
    py::array_t<bool> out(static_cast<py::ssize_t>(n));
    bool* blank = out.mutable_data();
    auto empty = [&t](std::size_t c, std::size_t r) {
        PyObject* cell = t.cells[c][r];
        py::object made;
        if (!PyUnicode_Check(cell)) {
            if (t.converters[c].is_none()) return false;
            made = t.text(c, r);
            cell = made.ptr();
        }
        Py_ssize_t size = 0;
        const char* utf8 = PyUnicode_AsUTF8AndSize(cell, &size);
        if (!utf8) {
            PyErr_Clear();
            return false;
        }
        return io::trim_cell(std::string_view(utf8, static_cast<std::size_t>(size))).empty();
    };
    // Most rows are decided by their first read column's cell, each its own object somewhere
    // in the heap: fetched a few rows ahead.
    constexpr std::size_t ahead = 16;
    const auto first = std::find_if(t.cells.begin(), t.cells.end(), [](PyObject* const* c) { return c != nullptr; });
    PyObject* const* const lead = first == t.cells.end() ? nullptr : *first;
    for (std::size_t r = 0; r < n; ++r) {
        if (lead && r + ahead < n) __builtin_prefetch(lead[r + ahead]);
        bool all_empty = true;
        for (std::size_t c = 0; c < width && all_empty; ++c)
            if (t.cells[c]) all_empty = empty(c, r);
        blank[r] = all_empty;
    }
    return out;
}

}  // namespace arrears::python
