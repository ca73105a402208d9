// The result tables' columns (recovery-rules §9, §12, §13, §14), columns.hpp's lists, which
// the package makes its frames and the workbook's cell types from: `columns[table]` is each
// column's (name, kind, may be empty, presence), the key (account_id, month) first.
#include "bindings.hpp"

#include <arrears/io/columns.hpp>

#include <string>
#include <string_view>

namespace arrears::python {

namespace {

py::str text(std::string_view s) { return {s.data(), s.size()}; }

template <class L>
py::tuple describe(const L& list) {
    py::list out;
    out.append(py::make_tuple(text(list.key), "text", list.key == "account_id", "always"));
    list.for_each([&](const auto& c) {
        out.append(py::make_tuple(text(c.name), text(io::kind_name(c.kind)), c.may_be_empty,
                                  c.presence == io::Presence::always ? "always" : "when_asked"));
    });
    return py::tuple(out);
}

template <class Names>
py::tuple names(const Names& columns) {
    py::list out;
    for (std::string_view c : columns) out.append(text(c));
    return py::tuple(out);
}

}  // namespace

void register_columns(py::module_& m) {
    py::dict columns;
    columns["schedule"] = describe(io::schedule_list);
    columns["summary"] = describe(io::summary_list);
    columns["notices"] = describe(io::notice_list);
    columns["collections"] = describe(io::collection_list);
    columns["cash flow"] = describe(io::cash_flow_list);
    columns["replan summary"] = describe(io::replan_summary_list);
    columns["replan collections"] = describe(io::replan_collection_list);
    m.attr("columns") = columns;
    // The headers of every run (the kept columns of notices and collections go after the first).
    m.attr("schedule_columns") = names(io::schedule_columns);
    m.attr("summary_columns") = names(io::summary_columns);
    m.attr("notice_columns") = names(io::notice_columns);
    m.attr("collection_columns") = names(io::collection_columns);
    m.attr("replan_summary_columns") = names(io::replan_summary_columns);
    m.attr("replan_collection_columns") = names(io::replan_collection_columns);
}

}  // namespace arrears::python
