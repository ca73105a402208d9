// Bacs ADDACS and AUDDIS reports (what payers' banks did to Direct Debit Instructions) into
// the rows of a mandates file (recovery-rules §14 "Mandates", `arrears mandates`), shared by
// the command line and the Python package; compiled with the ARUDD reader (arudd.hpp) in
// arrears_bacs_reports, over pugixml.
#pragma once

#include <arrears/io/payer_references.hpp>
#include <arrears/io/table.hpp>
#include <arrears/mandate.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace arrears::io {

/// One MessagingAdvice of an ADDACS report, or of the rejections of an AUDDIS report, its
/// attributes as written (in UTF-8, whatever the report's encoding).
struct MandateAdvice {
    std::uint64_t line = 0;    ///< its line in the file
    std::size_t position = 0;  ///< 1 for the report's first MessagingAdvice (acceptances counted)
    bool auddis = false;       ///< an AUDDIS rejection (AUDREJ), else an ADDACS advice
    std::string reference, payer_name, reason_code, effective_date, new_sort_code, new_account_number;
    /// The report's MessagingHeader `report-generation-date` (the date of an AUDDIS rejection
    /// that gives none of its own).
    std::string report_date;
    /// An AUDDIS advice without a `reference` is about a whole file: its record-type,
    /// file-error-code, originator-file-number, processing-date and MessagingError text.
    std::string file_rejection;
};

/// The most bytes an ADDACS or AUDDIS report may hold (read whole, as an ARUDD report is:
/// max_arudd_bytes' reasoning; an advice takes about 500 bytes, so over 500,000 advices).
inline constexpr std::size_t max_mandate_report_bytes = std::size_t{256} << 20;

/// The advices of the ADDACS or AUDDIS report at `path` that may give rows, in file order
/// (BACSDocument/Data/MessagingAdvices/MessagingAdvice, the MessagingHeader's advice-type
/// ADDACS or AUDREJ; an AUDDIS acceptance, AUDACC, gives none). InputError naming the file
/// when it is not readable XML in the encoding it declares, declares entities in a DTD, or is
/// no ADDACS or AUDDIS report (an ARUDD report: the message says `arrears arudd` reads it), or
/// holds more than max_mandate_report_bytes.
std::vector<MandateAdvice> read_mandate_report(const std::string& path);
/// The advices of the report `text`, as read_mandate_report() reads a file; `source` names it.
std::vector<MandateAdvice> parse_mandate_report(std::string_view text, std::string_view source);

/// A row of the mandates file: an account's event.
struct MandateRow {
    std::string account_id;
    MandateEntry entry;
};

/// The mandates file's columns, in order (§14).
inline constexpr std::array<std::string_view, 6> mandate_columns{"account_id", "effective_date", "event",
                                                                 "reason",     "new_sort_code",  "new_account_number"};

/// Matches advices to accounts as AruddMatcher matches items (the same PayerReferences). An
/// ADDACS advice gives the event of its reason code (find_addacs_reason); an AUDDIS rejection
/// of one instruction gives `cancelled` on its effective-date, else the report's date; a
/// transfer's new sort code (six digits; `-` and spaces dropped) and account number (eight
/// digits; seven left-padded with 0) are kept, each empty when the advice lacks it. Advices
/// that give no row are described in `problems`: no account or several, a rejected account,
/// a reason outside §14's list, a date or new detail that cannot be read, a rejection of a
/// whole AUDDIS file (it names no instruction), or a second advice for the same account, date
/// and event that says something else. The same advice again gives nothing and no problem.
class MandateMatcher {
public:
    MandateMatcher(const TextTable& accounts, std::string_view source, const AccountColumns& columns, int reference);
    /// Adds the rows of one report's advices (`source` names it in problems).
    void add(const std::vector<MandateAdvice>& advices, std::string_view source);

    std::vector<MandateRow> rows;
    std::vector<std::string> problems;

private:
    PayerReferences accounts_;
    // (account_id, date, event) -> the row given and where its advice is
    std::map<std::tuple<std::string, Date, MandateEvent>, std::pair<std::size_t, std::string>> seen_;
};

/// The mandates.csv text of `rows` (mandate_columns), header included.
std::string mandates_csv(const std::vector<MandateRow>& rows);

}  // namespace arrears::io
