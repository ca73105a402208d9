// Tests of include/arrears/io/mandates.hpp and mandate.hpp: recovery-rules §14 "Mandates"
// (`arrears mandates`: ADDACS advices by reason code, AUDDIS rejections as `cancelled`).
#include <arrears/io/csv.hpp>
#include <arrears/io/mandates.hpp>
#include <arrears/mandate.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace arrears;

namespace {

std::string messaging(const std::string& header, const std::string& advices) {
    return "<?xml version = '1.0' encoding = 'UTF-8'?>\n<BACSDocument><Data><MessagingAdvices>\n<MessagingHeader " +
           header + "/>\n" + advices + "</MessagingAdvices></Data></BACSDocument>\n";
}

struct Fixture {
    io::TextTable accounts = io::parse_csv(
        "account_id,amount,frequency,first_due,reference\n"
        "A-1,65.00,monthly,2025-04-15,RENT0001\n"
        "A-2,60.00,monthly,2025-04-15,RENT0002\n",
        "accounts.csv");
    io::AccountColumns columns = io::AccountColumns::find(accounts, "accounts.csv");
    io::MandateMatcher matcher{accounts, "accounts.csv", columns, accounts.column("reference")};

    void add(const std::string& text) { matcher.add(io::parse_mandate_report(text, "m.xml"), "m.xml"); }
};

}  // namespace

TEST_CASE("Every ADDACS reason code of §14 gives its event; others none", "[mandates]") {
    // recovery-rules §14: 0, 1, 2, B cancelled; 3, C transferred; D disputed; E amended; R reinstated
    const std::string codes = "0123BCDER";
    const MandateEvent events[] = {MandateEvent::cancelled,   MandateEvent::cancelled, MandateEvent::cancelled,
                                   MandateEvent::transferred, MandateEvent::cancelled, MandateEvent::transferred,
                                   MandateEvent::disputed,    MandateEvent::amended,   MandateEvent::reinstated};
    for (std::size_t k = 0; k < codes.size(); ++k) {
        INFO(codes[k]);
        const AddacsReason* r = find_addacs_reason(std::string(1, codes[k]));
        REQUIRE(r != nullptr);
        CHECK(r->event == events[k]);
        CHECK(find_addacs_reason(std::string(1, static_cast<char>(std::tolower(codes[k])))) == r);
    }
    for (const char* other : {"4", "5", "A", "F", "X", "", "10", "01"}) CHECK(find_addacs_reason(other) == nullptr);
    CHECK(parse_mandate_event("transferred") == MandateEvent::transferred);
    // §12: named values ignoring letter case, spaces, hyphens and underscores
    CHECK(parse_mandate_event("Cancelled") == MandateEvent::cancelled);
    CHECK(parse_mandate_event("RE-INSTATED") == MandateEvent::reinstated);
    CHECK(parse_mandate_event("dis_puted") == MandateEvent::disputed);
    CHECK_THROWS_WITH(parse_mandate_event("moved"),
                      "unknown event 'moved' (expected cancelled, transferred, disputed, amended or reinstated)");
}

TEST_CASE("ADDACS advices into rows: transfers' new details, repeats, conflicts", "[mandates]") {
    Fixture f;
    f.add(messaging("advice-type=\"ADDACS\" report-generation-date=\"2026-01-20\"",
                    // line 4: a transfer, account number of seven digits (padded), sort code with hyphens
                    "<MessagingAdvice reference=\"RENT0001\" reason-code=\"3\" effective-date=\"2026-01-20\" "
                    "payer-new-sort-code=\"20-00-00\" payer-new-account-number=\"1234567\"/>\n"
                    // line 5: the same advice again: nothing
                    "<MessagingAdvice reference=\"RENT0001\" reason-code=\"3\" effective-date=\"2026-01-20\" "
                    "payer-new-sort-code=\"200000\" payer-new-account-number=\"01234567\"/>\n"
                    // line 6: another transfer the same day with other details: reported
                    "<MessagingAdvice reference=\"RENT0001\" reason-code=\"C\" effective-date=\"2026-01-20\" "
                    "payer-new-sort-code=\"309634\"/>\n"
                    // line 7: a transfer lacking both details (the old ones stand), another day
                    "<MessagingAdvice reference=\"rent0001 \" reason-code=\"c\" effective-date=\"2026-01-21\"/>\n"
                    // line 8: an account number of nine digits
                    "<MessagingAdvice reference=\"RENT0002\" reason-code=\"3\" effective-date=\"2026-01-20\" "
                    "payer-new-account-number=\"123456789\"/>\n"
                    // line 9: no reference at all
                    "<MessagingAdvice reason-code=\"1\" effective-date=\"2026-01-20\"/>\n"));
    REQUIRE(f.matcher.rows.size() == 2);
    CHECK(f.matcher.rows[0].account_id == "A-1");
    CHECK(f.matcher.rows[0].entry.effective_date == make_date(2026, 1, 20));
    CHECK(f.matcher.rows[0].entry.event == MandateEvent::transferred);
    CHECK(f.matcher.rows[0].entry.reason == "3");
    CHECK(f.matcher.rows[0].entry.new_sort_code == "200000");
    CHECK(f.matcher.rows[0].entry.new_account_number == "01234567");
    CHECK(f.matcher.rows[1].entry.effective_date == make_date(2026, 1, 21));
    CHECK(f.matcher.rows[1].entry.reason == "C");
    CHECK(f.matcher.rows[1].entry.new_sort_code.empty());
    CHECK(f.matcher.rows[1].entry.new_account_number.empty());
    REQUIRE(f.matcher.problems.size() == 3);
    CHECK(f.matcher.problems[0] ==
          "m.xml line 6, advice 3 (reference 'RENT0001'): an earlier advice (m.xml line 4, "
          "advice 1) gave account 'A-1' transferred on 2026-01-20 already, with another "
          "reason or new details; the earlier one stands");
    CHECK(f.matcher.problems[1] ==
          "m.xml line 8, advice 5 (reference 'RENT0002'): payer-new-account-number "
          "'123456789' is not an account number (eight digits, or seven)");
    CHECK(f.matcher.problems[2] == "m.xml line 9, advice 6 (reference ''): no reference");
    CHECK(io::mandates_csv(f.matcher.rows) ==
          "account_id,effective_date,event,reason,new_sort_code,new_account_number\n"
          "A-1,2026-01-20,transferred,3,200000,01234567\n"
          "A-1,2026-01-21,transferred,C,,\n");
}

