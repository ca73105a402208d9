// Letters from notices (see letters.hpp): a template is read in its declared character set,
// its <body> cut into literal pieces and placeholders once, and each letter is the pieces
// with the row's values between them. The bundled letter is the text below.
#include <arrears/io/letters.hpp>

#include <arrears/detail/names.hpp>
#include <arrears/error.hpp>
#include <arrears/io/columns.hpp>
#include <arrears/io/encoding.hpp>
#include <arrears/io/notices.hpp>
#include <arrears/notice.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace arrears::io {

std::string html_escape(std::string_view text) {
    static constexpr std::string_view special = "&<>\"'";
    static constexpr std::array<std::string_view, 5> entity{"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const std::size_t k = special.find(c);
        if (k == std::string_view::npos)
            out += c;
        else
            out += entity[k];
    }
    return out;
}

std::string placeholder_name(std::string_view column) {
    std::string out(column);
    for (char& c : out)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) c = '_';
    return out;
}

namespace {

// A column's kind in the notices (io/columns.hpp's notice_list), which says how a letter
// writes its cells: text for a kept column (never a notice column's name).
Kind notice_kind(std::string_view column) noexcept {
    Kind kind = Kind::text;
    notice_list.for_each([&](const auto& c) {
        if (c.name == column) kind = c.kind;
    });
    return kind;
}

bool is_notice_column(std::string_view column) noexcept {
    bool found = false;
    notice_list.for_each([&](const auto& c) { found = found || c.name == column; });
    return found;
}

char lower(char c) noexcept { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool equal_ci(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::size_t find_ci(std::string_view text, std::string_view what, std::size_t from = 0) {
    for (std::size_t i = from; i + what.size() <= text.size(); ++i)
        if (equal_ci(text.substr(i, what.size()), what)) return i;
    return std::string_view::npos;
}

std::size_t line_of(std::string_view text, std::size_t at) {
    return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
}

// The end (one past '>') of the tag that starts at text[at] == '<': quoted attribute values
// may hold '>'. npos when it never ends.
std::size_t tag_end(std::string_view text, std::size_t at) {
    char quote = 0;
    for (std::size_t k = at + 1; k < text.size(); ++k) {
        const char c = text[k];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            // Only an attribute value opens a quote: after '=' (and spaces).
            std::size_t b = k;
            while (b > at && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\n' || text[b - 1] == '\r'))
                --b;
            if (b > at && text[b - 1] == '=') quote = c;
        } else if (c == '>')
            return k + 1;
    }
    return std::string_view::npos;
}

// The tag's name, lower case (`style`, `/style`, `meta`).
std::string tag_name(std::string_view tag) {
    std::string name;
    for (std::size_t k = 1; k < tag.size(); ++k) {
        const char c = tag[k];
        if (!(std::isalnum(static_cast<unsigned char>(c)) || (c == '/' && k == 1) || c == '-')) break;
        name += lower(c);
    }
    return name;
}

// The attributes of a tag, names lower case: `<meta charset="x">` → {charset, x}.
std::vector<std::pair<std::string, std::string>> attributes(std::string_view tag) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t k = 1;
    while (k < tag.size() && !std::isspace(static_cast<unsigned char>(tag[k])) && tag[k] != '>') ++k;
    auto space = [&](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '/'; };
    while (k < tag.size()) {
        while (k < tag.size() && space(tag[k])) ++k;
        if (k >= tag.size() || tag[k] == '>') break;
        std::string name;
        while (k < tag.size() && !space(tag[k]) && tag[k] != '=' && tag[k] != '>') name += lower(tag[k++]);
        while (k < tag.size() && std::isspace(static_cast<unsigned char>(tag[k]))) ++k;
        std::string value;
        if (k < tag.size() && tag[k] == '=') {
            ++k;
            while (k < tag.size() && std::isspace(static_cast<unsigned char>(tag[k]))) ++k;
            if (k < tag.size() && (tag[k] == '"' || tag[k] == '\'')) {
                const char q = tag[k++];
                const std::size_t close = tag.find(q, k);
                value = std::string(tag.substr(k, close - k));
                k = close == std::string_view::npos ? tag.size() : close + 1;
            } else
                while (k < tag.size() && !std::isspace(static_cast<unsigned char>(tag[k])) && tag[k] != '>')
                    value += tag[k++];
        }
        out.emplace_back(std::move(name), std::move(value));
    }
    return out;
}

std::string trimmed_lower(std::string_view s) {
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == '"' || s.front() == '\''))
        s.remove_prefix(1);
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '"' || s.back() == '\''))
        s.remove_suffix(1);
    std::string out;
    for (char c : s) out += lower(c);
    return out;
}

// The content of a <style> as a letter copies it: as it is, unless it holds `{{` — never
// CSS, but a template written when every brace of a template was doubled (before §13 read
// placeholders only in the body's text; `arrears letter-template` printed such a copy): then
// its braces are undoubled, so that a council's existing template keeps its page layout.
std::string style_text(std::string_view css) {
    if (css.find("{{") == std::string_view::npos) return std::string(css);
    std::string out;
    for (std::size_t i = 0; i < css.size(); ++i) {
        out += css[i];
        if ((css[i] == '{' || css[i] == '}') && i + 1 < css.size() && css[i + 1] == css[i]) ++i;
    }
    return out;
}

// Every <style>'s content of `html` (a document's head) as style_text() makes it.
std::string with_styles(std::string_view html) {
    std::string out;
    std::size_t from = 0;
    for (std::size_t at = find_ci(html, "<style"); at != std::string_view::npos; at = find_ci(html, "<style", from)) {
        const std::size_t open_end = tag_end(html, at);
        if (open_end == std::string_view::npos) break;
        std::size_t close = find_ci(html, "</style", open_end);
        if (close == std::string_view::npos) close = html.size();
        out += html.substr(from, open_end - from);
        out += style_text(html.substr(open_end, close - open_end));
        from = close;
    }
    return out + std::string(html.substr(from));
}

// A character set declaration of a document's head (HTML's "prescan"): the meta tag's span
// and the label it declares.
struct Declaration {
    std::size_t at = 0, end = 0;
    std::string label;
};

// The declarations before the <body> (or in the whole text, a fragment without one).
std::vector<Declaration> declarations(std::string_view text) {
    std::vector<Declaration> out;
    const std::size_t body = find_ci(text, "<body");
    const std::size_t stop = body == std::string_view::npos ? text.size() : body;
    for (std::size_t at = find_ci(text, "<meta"); at < stop; at = find_ci(text, "<meta", at + 1)) {
        const std::size_t end = tag_end(text, at);
        if (end == std::string_view::npos) break;
        const std::string_view tag = text.substr(at, end - at);
        if (tag_name(tag) != "meta") continue;
        std::string charset, http_equiv, content;
        for (auto& [name, value] : attributes(tag)) {
            if (name == "charset") charset = value;
            if (name == "http-equiv") http_equiv = value;
            if (name == "content") content = value;
        }
        if (charset.empty() && equal_ci(trimmed_lower(http_equiv), "content-type")) {
            const std::size_t k = find_ci(content, "charset=");
            if (k != std::string::npos) {
                charset = content.substr(k + 8);
                charset = charset.substr(0, charset.find_first_of("; \t"));
            }
        }
        if (!charset.empty() || equal_ci(trimmed_lower(http_equiv), "content-type"))
            out.push_back({at, end, trimmed_lower(charset)});
    }
    return out;
}

