// `--bacs`, its details, and `--submitted` of `arrears recover` (see bank_files.hpp).
#include "bank_files.hpp"

#include "manifest.hpp"
#include "options.hpp"

#include <arrears/io/cells.hpp>
#include <arrears/io/file.hpp>
#include <arrears/notice.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <system_error>

namespace arrears::cli {

void add_bank_options(CLI::App& recover, BankArgs& a) {
    recover
        .add_option("--bacs", a.bacs,
                    "Write the Bacs Standard 18 file here: the collections processed in the 31 "
                    "days after --bacs-date, a contra per processing day (needs --sun, "
                    "--originator-sort-code, --originator-account, --originator-name, "
                    "--bacs-serial and the accounts columns sort_code, account_number, "
                    "account_name or name, reference)")
        ->type_name("FILE");
    recover.add_option("--sun", a.sun, "The council's Bacs Service User Number (six digits)")->type_name("NNNNNN");
    recover
        .add_option("--originator-sort-code", a.originator_sort_code,
                    "The sort code of the council's account the collections are paid into")
        ->type_name("NN-NN-NN");
    recover.add_option("--originator-account", a.originator_account, "The council's account number")
        ->type_name("NNNNNNNN");
    recover
        .add_option("--originator-name", a.originator_name,
                    "The council's name in the Bacs file (1-18 Bacs characters)")
        ->type_name("NAME");
    recover
        .add_option("--bacs-serial", a.bacs_serial,
                    "The file's submission serial (six letters or digits, not all zeros; Bacs refuses one "
                    "it has seen within three months)")
        ->type_name("XXXXXX");
    recover
        .add_option("--bacs-date", a.bacs_date, "The day the Bacs file is made for submission (default: --notice-date)")
        ->type_name("DATE");
    recover
        .add_option("--submitted", a.submitted,
                    "Bank files already sent (earlier --bacs files, --collections files in CSV or JSON): a "
                    "collection they hold goes into neither --bacs nor --collections, and is reported")
        ->type_name("FILE")
        ->expected(1, -1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

namespace {

// The bank files' scratch budget, as the collection file's.
constexpr std::size_t held_bacs_bytes = std::size_t{8} << 20;

std::string option_of(io::OriginatorField f) {
    switch (f) {
    case io::OriginatorField::sun:
        return "--sun";
    case io::OriginatorField::sort_code:
        return "--originator-sort-code";
    case io::OriginatorField::account:
        return "--originator-account";
    case io::OriginatorField::name:
        return "--originator-name";
    case io::OriginatorField::serial:
        return "--bacs-serial";
    }
    return {};
}

// "1,234.56"
std::string grouped(Money m) {
    std::string digits = m.to_string();
    const std::size_t sign = !digits.empty() && digits[0] == '-' ? 1 : 0;
    const std::size_t dot = std::min(digits.find('.'), digits.size());
    for (std::size_t i = dot; i > sign + 3; i -= 3) digits.insert(i - 3, 1, ',');
    return digits;
}

std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, 1, ',');
    return digits;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return grouped(n) + " " + std::string(n == 1 ? one : many);
}

// Calls f(row, told) for each collection of account row `i` of the chunk's block that goes
// to the bank: `recover`, each schedule row carrying recovery (§14); `replan`, each row of its
// collection file with something to collect (§15: `withdraw` rows are not in the Bacs file)
// at its new total — the changed collections, and the told collections standing as told
// (`told` true: a collection beyond the earlier Bacs file's 31 days reaches this one; the
// engine lists them only with --submitted, ToldCollections in arrears/replan.hpp).
template <class F>
void each_bank_row(const Chunk& chunk, std::size_t i, F&& f) {
    if (chunk.replans.empty()) {
        for (const ScheduleRow& row : chunk.results[i].schedule)
            if (row.recovery_amount > Money()) f(row, false);
        return;
    }
    for_each_collection(chunk.replans[i], [&](const ChangedCollection& c, bool told) {
        if (c.amount > Money())
            f(ScheduleRow{c.due_date, c.collection_date, c.regular_amount, c.recovery_amount, c.amount, Money()}, told);
    });
}

}  // namespace

BankSource::BankSource(const BankArgs& a, const NoticeArgs& notice, const Recovery& recovery)
    : args_(a), recovery_(recovery) {
    const std::pair<const char*, const std::string*> details[] = {{"--sun", &a.sun},
                                                                  {"--originator-sort-code", &a.originator_sort_code},
                                                                  {"--originator-account", &a.originator_account},
                                                                  {"--originator-name", &a.originator_name},
                                                                  {"--bacs-serial", &a.bacs_serial},
                                                                  {"--bacs-date", &a.bacs_date}};
    if (a.bacs.empty()) {
        for (const auto& [option, value] : details)
            if (!value->empty()) throw UsageError(fmt::format("{} needs --bacs FILE", option));
    } else {
        std::vector<std::string_view> missing;
        for (const auto& [option, value] : details)
            if (value->empty() && std::string_view(option) != "--bacs-date") missing.emplace_back(option);
        if (!missing.empty())
            throw UsageError(fmt::format("--bacs '{}' needs {} (the council's details in the Standard 18 file)", a.bacs,
                                         fmt::join(missing, ", ")));
        const Date date =
            a.bacs_date.empty() ? recovery.options().notice_date : option_date("--bacs-date", a.bacs_date);
        if (!a.bacs_date.empty() && !in_calendar_years(date))
            throw UsageError(
                fmt::format("--bacs-date '{}': {}", a.bacs_date, outside_calendar_years("the date", to_string(date))));
        try {
            originator_ = io::make_originator(a.sun, a.originator_sort_code, a.originator_account, a.originator_name,
                                              a.bacs_serial, date);
        } catch (const io::OriginatorError& e) {
            const std::string option = option_of(e.field());
            const std::string& typed = option == "--sun"                    ? a.sun
                                       : option == "--originator-sort-code" ? a.originator_sort_code
                                       : option == "--originator-account"   ? a.originator_account
                                       : option == "--originator-name"      ? a.originator_name
                                                                            : a.bacs_serial;
            throw UsageError(fmt::format("{} '{}': {}", option, typed, e.what()));
        }
    }
    if (!a.submitted.empty() && a.bacs.empty() && notice.collections.empty())
        throw UsageError("--submitted needs --bacs FILE or --collections FILE (the files it guards)");
}

std::vector<std::size_t> BankSource::read_submitted(InputHashes& hashes) {
    std::vector<std::size_t> rows;
    for (std::size_t k = 0; k < args_.submitted.size(); ++k) {
        const std::string& path = args_.submitted[k];
        try {
            // Read once, whole: the records and the manifest's hash are of the same bytes.
            const std::string text = io::read_whole_file(path, path, io::max_submitted_bytes, "a bank file");
            hashes.whole(submitted_hash_key(k), text);
            rows.push_back(submitted_.add_text(text, path, recovery_.collection_calendar()));
        } catch (const InputError& e) {
            throw UsageError(fmt::format("--submitted: {}", e.what()));
        }
    }
    submitted_.finish();
    return rows;
}

void BankSource::set_accounts(const AccountsFile& accounts) {
    const std::vector<std::string> header(accounts.header.begin(), accounts.header.end());
    columns_ = io::BankColumns::find(header);
    if (bacs())
        if (const std::string missing = columns_.missing(); !missing.empty())
            throw UsageError(
                fmt::format("--bacs: {} has no column {} (the payers' bank details; --map names "
                            "your export's own)",
                            accounts.path, missing));
    if (submitted_.has_bacs_records() && columns_.reference < 0)
        throw UsageError(
            fmt::format("--submitted: a Standard 18 file's debits are matched by reference, and {} "
                        "has no column reference",
                        accounts.path));
}

std::optional<io::SubmittedCollections::Earlier> BankSource::submitted(const Chunk& chunk, std::size_t account,
                                                                       const ScheduleRow& row, Date processing) const {
    std::string reference;
    if (columns_.reference >= 0 && submitted_.has_bacs_records() &&
        !io::check_reference(chunk.table.at(account, static_cast<std::size_t>(columns_.reference)), reference).empty())
        reference.clear();  // an unusable reference was never in a Standard 18 file
    return submitted_.find(chunk.results[account].account_id, reference, row.collection_date, processing,
                           row.total_amount);
}

io::BankCells BankSource::payee(const Chunk& chunk, std::size_t account) const {
    // The latest ADDACS transfer's new sort code and account number (§14 "Mandates"): the
    // account's mandate state, which recover --mandates gave its result (new_bank_details), or
    // a table of transfers given to use_transfers().
    const AccountResult& result = chunk.results[account];
    const io::TransferredDetails moved = transfers_
                                             ? transfers_->moved(result.account_id)
                                             : io::TransferredDetails{result.new_bank_details.sort_code_text(),
                                                                      result.new_bank_details.account_number_text()};
    return io::bank_cells(chunk.table, account, columns_, moved);
}

void add_bank_outputs(const BankSource& bank, const NoticeSource& payers, RunOutputs& outputs) {
    if (bank.guards()) outputs.add<SubmittedReport>(bank, payers);
    if (bank.bacs()) outputs.add<BacsOutput>(bank, payers);
}

// --submitted

void SubmittedReport::format(const Chunk& chunk) {
    std::vector<std::string>& out = lines_[chunk];
    out.clear();
    sent_as_told_[chunk] = 0;
    const Calendar& calendar = bank_.recovery().collection_calendar();
    std::vector<std::string_view> kept;
    for (std::size_t i = chunk.first; i < chunk.last; ++i) {
        if (!payers_.scheduled(chunk, i, kept)) continue;
        each_bank_row(chunk, i, [&](const ScheduleRow& row, bool told) {
            const auto earlier = bank_.submitted(chunk, i, row, working_day_before(calendar, row.collection_date));
            if (!earlier) return;
            // replan: a told collection already sent at its told amount is where it should be
            // (left out, counted, not a problem); sent at another amount it is a conflict.
            if (told && earlier->amount == row.total_amount) {
                ++sent_as_told_[chunk];
                return;
            }
            out.push_back(
                io::submitted_message(chunk.results[i].account_id, row.total_amount, row.collection_date, *earlier));
        });
    }
}

void SubmittedReport::write(const Block& block) {
    for (std::size_t c = 0; c < block.chunks; ++c) {
        for (std::string& line : lines_.at(block.slot, c)) reported_.push_back(std::move(line));
        sent_as_told_total_ += sent_as_told_.at(block.slot, c);
    }
}

std::vector<std::string> SubmittedReport::summary() const {
    if (!payers_.replan()) return {};
    return {fmt::format("{} told and unchanged already in a --submitted file: left out of this run's bank files",
                        plural(sent_as_told_total_, "collection", "collections"))};
}

// --bacs

BacsOutput::BacsOutput(const BankSource& bank, const NoticeSource& payers)
    : bank_(bank), payers_(payers), file_("--bacs", bank.args().bacs) {
    // Sorting by date holds the records until the end: beyond a few megabytes, in a scratch
    // file beside the output (a device or standard output: the system's temporary folder).
    const std::filesystem::path bytes = file_.bytes_path();
    std::error_code ec;
    const std::filesystem::path folder = bytes.empty() ? std::filesystem::temp_directory_path(ec) : bytes.parent_path();
    held_.emplace(folder.empty() ? std::string(".") : folder.string(), held_bacs_bytes);
}

void BacsOutput::format(const Chunk& chunk) {
    std::optional<io::BacsBatch>& batch = parts_[chunk];
    if (!batch)  // with --collections, that file reports collections on closed days
        batch.emplace(bank_.originator(), bank_.recovery().collection_calendar(), payers_.collections_path().empty(),
                      io::BacsBatch::Form::held);  // held until the end: the short form
    batch->clear();
    const Calendar& calendar = bank_.recovery().collection_calendar();
    // A collection dated after this is processed more than 31 days after --bacs-date (its
    // processing day is at most the calendar's longest closed run, and a day, before it): it
    // waits for a later run, counted without working its processing day out.
    const Date far = bank_.originator().date + date::days(31 + calendar.longest_closed_run() + 1);
    std::vector<io::BacsBatch::Due> due;
    std::vector<std::string_view> kept;
    for (std::size_t i = chunk.first; i < chunk.last; ++i) {
        if (!payers_.scheduled(chunk, i, kept)) continue;
        due.clear();
        each_bank_row(chunk, i, [&](const ScheduleRow& row, bool) {
            if (row.collection_date > far && !bank_.guards()) {
                ++batch->later;
                return;
            }
            const Date processing = working_day_before(calendar, row.collection_date);
            if (bank_.guards() && bank_.submitted(chunk, i, row, processing)) return;  // SubmittedReport says so
            due.push_back({row.collection_date, processing, row.total_amount});
        });
        if (!due.empty()) batch->add(chunk.results[i].account_id, due, bank_.payee(chunk, i));
    }
    // The details are checked and the records sorted and formatted (BacsBatch::finish) in
    // write(), on the task that writes the block while the next block is read: the reading
    // thread leaves the other core idle then, so that work costs the run less time there.
}

void BacsOutput::write(const Block& block) {
    for (std::size_t c = 0; c < block.chunks; ++c) {
        io::BacsBatch& batch = *parts_.at(block.slot, c);
        // (A debit beyond the record's 11 digits stops the run from here, once the next block
        // has been recovered: should that block stop it too, its error is the one reported.)
        batch.finish();
        for (std::string& line : batch.reported) reported_.push_back(std::move(line));
        later_ += batch.later;
        names_cut_ += batch.names_cut;
        left_out_ += batch.left_out;
        writing_to(file_, [&] { held_->add(batch.text, batch.runs); });
    }
}

void BacsOutput::finish(const RunRecord&) {
    std::FILE* f = file_.file();
    std::uint64_t unsynced = 0;
    writing_to(file_, [&] {
        io::BacsWriter writer(bank_.originator(), [&](std::string_view text) {
            if (!text.empty() && std::fwrite(text.data(), 1, text.size(), f) != text.size())
                throw io::WriteError(fmt::format("write failed: {}", std::strerror(errno)));
            if ((unsynced += text.size()) >= (64u << 20)) {
                file_.start_writeback();
                unsynced = 0;
            }
        });
        held_->drain([&](std::string_view text) { writer.held_records(text); });
        try {
            writer.finish();
        } catch (const InputError& e) {
            throw UsageError(fmt::format("--bacs '{}': {}", file_.path(), e.what()));
        }
        debits_ = writer.debits();
        days_ = writer.days();
        total_ = writer.total();
        first_day_ = writer.first_day();
        last_day_ = writer.last_day();
    });
    file_.finish();
}

void BacsOutput::describe(Manifest& manifest, const RunRecord&) const {
    manifest.output(file_.path(), file_.bytes_path(), debits_ + days_);
}

std::vector<std::string> BacsOutput::summary() const {
    const io::BacsOriginator& o = bank_.originator();
    std::vector<std::string> out;
    if (debits_ == 0)
        out.push_back(fmt::format("bacs file {}: no debit to submit (serial {})", file_.path(),
                                  std::string_view(o.serial.data(), o.serial.size())));
    else
        out.push_back(fmt::format("bacs file {}: {}, {}, processed {} to {} ({}; serial {})", file_.path(),
                                  plural(debits_, "debit", "debits"), grouped(total_), to_string(*first_day_),
                                  to_string(*last_day_), plural(days_, "contra", "contras"),
                                  std::string_view(o.serial.data(), o.serial.size())));
    out.push_back(fmt::format("  {} processed after {} left for a later run; {} cut to 18 characters",
                              plural(later_, "collection", "collections"), to_string(o.date + date::days(31)),
                              plural(names_cut_, "account name", "account names")));
    return out;
}

}  // namespace arrears::cli
