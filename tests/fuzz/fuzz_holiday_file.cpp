// Fuzzes the GOV.UK holiday-file loader: any bytes either load (and then build a calendar
// whose working-day questions answer) or give an InputError; nothing else may escape.
#include <arrears/io/holiday_file.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto official = arrears::io::parse_govuk_holidays(text, "fuzz.json");
        for (auto region :
             {arrears::Region::england_and_wales, arrears::Region::scotland, arrears::Region::northern_ireland}) {
            arrears::Calendar cal(region, official.division(region));
            (void)cal.add_working_days(arrears::make_date(2026, 1, 12), 10);
            (void)cal.holidays(2026);
        }
    } catch (const arrears::InputError&) {}
    return 0;
}
