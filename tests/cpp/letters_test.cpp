// Tests of include/arrears/io/letters.hpp and io/notices.hpp: the notice rows of recovery-rules
// §13 as CSV and JSON with kept columns, and the letters made from them: placeholders
// checked, values HTML-escaped, money and dates in the payer's words.
#include <arrears/io/letters.hpp>
#include <arrears/io/notices.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using namespace arrears;

namespace {

Date d(int y, unsigned m, unsigned dd) { return make_date(y, m, dd); }
Money gbp(const char* text) { return Money::parse(text); }

// The notice of the worked example (§11, §13; see notice_test.cpp for where each value
// comes from).
Notice worked_notice() {
    Notice n;
    n.notice_date = d(2026, 1, 12);
    n.send_by = d(2026, 1, 19);
    n.regular_amount = gbp("532.17");
    n.changed = {{d(2026, 2, 1), d(2026, 2, 2), gbp("532.17"), gbp("532.17"), gbp("1064.34"), gbp("532.17")},
                 {d(2026, 3, 1), d(2026, 3, 2), gbp("532.17"), gbp("532.17"), gbp("1064.34"), gbp("0.00")}};
    n.catch_up_total = gbp("1064.34");
    n.resumes_on = d(2026, 4, 1);
    n.resume_amount = gbp("532.17");
    return n;
}

const std::vector<std::string> kept_names{"payer name"};

std::vector<std::string_view> columns() {
    static const std::vector<std::string> header{"account_id", "amount", " payer name ", "frequency", "first_due"};
    static const io::KeptColumns kept(kept_names, header, "accounts.csv", io::notice_columns);
    return kept.columns(io::notice_columns);
}

std::string letter(const io::Letters& letters, std::string_view payer) {
    const std::vector<std::string_view> kept{payer};
    const std::vector<std::string> cells = io::notice_cells("W1", kept, worked_notice());
    return io::letters_html(letters, std::vector<std::vector<std::string>>{cells});
}

// What every letters document has after its UTF-8 declaration: each letter starts a page.
constexpr std::string_view page_style =
    "<style>.arrears-letter + .arrears-letter { break-before: page; page-break-before: always; }</style>";

constexpr std::string_view page = "<html><head><style>p {{ margin: 0 }}</style></head><body>";

}  // namespace

TEST_CASE("notice rows as CSV and JSON, with a kept column", "[notices][io]") {
    const std::vector<std::string_view> cols = columns();
    REQUIRE(cols[1] == "payer name");  // kept columns follow account_id, trimmed
    const std::vector<std::string_view> kept{"Ann \"Nan\" Smith"};
    std::string csv;
    io::format_notice(csv, io::Format::csv, cols, "W1", kept, worked_notice());
    CHECK(csv ==
          "W1,\"Ann \"\"Nan\"\" Smith\",2026-01-12,2026-01-19,monthly,532.17,recovery,0,,,0.00,0.00,,,2,2026-02-02,"
          "2026-03-02,1064.34,"
          "2026-04-01,532.17,\"2 February 2026: \xC2\xA3"
          "532.17 regular + \xC2\xA3"
          "532.17 catch-up = \xC2\xA3"
          "1,064.34\n2 March 2026: \xC2\xA3"
          "532.17 regular + \xC2\xA3"
          "532.17 catch-up = \xC2\xA3"
          "1,064.34\"\n");
    // §15: replan's catch_up_stops notice of an account now in credit by 290.44 that was told
    // 709.56 of catch-up: previous_catch_up and credit filled, the changed collections
    // back to the regular 532.17 ("regular, no catch-up"), one with no regular part at all
    // "no collection".
    Notice stops = worked_notice();
    stops.kind = "catch_up_stops";
    stops.previous_catch_up = Money::parse("709.56");
    stops.credit = Money::parse("290.44");
    stops.catch_up_total = Money();
    for (ScheduleRow& row : stops.changed) row.recovery_amount = Money(), row.total_amount = row.regular_amount;
    stops.changed.back().regular_amount = stops.changed.back().total_amount = Money();
    std::string stopped;
    io::format_notice(stopped, io::Format::csv, cols, "W1", kept, stops);
    CHECK(stopped.find(",catch_up_stops,0,,,0.00,0.00,709.56,290.44,2,2026-02-02,2026-03-02,0.00,") !=
          std::string::npos);
    CHECK(stopped.find("\"2 February 2026: \xC2\xA3"
                       "532.17 regular, no catch-up\n2 March 2026: no collection\"") != std::string::npos);
    Notice none = worked_notice();
    none.resumes_on.reset();
    none.resume_amount.reset();
    std::string json;
    const std::vector<std::string_view> empty_kept{""};
    io::format_notice(json, io::Format::json, cols, "W1", empty_kept, none);
    CHECK(json.starts_with(",\n{\"account_id\":\"W1\",\"payer name\":null,\"notice_date\":\"2026-01-12\""));
    CHECK(json.find("\"changes\":2,") != std::string::npos);
    CHECK(json.find("\"resumes_on\":null,\"resume_amount\":null,") != std::string::npos);
}

