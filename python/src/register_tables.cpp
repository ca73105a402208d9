// Tables: the package's column-wise tables (PyTable, tables.cpp) as the readers see them,
// and the object columns the package builds its result frames with.
#include "bindings.hpp"
#include "tables.hpp"

#include <arrears/thread_pool.hpp>

#include <pybind11/numpy.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace arrears::python {

/// out[i] = objects[codes[i]], a new reference each: numpy's `objects[codes]` for an object
/// array. The result columns gather a few hundred thousand shared Decimals (or the account
/// ids) into millions of cells, and numpy's own gather waits on a cache miss at almost every
/// reference count it raises; here each object's count is raised once (fill_object_cells).
/// Throws IndexError for a code outside `objects`, TypeError for arrays of other kinds.
py::array take_objects(const py::array& objects, const py::array& codes, unsigned threads) {
    if (objects.dtype().kind() != 'O' || objects.ndim() != 1 ||
        (objects.size() > 1 && objects.strides(0) != static_cast<py::ssize_t>(sizeof(PyObject*))))
        throw py::type_error("take_objects: expected a contiguous 1-D object array");
    const std::span<PyObject* const> from(static_cast<PyObject* const*>(objects.data()),
                                          static_cast<std::size_t>(objects.size()));
    if (codes.dtype().kind() != 'i' || codes.ndim() != 1)
        throw py::type_error("take_objects: expected a 1-D array of integer codes");
    const auto n = static_cast<std::size_t>(codes.size());
    ObjectColumn out(n);                     // (on huge pages: see ObjectColumn)
    ThreadPool pool(std::max(threads, 1u));  // (0, as 1: this thread alone)
    if (codes.itemsize() == 4) {
        const auto c = py::array_t<std::int32_t, py::array::c_style>::ensure(codes);
        if (!c) throw py::error_already_set();
        fill_object_cells<std::int32_t>(from, pool, "take_objects", {out.data(), c.data(), n});
    } else {
        const auto c = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(codes);
        if (!c) throw py::error_already_set();
        fill_object_cells<std::int64_t>(from, pool, "take_objects", {out.data(), c.data(), n});
    }
    return out.release();
}

/// True when every cell of a 1-D object array is a str (pandas' infer_dtype(values,
/// skipna=False) == "string", with each object fetched a few cells ahead: each is its own
/// allocation, and the check waits on a cache miss at almost every cell otherwise).
bool all_str(const py::array& values) {
    if (values.dtype().kind() != 'O' || values.ndim() != 1 ||
        (values.size() > 1 && values.strides(0) != static_cast<py::ssize_t>(sizeof(PyObject*))))
        throw py::type_error("all_str: expected a contiguous 1-D object array");
    const auto* cells = static_cast<PyObject* const*>(values.data());
    const auto n = static_cast<std::size_t>(values.size());
    constexpr std::size_t ahead = 32;
    for (std::size_t i = 0; i < n; ++i) {
        if (i + ahead < n) __builtin_prefetch(cells[i + ahead]);
        if (!cells[i] || !PyUnicode_Check(cells[i])) return false;
    }
    return true;
}

void register_tables(py::module_& m) {
    m.def(
        "blank_rows", [](const py::object& table) { return PyTable::from(table).blank_rows(); }, py::arg("table"),
        "A bool array: the rows of a (header, columns, row numbers) table whose cells are all empty "
        "after trimming spaces and tabs (recovery-rules §12).");
    m.def("all_str", &all_str, py::arg("values"), "True when every cell of a 1-D object array is a str.");
    m.def("take_objects", &take_objects, py::arg("objects"), py::arg("codes"), py::arg("threads") = 1u,
          "objects[codes] for a 1-D object array and integer codes, quicker than numpy's gather\n"
          "(the cells written on `threads` threads, the GIL released, when more than 1).");
}

}  // namespace arrears::python
