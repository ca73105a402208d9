// Option values of the `arrears` command line: each is parsed by the library's own parser,
// and its InputError becomes a UsageError that names the option and the value (exit 2).
// The options of the library's option table (option_table.hpp) are added and parsed here,
// by looping over it. Also the exit statuses, and reading an input file named by an option.
#pragma once

#include <arrears.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/holiday_file.hpp>

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <array>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::cli {

inline constexpr int exit_ok = 0;        // every row processed
inline constexpr int exit_reported = 1;  // finished, but some rows were rejected or reported
inline constexpr int exit_usage = 2;     // usage error or unreadable file: nothing written
/// Publishing failed half-way and an output could not be put back (publish_outputs): some
/// outputs are new, the others as they were; the message names each. Not in the rules'
/// list (§12), which has no status for it: it should never be seen.
inline constexpr int exit_partly_written = 3;

/// A bad option value, a bad combination of options or an unreadable input: exit 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Some outputs replaced, others not, and the replaced ones could not be put back: exit 3.
class PartlyWritten : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Runs a library parser on an option's value; its InputError becomes a UsageError that
/// names the option and the value, e.g. "--cap '0': cap 0.00 is below 0.01".
template <class F>
auto option_value(std::string_view option, const std::string& value, F&& parse) -> decltype(parse(value)) {
    try {
        return parse(value);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("{} '{}': {}", option, value, e.what()));
    }
}

/// A `YYYY-MM-DD` date (its years are Options::validate's to check).
Date option_date(std::string_view option, const std::string& value);

/// A whole number in [lo, hi].
int option_int(std::string_view option, const std::string& value, int lo, int hi);

/// The command line's own limit on --notice-days and --postal-days (the library has none).
inline constexpr int max_days = 365;
/// A day count: a whole number up to max_days. Below 0 is refused by Options::validate,
/// whose OptionError option_errors.cpp words as this does (days_expected).
int option_days(std::string_view option, const std::string& value);
/// "--postal-days '-1': expected a whole number from 0 to 365".
std::string days_expected(std::string_view option, const std::string& value);

/// A bad end of `FROM..TO` as a UsageError quoting that end alone: "--outage '2025-13-01':
/// invalid date '2025-13-01': no such date" (a text without `..` is left to the parser).
void check_date_range(std::string_view option, const std::string& value);

/// The options of option_table as typed: each value's text (its default until given) and
/// whether each flag was given.
class TypedOptions {
public:
    TypedOptions();

    /// Adds the table's options of `group` to `command`, in the table's order, with its help.
    void add(CLI::App& command, OptionGroup group);
    /// Sets the options of `group` in `o`, in the table's order: a bad value is a UsageError
    /// naming the option and the value as typed (exit 2). Not validated.
    void parse(OptionGroup group, Options& o) const;

    /// The value of option_table[i] as typed, or its default (empty: none) if not given.
    [[nodiscard]] const std::string& text(std::size_t i) const noexcept { return text_[i]; }
    /// Whether the flag option_table[i] was given.
    [[nodiscard]] bool flag_given(std::size_t i) const noexcept { return flag_[i]; }

private:
    std::array<std::string, option_table.size()> text_;
    std::array<bool, option_table.size()> flag_{};  // (not a vector<bool>: CLI11 binds each as a bool&)
};

/// The dates of --closures, in the years the calendars cover (empty items are ignored).
std::vector<Date> option_closures(const std::vector<std::string>& values);

class InputHashes;

/// The GOV.UK holiday file of --holidays; an empty path gives no official holidays. Its
/// bytes are hashed into `hashes`, when given (the manifest); a file of more than
/// io::max_holiday_file_bytes is refused before it is read.
io::OfficialHolidays option_holidays(const std::string& path, InputHashes* hashes = nullptr);

/// Writes §2's warnings for a GOV.UK list that differs from the rules in `divisions` to
/// standard error, one line each (the run goes on with the list; exit status unchanged).
void warn_stale_list(const io::OfficialHolidays& official, std::span<const Region> divisions, const std::string& path);

/// The CSV file an option names, read whole.
io::TextTable read_table(std::string_view option, const std::string& path);

}  // namespace arrears::cli