TEST_CASE("schedule_text is quoted in CSV only when it holds a comma or a line break", "[notices][io]") {
    // The quoting rule of any CSV cell (§12), kept by the in-place writer of schedule_text:
    // one line under £1,000 needs no quotes; one with £1,064.34 does; JSON writes the line
    // break as \n.
    const std::vector<std::string_view> cols = columns();
    const std::vector<std::string_view> kept{"A"};
    Notice one = worked_notice();
    one.changed = {{d(2026, 2, 1), d(2026, 2, 2), gbp("0.00"), gbp("150.00"), gbp("150.00"), gbp("0.00")}};
    std::string csv;
    io::format_notice(csv, io::Format::csv, cols, "W1", kept, one);
    CHECK(
        csv.ends_with(",532.17,2 February 2026: \xC2\xA3"
                      "150.00 catch-up\n"));
    one.changed[0].regular_amount = gbp("914.34");
    one.changed[0].total_amount = gbp("1064.34");
    csv.clear();
    io::format_notice(csv, io::Format::csv, cols, "W1", kept, one);
    CHECK(
        csv.ends_with(",532.17,\"2 February 2026: \xC2\xA3"
                      "914.34 regular + \xC2\xA3"
                      "150.00 catch-up = \xC2\xA3"
                      "1,064.34\"\n"));
    std::string json;
    io::format_notice(json, io::Format::json, cols, "W1", kept, worked_notice());
    CHECK(
        json.ends_with("\"schedule_text\":\"2 February 2026: \xC2\xA3"
                       "532.17 regular + \xC2\xA3"
                       "532.17 catch-up = "
                       "\xC2\xA3"
                       "1,064.34\\n2 March 2026: \xC2\xA3"
                       "532.17 regular + \xC2\xA3"
                       "532.17 catch-up = "
                       "\xC2\xA3"
                       "1,064.34\"}"));
}

TEST_CASE("kept columns: a missing column or an output column's name is refused", "[notices][io]") {
    const std::vector<std::string> header{"account_id", "amount", "name"};
    const std::vector<std::string> missing{"address"}, clash{"send_by"};
    CHECK_THROWS_WITH(io::KeptColumns(missing, header, "accounts.csv", io::notice_columns),
                      "accounts.csv has no column 'address'");
    CHECK_THROWS_WITH(io::KeptColumns(clash, header, "accounts.csv", io::notice_columns),
                      "column 'send_by' is already a column of the output");
}

