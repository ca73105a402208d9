// `arrears mandates REPORT.xml... --accounts FILE`: what payers' banks did to Direct Debit
// Instructions (ADDACS advices, AUDDIS rejections) as mandates.csv rows on standard output
// (recovery-rules §14 "Mandates"), for `recover --mandates`.
#pragma once

#include "exports.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace arrears::cli {

struct MandatesArgs {
    std::vector<std::string> reports;
    std::string accounts, reference_column = "reference";
    ExportArgs exports;
};

CLI::App* add_mandates_command(CLI::App& app, MandatesArgs& args);

/// exit_ok, or exit_reported when some advices gave no row; UsageError otherwise.
int run_mandates(const MandatesArgs& a);

}  // namespace arrears::cli
