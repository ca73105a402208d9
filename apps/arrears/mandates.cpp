// `arrears mandates` (see mandates.hpp): the reports are read first (a file that is not an
// ADDACS or AUDDIS report is a usage error), then the accounts as `recover` reads them, then
// each advice is matched to its account; the rows go to stdout, the advices left out to stderr.
#include "mandates.hpp"

#include "arudd.hpp"

#include <arrears/io/mandates.hpp>

namespace arrears::cli {

namespace {

constexpr const char* mandates_footer = R"(Example:
  accounts.csv (as for recover, plus each account's Direct Debit reference):
    account_id,amount,frequency,first_due,reference
    A-1,532.17,monthly,2025-04-01,RENT0001001
    A-2,410.00,monthly,2025-04-01,RENT0001002

  arrears mandates ADDACS-report.xml AUDDIS-report.xml --accounts accounts.csv > mandates.csv

  An ADDACS advice for RENT0001001 with reason-code 1 (cancelled by the payer), effective
  2025-12-03, and one for RENT0001002 with reason-code 3 (moved to a new bank, sort code
  20-00-00, account 12345678) give
    account_id,effective_date,event,reason,new_sort_code,new_account_number
    A-1,2025-12-03,cancelled,1,,
    A-2,2025-12-03,transferred,3,200000,12345678
  ADDACS reasons: 0, 1, 2, B cancelled; 3, C transferred; D disputed; E amended; R reinstated.
  An AUDDIS rejection of an instruction is 'cancelled'; AUDDIS acceptances give no rows.
  Then: arrears recover --accounts accounts.csv --mandates mandates.csv ...

Exit status: 0 every advice gave a row; 1 some advices were reported on stderr; 2 usage error.)";

}  // namespace

CLI::App* add_mandates_command(CLI::App& app, MandatesArgs& a) {
    CLI::App* cmd = app.add_subcommand(
        "mandates",
        "Turn Bacs ADDACS and AUDDIS reports (changes to Direct Debit Instructions) into mandates.csv rows");
    cmd->add_option("reports", a.reports, "ADDACS or AUDDIS XML reports")->required()->type_name("REPORT.xml...");
    cmd->add_option("--accounts", a.accounts, "accounts.csv, read as recover reads it, with a reference column")
        ->required()
        ->type_name("FILE");
    cmd->add_option("--reference-column", a.reference_column,
                    "The accounts column holding the Direct Debit "
                    "reference (an advice's reference)")
        ->type_name("NAME")
        ->capture_default_str();
    add_export_options(*cmd, a.exports);
    cmd->footer(mandates_footer);
    return cmd;
}

int run_mandates(const MandatesArgs& a) {
    ExportSettings exports = parse_export_options(a.exports);
    const auto reports = read_reports(a.reports, io::read_mandate_report);
    const ReportAccounts accounts = read_report_accounts(exports, a.accounts, a.reference_column);
    io::MandateMatcher matcher(accounts.table, a.accounts, accounts.columns, accounts.reference);
    for (std::size_t k = 0; k < reports.size(); ++k) matcher.add(reports[k], a.reports[k]);
    return write_report_rows(io::mandates_csv(matcher.rows), matcher.problems, "mandates rows");
}

}  // namespace arrears::cli