namespace {

// The columns of the bundled letter's payer: name and address (address_line_2 left empty
// in the rows below), the Direct Debit reference and one other kept column.
const std::vector<std::string> address_names{"name",     "address_line_1", "address_line_2",
                                             "postcode", "reference",      "tenancy_ref"};

std::vector<std::string_view> address_columns() {
    static const std::vector<std::string> header{"account_id", "amount",         "frequency",      "first_due",
                                                 "name",       "address_line_1", "address_line_2", "postcode",
                                                 "reference",  "tenancy_ref"};
    static const io::KeptColumns kept(address_names, header, "accounts.csv", io::notice_columns);
    return kept.columns(io::notice_columns);
}

std::string address_letter(const io::Letters& letters, const Notice& n) {
    const std::vector<std::string_view> kept{"Ms A Example", "4 Park Row", "", "AN4 4DD", "DD-0004", "T/99"};
    const std::vector<std::string> cells = io::notice_cells("R-100004", kept, n);
    return io::letters_html(letters, std::vector<std::vector<std::string>>{cells});
}

bool has(const std::string& html, std::string_view what) { return html.find(what) != std::string::npos; }

// R-100004 of the bundled portfolio (issue 24; tests/cli/cases/notices_missed_and_paid):
// £642.54 monthly, missed 1 Dec 2025 and 2 Jan 2026 (2 x 642.54 = 1,285.08), paid £626.60
// in cash, so A = 658.48, two collections of 329.24 on 2 Feb and 2 Mar 2026, resumes 1 Apr.
Notice r100004() {
    Notice n;
    n.notice_date = d(2026, 1, 12);
    n.send_by = d(2026, 1, 19);
    n.regular_amount = gbp("642.54");
    n.missed = {{d(2025, 12, 1), gbp("642.54")}, {d(2026, 1, 2), gbp("642.54")}};
    n.missed_amount = gbp("1285.08");
    n.paid_amount = gbp("626.60");
    n.changed = {{d(2026, 2, 1), d(2026, 2, 2), gbp("642.54"), gbp("329.24"), gbp("971.78"), gbp("329.24")},
                 {d(2026, 3, 1), d(2026, 3, 2), gbp("642.54"), gbp("329.24"), gbp("971.78"), gbp("0.00")}};
    n.catch_up_total = gbp("658.48");
    n.resumes_on = d(2026, 4, 1);
    n.resume_amount = gbp("642.54");
    return n;
}

// A Council Tax plan of ten instalments of £171.00 ending 1 Jan 2026 (end 2026-01-01):
// missed 1 Dec 2025 and 1 Jan 2026 (342.00), nothing paid; its catch-up goes on two
// collections after the plan's end (the promise's `past_end continue`, §8), £171.00 each,
// with no regular part, and nothing after them: no resumes_on.
Notice council_tax_ended() {
    Notice n;
    n.notice_date = d(2026, 1, 12);
    n.send_by = d(2026, 1, 19);
    n.regular_amount = gbp("171.00");
    n.missed = {{d(2025, 12, 1), gbp("171.00")}, {d(2026, 1, 2), gbp("171.00")}};
    n.missed_amount = gbp("342.00");
    n.changed = {{d(2026, 2, 1), d(2026, 2, 2), gbp("0.00"), gbp("171.00"), gbp("171.00"), gbp("171.00")},
                 {d(2026, 3, 1), d(2026, 3, 2), gbp("0.00"), gbp("171.00"), gbp("171.00"), gbp("0.00")}};
    n.catch_up_total = gbp("342.00");
    return n;
}

}  // namespace

TEST_CASE("the bundled letter names the payer, the dates and the amounts", "[letters]") {
    const io::Letters letters(columns());
    const std::string html = letter(letters, "Ann Smith");
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(has(html, "@page { size: A4;"));  // CSS copied as it is: single braces
    // Each letter in a <div> that starts a new printed page, but the first (§13).
    CHECK(has(html, "<style>.arrears-letter + .arrears-letter { break-before: page; page-break-before: always; }"));
    // Each letter says its own language, so an English letter among Welsh ones (a payer's
    // `language` column, §13) is not read as Welsh under the page's lang="cy".
    CHECK(has(html, "<body>\n<div class=\"arrears-letter\">\n<section class=\"letter\" lang=\"en-GB\">"));
    CHECK(has(html, "</section>\n</div>\n</body>"));
    CHECK(has(html, "font-size: 12pt"));  // RNIB: 12 point or larger
    CHECK(has(html, "@page { size: A4;"));
    CHECK(has(html, "Your account number: W1"));
    CHECK(has(html, "Payer name: Ann Smith"));  // a kept column that is not the address: labelled
    CHECK(has(html, "Date: 12 January 2026"));
    CHECK(has(html,
              "<tr><td>2 February 2026</td><td>\xC2\xA3"
              "532.17</td><td>\xC2\xA3"
              "532.17</td><td>\xC2\xA3"
              "1,064.34</td></tr>"));
    CHECK(has(html,
              "<p>From 1 April 2026 your collections return to the regular amount of \xC2\xA3"
              "532.17.</p>"));
    CHECK(has(html, "Dear account holder,"));  // no kept `name`
    CHECK(has(html, "never ask for your bank details by email, text message or phone call"));
    CHECK(has(html, "large print, Braille, audio"));
    CHECK(has(html, "make sure there is enough money in your account"));
    CHECK(has(html, "If you cannot afford these amounts"));
    CHECK(html.ends_with("</html>\n"));
}

