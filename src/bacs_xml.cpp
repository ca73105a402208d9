// Reading a Bacs report's XML (see bacs_xml.hpp).
#include "bacs_xml.hpp"
#include <arrears/io/file.hpp>

#include <arrears/error.hpp>
#include <arrears/io/encoding.hpp>

#include <algorithm>
#include <array>
#include <cstring>

namespace arrears::io::detail {

namespace {

std::string hex_byte(unsigned char c) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[c >> 4] + digits[c & 15];
}

std::uint64_t line_at(std::string_view text, std::size_t offset) {
    return 1 + static_cast<std::uint64_t>(std::count(
                   text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())), '\n'));
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The `encoding` of an XML declaration at the start of `text` (`<?xml version = '1.0'
// encoding = 'UTF-8'?>`: spaces around `=` and either quote, as real reports write it), or
// empty when there is no declaration or it names none. A declaration that cannot be read is
// left to pugixml, which then refuses it.
std::string declared_encoding(std::string_view text) {
    if (text.size() < 6 || text.substr(0, 5) != "<?xml" || !xml_space(text[5])) return {};
    const std::size_t end = text.find("?>");
    if (end == std::string_view::npos) return {};
    std::string_view rest = text.substr(5, end - 5);
    while (true) {
        while (!rest.empty() && xml_space(rest.front())) rest.remove_prefix(1);
        std::size_t n = 0;
        while (n < rest.size() && !xml_space(rest[n]) && rest[n] != '=') ++n;
        if (n == 0) return {};
        const std::string_view name = rest.substr(0, n);
        rest.remove_prefix(n);
        while (!rest.empty() && xml_space(rest.front())) rest.remove_prefix(1);
        if (rest.empty() || rest.front() != '=') return {};
        rest.remove_prefix(1);
        while (!rest.empty() && xml_space(rest.front())) rest.remove_prefix(1);
        if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) return {};
        const std::size_t close = rest.find(rest.front(), 1);
        if (close == std::string_view::npos) return {};
        if (name == "encoding") return std::string(rest.substr(1, close - 1));
        rest.remove_prefix(close + 1);
    }
}

enum class ByteEncoding { utf8, latin1, windows_1252 };

// Windows-1252's bytes 0x80-0x9F (the rest is ISO-8859-1); 0 where it has no character.
constexpr std::array<char16_t, 32> cp1252_high{0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                               0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                               0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                               0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// `bytes` of a single-byte encoding in UTF-8 (a line break stays one byte, so lines count alike).
std::string single_byte_to_utf8(std::string_view bytes, ByteEncoding enc, std::string_view source,
                                std::string_view declared) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        char32_t c = b;
        if (enc == ByteEncoding::windows_1252 && b >= 0x80 && b < 0xA0) {
            c = cp1252_high[b - 0x80];
            if (c == 0)
                throw InputError(std::string(source) + " line " + std::to_string(line_at(bytes, i)) + ": byte " +
                                 hex_byte(b) + " is no character of " + std::string(declared) +
                                 ", the encoding the report declares");
        }
        append_utf8(out, c);
    }
    return out;
}

// The report's text in UTF-8, by the encoding it declares (XML 1.0 §4.3.3: none declared and
// no byte order mark is UTF-8).
std::string decode_report(std::string_view bytes, std::string_view source) {
    const std::string where(source);
    auto starts = [&](std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; };
    using namespace std::string_view_literals;
    if (starts("\xFF\xFE"sv) || starts("\xFE\xFF"sv) || starts("\0<"sv) || starts("<\0"sv) || starts("\0\0"sv))
        throw InputError(where +
                         ": a UTF-16 or UTF-32 file; arrears reads Bacs reports in UTF-8, ISO-8859-1 or "
                         "windows-1252 (save it as UTF-8)");
    const bool bom = starts("\xEF\xBB\xBF"sv);
    if (bom) bytes.remove_prefix(3);
    const std::string declared = declared_encoding(bytes);
    const std::string name = lower_ascii(declared);
    ByteEncoding enc = ByteEncoding::utf8;
    if (name.empty() || name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii") {
        enc = ByteEncoding::utf8;
    } else if (name == "iso-8859-1" || name == "iso8859-1" || name == "iso_8859-1" || name == "latin1" ||
               name == "latin-1" || name == "l1") {
        enc = ByteEncoding::latin1;
    } else if (name == "windows-1252" || name == "cp1252") {
        enc = ByteEncoding::windows_1252;
    } else {
        throw InputError(where + ": declares the encoding '" + declared +
                         "', which arrears does not read (it reads UTF-8, ISO-8859-1 and windows-1252)");
    }
    if (bom && enc != ByteEncoding::utf8)
        throw InputError(where + ": begins with a UTF-8 byte order mark but declares the encoding '" + declared + "'");
    if (enc != ByteEncoding::utf8) return single_byte_to_utf8(bytes, enc, source, declared);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t bad = invalid_utf8_at(p, bytes.size());
    if (bad != bytes.size())
        throw InputError(where + " line " + std::to_string(line_at(bytes, bad)) + ": byte " + hex_byte(p[bad]) +
                         " is not UTF-8, " +
                         (declared.empty() ? std::string("which a report declaring no encoding must be")
                                           : "the encoding the report declares ('" + declared + "')") +
                         " (a report in ISO-8859-1 says so in its first line: <?xml version=\"1.0\" "
                         "encoding=\"ISO-8859-1\"?>)");
    return std::string(bytes);
}

