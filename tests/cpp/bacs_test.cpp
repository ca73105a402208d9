// Tests of include/arrears/io/bacs.hpp: the Bacs character set, the payer's details, the
// Standard 18 file of recovery-rules §14 (a golden file checked by hand field by field, and
// read back by a parser written here, independently of the writer), and `--submitted`.
#include <arrears/io/bacs.hpp>

#include "calendars.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace arrears;
using namespace arrears::io;
using arrears::test::d;
using arrears::test::ew;

namespace {

std::string name_of(std::string_view text, bool* cut = nullptr) {
    std::string out;
    const bool c = to_bacs_name(text, out);
    if (cut) *cut = c;
    return out;
}

std::string spaces(std::size_t n) { return std::string(n, ' '); }
// A field of `width`, left-justified and padded with spaces.
std::string padded(std::string s, std::size_t width) {
    s.resize(width, ' ');
    return s;
}

// The council of the examples: SUN 123456, account 11-22-33 44556677, serial 000101, the
// file made on Mon 12 Jan 2026 (the worked example's notice date).
BacsOriginator council() {
    return make_originator("123456", "11-22-33", "44556677", "Anytown Council", "000101", d(2026, 1, 12));
}

BacsPayee payee(std::string_view sort_code, std::string_view account, std::string_view reference,
                std::string_view name) {
    BacsPayee p;
    REQUIRE(check_sort_code(sort_code, p.sort_code).empty());
    REQUIRE(check_account_number(account, p.account).empty());
    REQUIRE(check_reference(reference, p.reference).empty());
    p.name_cut = to_bacs_name(name, p.name);
    return p;
}

std::string write_file(const BacsOriginator& o, const std::function<void(BacsWriter&)>& fill) {
    std::string out;
    BacsWriter w(o, [&](std::string_view s) { out.append(s); });
    fill(w);
    w.finish();
    return out;
}

// The worked example's two payers (recovery-rules §11; tests/cli notices_worked_example):
// W1 £1,064.34 on Mon 2 Feb 2026 (processed Fri 30 Jan); W2 £17.00 on Mon 26 Jan (processed
// Fri 23 Jan) and Mon 2 Feb (Fri 30 Jan). W2's account holder has an accented, long name.
std::string worked_file() {
    const BacsOriginator o = council();
    const BacsPayee w1 = payee("12-34-56", "1234567", "ANYT-0001", "Ann Smith");
    const BacsPayee w2 = payee("654321", "87654321", "anyt-0002", "Si\xC3\xA2n N\xC3\xAD Bhriain-O'Connell");
    return write_file(o, [&](BacsWriter& w) {
        w.debit(w2, Money(1700), d(2026, 1, 23));
        w.debit(w1, Money(106434), d(2026, 1, 30));
        w.debit(w2, Money(1700), d(2026, 1, 30));
    });
}

// ---- an independent reader of Standard 18, for the checks below ------------------------

struct ReadRecord {
    std::string sort_code, account, code, user_sort_code, user_account, user_name, reference, name, day;
    long long pence = 0;
};
struct ReadFile {
    std::vector<std::string> labels;  // VOL1 ... UHL1 ... EOF1 EOF2 UTL1, in order
    std::vector<ReadRecord> records;  // debits and contras, in order
};

// Splits at CR LF (every line must end so), labels 80 characters, records 106; fields cut
// by the positions of recovery-rules §14 counted afresh here (1-based: substr(from - 1, n)).
ReadFile read_back(const std::string& text) {
    ReadFile f;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find("\r\n", pos);
        REQUIRE(end != std::string::npos);
        const std::string line = text.substr(pos, end - pos);
        REQUIRE(line.find('\n') == std::string::npos);
        pos = end + 2;
        const std::string head = line.substr(0, 4);
        if (head == "VOL1" || head == "HDR1" || head == "HDR2" || head == "UHL1" || head == "EOF1" || head == "EOF2" ||
            head == "UTL1") {
            CHECK(line.size() == 80);
            f.labels.push_back(line);
            continue;
        }
        REQUIRE(line.size() == 106);
        auto at = [&](int from, int to) {
            return line.substr(static_cast<std::size_t>(from - 1), static_cast<std::size_t>(to - from + 1));
        };
        ReadRecord r{at(1, 6),   at(7, 14),  at(16, 17),  at(18, 23),  at(24, 31),
                     at(47, 64), at(65, 82), at(83, 100), at(101, 106)};
        CHECK(at(15, 15) == "0");
        CHECK(at(32, 35) == "    ");
        r.pence = std::stoll(at(36, 46));
        f.records.push_back(r);
    }
    return f;
}

// A collection-file row as the Bacs file must hold it.
struct Expected {
    std::string sort_code, account, reference, day;
    long long pence;
};