TEST_CASE("the bundled letter's address block, labelled reference and other kept columns", "[letters]") {
    // §13: the payer's name and address from the kept name, address_line_1 … _6 and postcode
    // (empty ones skipped: address_line_2 here), the reference labelled, others labelled.
    const io::Letters letters(address_columns());
    const std::string html = address_letter(letters, r100004());
    CHECK(has(html, "<p class=\"address\">Ms A Example<br>\n4 Park Row<br>\nAN4 4DD</p>"));
    CHECK(has(html, "<p class=\"details\">Direct Debit reference: DD-0004<br>\nTenancy ref: T/99</p>"));
    CHECK(has(html, "Dear Ms A Example,"));
}

TEST_CASE("R-100004's letter names the missed collections and the payment received", "[letters]") {
    // Issue 24: her letter said only "The amount not collected, £658.48". Missed 1,285.08 (two
    // of 642.54), paid 626.60, left 658.48.
    const std::string html = address_letter(io::Letters(address_columns()), r100004());
    CHECK(has(html,
              "<li>1 December 2025: \xC2\xA3"
              "642.54</li>\n<li>2 January 2026: \xC2\xA3"
              "642.54</li>"));
    CHECK(has(html,
              "That is \xC2\xA3"
              "1,285.08 in all. You have since paid \xC2\xA3"
              "626.60 in another way"));
    CHECK(has(html,
              "This leaves <strong>\xC2\xA3"
              "658.48</strong> to pay."));
    // Nothing paid: no sentence about a payment.
    Notice unpaid = r100004();
    unpaid.paid_amount = Money();
    const std::string none = address_letter(io::Letters(address_columns()), unpaid);
    CHECK(!has(none, "You have since paid"));
    CHECK(has(none, "in all.  This leaves"));
}

TEST_CASE("an ended Council Tax plan: the Direct Debit stays in place, no £0.00 row", "[letters]") {
    // Issue 24: 900 letters said "there are no further collections under this Direct Debit"
    // (inviting a cancellation) and 777 showed "Regular payment £0.00" with no word why.
    const std::string html = address_letter(io::Letters(address_columns()), council_tax_ended());
    CHECK(!has(html, "no further collections"));
    CHECK(!has(html,
               "\xC2\xA3"
               "0.00"));
    CHECK(has(html,
              "<tr><td>2 February 2026</td><td>\xE2\x80\x93</td><td>\xC2\xA3"
              "171.00</td><td>\xC2\xA3"
              "171.00</td></tr>"));
    CHECK(has(html, "the instalments of your bill for the year have ended"));
    CHECK(has(html,
              "The collection on 2 March 2026 is the last one of this payment plan. Your Direct Debit "
              "stays in place for your next bill, so please do not cancel it."));
    // The plan that resumes has no such sentence.
    const std::string resumes = address_letter(io::Letters(address_columns()), r100004());
    CHECK(!has(resumes, "have ended"));
    CHECK(!has(resumes, "do not cancel"));
}

TEST_CASE("the letter-template copy used as it is gives the bundled letters", "[letters]") {
    // Issue 24: the printed template had no address block and, as it stood, printed "From
    // your collections return to the regular amount of ." for a plan that had ended.
    const io::Letters copy(io::Letters::bundled_text(), "council-letter.html", address_columns());
    const io::Letters bundled(address_columns());
    for (const Notice& n : {r100004(), council_tax_ended()}) {
        const std::string html = address_letter(copy, n);
        CHECK(html == address_letter(bundled, n));
        CHECK(has(html, "Ms A Example<br>\n4 Park Row"));
        CHECK(!has(html, "From  your"));
        CHECK(!has(html, "amount of ."));
    }
}

