// Reading accounts, ledger rows and payments from text tables (recovery-rules §12), with
// messages that name the source, the line, the column and the offending text. A bad account
// row never stops a run: it becomes a `rejected` result in input order.
#pragma once

#include <arrears/io/export_format.hpp>
#include <arrears/io/table.hpp>
#include <arrears/recovery.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace arrears::io {

/// Where the columns of accounts.csv are in a table (-1: an optional column is absent).
struct AccountColumns {
    int account_id, amount, frequency, first_due, day, end, skip, convention;
    /// How date cells are read (§12 --date-format); set by the caller after find().
    DateFormat dates = DateFormat::iso;
    /// Throws InputError naming `source` and the column when a required one is missing.
    static AccountColumns find(const TextTable& table, std::string_view source);
};

/// Reads row `row` of `table` into `out` (reusing its buffers). Returns the reason the row is
/// rejected, or an empty string. Duplicate ids are not checked here (BlockRecovery does).
/// Safe to call from several threads on different rows.
std::string parse_account_row(const TextTable& table, std::size_t row, std::string_view source,
                              const AccountColumns& columns, Account& out);

/// The account_id parse_account_row() reads from row `row` (the one duplicates are found by):
/// empty when the row has none, or when its account_id cell is the one that could not be read.
std::string_view account_id_cell(const TextTable& table, std::size_t row, const AccountColumns& columns);

/// How messages name row `row` of `table` (and its column `column`, when not -1), as a
/// prefix: "accounts.csv line 5, column 2 (amount): ".
std::string row_location(std::string_view source, const TextTable& table, std::size_t row, int column = -1);

/// The message rejecting row `row` because its account_id was first seen on `first_line`.
std::string duplicate_message(const TextTable& table, std::size_t row, std::string_view source,
                              const AccountColumns& columns, std::string_view id, std::uint64_t first_line);

/// Ledger rows and payments read before the accounts they belong to, handed to each account
/// as it is read (so accounts can stream past). Rows whose account never appears, or was
/// rejected, are reported by finish().
class Attachments {
public:
    /// Reads ledger rows (account_id, due_date, amount, status, reason). Throws InputError
    /// only when a required column is missing; malformed rows become problems.
    void add_ledger(const TextTable& table, std::string_view source);
    /// Reads payments (account_id, date, amount), as add_ledger() does.
    void add_payments(const TextTable& table, std::string_view source);
    [[nodiscard]] bool empty() const noexcept { return by_id_.empty(); }
    /// How date cells of the files added from now on are read (§12 --date-format).
    void set_date_format(DateFormat format) noexcept { dates_ = format; }

    /// Moves the rows for `account.id` into the accepted account.
    void attach(Account& account);
    /// Notes that the account row with `id` on `line` was rejected.
    void rejected(const std::string& id, std::uint64_t line);
    /// The problems, in the order the files were added and by line: malformed rows, and rows
    /// for accounts that never appeared or were rejected. Call once, after every account.
    std::vector<std::string> finish();

private:
    struct Held {
        std::string where;  // "ledger.csv line 5, column 1 (account_id): "
        std::string row_label;
        std::size_t file;
        std::uint64_t line;
        std::optional<LedgerEntry> ledger;
        std::optional<Payment> payment;
        bool used = false;
    };
    struct Problem {
        std::size_t file;
        std::uint64_t line;
        std::string message;
    };
    std::vector<Held> held_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_id_;
    std::unordered_map<std::string, std::uint64_t> rejected_;
    std::vector<Problem> problems_;
    std::size_t files_ = 0;
    DateFormat dates_ = DateFormat::iso;
};

}  // namespace arrears::io

