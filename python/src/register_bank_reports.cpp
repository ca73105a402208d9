// Reports from Bacs (recovery-rules §14): arrears.read_arudd and arrears.read_mandates go
// through the same readers and matchers as `arrears arudd` and `arrears mandates`.
#include "bindings.hpp"
#include "tables.hpp"

#include <arrears/io/arudd.hpp>
#include <arrears/io/export_format.hpp>
#include <arrears/io/mandates.hpp>

#include <pybind11/stl.h>

#include <string>
#include <string_view>
#include <vector>

namespace arrears::python {

namespace {

// The accounts table as `recover` reads it, with the index of its reference column.
struct ReportAccounts {
    io::TextTable table;
    io::AccountColumns columns{};
    int reference = -1;
};

ReportAccounts report_accounts(const py::object& accounts, std::string_view reference, std::string_view date_format) {
    ReportAccounts out;
    const PyTable spec = PyTable::from(accounts);
    spec.read_rows(out.table, 0, spec.rows.size());
    out.columns = io::AccountColumns::find(out.table, "accounts");
    out.columns.dates = io::parse_date_format(date_format);
    out.reference = out.table.column(reference);
    if (out.reference < 0) throw InputError("accounts: no reference column '" + std::string(reference) + "'");
    return out;
}

}  // namespace

void register_bank_reports(py::module_& m) {
    m.def(
        "read_arudd",
        [](const std::vector<std::string>& paths, const py::object& accounts, std::string_view reference,
           std::string_view date_format, const Calendar& collection) {
            std::vector<std::vector<io::AruddItem>> reports;
            for (const std::string& p : paths) reports.push_back(io::read_arudd_report(p));
            const ReportAccounts a = report_accounts(accounts, reference, date_format);
            io::AruddMatcher matcher(a.table, "accounts", a.columns, a.reference, collection);
            for (std::size_t k = 0; k < reports.size(); ++k) matcher.add(reports[k], paths[k]);
            py::list rows;
            for (const io::AruddLedgerRow& r : matcher.rows)
                rows.append(py::make_tuple(r.account_id, to_days(r.due_date), r.amount.pence(), r.reason));
            return py::make_tuple(rows, matcher.problems);
        },
        py::arg("paths"), py::arg("accounts"), py::arg("reference"), py::arg("date_format"), py::arg("collection"),
        "The ledger rows (account_id, due day number, pence, reason) of ARUDD reports, and the items\n"
        "that gave none (recovery-rules §14), as `arrears arudd` makes them.");
    m.def(
        "read_mandates",
        [](const std::vector<std::string>& paths, const py::object& accounts, std::string_view reference,
           std::string_view date_format) {
            std::vector<std::vector<io::MandateAdvice>> reports;
            for (const std::string& p : paths) reports.push_back(io::read_mandate_report(p));
            const ReportAccounts a = report_accounts(accounts, reference, date_format);
            io::MandateMatcher matcher(a.table, "accounts", a.columns, a.reference);
            for (std::size_t k = 0; k < reports.size(); ++k) matcher.add(reports[k], paths[k]);
            py::list rows;
            for (const io::MandateRow& r : matcher.rows)
                rows.append(py::make_tuple(r.account_id, to_days(r.entry.effective_date), to_string(r.entry.event),
                                           r.entry.reason, r.entry.new_sort_code, r.entry.new_account_number));
            return py::make_tuple(rows, matcher.problems);
        },
        py::arg("paths"), py::arg("accounts"), py::arg("reference"), py::arg("date_format"),
        "The mandates rows (account_id, effective day number, event, reason, new_sort_code,\n"
        "new_account_number) of ADDACS and AUDDIS reports, and the advices that gave none\n"
        "(recovery-rules §14 \"Mandates\"), as `arrears mandates` makes them.");
}

}  // namespace arrears::python
