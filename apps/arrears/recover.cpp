// `arrears recover`: every option checked first (a usage error stops the run before anything
// is read or written), then the accounts streamed a block at a time through the recovery,
// the outputs written to temporary files and published only when the whole run succeeded.
#include "recover.hpp"

#include "manifest.hpp"
#include "notify_file.hpp"
#include "option_errors.hpp"
#include "options.hpp"
#include "output_files.hpp"
#include "progress.hpp"
#include "result_tables.hpp"
#include "run_output.hpp"
#include "run_summary.hpp"
#include "workbook.hpp"

#include <arrears/io/block_recovery.hpp>
#include <arrears/io/encoding.hpp>
#include <arrears/io/export_format.hpp>
#include <arrears/io/output.hpp>
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
  working days' notice the first changeable collection is 26 Jan 2026. Nobody pays double
  by default, so the recovery is 354.78 on 2 Feb, 2 Mar and 1 Apr 2026, each under the
  regular 532.17 (status extended: past the year's end). Add --cap 50% and it is 212.87
  on five collections to 2026-06-01; add --allow-double-payment instead and it is 532.17
  on each of 2 Feb and 2 Mar (status ok, warning double_payment).

Exit status: 0 every row processed; 1 finished, but some rows were rejected (see the
summary) or reported on stderr; 2 usage error or unreadable file, and nothing is written;
3 (should never be seen) some outputs were replaced and could not be put back: the message
names each and where its previous content is. A run stopped by a signal leaves every output
as it was and says so; the outputs of one run are replaced all together or not at all.)";

/// The recovery of the accounts `reader` gives, a block at a time. The duplicate index has
/// room for the ids of the whole file, estimated from the first rows, but never for more
/// than a row every 16 bytes (an accounts row with its four required cells is longer), so a
/// file whose first rows are blank lines cannot reserve more than its size warrants; an
/// estimate short of the rows only costs the index a growth.
io::BlockRecovery block_recovery(io::CsvReader& reader, const io::AccountColumns& columns, io::Attachments& attachments,
                                 const Recovery& recovery, ThreadPool& pool) {
    const std::size_t expected = std::min(reader.estimated_rows(), reader.size_bytes() / 16 + 16);
    return io::BlockRecovery(recovery, columns, reader.source(), attachments, pool, expected,
                             io::duplicate_index(reader, columns));
}

/// Streams the accounts file a block at a time: rows are parsed and recovered, and each
/// output's rows formatted, on `recover`'s threads; duplicates, ledger and payment rows, the
/// figures and the writing are handled in input order. Memory holds one block and 8 bytes an
/// account id (the duplicate index), whatever the portfolio's size, and the outputs are
/// identical for any thread count.
void recover_stream(io::CsvReader& reader, io::BlockRecovery& recover, RunOutputs& outputs, RunStats& stats,
                    bool progress) {
    constexpr std::size_t block = io::BlockRecovery::block_rows;
    io::TextTable table;
    // Two sets of results and figures: one block is written (a task of the pool) while the
    // next is recovered into the other.
    std::array<std::vector<AccountResult>, buffer_sets> results;
    for (auto& r : results) r.resize(block);
    std::array<std::array<StatsPart, max_chunks>, buffer_sets> parts;
    Progress shown(progress, reader.estimated_rows());  // before `writing`: a block still being written uses it
    Task<void> writing;

    // A block holds at most about a million cells, however wide the header.
    const std::size_t rows_per_block =
        std::clamp<std::size_t>((std::size_t{1} << 20) / std::max<std::size_t>(1, reader.header().size()), 1, block);
    for (std::size_t k = 0; reader.next_block(table, rows_per_block); ++k) {
        const std::size_t slot = k % buffer_sets;
        const std::size_t n = table.rows();
        const std::size_t chunks = io::BlockRecovery::chunks(n);
        // Parse, settle duplicates and attachments, recover; each chunk formatted as it is done.
        recover.run(table, results[slot], [&](std::size_t c, std::size_t lo, std::size_t hi) {
            const Chunk chunk{slot, c, table, recover, results[slot], lo, hi};
            outputs.format(chunk);
            parts[slot][c].clear();
            parts[slot][c].add(chunk.rows());
        });
        // In input order: count and write, while the next block is read and recovered
        if (writing.valid()) writing.get();
        writing = recover.pool().async([&, slot, n, chunks] {
            for (std::size_t c = 0; c < chunks; ++c) stats.add(parts[slot][c]);
            outputs.write(Block{slot, chunks, std::span<const AccountResult>(results[slot].data(), n)});
            shown.add(n);
        });
    }
    if (writing.valid()) writing.get();
    shown.stop();
}

