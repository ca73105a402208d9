// Uses the header-only core (arrears::arrears) and the compiled I/O library (arrears::io).
// Usage: consumer BANK-HOLIDAYS.json
#include <arrears.hpp>
#include <arrears/io/holiday_file.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: consumer BANK-HOLIDAYS.json\n";
        return 2;
    }
    using namespace arrears;
    // 106435 = 3 x 35478 + 1: the odd penny goes on the first part.
    std::cout << "split 1064.35 over 3:";
    for (Money m : split(Money::parse("1064.35"), 3, Remainder::first)) std::cout << ' ' << m.to_string();
    std::cout << '\n';
    // recovery-rules §11: notice on 12 Jan 2026 plus 10 working days is 26 Jan 2026.
    const Calendar ew(Region::england_and_wales);
    const Date notice = parse_date("2026-01-12");
    std::cout << "10 working days after 2026-01-12: " << to_string(ew.add_working_days(notice, 10)) << '\n';
    std::cout << "financial year of 2026-01-12: " << financial_year(notice).label() << '\n';
    // The test fixture adds an invented holiday on 1 July 2026.
    const io::OfficialHolidays official = io::load_govuk_holidays(argv[1]);
    const Calendar with_file(Region::england_and_wales, official.england_and_wales);
    std::cout << "official 2026-07-01: " << with_file.holiday_name(parse_date("2026-07-01")) << '\n';
    return 0;
}
