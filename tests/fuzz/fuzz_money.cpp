// Fuzzes Money::parse / try_parse: never crashes, and whatever parses formats back to a text
// that parses to the same pence (so output is always valid input).
#include <arrears/money.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    arrears::Money m;
    const char* why = "";
    const bool ok = arrears::Money::try_parse(text, m, why);
    bool threw = false;
    try {
        (void)arrears::Money::parse(text);
    } catch (const arrears::InputError&) {
        threw = true;
    }
    if (ok == threw) std::abort();  // the two entry points disagree
    if (ok) {
        if (m.pence() > arrears::Money::max_text_pence || m.pence() < -arrears::Money::max_text_pence) std::abort();
        arrears::Money back;
        if (!arrears::Money::try_parse(m.to_string(), back, why) || back != m) std::abort();
        // Splits of what parsed: exact sums, whatever the rule.
        if (m >= arrears::Money() && size > 0) {
            const std::int64_t n = 1 + data[0] % 24;
            for (auto rule : {arrears::Remainder::first, arrears::Remainder::last, arrears::Remainder::whole_pounds}) {
                arrears::Money sum;
                for (auto part : arrears::split(m, n, rule)) {
                    if (part < arrears::Money()) std::abort();
                    sum += part;
                }
                if (sum != m) std::abort();
            }
        }
    }
    try {
        (void)arrears::Percentage::parse(text).of_round_down(arrears::Money(123456));
    } catch (const arrears::InputError&) {}
    return 0;
}
