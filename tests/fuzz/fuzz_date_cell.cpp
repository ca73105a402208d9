// Fuzzes date cells (io/export_format.hpp try_parse_date_cell). The first byte picks the
// format, the rest is the cell. Properties: a failure says why; a date read formats as
// YYYY-MM-DD and reads back to the same date in either format; a D/M/YYYY cell read gives
// the day, month and year written in it.
#include "fuzz_input.hpp"

#include <arrears/io/export_format.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using arrears::io::DateFormat;
    const auto input = fuzz::mode_and_cell(data, size, DateFormat::iso, DateFormat::day_month_year);
    if (!input) return 0;
    const auto& [format, cell] = *input;
    arrears::Date d;
    std::string why;
    if (!arrears::io::try_parse_date_cell(cell, format, d, why)) {
        check(!why.empty());
        return 0;
    }
    const date::year_month_day ymd(d);
    check(ymd.ok());
    const std::string iso = arrears::to_string(d);
    for (DateFormat f : {DateFormat::iso, DateFormat::day_month_year}) {
        arrears::Date again;
        check(arrears::io::try_parse_date_cell(iso, f, again, why) && again == d);
    }
    if (cell.find('/') != std::string_view::npos) {
        check(format == DateFormat::day_month_year);
        // The numbers between the slashes, read here independently.
        long parts[3] = {0, 0, 0};
        int k = 0;
        for (char c : cell) {
            if (c == '/')
                ++k;
            else
                parts[k] = parts[k] * 10 + (c - '0');
        }
        check(k == 2);
        check(parts[0] == static_cast<long>(static_cast<unsigned>(ymd.day())) &&
              parts[1] == static_cast<long>(static_cast<unsigned>(ymd.month())) &&
              parts[2] == static_cast<long>(static_cast<int>(ymd.year())));
        const std::string dmy = std::to_string(parts[0]) + "/" + std::to_string(parts[1]) + "/" + iso.substr(0, 4);
        arrears::Date again;
        check(arrears::io::try_parse_date_cell(dmy, DateFormat::day_month_year, again, why) && again == d);
    }
    return 0;
}
