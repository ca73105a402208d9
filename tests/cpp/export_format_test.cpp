// Tests of include/arrears/io/export_format.hpp, encoding.hpp and cells.hpp: recovery-rules
// §12 "What real exports hold" (UK dates, --map, --encoding, the cell-reading rule).
#include <arrears/io/cells.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/detail/attached_kinds.hpp>
#include <arrears/io/detail/fields.hpp>
#include <arrears/io/encoding.hpp>
#include <arrears/io/export_format.hpp>
#include <arrears/option_table.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using namespace arrears;

TEST_CASE("date cells: DD/MM/YYYY with one- or two-digit day and month, ISO still read", "[export_format]") {
    Date d;
    std::string why;
    using io::DateFormat;
    CHECK(io::try_parse_date_cell("1/4/2025", DateFormat::day_month_year, d, why));
    CHECK(d == make_date(2025, 4, 1));
    CHECK(io::try_parse_date_cell("01/04/2025", DateFormat::day_month_year, d, why));
    CHECK(d == make_date(2025, 4, 1));
    CHECK(io::try_parse_date_cell("2025-04-01", DateFormat::day_month_year, d, why));
    CHECK(d == make_date(2025, 4, 1));
    CHECK_FALSE(io::try_parse_date_cell("31/2/2025", DateFormat::day_month_year, d, why));
    CHECK(why == "no such date");  // 31 February
    for (const char* bad : {"1/4/25", "001/4/2025", "1/4/2025x", "1//2025", "/4/2025"}) {
        CHECK_FALSE(io::try_parse_date_cell(bad, DateFormat::day_month_year, d, why));
        CHECK(why == "expected DD/MM/YYYY (or YYYY-MM-DD)");
    }
    CHECK_FALSE(io::try_parse_date_cell("01/04/2025", DateFormat::iso, d, why));
    CHECK(why == "expected YYYY-MM-DD (--date-format DD/MM/YYYY reads day/month/year)");
}

TEST_CASE("A column map (--map) renames a file's column and hides its own", "[export_format]") {
    io::ColumnMap map;
    map.add(" account_id = tag_ref ");  // names trimmed (§12)
    map.add("amount=DD Amount");
    std::vector<std::string> header{"account_id", "tag_ref", "DD Amount", "frequency"};
    map.apply(header, "a.csv");
    CHECK(header == std::vector<std::string>{"", "account_id", "amount", "frequency"});
    CHECK_NOTHROW(map.check_all_found());
    map.add("first_due=Start");
    CHECK_THROWS_WITH(map.check_all_found(), "--map first_due=Start: no input file has a column 'Start'");
    CHECK_THROWS_WITH(map.add("account_id"), Catch::Contains("expected OURS=THEIRS"));
}

TEST_CASE("A column map's result does not depend on the order of its pairs", "[export_format]") {
    // Found by fuzz_column_map (tests/fuzz/corpus/column_map/chain): with --map c=a given
    // first, --map a=X hid the file's column a after c had been read from it.
    for (const bool c_first : {true, false}) {
        io::ColumnMap map;
        map.add(c_first ? "c=a" : "a=X");
        map.add(c_first ? "a=X" : "c=a");
        std::vector<std::string> header{"a", "X", "b"};
        map.apply(header, "a.csv");
        CHECK(header == std::vector<std::string>{"c", "a", "b"});  // c from a, a from X
    }
    // Swapping two columns' names works too.
    io::ColumnMap swap;
    swap.add("a=b");
    swap.add("b=a");
    std::vector<std::string> header{"a", "b"};
    swap.apply(header, "a.csv");
    CHECK(header == std::vector<std::string>{"b", "a"});
    // One file column read as two of ours cannot be: the later --map is an error.
    io::ColumnMap twice;
    twice.add("a=X");
    CHECK_THROWS_WITH(twice.add("b=X"), "--map a=X and --map b=X: one column 'X' cannot be read as both 'a' and 'b'");
}

TEST_CASE("Windows-1252 cells decode to UTF-8; bad bytes name the --encoding that reads them", "[encoding]") {
    io::CellDecoder cp1252(io::Encoding::windows_1252), utf8(io::Encoding::utf8);
    std::string out, why;
    CHECK(
        cp1252.decode("\xA3"
                      "1,064.34",
                      out, why));
    CHECK(out ==
          "\xC2\xA3"
          "1,064.34");  // £ in UTF-8
    CHECK(cp1252.decode("\x92", out, why));
    CHECK(out == "\xE2\x80\x99");                   // ’
    CHECK_FALSE(cp1252.decode("a\x81", out, why));  // 0x81 has no character in Windows-1252
    CHECK(why == "invalid Windows-1252 (byte 0x81 at character 2); save the file as UTF-8 (--encoding utf-8)");
    CHECK_FALSE(
        utf8.decode("\xA3"
                    "1",
                    out, why));
    CHECK(why ==
          "invalid UTF-8 (byte 0xA3 at character 1); --encoding windows-1252 reads it (Excel's \"CSV "
          "(Comma delimited)\")");
}

