// ADDACS and AUDDIS reports into mandates rows (see io/mandates.hpp).
#include <arrears/io/mandates.hpp>

#include "bacs_xml.hpp"

#include <arrears/error.hpp>
#include <arrears/io/output.hpp>

#include <pugixml.hpp>

namespace arrears::io {

namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

// What a rejection of a whole AUDDIS file says of itself (its attributes and the text of the
// MessagingError after it), for the message that it names no instruction.
std::string file_rejection(pugi::xml_node advice) {
    std::string out;
    auto add = [&](std::string_view name, const std::string& value) {
        if (value.empty()) return;
        out += (out.empty() ? "" : ", ") + std::string(name) + " " + value;
    };
    add("file-error-code", trimmed(advice.attribute("file-error-code").value()));
    std::string error;
    for (pugi::xml_node n = advice.next_sibling(); n && std::string_view(n.name()) != "MessagingAdvice";
         n = n.next_sibling())
        if (std::string_view(n.name()) == "MessagingError")
            for (pugi::xml_attribute line : n.attributes()) {
                const std::string text = trimmed(line.value());
                if (!text.empty() && text != "0") error += (error.empty() ? "" : " ") + text;
            }
    if (!error.empty()) {
        out += out.empty() ? "'" : " '";
        out += error;
        out += '\'';
    }
    add("originator-file-number", trimmed(advice.attribute("originator-file-number").value()));
    add("processing-date", trimmed(advice.attribute("processing-date").value()));
    return out.empty() ? "no details" : out;
}

}  // namespace

std::vector<MandateAdvice> read_mandate_report(const std::string& path) {
    return parse_mandate_report(
        detail::read_report_file(path, max_mandate_report_bytes, "a Bacs ADDACS or AUDDIS report"), path);
}

std::vector<MandateAdvice> parse_mandate_report(std::string_view text, std::string_view source) {
    const std::string path(source);
    detail::BacsXml xml;
    xml.load(text, source);
    using detail::BacsReportKind;
    if (xml.kind() == BacsReportKind::arudd)
        throw InputError(path + ": " + detail::describe(xml.kind()) +
                         ", not an ADDACS or AUDDIS report: `arrears arudd` reads it");
    if (xml.kind() == BacsReportKind::other)
        throw InputError(path + ": not a Bacs ADDACS or AUDDIS report (" +
                         (xml.advice_type().empty()
                              ? std::string("no BACSDocument/Data/MessagingAdvices element with a MessagingHeader")
                              : "advice-type '" + xml.advice_type() + "'") +
                         "; arrears reads advice-type ADDACS, AUDACC and AUDREJ)");
    std::vector<MandateAdvice> advices;
    std::size_t position = 0;
    for (pugi::xml_node block : xml.data().children("MessagingAdvices")) {
        const pugi::xml_node header = block.child("MessagingHeader");
        const std::string type = upper(trimmed(header.attribute("advice-type").value()));
        for (pugi::xml_node advice : block.children("MessagingAdvice")) {
            ++position;
            if (type == "AUDACC") continue;  // accepted instructions: nothing changes (§14)
            MandateAdvice& a = advices.emplace_back();
            a.line = xml.line_of(advice);
            a.position = position;
            a.auddis = type == "AUDREJ";
            a.reference = advice.attribute("reference").value();
            a.payer_name = advice.attribute("payer-name").value();
            a.reason_code = advice.attribute("reason-code").value();
            a.effective_date = advice.attribute("effective-date").value();
            a.new_sort_code = advice.attribute("payer-new-sort-code").value();
            a.new_account_number = advice.attribute("payer-new-account-number").value();
            a.report_date = header.attribute("report-generation-date").value();
            if (a.auddis && trimmed(a.reference).empty()) a.file_rejection = file_rejection(advice);
        }
    }
    return advices;
}

MandateMatcher::MandateMatcher(const TextTable& t, std::string_view source, const AccountColumns& columns,
                               int reference)
    : accounts_(t, source, columns, reference) {}