// Checks a file read back against the collections it must hold: each debit in order, a
// contra after each day's debits with the day's total, UTL1 the totals and counts.
void check_against(const ReadFile& f, const std::vector<Expected>& rows) {
    REQUIRE(f.labels.size() == 7);
    CHECK(f.labels[0].substr(0, 4) == "VOL1");
    CHECK(f.labels[4].substr(0, 4) == "EOF1");
    CHECK(f.labels[4].substr(4) == f.labels[1].substr(4));  // EOF1 = HDR1 but the label
    CHECK(f.labels[5].substr(4) == f.labels[2].substr(4));  // EOF2 = HDR2 but the label
    std::size_t next = 0, contras = 0;
    long long day_total = 0, debits_total = 0, credits_total = 0;
    std::string day;
    for (const ReadRecord& r : f.records) {
        if (r.code == "99") {
            CHECK(r.day == day);
            CHECK(r.pence == day_total);
            CHECK(r.reference == padded("CONTRA", 18));
            credits_total += r.pence;
            ++contras;
            day_total = 0;
            day.clear();
            continue;
        }
        CHECK(r.code == "17");
        REQUIRE(next < rows.size());
        const Expected& e = rows[next++];
        CHECK(r.sort_code == e.sort_code);
        CHECK(r.account == e.account);
        CHECK(r.reference == padded(e.reference, 18));
        CHECK(r.day == e.day);
        CHECK(r.pence == e.pence);
        if (!day.empty()) CHECK(r.day == day);  // a new day only after a contra
        day = r.day;
        day_total += r.pence;
        debits_total += r.pence;
    }
    CHECK(next == rows.size());
    CHECK(day.empty());  // the last day has its contra
    const std::string& utl = f.labels[6];
    CHECK(utl.substr(0, 4) == "UTL1");
    CHECK(std::stoll(utl.substr(4, 13)) == debits_total);
    CHECK(std::stoll(utl.substr(17, 13)) == credits_total);
    CHECK(std::stoll(utl.substr(30, 7)) == static_cast<long long>(rows.size()));
    CHECK(std::stoll(utl.substr(37, 7)) == static_cast<long long>(contras));
    CHECK(debits_total == credits_total);
}

}  // namespace

// ---- the character set ------------------------------------------------------------------

TEST_CASE("names in the Bacs character set: upper case, accents removed, others a space (recovery-rules 14)",
          "[bacs]") {
    CHECK(name_of("Ann Smith") == "ANN SMITH");
    CHECK(name_of("Zo\xC3\xAB Bront\xC3\xAB") == "ZOE BRONTE");            // Zoë Brontë
    CHECK(name_of("Si\xC3\xA2n N\xC3\xAD Bhriain") == "SIAN NI BHRIAIN");  // Siân Ní Bhriain
    CHECK(name_of("Gw\xC5\xB7n ap Ll\xC5\xB5yd") == "GWYN AP LLWYD");      // ŷ U+0177, ŵ U+0175 (Welsh)
    CHECK(name_of("\xE1\xBA\x82yn \xE1\xBB\xB3") == "WYN Y");              // Ẃ U+1E82, ỳ U+1EF3
    CHECK(name_of("Stra\xC3\x9F"
                  "e") == "STRASSE");  // ß
    CHECK(name_of("\xC3\x86thelfl\xC3\xA6"
                  "d") == "AETHELFLAED");                                        // Æ æ
    CHECK(name_of("\xC5\x81ukasz \xC5\xBB\xC3\xB3\xC5\x82w") == "LUKASZ ZOLW");  // Ł Ż ó ł
    CHECK(name_of("\xC8\x98"
                  "tefan \xC8\x9A"
                  "a\xC8\x9B") == "STEFAN TAT");  // Ș U+0218, Ț ț U+021A-B
    CHECK(name_of("Jose\xCC\x81") == "JOSE");     // e + combining acute U+0301: the accent dropped
    // Other characters become spaces, one each, never collapsed; the Bacs punctuation stays.
    CHECK(name_of("O'Brien & Sons Ltd.") == "O BRIEN & SONS LTD");  // 19 characters: cut
    CHECK(name_of("Smith-Jones, A/B") == "SMITH-JONES  A/B");
    CHECK(name_of("Ann\tSmith (joint)") == "ANN SMITH  JOINT");  // trailing ")" → space → dropped
    CHECK(name_of("\xE6\x9D\x8E \xE5\xB0\x8F") == "");           // 李 小: spaces only, nothing left
    CHECK(name_of("A\xFF"
                  "B") == "A B");  // a byte that is not UTF-8
    CHECK(name_of("\xE2\x82\xAC"
                  "5 Ltd") == " 5 LTD");  // € is no letter: a leading space kept
}

TEST_CASE("a name longer than 18 Bacs characters is cut, and said to be", "[bacs]") {
    bool cut = true;
    CHECK(name_of("ABCDEFGHIJKLMNOPQR", &cut) == "ABCDEFGHIJKLMNOPQR");  // exactly 18
    CHECK_FALSE(cut);
    CHECK(name_of("ABCDEFGHIJKLMNOPQR!!", &cut) == "ABCDEFGHIJKLMNOPQR");  // 18 and two spaces: padding
    CHECK_FALSE(cut);
    CHECK(name_of("ABCDEFGHIJKLMNOPQRS", &cut) == "ABCDEFGHIJKLMNOPQR");  // 19
    CHECK(cut);
    // An accent expanded (Æ → AE) can make a name of 18 letters longer than 18.
    CHECK(name_of("\xC3\x86"
                  "BCDEFGHIJKLMNOPQR",
                  &cut) == "AEBCDEFGHIJKLMNOPQ");
    CHECK(cut);
    CHECK(name_of("Si\xC3\xA2n N\xC3\xAD Bhriain-O'Connell", &cut) == "SIAN NI BHRIAIN-O");
    CHECK(cut);  // "SIAN NI BHRIAIN-O CONNELL" is 25 characters
}

// ---- the payer's details: every case that keeps a collection out of the file ------------

TEST_CASE("sort codes: six digits, '-' and spaces ignored (recovery-rules 14)", "[bacs]") {
    std::array<char, 6> sc{};
    CHECK(check_sort_code("12-34-56", sc).empty());
    CHECK(std::string(sc.data(), 6) == "123456");
    CHECK(check_sort_code("12 34 56", sc).empty());
    CHECK(std::string(sc.data(), 6) == "123456");
    CHECK(check_sort_code(" 654321\t", sc).empty());
    CHECK(std::string(sc.data(), 6) == "654321");
    CHECK(check_sort_code("", sc) == "no sort code");
    CHECK(check_sort_code("  ", sc) == "no sort code");
    CHECK(check_sort_code("12-34-5", sc) == "sort code '12-34-5' is not six digits");  // Excel dropped a 0
    CHECK(check_sort_code("1234567", sc) == "sort code '1234567' is not six digits");
    CHECK(check_sort_code("12.34.56", sc) == "sort code '12.34.56' is not six digits");
    CHECK(check_sort_code("12-34-5O", sc) == "sort code '12-34-5O' is not six digits");  // letter O
}

