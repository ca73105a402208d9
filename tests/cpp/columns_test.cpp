// Tests of include/arrears/io/columns.hpp: the one list of each result table's columns
// (recovery-rules §9, §12, §13, §14) — names in the rules' order, kinds, empty cells — and a
// run's selection of the columns only some runs have, as the writers write it.
#include <arrears/io/columns.hpp>
#include <arrears/io/detail/row_writer.hpp>

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace arrears;

namespace {

// The kind, and whether it may be empty, of each column of a list after the key.
template <class L>
std::vector<std::string> kinds(const L& list) {
    std::vector<std::string> out;
    list.for_each(
        [&](const auto& c) { out.push_back(std::string(io::kind_name(c.kind)) + (c.may_be_empty ? "?" : "")); });
    return out;
}

// A table of another kind of row, with a column only some runs have (as issue 24's Welsh
// `_cy` columns will be): what a run that asks for it, and one that does not, write.
struct Letter {
    Money amount;
    std::optional<Date> sent;
    std::string text, text_cy;
};
constexpr auto letter_list =
    io::column_list<Letter>("account_id", io::member<&Letter::amount>("amount"), io::member<&Letter::sent>("sent"),
                            io::member<&Letter::text>("text", io::Cells::may_be_empty),
                            io::member<&Letter::text_cy>("text_cy", io::Cells::may_be_empty, io::Presence::when_asked));

std::string row(io::Format f, io::Selection s, const std::vector<std::string_view>& names, const Letter& l) {
    std::string out;
    io::detail::append_row(out, f, letter_list, s, names.data(), "L-1", {}, l);
    return out;
}

}  // namespace

TEST_CASE("the lists name the rules' columns in the rules' order", "[columns][io]") {
    // §9
    CHECK(std::vector<std::string_view>(io::schedule_columns.begin(), io::schedule_columns.end()) ==
          std::vector<std::string_view>{"account_id", "due_date", "collection_date", "regular_amount",
                                        "recovery_amount", "total_amount", "arrears_after"});
    CHECK(io::summary_list.names(io::summary_list.every_run()) ==
          std::vector<std::string_view>{"account_id", "status", "missed_count", "missed_amount", "paid_amount",
                                        "arrears", "instalments", "first_recovery_date", "last_recovery_date",
                                        "max_recovery", "warnings", "message"});
    // §13 and §14 (the kept columns go after account_id)
    CHECK(std::vector<std::string_view>(io::notice_columns.begin(), io::notice_columns.end()) ==
          std::vector<std::string_view>{"account_id",     "notice_date",   "send_by",       "frequency",
                                        "regular_amount", "notice_kind",   "missed_count",  "missed_dates",
                                        "missed_text",    "missed_amount", "paid_amount",   "previous_catch_up",
                                        "credit",         "changes",       "first_changed", "last_changed",
                                        "catch_up_total", "resumes_on",    "resume_amount", "schedule_text"});
    CHECK(std::vector<std::string_view>(io::collection_columns.begin(), io::collection_columns.end()) ==
          std::vector<std::string_view>{"account_id", "collection_date", "processing_date", "input_by", "amount",
                                        "regular_amount", "recovery_amount", "action", "previous_amount"});
    // §14: recover's collection file has replan's columns (action `collect`, previous_amount
    // empty), so one import takes either file.
    CHECK(std::vector<std::string_view>(io::collection_columns.begin(), io::collection_columns.end()) ==
          std::vector<std::string_view>(io::replan_collection_columns.begin(), io::replan_collection_columns.end()));
    // §12: the workbook's cash flow sheet
    CHECK(io::cash_flow_list.all_names() ==
          std::vector<std::string_view>{"month", "collections", "regular", "recovery", "total", "after_year_end"});
}

TEST_CASE("each column's kind comes from its value's type", "[columns][io]") {
    // §9: the schedule is never empty; the summary's figures are empty for what does not
    // apply (a rejected account has none), its warnings and message empty when there are none.
    CHECK(kinds(io::schedule_list) == std::vector<std::string>{"date", "date", "money", "money", "money", "money"});
    CHECK(kinds(io::summary_list) == std::vector<std::string>{"text", "count?", "money?", "money?", "money?", "count?",
                                                              "date?", "date?", "money?", "text?", "text?"});
    // §13: missed_dates and missed_text are empty when nothing was missed; previous_catch_up
    // and credit (§15, replan's) empty in recover; so is missed_text_cy (schedule_text_cy and
    // missed_text_cy: only when Welsh is asked for, then with the payer's language).
    CHECK(kinds(io::notice_list) == std::vector<std::string>{"date",  "date",  "text",  "money", "text",   "count",
                                                             "text?", "text?", "money", "money", "money?", "money?",
                                                             "count", "date",  "date",  "money", "date?",  "money?",
                                                             "text",  "text",  "text?", "text"});
    static_assert(io::summary_list.index("arrears") == 4);
    static_assert(io::detail::csv_fixed_row<decltype(io::schedule_list)>() == 2 * 11 + 4 * 22 + 1);
    CHECK_THROWS_AS(io::summary_list.index("arrears_after"), std::invalid_argument);
}

