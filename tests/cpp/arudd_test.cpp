// Tests of include/arrears/io/arudd.hpp (and account.hpp's arudd_code_of_description):
// recovery-rules §14 `arrears arudd` on reports as Bacs sends them: four-digit codes with
// descriptions, the payer's reference in PayerAccount, the declared encoding, no entities.
#include <arrears/account.hpp>
#include <arrears/error.hpp>
#include <arrears/io/arudd.hpp>
#include <arrears/io/csv.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace arrears;

namespace {

// A report around `items` (ReturnedDebitItem elements), after `prolog` (declaration, DTD).
std::string report(const std::string& items, const std::string& prolog = "<?xml version=\"1.0\"?>\n") {
    return prolog + "<BACSDocument><Data><ARUDD><Advice><OriginatingAccountRecords><OriginatingAccountRecord>\n" +
           items + "</OriginatingAccountRecord></OriginatingAccountRecords></Advice></ARUDD></Data></BACSDocument>\n";
}

io::AruddItem item(std::string code, std::string description) {
    io::AruddItem it;
    it.return_code = std::move(code);
    it.return_description = std::move(description);
    return it;
}

}  // namespace

TEST_CASE("Every returnDescription of §14's table gives its reason, trimmed, any case, spaces as one", "[arudd]") {
    // recovery-rules §14, the table in the order written there
    const std::vector<std::pair<std::string, std::string>> table{
        {"REFER TO PAYER", "0"},       {"INSTRUCTION CANCELLED", "1"},   {"PAYER DECEASED", "2"},
        {"ACCOUNT TRANSFERRED", "3"},  {"ADVANCE NOTICE DISPUTED", "4"}, {"NO ACCOUNT", "5"},
        {"NO INSTRUCTION", "6"},       {"AMOUNT DIFFERS", "7"},          {"AMOUNT NOT YET DUE", "8"},
        {"PRESENTATION OVERDUE", "9"}, {"SERVICE USER DIFFERS", "A"},    {"ORIGINATOR DIFFERS", "A"},
        {"ACCOUNT CLOSED", "B"}};
    for (const auto& [description, code] : table) {
        INFO(description);
        CHECK(arudd_code_of_description(description) == code);
        std::string odd;  // "  rEfEr   To \t PaYeR  "
        bool upper = false;
        for (char c : description) {
            odd += c == ' ' ? std::string("   \t") : std::string(1, upper ? c : static_cast<char>(c - 'A' + 'a'));
            if (c != ' ') upper = !upper;
        }
        CHECK(arudd_code_of_description("  " + odd + " \n") == code);
    }
    CHECK(arudd_code_of_description("PAYMENT STOPPED").empty());
    CHECK(arudd_code_of_description("REFER TO").empty());
    CHECK(arudd_code_of_description("REFERTO PAYER").empty());  // a space is needed where the table has one
    CHECK(arudd_code_of_description("").empty());
    CHECK(arudd_code_of_description(std::string(100, 'A')).empty());  // longer than any entry
}

TEST_CASE("An item's reason: a one-character returnCode, else its description, else none", "[arudd]") {
    CHECK(item("0", "INSTRUCTION CANCELLED").reason() == "0");  // the code wins (§14)
    CHECK(item("b", "").reason() == "B");                       // any case, written upper
    CHECK(item(" A ", "").reason() == "A");
    CHECK(item("1012", "INSTRUCTION CANCELLED").reason() == "1");  // the Oracle sample's code
    CHECK(item("0128", "REFER TO PAYER").reason() == "0");
    CHECK(item("0273", "Refer  to payer").reason() == "0");
    CHECK(item("C", "ACCOUNT CLOSED").reason() == "B");  // C is no ARUDD code: the description decides
    CHECK(item("1099", "PAYMENT STOPPED").reason().empty());
    CHECK(item("", "").reason().empty());
}

TEST_CASE("The payer's reference: PayerAccount's ref when it has one, else the item's ref", "[arudd]") {
    const auto items = io::parse_arudd_report(
        report("<ReturnedDebitItem ref=\"X01234-4\" returnCode=\"1012\" returnDescription=\"INSTRUCTION CANCELLED\">"
               "<PayerAccount ref=\"X01234\" name=\"A PAYER\"/></ReturnedDebitItem>\n"
               "<ReturnedDebitItem ref=\"X02345\" returnCode=\"0\"/>\n"
               "<ReturnedDebitItem ref=\"X03456\" returnCode=\"0\"><PayerAccount ref=\" \"/></ReturnedDebitItem>\n"),
        "r.xml");
    REQUIRE(items.size() == 3);
    CHECK(items[0].reference() == "X01234");
    CHECK(items[0].payer_name == "A PAYER");
    CHECK(items[0].reason() == "1");
    CHECK(items[1].reference() == "X02345");
    CHECK(items[2].reference() == "X03456");  // an empty PayerAccount ref gives way to the item's
    CHECK(items[0].line == 3);
    CHECK(items[2].line == 5);
}

