// Reading accounts, ledger rows and payments from text tables (recovery-rules §12), with
// messages that name the source, the line, the column and the offending text. A bad account
// row never stops a run: it becomes a `rejected` result in input order. An accounts row may
// carry decisions for its account alone (§16): the columns of option_table's entries.
#pragma once

#include <arrears/io/attachments.hpp>
#include <arrears/io/export_format.hpp>
#include <arrears/io/table.hpp>
#include <arrears/option_table.hpp>
#include <arrears/recovery.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io {

/// Where the columns of accounts.csv are in a table (-1: an optional column is absent).
struct AccountColumns {
    int account_id, amount, frequency, first_due, day, end, skip, convention;
    int first_amount = -1;  ///< §4: the first due date's own amount
    int language = -1;      ///< §13: the payer's language for letters (en, cy, cy+en), checked here
    /// §16: the column of each option_table entry that has one (its `column`), -1 when absent.
    std::array<int, option_table.size()> decisions = no_columns();
    bool any_decision = false;  ///< whether the table has any of them
    /// How date cells are read (§12 --date-format); set by the caller after find().
    DateFormat dates = DateFormat::iso;
    /// Throws InputError naming `source` and the column when a required one is missing.
    static AccountColumns find(const TextTable& table, std::string_view source);

private:
    static constexpr std::array<int, option_table.size()> no_columns() {
        std::array<int, option_table.size()> a{};
        a.fill(-1);
        return a;
    }
};

/// Reads row `row` of `table` into `out` (reusing its buffers). Returns the reason the row is
/// rejected, or an empty string. Duplicate ids are not checked here (BlockRecovery does).
/// With `run`, the row's decisions (§16) are read too: a row with any gives `out.options`,
/// the run's options with them applied (account_options), and a cell that cannot be used
/// rejects the row, naming its column. Safe to call from several threads on different rows.
std::string parse_account_row(const TextTable& table, std::size_t row, std::string_view source,
                              const AccountColumns& columns, Account& out, const Options* run = nullptr);

/// The account_id parse_account_row() reads from row `row` (the one duplicates are found by):
/// empty when the row has none, or when its account_id cell is the one that could not be read.
std::string_view account_id_cell(const TextTable& table, std::size_t row, const AccountColumns& columns);

/// How messages name row `row` of `table` (and its column `column`, when not -1), as a
/// prefix: "accounts.csv line 5, column 2 (amount): ".
std::string row_location(std::string_view source, const TextTable& table, std::size_t row, int column = -1);
/// The same prefix from its parts: `column_name` is the header of `column` (unused when -1).
std::string row_location(std::string_view source, std::string_view row_label, std::uint64_t line, int column,
                         std::string_view column_name);

/// The message rejecting row `row` because its account_id was first seen on `first_line`.
std::string duplicate_message(const TextTable& table, std::size_t row, std::string_view source,
                              const AccountColumns& columns, std::string_view id, std::uint64_t first_line);

}  // namespace arrears::io
