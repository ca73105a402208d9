// Calendars: a region's working days from the rules of recovery-rules §2, optionally with
// the official GOV.UK list and the caller's closure dates. Dates are day numbers here; the
// package's arrears.Calendar speaks datetime.date.
#include "bindings.hpp"

#include <arrears/calendar.hpp>
#include <arrears/io/holiday_file.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::python {

namespace {

std::vector<Date> to_dates(const std::vector<std::int64_t>& days) {
    std::vector<Date> out;
    out.reserve(days.size());
    for (std::int64_t d : days) out.push_back(from_days(d));
    return out;
}

}  // namespace

void register_calendar(py::module_& m) {
    py::class_<io::OfficialHolidays>(m, "OfficialHolidays", "The divisions of a GOV.UK bank-holidays.json file.");
    m.def("load_govuk_holidays", &io::load_govuk_holidays, py::arg("path"),
          "Reads a GOV.UK bank-holidays.json file; InputError naming the file and the problem.");
    m.def("parse_govuk_holidays", &io::parse_govuk_holidays, py::arg("text"), py::arg("source"),
          "Parses the text of a GOV.UK bank-holidays.json file; `source` names it in errors.");

    py::class_<Calendar> calendar(m, "Calendar", "A region's working-day calendar (immutable).");
    m.def(
        "run_calendars",
        [](std::string_view region, const io::OfficialHolidays* official, const std::vector<std::int64_t>& closures) {
            const Region r = parse_region(region);
            const std::vector<Date> closed = to_dates(closures);
            io::RunCalendars both = io::run_calendars(r, official ? *official : io::OfficialHolidays{}, closed);
            return py::make_tuple(std::move(both.collection), std::move(both.notice));
        },
        py::arg("region") = "england-and-wales", py::arg("official") = nullptr,
        py::arg("closures") = std::vector<std::int64_t>{},
        "The (collection, notice) calendars of a run: collections on England-and-Wales working\n"
        "days (Bacs), the notice period on `region`'s; `official` and `closures` apply to both.");
    calendar
        .def(py::init([](std::string_view region, const io::OfficialHolidays* official,
                         const std::vector<std::int64_t>& closures) {
                 const Region r = parse_region(region);
                 const std::vector<Date> closed = to_dates(closures);
                 if (official) return Calendar(r, official->division(r), closed);
                 return Calendar(r, {}, closed);
             }),
             py::arg("region") = "england-and-wales", py::arg("official") = nullptr,
             py::arg("closures") = std::vector<std::int64_t>{},
             "`official`: a GOV.UK file whose division for `region` replaces the rules for the\n"
             "years it covers; `closures`: the caller's extra non-working days.")
        .def_property_readonly("region", [](const Calendar& c) { return std::string(to_string(c.region())); })
        .def_property_readonly("closures",
                               [](const Calendar& c) {
                                   std::vector<std::int64_t> out;
                                   for (Date d : c.closures()) out.push_back(to_days(d));
                                   return out;
                               })
        .def(
            "is_working_day", [](const Calendar& c, std::int64_t d) { return c.is_working_day(from_days(d)); },
            py::arg("day"))
        .def(
            "is_holiday", [](const Calendar& c, std::int64_t d) { return c.is_holiday(from_days(d)); }, py::arg("day"))
        .def(
            "holiday_name",
            [](const Calendar& c, std::int64_t d) -> std::optional<std::string> {
                std::string name = c.holiday_name(from_days(d));
                if (name.empty()) return std::nullopt;
                return name;
            },
            py::arg("day"))
        .def(
            "holidays",
            [](const Calendar& c, int year) {
                std::vector<std::pair<std::int64_t, std::string>> out;
                for (const Holiday& h : c.holidays(year)) out.emplace_back(to_days(h.date), h.name);
                return out;
            },
            py::arg("year"), "The (day number, name) bank holidays of a calendar year, weekdays only.")
        .def(
            "adjust",
            [](const Calendar& c, std::int64_t d, std::string_view convention) {
                return to_days(c.adjust(from_days(d), parse_convention(convention)));
            },
            py::arg("day"), py::arg("convention") = "following")
        .def(
            "add_working_days",
            [](const Calendar& c, std::int64_t d, int n) { return to_days(c.add_working_days(from_days(d), n)); },
            py::arg("day"), py::arg("n"))
        .def(
            "working_days_between",
            [](const Calendar& c, std::int64_t a, std::int64_t b) {
                return c.working_days_between(from_days(a), from_days(b));
            },
            py::arg("first"), py::arg("last"));
}

}  // namespace arrears::python
