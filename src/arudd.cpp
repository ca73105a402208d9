// Bacs ARUDD reports into ledger rows (see io/arudd.hpp).
#include <arrears/io/arudd.hpp>

#include "bacs_xml.hpp"

#include <arrears/io/cells.hpp>
#include <arrears/io/file.hpp>
#include <arrears/io/output.hpp>

#include <arrears/error.hpp>

#include <pugixml.hpp>

#include <algorithm>

namespace arrears::io {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string_view AruddItem::reference() const noexcept {
    return trimmed(payer_ref).empty() ? std::string_view(ref) : std::string_view(payer_ref);
}

std::string_view AruddItem::reason() const noexcept {
    static constexpr std::string_view codes = "0123456789AB";
    const std::string_view code = trimmed(return_code);
    if (code.size() == 1) {
        const char c = code[0] >= 'a' && code[0] <= 'z' ? static_cast<char>(code[0] - 'a' + 'A') : code[0];
        const std::size_t at = codes.find(c);
        if (at != std::string_view::npos) return codes.substr(at, 1);
    }
    return arudd_code_of_description(return_description);
}

std::vector<AruddItem> read_arudd_report(const std::string& path) {
    return parse_arudd_report(detail::read_report_file(path, max_arudd_bytes, "a Bacs ARUDD report"), path);
}

std::vector<AruddItem> parse_arudd_report(std::string_view text, std::string_view source) {
    const std::string path(source);
    detail::BacsXml xml;
    xml.load(text, source);
    if (xml.kind() == detail::BacsReportKind::addacs || xml.kind() == detail::BacsReportKind::auddis_accepted ||
        xml.kind() == detail::BacsReportKind::auddis_rejected)
        throw InputError(path + ": " + detail::describe(xml.kind()) +
                         ", not an ARUDD report: `arrears mandates` reads it");
    const pugi::xml_node arudd = xml.data().child("ARUDD");
    if (!arudd) throw InputError(path + ": not a Bacs ARUDD report (no BACSDocument/Data/ARUDD element)");
    std::vector<AruddItem> items;
    for (pugi::xml_node record :
         arudd.child("Advice").child("OriginatingAccountRecords").children("OriginatingAccountRecord"))
        for (pugi::xml_node item : record.children("ReturnedDebitItem")) {
            AruddItem& it = items.emplace_back();
            it.line = xml.line_of(item);
            it.position = items.size();
            it.ref = item.attribute("ref").value();
            const pugi::xml_node payer = item.child("PayerAccount");
            it.payer_ref = payer.attribute("ref").value();
            it.payer_name = payer.attribute("name").value();
            it.return_code = item.attribute("returnCode").value();
            it.return_description = item.attribute("returnDescription").value();
            it.original_processing_date = item.attribute("originalProcessingDate").value();
            it.value_of = item.attribute("valueOf").value();
        }
    return items;
}

AruddMatcher::AruddMatcher(const TextTable& t, std::string_view source, const AccountColumns& columns, int reference,
                           const Calendar& collection)
    : calendar_(collection), accounts_(t, source, columns, reference) {}

void AruddMatcher::add(const std::vector<AruddItem>& items, std::string_view source) {
    std::string why;
    for (const AruddItem& it : items) {
        // "arudd.xml line 3, item 1 (ref 'X01234-4', payer's reference 'X01234', FRED SMITH)"
        const std::string at = std::string(source) + " line " + std::to_string(it.line) + ", item " +
                               std::to_string(it.position) + " (ref " + quote_text(it.ref);
        std::string where = at;
        if (trimmed(it.reference()) != trimmed(it.ref)) where += ", payer's reference " + quote_text(it.payer_ref);
        if (!trimmed(it.payer_name).empty()) where += ", " + std::string(trimmed(it.payer_name));
        where += ")";
        auto problem = [&](const std::string& what) { problems.push_back(where + ": " + what); };
        const Account* account = accounts_.find(it.reference(), why);
        if (account == nullptr) {
            problem(why);
            continue;
        }
        Date processed;
        const char* bad = "";
        Money amount;
        if (!try_parse_date(it.original_processing_date, processed, bad)) {
            problem("originalProcessingDate " + quote_text(it.original_processing_date) + ": " + bad);
            continue;
        }
        if (!Money::try_parse(it.value_of, amount, bad)) {
            problem("valueOf " + quote_text(it.value_of) + ": " + bad);
            continue;
        }
        const std::string_view reason = it.reason();
        if (reason.empty()) {
            problem("returnCode " + quote_text(it.return_code) + " with returnDescription " +
                    quote_text(it.return_description) +
                    " gives no ARUDD reason (the code is not 0-9, A or B, and the description is none of "
                    "recovery-rules §14's, such as REFER TO PAYER): enter its ledger row by hand");
            continue;
        }
        const Account& a = *account;
        try {
            require_calendar_year(processed, "originalProcessingDate");
            const Date collected = calendar_.add_working_days(processed, 1);
            const std::vector<Collection> due = a.plan.collections(calendar_, collected, collected);
            if (due.empty()) {
                problem("no due date of account " + quote_text(a.id) + " is collected on " + to_string(collected) +
                        " (the working day after the original processing date " + to_string(processed) + ")");
                continue;
            }
            const Date due_date = due.back().due_date;  // (two due dates collected on one day: the later)
            // (The date first, always 10 characters: no two (id, date) pairs give one key.)
            const auto [earlier, fresh] = seen_.try_emplace(to_string(due_date) + a.id, at + ")");
            if (!fresh) {
                problem("an earlier item (" + earlier->second + ") gave account " + quote_text(a.id) +
                        " and due date " + to_string(due_date) + " already");
                continue;
            }
            rows.push_back({a.id, due_date, amount, std::string(reason)});
        } catch (const InputError& e) {
            problem(e.what());
        }
    }
}

std::string arudd_ledger_csv(const std::vector<AruddLedgerRow>& rows) {
    std::string out = "account_id,due_date,amount,status,reason\n";
    for (const AruddLedgerRow& r : rows) {
        append_csv_field(out, r.account_id);
        out += ',' + to_string(r.due_date) + ',' + r.amount.to_string() + ",unpaid,";
        append_csv_field(out, r.reason);
        out += '\n';
    }
    return out;
}

}  // namespace arrears::io