// The labels browsers read as UTF-8 and as Windows-1252 (WHATWG Encoding, "Names and labels").
constexpr std::array<std::string_view, 6> utf8_labels{
    "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"};
constexpr std::array<std::string_view, 17> windows_1252_labels{
    "ansi_x3.4-1968", "ascii",        "cp1252",   "cp819",      "csisolatin1",     "ibm819", "iso-8859-1",
    "iso-ir-100",     "iso8859-1",    "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1",     "latin1",
    "us-ascii",       "windows-1252", "x-cp1252"};

std::string from_utf16(std::string_view bytes, bool little, std::string_view source) {
    std::string out;
    auto unit = [&](std::size_t k) {
        const auto a = static_cast<unsigned char>(bytes[k]), b = static_cast<unsigned char>(bytes[k + 1]);
        return static_cast<char32_t>(little ? (a | (b << 8)) : ((a << 8) | b));
    };
    for (std::size_t k = 0; k + 1 < bytes.size(); k += 2) {
        char32_t cp = unit(k);
        if (cp >= 0xD800 && cp <= 0xDBFF && k + 3 < bytes.size() && unit(k + 2) >= 0xDC00 && unit(k + 2) <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(k + 2) - 0xDC00);
            k += 2;
        } else if (cp >= 0xD800 && cp <= 0xDFFF)
            throw InputError(std::string(source) + ": invalid UTF-16 (a lone surrogate at byte " +
                             std::to_string(k + 1) + ")");
        if (cp < 0x80)
            out += static_cast<char>(cp);
        else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    if (bytes.size() % 2) throw InputError(std::string(source) + ": invalid UTF-16 (an odd number of bytes)");
    return out;
}

}  // namespace

std::string decode_html(std::string_view bytes, std::string_view source) {
    if (bytes.starts_with("\xEF\xBB\xBF"))
        bytes.remove_prefix(3);  // UTF-8's mark
    else if (bytes.starts_with("\xFF\xFE"))
        return from_utf16(bytes.substr(2), true, source);
    else if (bytes.starts_with("\xFE\xFF"))
        return from_utf16(bytes.substr(2), false, source);
    else {
        const std::vector<Declaration> declared = declarations(bytes);
        const std::string label = declared.empty() ? std::string() : declared.front().label;
        if (!label.empty() &&
            std::find(windows_1252_labels.begin(), windows_1252_labels.end(), label) != windows_1252_labels.end()) {
            CellDecoder decoder(Encoding::windows_1252);
            std::string out, why;
            if (!decoder.decode(bytes, out, why))
                throw InputError(std::string(source) + " declares charset=" + label +
                                 " but is not Windows-1252: " + why.substr(0, why.find(';')));
            return out;
        }
        if (!label.empty() && std::find(utf8_labels.begin(), utf8_labels.end(), label) == utf8_labels.end())
            throw InputError(std::string(source) + " declares the character set '" + label +
                             "', which arrears cannot read: save it as UTF-8 (Word: Tools > Web Options > "
                             "Encoding > Unicode (UTF-8)) or as Windows-1252");
    }
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t bad = invalid_utf8_at(p, bytes.size());
    if (bad != bytes.size()) {
        static constexpr char hex[] = "0123456789ABCDEF";
        const std::string byte{'0', 'x', hex[p[bad] >> 4], hex[p[bad] & 15]};
        throw InputError(std::string(source) + " line " + std::to_string(line_of(bytes, bad)) +
                         ": invalid UTF-8 (byte " + byte +
                         "); a file in Windows-1252 must declare it: <meta charset=\"windows-1252\">");
    }
    return std::string(bytes);
}

