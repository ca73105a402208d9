// Sterling held exactly as an integer number of pence (recovery-rules §1).
// Money never meets binary floating point: it is built from whole pence or parsed from
// text, percentages are exact decimals, and every lossy operation names its rounding.
#pragma once

#include <arrears/detail/names.hpp>
#include <arrears/error.hpp>

#include <boost/multiprecision/cpp_int.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace arrears {

class Money {
public:
    /// The largest magnitude accepted from text: £1,000,000,000,000.00.
    static constexpr std::int64_t max_text_pence = 100'000'000'000'000;

    constexpr Money() noexcept = default;
    /// Exactly `pence` pence.
    constexpr explicit Money(std::int64_t pence) noexcept : pence_(pence) {}
    // Money from a double would be a rounding nobody chose.
    template <class F, std::enable_if_t<std::is_floating_point_v<F>, int> = 0>
    explicit Money(F) = delete;

    static constexpr Money pence(std::int64_t p) noexcept { return Money(p); }
    static constexpr Money zero() noexcept { return Money(); }

    /// Parses `12`, `12.5`, `-0.01`, `£1,234.56`; anything else throws InputError naming it.
    static Money parse(std::string_view text);
    /// Like parse, but reports failure through the return value (no exception).
    /// On failure `why` says what is wrong with the text.
    static bool try_parse(std::string_view text, Money& out, const char*& why) noexcept;

    [[nodiscard]] constexpr std::int64_t pence() const noexcept { return pence_; }

    /// `-?digits.dd`, e.g. `1234.56`, `-0.01`, `0.00`.
    [[nodiscard]] std::string to_string() const;
    /// Writes to_string() into buf (at least 24 bytes) and returns the length.
    std::size_t format_to(char* buf) const noexcept;

    friend constexpr bool operator==(Money a, Money b) noexcept { return a.pence_ == b.pence_; }
    friend constexpr bool operator!=(Money a, Money b) noexcept { return a.pence_ != b.pence_; }
    friend constexpr bool operator<(Money a, Money b) noexcept { return a.pence_ < b.pence_; }
    friend constexpr bool operator<=(Money a, Money b) noexcept { return a.pence_ <= b.pence_; }
    friend constexpr bool operator>(Money a, Money b) noexcept { return a.pence_ > b.pence_; }
    friend constexpr bool operator>=(Money a, Money b) noexcept { return a.pence_ >= b.pence_; }

    friend Money operator+(Money a, Money b) { return Money(checked_add(a.pence_, b.pence_)); }
    friend Money operator-(Money a, Money b) { return Money(checked_sub(a.pence_, b.pence_)); }
    friend Money operator-(Money a) { return Money(checked_sub(0, a.pence_)); }
    Money& operator+=(Money b) { return *this = *this + b; }
    Money& operator-=(Money b) { return *this = *this - b; }
    /// Money times a count (instalments, collections): exact or throws on overflow.
    friend Money operator*(Money a, std::int64_t k) {
        std::int64_t r = 0;
        if (__builtin_mul_overflow(a.pence_, k, &r)) throw std::overflow_error("money overflow");
        return Money(r);
    }

private:
    static std::int64_t checked_add(std::int64_t a, std::int64_t b) {
        std::int64_t r = 0;
        if (__builtin_add_overflow(a, b, &r)) throw std::overflow_error("money overflow");
        return r;
    }
    // Not checked_add(a, -b): negating INT64_MIN is itself an overflow.
    static std::int64_t checked_sub(std::int64_t a, std::int64_t b) {
        std::int64_t r = 0;
        if (__builtin_sub_overflow(a, b, &r)) throw std::overflow_error("money overflow");
        return r;
    }
    std::int64_t pence_ = 0;
};

static_assert(!std::is_constructible_v<Money, double>);
static_assert(!std::is_constructible_v<Money, float>);
static_assert(!std::is_convertible_v<std::int64_t, Money>);

