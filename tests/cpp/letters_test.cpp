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

constexpr std::string_view page = "<html><head><style>p {{ margin: 0 }}</style></head><body>";

}  // namespace

TEST_CASE("notice rows as CSV and JSON, with a kept column", "[notices][io]") {
    const std::vector<std::string_view> cols = columns();
    REQUIRE(cols[1] == "payer name");  // kept columns follow account_id, trimmed
    const std::vector<std::string_view> kept{"Ann \"Nan\" Smith"};
    std::string csv;
    io::format_notice(csv, io::Format::csv, cols, "W1", kept, worked_notice());
    CHECK(csv ==
          "W1,\"Ann \"\"Nan\"\" Smith\",2026-01-12,2026-01-19,monthly,532.17,recovery,0,,,0.00,0.00,2,2026-02-02,"
          "2026-03-02,1064.34,"
          "2026-04-01,532.17,\"2 February 2026: \xC2\xA3"
          "532.17 regular + \xC2\xA3"
          "532.17 catch-up = \xC2\xA3"
          "1,064.34\n2 March 2026: \xC2\xA3"
          "532.17 regular + \xC2\xA3"
          "532.17 catch-up = \xC2\xA3"
          "1,064.34\"\n");
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

TEST_CASE("the bundled letter names the payer, the dates and the amounts", "[letters]") {
    const io::Letters letters(columns());
    const std::string html = letter(letters, "Ann Smith");
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(html.find(".letter { break-after: page;") != std::string::npos);  // {{ }} became braces
    CHECK(html.find("Ann Smith<br>") != std::string::npos);
    CHECK(html.find("Account reference: W1") != std::string::npos);
    CHECK(html.find("Date: 12 January 2026") != std::string::npos);
    CHECK(html.find("<tr><td>2 February 2026</td><td>\xC2\xA3"
                    "532.17</td><td>\xC2\xA3"
                    "532.17</td><td>\xC2\xA3"
                    "1,064.34</td></tr>") != std::string::npos);
    CHECK(html.find("From <strong>1 April 2026</strong> your collections return to the regular amount of "
                    "<strong>\xC2\xA3"
                    "532.17</strong>") != std::string::npos);
    CHECK(html.ends_with("</html>\n"));
}

TEST_CASE("the bundled letter's wording when the amount never returns", "[letters]") {
    const io::Letters letters(columns());
    std::vector<std::string> cells = io::notice_cells("W1", std::vector<std::string_view>{"A"}, worked_notice());
    // (after account_id and the kept column)
    cells[2 + io::notice_list.index("resumes_on")].clear();
    cells[2 + io::notice_list.index("resume_amount")].clear();
    const std::string html = io::letters_html(letters, std::vector<std::vector<std::string>>{cells});
    CHECK(html.find("After 2 March 2026 there are no further collections") != std::string::npos);
    CHECK(html.find("return to the regular amount") == std::string::npos);
}

TEST_CASE("a template's placeholders: kept names sanitised, values escaped, braces literal", "[letters]") {
    const std::string text = std::string(page) +
                             "<p>{payer_name} owes {catch_up_total} from {first_changed}; "
                             "{{literal}}</p></body></html>";
    const io::Letters letters(text, "mine.html", columns());
    const std::string html = letter(letters, "<b>O'Brien & \"Co\"</b>");
    CHECK(html ==
          "<html><head><style>p { margin: 0 }</style></head><body><p>&lt;b&gt;O&#39;Brien &amp; "
          "&quot;Co&quot;&lt;/b&gt; owes \xC2\xA3"
          "1,064.34 from 2 February 2026; {literal}</p></body></html>");
}

TEST_CASE("a template's mistakes are named", "[letters]") {
    auto make = [](std::string_view body) {
        return io::Letters(std::string(page) + std::string(body) + "</body></html>", "mine.html", columns());
    };
    CHECK_THROWS_WITH(make("Dear {payer},"),
                      "mine.html line 1: unknown placeholder {payer} (known: schedule_table "
                      "and the notice columns)");
    CHECK_THROWS_WITH(make("\n{account_id:>10}"), Catch::Contains("line 2: unknown placeholder {account_id:>10}"));
    CHECK_THROWS_WITH(make("a } b"), Catch::Contains("a lone '}'"));
    CHECK_THROWS_WITH(make("a { b"), Catch::Contains("'{' without a closing '}'"));
    CHECK_THROWS_WITH(
        io::Letters("<html><head><title>{account_id}</title></head><body></body></html>", "t.html", columns()),
        "t.html: placeholder {account_id} is outside the letter's <body>");
    CHECK_THROWS_WITH(io::Letters("<p>{account_id}</p>", "t.html", columns()), Catch::Contains("<body>"));
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
