// `arrears recover`: reads accounts (and a ledger or an outage window, and payments) from CSV
// exports, writes the revised schedule and the per-account summary, and prints the run's
// summary on standard error.
#pragma once

#include "bank_files.hpp"
#include "exports.hpp"
#include "notice_files.hpp"
#include "options.hpp"

#include <arrears/io/output.hpp>

#include <CLI/CLI.hpp>

#include <span>
#include <string>
#include <vector>

namespace arrears::cli {

/// The options of `arrears recover` as typed (parsed by run_recover, after CLI11).
struct RecoverArgs {
    std::string accounts, ledger, payments, mandates;
    std::string region = "england-and-wales", holidays;
    std::vector<std::string> closures;
    TypedOptions options;  // the options of option_table: the recovery's own
    std::string schedule, summary, format = "csv", threads = "0";
    std::string manifest;
    std::vector<std::string> arguments;  ///< every argument after the program's name (for the manifest)
    ExportArgs exports;                  // --encoding, --date-format, --map
    std::string workbook;
    NoticeArgs notice;  // --notices, --keep, --letters, --letter-template, --collections
    BankArgs bank;      // --bacs and its details, --submitted
};

/// The options of a run, parsed and checked.
struct Settings {
    Options options;
    Region region = Region::england_and_wales;
    std::vector<Date> closures;
    io::Format format{};
    unsigned threads = 0;
};
/// Parses and checks the options `a` holds (the recovery's, the calendars', --format,
/// --threads): the first bad one is a UsageError, in the order --help lists them.
Settings parse_settings(const RecoverArgs& a);

/// --manifest writes the arguments and paths as JSON text, which is UTF-8: an argument that
/// is not (a file name in another encoding) is a UsageError before the run, naming it.
void check_manifest_text(std::span<const std::string> arguments);

/// Adds the options of a run (`recover`'s, which `replan` shares: §15) to `command`.
void add_run_options(CLI::App& command, RecoverArgs& args);

/// Adds the subcommand `recover` to `app`, its options written to `args`.
CLI::App* add_recover_command(CLI::App& app, RecoverArgs& args);

/// Runs it: exit_ok or exit_reported; a UsageError (nothing written) otherwise.
int run_recover(const RecoverArgs& a);

}  // namespace arrears::cli
