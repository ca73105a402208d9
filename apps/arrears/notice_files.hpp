// The outputs of `arrears recover` that tell the payers and the bank (recovery-rules §13,
// §14): `--notices`, `--letters` (from `--letter-template`), `--collections`, each with the
// `--keep` columns of the accounts file. Rows are formatted per chunk on the worker threads
// as the accounts stream past and written in input order (the collection file, sorted by
// collection date, at the end), so the files are the same for any number of threads.
#pragma once

#include "held_collections.hpp"
#include "run_output.hpp"

#include <arrears/io/letters.hpp>
#include <arrears/io/notices.hpp>
#include <arrears/io/output.hpp>

#include <CLI/CLI.hpp>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace arrears::cli {

class BankSource;
class InputHashes;

/// The options as typed.
struct NoticeArgs {
    std::string notices, letters, letter_template, guarantee, guarantee_cy, language = "en", collections;
    std::string notify;  ///< --notify FILE.csv: the GOV.UK Notify bulk letter upload (§13)
    std::vector<std::string> keep;
    bool raw_csv = false;  ///< --raw-csv: the notices CSV's text cells exactly, formulas and all
    [[nodiscard]] bool any_output() const {
        return !notices.empty() || !letters.empty() || !collections.empty() || !notify.empty();
    }
};

/// Adds --notices, --keep, --letters, --letter-template, --language, --guarantee, --guarantee-cy,
/// --notify and --collections to `recover`.
void add_notice_options(CLI::App& recover, NoticeArgs& args);

/// What the outputs that tell payers and the bank read besides the results: the accounts
/// file's kept columns (`--keep`, found once for all of them) and each account's notice.
class NoticeSource {
public:
    NoticeSource(const NoticeArgs& args, const Recovery& recovery) : args_(args), recovery_(recovery) {}
    /// The accounts file's header is known: finds the kept columns among its own names
    /// (UsageError), when any of these outputs is asked for. Before RunOutputs::begin().
    void set_accounts(const AccountsFile& accounts);

    /// The bank files' source (`--submitted` guards the collection file too); before the run.
    void set_bank(const BankSource& bank) { bank_ = &bank; }
    [[nodiscard]] const BankSource* bank() const noexcept { return bank_; }
    /// `--collections` as typed (empty: not asked for).
    [[nodiscard]] const std::string& collections_path() const noexcept { return args_.collections; }

    [[nodiscard]] const io::KeptColumns& kept() const noexcept { return kept_; }
    /// The run's language (`--language`) and, when the accounts file has a `language` column
    /// (§13), each payer's: the column's cell when not empty (checked when the row was read,
    /// io::parse_account_row), else the run's.
    [[nodiscard]] io::Language language() const noexcept { return language_; }
    [[nodiscard]] io::Language language(const Chunk& chunk, std::size_t row) const;
    /// True when Welsh is asked for (§13): `--language cy` or `cy+en`, or a `language`
    /// column in the accounts file. The notices then gain their `_cy` columns and the Notify
    /// file its `_cy` twins.
    [[nodiscard]] bool welsh() const noexcept { return language_ != io::Language::en || language_column_ >= 0; }
    /// The accounts file as given (for messages), once set_accounts() has run.
    [[nodiscard]] std::string_view accounts_path() const noexcept { return accounts_path_; }
    [[nodiscard]] const Recovery& recovery() const noexcept { return recovery_; }
    /// True unless --raw-csv: the notices CSV guards text that a spreadsheet would run (§12).
    [[nodiscard]] bool neutralise() const noexcept { return !args_.raw_csv; }
    /// `arrears replan` (§15): the notices are those of the changed accounts, and the bank
    /// files carry the changed collections (Chunk::replans); `since` is N1. Before the run.
    void set_replan(Date since) { replan_since_ = since; }
    [[nodiscard]] bool replan() const noexcept { return replan_since_.has_value(); }

    /// True when row `row` of the chunk's block has collections to tell the payer and the
    /// bank about — `recover`: an ok/extended account; `replan`: an account with changed
    /// collections (any status: §15's withdraw/regular rows) or told ones still to go to the
    /// bank (ReplanResult::unchanged) — its kept cells then in `kept`.
    bool scheduled(const Chunk& chunk, std::size_t row, std::vector<std::string_view>& kept) const;
    /// §14 "Never a collection twice": true when collection `row` of account row `account` of
    /// the chunk's block (processed on `processing`) is in a `--submitted` file, at its amount
    /// or another (a conflict); always false without `--submitted`. Such a collection is in
    /// none of this run's `--collections`, the workbook's collections sheet and `--bacs`
    /// (SubmittedReport says why): the collection file and the workbook's sheet ask this; the
    /// Bacs file and SubmittedReport ask the same BankSource::submitted() it asks.
    bool already_submitted(const Chunk& chunk, std::size_t account, const ScheduleRow& row, Date processing) const;
    /// `recover` (§14): the rows of the collection file of account row `account` (kept cells
    /// `kept`, as scheduled() gave them) into `out` — each schedule row carrying recovery but
    /// those already_submitted. The collection file and the workbook's collections sheet are
    /// both made by this.
    void add_collections(const Chunk& chunk, std::size_t account, std::span<const std::string_view> kept,
                         HeldCollections::Part& out) const;
    /// The notice of row `row` of the chunk's block into `out` (its buffer reused); false
    /// when the account has none (make_notice; replan: only a changed ok, extended,
    /// no_arrears or in_credit account has one).
    /// Its `language` is the payer's (language(chunk, row)).
    bool notice(const Chunk& chunk, std::size_t row, Notice& out) const {
        out.language = io::language_name(language(chunk, row));
        if (replan_since_)
            return !chunk.replans.empty() &&
                   make_notice(chunk.replans[row], chunk.accounts.account(row), recovery_, *replan_since_, out);
        return make_notice(chunk.results[row], chunk.accounts.account(row), recovery_, out);
    }

private:
    const NoticeArgs& args_;
    const Recovery& recovery_;
    io::KeptColumns kept_;
    std::string accounts_path_;
    io::Language language_ = io::Language::en;
    int language_column_ = -1;  // the accounts file's `language` (after --map), -1: none
    const BankSource* bank_ = nullptr;
    std::optional<Date> replan_since_;
};