/// An exact decimal percentage such as `50%` or `33.3%` (up to six decimal places).
class Percentage {
public:
    /// `units` millionths of one per cent: Percentage(50'000'000) is 50%.
    constexpr explicit Percentage(std::int64_t millionths) noexcept : millionths_(millionths) {}
    /// Parses `50%`, `33.3%` (the `%` is required); throws InputError naming the text.
    static Percentage parse(std::string_view text);
    [[nodiscard]] constexpr std::int64_t millionths() const noexcept { return millionths_; }
    [[nodiscard]] std::string to_string() const;
    /// This percentage of `m`, rounded down (towards minus infinity) to the penny.
    [[nodiscard]] Money of_round_down(Money m) const;

private:
    std::int64_t millionths_;
};

/// Where the pennies that do not divide evenly go when an amount is split (§8).
enum class Remainder {
    first,         ///< each part gets total div n; the first (total mod n) get 1p more
    last,          ///< as first, but the last (total mod n) parts get the extra penny
    whole_pounds,  ///< Council Tax rule: all but the first are total/n to the nearest £ (halves up)
};

inline constexpr std::array<detail::Named<Remainder>, 3> remainder_names{
    {{Remainder::first, "first"}, {Remainder::last, "last"}, {Remainder::whole_pounds, "whole-pounds"}}};
/// `first`, `last` or `whole-pounds`; anything else is an InputError naming the text.
inline Remainder parse_remainder(std::string_view text) {
    return detail::parse_named(remainder_names, text, "remainder rule");
}
inline std::string_view to_string(Remainder r) noexcept { return detail::name_of(remainder_names, r); }

/// Splits a non-negative `total` into `n` > 0 parts by the `remainder` rule (§8).
std::vector<Money> split(Money total, std::int64_t n, Remainder remainder);

/// The largest part split(total, n, remainder) would produce, without building the parts.
Money largest_part(Money total, std::int64_t n, Remainder remainder);

/// The smallest part split(total, n, remainder) would produce (0p parts included).
Money smallest_part(Money total, std::int64_t n, Remainder remainder);

/// The `i`-th (0-based) part of split(total, n, remainder), without building the parts.
Money split_part(Money total, std::int64_t n, Remainder remainder, std::int64_t i);

// ---------------------------------------------------------------------------------------
// Implementation

namespace detail {
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}
/// What is wrong with an amount written in a way §1 does not read but people do, or null:
/// an accounting negative in brackets (`(£119.00)`), a comma as the decimal point
/// (`1.064,34`, `12,5`). Checked first, so the message names the real mistake rather than
/// "no digits" or "more than two decimal places".
constexpr const char* money_mistake(std::string_view s) noexcept {
    const std::size_t n = s.size();
    if (n >= 2 && s.front() == '(' && s.back() == ')')
        return "brackets for a negative amount are not read: write a minus sign, as in -119.00";
    // ",d" or ",dd" at the end (a thousands comma has three digits after it).
    for (std::size_t k = 2; k <= 3 && k <= n; ++k) {
        if (s[n - k] != ',') continue;
        bool digits = n - k > 0 && s[n - k - 1] >= '0' && s[n - k - 1] <= '9';
        for (std::size_t j = n - k + 1; j < n; ++j) digits = digits && s[j] >= '0' && s[j] <= '9';
        if (digits)
            return "a comma as the decimal point is not read: write a point, as in 1064.34 (a comma only groups "
                   "thousands)";
    }
    return nullptr;
}

}  // namespace detail

