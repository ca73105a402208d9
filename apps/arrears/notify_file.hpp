// `arrears recover --notify FILE.csv`: the GOV.UK Notify bulk letter upload (recovery-rules
// §13; io/notify.hpp makes the rows). Always CSV whatever --format says. A notice whose
// address Notify would refuse is left out and reported (exit 1). At most io::notify_max_rows
// rows a file: more go to FILE-2.csv, FILE-3.csv, …, each with the header, published with
// the run's other outputs.
//
// Notify applies one letter template to an upload, so payers whose `language` (the accounts
// column, §13) is not the run's `--language` go to a file of their own, named by the
// language `arrears notify-template --language` takes: FILE-cy.csv, FILE-cy+en.csv,
// FILE-en.csv (its parts FILE-cy-2.csv, …). FILE.csv itself always holds the run's
// language (header only when no payer has it), so a one-language run writes just the file
// asked for, as before. Each is in the manifest.
//
// A file of FILE's family (FILE-N.csv, FILE-LANG.csv, FILE-LANG-N.csv) that exists and that
// the run does not write is refused at the end, before anything is published (exit 2,
// nothing written): left from an earlier, bigger run, it would be uploaded with this one's
// and send stale letters. It is refused rather than removed: the run did not make it, and
// the earlier run's manifest names it (§12: no run damages a previous output).
#pragma once

#include "notice_files.hpp"
#include "run_output.hpp"

#include <arrears/io/letters.hpp>
#include <arrears/io/notify.hpp>

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::cli {

/// The name of the `n`-th Notify file (from 1) of `path`: `path` itself, then `FILE-2.csv`
/// for `FILE.csv` (`FILE-2` for a name without an extension).
std::string notify_part_path(const std::string& path, std::size_t n);

/// The Notify file of payers whose language is `language` (`cy`, `cy+en`, `en`) when it is
/// not the run's: `FILE-cy.csv` for `FILE.csv`.
std::string notify_language_path(const std::string& path, std::string_view language);

/// The files of `path`'s family that exist now (FILE-N.csv for N >= 2, FILE-LANG.csv,
/// FILE-LANG-N.csv; `path` itself not included), in name order: what a run may write over,
/// so open_outputs checks them against the inputs, and what finish() refuses when the run
/// does not write them.
std::vector<std::string> notify_family(const std::string& path);

/// The rows a Notify file holds: io::notify_max_rows, or (a test hook, so the split can be
/// tested on a small input) the environment's ARREARS_TEST_NOTIFY_MAX_ROWS when it is a
/// whole number from 1 to io::notify_max_rows.
std::size_t notify_rows_limit();

/// `--notify`: a row per notice in Notify's bulk-letter form.
class NotifyOutput final : public RunOutput {
public:
    /// With Welsh asked for (NoticeSource::welsh()) each personalisation column gets its
    /// `_cy` twin.
    /// `language`: the run's (`--language`), whose payers go to `path` itself.
    NotifyOutput(const NoticeSource& source, std::string path, io::Language language);
    void begin(const AccountsFile& accounts) override;
    void format(const Chunk& chunk) override;
    void write(const Block& block) override;
    void finish(const RunRecord& run) override;
    /// Each file with its rows.
    void describe(Manifest& manifest, const RunRecord& run) const override;
    void files(std::vector<OutputFile*>& out) override;
    [[nodiscard]] std::span<const std::string> reported() const override { return reported_; }

private:
    static constexpr std::size_t languages = 3;  // by io::Language
    // A chunk's rows: by language, their CSV text and where each ends; the notices left out.
    struct Part {
        std::array<std::string, languages> text;
        std::array<std::vector<std::size_t>, languages> ends;
        std::vector<std::string> reported;
    };
    // The files of one language: the first, then its parts.
    struct Files {
        std::string path;  // the first's
        std::vector<std::unique_ptr<OutputFile>> files;
        std::vector<std::size_t> rows;  // by file
    };
    void put(Files& to, std::string_view text);
    void add_file(Files& to);

    const NoticeSource& source_;
    std::string path_;
    std::size_t limit_;
    io::Language language_;
    std::array<Files, languages> by_language_;  // the run's language's: made with the output
    std::optional<io::NotifyRows> rows_format_;
    ChunkBuffers<Part> parts_;
    std::vector<std::string> reported_;
};

}  // namespace arrears::cli
