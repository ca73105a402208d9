// Reading one field of a text table's row, shared by the account, ledger and payment readers:
// the column's text, a date, a calendar-year date or an amount, each failure a FieldError
// naming the column so the message can name it too. Internal to arrears::io.
#pragma once

#include <arrears/io/export_format.hpp>
#include <arrears/io/table.hpp>
#include <arrears/recovery.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace arrears::io::detail {

// A field's text, empty when the column is absent.
inline std::string_view field(const TextTable& t, std::size_t row, int col) {
    return col < 0 ? std::string_view() : t.at(row, static_cast<std::size_t>(col));
}

struct FieldError {
    int column;
    std::string message;
};

inline int require_column(const TextTable& t, std::string_view source, std::string_view name) {
    int c = t.column(name);
    if (c < 0) throw InputError(std::string(source) + ": missing required column '" + std::string(name) + "'");
    return c;
}

/// The indexes of the columns `names`, in their order; the first missing one is an InputError.
template <std::size_t N>
std::array<int, N> require_columns(const TextTable& t, std::string_view source, const char* const (&names)[N]) {
    std::array<int, N> c{};
    for (std::size_t i = 0; i < N; ++i) c[i] = require_column(t, source, names[i]);
    return c;
}

inline Date date_field(std::string_view text, int col, std::string_view what, DateFormat format) {
    Date d;
    std::string why;
    if (text.empty()) throw FieldError{col, std::string(what) + " is empty"};
    if (!try_parse_date_cell(text, format, d, why))
        throw FieldError{col, "invalid date " + quote_text(text) + ": " + why};
    return d;
}

/// A date that must lie in the calendars' years 1995–2099 (a ledger's or a payment's).
inline Date calendar_date_field(std::string_view text, int col, std::string_view what, DateFormat format) {
    const Date d = date_field(text, col, what, format);
    if (!in_calendar_years(d)) throw FieldError{col, outside_calendar_years(what, arrears::to_string(d))};
    return d;
}

/// An amount's common form: 1 to 12 digits, a point and two digits (at most
/// 999,999,999,999.99, within Money::try_parse's bound), read in one pass into `out` as
/// Money::try_parse reads it; false (and `out` untouched) for any other text, which the
/// caller gives Money::try_parse or Money::parse (for the value or the message).
inline bool plain_money(std::string_view text, Money& out) noexcept {
    const std::size_t n = text.size();
    if (n < 4 || n > 15 || text[n - 3] != '.') return false;
    std::int64_t pence = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i == n - 3) continue;
        const auto d = static_cast<unsigned>(static_cast<unsigned char>(text[i]) - '0');
        if (d > 9) return false;
        pence = pence * 10 + static_cast<std::int64_t>(d);
    }
    out = Money::pence(pence);
    return true;
}

inline Money money_field(std::string_view text, int col) {
    // The common case first (plain_money), then every other form.
    Money m;
    if (plain_money(text, m)) return m;
    const char* why = "";
    if (!Money::try_parse(text, m, why)) throw FieldError{col, "invalid amount " + quote_text(text) + ": " + why};
    return m;
}

template <class F>
auto in_column(int col, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const InputError& e) {
        throw FieldError{col, std::string(e.message())};
    }
}

}  // namespace arrears::io::detail