TEST_CASE("account numbers: eight digits, seven left-padded with 0 (recovery-rules 14)", "[bacs]") {
    std::array<char, 8> acc{};
    CHECK(check_account_number("12345678", acc).empty());
    CHECK(std::string(acc.data(), 8) == "12345678");
    CHECK(check_account_number("1234567", acc).empty());
    CHECK(std::string(acc.data(), 8) == "01234567");
    CHECK(check_account_number("", acc) == "no account number");
    const std::string rule = " is not eight digits (or seven, left-padded with 0)";
    CHECK(check_account_number("123456", acc) == "account number '123456'" + rule);
    CHECK(check_account_number("123456789", acc) == "account number '123456789'" + rule);
    CHECK(check_account_number("1234 5678", acc) == "account number '1234 5678'" + rule);
    CHECK(check_account_number("1234567X", acc) == "account number '1234567X'" + rule);
}

TEST_CASE("references: never changed, only trimmed and upper-cased; each rule of recovery-rules 14", "[bacs]") {
    std::string ref;
    CHECK(check_reference("anyt-0002", ref).empty());
    CHECK(ref == "ANYT-0002");
    CHECK(check_reference(" RENT 0001 ", ref).empty());
    CHECK(ref == "RENT 0001");
    CHECK(check_reference("A1A1A1", ref).empty());              // two characters: not one repeated
    CHECK(check_reference("ABCDEFGHIJKLMNOPQR", ref).empty());  // 18
    CHECK(check_reference("", ref) == "no reference");
    CHECK(check_reference("AB123", ref) == "reference 'AB123' is shorter than 6 characters");
    CHECK(check_reference("ABCDEFGHIJKLMNOPQRS", ref) ==
          "reference 'ABCDEFGHIJKLMNOPQRS' is longer than 18 characters");
    CHECK(check_reference("RENT_0001", ref) ==
          "reference 'RENT_0001' holds '_', not a Bacs character (A-Z, 0-9, '.', '&', '/', '-', space)");
    CHECK(check_reference("r\xC3\xA9"
                          "f-0001",
                          ref) ==  // réf-0001: never stripped of its accent
          "reference 'r\xC3\xA9"
          "f-0001' holds '\xC3\xA9', not a Bacs character (A-Z, 0-9, '.', '&', '/', '-', space)");
    CHECK(check_reference("A-B-C-1-2", ref) == "reference 'A-B-C-1-2' has fewer than 6 letters or digits");
    CHECK(check_reference("-RENT01", ref) == "reference '-RENT01' does not start with a letter or digit");
    CHECK(check_reference("ddic0001", ref) == "reference 'ddic0001' starts with DDIC (kept for indemnity claims)");
    CHECK(check_reference("AAAAAA", ref) == "reference 'AAAAAA' is one character repeated");
    CHECK(check_reference("111-111", ref) == "reference '111-111' is one character repeated");
}

TEST_CASE("the originator's details: each refused with its field named", "[bacs]") {
    const Date day = d(2026, 1, 12);
    auto field_of = [&](auto&& make) -> std::pair<OriginatorField, std::string> {
        try {
            make();
        } catch (const OriginatorError& e) {
            return {e.field(), e.what()};
        }
        FAIL("not refused");
        return {};
    };
    const BacsOriginator o =
        make_originator(" 123456", "11 22 33", "4455667", "Bryn-y-m\xC3\xB4r Cyngor", "ab0001", day);
    CHECK(std::string(o.sun.data(), 6) == "123456");
    CHECK(std::string(o.account.data(), 8) == "04455667");
    CHECK(o.name == "BRYN-Y-MOR CYNGOR");
    CHECK(std::string(o.serial.data(), 6) == "AB0001");
    auto sun = field_of([&] { make_originator("12345", "112233", "44556677", "X", "000101", day); });
    CHECK(sun.first == OriginatorField::sun);
    CHECK(sun.second == "Service User Number '12345' is not six digits");
    auto sc = field_of([&] { make_originator("123456", "1122", "44556677", "X", "000101", day); });
    CHECK(sc.first == OriginatorField::sort_code);
    CHECK(sc.second == "sort code '1122' is not six digits");
    auto acc = field_of([&] { make_originator("123456", "112233", "445566", "X", "000101", day); });
    CHECK(acc.first == OriginatorField::account);
    auto empty = field_of([&] { make_originator("123456", "112233", "44556677", "!!", "000101", day); });
    CHECK(empty.first == OriginatorField::name);
    CHECK(empty.second == "name '!!' has no Bacs character");
    auto long_name =
        field_of([&] { make_originator("123456", "112233", "44556677", "Anytown Borough Council", "000101", day); });
    CHECK(long_name.first == OriginatorField::name);
    CHECK(long_name.second ==
          "name 'Anytown Borough Council' is 23 characters in Bacs form ('ANYTOWN BOROUGH COUNCIL'): at most 18");
    auto zeros = field_of([&] { make_originator("123456", "112233", "44556677", "X", "000000", day); });
    CHECK(zeros.first == OriginatorField::serial);
    CHECK(zeros.second == "serial '000000' is all zeros");
    auto short_serial = field_of([&] { make_originator("123456", "112233", "44556677", "X", "0001", day); });
    CHECK(short_serial.second == "serial '0001' is not six letters or digits");
}

