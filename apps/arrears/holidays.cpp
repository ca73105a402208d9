// `arrears holidays`: the notice calendar of the region (the official file's division when
// given, else the built-in rules), its holidays for each year asked, written to stdout.
#include "holidays.hpp"

#include "options.hpp"

#include <arrears/io/output.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace arrears::cli {
namespace {

constexpr const char* holidays_footer = R"(Example:
  arrears holidays --region scotland --year 2026
prints
  date,name
  2026-01-01,New Year's Day
  2026-01-02,2nd January
  ...
  2026-11-30,St Andrew's Day
  2026-12-25,Christmas Day
  2026-12-28,Boxing Day)";

}  // namespace

CLI::App* add_holidays_command(CLI::App& app, HolidaysArgs& ha) {
    CLI::App* holidays = app.add_subcommand("holidays", "Print a region's bank holidays as date,name CSV");
    holidays->add_option("--region", ha.region, "england-and-wales, scotland or northern-ireland")
        ->type_name("REGION")
        ->capture_default_str();
    holidays
        ->add_option("--holidays", ha.holidays, "GOV.UK bank-holidays.json; replaces the rules for the years it covers")
        ->type_name("FILE");
    holidays->add_option("--year", ha.year, "First calendar year (1995-2099)")->required()->type_name("YEAR");
    holidays->add_option("--to-year", ha.to_year, "Last calendar year (default: --year)")->type_name("YEAR");
    holidays->footer(holidays_footer);
    return holidays;
}

int run_holidays(const HolidaysArgs& a) {
    const Region region = option_value("--region", a.region, [](const std::string& s) { return parse_region(s); });
    const int from = option_int("--year", a.year, first_calendar_year, last_calendar_year);
    const int to =
        a.to_year.empty() ? from : option_int("--to-year", a.to_year, first_calendar_year, last_calendar_year);
    if (to < from) throw UsageError(fmt::format("--to-year '{}' is before --year '{}'", a.to_year, a.year));
    const io::OfficialHolidays official = option_holidays(a.holidays);
    warn_stale_list(official, std::span<const Region>(&region, 1), a.holidays);
    const io::RunCalendars cal = io::run_calendars(region, official, {});
    std::vector<Holiday> all;
    for (int y = from; y <= to; ++y)
        for (Holiday& h : cal.notice.holidays(y)) all.push_back(std::move(h));
    const std::string text = io::holidays_text(all);
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
        throw UsageError(fmt::format("cannot write the holidays: {}", std::strerror(errno)));
    return exit_ok;
}

}  // namespace arrears::cli