inline bool Money::try_parse(std::string_view s, Money& out, const char*& why) noexcept {
    std::size_t i = 0;
    const std::size_t n = s.size();
    if (n == 0) {
        why = "empty amount";
        return false;
    }
    if (const char* mistake = detail::money_mistake(s)) {
        why = mistake;
        return false;
    }
    bool negative = false;
    if (s[i] == '-' || s[i] == '+') {
        negative = s[i] == '-';
        ++i;
    }
    // "£" in UTF-8 is C2 A3.
    if (i + 1 < n && static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xA3) i += 2;
    if (i >= n) {
        why = "no digits";
        return false;
    }
    std::int64_t whole = 0;
    std::size_t digits = 0;
    std::size_t group = 0;  // digits since the last comma
    bool grouped = false;
    bool too_big = false;
    for (; i < n; ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (whole > max_text_pence)
                too_big = true;
            else
                whole = whole * 10 + (c - '0');
            ++digits;
            ++group;
        } else if (c == ',') {
            // a thousands separator: 1-3 digits before the first, exactly 3 between later ones
            if (digits == 0 || (grouped ? group != 3 : group > 3)) {
                why = "misplaced thousands separator";
                return false;
            }
            grouped = true;
            group = 0;
        } else {
            break;
        }
    }
    // A space or tab gets its own message (the real reason, not "no digits").
    const bool blank_at = i < n && (s[i] == ' ' || s[i] == '\t');
    if (digits == 0) {
        why = blank_at ? "a space or tab where a digit should be" : "no digits";
        return false;
    }
    if (grouped && group != 3) {
        why = "misplaced thousands separator";
        return false;
    }
    std::int64_t frac = 0;
    if (i < n && s[i] == '.') {
        ++i;
        std::size_t fd = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i) {
            ++fd;
            if (fd <= 2) frac = frac * 10 + (s[i] - '0');
        }
        if (fd == 0) {
            why = "no digits after the decimal point";
            return false;
        }
        if (fd > 2) {
            why = "more than two decimal places";
            return false;
        }
        if (fd == 1) frac *= 10;
    }
    if (i != n) {
        why = s[i] == ' ' || s[i] == '\t' ? "a space or tab inside the amount" : "unexpected character";
        return false;
    }
    if (too_big || whole > max_text_pence / 100) {
        why = "beyond ±1,000,000,000,000.00";
        return false;
    }
    std::int64_t p = whole * 100 + frac;
    if (p > max_text_pence) {
        why = "beyond ±1,000,000,000,000.00";
        return false;
    }
    out = Money(negative ? -p : p);
    return true;
}

inline Money Money::parse(std::string_view text) {
    Money m;
    const char* why = "";
    if (!try_parse(text, m, why)) throw InputError("invalid amount " + quote_text(text) + ": " + why);
    return m;
}

inline std::size_t Money::format_to(char* buf) const noexcept {
    // Two digits at a time from a table of "00".."99", right to left: the schedule writes
    // four amounts a row, millions of rows.
    static constexpr char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    // Work in unsigned so INT64_MIN formats too.
    std::uint64_t v = pence_ < 0 ? 0 - static_cast<std::uint64_t>(pence_) : static_cast<std::uint64_t>(pence_);
    char tmp[24];
    char* const end = tmp + sizeof tmp;
    char* p = end - 2;
    std::memcpy(p, pairs + 2 * (v % 100), 2);  // the pence
    v /= 100;
    *--p = '.';
    while (v >= 100) {
        p -= 2;
        std::memcpy(p, pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        p -= 2;
        std::memcpy(p, pairs + 2 * v, 2);
    } else {
        *--p = static_cast<char>('0' + v);
    }
    std::size_t len = 0;
    if (pence_ < 0) buf[len++] = '-';
    const auto digits = static_cast<std::size_t>(end - p);
    std::memcpy(buf + len, p, digits);
    return len + digits;
}

inline std::string Money::to_string() const {
    char buf[32];
    return std::string(buf, format_to(buf));
}

inline Percentage Percentage::parse(std::string_view text) {
    auto bad = [&](const char* why) { return InputError("invalid percentage " + quote_text(text) + ": " + why); };
    if (text.empty() || text.back() != '%') throw bad("must end with %");
    std::string_view s = text.substr(0, text.size() - 1);
    std::size_t i = 0;
    std::int64_t whole = 0;
    std::size_t digits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
        whole = whole * 10 + (s[i] - '0');
        if (whole > 1'000'000) throw bad("too large");
    }
    std::int64_t frac = 0;
    std::size_t fd = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++fd) {
            if (fd >= 6) throw bad("more than six decimal places");
            frac = frac * 10 + (s[i] - '0');
        }
        if (fd == 0) throw bad("no digits after the decimal point");
    }
    if (digits == 0 || i != s.size()) throw bad("expected digits such as 50% or 33.3%");
    for (std::size_t k = fd; k < 6; ++k) frac *= 10;
    return Percentage(whole * 1'000'000 + frac);
}

