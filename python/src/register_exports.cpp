// Councils' exports (recovery-rules §12) and stale holiday lists (§2): the package's keywords
// date_format= and map= and its InputWarning for a list that differs from the rules go
// through the same code as the command line's --date-format, --map and warnings.
#include "bindings.hpp"
#include "tables.hpp"

#include <arrears/io/export_format.hpp>
#include <arrears/io/holiday_file.hpp>

#include <pybind11/stl.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::python {

void register_exports(py::module_& m) {
    m.def(
        "map_headers",
        [](const std::vector<std::pair<std::string, std::string>>& pairs, std::vector<std::vector<std::string>> headers,
           const std::vector<std::string>& sources, std::string_view reads, const std::vector<std::string>& also) {
            io::ColumnMap map;
            for (auto& [ours, theirs] : pairs) map.add(std::string(ours) + "=" + theirs);
            // §12: an OURS that nothing reads (`edn` for `end`) is an error, as on the command line.
            if (reads == "recover")
                map.check_ours(io::recover_read_columns, also);
            else if (reads == "accounts")
                map.check_ours(io::account_read_columns, also);
            else if (!reads.empty())
                throw std::invalid_argument("map_headers: reads is 'recover', 'accounts' or ''");
            for (std::size_t k = 0; k < headers.size(); ++k) map.apply(headers[k], sources.at(k));
            map.check_all_found();
            return headers;
        },
        py::arg("pairs"), py::arg("headers"), py::arg("sources"), py::arg("reads") = "",
        py::arg("also") = std::vector<std::string>{},
        "The headers renamed by (OURS, THEIRS) pairs as --map renames them: a mapped THEIRS becomes\n"
        "OURS and the table's own OURS becomes '' (read by nobody). InputError as --map's usage errors,\n"
        "an OURS that is neither a column `reads` names ('recover': every column recover reads;\n"
        "'accounts': the accounts file's; '': not checked) nor one of `also` included.");
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
