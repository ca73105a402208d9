// Bacs ARUDD reports (returned debits) into ledger rows (recovery-rules §14 `arrears arudd`),
// shared by the command line and the Python package. Compiled with the readers of the other
// Bacs reports (mandates.hpp) in their own library, arrears_bacs_reports, over pugixml.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/io/payer_references.hpp>
#include <arrears/io/records.hpp>
#include <arrears/io/table.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace arrears::io {

/// One ReturnedDebitItem of a report, its attributes as written (in UTF-8, whatever the
/// report's encoding).
struct AruddItem {
    std::uint64_t line = 0;    ///< its line in the file
    std::size_t position = 0;  ///< 1 for the report's first item
    std::string ref;           ///< the item's own `ref` (may carry a suffix: `X01234-4`)
    std::string payer_ref;     ///< its PayerAccount child's `ref` (the payer's reference), or empty
    std::string payer_name;    ///< its PayerAccount child's `name`, or empty (for messages)
    std::string return_code, return_description, original_processing_date, value_of;

    /// The payer's Direct Debit reference (§14): the PayerAccount's `ref` when it has one,
    /// else the item's `ref`.
    [[nodiscard]] std::string_view reference() const noexcept;
    /// The ARUDD reason (§14): `returnCode` when it is one of `0`–`9`, `A`, `B` (upper
    /// cased), else the code `returnDescription` names by §14's table
    /// (arudd_code_of_description); empty when neither gives one.
    [[nodiscard]] std::string_view reason() const noexcept;
};

/// The most bytes an ARUDD report may hold: a report is read whole (and parsed into a tree
/// about as large again), and an item takes about 400 bytes, so 256 MiB holds over 600,000
/// returned debits, far more than a day's returns of any Service User.
inline constexpr std::size_t max_arudd_bytes = std::size_t{256} << 20;

/// The items of the ARUDD report at `path`, in file order (BACSDocument/Data/ARUDD/Advice/
/// OriginatingAccountRecords/OriginatingAccountRecord/ReturnedDebitItem). InputError naming
/// the file when it is not readable XML in the encoding it declares (UTF-8 when none;
/// ISO-8859-1, windows-1252), declares entities in a DTD (never expanded or fetched), or is
/// not an ARUDD report (an ADDACS or AUDDIS report: the message says `arrears mandates`
/// reads it), or holds more than max_arudd_bytes.
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
/// no row are described in `problems` ("arudd.xml line 12, item 2 (ref X): ..."). Time and
/// memory linear in the items (issue 25: 40,000 items took 75 s when it was quadratic).
class AruddMatcher {
public:
    AruddMatcher(const TextTable& accounts, std::string_view source, const AccountColumns& columns, int reference,
                 const Calendar& collection);
    /// Adds the rows of one report's items (`source` names it in problems).
    void add(const std::vector<AruddItem>& items, std::string_view source);

    std::vector<AruddLedgerRow> rows;
    std::vector<std::string> problems;

private:
    const Calendar& calendar_;
    PayerReferences accounts_;
    // The rows given, by due date (YYYY-MM-DD) then account_id, each with the item that gave
    // it: found in constant time, so matching is linear in the items (§14).
    std::unordered_map<std::string, std::string> seen_;
};

/// The ledger.csv text of `rows` (recovery-rules §5 columns), header included.
std::string arudd_ledger_csv(const std::vector<AruddLedgerRow>& rows);

}  // namespace arrears::io