std::string upper_trimmed(std::string_view s) {
    while (!s.empty() && xml_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && xml_space(s.back())) s.remove_suffix(1);
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace

void BacsXml::load(std::string_view bytes, std::string_view source) {
    const std::string where(source);
    text_ = decode_report(bytes, source);
    counted_to_ = 0;
    line_ = 1;
    // parse_doctype keeps the DTD as a node, to refuse one that declares entities; pugixml
    // itself never reads a DTD, expands an entity other than XML's five, or opens a file.
    const pugi::xml_parse_result parsed =
        doc_.load_buffer(text_.data(), text_.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
    if (!parsed)
        throw InputError(
            where + " line " +
            std::to_string(line_at(text_, static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0)))) +
            ": not readable XML (" + parsed.description() + ")");
    for (pugi::xml_node n = doc_.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_doctype && std::strstr(n.value(), "<!ENTITY") != nullptr)
            throw InputError(where + " line " + std::to_string(line_of(n)) +
                             ": declares entities in a DTD (<!DOCTYPE ... <!ENTITY ...>); a Bacs report has none, "
                             "and arrears never expands or fetches one, so it cannot read this report as written");
    counted_to_ = 0;
    line_ = 1;

    kind_ = BacsReportKind::other;
    advice_type_.clear();
    const pugi::xml_node d = data();
    if (d.child("ARUDD")) {
        kind_ = BacsReportKind::arudd;
        return;
    }
    // The first block's kind, unless a block is of a kind arrears does not read. (A report
    // holds one kind; the reader of mandates takes each block by its own header all the same.)
    bool first = true;
    for (pugi::xml_node block : d.children("MessagingAdvices")) {
        const std::string type = upper_trimmed(block.child("MessagingHeader").attribute("advice-type").value());
        const BacsReportKind k = type == "ADDACS"   ? BacsReportKind::addacs
                                 : type == "AUDACC" ? BacsReportKind::auddis_accepted
                                 : type == "AUDREJ" ? BacsReportKind::auddis_rejected
                                                    : BacsReportKind::other;
        if (first || k == BacsReportKind::other) {
            kind_ = k;
            advice_type_ = type;
        }
        first = false;
        if (k == BacsReportKind::other) return;
    }
}

std::uint64_t BacsXml::line_of(pugi::xml_node node) {
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(node.offset_debug(), 0));
    if (offset < counted_to_) {  // out of document order: count again from the start
        counted_to_ = 0;
        line_ = 1;
    }
    const std::size_t to = std::min(offset, text_.size());
    line_ += static_cast<std::uint64_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(counted_to_),
                                                   text_.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
    counted_to_ = to;
    return line_;
}

std::string describe(BacsReportKind kind) {
    switch (kind) {
    case BacsReportKind::arudd:
        return "an ARUDD report (returned debits)";
    case BacsReportKind::addacs:
        return "an ADDACS report (payers' banks' changes to Direct Debit Instructions)";
    case BacsReportKind::auddis_accepted:
    case BacsReportKind::auddis_rejected:
        return "an AUDDIS report (the results of lodging new instructions)";
    case BacsReportKind::other:
        break;
    }
    return "not a Bacs report arrears reads";
}

std::string read_report_file(const std::string& path, std::size_t max_bytes, std::string_view what) {
    return read_whole_file(path, path, max_bytes, what);
}

}  // namespace arrears::io::detail
