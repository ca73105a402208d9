// `arrears replan` (recovery-rules §15): the plan of record read first (CSV or JSON, told
// apart by their content), then the accounts streamed through BlockRecovery as `recover`
// streams them (the same parsing, attachments and duplicate checks), each accepted account
// replanned by arrears::Replan instead of recovered; the outputs written when every account
// is done, each to a temporary file that replaces its target only when all are written.
#include "replan.hpp"

#include "options.hpp"
#include "run_summary.hpp"

#include <arrears/io/block_recovery.hpp>
#include <arrears/io/columns.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/detail/row_writer.hpp>
#include <arrears/io/output.hpp>
#include <arrears/replan.hpp>
#include <arrears/thread_pool.hpp>

#include <fmt/core.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace arrears::cli {
namespace {

constexpr const char* replan_footer = R"(Example (the worked example of the recovery rules, section 15):
  The plan of record is section 11's recovery (schedule.csv, summary.csv: 354.78 on
  2 Feb, 2 Mar and 1 Apr 2026, notice date 2026-01-12). The 2 Feb collection came back
  unpaid (ledger.csv: A-1001,2026-02-01,886.95,unpaid,0).

  arrears replan --accounts accounts.csv --plan schedule.csv --plan-summary summary.csv \
                 --since 2026-01-12 --ledger ledger.csv --notice-date 2026-02-16 \
                 --schedule new-schedule.csv --summary new-summary.csv \
                 --collections collections.csv

  The first collection that may change is 2 Mar 2026. What was still planned (709.56) and
  what failed (886.95) make 1,596.51, spread under the regular 532.17: 399.13 on 2 Mar,
  1 Apr and 1 May, 399.12 on 1 Jun 2026 (extended, changed yes, shortfall 886.95).

Exit status as recover's: 0 every row processed; 1 some rows rejected or reported; 2 usage
error or unreadable file, and nothing is written.)";

/// A table from `path`: the JSON array of flat objects arrears writes (`[` first), else CSV.
/// JSON rows are numbered by their line in the file.
io::TextTable read_table(const std::string& option, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(option + ": cannot read " + path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first == std::string::npos || text[first] != '[') {
        try {
            return io::read_csv_file(path, option + " " + path);
        } catch (const InputError& e) {
            throw UsageError(e.what());
        }
    }
    // JSON: [ {"k": "v" | number | null, ...}, ... ] (arrears' own output: no nesting).
    io::TextTable t;
    std::size_t i = first + 1, line = 1;
    for (std::size_t k = 0; k < first; ++k) line += text[k] == '\n';
    auto fail = [&](const std::string& why) -> io::TextTable {
        throw UsageError(
            fmt::format("{} {}: line {}: {} (a JSON array of objects, as arrears writes it)", option, path, line, why));
    };
    auto space = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
            line += text[i++] == '\n';
    };
    auto string = [&]() -> std::string {
        std::string s;
        ++i;  // the opening quote
        while (i < text.size() && text[i] != '"') {
            if (text[i] == '\\' && i + 1 < text.size()) {
                const char c = text[++i];
                s += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
                ++i;
                continue;
            }
            s += text[i++];
        }
        if (i >= text.size()) fail("a string is not closed");
        ++i;
        return s;
    };
    std::vector<std::map<std::string, std::string>> objects;
    std::vector<std::size_t> lines;
    space();
    while (i < text.size() && text[i] != ']') {
        if (text[i] == ',') {
            ++i;
            space();
            continue;
        }
        if (text[i] != '{') fail("expected an object");
        lines.push_back(line);
        ++i;
        std::map<std::string, std::string> obj;
        std::vector<std::string> order;
        space();
        while (i < text.size() && text[i] != '}') {
            if (text[i] == ',') {
                ++i;
                space();
                continue;
            }
            if (text[i] != '"') fail("expected a name");
            std::string key = string();
            space();
            if (i >= text.size() || text[i] != ':') fail("expected ':'");
            ++i;
            space();
            std::string value;
            if (i < text.size() && text[i] == '"') {
                value = string();
            } else {
                const std::size_t start = i;
                while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != '\n') ++i;
                value = text.substr(start, i - start);
                while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.pop_back();
                if (value == "null") value.clear();
            }
            if (t.header.size() < 64 && objects.empty()) t.header.push_back(key);
            obj[key] = std::move(value);
            space();
        }
        if (i >= text.size()) fail("an object is not closed");
        ++i;
        objects.push_back(std::move(obj));
        space();
    }
    if (i >= text.size()) fail("the array is not closed");
    for (std::size_t r = 0; r < objects.size(); ++r) {
        std::vector<std::string_view> row;
        for (const std::string& h : t.header) {
            auto it = objects[r].find(h);
            t.storage.push_back(it == objects[r].end() ? std::string() : it->second);
            row.push_back(t.storage.back());
        }
        t.add_row(lines[r], row);
    }
    return t;
}