TEST_CASE("bank details of an accounts row: account_name or name, the latest ADDACS transfer (recovery-rules 14)",
          "[bacs]") {
    TextTable t;
    t.header = {"account_id", "name", "sort_code", "account_number", "account_name", "reference"};
    t.add_row(2, {"W1", "Ann Smith", "12-34-56", "1234567", "", "ANYT-0001"});
    t.add_row(3, {"W2", "Bob Jones", "654321", "87654321", "Mr R Jones", "ANYT-0002"});
    t.add_row(4, {"W3", "", "654321", "87654321", "", "ANYT-0003"});
    t.add_row(5, {"W4", "Dan", "65432", "87654321", "", "ANYT-0004"});
    const BankColumns c = BankColumns::find(t.header);
    CHECK(c.missing().empty());
    BacsPayee p;
    CHECK(bank_details(t, 0, c, {}, p).empty());
    CHECK(p.name == "ANN SMITH");  // account_name empty: the name column
    CHECK(std::string(p.account.data(), 8) == "01234567");
    CHECK(bank_details(t, 1, c, {}, p).empty());
    CHECK(p.name == "MR R JONES");  // the account holder, not the tenant
    CHECK(bank_details(t, 2, c, {}, p) == "no account name");
    CHECK(bank_details(t, 3, c, {}, p) == "sort code '65432' is not six digits");

    // ADDACS transfers (the mandates table's `transferred` rows): W2 moved twice, the later
    // effective date wins whatever the order in the table; the later transfer lacks an
    // account number, so the earlier's stands. W4's new sort code mends its bad one.
    BankTransfers moved;
    moved.add("W2", d(2026, 2, 1), "40-11-62", "");
    moved.add("W2", d(2026, 1, 5), "20-00-00", "55554444");
    moved.add("W4", d(2026, 1, 5), "30-99-88", "");
    moved.add("W1", d(2026, 1, 5), "1", "");  // a bad new sort code is reported as the transfer's
    moved.finish();
    CHECK(bank_details(t, 1, c, moved.moved("W2"), p).empty());
    CHECK(std::string(p.sort_code.data(), 6) == "401162");
    CHECK(std::string(p.account.data(), 8) == "55554444");
    CHECK(bank_details(t, 3, c, moved.moved("W4"), p).empty());
    CHECK(std::string(p.sort_code.data(), 6) == "309988");
    CHECK(bank_details(t, 0, c, moved.moved("W1"), p) ==
          "sort code '1' is not six digits (from the latest ADDACS transfer)");
    CHECK(moved.moved("W3").sort_code.empty());  // no transfer: the accounts file's details
    CHECK(bank_details(t, 2, c, {"", "99998888"}, p) == "no account name");

    // Columns --bacs needs.
    CHECK(BankColumns::find({"account_id", "reference"}).missing() ==
          "sort_code, account_number, account_name (or name)");
    CHECK(BankColumns::find({"name", "sort_code", "account_number"}).missing() == "reference");
}

// ---- the file ---------------------------------------------------------------------------

TEST_CASE("the golden Standard 18 file, checked field by field (recovery-rules 14)", "[bacs][golden]") {
    // Dates: Mon 12 Jan 2026 is day 012 of 2026, +7 days Mon 19 Jan is 019; Fri 23 Jan 023;
    // Fri 30 Jan 030. Money: W1 1064.34 = 106434p, W2 17.00 = 1700p; the 30 Jan contra 106434 +
    // 1700 = 108134p; the file 1700 + 106434 + 1700 = 109834p in 3 debits and 2 contras.
    const std::string expected =
        // VOL1: 1-4 VOL1 | 5-10 serial 000101 | 11 blank | 12-41 blank | 42-47 SUN 123456 |
        // 48-79 blank | 80 label standard level 1
        "VOL1"
        "000101"
        " " +
        spaces(30) + "123456" + spaces(32) +
        "1"
        "\r\n"
        // HDR1: 1-4 HDR1 | 5 A | 6-11 SUN | 12 S | 13-21 blank | 22-27 serial | 28-41 blank |
        // 42-47 " 26012" (--bacs-date 12 Jan 2026) | 48-53 " 26019" (7 days on) | 54-80 blank
        "HDR1"
        "A"
        "123456"
        "S" +
        spaces(9) + "000101" + spaces(14) +
        " 26012"
        " 26019" +
        spaces(27) +
        "\r\n"
        // HDR2: 1-15 HDR2F0200000100 | 16-80 blank
        "HDR2F0200000100" +
        spaces(65) +
        "\r\n"
        // UHL1: 1-4 UHL1 | 5-10 blank (multi-day) | 11-20 blank | 21-22 00 | 23-28 000000 |
        // 29-37 "4 MULTI  " | 38-80 blank
        "UHL1" +
        spaces(6) + spaces(10) +
        "00"
        "000000"
        "4 MULTI  " +
        spaces(43) +
        "\r\n"
        // Standard record, W2 on Fri 23 Jan: 1-6 payer's sort code 654321 | 7-14 account
        // 87654321 | 15 0 | 16-17 17 | 18-23 originator's sort code 112233 | 24-31 its account
        // 44556677 | 32-35 blank | 36-46 amount 00000001700 | 47-64 originator's name |
        // 65-82 reference ANYT-0002 (upper-cased) | 83-100 account name, accents removed, "'"
        // a space, cut to 18 | 101-106 " 26023"
        "654321"
        "87654321"
        "0"
        "17"
        "112233"
        "44556677"
        "    "
        "00000001700"
        "ANYTOWN COUNCIL   "
        "ANYT-0002         "
        "SIAN NI BHRIAIN-O "
        " 26023"
        "\r\n"
        // Contra of 23 Jan: 1-6 and 18-23 the originator's sort code | 7-14 and 24-31 its
        // account | 15 0 | 16-17 99 | 32-35 blank | 36-46 the day's total 1700 | 47-64 the
        // originator's name | 65-82 CONTRA | 83-100 the originator's name | 101-106 the day
        "112233"
        "44556677"
        "0"
        "99"
        "112233"
        "44556677"
        "    "
        "00000001700"
        "ANYTOWN COUNCIL   "
        "CONTRA            "
        "ANYTOWN COUNCIL   "
        " 26023"
        "\r\n"
        // W1 on Fri 30 Jan: sort code 12-34-56 → 123456, account 1234567 → 01234567, 1064.34
        "123456"
        "01234567"
        "0"
        "17"
        "112233"
        "44556677"
        "    "
        "00000106434"
        "ANYTOWN COUNCIL   "
        "ANYT-0001         "
        "ANN SMITH         "
        " 26030"
        "\r\n"
        // W2 on Fri 30 Jan, 17.00
        "654321"
        "87654321"
        "0"
        "17"
        "112233"
        "44556677"
        "    "
        "00000001700"
        "ANYTOWN COUNCIL   "
        "ANYT-0002         "
        "SIAN NI BHRIAIN-O "
        " 26030"
        "\r\n"
        // Contra of 30 Jan: 106434 + 1700 = 108134
        "112233"
        "44556677"
        "0"
        "99"
        "112233"
        "44556677"
        "    "
        "00000108134"
        "ANYTOWN COUNCIL   "
        "CONTRA            "
        "ANYTOWN COUNCIL   "
        " 26030"
        "\r\n"
        // EOF1: HDR1's fields under the label EOF1
        "EOF1"
        "A"
        "123456"
        "S" +
        spaces(9) + "000101" + spaces(14) +
        " 26012"
        " 26019" +
        spaces(27) +
        "\r\n"
        // EOF2: HDR2's fields under the label EOF2
        "EOF2F0200000100" +
        spaces(65) +
        "\r\n"
        // UTL1: 1-4 UTL1 | 5-17 debit total 109834 | 18-30 credit total 109834 (the contras) |
        // 31-37 debit count 3 | 38-44 credit count 2 | 45-80 blank
        "UTL1"
        "0000000109834"
        "0000000109834"
        "0000003"
        "0000002" +
        spaces(36) + "\r\n";
    const std::string file = worked_file();
    CHECK(file == expected);
    CHECK(file.size() == 7 * 82 + 5 * 108);  // seven labels, five data records, each with CR LF
    CHECK(worked_file() == file);            // the same input, the same bytes
}

