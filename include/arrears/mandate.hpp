// What the payer's bank did to a Direct Debit Instruction (the mandate), as its ADDACS advices
// and AUDDIS rejections tell the service user (recovery-rules §14 "Mandates"): the events of a
// mandates file, and the ADDACS reason codes that give them.
#pragma once

#include <arrears/date.hpp>
#include <arrears/detail/names.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace arrears {

enum class MandateEvent {
    cancelled,    ///< no more collections on it (ADDACS 0, 1, 2, B; an AUDDIS rejection)
    transferred,  ///< moved to another account (ADDACS 3, C): the new details take over
    disputed,     ///< advance notice disputed (ADDACS D): nothing collected until settled
    amended,      ///< amended by the payer's bank (ADDACS E); collections go on
    reinstated,   ///< a cancelled instruction set up again (ADDACS R, or added by the council)
};
inline constexpr std::array<detail::Named<MandateEvent>, 5> mandate_event_names{
    {{MandateEvent::cancelled, "cancelled"},
     {MandateEvent::transferred, "transferred"},
     {MandateEvent::disputed, "disputed"},
     {MandateEvent::amended, "amended"},
     {MandateEvent::reinstated, "reinstated"}}};
inline std::string_view to_string(MandateEvent e) noexcept { return detail::name_of(mandate_event_names, e); }
/// The event `text` names, read as recovery-rules §12 reads named values: ignoring letter
/// case, spaces, hyphens and underscores (`Cancelled`, `RE-INSTATED`); InputError "unknown
/// event 'x' (expected cancelled, transferred, disputed, amended or reinstated)" otherwise.
inline MandateEvent parse_mandate_event(std::string_view text) {
    std::string folded;
    for (const char c : text)
        if (c != ' ' && c != '-' && c != '_' && c != '\t')
            folded += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    for (const detail::Named<MandateEvent>& n : mandate_event_names)
        if (n.name == folded) return n.value;
    return detail::parse_named(mandate_event_names, text, "event");  // its message
}

/// One event of an account's mandate (a row of the mandates file, §14).
struct MandateEntry {
    Date effective_date;
    MandateEvent event = MandateEvent::cancelled;
    std::string reason;              ///< the ADDACS or AUDDIS reason code, as the report gave it
    std::string new_sort_code;       ///< transferred: six digits, or empty (the old one stands)
    std::string new_account_number;  ///< transferred: eight digits, or empty (the old one stands)
};

/// `text` as `digits` digits, `-` and spaces between them dropped (`20-00-00`), seven digits
/// left-padded with `0` when `pad7` (an account number, as recovery-rules §14 reads the
/// accounts' own): into `out`, or false (and `out` empty) when it is not that.
inline bool parse_bank_digits(std::string_view text, std::size_t digits, bool pad7, std::string& out) {
    out.clear();
    for (const char c : text)
        if (c != '-' && c != ' ' && c != '\t') out += c;
    if (pad7 && out.size() == 7) out.insert(out.begin(), '0');
    bool ok = out.size() == digits;
    for (const char c : out) ok = ok && c >= '0' && c <= '9';
    if (!ok) out.clear();
    return ok;
}
/// A sort code: six digits (`20-00-00` reads as 200000).
inline bool parse_sort_code(std::string_view text, std::string& out) { return parse_bank_digits(text, 6, false, out); }
/// An account number: eight digits, or seven (left-padded with `0`).
inline bool parse_account_number(std::string_view text, std::string& out) {
    return parse_bank_digits(text, 8, true, out);
}

/// One ADDACS reason code of recovery-rules §14 and what it means (Bacs Service User Guide,
/// "ADDACS reason codes").
struct AddacsReason {
    char code;
    MandateEvent event;
    std::string_view meaning;
};
inline constexpr std::array<AddacsReason, 9> addacs_reasons{
    {{'0', MandateEvent::cancelled, "instruction cancelled, refer to payer"},
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

/// A payer's new bank details, compact (AccountResult keeps them for every account): six and
/// eight digits, or all '\0' where none was given (the accounts file's stand).
struct BankDetails {
    std::array<char, 6> sort_code{};
    std::array<char, 8> account_number{};

    [[nodiscard]] std::string_view sort_code_text() const noexcept {
        return sort_code[0] ? std::string_view(sort_code.data(), sort_code.size()) : std::string_view();
    }
    [[nodiscard]] std::string_view account_number_text() const noexcept {
        return account_number[0] ? std::string_view(account_number.data(), account_number.size()) : std::string_view();
    }
    [[nodiscard]] bool empty() const noexcept { return !sort_code[0] && !account_number[0]; }
    friend bool operator==(const BankDetails&, const BankDetails&) = default;
};

/// What an account's mandate events come to (recovery-rules §14 `recover --mandates`, §5):
/// taken in effective-date order, whatever the dates (file order for equal dates), the last
/// `cancelled`, `disputed` or `reinstated` decides; each new detail is the latest transfer's
/// that gives one.
struct MandateState {
    /// The event that decides: the last cancelled, disputed or reinstated; nullptr when none
    /// (the mandate stands). Points into the events given, which must outlive the state.
    const MandateEntry* decisive = nullptr;
    /// The sort code and account number the bank files use from now on, each the latest
    /// transfer's that gives one; empty where none did (the accounts file's stand).
    BankDetails bank;

    /// `cancelled` decides: status `cancelled` (§5).
    [[nodiscard]] bool cancelled() const noexcept { return decisive && decisive->event == MandateEvent::cancelled; }
    /// `disputed` decides: status `review` (§5).
    [[nodiscard]] bool disputed() const noexcept { return decisive && decisive->event == MandateEvent::disputed; }
};

/// The state of the mandate whose events are `events` (in file order).
inline MandateState mandate_state(const std::vector<MandateEntry>& events) {
    std::vector<const MandateEntry*> order;
    order.reserve(events.size());
    for (const MandateEntry& e : events) order.push_back(&e);
    std::stable_sort(order.begin(), order.end(), [](const MandateEntry* a, const MandateEntry* b) {
        return a->effective_date < b->effective_date;
    });
    MandateState state;
    for (const MandateEntry* e : order) {
        switch (e->event) {
        case MandateEvent::cancelled:
        case MandateEvent::disputed:
        case MandateEvent::reinstated:
            state.decisive = e;
            break;
        case MandateEvent::transferred:
            // (the readers of mandates give six and eight digits, or nothing)
            if (e->new_sort_code.size() == 6)
                std::copy(e->new_sort_code.begin(), e->new_sort_code.end(), state.bank.sort_code.begin());
            if (e->new_account_number.size() == 8)
                std::copy(e->new_account_number.begin(), e->new_account_number.end(),
                          state.bank.account_number.begin());
            break;
        case MandateEvent::amended:
            break;
        }
    }
    if (state.decisive && state.decisive->event == MandateEvent::reinstated) state.decisive = nullptr;
    return state;
}

/// "mandate cancelled on 2026-01-20 (reason 1: instruction cancelled by payer)": the event,
/// its date and its reason (with the ADDACS meaning when the code has one), for the message of
/// an account the event decides.
inline std::string mandate_event_text(const MandateEntry& e) {
    std::string out = "mandate " + std::string(to_string(e.event)) + " on " + to_string(e.effective_date);
    if (!e.reason.empty()) {
        out += " (reason " + e.reason;
        if (const AddacsReason* r = find_addacs_reason(e.reason)) out += ": " + std::string(r->meaning);
        out += ")";
    }
    return out;
}

}  // namespace arrears
