// Bacs Standard 18 files and the bank files sent before (see io/bacs.hpp).
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
#include <arrears/io/bacs.hpp>

#include <arrears/io/cells.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/file.hpp>
#include <arrears/notice.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace arrears::io {

using arrears::to_string;  // dates (io has its own to_string for encodings)

namespace {

// ---- the character set ------------------------------------------------------------------

// The base letters of an accented Latin letter (upper case), or nullptr when `cp` is not
// one. Latin-1 Supplement, Latin Extended-A, the Romanian comma-below letters, and the Welsh
// letters of Latin Extended Additional (ẁ ẃ ẅ ỳ).
const char* base_letters(char32_t cp) noexcept {
    if (cp >= 0xC0 && cp <= 0xFF) {
        static constexpr const char* latin1[64] = {
            "A", "A", "A", "A", "A", "A", "AE", "C",     "E", "E", "E", "E", "I", "I", "I",  "I",   // C0-CF
            "D", "N", "O", "O", "O", "O", "O",  nullptr, "O", "U", "U", "U", "U", "Y", "TH", "SS",  // D0-DF
            "A", "A", "A", "A", "A", "A", "AE", "C",     "E", "E", "E", "E", "I", "I", "I",  "I",   // E0-EF
            "D", "N", "O", "O", "O", "O", "O",  nullptr, "O", "U", "U", "U", "U", "Y", "TH", "Y"};  // F0-FF
        return latin1[cp - 0xC0];
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        struct Range {
            char32_t last;
            const char* base;
        };
        // Each range runs from the previous one's last + 1.
        static constexpr Range extended_a[] = {{0x105, "A"}, {0x10D, "C"}, {0x111, "D"},  {0x11B, "E"},  {0x123, "G"},
                                               {0x127, "H"}, {0x131, "I"}, {0x133, "IJ"}, {0x135, "J"},  {0x138, "K"},
                                               {0x142, "L"}, {0x14B, "N"}, {0x151, "O"},  {0x153, "OE"}, {0x159, "R"},
                                               {0x161, "S"}, {0x167, "T"}, {0x173, "U"},  {0x175, "W"},  {0x178, "Y"},
                                               {0x17E, "Z"}, {0x17F, "S"}};
        for (const Range& r : extended_a)
            if (cp <= r.last) return r.base;
    }
    if (cp == 0x218 || cp == 0x219) return "S";    // Ș ș
    if (cp == 0x21A || cp == 0x21B) return "T";    // Ț ț
    if (cp >= 0x1E80 && cp <= 0x1E85) return "W";  // Ẁ ẁ Ẃ ẃ Ẅ ẅ (Welsh)
    if (cp == 0x1EF2 || cp == 0x1EF3) return "Y";  // Ỳ ỳ (Welsh)
    if (cp == 0x1E9E) return "SS";                 // ẞ
    return nullptr;
}

// The next code point of `s` from `i` (advancing it), or U+FFFD for a byte that does not
// start a well-formed sequence (which then counts as one character).
char32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
        ++i;
        return b;
    }
    const int len = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((c & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_letter_or_digit(char c) noexcept { return (c >= 'A' && c <= 'Z') || is_digit(c); }
constexpr char upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// ---- fixed-width fields -----------------------------------------------------------------

// Writes `text` left-justified in [at, at + width), padded with spaces (text no longer).
void put_text(char* line, std::size_t at, std::size_t width, std::string_view text) noexcept {
    const std::size_t n = std::min(width, text.size());
    std::memcpy(line + at, text.data(), n);
    std::memset(line + at + n, ' ', width - n);
}

// Writes `value` right-justified and zero-filled in [at, at + width); false when it does not fit.
bool put_number(char* line, std::size_t at, std::size_t width, std::uint64_t value) noexcept {
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

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

namespace {

// Each ASCII byte as a Bacs name writes it: upper case, a character outside the Bacs set a
// space; 0 for the bytes from 0x80, which start a UTF-8 sequence (a table: a million names
// go through it in a large run).
constexpr std::array<char, 256> ascii_in_bacs = [] {
    std::array<char, 256> t{};
    for (int b = 0; b < 0x80; ++b) {
        const char c = upper(static_cast<char>(b));
        t[static_cast<std::size_t>(b)] = is_bacs_char(c) ? c : ' ';
    }
    return t;
}();

}  // namespace

bool to_bacs_name(std::string_view utf8, std::string& out, std::size_t width) {
    // A byte gives at most one character (ß, Æ: two bytes, two letters), and past `width`
    // only whether a letter follows matters: written straight into `out`, no growth.
    out.resize(std::min(utf8.size(), width == std::string::npos ? utf8.size() : width + 2));
    char* const p = out.data();
    std::size_t n = 0;
    bool cut = false;
    auto put = [&](char c) {  // false once the value is known to be cut
        if (n < width) {
            p[n++] = c;
            return true;
        }
        cut = c != ' ';  // spaces past the width are padding; anything else is cut off
        return !cut;
    };
    std::size_t i = 0;
    // The ASCII bytes that fit, without the checks the rest needs (most names are all ASCII).
    for (const std::size_t fits = std::min(utf8.size(), width); i < fits; ++i) {
        const char c = ascii_in_bacs[static_cast<unsigned char>(utf8[i])];
        if (c == 0) break;
        p[n++] = c;
    }
    while (i < utf8.size() && !cut) {
        if (static_cast<unsigned char>(utf8[i]) < 0x80) {
            put(ascii_in_bacs[static_cast<unsigned char>(utf8[i++])]);
            continue;
        }
        const char32_t cp = next_code_point(utf8, i);
        if (cp >= 0x300 && cp <= 0x36F) continue;  // a combining accent (e + U+0301): the letter keeps none
        if (const char* base = base_letters(cp)) {
            for (; *base && put(*base); ++base) {}
        } else {
            put(' ');
        }
    }
    while (n > 0 && p[n - 1] == ' ') --n;  // padding, not text
    out.resize(n);
    return cut;
}

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

std::string check_reference(std::string_view text, std::string& out) {
    text = trim_cell(text);
    if (text.empty()) {
        out.clear();
        return "no reference";
    }
    // One pass (a million references in a large run): upper-cased into `out`, every byte a
    // Bacs character or not, the letters and digits counted, and whether they are all the
    // first character.
    out.resize(text.size());
    char* const p = out.data();
    bool bacs = true, one_repeated = true;
    std::size_t alnum = 0;
    const char first = upper(text.front());
    for (std::size_t k = 0; k < text.size(); ++k) {
        const char c = upper(text[k]);
        p[k] = c;
        // ascii_in_bacs gives a Bacs character itself, anything else a space or 0 (from 0x80)
        bacs = bacs && ascii_in_bacs[static_cast<unsigned char>(c)] == c;
        if (is_letter_or_digit(c)) {
            ++alnum;
            one_repeated = one_repeated && c == first;
        }
    }
    const auto what = [&] { return "reference " + quoted(text); };  // only when refused
    if (!bacs)  // the first character that is not, as the payer wrote it (a UTF-8 sequence whole)
        for (std::size_t i = 0; i < out.size();) {
            const std::size_t at = i;
            const char32_t cp = next_code_point(out, i);
            if (cp >= 0x80 || !is_bacs_char(static_cast<char>(cp)))
                return what() + " holds '" + std::string(out.substr(at, i - at)) +
                       "', not a Bacs character (A-Z, 0-9, '.', '&', '/', '-', space)";
        }
    if (out.size() < 6) return what() + " is shorter than 6 characters";
    if (out.size() > bacs_field_width) return what() + " is longer than 18 characters";
    if (alnum < 6) return what() + " has fewer than 6 letters or digits";
    if (!is_letter_or_digit(first)) return what() + " does not start with a letter or digit";
    if (out.rfind("DDIC", 0) == 0) return what() + " starts with DDIC (kept for indemnity claims)";
    if (one_repeated) return what() + " is one character repeated";
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
    auto at = [&](std::string_view name) {
        const auto it = std::find(header.begin(), header.end(), name);
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

std::string bank_details(const TextTable& t, std::size_t row, const BankColumns& c, TransferredDetails moved,
                         BacsPayee& out) {
    auto cell = [&](int column) {
        return column < 0 ? std::string_view() : trim_cell(t.at(row, static_cast<std::size_t>(column)));
    };
    const bool moved_sort_code = !moved.sort_code.empty(), moved_account = !moved.account_number.empty();
    const std::string_view sort_code = moved_sort_code ? moved.sort_code : cell(c.sort_code);
    const std::string_view account = moved_account ? moved.account_number : cell(c.account_number);
    constexpr std::string_view transferred = " (from the latest ADDACS transfer)";
    if (std::string why = check_sort_code(sort_code, out.sort_code); !why.empty())
        return moved_sort_code ? why.append(transferred) : why;
    if (std::string why = check_account_number(account, out.account); !why.empty())
        return moved_account ? why.append(transferred) : why;
    if (std::string why = check_reference(cell(c.reference), out.reference); !why.empty()) return why;
    std::string_view name = cell(c.account_name);
    if (name.empty()) name = cell(c.name);
    out.name_cut = to_bacs_name(name, out.name);
    if (out.name.empty())
        return name.empty() ? "no account name" : "account name " + quoted(name) + " has no Bacs character";
    return {};
}

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

// Offsets (0-based) of a data record's fields: §14's positions less one. [HSBC] "Standard
// Records" and "Contra Record"; [FD] "Standard Record mapping", "Contra Record mapping".
constexpr std::size_t at_payer_sort_code = 0;  //   1-6   destination sorting code
constexpr std::size_t at_payer_account = 6;    //   7-14  destination account number
constexpr std::size_t at_account_type = 14;    //  15     destination account type: 0
constexpr std::size_t at_code = 15;            //  16-17  transaction code: 17 (99 contra)
constexpr std::size_t at_user_sort_code = 17;  //  18-23  originating sorting code
constexpr std::size_t at_user_account = 23;    //  24-31  originating account number
constexpr std::size_t at_free = 31;            //  32-35  free format / RTI: blank
constexpr std::size_t at_amount = 35;          //  36-46  amount in pence, 11 digits
constexpr std::size_t at_user_name = 46;       //  47-64  service user's (originator's) name
constexpr std::size_t at_reference = 64;       //  65-82  service user's reference
constexpr std::size_t at_payer_name = 82;      //  83-100 destination account name
constexpr std::size_t at_processing = 100;     // 101-106 processing day ` YYDDD` (multi-day files)
constexpr std::size_t amount_digits = 11;
constexpr std::uint64_t max_amount = 99'999'999'999;  // 11 digits of pence

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

namespace {

// The held form's fields (bacs_held_length): where each starts, and the record's offsets it
// goes back to.
constexpr std::size_t held_payer = 0;                     // sort code, account: at_payer_sort_code, 14
constexpr std::size_t held_amount = 14;                   // at_amount, 11 digits
constexpr std::size_t held_names = 25;                    // reference, account name: at_reference, 36
constexpr std::size_t held_day = 25 + 2 * bacs_field_width;  // at_processing, 6
static_assert(held_day + 6 == bacs_held_length);
static_assert(at_payer_account + 8 == at_account_type && at_reference + bacs_field_width == at_payer_name &&
              at_payer_name + bacs_field_width == at_processing);

// A standard record of `o` with the payer's fields blank (each is filled in for each record).
std::string model_record(const BacsOriginator& o) {
    std::string model;
    BacsPayee blank;
    blank.sort_code.fill('0');
    blank.account.fill('0');
    append_record(model, o, blank, Money(1), "      ");
    return model;
}

}  // namespace

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

// ---- the records of a run's collections ---------------------------------------------------

namespace {

Date working_day_after(const Calendar& calendar, Date d) {
    do d += date::days(1);
    while (!calendar.is_working_day(d));
    return d;
}

}  // namespace

void BacsBatch::clear() {
    text.clear();
    runs.clear();
    reported.clear();
    later = names_cut = left_out = 0;
    pending_.clear();
    payees_used_ = 0;  // their strings keep their buffers for the next accounts
}

void BacsBatch::add(std::string_view id, std::span<const Due> collections,
                    const std::function<std::string(BacsPayee&)>& details) {
    const Date last = originator_.date + date::days(31);  // Bacs takes no processing day further ahead
    const std::size_t mark = pending_.size();
    const auto payee = static_cast<std::uint32_t>(payees_used_);
    Money in_file;
    for (const Due& c : collections) {
        if (c.processing > last) {
            ++later;
            continue;
        }
        if (c.processing <= originator_.date) {
            reported.push_back("bacs: account " + std::string(id) + "'s collection of " + money_words(c.amount) +
                               " on " + to_string(c.collection_date) + " is processed on " + to_string(c.processing) +
                               ", not after the file's date " + to_string(originator_.date) +
                               " (--bacs-date): too late for this Bacs file");
            ++left_out;
            continue;
        }
        if (report_closed_ && !calendar_.is_working_day(c.collection_date))
            reported.push_back("bacs: account " + std::string(id) + " is collected on " + to_string(c.collection_date) +
                               ", which is not a working day of the collection calendar: processed on " +
                               to_string(c.processing) + ", Bacs debits it on " +
                               to_string(working_day_after(calendar_, c.processing)));
        in_file = in_file + c.amount;
        pending_.push_back({c.collection_date, c.processing, payee, c.amount});
    }
    const std::size_t count = pending_.size() - mark;
    if (count == 0) return;
    if (payees_used_ == payees_.size()) payees_.emplace_back();
    BacsPayee& p = payees_[payees_used_];
    if (const std::string why = details(p); !why.empty()) {
        const Date first = pending_[mark].collection_date, final = pending_.back().collection_date;
        pending_.resize(mark);
        left_out += count;
        reported.push_back(count == 1
                               ? "bacs: account " + std::string(id) + "'s collection of " + money_words(in_file) +
                                     " on " + to_string(first) + " is left out of the Bacs file: " + why
                               : "bacs: account " + std::string(id) + "'s " + std::to_string(count) + " collections, " +
                                     money_words(in_file) + " from " + to_string(first) + " to " + to_string(final) +
                                     ", are left out of the Bacs file: " + why);
        return;
    }
    ++payees_used_;
    if (p.name_cut) ++names_cut;
}

void BacsBatch::finish() {
    if (pending_.empty()) return;
    // A counting sort by collection date (a few weeks of days) keeps the order added within a date.
    const auto [lo, hi] = std::minmax_element(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
        return a.collection_date < b.collection_date;
    });
    const Date first = lo->collection_date;
    const auto days = static_cast<std::size_t>((hi->collection_date - first).count()) + 1;
    count_.assign(days + 1, 0);
    for (const Pending& p : pending_) ++count_[static_cast<std::size_t>((p.collection_date - first).count()) + 1];
    for (std::size_t d = 0; d < days; ++d) count_[d + 1] += count_[d];
    sorted_.resize(pending_.size());
    for (const Pending& p : pending_)
        sorted_[count_[static_cast<std::size_t>((p.collection_date - first).count())]++] = p;
    // Each record is one made once (the originator's fields, the codes) with its payer's
    // fields (made once a payer), amount and day filled in: a large run has a million records
    // or more. Every field filled in is filled in for each record, so the one line is reused.
    const std::string model = model_record(originator_);
    char line[bacs_line];
    std::memcpy(line, model.data(), bacs_line);
    const bool held = form_ == Form::held;
    payer_fields_.resize(payees_used_ * payer_width);
    for (std::size_t k = 0; k < payees_used_; ++k) {
        char* f = payer_fields_.data() + k * payer_width;
        put_chars(f, 0, payees_[k].sort_code);
        put_chars(f, 6, payees_[k].account);
        put_text(f, 14, bacs_field_width, payees_[k].reference);
        put_text(f, 14 + bacs_field_width, bacs_field_width, payees_[k].name);
    }
    text.reserve(text.size() + sorted_.size() * (held ? bacs_held_length : bacs_line));
    char day[6] = {};
    Date day_of{};
    for (std::size_t k = 0; k < sorted_.size(); ++k) {
        const Pending& p = sorted_[k];
        if (k > 0 && p.collection_date != sorted_[k - 1].collection_date)
            runs.emplace_back(sorted_[k - 1].collection_date.time_since_epoch().count(), text.size());
        if (k == 0 || p.processing != day_of) {
            day_of = p.processing;
            put_bacs_date(day, day_of);
        }
        if (p.amount.pence() <= 0 || static_cast<std::uint64_t>(p.amount.pence()) > max_amount)
            throw InputError("a Bacs debit of " + p.amount.to_string() + " is not 0.01 to 999,999,999.99");
        const char* f = payer_fields_.data() + p.payee * payer_width;
        if (held) {  // BacsWriter::held_records()'s form
            char h[bacs_held_length];
            std::memcpy(h + held_payer, f, 14);
            put_number(h, held_amount, amount_digits, static_cast<std::uint64_t>(p.amount.pence()));
            std::memcpy(h + held_names, f + 14, 2 * bacs_field_width);
            std::memcpy(h + held_day, day, 6);
            text.append(h, bacs_held_length);
            continue;
        }
        std::memcpy(line + at_payer_sort_code, f, 14);                   // sort code, account
        std::memcpy(line + at_reference, f + 14, 2 * bacs_field_width);  // reference, account name
        put_number(line, at_amount, amount_digits, static_cast<std::uint64_t>(p.amount.pence()));
        std::memcpy(line + at_processing, day, 6);
        text.append(line, bacs_line);
    }
    runs.emplace_back(sorted_.back().collection_date.time_since_epoch().count(), text.size());
}

// ---- collections already submitted ------------------------------------------------------

namespace {

constexpr std::int32_t day_number(Date d) noexcept { return static_cast<std::int32_t>(d.time_since_epoch().count()); }
Date from_day_number(std::int32_t n) noexcept { return Date(date::days(n)); }

bool debit_code(std::string_view code) noexcept { return code == "01" || code == "17" || code == "18" || code == "19"; }

}  // namespace

std::size_t SubmittedCollections::add_file(const std::string& path, const Calendar& collection) {
    const std::string text = read_whole_file(path, path, max_submitted_bytes, "a bank file");
    return add_text(text, path, collection);
}

std::size_t SubmittedCollections::add_text(std::string_view text, std::string_view source, const Calendar& collection) {
    std::string_view start = text;
    if (start.substr(0, 3) == "\xEF\xBB\xBF") start.remove_prefix(3);
    const std::size_t first = start.find_first_not_of(" \t\r\n");
    if (start.substr(0, 4) == "VOL1") return add_bacs(text, source, collection);
    if (first != std::string_view::npos && start[first] == '[') return add_json(text, source);
    return add_csv(text, source);
}

std::size_t SubmittedCollections::add_bacs(std::string_view text, std::string_view source, const Calendar& collection) {
    const auto source_index = static_cast<std::uint32_t>(sources_.size());
    sources_.push_back(std::string(source) + " line");
    std::optional<Date> file_day;  // UHL1's processing day (a single-day file's records have none)
    std::size_t rows = 0;
    std::uint64_t line_number = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        const std::string where = std::string(source) + " line " + std::to_string(line_number) + ": ";
        const std::string_view name = line.substr(0, 4);
        if (name == "UHL1") {
            if (line.size() >= 10 && line.substr(4, 6) != "      ") {
                file_day = parse_bacs_date(line.substr(4, 6));
                if (!file_day)
                    throw InputError(where + "UHL1's processing day '" + std::string(line.substr(4, 6)) +
                                     "' is not ' YYDDD'");
            }
            continue;
        }
        if (name == "VOL1" || name == "HDR1" || name == "HDR2" || name == "EOF1" || name == "EOF2" || name == "UTL1" ||
            name == "UHL2" || name == "UTL2") {
            continue;
        }
        if (line.size() < 100)
            throw InputError(where + "a Standard 18 record is 100 or 106 characters, this line " +
                             std::to_string(line.size()));
        const std::string_view code = line.substr(at_code, 2);
        if (!debit_code(code)) continue;  // a contra (99), a credit, an instruction (0N, 0C, 0S)
        const std::string_view amount = line.substr(at_amount, amount_digits);
        if (!std::all_of(amount.begin(), amount.end(), is_digit))
            throw InputError(where + "amount '" + std::string(amount) + "' (positions 36-46) is not 11 digits");
        std::optional<Date> day = file_day;
        if (line.size() >= bacs_record_length && line.substr(at_processing, 6) != "      ") {
            day = parse_bacs_date(line.substr(at_processing, 6));
            if (!day)
                throw InputError(where + "processing day '" + std::string(line.substr(at_processing, 6)) +
                                 "' (positions 101-106) is not ' YYDDD'");
        }
        if (!day) throw InputError(where + "the record has no processing day, nor has the file's UHL1");
        std::string_view reference = line.substr(at_reference, bacs_field_width);
        while (!reference.empty() && reference.back() == ' ') reference.remove_suffix(1);
        while (!reference.empty() && reference.front() == ' ') reference.remove_prefix(1);
        std::int64_t pence = 0;
        for (char c : amount) pence = pence * 10 + (c - '0');
        Date collected;
        try {
            collected = working_day_after(collection, *day);
        } catch (const std::out_of_range&) {
            throw InputError(where + "processing day " + arrears::to_string(*day) + " is outside the calendar's years");
        }
        by_reference_.push_back(
            {std::string(reference), day_number(*day), day_number(collected), pence, source_index, line_number});
        ++rows;
    }
    return rows;
}

void SubmittedCollections::add_collection(std::string_view source, std::uint64_t line, std::string_view account_id,
                                          std::string_view date, std::string_view amount, std::string_view label) {
    const std::string where = std::string(source) + " " + std::string(label) + " " + std::to_string(line) + ": ";
    account_id = trim_cell(account_id);
    if (account_id.empty()) throw InputError(where + "account_id is empty");
    Date d;
    const char* why = nullptr;
    if (!try_parse_date(trim_cell(date), d, why))
        throw InputError(where + "collection_date '" + std::string(date) + "' is not a date: " + why);
    Money m;
    try {
        m = Money::parse(trim_cell(amount));
    } catch (const InputError& e) {
        throw InputError(where + "amount: " + e.what());
    }
    by_account_.push_back({std::string(account_id), day_number(d), day_number(d), m.pence(),
                           static_cast<std::uint32_t>(sources_.size() - 1), line});
}

std::size_t SubmittedCollections::add_csv(std::string_view text, std::string_view source) {
    const TextTable t = parse_csv(text, source);
    const int id = t.column("account_id"), date = t.column("collection_date"), amount = t.column("amount");
    if (id < 0 || date < 0 || amount < 0)
        throw InputError(std::string(source) +
                         ": neither a Standard 18 file (it does not begin with VOL1) nor a collection file "
                         "(its header lacks account_id, collection_date or amount)");
    sources_.push_back(std::string(source) + " line");
    for (std::size_t r = 0; r < t.rows(); ++r) {
        if (!t.row_error[r].empty())
            throw InputError(std::string(source) + " line " + std::to_string(t.line[r]) + ": " + t.row_error[r]);
        add_collection(source, t.line[r], t.at(r, static_cast<std::size_t>(id)),
                       t.at(r, static_cast<std::size_t>(date)), t.at(r, static_cast<std::size_t>(amount)), "line");
    }
    return t.rows();
}

std::size_t SubmittedCollections::add_json(std::string_view text, std::string_view source) {
    // A collection file in JSON (§12 --format json): an array of objects whose values are
    // strings (or null). Read event by event, so a large file is never held as a tree.
    struct Reader : nlohmann::json_sax<nlohmann::json> {
        SubmittedCollections& into;
        std::string_view source;
        int depth = 0;
        std::size_t rows = 0;
        std::string field, id, date, amount;
        bool has_id = false, has_date = false, has_amount = false;
        Reader(SubmittedCollections& s, std::string_view src) : into(s), source(src) {}

        [[noreturn]] void bad(const std::string& why) const {
            throw InputError(std::string(source) + " row " + std::to_string(rows + 1) + ": " + why);
        }
        bool value(const std::string& v) {
            if (depth != 2) bad("not an array of objects");
            if (field == "account_id")
                id = v, has_id = true;
            else if (field == "collection_date")
                date = v, has_date = true;
            else if (field == "amount")
                amount = v, has_amount = true;
            return true;
        }
        bool null() override { return depth == 2 ? true : (bad("not an array of objects"), false); }
        bool boolean(bool) override { return value(""); }
        bool number_integer(number_integer_t) override { return other_number(); }
        bool number_unsigned(number_unsigned_t) override { return other_number(); }
        bool number_float(number_float_t, const string_t&) override { return other_number(); }
        bool other_number() {
            if (field == "amount" || field == "collection_date" || field == "account_id")
                bad(field + " is a number: collection files hold money and dates as strings");
            return value("");
        }
        bool string(string_t& v) override { return value(v); }
        bool binary(binary_t&) override { return value(""); }
        bool start_object(std::size_t) override {
            if (++depth != 2) bad("not an array of objects");
            has_id = has_date = has_amount = false;
            return true;
        }
        bool end_object() override {
            --depth;
            if (!has_id || !has_date || !has_amount) bad("the object lacks account_id, collection_date or amount");
            into.add_collection(source, rows + 1, id, date, amount, "row");
            ++rows;
            return true;
        }
        bool start_array(std::size_t) override {
            if (++depth != 1) bad("not an array of objects");
            return true;
        }
        bool end_array() override {
            --depth;
            return true;
        }
        bool key(string_t& k) override {
            field = k;
            return true;
        }
        bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
            throw InputError(std::string(source) + ": not readable JSON at byte " + std::to_string(position) + " (" +
                             e.what() + ")");
        }
    };
    sources_.push_back(std::string(source) + " row");
    Reader reader(*this, source);
    nlohmann::json::sax_parse(text.begin(), text.end(), &reader);
    return reader.rows;
}

void SubmittedCollections::finish() {
    const auto order = [](const Entry& a, const Entry& b) { return std::tie(a.key, a.day) < std::tie(b.key, b.day); };
    std::stable_sort(by_account_.begin(), by_account_.end(), order);
    std::stable_sort(by_reference_.begin(), by_reference_.end(), order);
}

std::optional<SubmittedCollections::Earlier> SubmittedCollections::find(std::string_view account_id,
                                                                        std::string_view reference,
                                                                        Date collection_date, Date processing,
                                                                        Money amount) const {
    const Entry* first = nullptr;
    auto look = [&](const std::vector<Entry>& list, std::string_view key, Date day) -> const Entry* {
        if (key.empty()) return nullptr;
        const std::int32_t n = day_number(day);
        auto it = std::lower_bound(list.begin(), list.end(), std::pair(key, n), [](const Entry& e, const auto& k) {
            return std::pair(std::string_view(e.key), e.day) < k;
        });
        for (; it != list.end() && it->key == key && it->day == n; ++it) {
            if (it->pence == amount.pence()) return &*it;
            if (!first) first = &*it;
        }
        return nullptr;
    };
    const Entry* same = look(by_account_, account_id, collection_date);
    if (!same) same = look(by_reference_, reference, processing);
    const Entry* e = same ? same : first;
    if (!e) return std::nullopt;
    return Earlier{Money(e->pence), from_day_number(e->collected), sources_[e->source] + " " + std::to_string(e->line)};
}

std::string submitted_message(std::string_view id, Money amount, Date collection_date,
                              const SubmittedCollections::Earlier& earlier) {
    const std::string which = "submitted: account " + std::string(id) + "'s collection of " + money_words(amount) +
                              " on " + to_string(collection_date);
    if (earlier.amount == amount)
        return which + " is already in " + earlier.where + ": left out of this run's bank files";
    return which + " conflicts with " + earlier.where + ": recall the earlier debit of " + money_words(earlier.amount) +
           " on " + to_string(earlier.collection_date) + " first; left out of this run's bank files";
}

}  // namespace arrears::io
