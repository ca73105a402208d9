// The Bacs character set (see io/bacs.hpp): a payer's or the council's name as a Bacs name
// field (to_bacs_name: upper case, accents dropped, anything else a space) and the check of a
// payer's reference (check_reference).
//
// The set (A-Z, 0-9, '.', '&', '/', '-', space) and the name and reference fields' width of
// 18 are recovery-rules §14's; the documents it follows are listed in bacs_fields.hpp
// ([HSBC] "Standard Records": service user's reference 65-82, destination account name
// 83-100; [FD] "Standard Record mapping"). Which accented letters are known, and their base
// letters, is base_letters' list below.
#include <arrears/io/bacs.hpp>

#include "bacs_fields.hpp"

#include <arrears/io/cells.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace arrears::io {

using namespace bacs_fields;

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
}  // namespace arrears::io
