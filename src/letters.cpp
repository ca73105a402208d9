// Letters from notices (see letters.hpp): the placeholders are checked here, the filling is
// fmt's named-argument formatting; the bundled letter is built from the parts below.
#include <arrears/io/letters.hpp>

#include <arrears/error.hpp>
#include <arrears/io/columns.hpp>
#include <arrears/io/notices.hpp>
#include <arrears/notice.hpp>

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>

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

constexpr std::string_view schedule_table = "schedule_table";
// A column's kind in the notices (io/columns.hpp's notice_list), which says how a letter
// writes its cells: text for a kept column (never a notice column's name).
Kind notice_kind(std::string_view column) noexcept {
    Kind kind = Kind::text;
    notice_list.for_each([&](const auto& c) {
        if (c.name == column) kind = c.kind;
    });
    return kind;
}

// The bundled letter, in parts: the kept columns make the payer's address block.
constexpr std::string_view bundled_head = R"(<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Changes to your Direct Debit collections</title>
<style>
@page {{ size: A4; margin: 14mm 18mm; }}
body {{ font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.3; color: #000; margin: 0; }}
.letter {{ break-after: page; page-break-after: always; }}
.letter:last-of-type {{ break-after: auto; page-break-after: auto; }}
p {{ margin: 0 0 0.5em; }}
.council {{ text-align: right; }}
h1 {{ font-size: 14pt; margin: 0.6em 0 0.4em; }}
h2 {{ font-size: 11.5pt; margin: 0.7em 0 0.2em; }}
table {{ border-collapse: collapse; margin: 0.3em 0 0.6em; }}
caption {{ text-align: left; font-weight: bold; padding-bottom: 0.2em; }}
th, td {{ border: 1px solid #000; padding: 0.1em 0.6em; text-align: right; white-space: nowrap; }}
th:first-child, td:first-child {{ text-align: left; }}
</style>
</head>
<body>
)";
constexpr std::string_view bundled_top = R"(<section class="letter">
<p class="council">[Council name]<br>[Address]<br>[Town and postcode]<br>[Telephone] &middot; [Email]</p>
<p class="payer">)";
constexpr std::string_view bundled_middle = R"(Account reference: {account_id}</p>
<p>Date: {notice_date}</p>
<h1>Changes to your Direct Debit collections</h1>
<p>Dear account holder,</p>
<p>A problem with our Direct Debit collections meant that some of your recent payments were
not collected. This was not your fault. The amount not collected, <strong>{catch_up_total}</strong>,
will be added to your next collections, as shown below. You do not need to do anything:
your Direct Debit stays in place.</p>
<p>Your regular {frequency} payment is {regular_amount}. The table shows each collection that
changes ({changes} in all):</p>
{schedule_table}
)";
constexpr std::string_view bundled_resumes =
    "<p>From <strong>{resumes_on}</strong> your collections return to the regular amount of "
    "<strong>{resume_amount}</strong>.</p>\n";
constexpr std::string_view bundled_no_resume =
    "<p>After {last_changed} there are no further collections under this Direct Debit.</p>\n";
constexpr std::string_view bundled_bottom = R"(<h2>Your Direct Debit Guarantee</h2>
<p>We must tell you the date and amount of a collection before we change it: this letter is
that notice. If a payment is taken in error, by us or by your bank or building society, you
are entitled to a full and immediate refund from your bank or building society. You can
cancel your Direct Debit at any time by contacting your bank or building society; please
tell us too.</p>
<h2>Questions, or can you not afford these amounts?</h2>
<p>Please contact us on [telephone] or at [email], quoting your account reference
{account_id}, and we will agree a different arrangement with you.</p>
<p>Yours faithfully,</p>
<p>[Name]<br>[Job title]</p>
</section>
)";
constexpr std::string_view bundled_tail = "</body>\n</html>\n";

