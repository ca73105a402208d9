// Option values of the `arrears` command line: dates, whole numbers, the outage window,
// closures and the files an option names, each failure a UsageError naming the option.
#include "options.hpp"

#include "manifest.hpp"

#include <cstdio>

#include <charconv>
#include <system_error>

namespace arrears::cli {

Date option_date(std::string_view option, const std::string& value) {
    return option_value(option, value, [](const std::string& s) { return parse_date(s); });
}

namespace {
bool whole_number(const std::string& value, int& v) {
    const char* end = value.data() + value.size();
    auto [p, ec] = std::from_chars(value.data(), end, v);
    return !value.empty() && ec == std::errc() && p == end;
}

std::string whole_number_expected(std::string_view option, const std::string& value, int lo, int hi) {
    return fmt::format("{} '{}': expected a whole number from {} to {}", option, value, lo, hi);
}
}  // namespace

int option_int(std::string_view option, const std::string& value, int lo, int hi) {
    int v = 0;
    if (!whole_number(value, v) || v < lo || v > hi) throw UsageError(whole_number_expected(option, value, lo, hi));
    return v;
}

std::string days_expected(std::string_view option, const std::string& value) {
    return whole_number_expected(option, value, 0, max_days);
}

int option_days(std::string_view option, const std::string& value) {
    int v = 0;
    if (!whole_number(value, v) || v > max_days) throw UsageError(days_expected(option, value));
    return v;
}

Outage option_outage(const std::string& value) {
    const auto dots = value.find("..");
    if (dots == std::string::npos)
        throw UsageError(fmt::format("--outage '{}': expected FROM..TO, e.g. 2025-11-24..2026-01-09", value));
    return {option_date("--outage", value.substr(0, dots)), option_date("--outage", value.substr(dots + 2))};
}

std::vector<Date> option_closures(const std::vector<std::string>& values) {
    std::vector<Date> out;
    for (const std::string& v : values)
        if (!v.empty())
            out.push_back(option_value("--closures", v, [](const std::string& s) {
                const Date d = parse_date(s);
                require_calendar_year(d, "the date");
                return d;
            }));
    return out;
}

io::OfficialHolidays option_holidays(const std::string& path, InputHashes* hashes) {
    if (path.empty()) return {};
    try {
        if (!hashes) return io::load_govuk_holidays(path);
        const std::string text = read_input_file("--holidays", path, io::max_holiday_file_bytes,
                                                 "a GOV.UK holiday file", *hashes);
        return io::parse_govuk_holidays(text, path);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--holidays: {}", e.what()));
    }
}

void warn_stale_list(const io::OfficialHolidays& official, std::span<const Region> divisions, const std::string& path) {
    for (const std::string& line : io::stale_list_warnings(official, divisions, path))
        std::fprintf(stderr, "warning: %s\n", line.c_str());
}

io::TextTable read_table(std::string_view option, const std::string& path) {
    try {
        return io::read_csv_file(path);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("{}: {}", option, e.what()));
    }
}

}  // namespace arrears::cli
