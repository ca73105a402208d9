// The bank details in a Bacs Standard 18 file (see io/bacs.hpp): the council's (the
// originator: make_originator) and each payer's (bank_details: the sort code, account
// number, account name and reference from the accounts file, or the latest ADDACS
// transfer's sort code and account number from BankTransfers).
//
// The checks are recovery-rules §14's: a sort code of six digits, an account number of eight
// (seven left-padded with 0), a six-digit Service User Number, a six-character serial not all
// zeros, names in the Bacs character set (bacs_charset.cpp). The fields they fill are those
// of [HSBC] "Standard Records" / [FD] "Standard Record mapping" (destination sorting code
// 1-6, account number 7-14) and the VOL1 and HDR1 labels ([BoI] VOL1 and HDR1 tables); the
// documents are listed in bacs_fields.hpp.
#include <arrears/io/bacs.hpp>

#include "bacs_fields.hpp"

#include <arrears/io/cells.hpp>
#include <arrears/io/csv.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace arrears::io {

using namespace bacs_fields;

std::string check_sort_code(std::string_view text, std::array<char, 6>& out) {
    text = trim_cell(text);
    if (text.empty()) return "no sort code";
    std::size_t n = 0;
    for (char c : text) {
        if (c == '-' || c == ' ') continue;
        if (!is_digit(c) || n == out.size()) return "sort code " + quoted(text) + " is not six digits";
        out[n++] = c;
    }
    if (n != out.size()) return "sort code " + quoted(text) + " is not six digits";
    return {};
}

std::string check_account_number(std::string_view text, std::array<char, 8>& out) {
    text = trim_cell(text);
    if (text.empty()) return "no account number";
    if ((text.size() != 8 && text.size() != 7) || !std::all_of(text.begin(), text.end(), is_digit))
        return "account number " + quoted(text) + " is not eight digits (or seven, left-padded with 0)";
    const std::size_t pad = out.size() - text.size();
    std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(pad), '0');
    std::copy(text.begin(), text.end(), out.begin() + static_cast<std::ptrdiff_t>(pad));
    return {};
}

BacsOriginator make_originator(std::string_view sun, std::string_view sort_code, std::string_view account,
                               std::string_view name, std::string_view serial, Date date) {
    BacsOriginator o;
    sun = trim_cell(sun);
    if (sun.size() != 6 || !std::all_of(sun.begin(), sun.end(), is_digit))
        throw OriginatorError(OriginatorField::sun, "Service User Number " + quoted(sun) + " is not six digits");
    std::copy(sun.begin(), sun.end(), o.sun.begin());
    if (std::string why = check_sort_code(sort_code, o.sort_code); !why.empty())
        throw OriginatorError(OriginatorField::sort_code, why);
    if (std::string why = check_account_number(account, o.account); !why.empty())
        throw OriginatorError(OriginatorField::account, why);
    const bool cut = to_bacs_name(trim_cell(name), o.name, std::string::npos);
    (void)cut;
    if (o.name.empty() || o.name.find_first_not_of(' ') == std::string::npos)
        throw OriginatorError(OriginatorField::name, "name " + quoted(name) + " has no Bacs character");
    if (o.name.size() > bacs_field_width)
        throw OriginatorError(OriginatorField::name, "name " + quoted(name) + " is " + std::to_string(o.name.size()) +
                                                         " characters in Bacs form ('" + o.name + "'): at most 18");
    serial = trim_cell(serial);
    bool zeros = true;
    for (std::size_t k = 0; k < serial.size() && k < 6; ++k) {
        o.serial[k] = upper(serial[k]);
        zeros = zeros && serial[k] == '0';
    }
    if (serial.size() != 6 || !std::all_of(o.serial.begin(), o.serial.end(), is_letter_or_digit))
        throw OriginatorError(OriginatorField::serial, "serial " + quoted(serial) + " is not six letters or digits");
    if (zeros) throw OriginatorError(OriginatorField::serial, "serial " + quoted(serial) + " is all zeros");
    o.date = date;
    return o;
}

