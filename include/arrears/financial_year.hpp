// Financial years (recovery-rules §3): a year runs from a start month and day (1 April for
// councils, 6 April for the tax year) to the day before the next start; the year starting
// 1 April 2025 is labelled `2025/26`.
#pragma once

#include <arrears/date.hpp>
#include <arrears/error.hpp>

#include <string>
#include <string_view>

namespace arrears {

/// The month and day on which every financial year starts.
struct YearStart {
    unsigned month = 4;
    unsigned day = 1;

    /// Parses `MM-DD` (e.g. `04-01`, `04-06`); 29 February is refused (no start every year).
    static YearStart parse(std::string_view text) {
        auto bad = [&](const char* why) {
            return InputError("invalid financial-year start " + quote_text(text) + ": " + why);
        };
        if (text.size() != 5 || text[2] != '-') throw bad("expected MM-DD");
        for (std::size_t i : {0u, 1u, 3u, 4u})
            if (text[i] < '0' || text[i] > '9') throw bad("expected MM-DD");
        YearStart s{static_cast<unsigned>((text[0] - '0') * 10 + (text[1] - '0')),
                    static_cast<unsigned>((text[3] - '0') * 10 + (text[4] - '0'))};
        if (!(date::year(2001) / date::month(s.month) / date::day(s.day)).ok()) throw bad("no such day in every year");
        return s;
    }
    friend bool operator==(YearStart, YearStart) = default;
};

struct FinancialYear {
    Date start;  ///< first day
    Date end;    ///< last day (the day before the next year's start)

    /// `2025/26` for the year starting in 2025; a year starting 1 January is just `2025`.
    [[nodiscard]] std::string label() const {
        int y = year_of(start);
        if (year_of(end) == y) return std::to_string(y);
        int next = (y + 1) % 100;
        return std::to_string(y) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
    }
    [[nodiscard]] bool contains(Date d) const { return start <= d && d <= end; }
    [[nodiscard]] FinancialYear next() const;
};

/// The financial year containing `d`.
inline FinancialYear financial_year(Date d, YearStart s = {}) {
    const int y = year_of(d);
    Date this_start = make_date(y, s.month, s.day);
    int start_year = d >= this_start ? y : y - 1;
    Date start = make_date(start_year, s.month, s.day);
    Date next = make_date(start_year + 1, s.month, s.day);
    return {start, next - date::days(1)};
}

inline FinancialYear FinancialYear::next() const {
    date::year_month_day s(start);
    return financial_year(end + date::days(1),
                          YearStart{static_cast<unsigned>(s.month()), static_cast<unsigned>(s.day())});
}

}  // namespace arrears
