// Helpers shared by the calendar tests (calendar_test.cpp, holiday_file_test.cpp): the three
// rule calendars, a holiday list as text, and a published list written compactly.
#pragma once

#include <arrears/calendar.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace arrears::test {

using Strings = std::vector<std::string>;

inline Date d(int y, unsigned m, unsigned dd) { return make_date(y, m, dd); }

/// The holidays' dates as `YYYY-MM-DD`.
inline Strings dates_of(const std::vector<Holiday>& hs) {
    Strings out;
    for (const Holiday& h : hs) out.push_back(to_string(h.date));
    return out;
}

/// A year's list as GOV.UK publishes it, written as "01-01 04-18 ..." (month-day, in order).
inline Strings in_year(int year, const std::string& month_days) {
    Strings out;
    std::istringstream in(month_days);
    for (std::string md; in >> md;) out.push_back(std::to_string(year) + "-" + md);
    return out;
}

inline const Calendar& ew() {
    static const Calendar c(Region::england_and_wales);
    return c;
}
inline const Calendar& scot() {
    static const Calendar c(Region::scotland);
    return c;
}
inline const Calendar& ni() {
    static const Calendar c(Region::northern_ireland);
    return c;
}

}  // namespace arrears::test
