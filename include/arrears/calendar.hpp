// UK working-day calendars (recovery-rules §2): the bank holidays of each region from the
// statutory rules and royal proclamations for 1995–2099, optionally replaced by the official
// GOV.UK list, plus a caller's own closure dates. Every working-day question is answered
// from tables built once, so asking it costs an array lookup.
#pragma once

#include <arrears/date.hpp>
#include <arrears/detail/names.hpp>
#include <arrears/error.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears {

/// The bank-holiday regions of the UK. Bacs processes Direct Debits on England-and-Wales
/// working days, which is why that is the default collection calendar.
enum class Region { england_and_wales, scotland, northern_ireland };

/// How a date that is not a working day is moved (QuantLib's vocabulary).
enum class BusinessDayConvention {
    following,           ///< the next working day
    preceding,           ///< the previous working day
    modified_following,  ///< following, unless that leaves the month: then preceding
    none,                ///< left where it is
};

/// A bank holiday as it is observed: a weekday (substitute days, not the weekend dates).
struct Holiday {
    Date date;
    std::string name;
    friend bool operator==(const Holiday&, const Holiday&) = default;
};

inline constexpr std::array<detail::Named<Region>, 3> region_names{{{Region::england_and_wales, "england-and-wales"},
                                                                    {Region::scotland, "scotland"},
                                                                    {Region::northern_ireland, "northern-ireland"}}};
inline constexpr std::array<detail::Named<BusinessDayConvention>, 4> convention_names{
    {{BusinessDayConvention::following, "following"},
     {BusinessDayConvention::preceding, "preceding"},
     {BusinessDayConvention::modified_following, "modified-following"},
     {BusinessDayConvention::none, "none"}}};

Region parse_region(std::string_view text);
std::string_view to_string(Region r) noexcept;
BusinessDayConvention parse_convention(std::string_view text);
std::string_view to_string(BusinessDayConvention c) noexcept;

/// The bank holidays of `region` in calendar `year` by the rules of §2, in date order.
/// Throws InputError for years outside 1994–2100 (the rules' 1995–2099 with the year's
/// margin each side that Calendar's table keeps).
std::vector<Holiday> rule_holidays(Region region, int year);

/// A region's working-day calendar. Immutable once built; cheap to query, safe to share
/// between threads.
class Calendar {
public:
    /// The rules' calendar for `region`. `official` (one division of a GOV.UK file, e.g. from
    /// load_govuk_holidays) replaces the rules for every year from its first event's year to
    /// its last's; `closures` are extra non-working days of the caller's.
    explicit Calendar(Region region = Region::england_and_wales, std::span<const Holiday> official = {},
                      std::span<const Date> closures = {});

    [[nodiscard]] Region region() const noexcept { return region_; }

    /// Monday–Friday, not a bank holiday, not a closure. Throws std::out_of_range outside the
    /// table (1994-01-01..2100-12-31: the calendar years with a year's margin each side).
    [[nodiscard]] bool is_working_day(Date d) const { return t_->flags[index(d)] & working_bit; }
    [[nodiscard]] bool is_holiday(Date d) const { return t_->flags[index(d)] & holiday_bit; }
    /// The holiday's name, or empty if `d` is not a bank holiday.
    [[nodiscard]] std::string holiday_name(Date d) const;
    /// The bank holidays falling in calendar `year`, weekdays only, in date order.
    [[nodiscard]] std::vector<Holiday> holidays(int year) const;
    [[nodiscard]] const std::vector<Date>& closures() const noexcept { return t_->closures; }
    /// The most non-working days in a row (4 at Christmas, more with long closures): no
    /// convention moves a date further than this.
    [[nodiscard]] int longest_closed_run() const noexcept { return t_->longest_closed_run; }

