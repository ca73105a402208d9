// Recovery: a prepared run (options and calendars, with E, H and X worked out once) and the
// portfolio recovery itself (tables_recovery.hpp): tables arrive column-wise and leave
// column-wise as numpy arrays.
#include "bindings.hpp"
#include "tables_recovery.hpp"

#include <arrears/recovery.hpp>

#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::python {

namespace {

py::dict recover_tables(const Recovery& recovery, const py::tuple& accounts, const py::object& ledger,
                        const py::object& payments, unsigned threads, std::string_view date_format, bool notices,
                        const std::vector<std::string>& keep) {
    TablesRecovery run(recovery, accounts, ledger, payments, threads, date_format, notices, keep);
    run.run();
    return run.release();
}

}  // namespace

void register_recovery(py::module_& m) {
    py::class_<Recovery>(m, "Recovery",
                         "A prepared recovery run: options and calendars, with E, H and X worked out once.")
        .def(py::init([](std::int64_t notice_date, int notice_days, int postal_days,
                         std::optional<std::pair<std::int64_t, std::int64_t>> outage,
                         std::optional<std::int64_t> until, std::string_view fy_start,
                         std::string_view strategy, std::string_view remainder,
                         std::optional<std::string> cap, bool extend, std::string_view when_none,
                         std::string_view past_end, bool no_double_payment,
                         std::optional<std::string> min_recovery, const Calendar& collection,
                         const Calendar& notice) {
                 Options o;
                 o.notice_date = from_days(notice_date);
                 o.notice_days = notice_days;
                 o.postal_days = postal_days;
                 if (outage) o.outage = Outage{from_days(outage->first), from_days(outage->second)};
                 if (until) o.until = from_days(*until);
                 o.year_start = YearStart::parse(fy_start);
                 o.strategy = parse_strategy(strategy);
                 o.remainder = parse_remainder(remainder);
                 if (cap) o.cap = Cap::parse(*cap);
                 o.extension = extend ? Extension::allowed : Extension::forbidden;
                 o.when_none = parse_when_none(when_none);
                 o.past_end = parse_past_end(past_end);
                 if (no_double_payment) o.double_payment = DoublePayment::forbidden;
                 if (min_recovery) o.min_recovery = Money::parse(*min_recovery);
                 return Recovery(std::move(o), collection, notice);
             }),
             py::kw_only(), py::arg("notice_date"), py::arg("notice_days") = 10, py::arg("postal_days") = 0,
             py::arg("outage") = py::none(), py::arg("until") = py::none(), py::arg("fy_start") = "04-01",
             py::arg("strategy") = "spread", py::arg("remainder") = "first", py::arg("cap") = py::none(),
             py::arg("extend") = true, py::arg("when_none") = "next-year", py::arg("past_end") = "stop",
             py::arg("no_double_payment") = false, py::arg("min_recovery") = py::none(), py::arg("collection"),
             py::arg("notice"))
        .def_property_readonly("earliest_change", [](const Recovery& r) { return to_days(r.earliest_change()); },
                               "E: the earliest collection date that may carry recovery (day number).")
        .def_property_readonly("horizon", [](const Recovery& r) { return to_days(r.horizon()); },
                               "H: the horizon (day number).")
        .def_property_readonly("extension_limit", [](const Recovery& r) { return to_days(r.extension_limit()); },
                               "X: the extension limit (day number).");

    m.def("recover", &recover_tables, py::arg("recovery"), py::arg("accounts"), py::arg("ledger") = py::none(),
          py::arg("payments") = py::none(), py::arg("threads") = 0u, py::arg("date_format") = "YYYY-MM-DD",
          py::arg("notices") = false, py::arg("keep") = std::vector<std::string>{},
          "Recovers a portfolio given column-wise; returns the schedule and summary columns and\n"
          "the ledger and payment problems. The GIL is released while accounts are recovered.");
}

}  // namespace arrears::python