/// The outputs `a` asks for, made (their temporary files created) in the order they are
/// written and published, the manifest last; with no output option at all, the schedule
/// goes to standard output (§12). First a UsageError, before anything is created, for an
/// output that names an input or another output (check_outputs).
void open_outputs(const RecoverArgs& a, io::Format format, const NoticeSource& payers, const BankSource& bank,
                  Date notice_date, InputHashes& hashes, RunOutputs& outputs) {
    std::vector<NamedPath> inputs = {
        {"--accounts", a.accounts},          {"--ledger", a.ledger},
        {"--payments", a.payments},          {"--mandates", a.mandates},
        {"--holidays", a.holidays},          {"--letter-template", a.notice.letter_template},
        {"--guarantee", a.notice.guarantee}, {"--guarantee-cy", a.notice.guarantee_cy}};
    for (const std::string& path : a.bank.submitted) inputs.push_back({"--submitted", path});
    const bool no_output =
        a.schedule.empty() && a.summary.empty() && a.workbook.empty() && !a.notice.any_output() && a.bank.bacs.empty();
    const std::string schedule = no_output ? "-" : a.schedule;
    std::vector<NamedPath> paths = {
        {"--schedule", schedule},        {"--summary", a.summary},      {"--notices", a.notice.notices},
        {"--letters", a.notice.letters}, {"--notify", a.notice.notify}, {"--collections", a.notice.collections},
        {"--bacs", a.bank.bacs},         {"--workbook", a.workbook},    {"--manifest", a.manifest}};
    // The Notify file's parts and language files (FILE-2.csv, FILE-cy.csv, ...) that exist
    // may be written over: checked like FILE itself (a new one cannot be an input).
    for (std::string& part : notify_family(a.notice.notify)) paths.push_back({"--notify", std::move(part)});
    check_outputs(inputs, paths);
    if (!schedule.empty()) outputs.add<ResultTableOutput>(io::Table::schedule, format, "--schedule", schedule);
    if (!a.summary.empty()) outputs.add<ResultTableOutput>(io::Table::summary, format, "--summary", a.summary);
    if (!a.workbook.empty())
        outputs.add<WorkbookOutput>(a.workbook, payers, notice_date,
                                    WorkbookSheets{!a.notice.notices.empty(), !a.notice.collections.empty()});
    add_notice_outputs(a.notice, format, payers, hashes, outputs);
    add_bank_outputs(bank, payers, outputs);
    if (!a.manifest.empty()) outputs.add<ManifestOutput>(a.manifest, outputs);  // last: it describes the others
}

/// True when `path` names a regular file (not a pipe, a terminal or nothing).
bool regular_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

// Every option in the order the help lists them, so the first bad value is the one reported;
// then Options::validate, the one place the options are checked against each other and
// against the rules (option_errors.cpp words what it finds with the options as typed).
Settings parse_settings(const RecoverArgs& a) {
    const bool outage = !a.options.text(option_index("--outage")).empty();
    if (outage == !a.ledger.empty())
        throw UsageError(outage ? "--outage and --ledger cannot be used together: give one of them"
                                : "one of --outage FROM..TO and --ledger FILE is required");
    Settings s;
    for (const auto& [group, name] : option_group_names) {
        a.options.parse(group, s.options);
        if (group == OptionGroup::notice) {  // the calendars: the command line's own options
            s.region = option_value("--region", a.region, [](const std::string& v) { return parse_region(v); });
            s.closures = option_closures(a.closures);
        }
    }
    s.format = option_value("--format", a.format, [](const std::string& v) { return io::parse_format(v); });
    s.threads = static_cast<unsigned>(option_int("--threads", a.threads, 0, 1024));
    validate_options(s.options, typed_fields(a.options));
    return s;
}

void check_manifest_text(std::span<const std::string> arguments) {
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& arg = arguments[i];
        const auto* bytes = reinterpret_cast<const unsigned char*>(arg.data());
        if (const std::size_t bad = io::invalid_utf8_at(bytes, arg.size()); bad != arg.size()) {
            std::string shown;
            for (unsigned char c : arg.substr(0, 200))
                shown += c >= 0x20 && c < 0x7F ? std::string(1, static_cast<char>(c)) : fmt::format("\\x{:02X}", c);
            throw UsageError(
                fmt::format("--manifest records the arguments as UTF-8 text, and argument {} ('{}{}') "
                            "is not UTF-8 (byte {}); rename the file or give another name",
                            i + 1, shown, arg.size() > 200 ? "..." : "", bad + 1));
        }
    }
}