TEST_CASE("the Direct Debit Guarantee: as given, or a bracketed placeholder", "[letters]") {
    const io::Letters without(columns());
    CHECK(without.uses_guarantee());
    CHECK(without.guarantee_missing());
    CHECK(has(letter(without, "A"), std::string(io::missing_guarantee)));
    const io::Letters with(columns(), "<ul><li>This Guarantee is offered by all banks</li></ul>");
    CHECK(!with.guarantee_missing());
    const std::string html = letter(with, "A");
    CHECK(has(html, "<h2>The Direct Debit Guarantee</h2>\n<ul><li>This Guarantee is offered by all banks</li></ul>"));
    CHECK(!has(html, "[The Direct Debit Guarantee goes here"));
    // A whole document saved from a word processor: its body is the fragment.
    CHECK(io::fragment_body("<html><head><title>x</title></head><body lang=en><p>G</p></body></html>") == "<p>G</p>");
    CHECK(io::fragment_body("<p>G</p>") == "<p>G</p>");
    // A template without {guarantee} does not use it.
    const io::Letters own(std::string(page) + "<p>{account_id}</p></body></html>", "mine.html", columns());
    CHECK(!own.uses_guarantee());
    CHECK(!own.guarantee_missing());
}

TEST_CASE("a template's placeholders: kept names sanitised, values escaped, braces literal", "[letters]") {
    const std::string text = std::string(page) +
                             "<p>{payer_name} owes {catch_up_total} from {first_changed}; "
                             "{{literal}}</p></body></html>";
    const io::Letters letters(text, "mine.html", columns());
    const std::string html = letter(letters, "<b>O'Brien & \"Co\"</b>");
    // The head is copied as it is, a UTF-8 declaration added; a <style> written with doubled
    // braces (as every template was before placeholders were read in the body's text only)
    // has them undoubled, so an existing council template keeps its layout.
    CHECK(html ==
          "<html><head><meta charset=\"utf-8\">\n" + std::string(page_style) +
              "<style>p { margin: 0 }</style></head><body><div class=\"arrears-letter\">\n<p>&lt;b&gt;O&#39;Brien "
              "&amp; &quot;Co&quot;&lt;/b&gt; owes \xC2\xA3"
              "1,064.34 from 2 February 2026; {literal}</p></div>\n</body></html>");
}

TEST_CASE("placeholders are read only in the body's text: CSS, scripts, attributes as they are", "[letters]") {
    // §13: Word's CSS needs no doubled braces; a brace in an attribute value or a comment is text.
    const std::string text =
        "<html><head><style>\np.MsoNormal { margin: 0 }\n@page WordSection1 { size: 595.3pt 841.9pt; }\n</style>"
        "<title>{account_id}</title></head>\n<body lang=EN-GB style='tab-interval:36.0pt'>\n"
        "<style>td { color: red }</style><script>var o = { a: 1 };</script><!-- {not a placeholder} -->"
        "<p title=\"{x}\" data-a='}'>{account_id}</p>\n</body></html>";
    const io::Letters letters(text, "word.htm", columns());
    const std::string html = letter(letters, "A");
    CHECK(html ==
          "<html><head><meta charset=\"utf-8\">\n" + std::string(page_style) +
              "<style>\np.MsoNormal { margin: 0 }\n@page WordSection1 { size: 595.3pt "
              "841.9pt; }\n</style><title>{account_id}</title></head>\n<body lang=EN-GB style='tab-interval:36.0pt'>\n"
              "<div class=\"arrears-letter\">\n<style>td { color: red }</style><script>var o = { a: 1 };</script><!-- "
              "{not a placeholder} --><p title=\"{x}\" data-a='}'>W1</p>\n</div>\n</body></html>");
    CHECK(!letters.uses_guarantee());
}

