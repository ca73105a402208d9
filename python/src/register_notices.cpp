// Notices, letters and the collection file (recovery-rules §13, §14): the letters' template
// engine (the command line's own), and the Bacs days of a collection.
#include "bindings.hpp"

#include <arrears/calendar.hpp>
#include <arrears/error.hpp>
#include <arrears/io/letters.hpp>
#include <arrears/io/notices.hpp>
#include <arrears/io/notify.hpp>
#include <arrears/notice.hpp>

#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace arrears::python {

void register_notices(py::module_& m) {
    m.def(
        "letters",
        [](const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& rows,
           const std::optional<std::string>& text, const std::string& source,
           const std::optional<std::string>& guarantee, const std::string& language,
           const std::optional<std::string>& guarantee_cy) {
            const std::vector<std::string_view> names(columns.begin(), columns.end());
            std::optional<std::string> fragment, fragment_cy;
            if (guarantee) fragment = io::fragment_body(*guarantee);
            if (guarantee_cy) fragment_cy = io::fragment_body(*guarantee_cy);
            // With a template of its own a council writes its words in either language with the
            // plain and _cy placeholders (§13): the language picks only the bundled letter.
            const io::Language l = io::parse_language(language);
            const io::Letters letters = text ? io::Letters(*text, source, names, fragment, fragment_cy)
                                             : io::Letters(names, fragment, l, fragment_cy);
            bool missing = letters.guarantee_missing();  // (with a language column: the letters used)
            bool unused = (guarantee && !letters.uses_guarantee()) || (guarantee_cy && !letters.uses_guarantee_cy());
            // §13: with the bundled letter, each payer's `language` (a notices column when Welsh
            // was asked for) picks the payer's letter, as on the command line.
            const auto column = std::find(columns.begin(), columns.end(), "language");
            std::string html;
            if (text || column == columns.end()) {
                {
                    py::gil_scoped_release unlocked;
                    html = io::letters_html(letters, rows);
                }
                return py::make_tuple(std::move(html), missing, unused);
            }
            const auto at = static_cast<std::size_t>(column - columns.begin());
            std::array<std::optional<io::Letters>, 3> by_language;
            for (const auto& [language_k, name] : io::language_names)
                by_language[static_cast<std::size_t>(language_k)].emplace(names, fragment, language_k, fragment_cy);
            missing = rows.empty() && letters.guarantee_missing();
            {
                py::gil_scoped_release unlocked;
                html = letters.begin();
                std::vector<std::string_view> cells;
                bool uses = rows.empty() && letters.uses_guarantee(),
                     uses_cy = rows.empty() && letters.uses_guarantee_cy();
                for (const std::vector<std::string>& row : rows) {
                    cells.assign(row.begin(), row.end());
                    const std::string_view cell = at < row.size() ? io::trim_blanks(row[at]) : std::string_view();
                    const io::Language payer = cell.empty() ? l : io::parse_language(cell);
                    const io::Letters& one = payer == l ? letters : *by_language[static_cast<std::size_t>(payer)];
                    missing = missing || one.guarantee_missing();
                    uses = uses || one.uses_guarantee();
                    uses_cy = uses_cy || one.uses_guarantee_cy();
                    one.render(html, cells);
                }
                html += letters.end();
                // A guarantee no payer's letter shows (all Welsh: only {guarantee_cy}).
                unused = (guarantee && !uses) || (guarantee_cy && !uses_cy);
            }
            return py::make_tuple(std::move(html), missing, unused);
        },
        py::arg("columns"), py::arg("rows"), py::arg("template") = py::none(), py::arg("source") = "template",
        py::arg("guarantee") = py::none(), py::arg("language") = "en", py::arg("guarantee_cy") = py::none(),
        "The letters' HTML for notice rows given as text cells (as in the notices file), from\n"
        "`template` (its text in UTF-8; None: the bundled letter) and `guarantee` (an HTML fragment;\n"
        "None: a placeholder), with whether the letters lack the guarantee and whether a given one\n"
        "is unused. InputError names a bad placeholder.");
    m.def(
        "decode_html",
        [](const py::bytes& data, const std::string& source) {
            return io::decode_html(static_cast<std::string_view>(data), source);
        },
        py::arg("data"), py::arg("source"),
        "An HTML file's bytes as text, read in the character set its byte-order mark or its <meta>\n"
        "declares (recovery-rules §13); InputError for a character set arrears cannot read.");
    m.def(
        "bundled_letter",
        [](const std::string& language) { return io::Letters::bundled_text(io::parse_language(language)); },
        py::arg("language") = "en",
        "The bundled letter template's text in `language` (en, cy, cy+en), as `arrears letter-template\n"
        "--language` prints it.");
    m.def(
        "notify_rows",
        [](const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& rows, bool welsh) {
            const std::vector<std::string_view> names(columns.begin(), columns.end());
            const io::NotifyRows notify(names, welsh);
            std::vector<std::vector<std::string>> out;
            std::vector<std::pair<std::size_t, std::string>> refused;
            std::vector<std::string_view> cells;
            std::vector<std::string> row;
            for (std::size_t i = 0; i < rows.size(); ++i) {
                cells.assign(rows[i].begin(), rows[i].end());
                std::string why = notify.cells(row, cells);
                if (why.empty())
                    out.push_back(std::move(row));
                else
                    refused.emplace_back(i, std::move(why));
            }
            return py::make_tuple(notify.names(), std::move(out), std::move(refused));
        },
        py::arg("columns"), py::arg("rows"), py::arg("welsh") = false,
        "GOV.UK Notify's bulk letter upload for notice rows given as text cells (recovery-rules §13):\n"
        "(column names, rows of cells, [(row position, why Notify would refuse its address)]).");
    m.def(
        "notify_template", [](const std::string& language) { return io::notify_template(language); },
        py::arg("language") = "en", "`arrears notify-template --language`'s text.");
    m.def(
        "working_day_before",
        [](const Calendar& c, std::int64_t d) { return to_days(working_day_before(c, from_days(d))); },
        py::arg("calendar"), py::arg("day"), "The calendar's working day before `day` (day numbers).");
}

}  // namespace arrears::python
