// The Bacs Standard 18 file (see io/bacs.hpp): the labels (VOL1, HDR1, HDR2, UHL1 and the
// trailer's EOF1, EOF2, UTL1), the debit records, BacsWriter (a day's contra after its
// debits, the trailer's totals; the held short form written back whole). BacsBatch (a run's
// collections into records) is bacs_batch.cpp.
//
// Every position is the one recovery-rules §14 gives; the documents each comes from ([HSBC]
// HSBC's "Message Implementation Guide BACS Standard 18", August 2012; [FD] FinDock's "Bacs
// Direct Debit collection file"; [BoI] Bank of Ireland's "BACS File Specification") are
// listed in bacs_fields.hpp, with the record's field offsets.
#include <arrears/io/bacs.hpp>

#include "bacs_fields.hpp"

#include <arrears/io/cells.hpp>
#include <arrears/notice.hpp>

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace arrears::io {

using namespace bacs_fields;

using arrears::to_string;  // dates (io has its own to_string for encodings)

// ---- the file ---------------------------------------------------------------------------

void put_bacs_date(char* at, Date d) noexcept {
    const date::year_month_day ymd(d);
    const int day_of_year = static_cast<int>((d - Date(ymd.year() / 1 / 1)).count()) + 1;
    at[0] = ' ';
    put_number(at, 1, 2, static_cast<std::uint64_t>(static_cast<int>(ymd.year()) % 100));
    put_number(at, 3, 3, static_cast<std::uint64_t>(day_of_year));
}

std::optional<Date> parse_bacs_date(std::string_view f) noexcept {
    if (f.size() != 6 || f[0] != ' ' || !std::all_of(f.begin() + 1, f.end(), is_digit)) return std::nullopt;
    const int yy = (f[1] - '0') * 10 + (f[2] - '0');
    const int ddd = (f[3] - '0') * 100 + (f[4] - '0') * 10 + (f[5] - '0');
    const date::year year(yy >= 95 ? 1900 + yy : 2000 + yy);
    if (ddd < 1 || ddd > (year.is_leap() ? 366 : 365)) return std::nullopt;
    return Date(year / 1 / 1) + date::days(ddd - 1);
}

namespace {
// A label: 80 characters, blank but for `label` (4 characters) at 1-4.
std::string label(std::string_view name) {
    std::string line(bacs_label_length, ' ');
    std::memcpy(line.data(), name.data(), 4);
    return line;
}

// HDR1 and EOF1 (same fields, the label changed): [HSBC] "HDR1 Record"; [BoI] HDR1 table
// (file identifier 5-21, set identification 22-27, creation date 42-47, expiration date 48-53).
std::string hdr1(std::string_view name, const BacsOriginator& o) {
    std::string l = label(name);
    l[4] = 'A';                                            //  5     file identifier: A
    put_chars(l.data(), 5, o.sun);                         //  6-11  ... the Service User Number
    l[11] = 'S';                                           // 12     ... S; 13-21 blank
    put_chars(l.data(), 21, o.serial);                     // 22-27 set identification: the serial; 28-41 blank (§14)
    put_bacs_date(l.data() + 41, o.date);                  // 42-47 creation date ` YYDDD`: --bacs-date
    put_bacs_date(l.data() + 47, o.date + date::days(7));  // 48-53 expiration date: 7 days on
    return l;
}

// HDR2 and EOF2: [HSBC] "HDR2 Record"; [FD] "HDR2 Record mapping": record format F, block
// length 02000, record length 00100, buffer offset 00; the rest blank.
std::string hdr2(std::string_view name) {
    std::string l = label(name);
    std::memcpy(l.data() + 4, "F0200000100", 11);  // 5-15
    return l;
}

void end_line(std::string& out, const std::string& line) {
    out += line;
    out += "\r\n";
}

}  // namespace

std::string bacs_header_labels(const BacsOriginator& o) {
    std::string out;
    // VOL1: [HSBC] "VOL Record"; [BoI] VOL1 table; [FD] "VOL Record mapping".
    std::string vol = label("VOL1");     // 1-4 label identifier and number
    put_chars(vol.data(), 4, o.serial);  // 5-10 submission serial number; 11 accessibility: blank
    put_chars(vol.data(), 41, o.sun);    // 42-47 owner identification: the SUN ([BoI] 42-47)
    vol[79] = '1';                       // 80 label standard level
    end_line(out, vol);
    end_line(out, hdr1("HDR1", o));
    end_line(out, hdr2("HDR2"));
    // UHL1: [HSBC] "UHL1 Record"; [FD] "UHL1 Record mapping". 5-10 processing day: blank in a
    // multi-day file (each record carries its own); 11-20 receiving party: blank; 21-22
    // currency code 00 (sterling); 23-28 country code 000000; 29-37 work code `4 MULTI  `
    // (a multi-processing-day file); the rest blank.
    std::string uhl = label("UHL1");
    std::memcpy(uhl.data() + 20, "00", 2);
    std::memcpy(uhl.data() + 22, "000000", 6);
    std::memcpy(uhl.data() + 28, "4 MULTI  ", 9);
    end_line(out, uhl);
    return out;
}

std::string bacs_trailer_labels(const BacsOriginator& o, std::int64_t debit_pence, std::int64_t credit_pence,
                                std::size_t debit_count, std::size_t credit_count) {
    // UTL1: [HSBC] user trailer label; [FD] "UTL1 Record mapping": 5-17 debit value total,
    // 18-30 credit value total (13 digits of pence each), 31-37 debit count, 38-44 credit
    // count (7 digits; the contras are the credits); the rest blank.
    std::string utl = label("UTL1");
    const bool fits = put_number(utl.data(), 4, 13, static_cast<std::uint64_t>(debit_pence)) &&
                      put_number(utl.data(), 17, 13, static_cast<std::uint64_t>(credit_pence)) &&
                      put_number(utl.data(), 30, 7, debit_count) && put_number(utl.data(), 37, 7, credit_count);
    if (!fits)
        throw InputError("the Bacs file's totals (" + std::to_string(debit_count) + " debits, " +
                         Money(debit_pence).to_string() +
                         ") are beyond Standard 18's trailer (13 digits of pence, 7 of count): split the run");
    std::string out;
    end_line(out, hdr1("EOF1", o));  // [HSBC], [FD]: EOF1 repeats HDR1, EOF2 repeats HDR2
    end_line(out, hdr2("EOF2"));
    end_line(out, utl);
    return out;
}

namespace {

// append_debit_record() with the processing day already in ` YYDDD` form (`day`, 6 characters).
void append_record(std::string& out, const BacsOriginator& o, const BacsPayee& p, Money amount, const char* day) {
    if (amount.pence() <= 0 || static_cast<std::uint64_t>(amount.pence()) > max_amount)
        throw InputError("a Bacs debit of " + amount.to_string() + " is not 0.01 to 999,999,999.99");
    char line[bacs_line];
    put_chars(line, at_payer_sort_code, p.sort_code);
    put_chars(line, at_payer_account, p.account);
    line[at_account_type] = '0';
    line[at_code] = '1';
    line[at_code + 1] = '7';
    put_chars(line, at_user_sort_code, o.sort_code);
    put_chars(line, at_user_account, o.account);
    std::memset(line + at_free, ' ', 4);
    put_number(line, at_amount, amount_digits, static_cast<std::uint64_t>(amount.pence()));
    put_text(line, at_user_name, bacs_field_width, o.name);
    put_text(line, at_reference, bacs_field_width, p.reference);
    put_text(line, at_payer_name, bacs_field_width, p.name);
    std::memcpy(line + at_processing, day, 6);
    line[bacs_record_length] = '\r';
    line[bacs_record_length + 1] = '\n';
    out.append(line, bacs_line);
}

}  // namespace

void append_debit_record(std::string& out, const BacsOriginator& o, const BacsPayee& p, Money amount, Date processing) {
    char day[6];
    put_bacs_date(day, processing);
    append_record(out, o, p, amount, day);
}

// A standard record of `o` with the payer's fields blank (bacs_fields.hpp).
std::string bacs_fields::model_record(const BacsOriginator& o) {
    std::string model;
    BacsPayee blank;
    blank.sort_code.fill('0');
    blank.account.fill('0');
    append_record(model, o, blank, Money(1), "      ");
    return model;
}

BacsWriter::BacsWriter(const BacsOriginator& originator, Sink sink)
    : originator_(originator), sink_(std::move(sink)), model_(model_record(originator)) {
    sink_(bacs_header_labels(originator_));
}

void BacsWriter::held_records(std::string_view text) {
    // Written whole into `expanded_` (at most 4,096 records at a time: a buffer that stays in
    // the cache) and passed to records(), which checks and tallies them.
    constexpr std::size_t batch = 4096;
    auto expand = [&](const char* h) {
        const std::size_t at = expanded_.size();
        expanded_.append(model_);
        char* line = expanded_.data() + at;
        std::memcpy(line + at_payer_sort_code, h + held_payer, 14);
        std::memcpy(line + at_amount, h + held_amount, amount_digits);
        std::memcpy(line + at_reference, h + held_names, 2 * bacs_field_width);
        std::memcpy(line + at_processing, h + held_day, 6);
    };
    expanded_.clear();
    if (!held_carry_.empty()) {  // the rest of a held record cut between two calls
        const std::size_t take = std::min(bacs_held_length - held_carry_.size(), text.size());
        held_carry_.append(text.substr(0, take));
        text.remove_prefix(take);
        if (held_carry_.size() < bacs_held_length) return;
        expand(held_carry_.data());
        held_carry_.clear();
    }
    std::size_t at = 0;
    for (; at + bacs_held_length <= text.size(); at += bacs_held_length) {
        expand(text.data() + at);
        if (expanded_.size() >= batch * bacs_line) {
            records(expanded_);
            expanded_.clear();
        }
    }
    if (!expanded_.empty()) records(expanded_);
    held_carry_.assign(text.substr(at));
}

void BacsWriter::debit(const BacsPayee& payee, Money amount, Date processing) {
    scratch_.clear();
    append_debit_record(scratch_, originator_, payee, amount, processing);
    records(scratch_);
}

void BacsWriter::records(std::string_view text) {
    if (!carry_.empty()) {  // the rest of a record cut between two calls
        const std::size_t take = std::min(bacs_line - carry_.size(), text.size());
        carry_.append(text.substr(0, take));
        text.remove_prefix(take);
        if (carry_.size() < bacs_line) return;
        if (in_day_ && std::memcmp(carry_.data() + at_processing, day_field_, 6) != 0) contra();
        record(carry_.data());
        sink_(carry_);
        carry_.clear();
    }
    // Whole records are passed on in runs, a contra written between two days.
    std::size_t from = 0, at = 0;
    for (; at + bacs_line <= text.size(); at += bacs_line) {
        const char* line = text.data() + at;
        if (in_day_ && std::memcmp(line + at_processing, day_field_, 6) != 0) {
            sink_(text.substr(from, at - from));
            from = at;
            contra();
        }
        record(line);
    }
    if (at > from) sink_(text.substr(from, at - from));
    carry_.assign(text.substr(at));
}

void BacsWriter::record(const char* line) {
    // The amount read and checked in one pass (each of a million records comes through here).
    std::int64_t pence = 0;
    bool digits = true;
    for (std::size_t k = 0; k < amount_digits; ++k) {
        const char c = line[at_amount + k];
        digits = digits && is_digit(c);
        pence = pence * 10 + (c - '0');
    }
    if (line[bacs_record_length] != '\r' || line[bacs_record_length + 1] != '\n' || !digits)
        throw std::logic_error("BacsWriter::records: not a standard record");
    if (!in_day_) {  // a day's first record (records() checks each one's day against it)
        const std::optional<Date> day = parse_bacs_date(std::string_view(line + at_processing, 6));
        if (!day) throw std::logic_error("BacsWriter::records: no processing day");
        if (last_day_ && *day < *last_day_) throw std::logic_error("BacsWriter::records: processing days out of order");
        std::memcpy(day_field_, line + at_processing, 6);
        in_day_ = true;
        if (!first_day_) first_day_ = day;
        last_day_ = day;
    }
    day_total_ += pence;
    total_ += pence;
    ++debits_;
}

void BacsWriter::contra() {
    // The contra: [HSBC] "Contra Record"; [FD] "Contra Record mapping". The day's total
    // credited to the originator's account, which stands at both ends (1-14 and 18-31).
    if (static_cast<std::uint64_t>(day_total_) > max_amount)
        throw InputError("the Bacs debits processed on one day total " + Money(day_total_).to_string() +
                         ", beyond the contra's 11 digits of pence: split the run");
    char line[bacs_line];
    put_chars(line, at_payer_sort_code, originator_.sort_code);  //  1-6
    put_chars(line, at_payer_account, originator_.account);      //  7-14
    line[at_account_type] = '0';                                 // 15
    line[at_code] = '9';                                         // 16-17: 99
    line[at_code + 1] = '9';
    put_chars(line, at_user_sort_code, originator_.sort_code);                           // 18-23
    put_chars(line, at_user_account, originator_.account);                               // 24-31
    std::memset(line + at_free, ' ', 4);                                                 // 32-35
    put_number(line, at_amount, amount_digits, static_cast<std::uint64_t>(day_total_));  // 36-46
    put_text(line, at_user_name, bacs_field_width, originator_.name);                    // 47-64
    put_text(line, at_reference, bacs_field_width, "CONTRA");                            // 65-82
    put_text(line, at_payer_name, bacs_field_width, originator_.name);                   // 83-100
    std::memcpy(line + at_processing, day_field_, 6);                                    // 101-106: the day
    line[bacs_record_length] = '\r';
    line[bacs_record_length + 1] = '\n';
    sink_(std::string_view(line, bacs_line));
    ++days_;
    day_total_ = 0;
    in_day_ = false;
}

void BacsWriter::finish() {
    if (!carry_.empty() || !held_carry_.empty()) throw std::logic_error("BacsWriter::finish: a record was cut short");
    if (in_day_) contra();
    sink_(bacs_trailer_labels(originator_, total_, total_, debits_, days_));
}

}  // namespace arrears::io
