// `arrears recover`: every option checked first (a usage error stops the run before anything
// is read or written), then the accounts streamed a block at a time through the recovery,
// the outputs written to temporary files and published only when the whole run succeeded.
#include "recover.hpp"

#include "option_errors.hpp"
#include "options.hpp"
#include "manifest.hpp"
#include "output_files.hpp"
#include "progress.hpp"
#include "run_summary.hpp"
#include "workbook.hpp"

#include <arrears/io/output.hpp>
#include <arrears/io/block_recovery.hpp>
#include <arrears/io/records.hpp>
#include <arrears/thread_pool.hpp>

#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <future>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <system_error>

namespace arrears::cli {
namespace {

constexpr const char* recover_footer = R"(Example (the worked example of the recovery rules, section 11):
  accounts.csv:
    account_id,amount,frequency,first_due
    A-1001,532.17,monthly,2025-04-01

  arrears recover --accounts accounts.csv --outage 2025-11-24..2026-01-09 \
                  --notice-date 2026-01-12 --schedule schedule.csv --summary summary.csv

  The collections of 1 Dec 2025 and 2 Jan 2026 were missed (arrears 1064.34); after 10
  working days' notice the first changeable collection is 26 Jan 2026, so schedule.csv
  has 2026-02-02 and 2026-03-02, each 532.17 regular + 532.17 recovery. Add --cap 50%
  and the recovery is 212.87 on five collections to 2026-06-01 (status extended); add
  --no-double-payment instead and it is 354.78 on 2 Feb, 2 Mar and 1 Apr 2026, so nobody
  pays double (status extended).

Exit status: 0 every row processed; 1 finished, but some rows were rejected (see the
summary) or reported on stderr; 2 usage error or unreadable file, and nothing is written.)";

/// Streams the accounts file a block at a time: rows are parsed and recovered, and the output
/// formatted, on `pool`'s threads; duplicates, ledger and payment rows and the writing are
/// handled in input order. Memory holds one block and 8 bytes an account id (the duplicate
/// index), whatever the portfolio's size, and the output is identical for any thread count.
template <class Consume>
void recover_stream(io::CsvReader& reader, const io::AccountColumns& columns, io::Attachments& attachments,
                    const Recovery& recovery, ThreadPool& pool, bool progress, io::Format format,
                    bool schedule, bool summary, NoticeOutputs& notices, Consume&& consume) {
    constexpr std::size_t block = io::BlockRecovery::block_rows;
    constexpr std::size_t chunks_per_block = io::BlockRecovery::chunks(block);
    // Room for the ids of the whole file, estimated from the first rows, but never for more
    // than a row every 16 bytes (an accounts row with its four required cells is longer), so a
    // file whose first rows are blank lines cannot reserve more than its size warrants; an
    // estimate short of the rows only costs the index a growth.
    const std::size_t expected = std::min(reader.estimated_rows(), reader.size_bytes() / 16 + 16);
    io::BlockRecovery recover(recovery, columns, reader.source(), attachments, pool, expected,
                              io::duplicate_index(reader, columns));

    io::TextTable table;
    // Two sets of result buffers: one block is written (a task of the pool) while the next
    // is recovered into the other.
    struct Out {
        std::vector<AccountResult> results{block};
        std::vector<std::string> schedule_text{chunks_per_block}, summary_text{chunks_per_block};
        std::vector<StatsPart> stats{chunks_per_block};
    };
    std::array<Out, 2> outs;
    Progress shown(progress);  // before `writing`: a block still being written uses it
    Task<void> writing;

    // A block holds at most about a million cells, however wide the header.
    const std::size_t rows_per_block =
        std::clamp<std::size_t>((std::size_t{1} << 20) / std::max<std::size_t>(1, reader.header().size()), 1, block);
    for (std::size_t k = 0; reader.next_block(table, rows_per_block); ++k) {
        auto& [results, schedule_text, summary_text, stats] = outs[k % 2];
        const std::size_t n = table.rows();
        const std::size_t chunks = io::BlockRecovery::chunks(n);
        // Parse, settle duplicates and attachments, recover; each chunk formatted as it is done.
        recover.run(table, results, [&](std::size_t c, std::size_t lo, std::size_t hi) {
            const std::span<const AccountResult> part(results.data() + lo, hi - lo);
            schedule_text[c].clear();
            summary_text[c].clear();
            if (schedule) io::ResultWriter::format_rows(io::Table::schedule, format, part, schedule_text[c]);
            if (summary) io::ResultWriter::format_rows(io::Table::summary, format, part, summary_text[c]);
            notices.format_chunk(k % 2, c, table, recover, results, lo, hi);
            stats[c].clear();
            stats[c].add(part);
        });
        // In input order: write and count, while the next block is read and recovered
        if (writing.valid()) writing.get();
        writing = pool.async([&consume, &shown, &notices, k, n, chunks, &o = outs[k % 2]] {
            consume(std::span<const AccountResult>(o.results.data(), n),
                    std::span<const std::string>(o.schedule_text.data(), chunks),
                    std::span<const std::string>(o.summary_text.data(), chunks),
                    std::span<const StatsPart>(o.stats.data(), chunks));
            notices.consume(k % 2, chunks);
            shown.add(n);
        });
    }
    if (writing.valid()) writing.get();
    shown.stop();
}

/// True when `path` names a regular file (not a pipe, a terminal or nothing).
bool regular_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// The options of a run, parsed and checked.
struct Settings {
    Options options;
    Region region = Region::england_and_wales;
    std::vector<Date> closures;
    io::Format format{};
    unsigned threads = 0;
};

// Every option in the order the help lists them, so the first bad value is the one reported;
// then Options::validate, the one place the options are checked against each other and
// against the rules (option_errors.cpp words what it finds with the options as typed).
Settings parse_settings(const RecoverArgs& a) {
    if (a.outage.empty() == a.ledger.empty())
        throw UsageError(a.outage.empty() ? "one of --outage FROM..TO and --ledger FILE is required"
                                          : "--outage and --ledger cannot be used together: give one of them");
    Settings s;
    Options& o = s.options;
    o.notice_date = option_date("--notice-date", a.notice_date);
    o.notice_days = option_days("--notice-days", a.notice_days);
    o.postal_days = option_days("--postal-days", a.postal_days);
    if (!a.outage.empty()) o.outage = option_outage(a.outage);
    s.region = option_value("--region", a.region, [](const std::string& v) { return parse_region(v); });
    s.closures = option_closures(a.closures);
    o.year_start = option_value("--fy-start", a.fy_start, [](const std::string& v) { return YearStart::parse(v); });
    if (!a.until.empty()) o.until = option_date("--until", a.until);
    o.strategy = option_value("--strategy", a.strategy, [](const std::string& v) { return parse_strategy(v); });
    o.remainder = option_value("--remainder", a.remainder, [](const std::string& v) { return parse_remainder(v); });
    if (!a.cap.empty()) o.cap = option_value("--cap", a.cap, [](const std::string& v) { return Cap::parse(v); });
    o.extension = a.no_extend ? Extension::forbidden : Extension::allowed;
    o.when_none = option_value("--when-none", a.when_none, [](const std::string& v) { return parse_when_none(v); });
    apply_promise_options(a.promise, o);
    s.format = option_value("--format", a.format, [](const std::string& v) { return io::parse_format(v); });
    s.threads = static_cast<unsigned>(option_int("--threads", a.threads, 0, 1024));
    validate_options(o, typed_fields(a));
    return s;
}

}  // namespace

