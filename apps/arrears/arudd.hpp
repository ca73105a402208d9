// `arrears arudd REPORT.xml... --accounts FILE`: the returned debits of Bacs ARUDD reports as
// ledger.csv rows on standard output (recovery-rules §14); and what it shares with `arrears
// mandates` (mandates.hpp): the accounts read with their references, the rows out.
#pragma once

#include "exports.hpp"
#include "options.hpp"

#include <arrears/error.hpp>
#include <arrears/io/records.hpp>
#include <arrears/io/table.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
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

/// The accounts file of a report command, read as `recover` reads it (--encoding,
/// --date-format, --map), and where its reference column is.
struct ReportAccounts {
    io::TextTable table;
    io::AccountColumns columns{};
    int reference = -1;
};
/// UsageError naming --accounts when a required column or `reference_column` is missing.
ReportAccounts read_report_accounts(ExportSettings& exports, const std::string& path,
                                    std::string_view reference_column);

/// Reads each report with `read` (a file that cannot be read, or is not of its kind, is a
/// UsageError naming it).
template <class Read>
auto read_reports(const std::vector<std::string>& paths, Read read) {
    std::vector<decltype(read(paths.front()))> reports;
    for (const std::string& path : paths) {
        try {
            reports.push_back(read(path));
        } catch (const InputError& e) {
            throw UsageError(e.what());
        }
    }
    return reports;
}

/// Writes `csv` to standard output and each problem to standard error ("skipped: ..."):
/// exit_ok, or exit_reported when there are problems. UsageError when stdout fails (`what`
/// names the rows).
int write_report_rows(const std::string& csv, const std::vector<std::string>& problems, std::string_view what);

}  // namespace arrears::cli
