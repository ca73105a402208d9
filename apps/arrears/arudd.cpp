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

  An item with ref RENT0001001, returnCode 0, originalProcessingDate 2025-11-28 (a Friday) was
  collected on Mon 1 Dec 2025, the next working day: the row is
    A-1,2025-12-01,532.17,unpaid,0
  Then: arrears recover --accounts accounts.csv --ledger ledger.csv ...

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

    std::vector<std::vector<io::AruddItem>> reports;
    for (const std::string& path : a.reports) {
        try {
            reports.push_back(io::read_arudd_report(path));
        } catch (const InputError& e) {
            throw UsageError(e.what());
        }
    }
    const io::TextTable accounts = exports.read_table("--accounts", a.accounts);
    exports.check_map();
    io::AccountColumns columns{};
    const std::string reference(io::trim_cell(a.reference_column));
    const int ref = accounts.column(reference);
    try {
        columns = io::AccountColumns::find(accounts, a.accounts);
        columns.dates = exports.dates;
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--accounts: {}", e.what()));
    }
    if (ref < 0)
        throw UsageError(
            fmt::format("--accounts: {}: no reference column '{}' (--reference-column)", a.accounts, reference));

    io::AruddMatcher matcher(accounts, a.accounts, columns, ref, cal.collection);
    for (std::size_t k = 0; k < reports.size(); ++k) matcher.add(reports[k], a.reports[k]);
    const std::string text = io::arudd_ledger_csv(matcher.rows);
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
        throw UsageError(fmt::format("cannot write the ledger rows: {}", std::strerror(errno)));
    for (const std::string& p : matcher.problems) std::fprintf(stderr, "skipped: %s\n", p.c_str());
    return matcher.problems.empty() ? exit_ok : exit_reported;
}

}  // namespace arrears::cli