TEST_CASE("a template's character set: Word's windows-1252, a BOM, and refused ones", "[letters]") {
    // Issue 24: a Word "Web Page, Filtered" template declares windows-1252 and holds a typed
    // `£` as the byte A3; the letters are UTF-8 (£ is C2 A3) and say so.
    const std::string word =
        "<html>\r\n<head>\r\n<meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\">\r\n"
        "<meta name=Generator content=\"Microsoft Word 15 (filtered)\">\r\n</head>\r\n<body>\r\n"
        "<p>Fee \xA3"
        "5 \x96 {catch_up_total}</p>\r\n</body>\r\n</html>";
    const std::string utf8 = io::decode_html(word, "word.htm");
    CHECK(has(utf8,
              "<p>Fee \xC2\xA3"
              "5 \xE2\x80\x93 {catch_up_total}</p>"));
    const io::Letters letters(utf8, "word.htm", columns());
    const std::string html = letter(letters, "A");
    CHECK(has(html, "<head>\r\n<meta charset=\"utf-8\">\n" + std::string(page_style) + "\r\n<meta name=Generator"));
    CHECK(!has(html, "windows-1252"));
    CHECK(has(html,
              "<p>Fee \xC2\xA3"
              "5 \xE2\x80\x93 \xC2\xA3"
              "1,064.34</p>"));
    // The other labels browsers read as Windows-1252, in either form of declaration.
    for (std::string_view label : {"iso-8859-1", "latin1", "us-ascii", "Windows-1252"})
        CHECK(io::decode_html("<meta charset=\"" + std::string(label) + "\"><body>\xA3</body>", "t.html") ==
              "<meta charset=\"" + std::string(label) + "\"><body>\xC2\xA3</body>");
    // UTF-8 declared or not declared; a byte-order mark wins over a declaration.
    CHECK(io::decode_html("<meta charset=utf-8><body>\xC2\xA3</body>", "t.html") ==
          "<meta charset=utf-8><body>\xC2\xA3</body>");
    CHECK(io::decode_html("\xEF\xBB\xBF<body>\xC2\xA3</body>", "t.html") == "<body>\xC2\xA3</body>");
    CHECK(io::decode_html(std::string("\xFF\xFE<\0b\0>\0\xA3\0", 10), "t.html") == "<b>\xC2\xA3");
    // Refused: a character set arrears cannot read, named; undeclared bytes that are not UTF-8.
    CHECK_THROWS_WITH(io::decode_html("<head><meta charset=\"Shift_JIS\"></head><body></body>", "t.html"),
                      Catch::StartsWith("t.html declares the character set 'shift_jis', which arrears cannot read"));
    CHECK_THROWS_WITH(io::decode_html("<body>\n<p>\xA3</p></body>", "t.html"),
                      "t.html line 2: invalid UTF-8 (byte 0xA3); a file in Windows-1252 must declare it: "
                      "<meta charset=\"windows-1252\">");
    CHECK_THROWS_WITH(io::decode_html("<meta charset=windows-1252><body>\x81</body>", "t.html"),
                      Catch::StartsWith("t.html declares charset=windows-1252 but is not Windows-1252"));
}

