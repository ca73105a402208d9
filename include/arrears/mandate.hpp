// What the payer's bank did to a Direct Debit Instruction (the mandate), as its ADDACS advices
// and AUDDIS rejections tell the service user (recovery-rules §14 "Mandates"): the events of a
// mandates file, and the ADDACS reason codes that give them.
#pragma once

#include <arrears/date.hpp>
#include <arrears/detail/names.hpp>

#include <array>
#include <string>
#include <string_view>

namespace arrears {

enum class MandateEvent {
    cancelled,    ///< no more collections on it (ADDACS 0, 1, 2, B; an AUDDIS rejection)
    transferred,  ///< moved to another account (ADDACS 3, C): the new details take over
    disputed,     ///< advance notice disputed (ADDACS D): nothing collected until settled
    amended,      ///< amended by the payer's bank (ADDACS E); collections go on
    reinstated,   ///< a cancelled instruction set up again (ADDACS R, or added by the council)
};
inline constexpr std::array<detail::Named<MandateEvent>, 5> mandate_event_names{{
    {MandateEvent::cancelled, "cancelled"}, {MandateEvent::transferred, "transferred"},
    {MandateEvent::disputed, "disputed"}, {MandateEvent::amended, "amended"},
    {MandateEvent::reinstated, "reinstated"}}};
inline std::string_view to_string(MandateEvent e) noexcept { return detail::name_of(mandate_event_names, e); }
/// The event of that exact name; InputError "unknown event 'x' (expected cancelled, ...)".
/// (A mandates file's cells are folded first, §12, by the reader of that file.)
inline MandateEvent parse_mandate_event(std::string_view text) {
    return detail::parse_named(mandate_event_names, text, "event");
}

/// One event of an account's mandate (a row of the mandates file, §14).
struct MandateEntry {
    Date effective_date;
    MandateEvent event = MandateEvent::cancelled;
    std::string reason;              ///< the ADDACS or AUDDIS reason code, as the report gave it
    std::string new_sort_code;       ///< transferred: six digits, or empty (the old one stands)
    std::string new_account_number;  ///< transferred: eight digits, or empty (the old one stands)
};

/// One ADDACS reason code of recovery-rules §14 and what it means (Bacs Service User Guide,
/// "ADDACS reason codes").
struct AddacsReason {
    char code;
    MandateEvent event;
    std::string_view meaning;
};
inline constexpr std::array<AddacsReason, 9> addacs_reasons{{
    {'0', MandateEvent::cancelled, "instruction cancelled, refer to payer"},
    {'1', MandateEvent::cancelled, "instruction cancelled by payer"},
    {'2', MandateEvent::cancelled, "payer deceased"},
    {'3', MandateEvent::transferred, "account transferred to a new bank"},
    {'B', MandateEvent::cancelled, "account closed"},
    {'C', MandateEvent::transferred, "account transferred to another branch"},
    {'D', MandateEvent::disputed, "advance notice disputed"},
    {'E', MandateEvent::amended, "instruction amended"},
    {'R', MandateEvent::reinstated, "instruction reinstated"}}};

/// The ADDACS reason `code` (one character, any letter case), or nullptr when §14 lists no
/// such reason.
inline const AddacsReason* find_addacs_reason(std::string_view code) noexcept {
    if (code.size() != 1) return nullptr;
    const char c = code[0] >= 'a' && code[0] <= 'z' ? static_cast<char>(code[0] - 'a' + 'A') : code[0];
    for (const AddacsReason& r : addacs_reasons)
        if (r.code == c) return &r;
    return nullptr;
}

}  // namespace arrears