namespace {

// The bundled letter (recovery-rules §13 "The bundled letter"): plain words, 12 point body
// text on A4, the payer's address where a window envelope shows it (an address window of
// the common DL and C5 envelopes: about 20 mm from the left and 45 mm from the top of the
// page). Words in square brackets are the council's to fill in.
// The bundled letter's head ({LANG} and {TITLE} filled in by bundled_text()).
constexpr std::string_view bundled_head = R"(<!DOCTYPE html>
<html lang="{LANG}">
<head>
<meta charset="utf-8">
<title>{TITLE}</title>
<style>
@page { size: A4; margin: 15mm 18mm 15mm 20mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.35; color: #000; margin: 0; }
p, ul { margin: 0 0 0.55em; }
p:empty { display: none; }
ul { padding-left: 1.4em; }
.top { display: flex; justify-content: space-between; align-items: flex-start; min-height: 72mm; }
.address { width: 88mm; margin-top: 33mm; }
.council { text-align: right; }
.details { margin-top: 3mm; }
h1 { font-size: 16pt; margin: 0.5em 0 0.4em; }
h2 { font-size: 13pt; margin: 0.8em 0 0.25em; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; margin: 0.3em 0 0.6em; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.2em; }
th, td { border: 1px solid #000; padding: 0.1em 0.6em; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
.missing { font-weight: bold; border: 2px dashed #000; padding: 0.3em; }
.second { break-before: page; page-break-before: always; }
</style>
</head>
<body>
)";

// Its English letter.
constexpr std::string_view bundled_en = R"(<section class="letter" lang="en-GB">
<div class="top">
<p class="address">{address_block}</p>
<p class="council">[Council name]<br>[Address]<br>[Town and postcode]<br>Telephone: [telephone]<br>[website]</p>
</div>
<p class="details">Date: {notice_date}<br>
Your account number: {account_id}</p>
<p class="details">{details_block}</p>
<h1>The amounts we collect by Direct Debit are changing</h1>
<p>{greeting}</p>
<h2>Why this is happening</h2>
<p>Because of a problem with our systems [say briefly what happened], we could not collect
some of your Direct Debit payments. This was not your fault, and we are sorry.</p>
<p>We did not collect:</p>
{missed_list}
<p>That is {missed_amount} in all. {paid_text} This leaves <strong>{catch_up_total}</strong> to pay. Rather than take it
all at once, we will add it to your next collections.</p>
<h2>What we will collect</h2>
<p>Your regular {frequency} payment is {regular_amount}. The table shows each collection that
changes and what we will collect on that date.</p>
{schedule_table}
<p>{ended_text}</p>
<p>{resume_text}</p>
<h2>What you need to do</h2>
<p>Nothing else: your Direct Debit stays in place and we will collect these amounts on the
dates shown. Please make sure there is enough money in your account on each of those dates.</p>
<h2>If you cannot afford these amounts</h2>
<p>Please call us on [telephone] as soon as you can, and before {first_changed} if possible.
We can agree smaller payments over a longer time.</p>
<h2>Is this letter really from us?</h2>
<p>We will never ask for your bank details by email, text message or phone call. If you are
not sure this letter is from us, call us on the number shown on our website, [website], not
on a number given in an email or text message.</p>
<h2>Contact us</h2>
<p>[Team name], telephone [telephone] ([opening hours]), email [email]. Please quote your
account number, {account_id}. If you would like this letter in large print, Braille, audio
or another language, please ask us.</p>
<p>Yours sincerely,</p>
<p>[Name]<br>[Job title]</p>
<h2>The Direct Debit Guarantee</h2>
{guarantee}
</section>
)";

// Its Welsh letter (Welsh Language Standards; §13: marked for the council's translator to
// check). Dates, frequency and table in Welsh by the `_cy` placeholders.
constexpr std::string_view bundled_cy = R"(<section class="letter" lang="cy">
<!-- Welsh text: a draft for the council's translator to check before it is sent. -->
<div class="top">
<p class="address">{address_block}</p>
<p class="council">[Enw'r cyngor]<br>[Cyfeiriad]<br>[Tref a chod post]<br>Ffôn: [rhif ffôn]<br>[gwefan]</p>
</div>
<p class="details">Dyddiad: {notice_date_cy}<br>
Rhif eich cyfrif: {account_id}</p>
<p class="details">{details_block_cy}</p>
<h1>Mae'r symiau rydym yn eu casglu drwy Ddebyd Uniongyrchol yn newid</h1>
<p>{greeting_cy}</p>
<h2>Pam mae hyn yn digwydd</h2>
<p>Oherwydd problem gyda'n systemau [dywedwch yn fyr beth ddigwyddodd], ni fu modd i ni gasglu
rhai o'ch taliadau Debyd Uniongyrchol. Nid eich bai chi oedd hyn, ac mae'n ddrwg gennym.</p>
<p>Ni wnaethom gasglu:</p>
{missed_list_cy}
<p>Cyfanswm hyn yw {missed_amount}. {paid_text_cy} Mae hyn yn gadael <strong>{catch_up_total}</strong>
i'w dalu. Yn hytrach na'i gymryd i gyd ar unwaith, byddwn yn ei ychwanegu at eich casgliadau nesaf.</p>
<h2>Beth fyddwn yn ei gasglu</h2>
<p>Eich taliad arferol ({frequency_cy}) yw {regular_amount}. Mae'r tabl yn dangos pob casgliad
sy'n newid a'r hyn y byddwn yn ei gasglu ar y dyddiad hwnnw.</p>
{schedule_table_cy}
<p>{ended_text_cy}</p>
<p>{resume_text_cy}</p>
<h2>Beth sydd angen i chi ei wneud</h2>
<p>Dim byd arall: mae eich Debyd Uniongyrchol yn aros yn ei le a byddwn yn casglu'r symiau hyn
ar y dyddiadau a ddangosir. Gwnewch yn siŵr bod digon o arian yn eich cyfrif ar bob un o'r
dyddiadau hynny.</p>
<h2>Os na allwch fforddio'r symiau hyn</h2>
<p>Ffoniwch ni ar [rhif ffôn] cyn gynted ag y gallwch, a chyn {first_changed_cy} os yw'n bosibl.
Gallwn gytuno ar daliadau llai dros gyfnod hirach.</p>
<h2>Ai ni sydd wedi anfon y llythyr hwn?</h2>
<p>Ni fyddwn byth yn gofyn am fanylion eich banc drwy e-bost, neges destun na galwad ffôn. Os
nad ydych yn siŵr mai ni anfonodd y llythyr hwn, ffoniwch ni ar y rhif sydd ar ein gwefan,
[gwefan], nid ar rif a roddwyd mewn e-bost neu neges destun.</p>
<h2>Cysylltu â ni</h2>
<p>[Enw'r tîm], ffôn [rhif ffôn] ([oriau agor]), e-bost [e-bost]. Nodwch rif eich cyfrif,
{account_id}. Os hoffech gael y llythyr hwn mewn print bras, Braille, sain neu iaith arall,
gofynnwch i ni.</p>
<p>Yn gywir,</p>
<p>[Enw]<br>[Teitl swydd]</p>
<h2>Gwarant Debyd Uniongyrchol</h2>
{guarantee_cy}
</section>
)";

constexpr std::string_view bundled_tail = "</body>\n</html>\n";

// The closing part the replan letters share with the recovery letter (§13: how
// to check the letter is genuine, other formats, whom to contact, the Guarantee).
constexpr std::string_view replan_end_en = R"(<h2>Is this letter really from us?</h2>
<p>We will never ask for your bank details by email, text message or phone call. If you are
not sure this letter is from us, call us on the number shown on our website, [website], not
on a number given in an email or text message.</p>
<h2>Contact us</h2>
<p>[Team name], telephone [telephone] ([opening hours]), email [email]. Please quote your
account number, {account_id}. If you would like this letter in large print, Braille, audio
or another language, please ask us.</p>
<p>Yours sincerely,</p>
<p>[Name]<br>[Job title]</p>
<h2>The Direct Debit Guarantee</h2>
{guarantee}
</section>
)";

// The letter head the replan letters share with the recovery letter.
constexpr std::string_view replan_top_en = R"(<section class="letter" lang="en-GB">
<div class="top">
<p class="address">{address_block}</p>
<p class="council">[Council name]<br>[Address]<br>[Town and postcode]<br>Telephone: [telephone]<br>[website]</p>
</div>
<p class="details">Date: {notice_date}<br>
Your account number: {account_id}</p>
<p class="details">{details_block}</p>
)";

// §15 `revised`: a collection came back unpaid or a payment arrived since the last letter;
// the revised collections from the first that changes.
constexpr std::string_view revised_en = R"(<h1>Your revised Direct Debit collections</h1>
<p>{greeting}</p>
<h2>Why your collections are changing</h2>
<p>We wrote to you before to tell you what we would collect by Direct Debit. Since then,
things have changed, so we have worked out your collections again. This letter replaces the
amounts in our last letter from {first_changed} onwards.</p>
<p>{unpaid_text}</p>
{missed_list}
<p>{paid_text}</p>
<p>{previous_text} With
these changes there is now <strong>{catch_up_total}</strong> to pay. Rather than take it all
at once, we will add it to your next collections.</p>
<h2>What we will collect</h2>
<p>Your regular {frequency} payment is {regular_amount}. Collections before {first_changed}
stay as our last letter said. The table shows each collection that changes and what we will
now collect on that date.</p>
{schedule_table}
<p>{ended_text}</p>
<p>{resume_text}</p>
<h2>What you need to do</h2>
<p>Nothing else: your Direct Debit stays in place and we will collect these amounts on the
dates shown. Please make sure there is enough money in your account on each of those dates.</p>
<h2>If you cannot afford these amounts</h2>
<p>Please call us on [telephone] as soon as you can, and before {first_changed} if possible.
We can agree smaller payments over a longer time.</p>
)";