    /// `d` moved to a working day by `convention`.
    [[nodiscard]] Date adjust(Date d, BusinessDayConvention convention) const {
        const std::size_t i = index(d);
        if (t_->flags[i] & working_bit || convention == BusinessDayConvention::none) return d;
        switch (convention) {
        case BusinessDayConvention::following:
            return day_at(next_working(i));
        case BusinessDayConvention::preceding:
            return day_at(previous_working(i));
        case BusinessDayConvention::modified_following: {
            Date f = day_at(next_working(i));
            if (date::year_month_day(f).month() == date::year_month_day(d).month()) return f;
            return day_at(previous_working(i));
        }
        case BusinessDayConvention::none:
            break;
        }
        return d;
    }

    /// The `n`-th working day strictly after `d` (`d` itself never counts); `d` when n == 0.
    [[nodiscard]] Date add_working_days(Date d, int n) const {
        if (n < 0) throw InputError("working days must not be negative, got " + std::to_string(n));
        if (n == 0) return d;
        const std::size_t k = static_cast<std::size_t>(t_->rank[index(d)]) + static_cast<std::size_t>(n) - 1;
        if (k >= t_->nth.size()) throw std::out_of_range("working day beyond the calendar's range");
        return day_at(static_cast<std::size_t>(t_->nth[k]));
    }

    /// Number of working days in [a, b] (0 if b < a).
    [[nodiscard]] int working_days_between(Date a, Date b) const {
        if (b < a) return 0;
        const std::size_t ia = index(a), ib = index(b);
        return t_->rank[ib] - (ia == 0 ? 0 : t_->rank[ia - 1]);
    }

    static constexpr Date table_first = make_date(1994, 1, 1);
    static constexpr Date table_last = make_date(2100, 12, 31);

private:
    static constexpr std::uint8_t working_bit = 1, holiday_bit = 2;

    std::size_t index(Date d) const {
        if (d < table_first || d > table_last)
            throw std::out_of_range("date " + to_string(d) + " is outside the calendar's range 1994-2100");
        return static_cast<std::size_t>((d - table_first).count());
    }
    static Date day_at(std::size_t i) { return table_first + date::days(static_cast<int>(i)); }
    std::size_t next_working(std::size_t i) const {
        const std::size_t k = static_cast<std::size_t>(t_->rank[i]);  // working days at or before i
        if (k >= t_->nth.size()) throw std::out_of_range("no working day after the calendar's range");
        return static_cast<std::size_t>(t_->nth[k]);
    }
    std::size_t previous_working(std::size_t i) const {
        const std::int32_t k = t_->rank[i];
        if (k == 0) throw std::out_of_range("no working day before the calendar's range");
        return static_cast<std::size_t>(t_->nth[static_cast<std::size_t>(k - 1)]);
    }

    // Built once and shared: copying a Calendar (into a Recovery, per thread) costs nothing.
    struct Tables {
        std::vector<std::uint8_t> flags;
        std::vector<std::int32_t> rank;  // working days in [table_first, day]
        std::vector<std::int32_t> nth;   // index of the k-th (0-based) working day
        std::map<Date, std::string> names;
        std::vector<Date> closures;
        std::int32_t longest_closed_run = 0;  // most non-working days in a row
    };
    Region region_;
    std::shared_ptr<const Tables> t_;
};

// ---------------------------------------------------------------------------------------
// Implementation

inline Region parse_region(std::string_view t) { return detail::parse_named(region_names, t, "region"); }
inline std::string_view to_string(Region r) noexcept { return detail::name_of(region_names, r); }
inline BusinessDayConvention parse_convention(std::string_view t) {
    return detail::parse_named(convention_names, t, "convention");
}
inline std::string_view to_string(BusinessDayConvention c) noexcept { return detail::name_of(convention_names, c); }

