// What each kind of file attached to the accounts holds (recovery-rules §5, §12), one struct
// a kind: its columns (account_id first, then the other required ones, then the optional
// ones), how a row's cells are read into a 16-byte HeldRow, and where a held row goes in its
// account. Attachments reads, holds, attaches and reports every kind alike; a new kind (as the
// mandate events of issue 27 were) is a struct here, its value of Attachments::Kind (the
// struct's place in AttachedKinds) and its field of Account. Internal to arrears::io.
#pragma once

#include <arrears/io/attachments.hpp>
#include <arrears/io/detail/fields.hpp>
#include <arrears/io/detail/held_rows.hpp>
#include <arrears/recovery.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace arrears::io::detail {

/// Held dates count days from the first day of the calendars' years (§4: 1995-2099).
inline Date held_day_zero() noexcept { return Date{date::year(1995) / date::January / 1}; }
inline std::uint16_t held_day(Date d) noexcept { return static_cast<std::uint16_t>((d - held_day_zero()).count()); }
inline Date held_date(std::uint16_t day) noexcept { return held_day_zero() + date::days(day); }

/// A file's columns, in its kind's order (required, then optional): -1 where an optional
/// column is absent.
using AttachedColumns = std::array<int, 8>;

/// Ledger rows: account_id, due_date, amount, status[, reason] (§5). A held row's value is
/// the amount, its code the LedgerStatus, its reason an unpaid row's ARUDD code.
struct LedgerRows {
    static constexpr Attachments::Kind kind = Attachments::Kind::ledger;
    static constexpr std::array<const char*, 4> required{"account_id", "due_date", "amount", "status"};
    static constexpr std::array<const char*, 1> optional{"reason"};

    /// Reads row `r` of `t` into `row` (all but its kind and chain); a bad field is a FieldError.
    static void read(const TextTable& t, std::size_t r, const AttachedColumns& c, DateFormat dates, HeldRow& row) {
        row.day = held_day(calendar_date_field(field(t, r, c[1]), c[1], "due_date", dates));
        const Money amount = money_field(field(t, r, c[2]), c[2]);
        if (amount < Money()) throw FieldError{c[2], "amount '" + std::string(field(t, r, c[2])) + "' is negative"};
        row.value = amount.pence();
        const LedgerStatus status = in_column(c[3], [&] { return parse_ledger_status(field(t, r, c[3])); });
        row.kind_code = static_cast<std::uint8_t>(status);
        if (status == LedgerStatus::unpaid) {
            const std::string_view reason = field(t, r, c[4]);
            if (arudd_meaning(reason).empty())
                throw FieldError{c[4] < 0 ? c[3] : c[4],
                                 "unpaid row needs an ARUDD reason code (0-9, A, B), got " + quote_text(reason)};
            row.reason = reason[0];
        }
    }
    static std::vector<LedgerEntry>& of(Account& a) noexcept { return a.ledger; }
    static void put(const HeldRow& row, LedgerEntry& l) {
        l.due_date = held_date(row.day);
        l.amount = Money(row.value);
        l.status = static_cast<LedgerStatus>(row.code());
        if (row.reason != 0) l.reason.assign(1, row.reason);
    }
};

/// Payments by other means: account_id, date, amount (§5). A held row's value is the amount.
struct PaymentRows {
    static constexpr Attachments::Kind kind = Attachments::Kind::payments;
    static constexpr std::array<const char*, 3> required{"account_id", "date", "amount"};
    static constexpr std::array<const char*, 0> optional{};

    static void read(const TextTable& t, std::size_t r, const AttachedColumns& c, DateFormat dates, HeldRow& row) {
        row.day = held_day(calendar_date_field(field(t, r, c[1]), c[1], "date", dates));
        row.value = money_field(field(t, r, c[2]), c[2]).pence();
    }
    static std::vector<Payment>& of(Account& a) noexcept { return a.payments; }
    static void put(const HeldRow& row, Payment& p) { p = Payment{held_date(row.day), Money(row.value)}; }
};

/// Mandate events: account_id, effective_date, event[, reason, new_sort_code,
/// new_account_number] (recovery-rules §14 "Mandates", as `arrears mandates` writes them). A
/// held row's code is the MandateEvent, its reason the Bacs reason code (one character, or
/// none), its value a transfer's new details: 1 << 62 when a sort code is given, 1 << 61 when
/// an account number is, plus sort code * 10^8 + account number.
struct MandateRows {
    static constexpr Attachments::Kind kind = Attachments::Kind::mandates;
    static constexpr std::array<const char*, 3> required{"account_id", "effective_date", "event"};
    static constexpr std::array<const char*, 3> optional{"reason", "new_sort_code", "new_account_number"};
    static constexpr std::int64_t has_sort_code = std::int64_t{1} << 62, has_account_number = std::int64_t{1} << 61;
    static constexpr std::int64_t account_numbers = 100'000'000;

