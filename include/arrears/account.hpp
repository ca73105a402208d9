// An account's inputs to a recovery (recovery-rules §4, §5, §16): its Direct Debit plan, the
// ledger rows of ledger mode (collected, returned unpaid with an ARUDD code, or never
// presented), the payments received by other means, the events of its mandate (§14) and the
// decisions made for it alone (§16).
#pragma once

#include <arrears/date.hpp>
#include <arrears/detail/names.hpp>
#include <arrears/mandate.hpp>
#include <arrears/money.hpp>
#include <arrears/options.hpp>
#include <arrears/plan.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arrears {

enum class LedgerStatus {
    collected,      ///< taken as planned
    unpaid,         ///< returned by the payer's bank (ARUDD); `reason` is the code
    not_presented,  ///< never presented (the outage)
};
inline constexpr std::array<detail::Named<LedgerStatus>, 3> ledger_status_names{
    {{LedgerStatus::collected, "collected"},
     {LedgerStatus::unpaid, "unpaid"},
     {LedgerStatus::not_presented, "not_presented"}}};
/// `collected`, `unpaid` or `not_presented`; anything else is an InputError naming the text.
inline LedgerStatus parse_ledger_status(std::string_view text) {
    return detail::parse_named(ledger_status_names, text, "status");
}
inline std::string_view to_string(LedgerStatus s) noexcept { return detail::name_of(ledger_status_names, s); }

/// The meaning of an ARUDD return code (`0`–`9`, `A`, `B`), or empty for an unknown code.
std::string_view arudd_meaning(std::string_view code) noexcept;
/// The ARUDD reason code (`0`–`9`, `A`, `B`) that a returned debit's `returnDescription`
/// names, by recovery-rules §14's table (`REFER TO PAYER` 0, ..., `ACCOUNT CLOSED` B),
/// compared trimmed, ignoring letter case, a run of spaces (or tabs, line breaks) as one;
/// empty when the table has no such description. The reports Bacs sends carry a four-digit
/// `returnCode` (`1012`, `0128`) that only its description explains.
std::string_view arudd_code_of_description(std::string_view description) noexcept;
/// Codes 1, 2, 3, 5, 6 and B: the instruction is dead and nothing more can be collected on
/// it (§5: status `cancelled`).
bool arudd_cancels(std::string_view code) noexcept;
/// Code 4, advance notice disputed: nothing more may be collected until the dispute is
/// settled (§5: status `review`).
bool arudd_disputes(std::string_view code) noexcept;

struct LedgerEntry {
    Date due_date;
    Money amount;
    LedgerStatus status = LedgerStatus::collected;
    std::string reason;  ///< the ARUDD code of an unpaid row
};

/// Money received by other means (card, cash, bank transfer).
struct Payment {
    Date date;
    Money amount;
};

struct Account {
    std::string id;
    Plan plan;
    std::vector<LedgerEntry> ledger;  ///< ledger mode only, in file order
    std::vector<Payment> payments;
    std::vector<MandateEntry> mandates = {};  ///< what the payer's bank did to the instruction, in file order
    /// §16: the options of this account when its row decides some (the run's options with the
    /// row's decisions applied: account_options() in option_table.hpp); none: the run's. The
    /// notice date and period and the outage are the run's whatever this holds.
    std::optional<Options> options = std::nullopt;
    /// §5 "Nothing lost": the ledger, payments or mandates rows of this account that were
    /// reported as malformed (their account_id readable), each named by role, line and
    /// problem ("payments line 9, column 2 (date): invalid date '16/12/2025' ..."), in file
    /// order. Any puts the account in `review`: its figures are only those of the rows read.
    std::vector<std::string> reported = {};
};

// ---------------------------------------------------------------------------------------
// Implementation

inline std::string_view arudd_meaning(std::string_view code) noexcept {
    if (code.size() != 1) return {};
    switch (code[0]) {
    case '0':
        return "refer to payer";
    case '1':
        return "instruction cancelled";
    case '2':
        return "payer deceased";
    case '3':
        return "account transferred";
    case '4':
        return "advance notice disputed";
    case '5':
        return "no account";
    case '6':
        return "no instruction";
    case '7':
        return "amount differs from notice";
    case '8':
        return "amount not yet due";
    case '9':
        return "presentation overdue";
    case 'A':
    case 'a':
        return "service user differs";
    case 'B':
    case 'b':
        return "account closed";
    default:
        return {};
    }
}
inline std::string_view arudd_code_of_description(std::string_view description) noexcept {
    struct Entry {
        std::string_view description, code;
    };
    static constexpr std::array<Entry, 13> table{{{"REFER TO PAYER", "0"},
                                                  {"INSTRUCTION CANCELLED", "1"},
                                                  {"PAYER DECEASED", "2"},
                                                  {"ACCOUNT TRANSFERRED", "3"},
                                                  {"ADVANCE NOTICE DISPUTED", "4"},
                                                  {"NO ACCOUNT", "5"},
                                                  {"NO INSTRUCTION", "6"},
                                                  {"AMOUNT DIFFERS", "7"},
                                                  {"AMOUNT NOT YET DUE", "8"},
                                                  {"PRESENTATION OVERDUE", "9"},
                                                  {"SERVICE USER DIFFERS", "A"},
                                                  {"ORIGINATOR DIFFERS", "A"},
                                                  {"ACCOUNT CLOSED", "B"}}};
    char folded[32];  // longer than every description in the table
    std::size_t n = 0;
    bool space = false;
    for (const char c : description) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = n > 0;
            continue;
        }
        if (n + (space ? 2 : 1) > sizeof folded) return {};
        if (space) folded[n++] = ' ';
        space = false;
        folded[n++] = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    }
    const std::string_view key(folded, n);
    for (const Entry& e : table)
        if (e.description == key) return e.code;
    return {};
}
inline bool arudd_cancels(std::string_view code) noexcept {
    if (code.size() != 1) return false;
    switch (code[0]) {
    case '1':
    case '2':
    case '3':
    case '5':
    case '6':
    case 'B':
    case 'b':
        return true;
    default:
        return false;
    }
}
inline bool arudd_disputes(std::string_view code) noexcept { return code == "4"; }

}  // namespace arrears