/// The columns `names` of `t`, or a UsageError naming the first missing one.
std::vector<int> columns_of(const io::TextTable& t, std::initializer_list<const char*> names, const std::string& what) {
    std::vector<int> out;
    for (const char* n : names) {
        const int c = t.column(n);
        if (c < 0) throw UsageError(fmt::format("{} has no column '{}'", what, n));
        out.push_back(c);
    }
    return out;
}

/// The plan of record by account, and the rows of it that could not be read (§15: reported;
/// an account named by one goes to `review`).
struct PlanFiles {
    std::unordered_map<std::string, PlanOfRecord> accounts;
    std::unordered_map<std::string, std::vector<std::string>> bad;  ///< by account: its rows' problems
    std::vector<std::string> reported;                              ///< every problem, for standard error
    std::size_t plan_rows = 0, summary_rows = 0;
};

PlanFiles read_plan(const ReplanArgs& a) {
    PlanFiles p;
    auto problem = [&](const std::string& option, const io::TextTable& t, std::size_t r, int col,
                       const std::string& why, std::string_view id) {
        std::string m = fmt::format("{} line {}", option, t.line[r]);
        if (col >= 0) m += fmt::format(", column {} ({})", col + 1, t.header[static_cast<std::size_t>(col)]);
        m += ": " + why;
        p.reported.push_back(m);
        if (!id.empty()) p.bad[std::string(id)].push_back(m);
    };
    {
        const io::TextTable t = read_table("--plan", a.plan);
        const std::vector<int> c = columns_of(
            t, {"account_id", "due_date", "collection_date", "regular_amount", "recovery_amount", "total_amount"},
            "--plan " + a.plan);
        const int after = t.column("arrears_after");
        p.plan_rows = t.rows();
        for (std::size_t r = 0; r < t.rows(); ++r) {
            if (!t.row_error[r].empty() || !t.has_cells(r)) {
                problem("--plan", t, r, -1, t.row_error[r], {});
                continue;
            }
            const std::string_view id = t.at(r, static_cast<std::size_t>(c[0]));
            ScheduleRow row;
            int at = -1;
            try {
                at = c[1], row.due_date = parse_date(t.at(r, static_cast<std::size_t>(at)));
                at = c[2], row.collection_date = parse_date(t.at(r, static_cast<std::size_t>(at)));
                at = c[3], row.regular_amount = Money::parse(t.at(r, static_cast<std::size_t>(at)));
                at = c[4], row.recovery_amount = Money::parse(t.at(r, static_cast<std::size_t>(at)));
                at = c[5], row.total_amount = Money::parse(t.at(r, static_cast<std::size_t>(at)));
                if (after >= 0 && !t.at(r, static_cast<std::size_t>(after)).empty())
                    at = after, row.arrears_after = Money::parse(t.at(r, static_cast<std::size_t>(after)));
                at = -1;
                if (row.regular_amount + row.recovery_amount != row.total_amount)
                    throw InputError("total_amount is not regular_amount + recovery_amount");
            } catch (const InputError& e) {
                problem("--plan", t, r, at, e.what(), id);
                continue;
            }
            if (id.empty()) {
                problem("--plan", t, r, c[0], "no account_id", {});
                continue;
            }
            p.accounts[std::string(id)].rows.push_back(row);
        }
    }
    {
        const io::TextTable t = read_table("--plan-summary", a.plan_summary);
        const std::vector<int> c =
            columns_of(t, {"account_id", "status", "message"}, "--plan-summary " + a.plan_summary);
        const int count = t.column("missed_count"), missed = t.column("missed_amount"), paid = t.column("paid_amount"),
                  arrears = t.column("arrears");
        p.summary_rows = t.rows();
        for (std::size_t r = 0; r < t.rows(); ++r) {
            if (!t.row_error[r].empty() || !t.has_cells(r)) {
                problem("--plan-summary", t, r, -1, t.row_error[r], {});
                continue;
            }
            const std::string_view id = t.at(r, static_cast<std::size_t>(c[0]));
            Summary s;
            int at = c[1];
            try {
                const std::string_view status = t.at(r, static_cast<std::size_t>(at));
                bool found = false;
                for (const auto& [st, name] : status_names)
                    if (name == status) s.status = st, found = true;
                if (!found) throw InputError("unknown status '" + std::string(status) + "'");
                s.message = std::string(t.at(r, static_cast<std::size_t>(c[2])));
                auto money = [&](int col, std::optional<Money>& out) {
                    at = col;
                    if (col >= 0 && !t.at(r, static_cast<std::size_t>(col)).empty())
                        out = Money::parse(t.at(r, static_cast<std::size_t>(col)));
                };
                money(missed, s.missed_amount);
                money(paid, s.paid_amount);
                money(arrears, s.arrears);
                at = count;
                if (count >= 0 && !t.at(r, static_cast<std::size_t>(count)).empty())
                    s.missed_count = std::stoi(std::string(t.at(r, static_cast<std::size_t>(count))));
            } catch (const std::exception& e) {
                problem("--plan-summary", t, r, at, e.what(), id);
                continue;
            }
            if (id.empty()) {
                problem("--plan-summary", t, r, c[0], "no account_id", {});
                continue;
            }
            PlanOfRecord& por = p.accounts[std::string(id)];
            // The earlier run's own rejection of a duplicate row (reported then) leaves the
            // accepted row of that id as its plan of record.
            if (por.summary && (s.status == Status::rejected || por.summary->status == Status::rejected)) {
                if (por.summary->status == Status::rejected) por.summary = s;
                continue;
            }
            if (por.summary) {
                problem("--plan-summary", t, r, c[0], "account " + std::string(id) + " has a row already", id);
                continue;
            }
            por.summary = s;
        }
    }
    return p;
}

