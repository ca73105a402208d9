// Option values of the `arrears` command line: dates, whole numbers, the outage window,
// closures and the files an option names, each failure a UsageError naming the option.
#include "options.hpp"

#include <cstdio>

#include <charconv>
#include <system_error>

namespace arrears::cli {

Date option_date(std::string_view option, const std::string& value) {
    const Date d = option_value(option, value, [](const std::string& s) { return parse_date(s); });
    option_value(option, value, [&](const std::string&) {
        require_calendar_year(d, "the date");
        return 0;
    });
    return d;
}

int option_int(std::string_view option, const std::string& value, int lo, int hi) {
    int v = 0;
    const char* end = value.data() + value.size();
    auto [p, ec] = std::from_chars(value.data(), end, v);
    if (value.empty() || ec != std::errc() || p != end || v < lo || v > hi)
        throw UsageError(fmt::format("{} '{}': expected a whole number from {} to {}", option, value, lo, hi));
    return v;
}

Outage option_outage(const std::string& value) {
    const auto dots = value.find("..");
    if (dots == std::string::npos)
        throw UsageError(fmt::format("--outage '{}': expected FROM..TO, e.g. 2025-11-24..2026-01-09", value));
    Outage o;
    o.from = option_date("--outage", value.substr(0, dots));
    o.to = option_date("--outage", value.substr(dots + 2));
    if (o.to < o.from)
        throw UsageError(fmt::format("--outage '{}': the end {} is before the start {}", value, to_string(o.to),
                                     to_string(o.from)));
    return o;
}

std::vector<Date> option_closures(const std::vector<std::string>& values) {
    std::vector<Date> out;
    for (const std::string& v : values)
        if (!v.empty()) out.push_back(option_date("--closures", v));
    return out;
}

io::OfficialHolidays option_holidays(const std::string& path) {
    if (path.empty()) return {};
    try {
        return io::load_govuk_holidays(path);
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
