// Financial years (recovery-rules §3): the year containing a date, from a start `MM-DD`.
#include "bindings.hpp"

#include <arrears/financial_year.hpp>

#include <string>
#include <tuple>

namespace arrears::python {

void register_financial_year(py::module_& m) {
    m.def(
        "financial_year",
        [](std::int64_t day, std::string_view start) {
            const FinancialYear fy = financial_year(from_days(day), YearStart::parse(start));
            return std::make_tuple(to_days(fy.start), to_days(fy.end), fy.label());
        },
        py::arg("day"), py::arg("start") = "04-01",
        "(first day, last day, label) of the financial year containing a day number.");
}

}  // namespace arrears::python