/// Writes `text` to `path` (`-`: standard output) through a temporary file, renamed over it.
class Outputs {
public:
    void add(std::string path, std::string text) { files_.emplace_back(std::move(path), std::move(text)); }
    void publish() {
        std::vector<std::string> temps;
        for (const auto& [path, text] : files_) {
            if (path == "-") continue;
            const std::string temp = path + ".arrears-tmp";
            std::FILE* f = std::fopen(temp.c_str(), "wb");
            if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0)
                throw UsageError("cannot write " + path);
            temps.push_back(temp);
        }
        std::size_t k = 0;
        for (const auto& [path, text] : files_) {
            if (path == "-") {
                std::fwrite(text.data(), 1, text.size(), stdout);
                continue;
            }
            if (std::rename(temps[k++].c_str(), path.c_str()) != 0) throw UsageError("cannot replace " + path);
        }
    }

private:
    std::vector<std::pair<std::string, std::string>> files_;
};

}  // namespace

CLI::App* add_replan_command(CLI::App& app, ReplanArgs& a) {
    CLI::App* replan = app.add_subcommand(
        "replan", "Keep the recovery on course: replan from the plan of record and what happened since");
    replan
        ->add_option("--plan", a.plan, "The schedule of the earlier run, whose notices payers were given (CSV or JSON)")
        ->required()
        ->type_name("SCHEDULE");
    replan->add_option("--plan-summary", a.plan_summary, "The summary of that run (CSV or JSON)")
        ->required()
        ->type_name("SUMMARY");
    replan->add_option("--since", a.since, "The earlier run's notice date N1")->required()->type_name("DATE");
    add_run_options(*replan, a.run);
    replan->footer(replan_footer);
    return replan;
}