TEST_CASE("AUDDIS: rejections of instructions cancel, acceptances give nothing, a whole file is reported",
          "[mandates]") {
    Fixture f;
    f.add(messaging("advice-type=\"AUDACC\" report-generation-date=\"2026-01-15\"",
                    "<MessagingAdvice reference=\"RENT0002\" record-type=\"I\"/>\n"));
    CHECK(f.matcher.rows.empty());
    CHECK(f.matcher.problems.empty());
    f.add(messaging("advice-type=\"AUDREJ\" report-generation-date=\"2026-01-21\"",
                    "<MessagingAdvice reference=\"RENT0001\" reason-code=\"5\"/>\n"
                    "<MessagingAdvice reference=\"RENT0002\" reason-code=\"l\" effective-date=\"2026-01-19\"/>\n"
                    "<MessagingAdvice reference=\"RENT0002\" effective-date=\"2026-01-19\"/>\n"
                    "<MessagingAdvice record-type=\"R\" file-error-code=\"30264\" originator-file-number=\"009\"/>\n"
                    "<MessagingError line1=\"User Status is TEST\" line2=\"0\" line3=\"on Arrival Day\"/>\n"));
    REQUIRE(f.matcher.rows.size() == 2);
    CHECK(f.matcher.rows[0].entry.effective_date == make_date(2026, 1, 21));  // the report's date
    CHECK(f.matcher.rows[0].entry.event == MandateEvent::cancelled);
    CHECK(f.matcher.rows[0].entry.reason == "5");
    CHECK(f.matcher.rows[1].entry.effective_date == make_date(2026, 1, 19));
    CHECK(f.matcher.rows[1].entry.reason == "L");
    REQUIRE(f.matcher.problems.size() == 2);
    CHECK(f.matcher.problems[0] ==
          "m.xml line 6, advice 3 (reference 'RENT0002'): an AUDDIS rejection without a "
          "reason-code");
    CHECK(f.matcher.problems[1] ==
          "m.xml line 7, advice 4: the AUDDIS report rejects a whole file (file-error-code 30264 'User Status is "
          "TEST on Arrival Day', originator-file-number 009); it names no instruction, so it gives no row: put "
          "right what the error says and lodge that file's instructions again");
}

TEST_CASE("A report of another kind is refused naming the command that reads it", "[mandates]") {
    CHECK_THROWS_WITH(io::parse_mandate_report("<BACSDocument><Data><ARUDD/></Data></BACSDocument>", "r.xml"),
                      "r.xml: an ARUDD report (returned debits), not an ADDACS or AUDDIS report: `arrears arudd` "
                      "reads it");
    CHECK_THROWS_WITH(io::parse_mandate_report(messaging("advice-type=\"AWACS\"", ""), "w.xml"),
                      "w.xml: not a Bacs ADDACS or AUDDIS report (advice-type 'AWACS'; arrears reads advice-type "
                      "ADDACS, AUDACC and AUDREJ)");
    CHECK_THROWS_WITH(
        io::parse_mandate_report("<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"y\">]><d/>", "x.xml"),
        Catch::StartsWith("x.xml line 2: declares entities in a DTD"));
}

TEST_CASE("An account's mandate state: events by date, the last decisive one, each detail the latest transfer's",
          "[mandates]") {
    using E = MandateEvent;
    const Date jan5 = make_date(2026, 1, 5), jan6 = make_date(2026, 1, 6), jan7 = make_date(2026, 1, 7);
    // In file order: a transfer on the 7th (sort code only), a cancellation on the 6th, a
    // transfer on the 5th (both details), a reinstatement on the 7th after the transfer.
    const std::vector<MandateEntry> events{{jan7, E::transferred, "C", "309634", ""},
                                           {jan6, E::cancelled, "1", "", ""},
                                           {jan5, E::transferred, "3", "200000", "01234567"},
                                           {jan7, E::reinstated, "R", "", ""}};
    MandateState s = mandate_state(events);
    CHECK(s.decisive == nullptr);  // reinstated last: the mandate stands
    CHECK_FALSE(s.cancelled());
    CHECK(s.bank.sort_code_text() == "309634");         // the 7th's
    CHECK(s.bank.account_number_text() == "01234567");  // the 5th's: the 7th gave none
    // (decisive points into the events given: they must outlive the state)
    const std::vector<MandateEntry> first_three(events.begin(), events.begin() + 3);
    s = mandate_state(first_three);
    REQUIRE(s.cancelled());
    CHECK(s.decisive->effective_date == jan6);
    CHECK(mandate_event_text(*s.decisive) ==
          "mandate cancelled on 2026-01-06 (reason 1: instruction cancelled by payer)");
    CHECK(mandate_state({}).decisive == nullptr);
    CHECK(mandate_state({}).bank.empty());
    CHECK(mandate_state({}).bank.sort_code_text().empty());
    CHECK(mandate_event_text({jan5, E::reinstated, "", "", ""}) == "mandate reinstated on 2026-01-05");
}
