// A value of a result table as a workbook cell (columns.hpp's kinds → WorkbookSheet's
// cells), and a row of a table as a sheet's row: what the workbook's own sheets (schedule,
// summary, cash flow: workbook.cpp) and the run's (notices, replan's summary and
// collections: workbook_output.cpp) share. Not for the rest of the program: workbook.hpp is
// the interface.
#pragma once

#include "workbook.hpp"

#include <arrears/io/columns.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace arrears::cli::detail {

// A cell of a sheet by its value's type (columns.hpp): Excel's number kinds, or text.
template <class V>
void put(WorkbookSheet& sheet, const V& v) {
    if constexpr (io::detail::optional_traits<V>::optional) {
        if (v)
            put(sheet, *v);
        else
            sheet.blank();
    } else if constexpr (std::is_same_v<V, Money>) {
        sheet.money(v);
    } else if constexpr (std::is_same_v<V, Date>) {
        sheet.date(v);
    } else if constexpr (std::is_integral_v<V>) {
        sheet.count(static_cast<std::int64_t>(v));
    } else if constexpr (io::InPlaceText<V>) {
        std::string text;
        v.append_to(text, "\n");
        sheet.text(text);
    } else {
        sheet.text(std::string_view(v));
    }
}

// One row of a sheet of `table`: its key, then the row's cells (every run's columns).
template <class T>
void add_row(WorkbookSheet& sheet, const T& table, std::string_view key, const typename T::row_type& row) {
    sheet.text(key);
    io::for_each_cell(table, table.every_run(), row, [&](const auto&, const auto& v) { put(sheet, v); });
    sheet.end_row();
}

}  // namespace arrears::cli::detail