TEST_CASE("Welsh: the bundled Welsh letter, dates, frequency and table in Welsh", "[letters][welsh]") {
    // §13 (the Welsh Language Standards): --language cy. R-100004's figures as above; the
    // months Ionawr, Chwefror, Mawrth, Ebrill, Rhagfyr; monthly is "misol"; the table's
    // headings Dyddiad, Taliad arferol, Taliad ychwanegol, Cyfanswm.
    const io::Letters welsh(address_columns(), std::nullopt, io::Language::cy);
    const std::string html = address_letter(welsh, r100004());
    CHECK(has(html, "<html lang=\"cy\">"));
    CHECK(has(html, "<!-- Welsh text: a draft for the council's translator to check before it is sent. -->"));
    CHECK(has(html, "Dyddiad: 12 Ionawr 2026"));
    CHECK(has(html, "Annwyl Ms A Example,"));
    CHECK(has(html, "Cyfeirnod Debyd Uniongyrchol: DD-0004"));
    CHECK(has(html,
              "<li>1 Rhagfyr 2025: \xC2\xA3"
              "642.54</li>\n<li>2 Ionawr 2026: \xC2\xA3"
              "642.54</li>"));
    CHECK(has(html,
              "Rydych wedi talu \xC2\xA3"
              "626.60 ers hynny mewn ffordd arall"));
    CHECK(has(html,
              "Eich taliad arferol (misol) yw \xC2\xA3"
              "642.54."));
    CHECK(has(html,
              "<th scope=\"col\">Dyddiad</th><th scope=\"col\">Taliad arferol</th><th scope=\"col\">Taliad "
              "ychwanegol</th><th scope=\"col\">Cyfanswm</th>"));
    CHECK(has(html,
              "<tr><td>2 Chwefror 2026</td><td>\xC2\xA3"
              "642.54</td>"));
    CHECK(has(html,
              "O 1 Ebrill 2026 bydd eich casgliadau'n dychwelyd i'r swm arferol o \xC2\xA3"
              "642.54."));
    CHECK(has(html, "a chyn 2 Chwefror 2026 os yw'n bosibl"));
    CHECK(has(html, std::string(io::missing_guarantee_cy)));
    CHECK(welsh.guarantee_missing());
    for (std::string_view english : {"February", "January", "Dear ", "Direct Debit reference"})
        CHECK(!has(html, english));
    // An ended Council Tax plan in Welsh: the Direct Debit stays in place, "–" for no regular part.
    const std::string ended = address_letter(welsh, council_tax_ended());
    CHECK(has(ended,
              "Y casgliad ar 2 Mawrth 2026 yw'r olaf o'r cynllun talu hwn. Mae eich Debyd Uniongyrchol yn "
              "aros yn ei le ar gyfer eich bil nesaf, felly peidiwch \xC3\xA2'i ganslo."));
    CHECK(has(ended, "<tr><td>2 Chwefror 2026</td><td>\xE2\x80\x93</td>"));
    CHECK(has(ended, "mae rhandaliadau eich bil ar gyfer y flwyddyn wedi dod i ben"));
    CHECK(!has(ended,
               "\xC2\xA3"
               "0.00"));
    // With the Welsh guarantee given, it is printed and nothing is missing.
    const io::Letters given(address_columns(), std::nullopt, io::Language::cy, "<p>Cynigir y Warant hon</p>");
    CHECK(!given.guarantee_missing());
    CHECK(has(address_letter(given, r100004()), "<h2>Gwarant Debyd Uniongyrchol</h2>\n<p>Cynigir y Warant hon</p>"));
}

TEST_CASE("Welsh: the bilingual letter is Welsh first, the English on a new page", "[letters][welsh]") {
    const io::Letters both(address_columns(), "<p>G</p>", io::Language::cy_en, "<p>G-cy</p>");
    const std::string html = address_letter(both, r100004());
    const std::size_t cy = html.find("Annwyl Ms A Example,"), en = html.find("Dear Ms A Example,");
    REQUIRE(cy != std::string::npos);
    REQUIRE(en != std::string::npos);
    CHECK(cy < en);
    CHECK(has(html, "<section class=\"letter second\" lang=\"en-GB\">"));
    CHECK(has(html, ".second { break-before: page;"));
    CHECK(html.find("<p>G-cy</p>") < html.find("<p>G</p>"));
    CHECK(!both.guarantee_missing());
    // Only the English guarantee given: the Welsh one is missing.
    CHECK(io::Letters(address_columns(), "<p>G</p>", io::Language::cy_en).guarantee_missing());
    CHECK(io::parse_language("cy+en") == io::Language::cy_en);
    CHECK_THROWS_WITH(io::parse_language("fr"), "unknown language 'fr' (expected en, cy or cy+en)");
}

