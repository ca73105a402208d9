// Fuzzes the readers of Bacs reports and the matchers behind `arrears arudd` (io/arudd.hpp)
// and `arrears mandates` (io/mandates.hpp): any bytes, in any declared encoding, give an
// InputError or items (advices) numbered in file order, each on a line of the text; matched
// against three accounts (references RENT0001001..3, one monthly on the 1st, one weekly, one
// rejected), every ARUDD item gives exactly one ledger row or one problem, each row of one of
// those accounts, for a due date of its plan, with a reason code; every advice gives at most
// one mandates row or problem, each row of those accounts, its new details digits or empty.
#include <arrears/error.hpp>
#include <arrears/io/arudd.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/mandates.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace arrears;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

constexpr std::string_view accounts_csv =
    "account_id,reference,amount,frequency,first_due\n"
    "A-1,RENT0001001,532.17,monthly,2025-04-01\n"
    "A-2,rent0001002,100.00,weekly,2025-04-07\n"
    "A-3,RENT0001003,-5.00,monthly,2025-04-01\n";

bool digits_or_empty(const std::string& s, std::size_t n) {
    return s.empty() || (s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

void mandates(std::string_view text, std::uint64_t lines) {
    std::vector<io::MandateAdvice> advices;
    try {
        advices = io::parse_mandate_report(text, "fuzz.xml");
    } catch (const InputError&) {
        return;
    }
    for (std::size_t k = 0; k < advices.size(); ++k) {
        check(advices[k].line >= 1 && advices[k].line <= lines);
        check(k == 0 || advices[k].position > advices[k - 1].position);
    }
    static const io::TextTable table = io::parse_csv(accounts_csv, "accounts.csv");
    static const io::AccountColumns columns = io::AccountColumns::find(table, "accounts.csv");
    io::MandateMatcher matcher(table, "accounts.csv", columns, table.column("reference"));
    matcher.add(advices, "fuzz.xml");
    check(matcher.rows.size() + matcher.problems.size() <= advices.size());
    for (const io::MandateRow& r : matcher.rows) {
        check(r.account_id == "A-1" || r.account_id == "A-2");
        check(!r.entry.reason.empty());
        check(digits_or_empty(r.entry.new_sort_code, 6) && digits_or_empty(r.entry.new_account_number, 8));
        check(r.entry.event == MandateEvent::transferred ||
              (r.entry.new_sort_code.empty() && r.entry.new_account_number.empty()));
    }
    (void)io::mandates_csv(matcher.rows);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto lines = 1 + static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
    mandates(text, lines);
    std::vector<io::AruddItem> items;
    try {
        items = io::parse_arudd_report(text, "fuzz.xml");
    } catch (const InputError&) {
        return 0;
    }
    for (std::size_t k = 0; k < items.size(); ++k) {
        check(items[k].position == k + 1);
        check(items[k].line >= 1 && items[k].line <= lines);
        check(k == 0 || items[k].line >= items[k - 1].line);
    }
    static const io::TextTable table = io::parse_csv(accounts_csv, "accounts.csv");
    static const io::AccountColumns columns = io::AccountColumns::find(table, "accounts.csv");
    static const Calendar calendar(Region::england_and_wales);
    io::AruddMatcher matcher(table, "accounts.csv", columns, table.column("reference"), calendar);
    matcher.add(items, "fuzz.xml");
    check(matcher.rows.size() + matcher.problems.size() == items.size());
    for (const io::AruddLedgerRow& r : matcher.rows) {
        check(r.account_id == "A-1" || r.account_id == "A-2");
        check(r.reason.size() == 1);
        check(r.account_id == "A-1" ? static_cast<unsigned>(date::year_month_day(r.due_date).day()) == 1
                                    : date::weekday(r.due_date) == date::Monday);
    }
    (void)io::arudd_ledger_csv(matcher.rows);
    return 0;
}