/// Checks the options (UsageError), reads the letter template and the guarantee (hashed into
/// `hashes`, at most io::max_template_bytes each) and adds the outputs asked
/// for to `outputs`: notices, letters, Notify, collections, in that order. Outputs that name inputs
/// or one another are check_outputs' to refuse, before this.
void add_notice_outputs(const NoticeArgs& args, io::Format format, const NoticeSource& source, InputHashes& hashes,
                        RunOutputs& outputs);

/// `--notices`: a row per ok/extended account whose schedule carries recovery (§13).
class NoticesOutput final : public RunOutput {
public:
    NoticesOutput(const NoticeSource& source, io::Format format, std::string path);
    void begin(const AccountsFile& accounts) override;
    void format(const Chunk& chunk) override;
    void write(const Block& block) override;
    void finish(const RunRecord& run) override;
    /// Rows: a notice per ok/extended account.
    void describe(Manifest& manifest, const RunRecord& run) const override;
    void files(std::vector<OutputFile*>& out) override { out.push_back(&file_); }

private:
    const NoticeSource& source_;
    io::Format format_;
    OutputFile file_;
    std::vector<std::string_view> columns_;
    io::Selection selection_ = io::notice_list.every_run();
    std::optional<io::ResultWriter> writer_;  // from begin()
    ChunkBuffers<std::string> text_;
    ChunkBuffers<std::size_t> count_;
    std::size_t rows_ = 0;  // written
};

/// `--letters`: a printable HTML letter per notice, from `--letter-template` or the
/// bundled one (§13).
class LettersOutput final : public RunOutput {
public:
    /// `template_text` and `template_path` empty: the bundled letter. `guarantee`: the
    /// `--guarantee` file's bytes (none: the letters show io::missing_guarantee, and begin()
    /// warns on standard error that they are not ready to send).
    LettersOutput(const NoticeSource& source, std::string path, std::string template_text, std::string template_path,
                  std::optional<std::string> guarantee, std::string guarantee_path, io::Language language,
                  std::optional<std::string> guarantee_cy, std::string guarantee_cy_path);
    void begin(const AccountsFile& accounts) override;
    void format(const Chunk& chunk) override;
    void write(const Block& block) override;
    void finish(const RunRecord& run) override;
    /// Rows: a letter per ok/extended account.
    void describe(Manifest& manifest, const RunRecord& run) const override;
    void files(std::vector<OutputFile*>& out) override { out.push_back(&file_); }

private:
    const NoticeSource& source_;
    OutputFile file_;
    std::string template_text_, template_path_;
    std::optional<std::string> guarantee_, guarantee_cy_;
    std::string guarantee_path_, guarantee_cy_path_;
    io::Language language_;
    std::vector<std::string_view> columns_;
    std::optional<io::Letters> letters_;  // from begin(): the run's language, or the template
    // The bundled letter in each language (by io::Language), for payers whose `language`
    // cell (§13) differs from the run's.
    std::array<std::optional<io::Letters>, 3> by_language_;
    ChunkBuffers<std::string> text_;
    ChunkBuffers<std::size_t> count_;
    std::size_t rows_ = 0;         // written
    ChunkBuffers<unsigned> used_;  // the languages a chunk's letters used (bits by io::Language)
    unsigned languages_used_ = 0;
};

/// `--collections`: each collection carrying recovery, with its processing and input-by
/// days, sorted by collection date then input order (§14); collections Bacs cannot take on
/// their day are reported; those a `--submitted` file holds are left out (SubmittedReport
/// reports them).
class CollectionsOutput final : public RunOutput {
public:
    CollectionsOutput(const NoticeSource& source, io::Format format, std::string path);
    void begin(const AccountsFile& accounts) override;
    void format(const Chunk& chunk) override;
    void write(const Block& block) override;
    void finish(const RunRecord& run) override;
    /// Rows: the collections carrying recovery.
    void describe(Manifest& manifest, const RunRecord& run) const override;
    void files(std::vector<OutputFile*>& out) override { out.push_back(&file_); }
    [[nodiscard]] std::span<const std::string> reported() const override { return reported_; }

private:
    const NoticeSource& source_;
    io::Format format_;
    OutputFile file_;
    std::vector<std::string_view> columns_;
    std::optional<io::ResultWriter> writer_;  // from begin()
    std::optional<HeldCollections> held_;
    ChunkBuffers<HeldCollections::Part> parts_;
    std::vector<std::string> reported_;
    std::size_t rows_ = 0;  // written
};

}  // namespace arrears::cli
