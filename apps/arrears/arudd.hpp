// `arrears arudd REPORT.xml... --accounts FILE`: the returned debits of Bacs ARUDD reports as
// ledger.csv rows on standard output (recovery-rules §14).
#pragma once

#include "exports.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace arrears::cli {

struct AruddArgs {
    std::vector<std::string> reports;
    std::string accounts, reference_column = "reference", holidays;
    std::vector<std::string> closures;
    ExportArgs exports;
};

CLI::App* add_arudd_command(CLI::App& app, AruddArgs& args);

/// exit_ok, or exit_reported when some items gave no row; UsageError otherwise.
int run_arudd(const AruddArgs& a);

}  // namespace arrears::cli