namespace detail {

inline Date easter_sunday(int y) {
    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
    int g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return make_date(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

inline Date nth_monday(int y, unsigned m, unsigned n) { return Date(date::year(y) / date::month(m) / date::Monday[n]); }
inline Date last_monday(int y, unsigned m) { return Date(date::year(y) / date::month(m) / date::Monday[date::last]); }
inline bool is_weekend(Date d) {
    auto wd = date::weekday(d);
    return wd == date::Saturday || wd == date::Sunday;
}
// A fixed date moved to the Monday after when it falls at a weekend.
inline Date monday_if_weekend(Date d) {
    auto wd = date::weekday(d);
    if (wd == date::Saturday) return d + date::days(2);
    if (wd == date::Sunday) return d + date::days(1);
    return d;
}

}  // namespace detail

inline std::vector<Holiday> rule_holidays(Region region, int y) {
    if (y < first_calendar_year - 1 || y > last_calendar_year + 1)
        throw InputError("no bank-holiday rules for year " + std::to_string(y) + " (the rules cover 1995-2099)");
    using namespace detail;
    std::vector<Holiday> h;
    auto add = [&](Date d, const char* name) { h.push_back({d, name}); };
    const bool scot = region == Region::scotland;
    const bool ni = region == Region::northern_ireland;

    // New Year
    Date jan1 = make_date(y, 1, 1);
    if (!scot) {
        add(monday_if_weekend(jan1), "New Year's Day");
    } else {
        auto wd = date::weekday(jan1);
        if (wd == date::Friday) {
            add(jan1, "New Year's Day");
            add(make_date(y, 1, 4), "2nd January");
        } else if (wd == date::Saturday) {
            add(make_date(y, 1, 3), "New Year's Day");
            add(make_date(y, 1, 4), "2nd January");
        } else if (wd == date::Sunday) {
            add(make_date(y, 1, 2), "2nd January");
            add(make_date(y, 1, 3), "New Year's Day");
        } else {
            add(jan1, "New Year's Day");
            add(make_date(y, 1, 2), "2nd January");
        }
    }
    if (ni) add(monday_if_weekend(make_date(y, 3, 17)), "St Patrick's Day");
    Date easter = easter_sunday(y);
    add(easter - date::days(2), "Good Friday");
    if (!scot) add(easter + date::days(1), "Easter Monday");

    // Early May
    if (y == 1995)
        add(make_date(1995, 5, 8), "Early May bank holiday (VE Day)");
    else if (y == 2020)
        add(make_date(2020, 5, 8), "Early May bank holiday (VE day)");
    else
        add(nth_monday(y, 5, 1), "Early May bank holiday");
    if (y == 2023) add(make_date(2023, 5, 8), "Bank holiday for the coronation of King Charles III");

    // Spring
    if (y == 2002) {
        add(make_date(2002, 6, 3), "Golden Jubilee bank holiday");
        add(make_date(2002, 6, 4), "Spring bank holiday");
    } else if (y == 2012) {
        add(make_date(2012, 6, 4), "Spring bank holiday");
        add(make_date(2012, 6, 5), "Queen's Diamond Jubilee");
    } else if (y == 2022) {
        add(make_date(2022, 6, 2), "Spring bank holiday");
        add(make_date(2022, 6, 3), "Platinum Jubilee bank holiday");
    } else {
        add(last_monday(y, 5), "Spring bank holiday");
    }
    if (y == 2011) add(make_date(2011, 4, 29), "Royal wedding");
    if (y == 2026 && scot) add(make_date(2026, 6, 15), "Bank holiday");

    if (ni) add(monday_if_weekend(make_date(y, 7, 12)), "Battle of the Boyne (Orangemen's Day)");
    if (scot)
        add(nth_monday(y, 8, 1), "Summer bank holiday");
    else
        add(last_monday(y, 8), "Summer bank holiday");
    if (y == 2022) add(make_date(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II");
    if (scot && y >= 2007) add(monday_if_weekend(make_date(y, 11, 30)), "St Andrew's Day");

    // Christmas and Boxing Day with substitutes
    Date xmas = make_date(y, 12, 25);
    auto wd = date::weekday(xmas);
    if (wd == date::Saturday) {
        add(make_date(y, 12, 27), "Christmas Day");
        add(make_date(y, 12, 28), "Boxing Day");
    } else if (wd == date::Sunday) {
        add(make_date(y, 12, 26), "Boxing Day");
        add(make_date(y, 12, 27), "Christmas Day");
    } else if (wd == date::Friday) {
        add(xmas, "Christmas Day");
        add(make_date(y, 12, 28), "Boxing Day");
    } else {
        add(xmas, "Christmas Day");
        add(make_date(y, 12, 26), "Boxing Day");
    }
    if (y == 1999) add(make_date(1999, 12, 31), "Millennium Celebrations");

    std::stable_sort(h.begin(), h.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
    return h;
}

inline Calendar::Calendar(Region region, std::span<const Holiday> official, std::span<const Date> closures)
    : region_(region) {
    auto tables = std::make_shared<Tables>();
    auto& flags_ = tables->flags;
    auto& rank_ = tables->rank;
    auto& nth_ = tables->nth;
    auto& names_ = tables->names;
    auto& closures_ = tables->closures;
    closures_.assign(closures.begin(), closures.end());
    std::sort(closures_.begin(), closures_.end());
    closures_.erase(std::unique(closures_.begin(), closures_.end()), closures_.end());

    const std::size_t days = static_cast<std::size_t>((table_last - table_first).count()) + 1;
    flags_.assign(days, 0);
    rank_.assign(days, 0);

    int off_first = 1, off_last = 0;  // years the official list covers
    if (!official.empty()) {
        auto [lo, hi] = std::minmax_element(official.begin(), official.end(),
                                            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
        off_first = year_of(lo->date);
        off_last = year_of(hi->date);
        for (const Holiday& hol : official) {
            require_calendar_year(hol.date, "official holiday");
            if (!detail::is_weekend(hol.date)) names_.emplace(hol.date, hol.name);
        }
    }
    const int y0 = year_of(table_first), y1 = year_of(table_last);
    for (int y = y0; y <= y1; ++y) {
        if (y >= off_first && y <= off_last) continue;
        for (Holiday& hol : rule_holidays(region, y)) names_.emplace(hol.date, std::move(hol.name));
    }
    for (std::size_t i = 0; i < days; ++i) flags_[i] = detail::is_weekend(day_at(i)) ? 0 : working_bit;
    for (const auto& [d, name] : names_) {
        flags_[index(d)] |= holiday_bit;
        flags_[index(d)] &= static_cast<std::uint8_t>(~working_bit);
    }
    for (Date d : closures_) {
        require_calendar_year(d, "closure date");
        flags_[index(d)] &= static_cast<std::uint8_t>(~working_bit);
    }
    std::int32_t count = 0, closed = 0;
    nth_.reserve(days * 5 / 7 + 8);
    for (std::size_t i = 0; i < days; ++i) {
        if (flags_[i] & working_bit) {
            nth_.push_back(static_cast<std::int32_t>(i));
            ++count;
            closed = 0;
        } else {
            tables->longest_closed_run = std::max(tables->longest_closed_run, ++closed);
        }
        rank_[i] = count;
    }
    t_ = std::move(tables);
}

inline std::string Calendar::holiday_name(Date d) const {
    (void)index(d);  // a date outside the table is an error, as for every other question
    auto it = t_->names.find(d);
    return it == t_->names.end() ? std::string() : it->second;
}

inline std::vector<Holiday> Calendar::holidays(int year) const {
    if (year < first_calendar_year || year > last_calendar_year)
        throw InputError("year " + std::to_string(year) + " is outside 1995-2099");
    std::vector<Holiday> out;
    auto lo = t_->names.lower_bound(make_date(year, 1, 1));
    auto hi = t_->names.upper_bound(make_date(year, 12, 31));
    for (auto it = lo; it != hi; ++it) out.push_back({it->first, it->second});
    return out;
}

}  // namespace arrears