namespace {

// `recover --help` grouped by purpose (the option table's groups, in their order): the
// table's options by their own group, the command line's own options by this list.
void group_recover_help(CLI::App& recover) {
    static constexpr std::pair<std::string_view, OptionGroup> own[] = {
        {"--accounts", OptionGroup::inputs},
        {"--ledger", OptionGroup::inputs},
        {"--payments", OptionGroup::inputs},
        {"--mandates", OptionGroup::inputs},
        {"--encoding", OptionGroup::inputs},
        {"--date-format", OptionGroup::inputs},
        {"--map", OptionGroup::inputs},
        {"--region", OptionGroup::notice},
        {"--holidays", OptionGroup::notice},
        {"--closures", OptionGroup::notice},
        {"--notices", OptionGroup::notices},
        {"--keep", OptionGroup::notices},
        {"--raw-csv", OptionGroup::notices},
        {"--letters", OptionGroup::notices},
        {"--letter-template", OptionGroup::notices},
        {"--guarantee", OptionGroup::notices},
        {"--guarantee-cy", OptionGroup::notices},
        {"--language", OptionGroup::notices},
        {"--notify", OptionGroup::notices},
        {"--collections", OptionGroup::bank_files},
        {"--bacs", OptionGroup::bank_files},
        {"--sun", OptionGroup::bank_files},
        {"--originator-sort-code", OptionGroup::bank_files},
        {"--originator-account", OptionGroup::bank_files},
        {"--originator-name", OptionGroup::bank_files},
        {"--bacs-serial", OptionGroup::bank_files},
        {"--bacs-date", OptionGroup::bank_files},
        {"--submitted", OptionGroup::bank_files},
        {"--schedule", OptionGroup::outputs},
        {"--summary", OptionGroup::outputs},
        {"--manifest", OptionGroup::outputs},
        {"--workbook", OptionGroup::outputs},
        {"--format", OptionGroup::outputs},
        {"--threads", OptionGroup::outputs}};
    for (CLI::Option* o : recover.get_options()) {
        const std::string name = o->get_name();
        for (const OptionSpec& s : option_table)
            if (s.cli == name) o->group(std::string(to_string(s.group)));
        for (const auto& [n, g] : own)
            if (n == name) o->group(std::string(to_string(g)));
    }
}

}  // namespace

CLI::App* add_recover_command(CLI::App& app, RecoverArgs& ra) {
    CLI::App* recover = app.add_subcommand("recover", "Work out arrears and write revised schedules and a summary");
    add_run_options(*recover, ra);
    recover->footer(recover_footer);
    return recover;
}

