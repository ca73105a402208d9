// The options of a recovery run: the library's option table (option_table.hpp), from which
// the package makes `arrears.recover`'s keywords, and Recovery, a prepared run (options and
// calendars, with E, H and X worked out once) made from those keywords' values, each given
// as the text its entry's parser reads (as on the command line).
#include "bindings.hpp"

#include <arrears/option_table.hpp>
#include <arrears/recovery.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::python {

Options options_from(const std::vector<std::pair<std::string, std::string>>& texts) {
    Options o;
    for (const auto& [keyword, text] : texts) set_option(o, keyword, text);
    return o;
}

namespace {

std::optional<std::string_view> unless_empty(std::string_view s) { return s.empty() ? std::nullopt : std::optional(s); }

}  // namespace

void register_options(py::module_& m) {
    using S = OptionSpec;
    py::class_<S>(m, "Option", "One option of a recovery run (the library's option table).")
        .def_property_readonly(
            "cli", [](const S& s) { return unless_empty(s.cli); }, "--cap; None if not on the command line")
        .def_property_readonly(
            "keyword", [](const S& s) { return unless_empty(s.keyword); }, "cap; None if not a Python keyword")
        .def_property_readonly(
            "column", [](const S& s) { return unless_empty(s.column); },
            "The accounts column that decides it for one account (§16); None if none")
        .def_property_readonly(
            "kind", [](const S& s) { return to_string(s.kind); }, "value, flag or negated-flag (--no-extend)")
        .def_property_readonly(
            "form", [](const S& s) { return to_string(s.form); },
            "How the value is written: text, date, date-range, money, count or yes-no")
        .def_property_readonly("type_name", [](const S& s) { return s.type_name; })
        .def_property_readonly("help", [](const S& s) { return s.help; })
        .def_property_readonly(
            "default", [](const S& s) { return unless_empty(s.default_text); },
            "The value when not given, as text; None: none")
        .def_property_readonly("required", [](const S& s) { return s.required; })
        .def_property_readonly("group", [](const S& s) { return to_string(s.group); })
        .def_property_readonly(
            "choices", [](const S& s) { return std::vector<std::string_view>(s.choices.begin(), s.choices.end()); },
            "The names a text value may take; empty if any");
    py::tuple table(option_table.size());
    for (std::size_t i = 0; i < option_table.size(); ++i)
        table[i] = py::cast(&option_table[i], py::return_value_policy::reference);
    m.attr("options") = table;
    py::tuple groups(option_group_names.size());
    for (std::size_t i = 0; i < option_group_names.size(); ++i)
        groups[i] = py::str(std::string(option_group_names[i].name));
    m.attr("option_groups") = groups;  // in their order

    py::class_<Recovery>(m, "Recovery",
                         "A prepared recovery run: options and calendars, with E, H and X worked out once.")
        .def(py::init([](const std::vector<std::pair<std::string, std::string>>& options, const Calendar& collection,
                         const Calendar& notice) { return Recovery(options_from(options), collection, notice); }),
             py::arg("options"), py::kw_only(), py::arg("collection"), py::arg("notice"),
             "`options`: (keyword, text) pairs, each text as its option's parser reads it; InputError for a "
             "bad value or options that break §4–§8")
        .def_property_readonly(
            "earliest_change", [](const Recovery& r) { return to_days(r.earliest_change()); },
            "E: the earliest collection date that may carry recovery (day number).")
        .def_property_readonly(
            "horizon", [](const Recovery& r) { return to_days(r.horizon()); }, "H: the horizon (day number).")
        .def_property_readonly(
            "extension_limit", [](const Recovery& r) { return to_days(r.extension_limit()); },
            "X: the extension limit (day number).");
}

}  // namespace arrears::python
