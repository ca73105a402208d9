// Errors: arrears::InputError becomes arrears.InputError (a ValueError) with the library's
// message unchanged, so Python users read what the command line prints. A date outside the
// calendars' range (std::out_of_range in the engine) is bad input too.
#include "bindings.hpp"

#include <arrears/error.hpp>

#include <exception>
#include <stdexcept>

namespace arrears::python {

void register_errors(py::module_& m) {
    // Module-local, so another pybind11 module's translators never see ours.
    auto& input_error = py::register_local_exception<InputError>(m, "InputError", PyExc_ValueError);
    input_error.attr("__module__") = "arrears";
    input_error.doc() =
        "Bad input: a malformed amount or date, an impossible plan, inconsistent options.\n\n"
        "The message names the offending value (and, for table cells, the row and column),\n"
        "exactly as the ``arrears`` command line reports it.";
    static PyObject* input_error_type = input_error.ptr();
    py::register_local_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const std::out_of_range& e) {
            PyErr_SetString(input_error_type, e.what());
        }
    });
}

}  // namespace arrears::python