// ---- the payer's details ----------------------------------------------------------------

BankColumns BankColumns::find(const std::vector<std::string>& header) {
    auto at = [&](std::string_view column) {
        const auto it = std::find(header.begin(), header.end(), column);
        return it == header.end() ? -1 : static_cast<int>(it - header.begin());
    };
    BankColumns c;
    c.sort_code = at("sort_code");
    c.account_number = at("account_number");
    c.account_name = at("account_name");
    c.name = at("name");
    c.reference = at("reference");
    return c;
}

std::string BankColumns::missing() const {
    std::string out;
    auto need = [&](int column, std::string_view what) {
        if (column >= 0) return;
        if (!out.empty()) out += ", ";
        out += what;
    };
    need(sort_code, "sort_code");
    need(account_number, "account_number");
    need(account_name >= 0 ? account_name : name, "account_name (or name)");
    need(reference, "reference");
    return out;
}

void BankTransfers::add(std::string_view account_id, Date effective, std::string_view new_sort_code,
                        std::string_view new_account_number) {
    events_.push_back({std::string(trim_cell(account_id)),
                       effective,
                       events_.size(),
                       {std::string(trim_cell(new_sort_code)), std::string(trim_cell(new_account_number))}});
}

void BankTransfers::finish() {
    // Each account's transfers in effective-date order (the table's order for equal dates):
    // each new detail replaces the one before it, a missing one keeps it.
    std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) {
        return std::tie(a.account_id, a.effective, a.order) < std::tie(b.account_id, b.effective, b.order);
    });
    settled_.clear();
    for (const Event& e : events_) {
        if (settled_.empty() || settled_.back().first != e.account_id) settled_.push_back({e.account_id, {}});
        Details& d = settled_.back().second;
        if (!e.details.sort_code.empty()) d.sort_code = e.details.sort_code;
        if (!e.details.account_number.empty()) d.account_number = e.details.account_number;
    }
}

const BankTransfers::Details* BankTransfers::find(std::string_view account_id) const {
    const auto it = std::lower_bound(settled_.begin(), settled_.end(), account_id,
                                     [](const auto& entry, std::string_view id) { return entry.first < id; });
    return it != settled_.end() && it->first == account_id ? &it->second : nullptr;
}

BankCells bank_cells(const TextTable& t, std::size_t row, const BankColumns& c, TransferredDetails moved) {
    auto cell = [&](int column) {
        return column < 0 ? std::string_view() : trim_cell(t.at(row, static_cast<std::size_t>(column)));
    };
    BankCells out;
    out.moved_sort_code = !moved.sort_code.empty();
    out.moved_account = !moved.account_number.empty();
    out.sort_code = out.moved_sort_code ? moved.sort_code : cell(c.sort_code);
    out.account_number = out.moved_account ? moved.account_number : cell(c.account_number);
    out.reference = cell(c.reference);
    out.name = cell(c.account_name);
    if (out.name.empty()) out.name = cell(c.name);
    return out;
}

std::string bank_details(const BankCells& c, BacsPayee& out) {
    constexpr std::string_view transferred = " (from the latest ADDACS transfer)";
    if (std::string why = check_sort_code(c.sort_code, out.sort_code); !why.empty())
        return c.moved_sort_code ? why.append(transferred) : why;
    if (std::string why = check_account_number(c.account_number, out.account); !why.empty())
        return c.moved_account ? why.append(transferred) : why;
    if (std::string why = check_reference(c.reference, out.reference); !why.empty()) return why;
    out.name_cut = to_bacs_name(c.name, out.name);
    if (out.name.empty())
        return c.name.empty() ? "no account name" : "account name " + quoted(c.name) + " has no Bacs character";
    return {};
}

std::string bank_details(const TextTable& t, std::size_t row, const BankColumns& c, TransferredDetails moved,
                         BacsPayee& out) {
    return bank_details(bank_cells(t, row, c, moved), out);
}
}  // namespace arrears::io
