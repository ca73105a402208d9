// Errors: arrears::InputError becomes arrears.InputError (a ValueError) with the library's
// message unchanged, so Python users read what the command line prints. A date outside the
// calendars' range (std::out_of_range in the engine) is bad input too.
#include "bindings.hpp"

#include <arrears/error.hpp>

#include <exception>
#include <stdexcept>
#include <string_view>

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
    // Registered after register_local_exception's own translator, so tried first: the whole
    // message, NUL characters included (what() would end at the first).
    py::register_local_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const InputError& e) {
            const std::string_view msg = e.message();
            PyObject* text = PyUnicode_DecodeUTF8(msg.data(), static_cast<Py_ssize_t>(msg.size()), "backslashreplace");
            if (!text) return;  // the decode error is set instead
            PyErr_SetObject(input_error_type, text);
            Py_DECREF(text);
        } catch (const std::out_of_range& e) {
            PyErr_SetString(input_error_type, e.what());
        }
    });
}

}  // namespace arrears::python
