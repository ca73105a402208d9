// Notice and collection-file rows (see notices.hpp), written from columns.hpp's lists as the
// schedule's rows are.
#include <arrears/io/notices.hpp>

#include <arrears/error.hpp>
#include <arrears/io/detail/row_writer.hpp>
#include <arrears/io/letters.hpp>

#include <algorithm>

namespace arrears::io {

std::string_view trim_blanks(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

KeptColumns::KeptColumns(std::span<const std::string> names, std::span<const std::string> header,
                         std::string_view source, std::span<const std::string_view> outputs) {
    for (const std::string& raw : names) {
        const std::string_view name = trim_blanks(raw);
        if (name.empty()) throw InputError("an empty column name");
        if (std::find(outputs.begin(), outputs.end(), name) != outputs.end())
            throw InputError("column '" + std::string(name) + "' is already a column of the output");
        if (std::find(names_.begin(), names_.end(), name) != names_.end())
            throw InputError("column '" + std::string(name) + "' is named twice");
        // In letters a column is the placeholder of its name with every character but
        // letters, digits and `_` made `_` (§13): `first changed` would be {first_changed},
        // the notice column's, and `schedule-table` {schedule_table}, the table's.
        const std::string placeholder = placeholder_name(name);
        for (std::string_view out : outputs)
            if ((out == "schedule_table" ||
                 std::find(notice_columns.begin(), notice_columns.end(), out) != notice_columns.end()) &&
                placeholder_name(out) == placeholder)
                throw InputError("column '" + std::string(name) + "' would be the placeholder {" + placeholder +
                                 "} of the letters, which is already the output's '" + std::string(out) +
                                 "'; rename the column in the accounts file");
        for (const std::string& kept : names_)
            if (placeholder_name(kept) == placeholder)
                throw InputError("columns '" + kept + "' and '" + std::string(name) +
                                 "' would both be the placeholder {" + placeholder +
                                 "} of the letters; keep one of them");
        std::size_t at = header.size();
        for (std::size_t i = 0; i < header.size() && at == header.size(); ++i)
            if (trim_blanks(header[i]) == name) at = i;
        if (at == header.size()) throw InputError(std::string(source) + " has no column '" + std::string(name) + "'");
        names_.emplace_back(name);
        index_.push_back(at);
    }
}

void KeptColumns::values(const TextTable& table, std::size_t row, std::vector<std::string_view>& out) const {
    out.clear();
    for (std::size_t i : index_) out.push_back(trim_blanks(table.at(row, i)));
}

std::vector<std::string_view> KeptColumns::columns(std::span<const std::string_view> base) const {
    std::vector<std::string_view> out(base.begin(), base.end());
    out.insert(out.begin() + 1, names_.begin(), names_.end());
    return out;
}

void format_notice(std::string& out, Format format, std::span<const std::string_view> columns, std::string_view id,
                   std::span<const std::string_view> kept, const Notice& n, Selection selection) {
    detail::append_row(out, format, notice_list, selection, columns.data(), id, kept, n);
}

std::vector<std::string> notice_cells(std::string_view id, std::span<const std::string_view> kept, const Notice& n,
                                      Selection selection) {
    return detail::text_cells(notice_list, selection, id, kept, n);
}

void format_collection(std::string& out, Format format, std::span<const std::string_view> columns, std::string_view id,
                       std::span<const std::string_view> kept, const CollectionRow& row, Selection selection) {
    detail::append_row(out, format, collection_list, selection, columns.data(), id, kept, row);
}

}  // namespace arrears::io
