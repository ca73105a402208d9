// Reading accounts, ledger rows and payments from text tables (recovery-rules §12), with
// messages that name the source, the line, the column and the offending text. A bad account
// row never stops a run: it becomes a `rejected` result in input order.
#pragma once

#include <arrears/io/table.hpp>
#include <arrears/recovery.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace arrears::io {

/// Accounts in input order. A row that could not be read keeps its place with the reason
/// in `rejection` (and whatever account_id it had), so that no account is lost.
struct Portfolio {
    std::vector<Account> accounts;
    std::vector<std::string> rejection;  ///< same size as accounts; non-empty = rejected
    std::vector<std::uint64_t> line;     ///< where each account came from
    /// account_id -> index of its (first, accepted) row.
    std::unordered_map<std::string, std::size_t> index;
    /// account_id -> line of a rejected row with that id (when no row with it was accepted),
    /// so a ledger or payment row for it says the account was rejected, not unknown.
    std::unordered_map<std::string, std::uint64_t> rejected_ids;

    [[nodiscard]] std::size_t size() const noexcept { return accounts.size(); }
};

/// Appends the accounts of `table` (columns of accounts.csv) to `portfolio`. Throws
/// InputError only when a required column is missing (nothing can be read then).
/// `source` names the input in messages, e.g. `accounts.csv`.
void read_accounts(const TextTable& table, std::string_view source, Portfolio& portfolio);

/// Attaches ledger rows (account_id, due_date, amount, status, reason) to their accounts.
/// Returns a message for each row that is malformed or names no known account.
std::vector<std::string> read_ledger(const TextTable& table, std::string_view source, Portfolio& portfolio);

/// Attaches payments (account_id, date, amount). Returns messages as read_ledger does.
std::vector<std::string> read_payments(const TextTable& table, std::string_view source, Portfolio& portfolio);

/// Recovers every accepted account; rejected rows give `rejected` results in their place.
std::vector<AccountResult> recover(const Portfolio& portfolio, const Recovery& recovery,
                                   unsigned threads = 1);

}  // namespace arrears::io
