// Writing what the payers and the bank are told (recovery-rules §13, §14): the notices, one
// row per `ok`/`extended` account, and the collection file, one row per collection carrying
// recovery, as CSV or JSON like the schedule, each with the accounts file's kept columns
// (payer name, address, Direct Debit reference) after `account_id`. Their columns are
// columns.hpp's notice_list and collection_list.
#pragma once

#include <arrears/io/columns.hpp>
#include <arrears/io/detail/row_writer.hpp>
#include <arrears/io/output.hpp>
#include <arrears/io/table.hpp>
#include <arrears/notice.hpp>

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io {

/// The accounts file's columns copied into the notices and the collection file (`--keep`).
class KeptColumns {
public:
    KeptColumns() = default;
    /// Finds `names` (trimmed of spaces and tabs) in `header`. Throws InputError naming the
    /// column when `header` (of `source`) lacks it, when it is also a column of `outputs`, or
    /// when its placeholder name in letters (placeholder_name) is an output's or another kept
    /// column's (`first changed` would be `{first_changed}`, recovery-rules §13).
    KeptColumns(std::span<const std::string> names, std::span<const std::string> header, std::string_view source,
                std::span<const std::string_view> outputs);

    [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
    [[nodiscard]] bool empty() const noexcept { return names_.empty(); }
    /// The kept cells of row `row` of `table`, trimmed of spaces and tabs.
    void values(const TextTable& table, std::size_t row, std::vector<std::string_view>& out) const;
    /// `base`'s columns with the kept ones after the first (`account_id`).
    [[nodiscard]] std::vector<std::string_view> columns(std::span<const std::string_view> base) const;

private:
    std::vector<std::string> names_;
    std::vector<std::size_t> index_;
};

/// Cells as text, trimmed of spaces and tabs at either end.
std::string_view trim_blanks(std::string_view s) noexcept;

/// Appends the notice row of account `id` (kept cells `kept`) to `out` in `format`, as a row
/// that follows others (see ResultWriter::append). `columns` are the notice columns of
/// `selection` with the kept ones (KeptColumns::columns(notice_list.names(selection))).
void format_notice(std::string& out, Format format, std::span<const std::string_view> columns, std::string_view id,
                   std::span<const std::string_view> kept, const Notice& notice,
                   Selection selection = notice_list.every_run());
/// The notice row as text cells, in the order of its columns: what a CSV file holds.
std::vector<std::string> notice_cells(std::string_view id, std::span<const std::string_view> kept, const Notice& notice,
                                      Selection selection = notice_list.every_run());
/// Appends a collection-file row, as format_notice() does.
void format_collection(std::string& out, Format format, std::span<const std::string_view> columns, std::string_view id,
                       std::span<const std::string_view> kept, const CollectionRow& row,
                       Selection selection = collection_list.every_run());

/// The key cells (account_id, the kept cells) that begin each row of an account in `format`,
/// made once for all of its rows: the `prefix` of format_collections(). (Inline, as the
/// next: the collection file's rows are made one at a time, millions of them.)
inline void format_key_cells(std::string& out, Format format, std::span<const std::string_view> columns,
                             std::string_view id, std::span<const std::string_view> kept) {
    detail::key_cells(out, format, columns.data(), id, kept);
}
/// Appends collection-file rows that begin with the key cells `prefix`, as format_collection() does.
inline void format_collections(std::string& out, Format format, std::span<const std::string_view> columns,
                               std::string_view prefix, std::span<const CollectionRow> rows,
                               Selection selection = collection_list.every_run()) {
    detail::append_rows(out, format, collection_list, selection, columns.data(), columns.size() - selection.size(),
                        prefix, rows);
}

}  // namespace arrears::io
