// The bank's own format (recovery-rules §14): `--bacs FILE`, a Bacs Standard 18 multi-day
// file of the collections whose processing day falls in the 31 days after `--bacs-date`,
// with the council's details (`--sun`, `--originator-*`, `--bacs-serial`); and
// `--submitted FILE...`, the bank files sent before, so that a collection already in one
// goes into neither `--bacs` nor `--collections` and a conflicting one is reported. The
// payer's details come from the accounts columns `sort_code`, `account_number`,
// `account_name` (or `name`) and `reference`.
#pragma once

#include "notice_files.hpp"
#include "run_output.hpp"

#include <arrears/io/bacs.hpp>
#include <arrears/io/detail/spilled_buckets.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace arrears::cli {

/// The options as typed.
struct BankArgs {
    std::string bacs, sun, originator_sort_code, originator_account, originator_name, bacs_serial, bacs_date;
    std::vector<std::string> submitted;
};

/// Adds --bacs, --sun, --originator-sort-code, --originator-account, --originator-name,
/// --bacs-serial, --bacs-date and --submitted to `recover`.
void add_bank_options(CLI::App& recover, BankArgs& args);

/// The key of the k-th --submitted file's hash in InputHashes (one option, several files).
inline std::string submitted_hash_key(std::size_t k) { return "--submitted " + std::to_string(k); }

/// What the bank files read besides the results: the council's details, the earlier
/// submissions, and each account's bank details from the accounts file.
class BankSource {
public:
    /// Checks the options (UsageError naming the option): --bacs needs --sun,
    /// --originator-sort-code, --originator-account, --originator-name and --bacs-serial,
    /// which need it; --submitted needs --bacs or --collections. `notice_date` is
    /// --bacs-date's default.
    BankSource(const BankArgs& args, const NoticeArgs& notice, const Recovery& recovery);

    /// Reads the --submitted files (UsageError naming the file; each at most
    /// io::max_submitted_bytes), each hashed into `hashes` as submitted_hash_key(k) (the
    /// manifest). Returns each file's data records, for the manifest.
    std::vector<std::size_t> read_submitted(InputHashes& hashes);
    /// New bank details from ADDACS transfers (recovery-rules §14 "Mandates"), replacing the
    /// accounts file's for the Bacs file; kept, not copied. Before the run. Without it each
    /// account's own mandate state gives them (recover --mandates: AccountResult's
    /// new_bank_details).
    void use_transfers(const io::BankTransfers& transfers) { transfers_ = &transfers; }
    /// The accounts file's header is known: finds the bank columns (UsageError when --bacs
    /// needs one it lacks, or a Standard 18 file of --submitted needs `reference`).
    void set_accounts(const AccountsFile& accounts);

    [[nodiscard]] const BankArgs& args() const noexcept { return args_; }
    [[nodiscard]] bool bacs() const noexcept { return originator_.has_value(); }
    [[nodiscard]] const io::BacsOriginator& originator() const { return *originator_; }
    [[nodiscard]] const Recovery& recovery() const noexcept { return recovery_; }
    /// True when --submitted names files: collections are checked against them.
    [[nodiscard]] bool guards() const noexcept { return !args_.submitted.empty(); }

    /// The earlier debit, in a --submitted file, of collection `row` of account row `account`
    /// of the chunk's block (processed on `processing`), or none.
    [[nodiscard]] std::optional<io::SubmittedCollections::Earlier> submitted(const Chunk& chunk, std::size_t account,
                                                                             const ScheduleRow& row,
                                                                             Date processing) const;
    /// The bank details of account row `account` of the chunk's block as found, for
    /// io::BacsBatch to check (io::bank_cells): views into the block and its results, valid
    /// during format() only (BacsBatch::add copies them).
    io::BankCells payee(const Chunk& chunk, std::size_t account) const;

private:
    const BankArgs& args_;
    const Recovery& recovery_;
    std::optional<io::BacsOriginator> originator_;
    io::SubmittedCollections submitted_;
    io::BankColumns columns_;
    const io::BankTransfers* transfers_ = nullptr;
};

