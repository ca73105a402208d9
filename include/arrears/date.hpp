// Calendar dates: a day count with no time of day and no time zone (Howard Hinnant's
// date::sys_days), plus strict ISO `YYYY-MM-DD` text in and out without locales.
#pragma once

#include <arrears/error.hpp>

#include <date/date.h>

#include <string>
#include <string_view>

namespace arrears {

using Date = date::sys_days;

/// The years whose bank holidays the rules know; outage, notice, `until` and ledger dates
/// must lie in them (recovery-rules §4).
inline constexpr int first_calendar_year = 1995;
inline constexpr int last_calendar_year = 2099;

inline constexpr Date make_date(int y, unsigned m, unsigned d) {
    return Date(date::year(y) / date::month(m) / date::day(d));
}

/// Parses strict `YYYY-MM-DD`; on failure returns false and sets `why`.
inline bool try_parse_date(std::string_view s, Date& out, const char*& why) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
        why = "expected YYYY-MM-DD";
        return false;
    }
    int v[3] = {0, 0, 0};
    const int start[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int f = 0; f < 3; ++f)
        for (int k = 0; k < len[f]; ++k) {
            char c = s[static_cast<std::size_t>(start[f] + k)];
            if (c < '0' || c > '9') {
                why = "expected YYYY-MM-DD";
                return false;
            }
            v[f] = v[f] * 10 + (c - '0');
        }
    date::year_month_day ymd{date::year(v[0]), date::month(static_cast<unsigned>(v[1])),
                             date::day(static_cast<unsigned>(v[2]))};
    if (!ymd.ok()) {
        why = "no such date";
        return false;
    }
    out = Date(ymd);
    return true;
}

/// Parses strict `YYYY-MM-DD`; throws InputError naming the text otherwise.
inline Date parse_date(std::string_view s) {
    Date d;
    const char* why = "";
    if (!try_parse_date(s, d, why)) throw InputError("invalid date " + quote_text(s) + ": " + why);
    return d;
}

/// Writes `YYYY-MM-DD` (10 bytes) into buf.
inline void format_date_to(Date d, char* buf) noexcept {
    date::year_month_day ymd(d);
    int y = static_cast<int>(ymd.year());
    unsigned m = static_cast<unsigned>(ymd.month()), dd = static_cast<unsigned>(ymd.day());
    if (y < 0 || y > 9999) y = 0;
    buf[0] = static_cast<char>('0' + y / 1000);
    buf[1] = static_cast<char>('0' + y / 100 % 10);
    buf[2] = static_cast<char>('0' + y / 10 % 10);
    buf[3] = static_cast<char>('0' + y % 10);
    buf[4] = '-';
    buf[5] = static_cast<char>('0' + m / 10);
    buf[6] = static_cast<char>('0' + m % 10);
    buf[7] = '-';
    buf[8] = static_cast<char>('0' + dd / 10);
    buf[9] = static_cast<char>('0' + dd % 10);
}

inline std::string to_string(Date d) {
    char buf[10];
    format_date_to(d, buf);
    return std::string(buf, 10);
}

inline int year_of(Date d) { return static_cast<int>(date::year_month_day(d).year()); }

/// Whether `d` lies in the calendar years 1995–2099.
inline bool in_calendar_years(Date d) {
    // (Day counts compared: no conversion to a year.)
    return d >= make_date(first_calendar_year, 1, 1) && d <= make_date(last_calendar_year, 12, 31);
}

/// "`what` `date` is outside the years 1995-2099 that the calendars cover".
inline std::string outside_calendar_years(std::string_view what, std::string_view date) {
    return std::string(what) + " " + std::string(date) + " is outside the years 1995-2099 that the calendars cover";
}

/// Throws InputError unless `d` lies in the calendar years 1995–2099; `what` names the date.
inline void require_calendar_year(Date d, std::string_view what) {
    if (!in_calendar_years(d)) throw InputError(outside_calendar_years(what, to_string(d)));
}

}  // namespace arrears
