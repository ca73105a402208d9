// Money: sterling as whole pence. Python's int carries the pence across the boundary; the
// package turns them into decimal.Decimal. Parsing and splitting are the engine's own.
#include "bindings.hpp"

#include <arrears/recovery.hpp>  // parse_remainder

#include <pybind11/stl.h>

#include <string>
#include <vector>

namespace arrears::python {

void register_money(py::module_& m) {
    m.def(
        "parse_money", [](std::string_view text) { return Money::parse(text).pence(); }, py::arg("text"),
        "The pence of an amount written as in recovery-rules §1 (`12`, `-0.01`, `£1,234.56`).\n"
        "Raises InputError naming the text otherwise.");
    m.def(
        "split",
        [](std::int64_t total, std::int64_t n, std::string_view remainder) {
            const Remainder rule = parse_remainder(remainder);
            std::vector<std::int64_t> parts;
            for (Money part : arrears::split(Money(total), n, rule)) parts.push_back(part.pence());
            return parts;
        },
        py::arg("total"), py::arg("n"), py::arg("remainder") = "first",
        "Splits `total` pence into `n` parts by the remainder rule (recovery-rules §8).");
}

}  // namespace arrears::python