CLI::App* add_recover_command(CLI::App& app, RecoverArgs& ra) {
    CLI::App* recover = app.add_subcommand("recover", "Work out arrears and write revised schedules and a summary");
    recover->add_option("--accounts", ra.accounts, "accounts.csv: account_id, amount, frequency, first_due "
                                                   "[, day, end, skip, convention]")
        ->required()->type_name("FILE");
    recover->add_option("--outage", ra.outage, "Outage window: collections dated in it were missed")
        ->type_name("FROM..TO");
    recover->add_option("--ledger", ra.ledger, "ledger.csv: account_id, due_date, amount, status, reason "
                                               "(instead of --outage)")
        ->type_name("FILE");
    recover->add_option("--payments", ra.payments, "payments.csv: account_id, date, amount (paid by other means)")
        ->type_name("FILE");
    recover->add_option("--notice-date", ra.notice_date, "The date payers are told of the new amounts")
        ->required()->type_name("DATE");
    recover->add_option("--notice-days", ra.notice_days, "Working days of notice (the Direct Debit Guarantee)")
        ->type_name("N")->capture_default_str();
    recover->add_option("--postal-days", ra.postal_days, "Working days added for the post")
        ->type_name("N")->capture_default_str();
    recover->add_option("--region", ra.region, "Calendar for the notice period: england-and-wales, scotland, "
                                               "northern-ireland (collections are on Bacs days, England and Wales)")
        ->type_name("REGION")->capture_default_str();
    recover->add_option("--holidays", ra.holidays, "GOV.UK bank-holidays.json; replaces the rules for the years it covers")
        ->type_name("FILE");
    recover->add_option("--closures", ra.closures, "Extra non-working days, comma separated")
        ->type_name("DATE[,DATE...]")->delimiter(',')->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    recover->add_option("--fy-start", ra.fy_start, "Financial-year start (04-06 for the tax year)")
        ->type_name("MM-DD")->capture_default_str();
    recover->add_option("--until", ra.until, "Horizon: recover by this date instead of the financial year's end")
        ->type_name("DATE");
    recover->add_option("--strategy", ra.strategy, "spread over the remaining collections, or single (all on the first)")
        ->type_name("spread|single")->capture_default_str();
    recover->add_option("--remainder", ra.remainder, "Where the odd pennies go: first, last, whole-pounds (Council Tax)")
        ->type_name("RULE")->capture_default_str();
    recover->add_option("--cap", ra.cap, "Most recovery per collection: an amount (25.00) or a percentage of the "
                                         "regular amount (50%)")
        ->type_name("AMOUNT|PCT%");
    recover->add_flag("--no-extend", ra.no_extend, "Never recover past the horizon: such accounts go to review");
    recover->add_option("--when-none", ra.when_none, "No collection before the horizon: next-year, single or review")
        ->type_name("RULE")->capture_default_str();
    add_promise_options(*recover, ra.promise);
    recover->add_option("--schedule", ra.schedule, "Write the revised schedule here (- for standard output, the "
                                                   "default when --summary is not given either)")
        ->type_name("FILE");
    recover->add_option("--summary", ra.summary, "Write the per-account summary here (- for standard output)")->type_name("FILE");
    recover->add_option("--manifest", ra.manifest, "Write the audit record of this run here (JSON, written last): the "
                                                   "arguments, every file read and written with its SHA-256 and rows, "
                                                   "the accounts by status and the totals")
        ->type_name("FILE.json");
    recover->add_option("--workbook", ra.workbook, "Also write one Excel workbook: schedule, summary and cash flow "
                                                   "sheets, money as numbers")->type_name("FILE.xlsx");
    recover->add_option("--format", ra.format, "Output format: csv or json")->type_name("csv|json")->capture_default_str();
    recover->add_option("--threads", ra.threads, "Worker threads (0: every core); the output is the same for any number")
        ->type_name("N")->default_str("0 (every core)");
    add_export_options(*recover, ra.exports);
    add_notice_options(*recover, ra.notice);
    recover->footer(recover_footer);
    return recover;
}

