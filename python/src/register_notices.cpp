// Notices, letters and the collection file (recovery-rules §13, §14): the letters' template
// engine (the command line's own), and the Bacs days of a collection.
#include "bindings.hpp"

#include <arrears/calendar.hpp>
#include <arrears/io/letters.hpp>
#include <arrears/io/notices.hpp>
#include <arrears/notice.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

namespace arrears::python {

void register_notices(py::module_& m) {
    m.def(
        "letters",
        [](const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& rows,
           const std::optional<std::string>& text, const std::string& source) {
            const std::vector<std::string_view> names(columns.begin(), columns.end());
            const io::Letters letters = text ? io::Letters(*text, source, names) : io::Letters(names);
            py::gil_scoped_release unlocked;
            return io::letters_html(letters, rows);
        },
        py::arg("columns"), py::arg("rows"), py::arg("template") = py::none(), py::arg("source") = "template",
        "The letters' HTML for notice rows given as text cells (as in the notices file), from\n"
        "`template` (its text; None: the bundled letter). InputError names a bad placeholder.");
    m.def("bundled_letter", &io::Letters::bundled_text, py::arg("resumes") = true,
          "The bundled letter template's text (`arrears letter-template` prints it), for notices with a\n"
          "resumes_on or (resumes=False) without.");
    m.def(
        "working_day_before",
        [](const Calendar& c, std::int64_t d) { return to_days(working_day_before(c, from_days(d))); },
        py::arg("calendar"), py::arg("day"), "The calendar's working day before `day` (day numbers).");
}

}  // namespace arrears::python