// Where a template's letter begins and ends: inside <body ...> and before </body>.
std::size_t find_ci(std::string_view text, std::string_view what, std::size_t from = 0) {
    for (std::size_t i = from; i + what.size() <= text.size(); ++i) {
        std::size_t k = 0;
        while (k < what.size() && std::tolower(static_cast<unsigned char>(text[i + k])) == what[k]) ++k;
        if (k == what.size()) return i;
    }
    return std::string_view::npos;
}

// "2 February 2026: £532.17 regular + £532.17 catch-up = £1,064.34" (or "…: £150.00
// catch-up") as the cells of a table row: date, regular, catch-up, total.
std::array<std::string, 4> schedule_cells(std::string_view line) {
    auto bad = [&] {
        return InputError("schedule_text line " + quote_text(line) +
                          " is not 'DATE: £R regular + £C catch-up = £T' or 'DATE: £C catch-up'");
    };
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) throw bad();
    std::string_view date = line.substr(0, colon), rest = line.substr(colon + 2);
    constexpr std::string_view reg = " regular + ", catch_up = " catch-up", eq = " catch-up = ";
    const std::size_t r = rest.find(reg);
    if (r == std::string_view::npos) {
        if (rest.size() <= catch_up.size() || !rest.ends_with(catch_up)) throw bad();
        const std::string c(rest.substr(0, rest.size() - catch_up.size()));
        return {std::string(date), money_words(Money()), c, c};
    }
    const std::size_t e = rest.find(eq, r + reg.size());
    if (e == std::string_view::npos) throw bad();
    return {std::string(date), std::string(rest.substr(0, r)),
            std::string(rest.substr(r + reg.size(), e - r - reg.size())), std::string(rest.substr(e + eq.size()))};
}

std::string schedule_table_html(std::string_view text) {
    std::string out =
        "<table class=\"schedule\">\n<caption>Collections that change</caption>\n<thead><tr><th scope=\"col\">Date"
        "</th><th scope=\"col\">Regular payment</th><th scope=\"col\">Catch-up</th><th scope=\"col\">Total to be "
        "collected</th></tr></thead>\n<tbody>\n";
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        const std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        out += "<tr>";
        for (const std::string& cell : schedule_cells(line)) out += "<td>" + html_escape(cell) + "</td>";
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table>";
}

}  // namespace

std::string Letters::bundled_text(bool resumes) {
    return std::string(bundled_head) + std::string(bundled_top) + std::string(bundled_middle) +
           std::string(resumes ? bundled_resumes : bundled_no_resume) + std::string(bundled_bottom) +
           std::string(bundled_tail);
}

Letters::Letters(std::span<const std::string_view> columns) : Letters(bundled_text(true), "bundled letter", columns) {
    // The payer's block: each kept column (between account_id and notice_date) on a line.
    std::string payer;
    for (std::size_t i = 1; i < names_.size() && columns_[i] != "notice_date"; ++i)
        payer += "{" + names_[i] + "}<br>\n";
    const std::string top = std::string(bundled_top) + payer;
    body_ = top + std::string(bundled_middle) + std::string(bundled_resumes) + std::string(bundled_bottom);
    body_no_resume_ = top + std::string(bundled_middle) + std::string(bundled_no_resume) + std::string(bundled_bottom);
    check(body_, "bundled letter");
    check(body_no_resume_, "bundled letter");
}

