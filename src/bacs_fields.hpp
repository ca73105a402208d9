// The Bacs Standard 18 record's layout and the fixed-width field writers, shared by the
// files that implement io/bacs.hpp (an internal header: not installed).
//
// Every position below is the one recovery-rules §14 gives (1-based in the comments, 0-based
// offsets in the code). Where each comes from, in the public documents:
//   [HSBC]  HSBC, "Message Implementation Guide BACS Standard 18", version August 2012: the
//           sections "VOL Record", "HDR1 Record", "HDR2 Record", "UHL1 Record", "Standard
//           Records", "Contra Record" and the end labels (EOF1, EOF2, UTL1);
//   [FD]    FinDock, "Bacs Direct Debit collection file" (docs.findock.com, payment
//           processors): the VOL, HDR1, HDR2, UHL1, Standard Record, Contra Record, EOF1,
//           EOF2 and UTL1 mapping tables of a multi-day Direct Debit file (106-character
//           records with the processing day);
//   [BoI]   Bank of Ireland, "BACS File Specification" (Appendix 2): the VOL1 and HDR1
//           field tables with their character positions.
// Where §14 leaves a field blank that a document fills (HDR1 28-41: file section, sequence
// and generation numbers in [BoI]), the file follows §14.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/date.hpp>
#include <arrears/io/bacs.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace arrears::io::bacs_fields {

inline constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
inline constexpr bool is_letter_or_digit(char c) noexcept { return (c >= 'A' && c <= 'Z') || is_digit(c); }
inline constexpr char upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// ---- fixed-width fields -----------------------------------------------------------------

// Writes `text` left-justified in [at, at + width), padded with spaces (text no longer).
inline void put_text(char* line, std::size_t at, std::size_t width, std::string_view text) noexcept {
    const std::size_t n = std::min(width, text.size());
    std::memcpy(line + at, text.data(), n);
    std::memset(line + at + n, ' ', width - n);
}

// Writes `value` right-justified and zero-filled in [at, at + width); false when it does not fit.
inline bool put_number(char* line, std::size_t at, std::size_t width, std::uint64_t value) noexcept {
    for (std::size_t k = width; k-- > 0;) {
        line[at + k] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return value == 0;
}

template <std::size_t N>
void put_chars(char* line, std::size_t at, const std::array<char, N>& chars) noexcept {
    std::memcpy(line + at, chars.data(), N);
}

// `text` in single quotes, for messages. Appended piece by piece: "'" + std::string(text)
// inlined here trips GCC 12's -Wrestrict false positive (GCC bug 105329) under -Werror.
inline std::string quoted(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '\'';
    out += text;
    out += '\'';
    return out;
}

// Offsets (0-based) of a data record's fields: §14's positions less one. [HSBC] "Standard
// Records" and "Contra Record"; [FD] "Standard Record mapping", "Contra Record mapping".
inline constexpr std::size_t at_payer_sort_code = 0;  //   1-6   destination sorting code
inline constexpr std::size_t at_payer_account = 6;    //   7-14  destination account number
inline constexpr std::size_t at_account_type = 14;    //  15     destination account type: 0
inline constexpr std::size_t at_code = 15;            //  16-17  transaction code: 17 (99 contra)
inline constexpr std::size_t at_user_sort_code = 17;  //  18-23  originating sorting code
inline constexpr std::size_t at_user_account = 23;    //  24-31  originating account number
inline constexpr std::size_t at_free = 31;            //  32-35  free format / RTI: blank
inline constexpr std::size_t at_amount = 35;          //  36-46  amount in pence, 11 digits
inline constexpr std::size_t at_user_name = 46;       //  47-64  service user's (originator's) name
inline constexpr std::size_t at_reference = 64;       //  65-82  service user's reference
inline constexpr std::size_t at_payer_name = 82;      //  83-100 destination account name
inline constexpr std::size_t at_processing = 100;     // 101-106 processing day ` YYDDD` (multi-day files)
inline constexpr std::size_t amount_digits = 11;
inline constexpr std::uint64_t max_amount = 99'999'999'999;  // 11 digits of pence

// The held form's fields (bacs_held_length): where each starts, and the record's offsets it
// goes back to.
inline constexpr std::size_t held_payer = 0;                        // sort code, account: at_payer_sort_code, 14
inline constexpr std::size_t held_amount = 14;                      // at_amount, 11 digits
inline constexpr std::size_t held_names = 25;                       // reference, account name: at_reference, 36
inline constexpr std::size_t held_day = 25 + 2 * bacs_field_width;  // at_processing, 6
static_assert(held_day + 6 == bacs_held_length);
static_assert(at_payer_account + 8 == at_account_type && at_reference + bacs_field_width == at_payer_name &&
              at_payer_name + bacs_field_width == at_processing);

// The working day after `d` in `calendar` (a processing day's collection date: Bacs debits
// the payer the working day after the processing day, §14).
inline Date working_day_after(const Calendar& calendar, Date d) {
    do d += date::days(1);
    while (!calendar.is_working_day(d));
    return d;
}

/// A standard debit record of `o` with the payer's fields blank, each filled in for each
/// record (bacs.cpp; BacsWriter and BacsBatch start every record from it).
std::string model_record(const BacsOriginator& o);

}  // namespace arrears::io::bacs_fields
