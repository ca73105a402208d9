// Reading the official GOV.UK `bank-holidays.json` (one object per division, each with
// `events` of {title, date, notes, bunting}). Compiled in the arrears::io library so the
// core headers stay free of file I/O and of the JSON parser.
#pragma once

#include <arrears/calendar.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io {

/// The events of each division of a GOV.UK holiday file (a division the file lacks is empty).
struct OfficialHolidays {
    std::vector<Holiday> england_and_wales;
    std::vector<Holiday> scotland;
    std::vector<Holiday> northern_ireland;

    [[nodiscard]] const std::vector<Holiday>& division(Region r) const noexcept {
        switch (r) {
        case Region::scotland:
            return scotland;
        case Region::northern_ireland:
            return northern_ireland;
        case Region::england_and_wales:
            break;
        }
        return england_and_wales;
    }
};

/// Parses the text of a GOV.UK holiday file. `source` names it in errors, which are
/// InputError with the line and column (JSON syntax) or the path of the bad value.
OfficialHolidays parse_govuk_holidays(std::string_view json, std::string_view source);

/// The most bytes a holiday file may hold: GOV.UK's file is about 20 KB for ten years, so
/// 16 MiB holds centuries; a larger file is not one, and is refused before it is read.
inline constexpr std::size_t max_holiday_file_bytes = std::size_t{16} << 20;

/// Reads and parses the file at `path`; an unreadable file, or one of more than
/// max_holiday_file_bytes, is an InputError naming it.
OfficialHolidays load_govuk_holidays(const std::string& path);

/// The warnings of recovery-rules §2 for a list older (or newer) than the rules: for each of
/// `divisions` (duplicates count once) and each year in which `official` has an event of that
/// division, one line per weekday holiday that the rules have and the list lacks, or the list
/// has and the rules lack, naming `source`, the division, the date and the holiday:
/// "govuk.json, scotland: the list lacks 2026-06-15 \"Bank holiday\", a holiday the rules have ..."
std::vector<std::string> stale_list_warnings(const OfficialHolidays& official, std::span<const Region> divisions,
                                             std::string_view source);

/// The two calendars of a run (recovery-rules §2): collection dates are adjusted on the
/// England-and-Wales calendar, because Bacs processes on its working days whatever the
/// payer's region; the notice period's working days are counted on the region's calendar.
/// The official list (its matching division) and the closures apply to both.
struct RunCalendars {
    Calendar collection;
    Calendar notice;
};
inline RunCalendars run_calendars(Region region, const OfficialHolidays& official, std::span<const Date> closures) {
    return {Calendar(Region::england_and_wales, official.england_and_wales, closures),
            Calendar(region, official.division(region), closures)};
}

}  // namespace arrears::io
