// `arrears replan` (recovery-rules §15): the plan of record indexed by account first (CSV or
// JSON, told apart by their content: io/plan_of_record.hpp, the reader Python's
// `arrears.replan` uses too; a CSV file is read once and each account's rows read again when
// its block comes, so memory holds the index, not the plan), then the accounts streamed
// through BlockRecovery as `recover` streams them (the same parsing, attachments and
// duplicate checks), each accepted account replanned by arrears::Replan instead of
// recovered. Each block then goes through recover's outputs (RunOutputs: the schedule,
// notices, Bacs file, --submitted report, manifest; and replan's own summary and collection
// file, replan_outputs.hpp), in input order, each to a temporary file published with the others only when the
// run has succeeded.
#include "replan.hpp"

#include "bank_files.hpp"
#include "manifest.hpp"
#include "notice_files.hpp"
#include "notify_file.hpp"
#include "options.hpp"
#include "output_files.hpp"
#include "replan_outputs.hpp"
#include "result_tables.hpp"
#include "run_output.hpp"
#include "run_summary.hpp"
#include "workbook.hpp"

#include <arrears/io/block_recovery.hpp>
#include <arrears/io/columns.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/output.hpp>
#include <arrears/io/plan_of_record.hpp>
#include <arrears/io/records.hpp>
#include <arrears/replan.hpp>
#include <arrears/thread_pool.hpp>

#include <fmt/core.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

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