TEST_CASE("the file read back independently: lengths, each debit, contras and totals against the collections",
          "[bacs]") {
    const ReadFile f = read_back(worked_file());
    check_against(f, {{"654321", "87654321", "ANYT-0002", " 26023", 1700},
                      {"123456", "01234567", "ANYT-0001", " 26030", 106434},
                      {"654321", "87654321", "ANYT-0002", " 26030", 1700}});
    for (const ReadRecord& r : f.records) {
        CHECK(r.user_sort_code == "112233");
        CHECK(r.user_account == "44556677");
        CHECK(r.user_name == padded("ANYTOWN COUNCIL", 18));
    }

    // Many payers over a year's processing days, amounts up to £999,999.99: generated, read
    // back, every total checked.
    const BacsOriginator o = council();
    std::vector<Expected> rows;
    const std::string file = write_file(o, [&](BacsWriter& w) {
        long long pence = 1;
        for (int day = 0; day < 40; ++day)
            for (int k = 0; k < day % 5; ++k) {
                pence = (pence * 7919 + 13) % 99'999'999 + 1;
                const std::string ref = "REF" + std::to_string(100000 + day * 10 + k);
                const BacsPayee p = payee("200000", std::to_string(10000000 + day * 10 + k), ref, "PAYER");
                const Date processing = d(2026, 1, 13) + date::days(day);
                w.debit(p, Money(pence), processing);
                char field[7] = {};
                put_bacs_date(field, processing);
                rows.push_back({"200000", std::to_string(10000000 + day * 10 + k), ref, field, pence});
            }
    });
    check_against(read_back(file), rows);
}

TEST_CASE("records given in pieces, cut anywhere, give the same bytes", "[bacs]") {
    const BacsOriginator o = council();
    const BacsPayee w1 = payee("12-34-56", "1234567", "ANYT-0001", "Ann Smith");
    const BacsPayee w2 = payee("654321", "87654321", "ANYT-0002", "Bob");
    std::string records;
    append_debit_record(records, o, w2, Money(1700), d(2026, 1, 23));
    append_debit_record(records, o, w1, Money(106434), d(2026, 1, 30));
    append_debit_record(records, o, w2, Money(1700), d(2026, 1, 30));
    const std::string whole = write_file(o, [&](BacsWriter& w) { w.records(records); });
    for (std::size_t cut1 = 0; cut1 <= records.size(); cut1 += 7)
        for (std::size_t cut2 = cut1; cut2 <= records.size(); cut2 += 53) {
            const std::string pieces = write_file(o, [&](BacsWriter& w) {
                w.records(std::string_view(records).substr(0, cut1));
                w.records(std::string_view(records).substr(cut1, cut2 - cut1));
                w.records(std::string_view(records).substr(cut2));
            });
            INFO("cut at " << cut1 << " and " << cut2);
            REQUIRE(pieces == whole);
        }
    CHECK_THROWS_AS(write_file(o, [&](BacsWriter& w) { w.records(std::string_view(records).substr(0, 50)); }),
                    std::logic_error);  // a record cut short at the end
    std::string backwards;
    append_debit_record(backwards, o, w1, Money(1), d(2026, 1, 30));
    append_debit_record(backwards, o, w1, Money(1), d(2026, 1, 23));
    CHECK_THROWS_AS(write_file(o, [&](BacsWriter& w) { w.records(backwards); }), std::logic_error);
}

