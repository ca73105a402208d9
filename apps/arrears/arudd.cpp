// `arrears arudd` (see arudd.hpp): the reports are read first (a file that is not an ARUDD
// report is a usage error), then the accounts as `recover` reads them, then each item is
// matched to its account and due date; the rows go to stdout, the items left out to stderr.
#include "arudd.hpp"

#include "options.hpp"

#include <arrears/io/arudd.hpp>
#include <arrears/io/cells.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace arrears::cli {

namespace {

constexpr const char* arudd_footer = R"(Example:
  accounts.csv (as for recover, plus each account's Direct Debit reference):
    account_id,amount,frequency,first_due,reference
    A-1,532.17,monthly,2025-04-01,RENT0001001

  arrears arudd arudd-report.xml --accounts accounts.csv > ledger.csv

  An item with ref RENT0001001-4 (its PayerAccount ref RENT0001001: the payer's reference),
  returnCode 0128 and returnDescription REFER TO PAYER (reason 0), originalProcessingDate
  2025-11-28 (a Friday) was collected on Mon 1 Dec 2025, the next working day: the row is
    A-1,2025-12-01,532.17,unpaid,0
  Then: arrears recover --accounts accounts.csv --ledger ledger.csv ...
  ADDACS and AUDDIS reports (mandates) are read by 'arrears mandates'.

Exit status: 0 every item gave a row; 1 some items were reported on stderr; 2 usage error.)";

}  // namespace

CLI::App* add_arudd_command(CLI::App& app, AruddArgs& a) {
    CLI::App* cmd = app.add_subcommand("arudd", "Turn Bacs ARUDD reports (returned debits) into ledger.csv rows");
    cmd->add_option("reports", a.reports, "ARUDD XML reports")->required()->type_name("REPORT.xml...");
    cmd->add_option("--accounts", a.accounts, "accounts.csv, read as recover reads it, with a reference column")
        ->required()
        ->type_name("FILE");
    cmd->add_option("--reference-column", a.reference_column,
                    "The accounts column holding the Direct Debit "
                    "reference (an item's ref)")
        ->type_name("NAME")
        ->capture_default_str();
    add_export_options(*cmd, a.exports);
    cmd->add_option("--holidays", a.holidays, "GOV.UK bank-holidays.json; replaces the rules for the years it covers")
        ->type_name("FILE");
    cmd->add_option("--closures", a.closures, "Extra non-working days, comma separated")
        ->type_name("DATE[,DATE...]")
        ->delimiter(',')
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->footer(arudd_footer);
    return cmd;
}

ReportAccounts read_report_accounts(ExportSettings& exports, const std::string& path,
                                    std::string_view reference_column) {
    ReportAccounts out;
    // §12: the accounts file's columns (the plan's, §16's) and the reference column are read;
    // the others are neither decoded nor checked.
    std::vector<std::string_view> read(io::account_read_columns.begin(), io::account_read_columns.end());
    const std::string reference(io::trim_cell(reference_column));
    read.push_back(reference);
    exports.reads(read);
    out.table = exports.read_table("--accounts", path);
    exports.check_map();
    out.reference = out.table.column(reference);
    try {
        out.columns = io::AccountColumns::find(out.table, path);
        out.columns.dates = exports.dates;
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--accounts: {}", e.what()));
    }
    if (out.reference < 0)
        throw UsageError(fmt::format("--accounts: {}: no reference column '{}' (--reference-column)", path, reference));
    return out;
}

int write_report_rows(const std::string& csv, const std::vector<std::string>& problems, std::string_view what) {
    if (std::fwrite(csv.data(), 1, csv.size(), stdout) != csv.size() || std::fflush(stdout) != 0)
        throw UsageError(fmt::format("cannot write the {}: {}", what, std::strerror(errno)));
    for (const std::string& p : problems) std::fprintf(stderr, "skipped: %s\n", p.c_str());
    return problems.empty() ? exit_ok : exit_reported;
}

int run_arudd(const AruddArgs& a) {
    ExportSettings exports = parse_export_options(a.exports);
    // §12 --map: OURS is a column this command reads (the accounts file's, the reference).
    exports.check_map_names(io::account_read_columns,
                            std::vector<std::string>{std::string(io::trim_cell(a.reference_column))});
    const std::vector<Date> closures = option_closures(a.closures);
    const io::OfficialHolidays official = option_holidays(a.holidays);
    const Region collections = Region::england_and_wales;  // Bacs days (§2)
    warn_stale_list(official, std::span<const Region>(&collections, 1), a.holidays);
    const io::RunCalendars cal = io::run_calendars(collections, official, closures);

    const auto reports = read_reports(a.reports, io::read_arudd_report);
    const ReportAccounts accounts = read_report_accounts(exports, a.accounts, a.reference_column);
    io::AruddMatcher matcher(accounts.table, a.accounts, accounts.columns, accounts.reference, cal.collection);
    for (std::size_t k = 0; k < reports.size(); ++k) matcher.add(reports[k], a.reports[k]);
    return write_report_rows(io::arudd_ledger_csv(matcher.rows), matcher.problems, "ledger rows");
}

}  // namespace arrears::cli
