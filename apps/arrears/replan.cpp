// `arrears replan` (recovery-rules §15): the plan of record read first (CSV or JSON, told
// apart by their content), then the accounts streamed through BlockRecovery as `recover`
// streams them (the same parsing, attachments and duplicate checks), each accepted account
// replanned by arrears::Replan instead of recovered. Each block then goes through recover's
// outputs (RunOutputs: the schedule, notices, Bacs file, --submitted report, manifest; and
// replan's own summary and collection file) as one chunk, in input order, each to a
// temporary file published with the others only when the run has succeeded.
#include "replan.hpp"

#include "bank_files.hpp"
#include "manifest.hpp"
#include "notice_files.hpp"
#include "options.hpp"
#include "output_files.hpp"
#include "result_tables.hpp"
#include "run_output.hpp"
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
/// JSON rows are numbered by their line in the file. Its bytes are hashed into `hashes`.
io::TextTable read_table(const std::string& option, const std::string& path, InputHashes& hashes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(option + ": cannot read " + path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    hashes.whole(option, text);  // the manifest: the bytes that told CSV from JSON
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
    std::vector<io::ReportedRow> rows;                              ///< the same, for the manifest
    std::size_t plan_rows = 0, summary_rows = 0;
};

PlanFiles read_plan(const ReplanArgs& a, InputHashes& hashes) {
    PlanFiles p;
    auto problem = [&](const std::string& option, const io::TextTable& t, std::size_t r, int col,
                       const std::string& why, std::string_view id) {
        std::string m = fmt::format("{} line {}", option, t.line[r]);
        std::string what;
        if (col >= 0) what = fmt::format("column {} ({}): ", col + 1, t.header[static_cast<std::size_t>(col)]);
        what += why;
        if (col >= 0) m += fmt::format(", column {} ({})", col + 1, t.header[static_cast<std::size_t>(col)]);
        m += ": " + why;
        p.rows.push_back({option == "--plan" ? a.plan : a.plan_summary, t.line[r], std::string(id), what, m});
        p.reported.push_back(m);
        if (!id.empty()) p.bad[std::string(id)].push_back(m);
    };
    {
        const io::TextTable t = read_table("--plan", a.plan, hashes);
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
        const io::TextTable t = read_table("--plan-summary", a.plan_summary, hashes);
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

/// `--summary` of replan (§15): §9's twelve columns of each account's new result, then
/// `shortfall` and `changed`, in input order.
class ReplanSummaryOutput final : public RunOutput {
public:
    ReplanSummaryOutput(io::Format format, std::string path) : format_(format), file_("--summary", std::move(path)) {}
    void begin(const AccountsFile&) override {
        std::string head;
        io::detail::begin_table(head, format_, io::replan_summary_columns);
        write_text(head);
    }
    void format(const Chunk& chunk) override {
        std::string& text = text_[chunk];
        text.clear();
        for (std::size_t i = chunk.first; i < chunk.last; ++i)
            io::detail::append_row(text, format_, io::replan_summary_list, io::replan_summary_list.every_run(),
                                   io::replan_summary_columns.data(), chunk.results[i].account_id, {},
                                   chunk.replans[i]);
        rows_of_[chunk] = chunk.last - chunk.first;
    }
    void write(const Block& block) override {
        for (std::size_t c = 0; c < block.chunks; ++c) {
            write_text(text_.at(block.slot, c));
            rows_ += rows_of_.at(block.slot, c);
        }
    }
    void finish(const RunRecord&) override {
        std::string tail;
        io::detail::end_table(tail, format_, rows_ > 0);
        write_text(tail);
        file_.finish();
    }
    /// Rows: one per account.
    void describe(Manifest& manifest, const RunRecord&) const override {
        manifest.output(file_.path(), file_.bytes_path(), rows_);
    }
    void files(std::vector<OutputFile*>& out) override { out.push_back(&file_); }

private:
    void write_text(std::string_view text) {
        if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file_.file()) != text.size())
            throw UsageError(fmt::format("{}: write failed", file_.path()));
    }
    io::Format format_;
    OutputFile file_;
    ChunkBuffers<std::string> text_;
    ChunkBuffers<std::size_t> rows_of_;
    std::size_t rows_ = 0;
};

/// `--collections` of replan (§15): each changed collection with its `action` and
/// `previous_amount`, the withdraw/regular rows of accounts that left the plan, and the told
/// collections standing as told (`collect`, `previous_amount` = `amount`: the Bacs file is of
/// this file's rows, §14, so the finance officer reconciles one against the other), in input
/// order then date. A collection a `--submitted` file already holds is left out (the
/// SubmittedReport says so, and whether its amount conflicts: §14).
class ReplanCollectionsOutput final : public RunOutput {
public:
    ReplanCollectionsOutput(const NoticeSource& payers, const BankSource& bank, io::Format format, std::string path)
        : payers_(payers), bank_(bank), format_(format), file_("--collections", std::move(path)) {}
    void begin(const AccountsFile&) override {
        std::string head;
        io::detail::begin_table(head, format_, io::replan_collection_columns);
        write_text(head);
    }
    void format(const Chunk& chunk) override {
        std::string& text = text_[chunk];
        text.clear();
        std::size_t& rows = rows_of_[chunk];
        rows = 0;
        const Calendar& calendar = payers_.recovery().collection_calendar();
        for (std::size_t i = chunk.first; i < chunk.last; ++i)
            for_each_collection(chunk.replans[i], [&](const ChangedCollection& c, bool) {
                io::ReplanCollectionRow row{c, working_day_before(calendar, c.collection_date), {}};
                row.input_by = working_day_before(calendar, row.processing_date);
                if (bank_.guards() && c.amount > Money() &&
                    bank_.submitted(chunk, i,
                                    ScheduleRow{c.due_date, c.collection_date, c.regular_amount, c.recovery_amount,
                                                c.amount, Money()},
                                    row.processing_date))
                    return;  // already sent, or a conflict: SubmittedReport says which
                io::detail::append_row(text, format_, io::replan_collection_list,
                                       io::replan_collection_list.every_run(), io::replan_collection_columns.data(),
                                       chunk.results[i].account_id, {}, row);
                ++rows;
            });
    }
    void write(const Block& block) override {
        for (std::size_t c = 0; c < block.chunks; ++c) {
            write_text(text_.at(block.slot, c));
            rows_ += rows_of_.at(block.slot, c);
        }
    }
    void finish(const RunRecord&) override {
        std::string tail;
        io::detail::end_table(tail, format_, rows_ > 0);
        write_text(tail);
        file_.finish();
    }
    /// Rows: the changed collections written.
    void describe(Manifest& manifest, const RunRecord&) const override {
        manifest.output(file_.path(), file_.bytes_path(), rows_);
    }
    void files(std::vector<OutputFile*>& out) override { out.push_back(&file_); }

private:
    void write_text(std::string_view text) {
        if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file_.file()) != text.size())
            throw UsageError(fmt::format("{}: write failed", file_.path()));
    }
    const NoticeSource& payers_;
    const BankSource& bank_;
    io::Format format_;
    OutputFile file_;
    ChunkBuffers<std::string> text_;
    ChunkBuffers<std::size_t> rows_of_;
    std::size_t rows_ = 0;
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
    catch_fatal_signals("arrears replan");  // §12: a stopped run leaves no file of its own behind
    const RecoverArgs& r = a.run;
    if (!r.options.text(option_index("--outage")).empty())
        throw UsageError("--outage does not apply to replan: give --ledger, what happened since --since");
    if (r.ledger.empty()) throw UsageError("--ledger FILE is required: what happened to the collections since --since");
    // What replan does not write yet is refused, not silently left out. --notify too: the
    // Notify template has only the recovery letter's words (a `catch_up_stops` payer would read
    // "£0.00 to pay" and nothing of the credit, §15), and refused here it can name no file.
    const std::pair<const char*, bool> later[] = {{"--letters", !r.notice.letters.empty()},
                                                  {"--letter-template", !r.notice.letter_template.empty()},
                                                  {"--notify", !r.notice.notify.empty()},
                                                  {"--workbook", !r.workbook.empty()}};
    for (const auto& [option, given] : later)
        if (given)
            throw UsageError(std::string(option) +
                             " is not yet available in replan: it writes --schedule, --summary, --collections, "
                             "--notices, --bacs and --manifest");
    const Settings settings = parse_settings(r);
    const Date since = option_date("--since", a.since);
    ExportSettings exports = parse_export_options(r.exports);
    check_map_names(exports, r);  // as recover: the columns read are the only ones decoded (§12)
    if (!r.manifest.empty()) check_manifest_text(r.arguments);
    InputHashes hashes;  // each input hashed as it is read: the manifest records what the run used
    const io::OfficialHolidays official = option_holidays(r.holidays, &hashes);
    io::RunCalendars cal = io::run_calendars(settings.region, official, settings.closures);
    std::optional<Replan> replan;
    try {
        replan.emplace(settings.options, since, std::move(cal.collection), std::move(cal.notice));
    } catch (const InputError& e) {
        throw UsageError(e.what());
    }

    // The outputs, checked and created (as temporary files) before the work, as recover's:
    // none may name an input or another output (§12 "Nothing is lost"); all are published
    // together only when the run has succeeded.
    const io::Format format = settings.format;
    NoticeArgs notices = r.notice;  // the notices (and --keep) as recover's; replan's own collection file
    notices.collections.clear();
    NoticeSource payers(r.notice, replan->recovery());
    payers.set_replan(since);
    BankSource bank(r.bank, r.notice, replan->recovery());
    payers.set_bank(bank);
    RunOutputs outputs;
    {
        std::vector<NamedPath> inputs = {{"--accounts", r.accounts},         {"--plan", a.plan},
                                         {"--plan-summary", a.plan_summary}, {"--ledger", r.ledger},
                                         {"--payments", r.payments},         {"--mandates", r.mandates},
                                         {"--holidays", r.holidays}};
        for (const std::string& path : r.bank.submitted) inputs.push_back({"--submitted", path});
        const bool no_output = r.schedule.empty() && r.summary.empty() && !r.notice.any_output() && r.bank.bacs.empty();
        const std::string schedule = no_output ? "-" : r.schedule;
        const NamedPath paths[] = {{"--schedule", schedule},        {"--summary", r.summary},
                                   {"--notices", r.notice.notices}, {"--collections", r.notice.collections},
                                   {"--bacs", r.bank.bacs},         {"--manifest", r.manifest}};
        check_outputs(inputs, paths);
        if (!schedule.empty()) outputs.add<ResultTableOutput>(io::Table::schedule, format, "--schedule", schedule);
        if (!r.summary.empty()) outputs.add<ReplanSummaryOutput>(format, r.summary);
        add_notice_outputs(notices, format, payers, hashes, outputs);
        if (!r.notice.collections.empty())
            outputs.add<ReplanCollectionsOutput>(payers, bank, format, r.notice.collections);
        add_bank_outputs(bank, payers, outputs);
        if (!r.manifest.empty()) outputs.add<ManifestOutput>(r.manifest, outputs);  // last: it describes the others
    }
    const std::vector<std::size_t> submitted_rows = bank.read_submitted(hashes);
    const PlanFiles plan = read_plan(a, hashes);

    ThreadPool pool(settings.threads);
    io::Attachments attachments;
    attachments.set_date_format(exports.dates);
    auto hold = [&](std::string_view option, const std::string& path, io::Attachments::Kind kind) -> std::size_t {
        if (path.empty()) return 0;
        io::CsvReader file = exports.open(option, path, nullptr, hashes.hook(std::string(option)));
        try {
            const std::size_t number = attachments.begin_file(kind, file.header(), path);
            return attachments.add_blocks(
                number,
                [&](std::span<io::TextTable> blocks) {
                    return file.next_blocks(blocks, io::BlockRecovery::block_rows, pool);
                },
                pool);
        } catch (const InputError& e) {
            throw UsageError(fmt::format("{}: {}", option, e.what()));
        }
    };
    const std::size_t ledger_rows = hold("--ledger", r.ledger, io::Attachments::Kind::ledger);
    const std::size_t payments_rows = hold("--payments", r.payments, io::Attachments::Kind::payments);
    const std::size_t mandates_rows = hold("--mandates", r.mandates, io::Attachments::Kind::mandates);
    std::vector<std::string> accounts_header;  // the file's own names, before --map
    io::CsvReader reader = exports.open("--accounts", r.accounts, &accounts_header, hashes.hook("--accounts"));
    exports.check_map();
    io::AccountColumns columns{};
    try {
        io::TextTable header_only;
        header_only.header = reader.header();
        columns = io::AccountColumns::find(header_only, r.accounts);
        columns.dates = exports.dates;
        const AccountsFile accounts{r.accounts, reader.header(), accounts_header};
        payers.set_accounts(accounts);
        bank.set_accounts(accounts);
        outputs.begin(accounts);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--accounts: {}", e.what()));
    }

    // Each accepted account replanned on the pool's threads into `side` (by row); each block
    // then goes through the outputs as one chunk, in input order.
    const PlanOfRecord none;
    std::vector<ReplanResult> side(io::BlockRecovery::block_rows);
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
    const bool summary_file = !r.summary.empty() && r.summary != "-";
    RunStats stats(summary_file ? 20 : std::numeric_limits<std::size_t>::max());
    io::TextTable table;
    std::vector<AccountResult> results(io::BlockRecovery::block_rows);
    std::unordered_set<std::string> seen;
    std::vector<std::string> recalls;
    std::size_t changed = 0, on_course = 0;
    Money shortfall;
    StatsPart part;
    while (reader.next_block(table, io::BlockRecovery::block_rows)) {
        const std::size_t n = table.rows();
        for (std::size_t i = 0; i < n; ++i) side[i] = ReplanResult{};
        blocks.run(table, results);
        for (std::size_t i = 0; i < n; ++i) side[i].result = results[i];  // with the row's location on a rejection
        const Chunk chunk{0,
                          0,
                          table,
                          blocks,
                          std::span<const AccountResult>(results.data(), n),
                          0,
                          n,
                          std::span<const ReplanResult>(side.data(), n)};
        outputs.format(chunk);
        outputs.write(Block{0, 1, chunk.results});
        part.clear();
        part.add(chunk.results);
        stats.add(part);
        for (std::size_t i = 0; i < n; ++i) {
            const ReplanResult& x = side[i];
            seen.insert(x.result.account_id);
            if (x.changed) ++(*x.changed ? changed : on_course);
            if (x.shortfall && !x.kept) shortfall += *x.shortfall;
            for (const ChangedCollection& c : x.changes)
                if (c.action == ChangeAction::withdraw && c.previous_amount > Money())
                    recalls.push_back(fmt::format("{}: recall the debit of £{} on {}", x.result.account_id,
                                                  grouped_money(c.previous_amount), to_string(c.collection_date)));
        }
    }
    try {
        reader.check_unchanged();  // the rows and the manifest's hash are of one file
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--accounts: {}", e.what()));
    }
    std::vector<io::ReportedRow> skipped = attachments.finish();
    std::vector<std::string> reported = plan.reported;
    std::vector<io::ReportedRow> reported_rows = plan.rows;
    {
        std::vector<std::string> missing;
        for (const auto& [id, por] : plan.accounts)
            if (!seen.count(id)) missing.push_back(id);
        std::sort(missing.begin(), missing.end());
        for (const std::string& id : missing) {
            const std::string why = "account " + id + " is not in the accounts file (" + r.accounts + ")";
            reported.push_back("--plan: " + why);
            reported_rows.push_back({a.plan, 0, id, why, "--plan: " + why});
        }
    }
    reported_rows.insert(reported_rows.end(), skipped.begin(), skipped.end());

    // Every file complete on disk before any replaces its target; the manifest last.
    std::vector<InputRead> read{{r.accounts, stats.account_count(), hashes.hex("--accounts")},
                                {a.plan, plan.plan_rows, hashes.hex("--plan")},
                                {a.plan_summary, plan.summary_rows, hashes.hex("--plan-summary")},
                                {r.ledger, ledger_rows, hashes.hex("--ledger")}};
    if (!r.payments.empty()) read.push_back({r.payments, payments_rows, hashes.hex("--payments")});
    if (!r.mandates.empty()) read.push_back({r.mandates, mandates_rows, hashes.hex("--mandates")});
    if (!r.holidays.empty()) read.push_back({r.holidays, std::nullopt, hashes.hex("--holidays")});
    for (std::size_t k = 0; k < r.bank.submitted.size(); ++k)
        read.push_back({r.bank.submitted[k], submitted_rows[k], hashes.hex(submitted_hash_key(k))});
    const RunRecord run{r.arguments, read, stats, reported_rows};
    outputs.finish(run);
    outputs.publish();

    // Standard error: rows reported, then the run's figures as recover gives them, then replan's.
    const std::vector<std::string> output_reported = outputs.reported();
    std::string report;
    for (const io::ReportedRow& m : skipped) report += "skipped: " + m.message + "\n";
    for (const std::string& m : reported) report += "reported: " + m + "\n";
    for (const std::string& m : output_reported) report += m + "\n";
    report += stats.report(replan->recovery(), r.summary);
    report += fmt::format("{} account{} changed, {} on course; total shortfall {}\n", grouped_count(changed),
                          changed == 1 ? "" : "s", grouped_count(on_course), grouped_money(shortfall));
    for (const std::string& line : outputs.summary()) report += line + "\n";
    for (const std::string& line : recalls) report += line + "\n";
    std::fputs(report.c_str(), stderr);
    return skipped.empty() && reported.empty() && output_reported.empty() && stats.rejected() == 0 ? exit_ok
                                                                                                   : exit_reported;
}

}  // namespace arrears::cli
