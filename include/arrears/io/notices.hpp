// Writing what the payers and the bank are told (recovery-rules §13, §14): the notices, one
// row per `ok`/`extended` account, and the collection file, one row per collection carrying
// recovery, as CSV or JSON like the schedule, each with the accounts file's kept columns
// (payer name, address, Direct Debit reference) after `account_id`.
#pragma once

#include <arrears/io/output.hpp>
#include <arrears/io/table.hpp>
#include <arrears/notice.hpp>

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io {

/// The notices' columns in order, the kept ones (which follow `account_id`) left out (§13).
inline constexpr std::array<std::string_view, 18> notice_columns{
    "account_id", "notice_date", "send_by", "frequency", "regular_amount", "notice_kind",
    "missed_count", "missed_dates", "missed_text", "missed_amount", "paid_amount", "changes",
    "first_changed", "last_changed", "catch_up_total", "resumes_on", "resume_amount",
    "schedule_text"};
/// The collection file's columns in order, the kept ones left out (§14).
inline constexpr std::array<std::string_view, 7> collection_columns{
    "account_id", "collection_date", "processing_date", "input_by", "amount", "regular_amount",
    "recovery_amount"};

/// The accounts file's columns copied into the notices and the collection file (`--keep`).
class KeptColumns {
public:
    KeptColumns() = default;
    /// Finds `names` (trimmed of spaces and tabs) in `header`. Throws InputError naming the
    /// column when `header` (of `source`) lacks it, or when it is also a column of `outputs`.
    KeptColumns(std::span<const std::string> names, std::span<const std::string> header,
                std::string_view source, std::span<const std::string_view> outputs);

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
/// that follows others (see ResultWriter::append). `columns` are the notice columns with
/// the kept ones (KeptColumns::columns).
void format_notice(std::string& out, Format format, std::span<const std::string_view> columns,
                   std::string_view id, std::span<const std::string_view> kept, const Notice& notice);
/// The notice row as text cells, in the order of `columns`: what a CSV file holds.
std::vector<std::string> notice_cells(std::string_view id, std::span<const std::string_view> kept,
                                      const Notice& notice);
/// Appends a collection-file row, as format_notice() does.
void format_collection(std::string& out, Format format, std::span<const std::string_view> columns,
                       std::string_view id, std::span<const std::string_view> kept, const CollectionRow& row);

}  // namespace arrears::io