// §15 `catch_up_stops`: no more catch-up (paid another way, or in credit); the credit said
// plainly, never "£0.00 to pay".
constexpr std::string_view stops_en = R"(<h1>Your Direct Debit catch-up payments are stopping</h1>
<p>{greeting}</p>
<h2>Why your collections are changing</h2>
<p>We wrote to you before to say that we would add catch-up payments to your Direct Debit
collections. {previous_text}</p>
<p>{unpaid_text}</p>
{missed_list}
<p>{paid_text}</p>
<p>So there is no more catch-up to pay, and from {first_changed} we will stop collecting it.
{credit_text}</p>
<h2>What we will collect</h2>
<p>Your regular {frequency} payment is {regular_amount}. Collections before {first_changed}
stay as our last letter said. The table shows each collection that changes and what we will
now collect on that date.</p>
{schedule_table}
<p>{ended_text}</p>
<p>{resume_text}</p>
<h2>What you need to do</h2>
<p>Nothing else: your Direct Debit stays in place and we will collect these amounts on the
dates shown. Please make sure there is enough money in your account on each of those dates.</p>
<h2>If you have a question</h2>
<p>Please call us on [telephone] if anything in this letter is not what you expected.</p>
)";

// Their Welsh (a draft for the council's translator to check, as the recovery letter's).
constexpr std::string_view replan_top_cy = R"(<section class="letter" lang="cy">
<!-- Welsh text: a draft for the council's translator to check before it is sent. -->
<div class="top">
<p class="address">{address_block}</p>
<p class="council">[Enw'r cyngor]<br>[Cyfeiriad]<br>[Tref a chod post]<br>Ffôn: [rhif ffôn]<br>[gwefan]</p>
</div>
<p class="details">Dyddiad: {notice_date_cy}<br>
Rhif eich cyfrif: {account_id}</p>
<p class="details">{details_block_cy}</p>
)";

constexpr std::string_view revised_cy = R"(<h1>Eich casgliadau Debyd Uniongyrchol diwygiedig</h1>
<p>{greeting_cy}</p>
<h2>Pam mae eich casgliadau'n newid</h2>
<p>Fe wnaethom ysgrifennu atoch o'r blaen i ddweud beth y byddem yn ei gasglu drwy Ddebyd
Uniongyrchol. Ers hynny, mae pethau wedi newid, felly rydym wedi cyfrifo eich casgliadau eto.
Mae'r llythyr hwn yn disodli'r symiau yn ein llythyr diwethaf o {first_changed_cy} ymlaen.</p>
<p>{unpaid_text_cy}</p>
{missed_list_cy}
<p>{paid_text_cy}</p>
<p>{previous_text_cy}
Gyda'r newidiadau hyn, mae <strong>{catch_up_total}</strong> i'w dalu nawr. Yn hytrach na'i
gymryd i gyd ar unwaith, byddwn yn ei ychwanegu at eich casgliadau nesaf.</p>
<h2>Beth fyddwn yn ei gasglu</h2>
<p>Eich taliad arferol ({frequency_cy}) yw {regular_amount}. Mae casgliadau cyn
{first_changed_cy} yn aros fel y dywedodd ein llythyr diwethaf. Mae'r tabl yn dangos pob
casgliad sy'n newid a'r hyn y byddwn yn ei gasglu nawr ar y dyddiad hwnnw.</p>
{schedule_table_cy}
<p>{ended_text_cy}</p>
<p>{resume_text_cy}</p>
<h2>Beth sydd angen i chi ei wneud</h2>
<p>Dim byd arall: mae eich Debyd Uniongyrchol yn aros yn ei le a byddwn yn casglu'r symiau hyn
ar y dyddiadau a ddangosir. Gwnewch yn siŵr bod digon o arian yn eich cyfrif ar bob un o'r
dyddiadau hynny.</p>
<h2>Os na allwch fforddio'r symiau hyn</h2>
<p>Ffoniwch ni ar [rhif ffôn] cyn gynted ag y gallwch, a chyn {first_changed_cy} os yw'n bosibl.
Gallwn gytuno ar daliadau llai dros gyfnod hirach.</p>
)";

constexpr std::string_view stops_cy = R"(<h1>Mae eich taliadau ychwanegol Debyd Uniongyrchol yn dod i ben</h1>
<p>{greeting_cy}</p>
<h2>Pam mae eich casgliadau'n newid</h2>
<p>Fe wnaethom ysgrifennu atoch o'r blaen i ddweud y byddem yn ychwanegu taliadau ychwanegol at
eich casgliadau Debyd Uniongyrchol. {previous_text_cy}</p>
<p>{unpaid_text_cy}</p>
{missed_list_cy}
<p>{paid_text_cy}</p>
<p>Felly nid oes mwy o daliadau ychwanegol i'w talu, ac o {first_changed_cy} byddwn yn rhoi'r
gorau i'w casglu. {credit_text_cy}</p>
<h2>Beth fyddwn yn ei gasglu</h2>
<p>Eich taliad arferol ({frequency_cy}) yw {regular_amount}. Mae casgliadau cyn
{first_changed_cy} yn aros fel y dywedodd ein llythyr diwethaf. Mae'r tabl yn dangos pob
casgliad sy'n newid a'r hyn y byddwn yn ei gasglu nawr ar y dyddiad hwnnw.</p>
{schedule_table_cy}
<p>{ended_text_cy}</p>
<p>{resume_text_cy}</p>
<h2>Beth sydd angen i chi ei wneud</h2>
<p>Dim byd arall: mae eich Debyd Uniongyrchol yn aros yn ei le a byddwn yn casglu'r symiau hyn
ar y dyddiadau a ddangosir. Gwnewch yn siŵr bod digon o arian yn eich cyfrif ar bob un o'r
dyddiadau hynny.</p>
<h2>Os oes gennych gwestiwn</h2>
<p>Ffoniwch ni ar [rhif ffôn] os nad yw unrhyw beth yn y llythyr hwn fel yr oeddech yn ei
ddisgwyl.</p>
)";

constexpr std::string_view replan_end_cy = R"(<h2>Ai ni sydd wedi anfon y llythyr hwn?</h2>
<p>Ni fyddwn byth yn gofyn am fanylion eich banc drwy e-bost, neges destun na galwad ffôn. Os
nad ydych yn siŵr mai ni anfonodd y llythyr hwn, ffoniwch ni ar y rhif sydd ar ein gwefan,
[gwefan], nid ar rif a roddwyd mewn e-bost neu neges destun.</p>
<h2>Cysylltu â ni</h2>
<p>[Enw'r tîm], ffôn [rhif ffôn] ([oriau agor]), e-bost [e-bost]. Nodwch rif eich cyfrif,
{account_id}. Os hoffech gael y llythyr hwn mewn print bras, Braille, sain neu iaith arall,
gofynnwch i ni.</p>
<p>Yn gywir,</p>
<p>[Enw]<br>[Teitl swydd]</p>
<h2>Gwarant Debyd Uniongyrchol</h2>
{guarantee_cy}
</section>
)";

// One language's letter of a kind.
std::string letter_body(Language language, LetterKind kind) {
    const bool cy = language == Language::cy;
    if (kind == LetterKind::recovery) return std::string(cy ? bundled_cy : bundled_en);
    const std::string_view middle =
        kind == LetterKind::revised ? (cy ? revised_cy : revised_en) : (cy ? stops_cy : stops_en);
    return std::string(cy ? replan_top_cy : replan_top_en) + std::string(middle) +
           std::string(cy ? replan_end_cy : replan_end_en);
}