TEST_CASE("a file without debits; money beyond the fields is refused, never cut", "[bacs]") {
    const BacsOriginator o = council();
    const std::string empty = write_file(o, [](BacsWriter&) {});
    CHECK(empty.size() == 7 * 82);
    CHECK(empty.substr(6 * 82, 82) == "UTL1" + std::string(40, '0') + spaces(36) + "\r\n");
    const BacsPayee p = payee("200000", "12345678", "RENT0001", "X");
    std::string out;
    CHECK_THROWS_WITH(append_debit_record(out, o, p, Money(0), d(2026, 1, 13)),
                      "a Bacs debit of 0.00 is not 0.01 to 999,999,999.99");
    CHECK_THROWS_AS(append_debit_record(out, o, p, Money(100'000'000'000), d(2026, 1, 13)), InputError);
    append_debit_record(out, o, p, Money(99'999'999'999), d(2026, 1, 13));  // the largest
    CHECK(out.substr(35, 11) == "99999999999");
    // Two of the largest on one day: the contra's 11 digits cannot hold the total.
    CHECK_THROWS_WITH(write_file(o,
                                 [&](BacsWriter& w) {
                                     w.debit(p, Money(99'999'999'999), d(2026, 1, 13));
                                     w.debit(p, Money(1), d(2026, 1, 13));
                                 }),
                      Catch::Contains("beyond the contra's 11 digits of pence"));
}

TEST_CASE("Bacs dates: YYDDD, day of the year", "[bacs]") {
    char f[7] = {};
    put_bacs_date(f, d(2024, 12, 31));
    CHECK(std::string(f) == " 24366");  // a leap year
    put_bacs_date(f, d(2026, 1, 1));
    CHECK(std::string(f) == " 26001");
    CHECK(parse_bacs_date(" 26030") == d(2026, 1, 30));
    CHECK(parse_bacs_date(" 99365") == d(1999, 12, 31));
    CHECK_FALSE(parse_bacs_date(" 25366"));  // 2025 has 365 days
    CHECK_FALSE(parse_bacs_date("26030 "));
    CHECK_FALSE(parse_bacs_date(" 26000"));
}

TEST_CASE("a batch of collections: the file's 31 days, later ones counted, each left out reported (recovery-rules 14)",
          "[bacs]") {
    const BacsOriginator o = council();  // --bacs-date Mon 12 Jan 2026: processing days 13 Jan - 12 Feb
    BacsBatch batch(o, ew(), true);
    const BankCells ok{"200000", "12345678", "Gw\xC5\xB7n ap Llwyd-Fitzgerald", "RENT0001"};
    const std::vector<BacsBatch::Due> a = {
        {d(2026, 1, 12), d(2026, 1, 9), Money(500)},    // processed before the file's date: too late
        {d(2026, 1, 13), d(2026, 1, 12), Money(600)},   // processed on it: too late
        {d(2026, 1, 14), d(2026, 1, 13), Money(700)},   // the first day the file takes
        {d(2026, 2, 13), d(2026, 2, 12), Money(800)},   // the 31st day after: the last it takes
        {d(2026, 2, 16), d(2026, 2, 13), Money(900)}};  // the 32nd: for a later run
    batch.add("A1", a, ok);
    // Sun 1 Feb (convention none): processed Fri 30 Jan, debited Mon 2 Feb; and its bad reference.
    const std::vector<BacsBatch::Due> b = {{d(2026, 2, 1), d(2026, 1, 30), Money(1000)},
                                           {d(2026, 2, 2), d(2026, 1, 30), Money(1100)}};
    batch.add("B2", b, BankCells{"200000", "12345678", "Ann", ""});  // checked in finish(), reported in add()'s place
    const std::vector<BacsBatch::Due> c = {{d(2026, 1, 14), d(2026, 1, 13), Money(1200)}};
    batch.add("C3", c, ok);
    batch.finish();
    CHECK(batch.later == 1);
    CHECK(batch.names_cut == 2);  // "GWYN AP LLWYD-FITZGERALD" is 24 characters: A1 and C3
    CHECK(batch.reported ==
          std::vector<std::string>{
              "bacs: account A1's collection of \xC2\xA3"
              "5.00 on 2026-01-12 is processed on 2026-01-09, not after the "
              "file's date 2026-01-12 (--bacs-date): too late for this Bacs file",
              "bacs: account A1's collection of \xC2\xA3"
              "6.00 on 2026-01-13 is processed on 2026-01-12, not after the "
              "file's date 2026-01-12 (--bacs-date): too late for this Bacs file",
              "bacs: account B2 is collected on 2026-02-01, which is not a working day of the collection calendar: "
              "processed on 2026-01-30, Bacs debits it on 2026-02-02",
              "bacs: account B2's 2 collections, \xC2\xA3"
              "21.00 from 2026-02-01 to 2026-02-02, are left out of the Bacs "
              "file: no reference"});
    // Records by collection date, then the order added: A1 14 Jan, C3 14 Jan, A1 13 Feb.
    REQUIRE(batch.text.size() == 3 * bacs_line);
    CHECK(batch.text.substr(35, 11) == "00000000700");
    CHECK(batch.text.substr(bacs_line + 35, 11) == "00000001200");
    CHECK(batch.text.substr(2 * bacs_line + 35, 11) == "00000000800");
    CHECK(batch.text.substr(2 * bacs_line + 100, 6) == " 26043");  // Thu 12 Feb is day 043
    CHECK(batch.text.substr(82, 18) == "GWYN AP LLWYD-FITZ");
    using Run = std::pair<std::int64_t, std::size_t>;
    CHECK(batch.runs == std::vector<Run>{{d(2026, 1, 14).time_since_epoch().count(), 2 * bacs_line},
                                         {d(2026, 2, 13).time_since_epoch().count(), 3 * bacs_line}});
    // Written out: a contra after each day.
    const std::string file = write_file(o, [&](BacsWriter& w) { w.records(batch.text); });
    check_against(read_back(file), {{"200000", "12345678", "RENT0001", " 26013", 700},
                                    {"200000", "12345678", "RENT0001", " 26013", 1200},
                                    {"200000", "12345678", "RENT0001", " 26043", 800}});
    // Cleared, the batch starts again.
    batch.clear();
    batch.finish();
    CHECK(batch.text.empty());
    CHECK(batch.reported.empty());
    CHECK(batch.later == 0);
}

TEST_CASE("a batch's bank details are checked when it is finished, a refusal reported in the account's place",
          "[bacs]") {
    const BacsOriginator o = council();  // --bacs-date Mon 12 Jan 2026
    BacsBatch batch(o, ew(), false);
    const std::vector<BacsBatch::Due> in_file = {{d(2026, 1, 14), d(2026, 1, 13), Money(700)}};
    const std::vector<BacsBatch::Due> late_then_in = {{d(2026, 1, 13), d(2026, 1, 12), Money(600)},
                                                      {d(2026, 1, 14), d(2026, 1, 13), Money(800)}};
    batch.add("Z0", in_file, BankCells{"2000", "12345678", "Ann", "RENT0001"});  // refused, nothing reported before
    batch.add("Y1", late_then_in, BankCells{"200000", "12345678", "Bob", "RENT0002"});
    batch.add("X2", late_then_in, BankCells{"200000", "1234", "Cy", "RENT0003"});  // too late, then refused
    CHECK(batch.reported.size() == 2);  // add() reports only what is too late: the details wait for finish()
    batch.finish();
    const std::string too_late =
        "'s collection of \xC2\xA3"
        "6.00 on 2026-01-13 is processed on 2026-01-12, not "
        "after the file's date 2026-01-12 (--bacs-date): too late for this Bacs file";
    CHECK(batch.reported ==
          std::vector<std::string>{"bacs: account Z0's collection of \xC2\xA3"
                                   "7.00 on 2026-01-14 is left out of the Bacs file: sort code "
                                   "'2000' is not six digits",
                                   "bacs: account Y1" + too_late, "bacs: account X2" + too_late,
                                   "bacs: account X2's collection of \xC2\xA3"
                                   "8.00 on 2026-01-14 is left out of the Bacs file: account "
                                   "number '1234' is not eight digits (or seven, left-padded with 0)"});
    CHECK(batch.left_out == 4);               // Z0's, Y1's too late, X2's too late and its refused one
    REQUIRE(batch.text.size() == bacs_line);  // Y1's 14 Jan debit alone
    CHECK(batch.text.substr(35, 11) == "00000000800");
    CHECK(batch.text.substr(64, 18) == "RENT0002          ");
    // Cleared and used again: only the new accounts' details are checked, W4's name cut.
    batch.clear();
    batch.add("V3", in_file, BankCells{"200000", "12345678", "", "RENT0003"});
    batch.add("W4", in_file, BankCells{"200000", "12345678", "Gwenllian Angharad Puw", "RENT0004"});
    batch.finish();
    CHECK(batch.reported ==
          std::vector<std::string>{"bacs: account V3's collection of \xC2\xA3"
                                   "7.00 on 2026-01-14 is left out of the Bacs file: no account name"});
    CHECK(batch.left_out == 1);
    CHECK(batch.names_cut == 1);
    REQUIRE(batch.text.size() == bacs_line);
    CHECK(batch.text.substr(64, 36) == "RENT0004          GWENLLIAN ANGHARAD");
}

TEST_CASE("the held form of a batch's records, written whole, gives the same bytes as the records", "[bacs]") {
    const BacsOriginator o = council();  // --bacs-date Mon 12 Jan 2026
    BacsBatch whole(o, ew(), false), held(o, ew(), false, BacsBatch::Form::held);
    const BankCells w1{"12-34-56", "1234567", "Ann Smith", "ANYT-0001"};
    const BankCells w2{"654321", "87654321", "Bob", "ANYT-0002"};
    // Collected Wed 14 Jan (processed Tue 13 Jan, day 013) and Mon 2 Feb (processed Fri 30 Jan, day 030).
    const std::vector<BacsBatch::Due> a = {{d(2026, 1, 14), d(2026, 1, 13), Money(106434)},
                                           {d(2026, 2, 2), d(2026, 1, 30), Money(1700)}};
    const std::vector<BacsBatch::Due> b = {{d(2026, 1, 14), d(2026, 1, 13), Money(1)}};
    for (BacsBatch* batch : {&whole, &held}) {
        batch->add("W1", a, w1);
        batch->add("W2", b, w2);
        batch->finish();
    }
    // 67 characters a record: sort code and account (14), amount (11), reference and name
    // (18 each), processing day (6). The first: W1's 14 Jan collection of 1,064.34.
    REQUIRE(held.text.size() == 3 * 67);
    CHECK(held.text.substr(0, 67) ==
          "12345601234567"
          "00000106434"
          "ANYT-0001         "
          "ANN SMITH         "
          " 26013");
    CHECK(held.text.substr(67 + 14, 11) == "00000000001");  // W2's 1p, the same collection date
    CHECK(held.text.substr(134 + 61, 6) == " 26030");       // W1's 2 Feb, processed 30 Jan
    using Run = std::pair<std::int64_t, std::size_t>;
    CHECK(held.runs == std::vector<Run>{{d(2026, 1, 14).time_since_epoch().count(), 2 * 67},
                                        {d(2026, 2, 2).time_since_epoch().count(), 3 * 67}});
    const std::string expected = write_file(o, [&](BacsWriter& w) { w.records(whole.text); });
    CHECK(expected.size() == 7 * 82 + 3 * bacs_line + 2 * bacs_line);  // labels, debits, a contra a day
    for (std::size_t cut1 = 0; cut1 <= held.text.size(); cut1 += 5)
        for (std::size_t cut2 = cut1; cut2 <= held.text.size(); cut2 += 31) {
            const std::string pieces = write_file(o, [&](BacsWriter& w) {
                w.held_records(std::string_view(held.text).substr(0, cut1));
                w.held_records(std::string_view(held.text).substr(cut1, cut2 - cut1));
                w.held_records(std::string_view(held.text).substr(cut2));
            });
            INFO("cut at " << cut1 << " and " << cut2);
            REQUIRE(pieces == expected);
        }
    CHECK_THROWS_AS(write_file(o, [&](BacsWriter& w) { w.held_records(std::string_view(held.text).substr(0, 40)); }),
                    std::logic_error);  // a held record cut short at the end
}

// ---- collections already submitted ------------------------------------------------------

TEST_CASE("submitted bank files (--submitted): a Standard 18 file's debits found by reference and processing day",
          "[bacs][submitted]") {
    SubmittedCollections s;
    CHECK(s.add_text(worked_file(), "bacs-jan.txt", ew()) == 3);  // the contras are no collections
    s.finish();
    CHECK(s.has_bacs_records());
    // W1's 2 Feb collection, processed Fri 30 Jan: line 7 of the file (4 labels, W2, contra, W1).
    auto same = s.find("W1", "ANYT-0001", d(2026, 2, 2), d(2026, 1, 30), Money(106434));
    REQUIRE(same);
    CHECK(same->amount == Money(106434));
    CHECK(same->collection_date == d(2026, 2, 2));  // the working day after Fri 30 Jan
    CHECK(same->where == "bacs-jan.txt line 7");
    // Another amount on that day: the earlier debit, to be recalled first.
    auto conflict = s.find("W1", "ANYT-0001", d(2026, 2, 2), d(2026, 1, 30), Money(120000));
    REQUIRE(conflict);
    CHECK(conflict->amount == Money(106434));
    // W2 has two debits in the file; each day its own.
    auto w2 = s.find("W2", "ANYT-0002", d(2026, 1, 26), d(2026, 1, 23), Money(1700));
    REQUIRE(w2);
    CHECK(w2->where == "bacs-jan.txt line 5");
    CHECK_FALSE(s.find("W2", "ANYT-0002", d(2026, 2, 9), d(2026, 2, 6), Money(1700)));     // a later day
    CHECK_FALSE(s.find("W1", "ANYT-0009", d(2026, 2, 2), d(2026, 1, 30), Money(106434)));  // another reference
    CHECK_FALSE(s.find("W1", "", d(2026, 2, 2), d(2026, 1, 30), Money(106434)));           // no usable reference
}

TEST_CASE(
    "submitted bank files (--submitted): collection files in CSV and JSON found by account_id and collection date",
    "[bacs][submitted]") {
    SubmittedCollections s;
    const std::string csv =
        "account_id,payer name,collection_date,processing_date,input_by,amount,regular_amount,recovery_amount\n"
        "W2,Bob,2026-01-26,2026-01-23,2026-01-22,17.00,10.00,7.00\n"
        "W1,Ann,2026-02-02,2026-01-30,2026-01-29,1064.34,532.17,532.17\n";
    CHECK(s.add_text(csv, "jan.csv", ew()) == 2);
    const std::string json =
        "[\n{\"account_id\": \"W3\", \"collection_date\": \"2026-02-16\", \"amount\": \"150.00\", \"x\": null}\n]\n";
    CHECK(s.add_text(json, "jan.json", ew()) == 1);
    s.finish();
    CHECK_FALSE(s.has_bacs_records());
    auto w1 = s.find("W1", "", d(2026, 2, 2), d(2026, 1, 30), Money(106434));
    REQUIRE(w1);
    CHECK(w1->where == "jan.csv line 3");
    auto w3 = s.find("W3", "ANYT-0003", d(2026, 2, 16), d(2026, 2, 13), Money(20000));
    REQUIRE(w3);
    CHECK(w3->amount == Money(15000));
    CHECK(w3->where == "jan.json row 1");
    CHECK_FALSE(s.find("W1", "", d(2026, 3, 2), d(2026, 2, 27), Money(106434)));
}

TEST_CASE("submitted bank files (--submitted): a file that is no bank file is refused, naming it and the line",
          "[bacs][submitted]") {
    auto refused = [](const std::string& text) {
        SubmittedCollections s;
        try {
            s.add_text(text, "old.csv", ew());
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(refused("account_id,amount\nW1,10.00\n") ==
          "old.csv: neither a Standard 18 file (it does not begin with VOL1) nor a collection file (its header lacks "
          "account_id, collection_date or amount)");
    CHECK(refused("account_id,collection_date,amount\nW1,2026-02-30,10.00\n") ==
          "old.csv line 2: collection_date '2026-02-30' is not a date: no such date");
    CHECK(refused("account_id,collection_date,amount\nW1,2026-02-02,ten\n").rfind("old.csv line 2: amount: ", 0) == 0);
    CHECK(refused("[{\"account_id\": \"W1\"}]") ==
          "old.csv row 1: the object lacks account_id, collection_date or amount");
    CHECK(refused("[{\"account_id\": \"W1\", \"collection_date\": \"2026-02-02\", \"amount\": 10.5}]") ==
          "old.csv row 1: amount is a number: collection files hold money and dates as strings");
    CHECK(refused("[{\"account_id\": ").rfind("old.csv: not readable JSON", 0) == 0);
    CHECK(refused("VOL1000101\r\nshort line\r\n") ==
          "old.csv line 2: a Standard 18 record is 100 or 106 characters, this line 10");
    std::string bad = worked_file();
    bad.replace(4 * 82 + 100, 6, " 26400");  // W2's processing day: day 400
    CHECK(refused(bad) == "old.csv line 5: processing day ' 26400' (positions 101-106) is not ' YYDDD'");
}