/// Adds the bank outputs asked for to `outputs`: the report of collections already
/// submitted (when --submitted is given), then --bacs.
void add_bank_outputs(const BankSource& bank, const NoticeSource& payers, RunOutputs& outputs);

/// `--submitted`'s report: each collection of the run that a --submitted file already holds,
/// with the same amount (left out of this run's --bacs and --collections) or another one (a
/// conflict: the earlier debit must be recalled first). In `replan` a told collection standing
/// as told that was sent at its told amount is only counted (§15: it is where it should be).
/// No file of its own.
class SubmittedReport final : public RunOutput {
public:
    SubmittedReport(const BankSource& bank, const NoticeSource& payers) : bank_(bank), payers_(payers) {}
    void format(const Chunk& chunk) override;
    void write(const Block& block) override;
    void finish(const RunRecord&) override {}
    void describe(Manifest&, const RunRecord&) const override {}
    void files(std::vector<OutputFile*>&) override {}
    [[nodiscard]] std::span<const std::string> reported() const override { return reported_; }
    /// Each reported collection is in neither bank file, nor is each told one sent as told
    /// (summary() counts those): the workbook's run sheet counts them all.
    [[nodiscard]] std::size_t left_out() const override { return reported_.size() + sent_as_told_total_; }
    /// `replan`: the told collections standing as told that a --submitted file holds at that
    /// amount (left out of both bank files without a report: they were sent as told).
    [[nodiscard]] std::vector<std::string> summary() const override;

private:
    const BankSource& bank_;
    const NoticeSource& payers_;
    ChunkBuffers<std::vector<std::string>> lines_;
    ChunkBuffers<std::size_t> sent_as_told_;
    std::vector<std::string> reported_;
    std::size_t sent_as_told_total_ = 0;
};

/// `--bacs`: the Standard 18 file (io::BacsWriter), its records sorted by collection date
/// then input order as the collection file is (held beyond 8 MiB in a scratch file beside
/// it), a contra after each processing day's. Collections without usable bank details, or
/// processed on or before --bacs-date, are reported; those processed more than 31 days
/// after it are counted for a later run.
class BacsOutput final : public RunOutput {
public:
    BacsOutput(const BankSource& bank, const NoticeSource& payers);
    void format(const Chunk& chunk) override;
    void write(const Block& block) override;
    void finish(const RunRecord& run) override;
    /// Rows: the data records (the debits and the contras).
    void describe(Manifest& manifest, const RunRecord& run) const override;
    void files(std::vector<OutputFile*>& out) override { out.push_back(&file_); }
    [[nodiscard]] std::span<const std::string> reported() const override { return reported_; }
    [[nodiscard]] std::vector<std::string> summary() const override;
    /// Accounts whose name was cut to 18 characters in the file (the workbook's run sheet).
    [[nodiscard]] std::size_t names_cut() const noexcept { return names_cut_; }
    /// Collections processed after the file's 31 days, left for a later run.
    [[nodiscard]] std::size_t later() const noexcept { return later_; }
    /// Collections reported and not in the file: processed too soon for it, or without
    /// usable bank details.
    [[nodiscard]] std::size_t left_out() const override { return left_out_; }

private:
    const BankSource& bank_;
    const NoticeSource& payers_;
    OutputFile file_;
    std::optional<io::detail::SpilledBuckets> held_;
    ChunkBuffers<std::optional<io::BacsBatch>> parts_;  // each chunk's records, made on its thread
    std::vector<std::string> reported_;
    std::size_t later_ = 0, names_cut_ = 0, left_out_ = 0, debits_ = 0, days_ = 0;
    Money total_;
    std::optional<Date> first_day_, last_day_;
};

}  // namespace arrears::cli