// "2 February 2026: £532.17 regular + £532.17 catch-up = £1,064.34" (or "…: £150.00
// catch-up", a collection with no regular part: "–" for its regular payment) as the cells
// of a table row: date, regular, catch-up, total.
std::array<std::string, 4> schedule_cells(std::string_view line) {
    auto bad = [&] {
        return InputError("schedule_text line " + quote_text(line) +
                          " is not 'DATE: £R regular + £C catch-up = £T', 'DATE: £C catch-up', "
                          "'DATE: £R regular, no catch-up' or 'DATE: no collection'");
    };
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) throw bad();
    std::string_view date = line.substr(0, colon), rest = line.substr(colon + 2);
    constexpr std::string_view reg = " regular + ", catch_up = " catch-up", eq = " catch-up = ";
    // §15's lines of a collection that lost its catch-up: "£532.17 regular, no catch-up", or
    // "no collection" (no regular part either: nothing is collected that day).
    constexpr std::string_view regular_only = " regular, no catch-up";
    if (rest == "no collection") return {std::string(date), "\xE2\x80\x93", "\xE2\x80\x93", "Nothing"};
    if (rest.size() > regular_only.size() && rest.ends_with(regular_only)) {
        const std::string r(rest.substr(0, rest.size() - regular_only.size()));
        return {std::string(date), r, "\xE2\x80\x93", r};
    }
    const std::size_t r = rest.find(reg);
    if (r == std::string_view::npos) {
        if (rest.size() <= catch_up.size() || !rest.ends_with(catch_up)) throw bad();
        const std::string c(rest.substr(0, rest.size() - catch_up.size()));
        return {std::string(date), "\xE2\x80\x93", c, c};
    }
    const std::size_t e = rest.find(eq, r + reg.size());
    if (e == std::string_view::npos) throw bad();
    return {std::string(date), std::string(rest.substr(0, r)),
            std::string(rest.substr(r + reg.size(), e - r - reg.size())), std::string(rest.substr(e + eq.size()))};
}

// Each line of a cell with line feeds.
template <class F>
void each_line(std::string_view text, F&& f) {
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        f(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    }
}

// The English month names of date_words() and their Welsh (§13).
constexpr std::array<std::string_view, 12> months_en{"January",   "February", "March",    "April",
                                                     "May",       "June",     "July",     "August",
                                                     "September", "October",  "November", "December"};
constexpr std::array<std::string_view, 12> months_cy{"Ionawr", "Chwefror", "Mawrth",     "Ebrill",
                                                     "Mai",    "Mehefin",  "Gorffennaf", "Awst",
                                                     "Medi",   "Hydref",   "Tachwedd",   "Rhagfyr"};

// `text` (made by date_words(): "2 February 2026", in a line or alone) with each month name
// in Welsh: "2 Chwefror 2026".
std::string welsh_dates(std::string_view text) {
    std::string out(text);
    for (std::size_t m = 0; m < months_en.size(); ++m)
        for (std::size_t at = out.find(months_en[m]); at != std::string::npos;
             at = out.find(months_en[m], at + months_cy[m].size()))
            out.replace(at, months_en[m].size(), months_cy[m]);
    return out;
}

// A cell's value in Welsh: dates with Welsh months, the frequency in Welsh words (§13);
// anything else (money, a reference, a kept column) as it is.
std::string welsh_words(std::string_view column, std::string value) {
    if (column == "frequency") {
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> frequencies{
            {{"weekly", "wythnosol"},
             {"fortnightly", "bob pythefnos"},
             {"four-weekly", "bob pedair wythnos"},
             {"monthly", "misol"}}};
        for (const auto& [en, cy] : frequencies)
            if (value == en) return std::string(cy);
        return value;
    }
    if (column == "schedule_text") {  // "2 Chwefror 2026: £532.17 arferol + £532.17 ychwanegol = £1,064.34"
        std::string out;
        each_line(value, [&](std::string_view line) {
            std::string l = welsh_dates(line);
            // §15's lines first: "£532.17 arferol, dim ychwanegol", "dim casgliad".
            for (const auto& [en, cy] :
                 {std::pair<std::string_view, std::string_view>{" regular, no catch-up", " arferol, dim ychwanegol"},
                  {": no collection", ": dim casgliad"},
                  {" regular + ", " arferol + "},
                  {" catch-up", " ychwanegol"}}) {
                const std::size_t at = l.find(en);
                if (at != std::string::npos) l.replace(at, en.size(), cy);
            }
            out += (out.empty() ? "" : "\n") + l;
        });
        return out;
    }
    return notice_kind(column) == Kind::date || column == "missed_text" ? welsh_dates(value) : value;
}

std::string schedule_table_html(std::string_view text, bool cy) {
    std::string out =
        cy ? "<table class=\"schedule\">\n<caption>Casgliadau sy'n newid</caption>\n<thead><tr><th "
             "scope=\"col\">Dyddiad</th><th scope=\"col\">Taliad arferol</th><th scope=\"col\">Taliad ychwanegol</th>"
             "<th scope=\"col\">Cyfanswm</th></tr></thead>\n<tbody>\n"
           : "<table class=\"schedule\">\n<caption>Collections that change</caption>\n<thead><tr><th "
             "scope=\"col\">Date</th><th scope=\"col\">Regular payment</th><th scope=\"col\">Catch-up</th><th "
             "scope=\"col\">Total to be collected</th></tr></thead>\n<tbody>\n";
    each_line(text, [&](std::string_view line) {
        out += "<tr>";
        std::array<std::string, 4> cells = schedule_cells(line);
        if (cy) cells[0] = welsh_dates(cells[0]);
        if (cy && cells[3] == "Nothing") cells[3] = "Dim";
        for (const std::string& cell : cells) out += "<td>" + html_escape(cell) + "</td>";
        out += "</tr>\n";
    });
    return out + "</tbody>\n</table>";
}

// `tenancy_ref` → "Tenancy ref": a kept column's name as a label.
std::string label(std::string_view column) {
    std::string out(column);
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

constexpr std::string_view address_columns[] = {"address_line_1", "address_line_2", "address_line_3",
                                                "address_line_4", "address_line_5", "address_line_6"};

std::string words_of(std::string_view column, std::string_view cell) {
    if (cell.empty()) return {};
    try {
        const Kind kind = notice_kind(column);
        if (kind == Kind::date) return date_words(parse_date(cell));
        if (kind == Kind::money) return money_words(Money::parse(cell));
        return std::string(cell);
    } catch (const InputError& e) {
        throw InputError("column " + std::string(column) + ": " + e.what());
    }
}

}  // namespace

std::string fragment_body(std::string_view html) {
    const std::size_t open = find_ci(html, "<body");
    const std::size_t open_end = open == std::string_view::npos ? open : tag_end(html, open);
    const std::size_t close = open_end == std::string_view::npos ? open_end : find_ci(html, "</body", open_end);
    if (close == std::string_view::npos) return std::string(html);
    return std::string(html.substr(open_end, close - open_end));
}

// A template's letters, each in a <div> that starts a new printed page but the first.
constexpr std::string_view page_style =
    "<style>.arrears-letter + .arrears-letter { break-before: page; page-break-before: always; }</style>";