TEST_CASE("a coded column writes the text of its row's code", "[columns][io]") {
    Summary s;
    s.status = Status::in_credit;
    s.warnings = Warning::double_payment;
    const auto& status = std::get<io::summary_list.index("status")>(io::summary_list.columns);
    const auto& warnings = std::get<io::summary_list.index("warnings")>(io::summary_list.columns);
    CHECK(status.code(s) == 3);  // §9's order: ok, extended, no_arrears, in_credit, ...
    CHECK(status.get(s) == "in_credit");
    CHECK(warnings.get(s) == "double_payment");
    s.warnings = 0;
    CHECK(warnings.get(s).empty());
}

TEST_CASE("a column only some runs have is written only when a run asks for it", "[columns][io]") {
    const Letter l{Money::parse("1064.34"), std::nullopt, "Hello, payer", "Helo"};
    const io::Selection every = letter_list.every_run(), welsh = letter_list.select({"text_cy"});
    CHECK(letter_list.names(every) == std::vector<std::string_view>{"account_id", "amount", "sent", "text"});
    CHECK(letter_list.names(welsh) == std::vector<std::string_view>{"account_id", "amount", "sent", "text", "text_cy"});
    CHECK(letter_list.all_names().size() == 5);
    CHECK_THROWS_AS(letter_list.select({"text_fr"}), std::invalid_argument);
    // CSV: money as 1234.56, the empty date an empty cell, text quoted for its comma (§12).
    CHECK(row(io::Format::csv, every, letter_list.names(every), l) == "L-1,1064.34,,\"Hello, payer\"\n");
    CHECK(row(io::Format::csv, welsh, letter_list.names(welsh), l) == "L-1,1064.34,,\"Hello, payer\",Helo\n");
    // JSON: a row that follows others; money a string, the empty date null.
    CHECK(row(io::Format::json, welsh, letter_list.names(welsh), l) ==
          ",\n{\"account_id\":\"L-1\",\"amount\":\"1064.34\",\"sent\":null,\"text\":\"Hello, payer\","
          "\"text_cy\":\"Helo\"}");
    // The text cells a letter is made from.
    CHECK(io::detail::text_cells(letter_list, welsh, "L-1", {}, l) ==
          std::vector<std::string>{"L-1", "1064.34", "", "Hello, payer", "Helo"});
}

TEST_CASE("a notice's schedule_text in a CSV cell is quoted only for a line break or a comma", "[columns][io]") {
    // §13: one line per changed collection; §12: quoted when it holds a comma or a line break.
    // £1,064.34 holds a comma, so even one line is quoted; £5.00 alone is not.
    Notice n;
    n.changed = {{make_date(2026, 2, 1), make_date(2026, 2, 2), Money::parse("532.17"), Money::parse("532.17"),
                  Money::parse("1064.34"), Money::parse("532.17")}};
    std::string out(io::ScheduleText{&n}.csv_bound(), ' ');
    out.resize(static_cast<std::size_t>(io::ScheduleText{&n}.put_csv(out.data()) - out.data()));
    CHECK(out ==
          "\"2 February 2026: \xC2\xA3"
          "532.17 regular + \xC2\xA3"
          "532.17 catch-up = \xC2\xA3"
          "1,064.34\"");
    n.changed = {
        {make_date(2026, 2, 1), make_date(2026, 2, 2), Money(), Money::parse("5.00"), Money::parse("5.00"), Money()}};
    out.assign(io::ScheduleText{&n}.csv_bound(), ' ');
    out.resize(static_cast<std::size_t>(io::ScheduleText{&n}.put_csv(out.data()) - out.data()));
    CHECK(out ==
          "2 February 2026: \xC2\xA3"
          "5.00 catch-up");
}

TEST_CASE("a notice's missed_dates and missed_text in a CSV cell", "[columns][io]") {
    // §13: missed_dates `YYYY-MM-DD` joined by `;` (never quoted); missed_text a line per
    // missed collection, quoted for a line break or a comma (§12), empty when nothing was missed.
    Notice n;
    auto csv = [](const auto& text) {
        std::string out(text.csv_bound(), ' ');
        out.resize(static_cast<std::size_t>(text.put_csv(out.data()) - out.data()));
        return out;
    };
    CHECK(csv(io::MissedDates{&n}).empty());
    CHECK(csv(io::MissedText{&n}).empty());
    n.missed = {{make_date(2025, 12, 1), Money::parse("532.17")}};
    CHECK(csv(io::MissedDates{&n}) == "2025-12-01");
    CHECK(csv(io::MissedText{&n}) ==
          "1 December 2025: \xC2\xA3"
          "532.17");
    n.missed.push_back({make_date(2026, 1, 2), Money::parse("1064.34")});
    CHECK(csv(io::MissedDates{&n}) == "2025-12-01;2026-01-02");
    CHECK(csv(io::MissedText{&n}) ==
          "\"1 December 2025: \xC2\xA3"
          "532.17\n2 January 2026: \xC2\xA3"
          "1,064.34\"");
    n.missed.erase(n.missed.begin());
    CHECK(csv(io::MissedText{&n}) ==
          "\"2 January 2026: \xC2\xA3"
          "1,064.34\"");  // (its comma)
    // JSON and the letters' cells: the lines as given.
    std::string text;
    io::MissedText{&n}.append_to(text, "\\n");
    CHECK(text ==
          "2 January 2026: \xC2\xA3"
          "1,064.34");
}
