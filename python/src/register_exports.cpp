// Councils' exports (recovery-rules §12) and stale holiday lists (§2): the package's keywords
// date_format= and map= and its InputWarning for a list that differs from the rules go
// through the same code as the command line's --date-format, --map and warnings.
#include "bindings.hpp"
#include "tables.hpp"

#include <arrears/io/export_format.hpp>
#include <arrears/io/holiday_file.hpp>

#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

namespace arrears::python {

void register_exports(py::module_& m) {
    m.def(
        "map_headers",
        [](const std::vector<std::pair<std::string, std::string>>& pairs, std::vector<std::vector<std::string>> headers,
           const std::vector<std::string>& sources) {
            io::ColumnMap map;
            for (auto& [ours, theirs] : pairs) map.add(std::string(ours) + "=" + theirs);
            for (std::size_t k = 0; k < headers.size(); ++k) map.apply(headers[k], sources.at(k));
            map.check_all_found();
            return headers;
        },
        py::arg("pairs"), py::arg("headers"), py::arg("sources"),
        "The headers renamed by (OURS, THEIRS) pairs as --map renames them: a mapped THEIRS becomes\n"
        "OURS and the table's own OURS becomes '' (read by nobody). InputError as --map's usage errors.");
    m.def(
        "stale_list_warnings",
        [](const io::OfficialHolidays& official, const std::vector<std::string>& regions, std::string_view source) {
            std::vector<Region> divisions;
            for (const std::string& r : regions) divisions.push_back(parse_region(r));
            return io::stale_list_warnings(official, divisions, source);
        },
        py::arg("official"), py::arg("regions"), py::arg("source"),
        "One line per weekday holiday where the GOV.UK list and the rules differ (recovery-rules §2).");
}

}  // namespace arrears::python