    static void read(const TextTable& t, std::size_t r, const AttachedColumns& c, DateFormat dates, HeldRow& row) {
        row.day = held_day(calendar_date_field(field(t, r, c[1]), c[1], "effective_date", dates));
        const MandateEvent event = in_column(c[2], [&] { return parse_mandate_event(field(t, r, c[2])); });
        row.kind_code = static_cast<std::uint8_t>(event);
        const std::string_view reason = field(t, r, c[3]);
        if (reason.size() > 1)
            throw FieldError{c[3], "reason '" + std::string(reason) + "' is not a Bacs reason code (one character)"};
        if (reason.size() == 1)  // Bacs codes are upper case: `c` is reason C
            row.reason = reason[0] >= 'a' && reason[0] <= 'z' ? static_cast<char>(reason[0] - 'a' + 'A') : reason[0];
        row.value = 0;
        std::string digits;
        const int detail_columns[] = {c[4], c[5]};
        for (int k = 0; k < 2; ++k) {
            const int col = detail_columns[k];
            const std::string_view text = field(t, r, col);
            if (text.empty()) continue;
            const char* name = k == 0 ? "new_sort_code" : "new_account_number";
            const std::string quoted = std::string(name) + " '" + std::string(text) + "'";
            if (event != MandateEvent::transferred)
                throw FieldError{col, quoted + " on a '" + std::string(to_string(event)) +
                                          "' row: only a transferred row gives new details"};
            if (k == 0 ? !parse_sort_code(text, digits) : !parse_account_number(text, digits))
                throw FieldError{
                    col, quoted + " is not " +
                             (k == 0 ? "a sort code (six digits)" : "an account number (eight digits, or seven)")};
            const std::int64_t n = std::stoll(digits);
            row.value += k == 0 ? has_sort_code + n * account_numbers : has_account_number + n;
        }
    }
    static std::vector<MandateEntry>& of(Account& a) noexcept { return a.mandates; }
    static void put(const HeldRow& row, MandateEntry& m) {
        m.effective_date = held_date(row.day);
        m.event = static_cast<MandateEvent>(row.code());
        m.reason.clear();
        if (row.reason != 0) m.reason.assign(1, row.reason);
        const std::int64_t digits = row.value & (has_account_number - 1);
        m.new_sort_code.clear();
        m.new_account_number.clear();
        if (row.value & has_sort_code) m.new_sort_code = padded(digits / account_numbers, 6);
        if (row.value & has_account_number) m.new_account_number = padded(digits % account_numbers, 8);
    }
    static std::string padded(std::int64_t n, std::size_t width) {
        std::string s = std::to_string(n);
        return std::string(width - std::min(width, s.size()), '0') + s;
    }
};

/// Every kind, in the order of Attachments::Kind.
using AttachedKinds = std::tuple<LedgerRows, PaymentRows, MandateRows>;
inline constexpr std::size_t attached_kinds = std::tuple_size_v<AttachedKinds>;

template <class F, std::size_t... I>
void with_kind(std::size_t kind, F& f, std::index_sequence<I...>) {
    static_assert(((static_cast<std::size_t>(std::tuple_element_t<I, AttachedKinds>::kind) == I) && ...));
    (void)((kind == I && (f(std::tuple_element_t<I, AttachedKinds>{}), true)) || ...);
}
/// Calls f(K{}) with the struct K of `kind`.
template <class F>
void with_kind(Attachments::Kind kind, F&& f) {
    with_kind(static_cast<std::size_t>(kind), f, std::make_index_sequence<attached_kinds>());
}
/// Calls f(K{}) for every kind K.
template <class F>
void for_each_kind(F&& f) {
    std::apply([&](auto... k) { (f(k), ...); }, AttachedKinds{});
}

/// Puts held row `row` into its place in account `a`: at[kind] counts down each kind's places.
template <std::size_t... I>
void put_held(const HeldRow& row, Account& a, std::array<std::size_t, attached_kinds>& at, std::index_sequence<I...>) {
    using std::tuple_element_t;
    (void)((row.kind() == I &&
            (tuple_element_t<I, AttachedKinds>::put(row, tuple_element_t<I, AttachedKinds>::of(a)[--at[I]]), true)) ||
           ...);
}
inline void put_held(const HeldRow& row, Account& a, std::array<std::size_t, attached_kinds>& at) {
    put_held(row, a, at, std::make_index_sequence<attached_kinds>());
}

}  // namespace arrears::io::detail