constexpr std::string_view page_open = "<div class=\"arrears-letter\">\n", page_close = "</div>\n";

std::string cell_words(std::string_view column, std::string_view cell, bool cy) {
    std::string value = words_of(column, cell);
    return cy ? welsh_words(column, std::move(value)) : value;
}

std::string resume_sentence(std::string_view on, std::string_view amount, std::string_view last, bool cy,
                            LetterKind kind) {
    // §15 catch_up_stops: the changed collections are already the regular amount.
    if (kind == LetterKind::catch_up_stops && !on.empty() && !amount.empty())
        return cy ? "Ar \xC3\xB4l y rhain, byddwn yn casglu eich swm arferol o " + words_of("resume_amount", amount) +
                        " fel o'r blaen."
                  : "After these, we collect your regular amount of " + words_of("resume_amount", amount) +
                        " as before.";
    if (cy && !on.empty())
        return "O " + welsh_dates(words_of("resumes_on", on)) + " bydd eich casgliadau'n dychwelyd i'r swm arferol" +
               (amount.empty() ? std::string() : " o " + words_of("resume_amount", amount)) + ".";
    if (cy)
        return (last.empty() ? std::string("Y casgliadau uchod yw'r olaf o'r cynllun talu hwn. ")
                             : "Y casgliad ar " + welsh_dates(words_of("last_changed", last)) +
                                   " yw'r olaf o'r cynllun talu hwn. ") +
               "Mae eich Debyd Uniongyrchol yn aros yn ei le ar gyfer eich bil nesaf, felly peidiwch \xC3\xA2'i "
               "ganslo. Byddwn yn ysgrifennu atoch cyn i ni gasglu unrhyw swm arall.";
    if (!on.empty())
        return "From " + words_of("resumes_on", on) + " your collections return to the regular amount" +
               (amount.empty() ? std::string() : " of " + words_of("resume_amount", amount)) + ".";
    return (last.empty()
                ? std::string("The collections above are the last ones of this payment plan. ")
                : "The collection on " + words_of("last_changed", last) + " is the last one of this payment plan. ") +
           "Your Direct Debit stays in place for your next bill, so please do not cancel it. We will write to "
           "you before we collect any other amount.";
}

Language parse_language(std::string_view text) {
    for (const auto& [language, name] : language_names)
        if (name == text) return language;
    // §12: a named value (`CY`, `cy + en`, `Cy+En`).
    for (const auto& [language, name] : language_names)
        if (arrears::detail::same_name(name, text)) return language;
    throw InputError("unknown language " + quote_text(text) + " (expected en, cy or cy+en)");
}

std::string Letters::bundled_text(Language language, LetterKind kind) {
    std::string head(bundled_head);
    auto put = [&](std::string_view key, std::string_view value) {
        const std::size_t at = head.find(key);
        head.replace(at, key.size(), value);
    };
    put("{LANG}", language == Language::en ? "en-GB" : "cy");
    put("{TITLE}", language == Language::en   ? "Changes to your Direct Debit collections"
                   : language == Language::cy ? "Newidiadau i'ch casgliadau Debyd Uniongyrchol"
                                              : "Newidiadau i'ch casgliadau Debyd Uniongyrchol / Changes to your "
                                                "Direct Debit collections");
    std::string body;
    if (language == Language::en) body = letter_body(Language::en, kind);
    if (language == Language::cy) body = letter_body(Language::cy, kind);
    if (language == Language::cy_en) {  // Welsh first; the English starts a new page
        std::string en = letter_body(Language::en, kind);
        en.replace(0, std::string_view("<section class=\"letter\" lang=\"en-GB\"").size(),
                   "<section class=\"letter second\" lang=\"en-GB\"");
        body = letter_body(Language::cy, kind) + en;
    }
    return head + body + std::string(bundled_tail);
}

Letters::Letters(std::span<const std::string_view> columns, std::optional<std::string> guarantee, Language language,
                 std::optional<std::string> guarantee_cy)
    : columns_(columns.begin(), columns.end()),
      guarantee_(std::move(guarantee)),
      guarantee_cy_(std::move(guarantee_cy)) {
    find_columns();
    // Each kind's letter parsed alike (one head and tail: the same for every kind); a notice
    // is written with its `notice_kind`'s (render()).
    for (const auto& [kind, name] : letter_kind_names) {
        pieces_.clear();
        parse(bundled_text(language, kind), "bundled letter");
        by_kind_[static_cast<std::size_t>(kind)] = pieces_;
    }
    pieces_ = by_kind_[0];
}

Letters::Letters(std::string_view text, std::string_view source, std::span<const std::string_view> columns,
                 std::optional<std::string> guarantee, std::optional<std::string> guarantee_cy)
    : columns_(columns.begin(), columns.end()),
      guarantee_(std::move(guarantee)),
      guarantee_cy_(std::move(guarantee_cy)) {
    find_columns();
    parse(text, source);
}

void Letters::find_columns() {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const std::string& c = columns_[i];
        // Two columns one placeholder, or a column a computed one's: a letter could not tell them apart.
        std::string name = placeholder_name(c);
        for (std::size_t j = 0; j < names_.size(); ++j)
            if (names_[j] == name)
                throw InputError("columns '" + columns_[j] + "' and '" + c + "' would both be the placeholder {" +
                                 name + "}; rename one of them");
        if (std::find(letter_placeholders.begin(), letter_placeholders.end(), name) != letter_placeholders.end())
            throw InputError("column '" + c + "' would be the placeholder {" + name +
                             "}, which the letter makes itself; rename it");
        names_.push_back(std::move(name));
        const int at = static_cast<int>(i);
        if (i == 0) continue;
        if (is_notice_column(c)) {
            if (c == "paid_amount") paid_ = at;
            if (c == "missed_text") missed_ = at;
            if (c == "schedule_text") schedule_ = at;
            if (c == "resumes_on") resumes_on_ = at;
            if (c == "resume_amount") resume_amount_ = at;
            if (c == "last_changed") last_changed_ = at;
            if (c == "notice_kind") kind_ = at;
            if (c == "missed_count") missed_count_ = at;
            if (c == "credit") credit_ = at;
            if (c == "previous_catch_up") previous_ = at;
            continue;
        }
        // A kept column (§13: the address block, the labelled reference, the others labelled).
        const auto line = std::find(std::begin(address_columns), std::end(address_columns), c);
        if (c == "name")
            name_ = at;
        else if (c == "postcode")
            postcode_ = at;
        else if (line != std::end(address_columns))
            address_[static_cast<std::size_t>(line - std::begin(address_columns))] = at;
        else if (c == "reference")
            reference_ = at;
        else
            other_kept_.push_back(at);
    }
}

