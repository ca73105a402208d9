// `arrears holidays`: prints a region's bank holidays for a range of years as date,name
// CSV, from the built-in rules or a GOV.UK holiday file.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace arrears::cli {

/// The options of `arrears holidays` as typed.
struct HolidaysArgs {
    std::string region = "england-and-wales", holidays, year, to_year;
};

/// Adds the subcommand `holidays` to `app`, its options written to `args`.
CLI::App* add_holidays_command(CLI::App& app, HolidaysArgs& args);

/// Runs it: exit_ok; a UsageError otherwise.
int run_holidays(const HolidaysArgs& a);

}  // namespace arrears::cli