void MandateMatcher::add(const std::vector<MandateAdvice>& advices, std::string_view source) {
    std::string why;
    for (const MandateAdvice& a : advices) {
        // "addacs.xml line 7, advice 1 (reference 'RENT1', A PAYER)"
        const std::string at =
            std::string(source) + " line " + std::to_string(a.line) + ", advice " + std::to_string(a.position);
        std::string where = at;
        const std::string name = trimmed(a.payer_name);
        if (!a.file_rejection.empty()) {
            problems.push_back(where + ": the AUDDIS report rejects a whole file (" + a.file_rejection +
                               "); it names no instruction, so it gives no row: put right what the error says and "
                               "lodge that file's instructions again");
            continue;
        }
        where += " (reference '" + a.reference + "'" + (name.empty() ? "" : ", " + name) + ")";
        auto problem = [&](const std::string& what) { problems.push_back(where + ": " + what); };
        const Account* account = accounts_.find(a.reference, why);
        if (account == nullptr) {
            problem(why);
            continue;
        }
        MandateEntry e;
        const std::string reason = upper(trimmed(a.reason_code));
        std::string date_text = trimmed(a.effective_date);
        std::string date_what = "effective-date";
        if (a.auddis) {
            if (reason.empty()) {
                problem("an AUDDIS rejection without a reason-code");
                continue;
            }
            e.event = MandateEvent::cancelled;  // the instruction was never set up (§14)
            e.reason = reason;
            if (date_text.empty()) {
                date_text = trimmed(a.report_date);
                date_what = "report-generation-date";
            }
        } else {
            const AddacsReason* r = find_addacs_reason(reason);
            if (r == nullptr) {
                problem("reason-code '" + a.reason_code +
                        "' is not an ADDACS reason arrears reads (0, 1, 2, B cancelled; 3, C transferred; D "
                        "disputed; E amended; R reinstated)");
                continue;
            }
            e.event = r->event;
            e.reason = std::string(1, r->code);
        }
        const char* bad = "";
        if (!try_parse_date(date_text, e.effective_date, bad)) {
            problem(date_what + " '" + date_text + "': " + bad);
            continue;
        }
        try {
            require_calendar_year(e.effective_date, date_what);
        } catch (const InputError& err) {
            problem(err.what());
            continue;
        }
        if (e.event == MandateEvent::transferred) {
            const std::string sort_code = trimmed(a.new_sort_code);
            const std::string account_number = trimmed(a.new_account_number);
            if (!parse_sort_code(sort_code, e.new_sort_code) && !sort_code.empty()) {
                problem("payer-new-sort-code '" + a.new_sort_code + "' is not a sort code (six digits)");
                continue;
            }
            if (!parse_account_number(account_number, e.new_account_number) && !account_number.empty()) {
                problem("payer-new-account-number '" + a.new_account_number +
                        "' is not an account number (eight digits, or seven)");
                continue;
            }
        }
        const auto [earlier, fresh] =
            seen_.try_emplace(std::tuple(account->id, e.effective_date, e.event), rows.size(), at);
        if (!fresh) {
            const MandateEntry& before = rows[earlier->second.first].entry;
            if (before.reason != e.reason || before.new_sort_code != e.new_sort_code ||
                before.new_account_number != e.new_account_number)
                problem("an earlier advice (" + earlier->second.second + ") gave account '" + account->id + "' " +
                        std::string(to_string(e.event)) + " on " + to_string(e.effective_date) +
                        " already, with another reason or new details; the earlier one stands");
            continue;  // the same advice again (a report sent twice): one row (§14)
        }
        rows.push_back({account->id, std::move(e)});
    }
}

std::string mandates_csv(const std::vector<MandateRow>& rows) {
    std::string out;
    for (std::string_view c : mandate_columns) {
        out += c;
        out += c == mandate_columns.back() ? '\n' : ',';
    }
    for (const MandateRow& r : rows) {
        append_csv_field(out, r.account_id);
        out += ',';
        out += to_string(r.entry.effective_date);
        out += ',';
        out += to_string(r.entry.event);
        out += ',';
        append_csv_field(out, r.entry.reason);
        out += ',';
        out += r.entry.new_sort_code;
        out += ',';
        out += r.entry.new_account_number;
        out += '\n';
    }
    return out;
}

}  // namespace arrears::io