int run_replan(const ReplanArgs& a) {
    const RecoverArgs& r = a.run;
    if (!r.options.text(option_index("--outage")).empty())
        throw UsageError("--outage does not apply to replan: give --ledger, what happened since --since");
    if (r.ledger.empty()) throw UsageError("--ledger FILE is required: what happened to the collections since --since");
    // What replan does not write yet is refused, not silently left out (issue 30's later steps).
    const std::pair<const char*, bool> later[] = {
        {"--notices", !r.notice.notices.empty()}, {"--letters", !r.notice.letters.empty()},
        {"--keep", !r.notice.keep.empty()},       {"--letter-template", !r.notice.letter_template.empty()},
        {"--bacs", !r.bank.bacs.empty()},         {"--submitted", !r.bank.submitted.empty()},
        {"--workbook", !r.workbook.empty()},      {"--manifest", !r.manifest.empty()}};
    for (const auto& [option, given] : later)
        if (given)
            throw UsageError(std::string(option) +
                             " is not yet available in replan: it writes --schedule, --summary and --collections");
    const Settings settings = parse_settings(r);
    const Date since = option_date("--since", a.since);
    ExportSettings exports = parse_export_options(r.exports);
    const io::OfficialHolidays official = option_holidays(r.holidays);
    io::RunCalendars cal = io::run_calendars(settings.region, official, settings.closures);
    std::optional<Replan> replan;
    try {
        replan.emplace(settings.options, since, std::move(cal.collection), std::move(cal.notice));
    } catch (const InputError& e) {
        throw UsageError(e.what());
    }
    const PlanFiles plan = read_plan(a);

    ThreadPool pool(settings.threads);
    io::Attachments attachments;
    attachments.set_date_format(exports.dates);
    auto hold = [&](std::string_view option, const std::string& path, io::Attachments::Kind kind) {
        if (path.empty()) return;
        io::CsvReader file = exports.open(option, path);
        try {
            const std::size_t number = attachments.begin_file(kind, file.header(), path);
            attachments.add_blocks(
                number,
                [&](std::span<io::TextTable> blocks) {
                    return file.next_blocks(blocks, io::BlockRecovery::block_rows, pool);
                },
                pool);
        } catch (const InputError& e) {
            throw UsageError(fmt::format("{}: {}", option, e.what()));
        }
    };
    hold("--ledger", r.ledger, io::Attachments::Kind::ledger);
    hold("--payments", r.payments, io::Attachments::Kind::payments);
    hold("--mandates", r.mandates, io::Attachments::Kind::mandates);
    io::CsvReader reader = exports.open("--accounts", r.accounts);
    exports.check_map();
    io::AccountColumns columns{};
    try {
        io::TextTable header_only;
        header_only.header = reader.header();
        columns = io::AccountColumns::find(header_only, r.accounts);
        columns.dates = exports.dates;
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--accounts: {}", e.what()));
    }

    // Each accepted account replanned on the pool's threads into `side` (by row); the
    // results go to `all` in input order.
    const PlanOfRecord none;
    std::vector<ReplanResult> side(io::BlockRecovery::block_rows);
    std::vector<ReplanResult> all;
    io::BlockRecovery blocks(replan->recovery(), columns, r.accounts, attachments, pool, reader.estimated_rows(),
                             io::duplicate_index(reader, columns));
    blocks.set_recover([&](std::size_t i, const Account& account, AccountResult& out) {
        const auto found = plan.accounts.find(account.id);
        const PlanOfRecord& por = found == plan.accounts.end() ? none : found->second;
        const auto bad = plan.bad.find(account.id);
        if (bad == plan.bad.end()) {
            side[i] = (*replan)(account, por);
        } else {  // §15: a plan row of it that could not be read is reported, and it goes to review
            Account copy = account;
            copy.reported.insert(copy.reported.end(), bad->second.begin(), bad->second.end());
            side[i] = (*replan)(copy, por);
        }
        out = side[i].result;
    });
    io::TextTable table;
    std::vector<AccountResult> results(io::BlockRecovery::block_rows);
    std::unordered_set<std::string> seen;
    while (reader.next_block(table, io::BlockRecovery::block_rows)) {
        for (std::size_t i = 0; i < table.rows(); ++i) side[i] = ReplanResult{};
        blocks.run(table, results);
        for (std::size_t i = 0; i < table.rows(); ++i) {
            ReplanResult rr = std::move(side[i]);
            rr.result = results[i];  // with the row's location on a rejection
            seen.insert(rr.result.account_id);
            all.push_back(std::move(rr));
        }
    }
    std::vector<io::ReportedRow> skipped = attachments.finish();
    std::vector<std::string> reported = plan.reported;
    {
        std::vector<std::string> missing;
        for (const auto& [id, por] : plan.accounts)
            if (!seen.count(id)) missing.push_back(id);
        std::sort(missing.begin(), missing.end());
        for (const std::string& id : missing)
            reported.push_back("--plan: account " + id + " is not in the accounts file (" + r.accounts + ")");
    }

    // The outputs.
    const io::Format format = settings.format;
    Outputs files;
    const bool no_output = r.schedule.empty() && r.summary.empty() && r.notice.collections.empty();
    if (!r.schedule.empty() || no_output) {
        io::ResultWriter w(io::Table::schedule, format);
        std::vector<AccountResult> rs;
        for (const ReplanResult& x : all) rs.push_back(x.result);
        w.write(rs);
        w.finish();
        files.add(no_output ? "-" : r.schedule, w.take_text());
    }
    if (!r.summary.empty()) {
        std::string text;
        io::detail::begin_table(text, format, io::replan_summary_columns);
        for (const ReplanResult& x : all)
            io::detail::append_row(text, format, io::replan_summary_list, io::replan_summary_list.every_run(),
                                   io::replan_summary_columns.data(), x.result.account_id, {}, x);
        io::detail::end_table(text, format, !all.empty());
        files.add(r.summary, std::move(text));
    }
    std::vector<std::string> recalls;
    std::size_t changed = 0, on_course = 0;
    Money shortfall;
    for (const ReplanResult& x : all) {
        if (x.changed) ++(*x.changed ? changed : on_course);
        if (x.shortfall && !x.kept) shortfall += *x.shortfall;
        for (const ChangedCollection& c : x.changes)
            if (c.action == ChangeAction::withdraw && c.previous_amount > Money())
                recalls.push_back(fmt::format("{}: recall the debit of £{} on {}", x.result.account_id,
                                              grouped_money(c.previous_amount), to_string(c.collection_date)));
    }
    if (!r.notice.collections.empty()) {
        std::string text;
        io::detail::begin_table(text, format, io::replan_collection_columns);
        bool any = false;
        const Calendar& bacs = replan->recovery().collection_calendar();
        for (const ReplanResult& x : all)
            for (const ChangedCollection& c : x.changes) {
                io::ReplanCollectionRow row{c, working_day_before(bacs, c.collection_date), {}};
                row.input_by = working_day_before(bacs, row.processing_date);
                io::detail::append_row(text, format, io::replan_collection_list, io::replan_collection_list.every_run(),
                                       io::replan_collection_columns.data(), x.result.account_id, {}, row);
                any = true;
            }
        io::detail::end_table(text, format, any);
        files.add(r.notice.collections, std::move(text));
    }
    files.publish();

    // Standard error: rows reported, then the run's figures as recover gives them, then replan's.
    RunStats stats(r.summary.empty() || r.summary == "-" ? std::numeric_limits<std::size_t>::max() : 20);
    {
        std::vector<AccountResult> rs;
        for (const ReplanResult& x : all) rs.push_back(x.result);
        StatsPart part;
        part.add(rs);
        stats.add(part);
    }
    std::string report;
    for (const io::ReportedRow& m : skipped) report += "skipped: " + m.message + "\n";
    for (const std::string& m : reported) report += "reported: " + m + "\n";
    report += stats.report(replan->recovery(), r.summary);
    report += fmt::format("{} account{} changed, {} on course; total shortfall {}\n", grouped_count(changed),
                          changed == 1 ? "" : "s", grouped_count(on_course), grouped_money(shortfall));
    for (const std::string& line : recalls) report += line + "\n";
    std::fputs(report.c_str(), stderr);
    return skipped.empty() && reported.empty() && stats.rejected() == 0 ? exit_ok : exit_reported;
}

}  // namespace arrears::cli