TEST_CASE("Welsh: a _cy placeholder is always Welsh, a plain one always English", "[letters][welsh]") {
    const std::string text = std::string(page) +
                             "<p>{first_changed_cy} / {first_changed}; {frequency_cy} / {frequency}; "
                             "{catch_up_total_cy}; {payer_name_cy}</p>\n<pre>{schedule_text_cy}</pre>\n"
                             "<pre>{missed_text_cy}</pre>{schedule_table_cy}{resume_text_cy}</body></html>";
    const io::Letters letters(text, "mine.html", columns());
    CHECK(!letters.uses_guarantee());
    const std::string html = letter(letters, "Ann");
    CHECK(has(html,
              "<p>2 Chwefror 2026 / 2 February 2026; misol / monthly; \xC2\xA3"
              "1,064.34; Ann</p>"));
    CHECK(has(html,
              "<pre>2 Chwefror 2026: \xC2\xA3"
              "532.17 arferol + \xC2\xA3"
              "532.17 ychwanegol = \xC2\xA3"
              "1,064.34\n2 Mawrth 2026"));
    CHECK(has(html, "<caption>Casgliadau sy'n newid</caption>"));
    CHECK(has(html, "O 1 Ebrill 2026 bydd eich casgliadau'n dychwelyd"));
    // The four frequencies (§13): wythnosol, bob pythefnos, bob pedair wythnos, misol.
    const io::Letters freq(std::string(page) + "{frequency_cy}</body></html>", "f.html", columns());
    std::vector<std::string> cells = io::notice_cells("W1", std::vector<std::string_view>{"A"}, worked_notice());
    const std::size_t at = 2 + io::notice_list.index("frequency");
    for (const auto& [en, cy] : std::vector<std::pair<std::string, std::string>>{{"weekly", "wythnosol"},
                                                                                 {"fortnightly", "bob pythefnos"},
                                                                                 {"four-weekly", "bob pedair wythnos"},
                                                                                 {"monthly", "misol"}}) {
        cells[at] = en;
        CHECK(has(io::letters_html(freq, std::vector<std::vector<std::string>>{cells}), ">\n" + cy + "</div>"));
    }
}

TEST_CASE("a template's mistakes are named", "[letters]") {
    auto make = [](std::string_view body) {
        return io::Letters(std::string(page) + std::string(body) + "</body></html>", "mine.html", columns());
    };
    CHECK_THROWS_WITH(make("Dear {payer},"),
                      Catch::StartsWith("mine.html line 1: unknown placeholder {payer} (known: the notice columns"));
    CHECK_THROWS_WITH(make("\n{account_id:>10}"), Catch::Contains("line 2: unknown placeholder {account_id:>10}"));
    CHECK_THROWS_WITH(make("a } b"), Catch::Contains("a lone '}'"));
    CHECK_THROWS_WITH(make("a { b"), Catch::Contains("'{' without a closing '}'"));
    CHECK_THROWS_WITH(io::Letters("<p>{account_id}</p>", "t.html", columns()), Catch::Contains("<body>"));
    // A kept column may not take a placeholder the letter makes itself.
    const std::vector<std::string_view> clash{"account_id", "address_block", "notice_date"};
    CHECK_THROWS_WITH(io::Letters(clash),
                      "column 'address_block' would be the placeholder {address_block}, which "
                      "the letter makes itself; rename it");
}

TEST_CASE("kept columns: one that would be a notice column's or the table's placeholder is refused", "[notices][io]") {
    // §13: in letters a kept column is the placeholder of its name with every character but
    // letters, digits and `_` made `_`: `first changed` is {first_changed}, `schedule-table`
    // {schedule_table}; two kept names may not make one placeholder either.
    const std::vector<std::string> header{"account_id", "first changed", "schedule-table", "Post Code", "Post-Code"};
    std::vector<std::string_view> outputs(io::notice_columns.begin(), io::notice_columns.end());
    outputs.emplace_back("schedule_table");
    const std::vector<std::string> first{"first changed"}, table{"schedule-table"}, both{"Post Code", "Post-Code"};
    CHECK_THROWS_WITH(io::KeptColumns(first, header, "accounts.csv", outputs),
                      "column 'first changed' would be the placeholder {first_changed} of the letters, which is "
                      "already the output's 'first_changed'; rename the column in the accounts file");
    CHECK_THROWS_WITH(io::KeptColumns(table, header, "accounts.csv", outputs),
                      "column 'schedule-table' would be the placeholder {schedule_table} of the letters, which is "
                      "already the output's 'schedule_table'; rename the column in the accounts file");
    CHECK_THROWS_WITH(io::KeptColumns(both, header, "accounts.csv", outputs),
                      "columns 'Post Code' and 'Post-Code' would both be the placeholder {Post_Code} of the "
                      "letters; keep one of them");
    // Letters made from such columns (a notices table from elsewhere) are refused the same way.
    const std::vector<std::string_view> columns{"account_id", "first changed", "first_changed"};
    CHECK_THROWS_WITH(io::Letters(columns),
                      "columns 'first changed' and 'first_changed' would both be the "
                      "placeholder {first_changed}; rename one of them");
}