// Cuts the template into the head (copied as it is, its character set declaration made
// UTF-8's), the letter's pieces and the tail. Each letter goes in a <div> of its own that
// starts a new printed page (§13), whatever the template's CSS: not the first, so no empty
// first page (nor one from Word's named pages, which an element between two letters makes).
void Letters::parse(std::string_view text, std::string_view source) {
    const std::size_t open = find_ci(text, "<body");
    const std::size_t open_end = open == std::string_view::npos ? open : tag_end(text, open);
    const std::size_t close = open_end == std::string_view::npos ? open_end : find_ci(text, "</body", open_end);
    if (close == std::string_view::npos)
        throw InputError(std::string(source) +
                         ": a letter template is an HTML document with a <body>...</body> "
                         "holding one letter");
    // The line break after <body> belongs to the document, not to each letter.
    const std::size_t first = open_end < close && text[open_end] == '\n' ? open_end + 1 : open_end;
    std::string head = with_styles(text.substr(0, first));
    const std::vector<Declaration> declared = declarations(head);
    constexpr std::string_view utf8 = "<meta charset=\"utf-8\">";
    for (std::size_t k = declared.size(); k-- > 0;)
        head.replace(declared[k].at, declared[k].end - declared[k].at, k == 0 ? utf8 : std::string_view());
    if (declared.empty()) {
        std::size_t at = find_ci(head, "<head");
        if (at == std::string::npos || tag_name(std::string_view(head).substr(at)) != "head")
            at = find_ci(head, "<html");
        const std::size_t end = at == std::string::npos ? std::string::npos : tag_end(head, at);
        head.insert(end == std::string::npos ? 0 : end, std::string(utf8) + (end == std::string::npos ? "\n" : ""));
    }
    head.insert(head.find(utf8) + utf8.size(), std::string("\n") + std::string(page_style));
    head_ = std::move(head);
    tail_ = std::string(text.substr(close));

    // The body: placeholders in its text only; tags (attribute values), comments and the
    // content of <style> and <script> as they are.
    std::size_t line = line_of(text, first);
    auto fail = [&](const std::string& what) {
        throw InputError(std::string(source) + " line " + std::to_string(line) + ": " + what);
    };
    std::string literal(page_open);
    auto copy = [&](std::size_t from, std::size_t to) {
        const std::string_view part = text.substr(from, to - from);
        line += static_cast<std::size_t>(std::count(part.begin(), part.end(), '\n'));
        literal += part;
    };
    for (std::size_t i = first; i < close;) {
        const char c = text[i];
        if (c == '<' && text.substr(i, 4) == "<!--") {
            const std::size_t end = text.find("-->", i + 4);
            const std::size_t to = end == std::string_view::npos || end > close ? close : end + 3;
            copy(i, to);
            i = to;
            continue;
        }
        if (c == '<' && i + 1 < close &&
            (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/' || text[i + 1] == '!' ||
             text[i + 1] == '?')) {
            std::size_t end = tag_end(text, i);
            if (end == std::string_view::npos || end > close) end = close;
            const std::string name = tag_name(text.substr(i, end - i));
            copy(i, end);
            i = end;
            if (name == "style" || name == "script") {  // raw text up to its end tag
                std::size_t stop = find_ci(text, "</" + name, i);
                if (stop == std::string_view::npos || stop > close) stop = close;
                if (name == "style") {
                    line +=
                        static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(i),
                                                            text.begin() + static_cast<std::ptrdiff_t>(stop), '\n'));
                    literal += style_text(text.substr(i, stop - i));
                } else
                    copy(i, stop);
                i = stop;
            }
            continue;
        }
        if (c != '{' && c != '}') {
            if (c == '\n') ++line;
            literal += c;
            ++i;
            continue;
        }
        if (i + 1 < close && text[i + 1] == c) {  // {{ or }}: a literal brace
            literal += c;
            i += 2;
            continue;
        }
        if (c == '}') fail("a lone '}' (write '}}' for a brace)");
        const std::size_t end = text.find_first_of("{}\n", i + 1);
        if (end == std::string_view::npos || end >= close || text[end] != '}')
            fail("'{' without a closing '}' (write '{{' for a brace)");
        const std::string_view name = text.substr(i + 1, end - i - 1);
        // A placeholder by its name, else (`first_changed_cy`) the Welsh of its name without `_cy`.
        auto find = [&](std::string_view n) {
            if (const auto k = std::find(letter_placeholders.begin(), letter_placeholders.end(), n);
                k != letter_placeholders.end())
                return static_cast<int>(columns_.size() + static_cast<std::size_t>(k - letter_placeholders.begin()));
            if (const auto col = std::find(names_.begin(), names_.end(), n); col != names_.end())
                return static_cast<int>(col - names_.begin());
            return -1;
        };
        int slot = find(name);
        bool cy = false;
        if (slot < 0 && name.ends_with("_cy") && name != "guarantee_cy") {
            slot = find(name.substr(0, name.size() - 3));
            cy = slot >= 0;
        }
        if (slot < 0)
            fail("unknown placeholder {" + std::string(name) +
                 "} (known: the notice columns, the kept ones, and schedule_table, address_block, details_block, "
                 "greeting, missed_list, paid_text, ended_text, resume_text, guarantee, guarantee_cy; any of them "
                 "with _cy in Welsh)");
        if (name == "guarantee") uses_guarantee_ = true;
        if (name == "guarantee_cy") uses_guarantee_cy_ = true;
        pieces_.push_back({std::move(literal), slot, cy});
        literal.clear();
        i = end + 1;
    }
    literal += page_close;
    pieces_.push_back({std::move(literal), -1});
}

std::string_view Letters::cell(std::span<const std::string_view> cells, int column) const {
    return column >= 0 && static_cast<std::size_t>(column) < cells.size() ? cells[static_cast<std::size_t>(column)]
                                                                          : std::string_view();
}

