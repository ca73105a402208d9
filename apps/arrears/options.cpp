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

void check_date_range(std::string_view option, const std::string& value) {
    const auto dots = value.find("..");
    if (dots == std::string::npos) return;  // the library's parser words that
    option_date(option, value.substr(0, dots));
    option_date(option, value.substr(dots + 2));
}

TypedOptions::TypedOptions() {
    for (std::size_t i = 0; i < option_table.size(); ++i) text_[i] = std::string(option_table[i].default_text);
}

void TypedOptions::add(CLI::App& command, OptionGroup group) {
    std::array<CLI::Option*, option_table.size()> flags{};
    for (std::size_t i = 0; i < option_table.size(); ++i) {
        const OptionSpec& s = option_table[i];
        if (s.group != group || s.cli.empty()) continue;
        const std::string name(s.cli), help(s.help);
        if (s.kind != OptionKind::value) {
            flags[i] = command.add_flag(name, flag_[i], help);
            // Two flags that set one field (--no-double-payment, --allow-double-payment)
            // say opposite things: one or the other.
            for (std::size_t j = 0; j < i; ++j)
                if (flags[j] && option_table[j].field && option_table[j].field == s.field) flags[i]->excludes(flags[j]);
            continue;
        }
        CLI::Option* o = command.add_option(name, text_[i], help)->type_name(std::string(s.type_name));
        if (s.required) o->required();
        if (!s.default_text.empty()) o->capture_default_str();
    }
}

void TypedOptions::parse(OptionGroup group, Options& o) const {
    for (std::size_t i = 0; i < option_table.size(); ++i) {
        const OptionSpec& s = option_table[i];
        if (s.group != group || s.cli.empty()) continue;
        if (s.kind != OptionKind::value) {
            // A flag given sets its field; not given, the field keeps its default.
            if (flag_[i]) s.parse(o, s.kind == OptionKind::flag ? "yes" : "no");
            continue;
        }
        // Not given (or given empty) and with no default: the field stays unset.
        if (text_[i].empty() && s.default_text.empty() && !s.required) continue;
        // The command line's own wording, checked before the library's parser: its limit on
        // day counts, and each end of a range quoted alone.
        if (s.form == OptionForm::count) option_days(s.cli, text_[i]);
        if (s.form == OptionForm::date_range) check_date_range(s.cli, text_[i]);
        option_value(s.cli, text_[i], [&](const std::string& v) {
            s.parse(o, v);
            return 0;
        });
    }
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
        const std::string text =
            read_input_file("--holidays", path, io::max_holiday_file_bytes, "a GOV.UK holiday file", *hashes);
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