int run_recover(const RecoverArgs& a) {
    // Every option first, so a usage error stops the run before anything is read or written.
    const Settings settings = parse_settings(a);
    ExportSettings exports = parse_export_options(a.exports);
    const io::Format format = settings.format;
    const io::OfficialHolidays official = option_holidays(a.holidays);
    const std::array<Region, 2> divisions{Region::england_and_wales, settings.region};  // collections, notice
    warn_stale_list(official, divisions, a.holidays);
    io::RunCalendars cal = io::run_calendars(settings.region, official, settings.closures);
    // The options were validated above; the calendars may still refuse (a usage error too).
    std::optional<Recovery> recovery;
    try {
        recovery.emplace(settings.options, std::move(cal.collection), std::move(cal.notice));
    } catch (const InputError& e) {
        throw UsageError(e.what());
    } catch (const std::out_of_range& e) {
        throw UsageError(e.what());
    }

    // Outputs are created (as temporary files) before the work, so an unwritable directory
    // is found at once; they replace their targets only after everything has succeeded.
    const NamedPath inputs[] = {{"--accounts", a.accounts}, {"--ledger", a.ledger}, {"--payments", a.payments},
                                {"--holidays", a.holidays}, {"--letter-template", a.notice.letter_template}};
    // With no output option at all, the schedule goes to standard output (§12).
    const bool no_output = a.schedule.empty() && a.summary.empty() && a.workbook.empty() && !a.notice.any_output();
    const std::string schedule_path = no_output ? "-" : a.schedule;
    const NamedPath outputs[] = {{"--schedule", schedule_path},    {"--summary", a.summary},
                                 {"--notices", a.notice.notices},   {"--letters", a.notice.letters},
                                 {"--collections", a.notice.collections}, {"--workbook", a.workbook},
                                 {"--manifest", a.manifest}};
    check_outputs(inputs, outputs);
    std::optional<OutputFile> schedule_out, summary_out;
    if (!a.schedule.empty()) schedule_out.emplace("--schedule", a.schedule);
    if (!a.summary.empty()) summary_out.emplace("--summary", a.summary);
    if (no_output) schedule_out.emplace("--schedule", "-");
    std::optional<Workbook> workbook;
    if (!a.workbook.empty()) workbook.emplace("--workbook", a.workbook);
    NoticeOutputs notices(a.notice, format, *recovery);
    std::optional<OutputFile> manifest_out;
    if (!a.manifest.empty()) manifest_out.emplace("--manifest", a.manifest);

    // Ledger and payments first, then the accounts stream past them. A regular accounts file
    // is opened meanwhile (scanned for NUL bytes, its first megabytes read); what opening it
    // throws is reported only after the ledger and payments were read, as before. (A pipe is
    // opened after them: they might be the same one.)
    std::future<io::CsvReader> accounts_opened;
    if ((!a.ledger.empty() || !a.payments.empty()) && regular_file(a.accounts)) try {
            accounts_opened = std::async(std::launch::async, [&path = a.accounts, encoding = exports.encoding] {
                return io::CsvReader(path, {}, encoding);
            });
        } catch (const std::system_error&) {  // (no thread to be had: opened after them)
        }
    ThreadPool pool(settings.threads);  // the run's threads, made once
    io::Attachments attachments;
    attachments.set_date_format(exports.dates);
    // Read a block a thread at a time (split into rows and parsed on every thread, one set of
    // blocks held while the next is read) and held compactly.
    auto hold = [&](std::string_view option, const std::string& path, io::Attachments::Kind kind) -> std::size_t {
        if (path.empty()) return 0;
        io::CsvReader file = exports.open(option, path);
        try {
            const std::size_t number = attachments.begin_file(kind, file.header(), path);
            // Room for its rows as the first rows measure them (a ledger of long rows does not
            // reserve, and have backed, room for rows it does not hold), never above a row
            // every 32 bytes (rows are rarely shorter).
            attachments.reserve(std::min(file.estimated_rows(), file.size_bytes() / 32 + 16));
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
    const std::size_t ledger_rows = hold("--ledger", a.ledger, io::Attachments::Kind::ledger);
    const std::size_t payments_rows = hold("--payments", a.payments, io::Attachments::Kind::payments);
    std::optional<io::CsvReader> reader;
    io::AccountColumns columns{};
    std::vector<std::string> accounts_header;  // the file's own names, before --map
    if (accounts_opened.valid())
        reader.emplace(exports.open("--accounts", a.accounts, accounts_opened, &accounts_header));
    else
        reader.emplace(exports.open("--accounts", a.accounts, &accounts_header));
    exports.check_map();
    try {
        io::TextTable header_only;
        header_only.header = reader->header();
        columns = io::AccountColumns::find(header_only, a.accounts);
        columns.dates = exports.dates;
        notices.set_accounts(accounts_header, a.accounts);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--accounts: {}", e.what()));
    }

    // Recover, write and gather the summary block by block. Rejected accounts are all listed
    // on stderr unless a summary file holds them; skipped ledger and payments rows come first.
    const bool summary_file = summary_out && summary_out->path() != "-";
    RunStats stats(summary_file ? 20 : std::numeric_limits<std::size_t>::max());
    std::optional<io::ResultWriter> schedule_writer, summary_writer;
    if (schedule_out) schedule_writer.emplace(io::Table::schedule, format, schedule_out->file());
    if (summary_out) summary_writer.emplace(io::Table::summary, format, summary_out->file());
    recover_stream(*reader, columns, attachments, *recovery, pool, ::isatty(2) != 0, format,
                   schedule_writer.has_value(), summary_writer.has_value(), notices,
                   [&](std::span<const AccountResult> block, std::span<const std::string> schedule_text,
                       std::span<const std::string> summary_text, std::span<const StatsPart> parts) {
                       if (schedule_writer)
                           writing_to(*schedule_out, [&] {
                               for (const std::string& t : schedule_text) schedule_writer->append(t);
                           });
                       if (summary_writer)
                           writing_to(*summary_out, [&] {
                               for (const std::string& t : summary_text) summary_writer->append(t);
                           });
                       for (const StatsPart& part : parts) stats.add(part);
                       if (workbook) workbook->add(block);
                       if (schedule_out) schedule_out->start_writeback();
                       if (summary_out) summary_out->start_writeback();
                   });
    if (schedule_writer) writing_to(*schedule_out, [&] { schedule_writer->finish(); });
    if (summary_writer) writing_to(*summary_out, [&] { summary_writer->finish(); });
    const std::vector<std::string> reported = attachments.finish();
    // Every file is complete on disk before any replaces its target.
    if (schedule_out) schedule_out->finish();
    if (summary_out) summary_out->finish();
    if (workbook) workbook->finish(stats.by_month());
    notices.finish();
    if (manifest_out) {
        Manifest manifest(a.arguments);
        manifest.input(a.accounts, stats.account_count());
        if (!a.ledger.empty()) manifest.input(a.ledger, ledger_rows);
        if (!a.payments.empty()) manifest.input(a.payments, payments_rows);
        if (!a.holidays.empty()) manifest.input(a.holidays, std::nullopt);
        if (!a.notice.letter_template.empty()) manifest.input(a.notice.letter_template, std::nullopt);
        if (schedule_out) manifest.output(schedule_out->path(), schedule_out->bytes_path(), stats.schedule_rows());
        if (summary_out) manifest.output(summary_out->path(), summary_out->bytes_path(), stats.account_count());
        if (workbook) manifest.output(workbook->path(), workbook->bytes_path(), workbook->data_rows());
        notices.describe(manifest, stats.scheduled_accounts(), stats.recovery_collections());
        manifest.results(stats.by_status(), stats.total_arrears(), stats.scheduled());
        const std::string text = manifest.json();
        if (std::fwrite(text.data(), 1, text.size(), manifest_out->file()) != text.size())
            throw UsageError(fmt::format("--manifest '{}': cannot write", a.manifest));
        manifest_out->finish();
    }
    {
        // Every output is complete on disk; from the first rename to the last (the manifest),
        // SIGINT and SIGTERM wait.
        const SignalsHeld held;
        if (schedule_out) schedule_out->publish();
        if (summary_out) summary_out->publish();
        if (workbook) workbook->publish();
        notices.publish();
        if (manifest_out) manifest_out->publish();
    }

    std::string report;
    for (const std::string& m : reported) report += "skipped: " + m + "\n";
    for (const std::string& m : notices.reported()) report += m + "\n";
    report += stats.report(*recovery, summary_out ? summary_out->path() : "");
    std::fputs(report.c_str(), stderr);
    return reported.empty() && notices.reported().empty() && stats.rejected() == 0 ? exit_ok : exit_reported;
}

}  // namespace arrears::cli
