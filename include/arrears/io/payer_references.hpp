// The accounts by their payers' Direct Debit references: how the readers of Bacs reports
// (ARUDD returns, ADDACS and AUDDIS advices, recovery-rules §14) find the account an item
// names. References compare after §12's trimming, ignoring (ASCII) letter case.
#pragma once

#include <arrears/account.hpp>
#include <arrears/io/records.hpp>
#include <arrears/io/table.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io {

class PayerReferences {
public:
    /// `accounts` read as `recover` reads them (columns and date format in `columns`; a
    /// duplicate account_id rejects the later row, as in `recover`), `reference` the index of
    /// the reference column, `source` how messages name the accounts. Keeps `accounts`.
    PayerReferences(const TextTable& accounts, std::string_view source, const AccountColumns& columns, int reference);

    /// The account whose reference is `ref`; nullptr, with `why` saying so, when no account or
    /// several have it, or when its row is rejected ("its account (accounts.csv line 4) was
    /// rejected: ...").
    const Account* find(std::string_view ref, std::string& why) const;

private:
    struct Row {
        std::string rejection;
        Account account;
    };
    const TextTable& table_;
    std::string source_;
    std::vector<Row> rows_;
    std::vector<std::pair<std::string, std::size_t>> by_ref_;  // (folded reference, row), sorted
};

}  // namespace arrears::io
