// Bacs ARUDD reports into ledger rows (see io/arudd.hpp).
#include <arrears/io/arudd.hpp>
#include <arrears/io/cells.hpp>
#include <arrears/io/file.hpp>
#include <arrears/io/output.hpp>

#include <arrears/error.hpp>

#include <pugixml.hpp>

#include <algorithm>

namespace arrears::io {

namespace {

// §14: references compare after §12's trimming, ignoring (ASCII) letter case.
std::string fold(std::string_view s) {
    std::string out(trim_cell(s));
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

std::vector<AruddItem> read_arudd_report(const std::string& path) {
    return parse_arudd_report(read_whole_file(path, path, max_arudd_bytes, "a Bacs ARUDD report"), path);
}

std::vector<AruddItem> parse_arudd_report(std::string_view text, std::string_view source) {
    const std::string path(source);
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
    // Items come in file order: the newlines are counted on from the last item's offset, once
    // over the file (counting from the start for each item made 40,000 items quadratic).
    std::size_t counted_to = 0;
    std::uint64_t lines_before = 0;
    auto line_of = [&](std::ptrdiff_t offset) {
        const auto at =
            static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(offset, 0, static_cast<std::ptrdiff_t>(text.size())));
        if (at < counted_to) counted_to = 0, lines_before = 0;  // (not in order: from the start)
        lines_before += static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted_to),
                                                              text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
        counted_to = at;
        return 1 + lines_before;
    };
    if (!parsed)
        throw InputError(path + " line " + std::to_string(line_of(parsed.offset)) + ": not readable XML (" +
                         parsed.description() + "), so not an ARUDD report");
    const pugi::xml_node arudd = doc.child("BACSDocument").child("Data").child("ARUDD");
    if (!arudd) throw InputError(path + ": not a Bacs ARUDD report (no BACSDocument/Data/ARUDD element)");
    std::vector<AruddItem> items;
    for (pugi::xml_node record :
         arudd.child("Advice").child("OriginatingAccountRecords").children("OriginatingAccountRecord"))
        for (pugi::xml_node item : record.children("ReturnedDebitItem")) {
            AruddItem& it = items.emplace_back();
            it.line = line_of(item.offset_debug());
            it.position = items.size();
            it.ref = item.attribute("ref").value();
            it.return_code = item.attribute("returnCode").value();
            it.original_processing_date = item.attribute("originalProcessingDate").value();
            it.value_of = item.attribute("valueOf").value();
        }
    return items;
}

AruddMatcher::AruddMatcher(const TextTable& t, std::string_view source, const AccountColumns& columns, int reference,
                           const Calendar& collection)
    : calendar_(collection), source_(source), table_(t) {
    accounts_.resize(t.rows());
    for (std::size_t r = 0; r < t.rows(); ++r) {
        accounts_[r].rejection = parse_account_row(t, r, source, columns, accounts_[r].account);
        if (t.has_cells(r)) by_ref_.emplace_back(fold(t.at(r, static_cast<std::size_t>(reference))), r);
    }
    std::stable_sort(by_ref_.begin(), by_ref_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

void AruddMatcher::add(const std::vector<AruddItem>& items, std::string_view source) {
    for (const AruddItem& it : items) {
        const std::string where = std::string(source) + " line " + std::to_string(it.line) + ", item " +
                                  std::to_string(it.position) + " (ref " + quote_text(it.ref) + "): ";
        auto problem = [&](const std::string& why) { problems.push_back(where + why); };
        const std::string key = fold(it.ref);
        auto [lo, hi] = std::equal_range(by_ref_.begin(), by_ref_.end(), std::pair<std::string, std::size_t>(key, 0),
                                         [](const auto& a, const auto& b) { return a.first < b.first; });
        if (key.empty() || lo == hi) {
            problem("no account has this reference");
            continue;
        }
        if (hi - lo > 1) {
            std::string lines;
            for (auto k = lo; k != hi; ++k)
                lines += (lines.empty() ? "" : ", ") + std::to_string(table_.line[k->second]);
            problem("several accounts have this reference (" + source_ + " " + table_.row_label + "s " + lines + ")");
            continue;
        }
        const Row& row = accounts_[lo->second];
        const std::string account_line =
            source_ + " " + table_.row_label + " " + std::to_string(table_.line[lo->second]);
        if (!row.rejection.empty()) {
            problem("its account (" + account_line + ") was rejected: " + row.rejection);
            continue;
        }
        Date processed;
        const char* why = "";
        Money amount;
        if (!try_parse_date(it.original_processing_date, processed, why)) {
            problem("originalProcessingDate " + quote_text(it.original_processing_date) + ": " + why);
            continue;
        }
        if (!Money::try_parse(it.value_of, amount, why)) {
            problem("valueOf " + quote_text(it.value_of) + ": " + why);
            continue;
        }
        if (arudd_meaning(it.return_code).empty()) {
            problem("returnCode " + quote_text(it.return_code) + " is not an ARUDD reason code (0-9, A, B)");
            continue;
        }
        const Account& a = row.account;
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
            const auto [earlier, first] =
                seen_.try_emplace(to_string(due_date) + a.id, where.substr(0, where.size() - 2));
            if (!first) {
                problem("an earlier item (" + earlier->second + ") gave account " + quote_text(a.id) +
                        " and due date " + to_string(due_date) + " already");
                continue;
            }
            rows.push_back({a.id, due_date, amount, it.return_code});
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
