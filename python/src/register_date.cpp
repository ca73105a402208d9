// Dates: strict `YYYY-MM-DD` text to and from days since 1970-01-01, with the engine's
// messages, so `"2026-1-12"` is refused the same way in Python and on the command line.
#include "bindings.hpp"

namespace arrears::python {

void register_date(py::module_& m) {
    m.def(
        "parse_date", [](std::string_view text) { return to_days(parse_date(text)); }, py::arg("text"),
        "Days since 1970-01-01 of strict `YYYY-MM-DD` text; InputError naming the text otherwise.");
}

}  // namespace arrears::python
