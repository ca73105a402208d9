// What each kind of file attached to the accounts holds (recovery-rules §5, §12), one struct
// a kind: its columns (account_id first, then the other required ones, then the optional
// ones), how a row's cells are read into a 16-byte HeldRow, and where a held row goes in its
// account. Attachments reads, holds, attaches and reports every kind alike; a new kind (the
// mandate events of issue 27) is a struct here, its value of Attachments::Kind (the
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

/// Every kind, in the order of Attachments::Kind.
using AttachedKinds = std::tuple<LedgerRows, PaymentRows>;
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
