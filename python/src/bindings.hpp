// Shared pieces of the arrears Python bindings: how dates and money cross the boundary, and
// the register_<concept> functions that module.cpp wires into `arrears._core`.
// Dates cross as whole days since 1970-01-01 and money as whole pence (Python's int), so
// nothing on a money path ever meets a float; the Python package turns them into
// datetime.date, numpy datetime64 and decimal.Decimal.
#pragma once

#include <arrears/date.hpp>
#include <arrears/money.hpp>
#include <arrears/options.hpp>

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace arrears::python {

namespace py = pybind11;

/// Days since 1970-01-01, the form every date takes between Python and C++.
inline std::int64_t to_days(Date d) noexcept { return d.time_since_epoch().count(); }

/// The date `days` after 1970-01-01; InputError outside the years 0001–9999.
inline Date from_days(std::int64_t days) {
    // 0001-01-01 .. 9999-12-31, what datetime.date can hold.
    if (days < -719162 || days > 2932896) throw InputError("day number " + std::to_string(days) + " is not a date");
    return Date(date::days(static_cast<int>(days)));
}

/// The options set from (keyword, text) pairs, each by its entry's parser (the option
/// table's), in the order given: how `recover` and `replan` make their runs' options.
Options options_from(const std::vector<std::pair<std::string, std::string>>& texts);

void register_errors(py::module_& m);
void register_date(py::module_& m);
void register_money(py::module_& m);
void register_calendar(py::module_& m);
void register_financial_year(py::module_& m);
void register_tables(py::module_& m);
void register_options(py::module_& m);
void register_columns(py::module_& m);
void register_recovery(py::module_& m);
void register_replan(py::module_& m);
void register_exports(py::module_& m);
void register_notices(py::module_& m);
void register_bank_reports(py::module_& m);
void register_bacs(py::module_& m);

}  // namespace arrears::python
