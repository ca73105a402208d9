// Fuzzes the Bacs Standard 18 pieces of io/bacs.hpp (recovery-rules §14). The first byte's low
// bit picks what the rest is:
//  - 0, a cell: its Bacs name is at most 18 characters of the Bacs set, without trailing
//    spaces, and cut exactly when the whole name, mapped, is longer; a reference, sort code
//    and account number found valid are in their Bacs form; a payee made of the cell gives a
//    file whose every line is 80 or 106 characters plus CR LF, and which the submitted-files
//    reader reads back, finding the debit again;
//  - 1, a bank file sent before (--submitted): any bytes give an InputError or the count of
//    its collections, and find() then answers without failing.
#include <arrears/calendar.hpp>
#include <arrears/error.hpp>
#include <arrears/io/bacs.hpp>

#include "fuzz_input.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

using namespace arrears;
using fuzz::check;

namespace {

bool all_bacs(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return io::is_bacs_char(c); });
}

void cell(std::string_view text) {
    std::string name;
    const bool cut = io::to_bacs_name(text, name);
    check(name.size() <= io::bacs_field_width && all_bacs(name) && (name.empty() || name.back() != ' '));
    std::string whole;
    check(!io::to_bacs_name(text, whole, std::string::npos));
    check(cut == (whole.size() > io::bacs_field_width));
    check(whole.compare(0, name.size(), name) == 0);

    io::BacsPayee p;
    const std::string ref_why = io::check_reference(text, p.reference);
    if (ref_why.empty())
        check(p.reference.size() >= 6 && p.reference.size() <= 18 && all_bacs(p.reference) &&
              p.reference.rfind("DDIC", 0) != 0);
    const bool sort_ok = io::check_sort_code(text, p.sort_code).empty();
    if (sort_ok)
        check(std::all_of(p.sort_code.begin(), p.sort_code.end(), [](char c) { return c >= '0' && c <= '9'; }));
    const bool account_ok = io::check_account_number(text, p.account).empty();
    if (account_ok) check(std::all_of(p.account.begin(), p.account.end(), [](char c) { return c >= '0' && c <= '9'; }));
    if (!ref_why.empty()) return;
    if (!sort_ok) p.sort_code.fill('1');
    if (!account_ok) p.account.fill('2');
    p.name = name;

    static const io::BacsOriginator o =
        io::make_originator("123456", "112233", "44556677", "FUZZ COUNCIL", "000101", make_date(2026, 1, 12));
    static const Calendar calendar(Region::england_and_wales);
    std::string file;
    io::BacsWriter w(o, [&](std::string_view s) { file.append(s); });
    w.debit(p, Money(static_cast<std::int64_t>(text.size()) + 1), make_date(2026, 1, 30));
    w.finish();
    for (std::size_t at = 0; at < file.size();) {
        const std::size_t end = file.find("\r\n", at);
        check(end != std::string::npos && (end - at == 80 || end - at == 106));
        at = end + 2;
    }
    io::SubmittedCollections read;
    check(read.add_text(file, "fuzz.txt", calendar) == 1);
    read.finish();
    const auto found = read.find("", p.reference, make_date(2026, 2, 2), make_date(2026, 1, 30), Money(1));
    check(found && found->amount == Money(static_cast<std::int64_t>(text.size()) + 1) &&
          found->collection_date == make_date(2026, 2, 2));
}

void submitted(std::string_view text) {
    static const Calendar calendar(Region::england_and_wales);
    io::SubmittedCollections read;
    try {
        read.add_text(text, "fuzz.txt", calendar);
    } catch (const InputError&) {
        return;
    }
    read.finish();
    (void)read.find("W1", "RENT0001", make_date(2026, 2, 2), make_date(2026, 1, 30), Money(100));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    enum class Mode { cell, submitted };
    const auto input = fuzz::mode_and_cell(data, size, Mode::cell, Mode::submitted);
    if (!input) return 0;
    if (input->first == Mode::cell)
        cell(input->second);
    else
        submitted(input->second);
    return 0;
}