inline std::string Percentage::to_string() const {
    std::string s = std::to_string(millionths_ / 1'000'000);
    std::int64_t f = millionths_ % 1'000'000;
    if (f != 0) {
        std::string fs = std::to_string(f);
        fs.insert(0, 6 - fs.size(), '0');
        while (fs.back() == '0') fs.pop_back();
        s += "." + fs;
    }
    return s + "%";
}

inline Money Percentage::of_round_down(Money m) const {
    using boost::multiprecision::int128_t;
    // pence * millionths / (100 * 1e6), floored; the product needs 128 bits.
    int128_t num = int128_t(m.pence()) * millionths_;
    int128_t den = 100'000'000;
    int128_t q = num / den;
    if (num % den != 0 && num < 0) q -= 1;
    return Money(static_cast<std::int64_t>(q));
}

namespace detail {
// The instalment of `whole_pounds` for every part but the first, in pence, and the first.
struct WholePounds {
    std::int64_t other;
    std::int64_t first;
};
inline WholePounds whole_pounds_parts(std::int64_t total, std::int64_t n) {
    using boost::multiprecision::int128_t;
    // nearest whole pound to total/n, halves up: floor((total + 50n) / (100n)) pounds
    int128_t den = int128_t(100) * n;
    auto floor128 = [](int128_t a, int128_t b) {
        int128_t q = a / b;
        if (a % b != 0 && ((a < 0) != (b < 0))) q -= 1;
        return q;
    };
    int128_t other = floor128(int128_t(total) + int128_t(50) * n, den) * 100;
    int128_t first = int128_t(total) - int128_t(n - 1) * other;
    if (first < 0) {  // rounding up made the first part negative: round down instead
        other = floor128(int128_t(total), den) * 100;
        first = int128_t(total) - int128_t(n - 1) * other;
    }
    return {static_cast<std::int64_t>(other), static_cast<std::int64_t>(first)};
}
inline void check_split_args(Money total, std::int64_t n) {
    if (n <= 0) throw InputError("split needs at least one part, got " + std::to_string(n));
    if (total < Money()) throw InputError("split needs a non-negative total, got " + total.to_string());
}
}  // namespace detail

inline Money split_part(Money total, std::int64_t n, Remainder remainder, std::int64_t i) {
    detail::check_split_args(total, n);
    const std::int64_t a = total.pence();
    switch (remainder) {
    case Remainder::first: {
        std::int64_t q = a / n, r = a % n;
        return Money(q + (i < r ? 1 : 0));
    }
    case Remainder::last: {
        std::int64_t q = a / n, r = a % n;
        return Money(q + (i >= n - r ? 1 : 0));
    }
    case Remainder::whole_pounds: {
        auto wp = detail::whole_pounds_parts(a, n);
        return Money(i == 0 ? wp.first : wp.other);
    }
    }
    throw InputError("unknown remainder rule");
}

namespace detail {
/// The smallest and the largest part split(total, n, remainder) would produce.
inline std::pair<Money, Money> part_range(Money total, std::int64_t n, Remainder remainder) {
    check_split_args(total, n);
    const std::int64_t a = total.pence();
    if (remainder == Remainder::whole_pounds) {
        const auto wp = whole_pounds_parts(a, n);
        if (n == 1) return {Money(wp.first), Money(wp.first)};
        return {Money(std::min(wp.first, wp.other)), Money(std::max(wp.first, wp.other))};
    }
    return {Money(a / n), Money(a / n + (a % n != 0 ? 1 : 0))};
}
}  // namespace detail

inline Money largest_part(Money total, std::int64_t n, Remainder remainder) {
    return detail::part_range(total, n, remainder).second;
}

inline Money smallest_part(Money total, std::int64_t n, Remainder remainder) {
    return detail::part_range(total, n, remainder).first;
}

inline std::vector<Money> split(Money total, std::int64_t n, Remainder remainder) {
    detail::check_split_args(total, n);
    std::vector<Money> parts;
    parts.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) parts.push_back(split_part(total, n, remainder, i));
    return parts;
}

}  // namespace arrears
