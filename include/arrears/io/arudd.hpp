// Bacs ARUDD reports (returned debits) into ledger rows (recovery-rules §14 `arrears arudd`),
// shared by the command line and the Python package. Compiled in its own library,
// arrears_arudd, over pugixml.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/io/records.hpp>
#include <arrears/io/table.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace arrears::io {

/// One ReturnedDebitItem of a report, its attributes as written.
struct AruddItem {
    std::uint64_t line = 0;    ///< its line in the file
    std::size_t position = 0;  ///< 1 for the report's first item
    std::string ref, return_code, original_processing_date, value_of;
};

/// The most bytes an ARUDD report may hold: a report is read whole (and parsed into a tree
/// about as large again), and an item takes about 400 bytes, so 256 MiB holds over 600,000
/// returned debits, far more than a day's returns of any Service User.
inline constexpr std::size_t max_arudd_bytes = std::size_t{256} << 20;

/// The items of the ARUDD report at `path`, in file order (BACSDocument/Data/ARUDD/Advice/
/// OriginatingAccountRecords/OriginatingAccountRecord/ReturnedDebitItem). InputError naming
/// the file when it is not readable XML or not an ARUDD report, or holds more than
/// max_arudd_bytes.
std::vector<AruddItem> read_arudd_report(const std::string& path);
/// The items of the report `text`, as read_arudd_report() reads a file; `source` names it.
std::vector<AruddItem> parse_arudd_report(std::string_view text, std::string_view source);

/// A ledger row of §5 made from an item.
struct AruddLedgerRow {
    std::string account_id;
    Date due_date;
    Money amount;
    std::string reason;
};

/// Matches reports' items to accounts: `accounts` read as `recover` reads them (columns and
/// date format in `columns`), `reference` the index of its reference column. Each item's
/// collection date is the first working day of `collection` after its original processing
/// date; the row's due date is the account's due date collected that day. Items that give
/// no row are described in `problems` ("arudd.xml line 12, item 2 (ref X): ...").
class AruddMatcher {
public:
    AruddMatcher(const TextTable& accounts, std::string_view source, const AccountColumns& columns, int reference,
                 const Calendar& collection);
    /// Adds the rows of one report's items (`source` names it in problems).
    void add(const std::vector<AruddItem>& items, std::string_view source);

    std::vector<AruddLedgerRow> rows;
    std::vector<std::string> problems;

private:
    struct Row {
        std::string rejection;
        Account account;
    };
    const Calendar& calendar_;
    std::vector<Row> accounts_;
    std::vector<std::pair<std::string, std::size_t>> by_ref_;  // (folded reference, row), sorted
    // The rows given, by due date (YYYY-MM-DD) then account_id, each with the item that gave
    // it: found in constant time, so matching is linear in the items (§14).
    std::unordered_map<std::string, std::string> seen_;
    std::string source_;
    const TextTable& table_;
};

/// The ledger.csv text of `rows` (recovery-rules §5 columns), header included.
std::string arudd_ledger_csv(const std::vector<AruddLedgerRow>& rows);

}  // namespace arrears::io