TEST_CASE("CSV cells are trimmed quoted or not, and all-empty rows skipped", "[cells]") {
    // Lines 3 and 5 are blank once trimmed (line 5 even with more fields than the header:
    // Excel writes as many commas as its widest row had); the rows kept keep their lines.
    const io::TextTable t = io::parse_csv(" a ,b\n 1 ,\" 2\t\"\n , \n\"\",x\n,,\n", "t.csv");
    CHECK(t.header == std::vector<std::string>{"a", "b"});
    REQUIRE(t.rows() == 2);
    CHECK(t.at(0, 0) == "1");
    CHECK(t.at(0, 1) == "2");
    CHECK(t.at(1, 0) == "");
    CHECK(t.line == std::vector<std::uint64_t>{2, 4});
    CHECK(io::trim_cell("\t x \t") == "x");
}

TEST_CASE("Plain dates and amounts are read as the general parsers read them, and the rest still reaches them",
          "[export_format]") {
    Date d;
    std::string why;
    CHECK(io::try_parse_date_cell("2024-02-29", io::DateFormat::iso, d, why));
    CHECK(d == make_date(2024, 2, 29));
    CHECK(io::try_parse_date_cell("2000-02-29", io::DateFormat::iso, d, why));  // divisible by 400
    CHECK(d == make_date(2000, 2, 29));
    CHECK(io::try_parse_date_cell("1970-01-01", io::DateFormat::iso, d, why));
    CHECK(d.time_since_epoch().count() == 0);
    CHECK(io::try_parse_date_cell("0000-03-01", io::DateFormat::iso, d, why));
    CHECK(d == Date(date::year(0) / 3 / 1));
    CHECK(io::try_parse_date_cell("9999-12-31", io::DateFormat::day_month_year, d, why));
    CHECK(d == Date(date::year(9999) / 12 / 31));
    for (const char* no_such : {"2023-02-29", "1900-02-29", "2025-04-31", "2025-00-10", "2025-13-01", "2025-01-00"}) {
        CAPTURE(no_such);
        CHECK_FALSE(io::try_parse_date_cell(no_such, io::DateFormat::iso, d, why));
        CHECK(why == "no such date");
    }
    CHECK_FALSE(io::try_parse_date_cell("2025-1-011", io::DateFormat::iso, d, why));
    CHECK(why == "expected YYYY-MM-DD");

    using io::detail::money_field;
    CHECK(money_field("0.01", 2) == Money::pence(1));
    CHECK(money_field("007.50", 2) == Money::pence(750));
    CHECK(money_field("999999999999.99", 2) == Money::pence(99'999'999'999'999));
    CHECK(money_field("1,234.56", 2) == Money::pence(123'456));  // not plain: the general parser
    CHECK(money_field("-5.00", 2) == Money::pence(-500));
    CHECK(money_field("12", 2) == Money::pence(1200));
    CHECK_THROWS_AS(money_field("1000000000000.01", 2), io::detail::FieldError);  // beyond the bound
    CHECK_THROWS_AS(money_field("12.3x", 2), io::detail::FieldError);
    CHECK_THROWS_AS(money_field("1 2.30", 2), io::detail::FieldError);
}

TEST_CASE("plain_money reads the common form of an amount as Money::parse does, and leaves the rest to it",
          "[export_format]") {
    using io::detail::plain_money;
    // Each value is the text read as pounds and pence by hand.
    const std::pair<const char*, std::int64_t> plain[] = {
        {"0.00", 0},
        {"0.01", 1},
        {"1234.56", 123'456},
        {"007.50", 750},                          // leading zeros, as Money::parse reads them
        {"999999999999.99", 99'999'999'999'999},  // 12 digits: the longest plain form
        {"100000000000.00", 10'000'000'000'000},  // 12 digits, under §1's bound of 1e12 pounds
    };
    for (const auto& c : plain) {
        INFO("text: '" << c.first << "'");
        Money m;
        CHECK(plain_money(c.first, m));
        CHECK(m == Money::pence(c.second));
        CHECK(Money::parse(c.first) == m);
    }
    // Not the plain form: plain_money declines and leaves `out` alone; Money::parse decides.
    // Accepted: the value read by hand (recovery-rules §1: sign, "£", thousands commas, one
    // or two decimal places; the bound is ±1,000,000,000,000.00 inclusive).
    const std::pair<const char*, std::int64_t> accepted[] = {
        {"12", 1200},
        {"12.5", 1250},
        {"-5.00", -500},
        {"+5.00", 500},
        {"\xC2\xA3"
         "5.00",
         500},
        {"1,234.56", 123'456},
        {"1000000000000.00", 100'000'000'000'000},  // exactly the bound: accepted
    };
    for (const auto& c : accepted) {
        INFO("text: '" << c.first << "'");
        Money m = Money::pence(42);
        CHECK_FALSE(plain_money(c.first, m));
        CHECK(m == Money::pence(42));
        CHECK(Money::parse(c.first) == Money::pence(c.second));
    }
    // Rejected: Money::parse's message, "invalid amount 'TEXT': WHY", WHY as written in
    // Money::try_parse / detail::money_mistake (include/arrears/money.hpp).
    const std::pair<const char*, const char*> rejected[] = {
        {".50", "invalid amount '.50': no digits"},
        {"12.345", "invalid amount '12.345': more than two decimal places"},
        {"1 2.30", "invalid amount '1 2.30': a space or tab inside the amount"},
        {"12.3x", "invalid amount '12.3x': unexpected character"},
        {"x2.30", "invalid amount 'x2.30': no digits"},
        {"", "invalid amount '': empty amount"},
        {"(1.00)",
         "invalid amount '(1.00)': brackets for a negative amount are not read: write a minus sign, as in -119.00"},
        {"12,50",
         "invalid amount '12,50': a comma as the decimal point is not read: write a point, as in 1064.34 (a comma "
         "only groups thousands)"},
        {"1.2.34", "invalid amount '1.2.34': unexpected character"},
        {"1000000000000.01", "invalid amount '1000000000000.01': beyond \u00B11,000,000,000,000.00"},
    };
    for (const auto& c : rejected) {
        INFO("text: '" << c.first << "'");
        Money m = Money::pence(42);
        CHECK_FALSE(plain_money(c.first, m));
        CHECK(m == Money::pence(42));
        CHECK_THROWS_AS(Money::parse(c.first), InputError);
        CHECK_THROWS_WITH(Money::parse(c.first), c.second);
    }
}

TEST_CASE("A column map's OURS is a column arrears reads, or a misspelling is named", "[export_format]") {
    io::ColumnMap map;
    map.add("end=End Date");
    map.add("account_id=tag_ref");
    const std::vector<std::string> none, kept{"payer"};
    CHECK_NOTHROW(map.check_ours(io::recover_read_columns, none));
    map.add("edn=Ending");  // `end` misspelt: two letters swapped
    CHECK_THROWS_WITH(
        map.check_ours(io::recover_read_columns, none),
        "--map edn=Ending: arrears reads no column 'edn' (did you mean 'end'?); OURS is one of: "
        "account_id, amount, frequency, first_due, day, end, skip, convention, language, "
        "first_amount, until, hold_until, review, strategy, cap, past_end, skip_weeks, no_double_payment, "
        "min_recovery, sort_code, account_number, account_name, name, reference, due_date, status, "
        "reason, date, effective_date, event, new_sort_code, new_account_number");
    io::ColumnMap other;
    other.add("Amount=DD Amount");  // names match exactly (§12): letter case is a misspelling too
    CHECK_THROWS_WITH(other.check_ours(io::recover_read_columns, none), Catch::Contains("(did you mean 'amount'?)"));
    io::ColumnMap far;
    far.add("payer=Payer Name");  // nothing near: no suggestion; a name --keep copies is allowed
    CHECK_THROWS_WITH(far.check_ours(io::recover_read_columns, none),
                      Catch::StartsWith("--map payer=Payer Name: arrears reads no column 'payer'; OURS is one of:"));
    CHECK_NOTHROW(far.check_ours(io::recover_read_columns, kept));
    // §4's first_amount and every §16 decision column can come from a council's own header
    // (before, `--map cap=Cap` was refused: "arrears reads no column 'cap'").
    io::ColumnMap decisions;
    for (const char* pair : {"first_amount=First Instalment", "cap=Cap", "hold_until=Breathing Space End",
                             "no_double_payment=No Double", "review=Officer Note"})
        decisions.add(pair);
    CHECK_NOTHROW(decisions.check_ours(io::recover_read_columns, none));
    CHECK_NOTHROW(decisions.check_ours(io::account_read_columns, none));
}

TEST_CASE("Every column recover's readers look up is one recover_read_columns declares", "[map][encoding]") {
    // recover decodes and checks only the columns of recover_read_columns (and --keep's):
    // a column a reader looks up but the list left out would be read undecoded (issue 26).
    auto declared = [](std::string_view c) {
        return std::find(io::recover_read_columns.begin(), io::recover_read_columns.end(), c) !=
               io::recover_read_columns.end();
    };
    // The accounts file's (records.cpp: AccountColumns::find) and the option table's §16 columns.
    for (std::string_view c :
         {"account_id", "amount", "frequency", "first_due", "day", "end", "skip", "convention", "first_amount"})
        CHECK(declared(c));
    for (const OptionSpec& s : option_table)
        if (!s.column.empty()) CHECK(declared(s.column));
    // The payers' bank details (bacs_details.cpp: BankColumns::find).
    for (std::string_view c : {"sort_code", "account_number", "account_name", "name", "reference"}) CHECK(declared(c));
    // The ledger's, payments' and mandates' (attached_kinds.hpp).
    auto kind = [&](const auto& k) {
        for (const char* c : k.required) CHECK(declared(c));
        for (const char* c : k.optional) CHECK(declared(c));
    };
    kind(io::detail::LedgerRows{});
    kind(io::detail::PaymentRows{});
    kind(io::detail::MandateRows{});
}