/// One input of the plan of record (`option` naming `path`): the JSON array of flat objects
/// arrears writes (`[` first) read whole into a table, its rows numbered by their line in the
/// file and its bytes hashed into `hashes`; else a CSV file, opened to be read once as
/// PlanOfRecordStore indexes it (its bytes hashed as they are read) and its rows read again
/// by account. (JSON is read whole: the slower path, kept for a plan of record written as JSON.)
io::PlanOfRecordStore::Input plan_input(const std::string& option, const std::string& path, InputHashes& hashes) {
    io::PlanOfRecordStore::Input input;
    input.name = option;
    input.source = option + " " + path;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(option + ": cannot read " + path);
    // CSV or JSON: the first byte that is not a space, a line end or a byte-order mark.
    bool json = false;
    {
        char probe[65536];
        for (;;) {
            in.read(probe, sizeof probe);
            const std::string_view got(probe, static_cast<std::size_t>(in.gcount()));
            if (got.empty()) break;
            const std::size_t first = got.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
            if (first != std::string_view::npos) {
                json = got[first] == '[';
                break;
            }
        }
    }
    if (!json) {
        try {
            input.reader.emplace(path, input.source, io::Encoding::utf8, 0, hashes.hook(option));
        } catch (const InputError& e) {
            throw UsageError(e.what());
        }
        return input;
    }
    in.clear();
    in.seekg(0);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    hashes.whole(option, text);  // the manifest: the bytes that told CSV from JSON
    const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    io::TextTable& t = input.table.emplace();
    // JSON: [ {"k": "v" | number | null, ...}, ... ] (arrears' own output: no nesting).
    std::size_t i = first + 1, line = 1;
    for (std::size_t k = 0; k < first; ++k) line += text[k] == '\n';
    auto fail = [&](const std::string& why) {
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
    return input;
}

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
    const Settings settings = parse_settings(r);
    const Date since = option_date("--since", a.since);
    ExportSettings exports = parse_export_options(r.exports);
    check_map_names(exports, r);  // as recover: the columns read are the only ones decoded (§12)
    if (!r.manifest.empty()) check_manifest_text(r.arguments);
    // Each input hashed as it is read when the manifest or the workbook records what the run
    // used.
    InputHashes hashes(r.manifest, r.workbook);
    const io::OfficialHolidays official = option_holidays(r.holidays, &hashes);
    io::RunCalendars cal = io::run_calendars(settings.region, official, settings.closures);
    std::optional<Replan> replan;
    try {
        // The told collections standing go to the collection and Bacs files only when the bank
        // files already sent are named (--submitted): one decision, the engine's (§15, issue 30).
        replan.emplace(settings.options, since, std::move(cal.collection), std::move(cal.notice),
                       r.bank.submitted.empty() ? ToldCollections::left_out : ToldCollections::listed);
    } catch (const InputError& e) {
        throw UsageError(e.what());
    }

    // The outputs, checked and created (as temporary files) before the work, as recover's:
    // none may name an input or another output (§12 "Nothing is lost"); all are published
    // together only when the run has succeeded.
    const io::Format format = settings.format;
    NoticeArgs notices = r.notice;  // the notices (and --keep) as recover's; replan's own collection file
    notices.collections.clear();
    // --keep with only --collections: the kept columns are replan's collection file's (§13,
    // issue 30); `payers` finds them from the options as typed.
    if (!notices.any_output() && !r.notice.collections.empty()) notices.keep.clear();
    NoticeSource payers(r.notice, replan->recovery());
    payers.set_replan(since);
    BankSource bank(r.bank, r.notice, replan->recovery());
    payers.set_bank(bank);
    RunOutputs outputs;
    {
        std::vector<NamedPath> inputs = {
            {"--accounts", r.accounts},          {"--plan", a.plan},
            {"--plan-summary", a.plan_summary},  {"--ledger", r.ledger},
            {"--payments", r.payments},          {"--mandates", r.mandates},
            {"--holidays", r.holidays},          {"--letter-template", r.notice.letter_template},
            {"--guarantee", r.notice.guarantee}, {"--guarantee-cy", r.notice.guarantee_cy}};
        for (const std::string& path : r.bank.submitted) inputs.push_back({"--submitted", path});
        const bool no_output = r.schedule.empty() && r.summary.empty() && r.workbook.empty() &&
                               !r.notice.any_output() && r.bank.bacs.empty();
        const std::string schedule = no_output ? "-" : r.schedule;
        std::vector<NamedPath> paths = {
            {"--schedule", schedule},        {"--summary", r.summary},      {"--notices", r.notice.notices},
            {"--letters", r.notice.letters}, {"--notify", r.notice.notify}, {"--collections", r.notice.collections},
            {"--bacs", r.bank.bacs},         {"--workbook", r.workbook},    {"--manifest", r.manifest}};
        // The Notify file's parts and language files that exist, as recover checks them.
        for (std::string& part : notify_family(r.notice.notify)) paths.push_back({"--notify", std::move(part)});
        check_outputs(inputs, paths);
        if (!schedule.empty()) outputs.add<ResultTableOutput>(io::Table::schedule, format, "--schedule", schedule);
        if (!r.summary.empty()) outputs.add<ReplanSummaryOutput>(format, r.summary);
        if (!r.workbook.empty())  // §12 as recover's, with replan's summary, notices and collections (§15)
            outputs.add<WorkbookOutput>(
                r.workbook, payers, settings.options.notice_date,
                WorkbookSheets{!r.notice.notices.empty(), !r.notice.collections.empty(), /*replan=*/true});
        add_notice_outputs(notices, format, payers, hashes, outputs);
        if (!r.notice.collections.empty()) outputs.add<ReplanCollectionsOutput>(payers, format, r.notice.collections);
        add_bank_outputs(bank, payers, outputs);
        if (!r.manifest.empty()) outputs.add<ManifestOutput>(r.manifest, outputs);  // last: it describes the others
    }
    const std::vector<std::size_t> submitted_rows = bank.read_submitted(hashes);
    ThreadPool pool(settings.threads);
    // The plan of record indexed by account (its rows read again as each block's accounts
    // are replanned): the schedule, then the summary, each read and checked in turn.
    io::PlanOfRecordStore plan;
    try {
        plan.add_schedule(plan_input("--plan", a.plan, hashes), &pool);
        plan.add_summary(plan_input("--plan-summary", a.plan_summary, hashes), &pool);
    } catch (const InputError& e) {
        throw UsageError(e.what());
    }
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

    // A block at a time, as recover streams (recover.cpp, recover_stream): each block's plans of
    // record gathered on the pool's threads (by the account_id cells of its rows), each
    // accepted account replanned on them into `side` (by row) and each chunk formatted as it
    // is done; then, in input order on a task of the pool while the next block is read and
    // replanned, the block counted and written. Two sets of buffers take turns.
    struct Set {
        std::vector<AccountResult> results;
        std::vector<ReplanResult> side;
        std::vector<io::PlanOfRecordStore::Found> plans;
        std::vector<std::string_view> ids;
        std::array<StatsPart, max_chunks> parts;
    };
    std::array<Set, buffer_sets> sets;
    for (Set& set : sets) set.results.resize(io::BlockRecovery::block_rows);
    const Set* running = nullptr;  // the set being replanned
    io::BlockRecovery blocks(replan->recovery(), columns, r.accounts, attachments, pool, reader.estimated_rows(),
                             io::duplicate_index(reader, columns));
    blocks.set_recover([&](std::size_t i, const Account& account, AccountResult& out) {
        const io::PlanOfRecordStore::Found* found = &running->plans[i];
        io::PlanOfRecordStore::Found other;
        if (running->ids[i] != account.id) found = &(other = plan.find(account.id));  // (never, as accounts are read)
        ReplanResult& x = const_cast<Set*>(running)->side[i];
        if (found->bad.empty()) {
            (*replan)(account, found->plan, x);
        } else {  // §15: a plan row of it that could not be read is reported, and it goes to review
            Account copy = account;
            copy.reported.insert(copy.reported.end(), found->bad.begin(), found->bad.end());
            (*replan)(copy, found->plan, x);
        }
        out = std::move(x.result);  // (copied back when the chunk is done, with every row's)
    });
    // §15: an account of the plan of record whose row was rejected as read (a bad cell; not a
    // duplicate row, whose first row answers for the account) has the catch-up the plan of
    // record told it from E2 withdrawn, as one the engine rejects (Replan::rejected).
    blocks.set_rejected([&](std::size_t i, const AccountResult& result) {
        // Its plan of record was gathered by the id read from the same cell of the same row
        // (io::account_id_cell, as the row's reader reads it), so they are one id. Were they
        // not, the catch-up told this account would silently stay to be collected: stop.
        if (running->ids[i] != result.account_id)
            throw std::logic_error(fmt::format(
                "internal error: the accounts row rejected as account '{}' was read as account '{}' for its plan "
                "of record (row {} of its block of the pool)",
                result.account_id, running->ids[i], i));
        const_cast<Set*>(running)->side[i] = replan->rejected(result, running->plans[i].plan);
    });
    const bool summary_file = !r.summary.empty() && r.summary != "-";
    RunStats stats(summary_file ? 20 : std::numeric_limits<std::size_t>::max());
    io::TextTable table;
    std::vector<std::string> recalls;
    std::size_t changed = 0, on_course = 0;
    Money shortfall;
    Task<void> writing;
    // A block holds at most about a million cells, however wide the header (as recover's).
    const std::size_t rows_per_block = std::clamp<std::size_t>(
        (std::size_t{1} << 20) / std::max<std::size_t>(1, reader.header().size()), 1, io::BlockRecovery::block_rows);
    for (std::size_t k = 0; reader.next_block(table, rows_per_block); ++k) {
        const std::size_t slot = k % buffer_sets;
        Set& set = sets[slot];
        const std::size_t n = table.rows();
        const std::size_t chunks = io::BlockRecovery::chunks(n);
        set.ids.resize(n);
        for (std::size_t i = 0; i < n; ++i) set.ids[i] = io::account_id_cell(table, i, columns);
        set.side.assign(n, ReplanResult{});
        plan.gather(set.ids, set.plans, &pool);
        running = &set;
        blocks.run(table, set.results, [&](std::size_t c, std::size_t lo, std::size_t hi) {
            for (std::size_t i = lo; i < hi; ++i) {
                // Back into `side` for the outputs that read the replanned account (the summary,
                // the notices, the recalls): its id, summary (a rejection's location too) and
                // new bank details, not its schedule (only results[i]'s is written), which
                // would cost an allocation and a copy of every row an account.
                AccountResult& back = set.side[i].result;
                back.account_id = set.results[i].account_id;
                back.summary = set.results[i].summary;
                back.new_bank_details = set.results[i].new_bank_details;
                back.schedule.clear();
                // The plan of record of every account_id of the accounts file (rejected rows'
                // too) is not missing from it.
                if (set.results[i].account_id == set.ids[i])
                    plan.seen(set.plans[i]);
                else
                    plan.seen(set.results[i].account_id);
            }
            const Chunk chunk{slot,
                              c,
                              table,
                              blocks,
                              std::span<const AccountResult>(set.results.data(), n),
                              lo,
                              hi,
                              std::span<const ReplanResult>(set.side.data(), n)};
            outputs.format(chunk);
            set.parts[c].clear();
            set.parts[c].add(chunk.rows());
        });
        if (writing.valid()) writing.get();
        writing = pool.async([&, slot, n, chunks] {
            Set& done = sets[slot];
            for (std::size_t c = 0; c < chunks; ++c) stats.add(done.parts[c]);
            outputs.write(Block{slot, chunks, std::span<const AccountResult>(done.results.data(), n)});
            for (std::size_t i = 0; i < n; ++i) {
                const ReplanResult& x = done.side[i];
                if (x.changed) ++(*x.changed ? changed : on_course);
                if (x.shortfall && !x.kept) shortfall += *x.shortfall;
                for (const ChangedCollection& c : x.changes)
                    if (c.action == ChangeAction::withdraw && c.previous_amount > Money())
                        recalls.push_back(fmt::format("{}: recall the debit of £{} on {}", x.result.account_id,
                                                      grouped_money(c.previous_amount), to_string(c.collection_date)));
            }
        });
    }
    if (writing.valid()) writing.get();
    try {
        reader.check_unchanged();  // the rows and the manifest's hash are of one file
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--accounts: {}", e.what()));
    }
    std::vector<io::ReportedRow> skipped = attachments.finish();
    // The plan of record's rows that could not be read, in file order, then its accounts the
    // accounts file does not have.
    io::PlanOfRecordStore::Finished finished;
    try {
        finished = plan.finish(&pool);
    } catch (const InputError& e) {
        throw UsageError(e.what());
    }
    std::vector<std::string> reported;
    std::vector<io::ReportedRow> reported_rows;
    for (io::PlanProblem& p : finished.problems) {
        reported.push_back(p.message);
        reported_rows.push_back({p.summary ? a.plan_summary : a.plan, p.line, p.id, p.what, p.message});
    }
    for (const std::string& id : finished.missing) {
        const std::string why = "account " + id + " is not in the accounts file (" + r.accounts + ")";
        reported.push_back("--plan: " + why);
        reported_rows.push_back({a.plan, 0, id, why, "--plan: " + why});
    }
    reported_rows.insert(reported_rows.end(), skipped.begin(), skipped.end());

    // Every file complete on disk before any replaces its target; the manifest last.
    std::vector<InputRead> read{{r.accounts, stats.account_count(), hashes.hex("--accounts")},
                                {a.plan, plan.schedule_rows(), hashes.hex("--plan")},
                                {a.plan_summary, plan.summary_rows(), hashes.hex("--plan-summary")},
                                {r.ledger, ledger_rows, hashes.hex("--ledger")}};
    if (!r.payments.empty()) read.push_back({r.payments, payments_rows, hashes.hex("--payments")});
    if (!r.mandates.empty()) read.push_back({r.mandates, mandates_rows, hashes.hex("--mandates")});
    if (!r.holidays.empty()) read.push_back({r.holidays, std::nullopt, hashes.hex("--holidays")});
    if (!r.notice.letter_template.empty())
        read.push_back({r.notice.letter_template, std::nullopt, hashes.hex("--letter-template")});
    if (!r.notice.guarantee.empty()) read.push_back({r.notice.guarantee, std::nullopt, hashes.hex("--guarantee")});
    if (!r.notice.guarantee_cy.empty())
        read.push_back({r.notice.guarantee_cy, std::nullopt, hashes.hex("--guarantee-cy")});
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
    if ((!r.bank.bacs.empty() || !r.notice.collections.empty()) && r.bank.submitted.empty())
        report +=
            "the bank files hold the changed collections only: name the bank files already sent with "
            "--submitted to carry the told collections not yet sent\n";
    std::fputs(report.c_str(), stderr);
    return skipped.empty() && reported.empty() && output_reported.empty() && stats.rejected() == 0 ? exit_ok
                                                                                                   : exit_reported;
}

}  // namespace arrears::cli