void add_run_options(CLI::App& command, RecoverArgs& ra) {
    CLI::App* recover = &command;
    recover
        ->add_option("--accounts", ra.accounts,
                     "accounts.csv: account_id, amount, frequency, first_due "
                     "[, day, end, skip, convention, first_amount, language] and the decisions "
                     "for one account [strategy, cap, min_recovery, no_double_payment, "
                     "past_end, skip_weeks, until, hold_until, review]")
        ->required()
        ->type_name("FILE");
    // The table's options group by group, each group followed by the command line's own.
    for (const auto& [group, name] : option_group_names) {
        ra.options.add(*recover, group);
        if (group == OptionGroup::inputs) {
            recover
                ->add_option("--ledger", ra.ledger,
                             "ledger.csv: account_id, due_date, amount, status, reason "
                             "(instead of --outage)")
                ->type_name("FILE");
            recover
                ->add_option("--payments", ra.payments, "payments.csv: account_id, date, amount (paid by other means)")
                ->type_name("FILE");
            recover
                ->add_option("--mandates", ra.mandates,
                             "mandates.csv (arrears mandates): account_id, effective_date, event[, reason, "
                             "new_sort_code, new_account_number]: a cancelled mandate cancels, a disputed one "
                             "is for review")
                ->type_name("FILE");
            add_export_options(*recover, ra.exports);
        } else if (group == OptionGroup::notices) {
            add_notice_options(*recover, ra.notice);  // (--collections among them: bank files)
        } else if (group == OptionGroup::outputs) {
            recover
                ->add_option("--schedule", ra.schedule,
                             "Write the revised schedule here (- for standard output, the "
                             "default when --summary is not given either)")
                ->type_name("FILE");
            recover->add_option("--summary", ra.summary, "Write the per-account summary here (- for standard output)")
                ->type_name("FILE");
            recover
                ->add_option("--manifest", ra.manifest,
                             "Write the audit record of this run here (JSON, written last): the "
                             "arguments, every file read and written with its SHA-256 and rows, "
                             "the accounts by status and the totals")
                ->type_name("FILE.json");
            recover
                ->add_option("--workbook", ra.workbook,
                             "Also write one Excel workbook: schedule, summary, cash flow "
                             "(with a chart), notices and collections (when asked for) and run "
                             "sheets; money as numbers, never a formula")
                ->type_name("FILE.xlsx");
            recover->add_option("--format", ra.format, "Output format: csv or json")
                ->type_name("csv|json")
                ->capture_default_str();
            recover
                ->add_option("--threads", ra.threads,
                             "Worker threads (0: every core); the output is the same for any number")
                ->type_name("N")
                ->default_str("0 (every core)");
        } else if (group == OptionGroup::notice) {
            recover
                ->add_option("--region", ra.region,
                             "Calendar for the notice period: england-and-wales, scotland, "
                             "northern-ireland (collections are on Bacs days, England and Wales)")
                ->type_name("REGION")
                ->capture_default_str();
            recover
                ->add_option("--holidays", ra.holidays,
                             "GOV.UK bank-holidays.json; replaces the rules for the years it covers")
                ->type_name("FILE");
            recover->add_option("--closures", ra.closures, "Extra non-working days, comma separated")
                ->type_name("DATE[,DATE...]")
                ->delimiter(',')
                ->expected(1)
                ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        } else if (group == OptionGroup::bank_files) {
            add_bank_options(*recover, ra.bank);  // §14 --bacs and its details, --submitted
        }
    }
    group_recover_help(*recover);
}