TEST_CASE("A report's declared encoding is honoured, and its lines counted in it", "[arudd]") {
    // ISO-8859-1: É is the byte C9, read as U+00C9 (UTF-8 C3 89); the item after it is on line 4.
    const std::string latin1 = report(
        "<ReturnedDebitItem ref=\"R1\"><PayerAccount name=\"AM\xC9LIE\"/></ReturnedDebitItem>\n"
        "\n<ReturnedDebitItem ref=\"R2\"/>\n",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n");
    auto items = io::parse_arudd_report(latin1, "latin1.xml");
    REQUIRE(items.size() == 2);
    CHECK(items[0].payer_name == "AM\xC3\x89LIE");
    CHECK(items[1].line == 5);
    // the so-sure samples' form of the declaration: spaces around '=', single quotes, any case
    items =
        io::parse_arudd_report(report("<ReturnedDebitItem ref=\"R1\"><PayerAccount name=\"\xE9\"/></ReturnedDebitItem>",
                                      "<?xml version = '1.0' encoding = 'latin1'?>"),
                               "l.xml");
    CHECK(items.at(0).payer_name == "\xC3\xA9");
    // windows-1252: 0x80 is the euro sign U+20AC (E2 82 AC)
    items =
        io::parse_arudd_report(report("<ReturnedDebitItem ref=\"R1\"><PayerAccount name=\"\x80\"/></ReturnedDebitItem>",
                                      "<?xml version=\"1.0\" encoding=\"windows-1252\"?>"),
                               "w.xml");
    CHECK(items.at(0).payer_name == "\xE2\x82\xAC");
    // UTF-8, declared or not (a BOM too)
    items = io::parse_arudd_report(
        "\xEF\xBB\xBF" + report("<ReturnedDebitItem ref=\"R1\"><PayerAccount name=\"\xC3\xA9\"/></ReturnedDebitItem>"),
        "u.xml");
    CHECK(items.at(0).payer_name == "\xC3\xA9");
}

TEST_CASE("Bytes the declared encoding cannot read, and encodings arrears does not read, are refused", "[arudd]") {
    // An ISO-8859-1 byte in a report that declares no encoding (so UTF-8), on line 3
    CHECK_THROWS_WITH(io::parse_arudd_report(report("<ReturnedDebitItem ref=\"R1\"><PayerAccount name=\"AM\xC9LIE\"/>"
                                                    "</ReturnedDebitItem>"),
                                             "r.xml"),
                      Catch::StartsWith("r.xml line 3: byte 0xC9 is not UTF-8, which a report declaring no encoding "
                                        "must be"));
    CHECK_THROWS_WITH(
        io::parse_arudd_report(
            report("<ReturnedDebitItem ref=\"\xC9\"/>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), "r.xml"),
        Catch::Contains("byte 0xC9 is not UTF-8, the encoding the report declares ('UTF-8')"));
    // windows-1252 has no character at 0x81
    CHECK_THROWS_WITH(
        io::parse_arudd_report(
            report("<ReturnedDebitItem ref=\"\x81\"/>", "<?xml version=\"1.0\" encoding=\"cp1252\"?>\n"), "w.xml"),
        "w.xml line 3: byte 0x81 is no character of cp1252, the encoding the report declares");
    CHECK_THROWS_WITH(io::parse_arudd_report(report("", "<?xml version=\"1.0\" encoding=\"EBCDIC-UK\"?>"), "e.xml"),
                      "e.xml: declares the encoding 'EBCDIC-UK', which arrears does not read (it reads UTF-8, "
                      "ISO-8859-1 and windows-1252)");
    CHECK_THROWS_WITH(io::parse_arudd_report(std::string("\xFF\xFE<\0?\0", 6), "u16.xml"),
                      Catch::StartsWith("u16.xml: a UTF-16 or UTF-32 file"));
    CHECK_THROWS_WITH(
        io::parse_arudd_report("\xEF\xBB\xBF" + report("", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"), "b.xml"),
        "b.xml: begins with a UTF-8 byte order mark but declares the encoding 'ISO-8859-1'");
}

TEST_CASE("Entities are never expanded or fetched: a DTD declaring any is refused", "[arudd]") {
    const std::string item = "<ReturnedDebitItem ref=\"&payer;\" returnCode=\"0\"/>";
    for (const char* dtd : {"<!DOCTYPE BACSDocument [<!ENTITY payer SYSTEM \"file:///etc/hostname\">]>\n",
                            "<!DOCTYPE BACSDocument [<!ENTITY payer SYSTEM \"http://example.invalid/x\">]>\n",
                            "<!DOCTYPE BACSDocument [<!ENTITY payer \"RENT0001\">]>\n",  // internal, also refused
                            "<!DOCTYPE BACSDocument [<!ENTITY % p SYSTEM \"x.dtd\"> %p;]>\n"}) {
        INFO(dtd);
        CHECK_THROWS_WITH(io::parse_arudd_report(report(item, std::string("<?xml version=\"1.0\"?>\n") + dtd), "x.xml"),
                          Catch::StartsWith("x.xml line 2: declares entities in a DTD"));
    }
    // A DTD without entities changes nothing, and an undeclared entity stays as written (the
    // item then matches no account): pugixml expands only XML's five and character references.
    const auto items =
        io::parse_arudd_report(report(item, "<?xml version=\"1.0\"?>\n<!DOCTYPE BACSDocument>\n"), "x.xml");
    REQUIRE(items.size() == 1);
    CHECK(items[0].ref == "&payer;");
}

TEST_CASE("A report of another kind, or none, is refused naming the command that reads it", "[arudd]") {
    CHECK_THROWS_WITH(
        io::parse_arudd_report("<BACSDocument><Data><MessagingAdvices><MessagingHeader advice-type=\"ADDACS\"/>"
                               "</MessagingAdvices></Data></BACSDocument>",
                               "a.xml"),
        "a.xml: an ADDACS report (payers' banks' changes to Direct Debit Instructions), not an ARUDD "
        "report: `arrears mandates` reads it");
    CHECK_THROWS_WITH(
        io::parse_arudd_report("<BACSDocument><Data><MessagingAdvices><MessagingHeader advice-type=\"audrej\"/>"
                               "</MessagingAdvices></Data></BACSDocument>",
                               "r.xml"),
        Catch::StartsWith("r.xml: an AUDDIS report"));
    CHECK_THROWS_WITH(io::parse_arudd_report("<BACSDocument/>", "n.xml"),
                      "n.xml: not a Bacs ARUDD report (no BACSDocument/Data/ARUDD element)");
    CHECK_THROWS_WITH(io::parse_arudd_report("<BACSDocument>\n<Data>", "t.xml"),
                      Catch::StartsWith("t.xml line 2: not readable XML ("));
}

TEST_CASE("Matching: the payer's reference, the due date collected the next working day, repeats reported", "[arudd]") {
    const io::TextTable accounts = io::parse_csv(
        "account_id,amount,frequency,first_due,reference\n"
        "A-1,65.00,monthly,2025-04-15,X01234\n"
        "A-2,60.00,monthly,2025-04-15,X02345\n"
        "A-2,60.00,monthly,2025-04-15,X03456\n",
        "accounts.csv");
    const io::AccountColumns columns = io::AccountColumns::find(accounts, "accounts.csv");
    const Calendar calendar(Region::england_and_wales);
    io::AruddMatcher matcher(accounts, "accounts.csv", columns, accounts.column("reference"), calendar);
    // Processed Wed 2026-01-14, collected Thu 2026-01-15 = the due date (monthly on the 15th).
    matcher.add(io::parse_arudd_report(
                    report("<ReturnedDebitItem ref=\"X01234-4\" returnCode=\"1012\" returnDescription=\"INSTRUCTION "
                           "CANCELLED\" originalProcessingDate=\"2026-01-14\" valueOf=\"65.00\"><PayerAccount "
                           "ref=\"X01234\"/></ReturnedDebitItem>\n"
                           "<ReturnedDebitItem ref=\"X01234-5\" returnCode=\"0\" originalProcessingDate=\"2026-01-14\" "
                           "valueOf=\"65.00\"><PayerAccount ref=\"x01234\"/></ReturnedDebitItem>\n"
                           "<ReturnedDebitItem ref=\"X03456\" returnCode=\"0\" originalProcessingDate=\"2026-01-14\" "
                           "valueOf=\"60.00\"/>\n"),
                    "r.xml"),
                "r.xml");
    REQUIRE(matcher.rows.size() == 1);
    CHECK(matcher.rows[0].account_id == "A-1");
    CHECK(matcher.rows[0].due_date == make_date(2026, 1, 15));
    CHECK(matcher.rows[0].amount == Money::parse("65.00"));
    CHECK(matcher.rows[0].reason == "1");
    REQUIRE(matcher.problems.size() == 2);
    CHECK(matcher.problems[0] ==
          "r.xml line 4, item 2 (ref 'X01234-5', payer's reference 'x01234'): an earlier "
          "item (r.xml line 3, item 1 (ref 'X01234-4')) gave account 'A-1' and due date "
          "2026-01-15 already");
    // A-2 twice: the later row is rejected, as `recover` rejects it
    CHECK(matcher.problems[1] ==
          "r.xml line 5, item 3 (ref 'X03456'): its account (accounts.csv line 4) was "
          "rejected: accounts.csv line 4, column 1 (account_id): duplicate account_id 'A-2' "
          "(first on line 3)");
}