Letters::Letters(std::string_view text, std::string_view source, std::span<const std::string_view> columns)
    : columns_(columns.begin(), columns.end()) {
    for (const std::string& c : columns_) {
        // Two columns one placeholder, or a column the table's: a letter could not tell them apart.
        std::string name = placeholder_name(c);
        for (std::size_t i = 0; i < names_.size(); ++i)
            if (names_[i] == name)
                throw InputError("columns '" + columns_[i] + "' and '" + c + "' would both be the placeholder {" +
                                 name + "}; rename one of them");
        if (name == schedule_table)
            throw InputError("column '" + c +
                             "' would be the placeholder {schedule_table}, the table of changed "
                             "collections; rename it");
        names_.push_back(std::move(name));
    }
    check(text, source);
    const std::size_t open = find_ci(text, "<body");
    const std::size_t open_end = open == std::string_view::npos ? open : text.find('>', open);
    const std::size_t close = open_end == std::string_view::npos ? open_end : find_ci(text, "</body", open_end);
    if (close == std::string_view::npos)
        throw InputError(std::string(source) +
                         ": a letter template is an HTML document with a <body>...</body> "
                         "holding one letter");
    // The line break after <body> belongs to the document, not to each letter.
    const std::size_t first = open_end + 1 < close && text[open_end + 1] == '\n' ? open_end + 2 : open_end + 1;
    body_ = std::string(text.substr(first, close - first));
    body_no_resume_ = body_;
    const std::string_view head = text.substr(0, first), tail = text.substr(close);
    for (const std::string_view part : {head, tail})
        for (std::size_t i = part.find('{'); i != std::string_view::npos; i = part.find('{', i + 2))
            if (i + 1 >= part.size() || part[i + 1] != '{')
                throw InputError(std::string(source) + ": placeholder " +
                                 std::string(part.substr(i, part.find('}', i) - i + 1)) +
                                 " is outside the letter's <body>");
    head_ = fmt::vformat(head, fmt::format_args());
    tail_ = fmt::vformat(tail, fmt::format_args());
}

void Letters::check(std::string_view text, std::string_view source) {
    std::size_t line = 1;
    auto fail = [&](const std::string& what) {
        throw InputError(std::string(source) + " line " + std::to_string(line) + ": " + what);
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') ++line;
        if (c != '{' && c != '}') continue;
        if (i + 1 < text.size() && text[i + 1] == c) {  // {{ or }}: a literal brace
            ++i;
            continue;
        }
        if (c == '}') fail("a lone '}' (write '}}' for a brace)");
        const std::size_t close = text.find_first_of("{}\n", i + 1);
        if (close == std::string_view::npos || text[close] != '}')
            fail("'{' without a closing '}' (write '{{' for a brace)");
        const std::string_view name = text.substr(i + 1, close - i - 1);
        const bool known = name == schedule_table || std::find(names_.begin(), names_.end(), name) != names_.end();
        if (!known)
            fail("unknown placeholder {" + std::string(name) + "} (known: schedule_table and the notice columns)");
        if (name.front() >= '0' && name.front() <= '9')
            fail("placeholder {" + std::string(name) + "} starts with a digit, which fmt takes for a position");
        i = close;
    }
}

void Letters::render(std::string& out, std::span<const std::string_view> cells) const {
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    bool resumes = true;
    for (std::size_t i = 0; i < names_.size() && i < cells.size(); ++i) {
        const std::string_view column = columns_[i], cell = cells[i];
        std::string value;
        try {
            if (cell.empty())
                value.clear();
            else if (const Kind kind = notice_kind(column); kind == Kind::date)
                value = date_words(parse_date(cell));
            else if (kind == Kind::money)
                value = money_words(Money::parse(cell));
            else
                value = std::string(cell);
        } catch (const InputError& e) {
            throw InputError("column " + std::string(column) + ": " + e.what());
        }
        if (column == "resumes_on") resumes = !cell.empty();
        if (column == "schedule_text") args.push_back(fmt::arg(schedule_table.data(), schedule_table_html(cell)));
        std::string escaped = html_escape(value);
        if (column == "missed_text") {  // a line per missed collection: a line in the letter too
            for (std::size_t at = escaped.find('\n'); at != std::string::npos; at = escaped.find('\n', at + 5))
                escaped.replace(at, 1, "<br>\n");
        }
        args.push_back(fmt::arg(names_[i].c_str(), std::move(escaped)));
    }
    fmt::vformat_to(std::back_inserter(out), resumes ? body_ : body_no_resume_, args);
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