int run_recover(const RecoverArgs& a) {
    catch_fatal_signals("arrears recover");  // §12: a stopped run leaves no file of its own behind
    // Every option first, so a usage error stops the run before anything is read or written.
    const Settings settings = parse_settings(a);
    ExportSettings exports = parse_export_options(a.exports);
    check_map_names(exports, a);
    if (!a.manifest.empty()) check_manifest_text(a.arguments);
    const io::Format format = settings.format;
    // Each input hashed as it is read when the manifest or the workbook records what the run
    // used.
    InputHashes hashes(a.manifest, a.workbook);
    const io::OfficialHolidays official = option_holidays(a.holidays, &hashes);
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
    NoticeSource payers(a.notice, *recovery);
    BankSource bank(a.bank, a.notice, *recovery);
    payers.set_bank(bank);
    RunOutputs outputs;
    open_outputs(a, format, payers, bank, settings.options.notice_date, hashes, outputs);
    // The bank files sent before (§14 --submitted), read (and hashed) before the work: a file
    // that is none of them stops the run with nothing written.
    const std::vector<std::size_t> submitted_rows = bank.read_submitted(hashes);

    // Ledger, payments and mandates first, then the accounts stream past them. A regular
    // accounts file is opened meanwhile (scanned for NUL bytes, its first megabytes read); what
    // opening it throws is reported only after those were read, as before. (A pipe is opened
    // after them: they might be the same one.)
    std::future<io::CsvReader> accounts_opened;
    if ((!a.ledger.empty() || !a.payments.empty() || !a.mandates.empty()) && regular_file(a.accounts)) try {
            accounts_opened = std::async(std::launch::async, [&path = a.accounts, encoding = exports.encoding,
                                                              hook = hashes.hook("--accounts")] {
                return io::CsvReader(path, {}, encoding, 0, hook);
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
        io::CsvReader file = exports.open(option, path, nullptr, hashes.hook(std::string(option)));
        try {
            const std::size_t number = attachments.begin_file(kind, file.header(), path);
            // Room for its rows as the first rows measure them (a ledger of long rows does not
            // reserve, and have backed, room for rows it does not hold), never above a row
            // every 32 bytes (rows are rarely shorter).
            attachments.reserve(std::min(file.estimated_rows(), file.size_bytes() / 32 + 16));
            const std::size_t rows = attachments.add_blocks(
                number,
                [&](std::span<io::TextTable> blocks) {
                    return file.next_blocks(blocks, io::BlockRecovery::block_rows, pool);
                },
                pool);
            file.check_unchanged();  // the rows and the hash are of one file
            return rows;
        } catch (const InputError& e) {
            throw UsageError(fmt::format("{}: {}", option, e.what()));
        }
    };
    const std::size_t ledger_rows = hold("--ledger", a.ledger, io::Attachments::Kind::ledger);
    const std::size_t payments_rows = hold("--payments", a.payments, io::Attachments::Kind::payments);
    const std::size_t mandates_rows = hold("--mandates", a.mandates, io::Attachments::Kind::mandates);
    std::optional<io::CsvReader> reader;
    io::AccountColumns columns{};
    std::vector<std::string> accounts_header;  // the file's own names, before --map
    if (accounts_opened.valid())
        reader.emplace(exports.open("--accounts", a.accounts, accounts_opened, &accounts_header));
    else
        reader.emplace(exports.open("--accounts", a.accounts, &accounts_header, hashes.hook("--accounts")));
    exports.check_map();
    try {
        io::TextTable header_only;
        header_only.header = reader->header();
        columns = io::AccountColumns::find(header_only, a.accounts);
        columns.dates = exports.dates;
        const AccountsFile accounts{a.accounts, reader->header(), accounts_header};
        payers.set_accounts(accounts);
        bank.set_accounts(accounts);
        outputs.begin(accounts);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--accounts: {}", e.what()));
    }

    // Recover, write and gather the summary block by block. Rejected accounts are all listed
    // on stderr unless a summary file holds them; skipped ledger, payments and mandates rows
    // come first.
    const bool summary_file = !a.summary.empty() && a.summary != "-";
    RunStats stats(summary_file ? 20 : std::numeric_limits<std::size_t>::max());
    // The rows, the duplicates read again and the hash must be of one file (§12 --manifest).
    auto unchanged = [&] {
        try {
            reader->check_unchanged();
        } catch (const InputError& e) {
            throw UsageError(fmt::format("--accounts: {}", e.what()));
        }
    };
    try {
        io::BlockRecovery recover = block_recovery(*reader, columns, attachments, *recovery, pool);
        recover_stream(*reader, recover, outputs, stats, ::isatty(2) != 0);
    } catch (...) {
        unchanged();  // a file changed under the run can make a row read again differ: say that first
        throw;
    }
    unchanged();
    const std::vector<io::ReportedRow> reported = attachments.finish();
    std::vector<InputRead> read{{a.accounts, stats.account_count(), hashes.hex("--accounts")}};
    if (!a.ledger.empty()) read.push_back({a.ledger, ledger_rows, hashes.hex("--ledger")});
    if (!a.payments.empty()) read.push_back({a.payments, payments_rows, hashes.hex("--payments")});
    if (!a.mandates.empty()) read.push_back({a.mandates, mandates_rows, hashes.hex("--mandates")});
    if (!a.holidays.empty()) read.push_back({a.holidays, std::nullopt, hashes.hex("--holidays")});
    if (!a.notice.letter_template.empty())
        read.push_back({a.notice.letter_template, std::nullopt, hashes.hex("--letter-template")});
    if (!a.notice.guarantee.empty()) read.push_back({a.notice.guarantee, std::nullopt, hashes.hex("--guarantee")});
    if (!a.notice.guarantee_cy.empty())
        read.push_back({a.notice.guarantee_cy, std::nullopt, hashes.hex("--guarantee-cy")});
    for (std::size_t k = 0; k < a.bank.submitted.size(); ++k)
        read.push_back({a.bank.submitted[k], submitted_rows[k], hashes.hex(submitted_hash_key(k))});
    const RunRecord run{a.arguments, read, stats, reported};
    // Every file is complete on disk before any replaces its target.
    outputs.finish(run, &pool);
    outputs.publish();

    const std::vector<std::string> output_reported = outputs.reported();
    std::string report;
    for (const io::ReportedRow& m : reported) report += "skipped: " + m.message + "\n";
    for (const std::string& m : output_reported) report += m + "\n";
    report += stats.report(*recovery, a.summary);
    for (const std::string& line : outputs.summary()) report += line + "\n";
    std::fputs(report.c_str(), stderr);
    return reported.empty() && output_reported.empty() && stats.rejected() == 0 ? exit_ok : exit_reported;
}

}  // namespace arrears::cli