// The value of letter_placeholders[k] for a row, as HTML.
std::string Letters::computed(std::size_t k, std::span<const std::string_view> cells, bool cy) const {
    const std::string_view which = letter_placeholders[k];
    auto lines = [](std::vector<std::string> parts) {
        std::string out;
        for (const std::string& p : parts) {
            if (p.empty()) continue;
            if (!out.empty()) out += "<br>\n";
            out += p;
        }
        return out;
    };
    if (which == "schedule_table") return schedule_table_html(cell(cells, schedule_), cy);
    if (which == "address_block") {
        std::vector<std::string> parts{html_escape(cell(cells, name_))};
        for (int a : address_) parts.push_back(html_escape(cell(cells, a)));
        parts.push_back(html_escape(cell(cells, postcode_)));
        return lines(std::move(parts));
    }
    if (which == "details_block") {
        std::vector<std::string> parts;
        if (!cell(cells, reference_).empty())
            parts.push_back((cy ? "Cyfeirnod Debyd Uniongyrchol: " : "Direct Debit reference: ") +
                            html_escape(cell(cells, reference_)));
        for (int o : other_kept_)
            if (!cell(cells, o).empty())
                parts.push_back(html_escape(label(columns_[static_cast<std::size_t>(o)])) + ": " +
                                html_escape(cell(cells, o)));
        return lines(std::move(parts));
    }
    if (which == "greeting") {
        if (cell(cells, name_).empty()) return cy ? "Annwyl ddeiliad y cyfrif," : "Dear account holder,";
        return (cy ? "Annwyl " : "Dear ") + html_escape(cell(cells, name_)) + ",";
    }
    if (which == "missed_list") {
        std::string out;
        each_line(cell(cells, missed_), [&](std::string_view line) {
            out += "<li>" + html_escape(cy ? welsh_dates(line) : std::string(line)) + "</li>\n";
        });
        return out.empty() ? out : "<ul class=\"missed\">\n" + out + "</ul>";
    }
    if (which == "paid_text") {
        const std::string_view paid = cell(cells, paid_);
        if (paid.empty() || Money::parse(paid) == Money()) return {};
        if (cy)
            return "Rydych wedi talu " + html_escape(words_of("paid_amount", paid)) +
                   " ers hynny mewn ffordd arall (diolch), felly rydym wedi tynnu hynny i ffwrdd.";
        return "You have since paid " + html_escape(words_of("paid_amount", paid)) +
               " in another way (thank you), so we have taken that off.";
    }
    if (which == "ended_text") {
        // A collection with no regular part: catch-up only, or (§15) nothing at all.
        bool catch_up_only = false, nothing = false;
        each_line(cell(cells, schedule_), [&](std::string_view line) {
            const std::array<std::string, 4> parts = schedule_cells(line);
            if (parts[1] != "\xE2\x80\x93") return;
            (parts[2] == "\xE2\x80\x93" ? nothing : catch_up_only) = true;
        });
        std::string out;
        if (catch_up_only)
            out =
                cy ? "Lle nad yw'r tabl yn dangos taliad arferol (\xE2\x80\x93), mae rhandaliadau eich bil ar gyfer y "
                     "flwyddyn wedi dod i ben, felly ar y dyddiad hwnnw dim ond y taliad ychwanegol y byddwn yn ei "
                     "gasglu."
                   : "Where the table shows no regular payment (\xE2\x80\x93), the instalments of your bill for the "
                     "year have ended, so on that date we collect only the catch-up.";
        if (nothing)
            out += std::string(out.empty() ? "" : " ") +
                   (cy ? "Lle mae'r tabl yn dangos \xE2\x80\x9c"
                         "Dim\xE2\x80\x9d, mae rhandaliadau eich bil ar gyfer y "
                         "flwyddyn wedi dod i ben ac nid oes taliad ychwanegol i'w gasglu, felly ni fyddwn yn casglu "
                         "dim ar y dyddiad hwnnw."
                       : "Where the table shows \xE2\x80\x9cNothing\xE2\x80\x9d, the instalments of your bill for "
                         "the year have ended and there is no catch-up left, so we will not collect anything on that "
                         "date.");
        return out;
    }
    if (which == "resume_text")
        return resume_sentence(cell(cells, resumes_on_), cell(cells, resume_amount_), cell(cells, last_changed_), cy,
                               kind(cells));
    if (which == "unpaid_text") {
        const std::string_view count = cell(cells, missed_count_);
        if (count.empty() || count == "0") {
            // (a council's template without missed_count: the list says whether there are any)
            if (missed_count_ >= 0 || cell(cells, missed_).empty()) return {};
        }
        const bool one = count == "1";
        if (kind(cells) == LetterKind::recovery) return cy ? "Ni wnaethom gasglu:" : "We did not collect:";
        if (cy)
            return one ? "Ers ein llythyr diwethaf, mae'r casgliad hwn wedi'i ddychwelyd heb ei dalu gan eich banc:"
                       : "Ers ein llythyr diwethaf, mae'r casgliadau hyn wedi'u dychwelyd heb eu talu gan eich banc:";
        return one ? "Since our last letter, this collection came back unpaid from your bank:"
                   : "Since our last letter, these collections came back unpaid from your bank:";
    }
    if (which == "previous_text") {
        // §15: what the last letter's catch-up still had to come (R_open); nothing said when
        // none was left (never "£0.00 was still to be collected").
        if (kind(cells) == LetterKind::recovery) return {};
        const std::string_view previous = cell(cells, previous_);
        if (previous.empty() || !(Money::parse(previous) > Money())) return {};
        const std::string p = html_escape(words_of("previous_catch_up", previous));
        const bool stops = kind(cells) == LetterKind::catch_up_stops;
        if (cy)
            return (stops ? "O'r taliadau ychwanegol hynny, roedd "
                          : "O'r taliadau ychwanegol yn ein llythyr diwethaf, roedd ") +
                   p + " yn dal i'w gasglu.";
        return (stops ? "Of that catch-up, " : "Of the catch-up in our last letter, ") + p +
               " was still to be collected.";
    }
    if (which == "credit_text") {
        if (kind(cells) != LetterKind::catch_up_stops) return {};
        const std::string_view credit = cell(cells, credit_);
        if (!credit.empty() && Money::parse(credit) > Money()) {
            const std::string c = html_escape(words_of("credit", credit));
            if (cy)
                return "Mae eich cyfrif bellach " + c + " mewn credyd: rydych wedi talu " + c +
                       " yn fwy nag sydd arnoch. [Dywedwch beth sy'n digwydd i'r credyd: byddwn yn ei ad-dalu i chi, "
                       "neu'n ei dynnu oddi ar eich bil nesaf.]";
            return "Your account is now " + c + " in credit: you have paid " + c +
                   " more than you owe. [Say what happens to the credit: we will refund it to you, or take it off "
                   "your next bill.]";
        }
        return {};  // (the letter has said the catch-up stops: nothing more to say)
    }
    if (which == "guarantee_cy") return guarantee_cy_ ? *guarantee_cy_ : std::string(missing_guarantee_cy);
    return guarantee_ ? *guarantee_ : std::string(missing_guarantee);  // guarantee
}

LetterKind Letters::kind(std::span<const std::string_view> cells) const {
    const std::string_view k = cell(cells, kind_);
    for (const auto& [kind, name] : letter_kind_names)
        if (name == k) return kind;
    return LetterKind::recovery;
}

void Letters::render(std::string& out, std::span<const std::string_view> cells) const {
    const std::vector<Piece>& pieces = by_kind_[0].empty() ? pieces_ : by_kind_[static_cast<std::size_t>(kind(cells))];
    for (const Piece& piece : pieces) {
        out += piece.text;
        if (piece.slot < 0) continue;
        const auto slot = static_cast<std::size_t>(piece.slot);
        if (slot >= columns_.size()) {
            out += computed(slot - columns_.size(), cells, piece.cy);
            continue;
        }
        std::string value = words_of(columns_[slot], cell(cells, piece.slot));
        if (piece.cy) value = welsh_words(columns_[slot], std::move(value));
        std::string escaped = html_escape(value);
        if (columns_[slot] == "missed_text") {  // a line per missed collection: a line in the letter too
            for (std::size_t at = escaped.find('\n'); at != std::string::npos; at = escaped.find('\n', at + 5))
                escaped.replace(at, 1, "<br>\n");
        }
        out += escaped;
    }
}

std::string letters_html(const Letters& letters, std::span<const std::vector<std::string>> rows) {
    std::string out = letters.begin();
    std::vector<std::string_view> cells;
    for (const std::vector<std::string>& row : rows) {
        cells.assign(row.begin(), row.end());
        letters.render(out, cells);
    }
    return out + letters.end();
}

}  // namespace arrears::io
