// The outputs of `arrears recover` that tell the payers and the bank (recovery-rules §13,
// §14): `--notices`, `--letters` (from `--letter-template`), `--collections`, each with the
// `--keep` columns of the accounts file. Rows are formatted per chunk on the worker threads
// as the accounts stream past and written in input order (the collection file, sorted by
// collection date, at the end), so the files are the same for any number of threads.
#pragma once

#include "held_collections.hpp"
#include "manifest.hpp"
#include "output_files.hpp"

#include <arrears/io/block_recovery.hpp>
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

/// The options as typed.
struct NoticeArgs {
    std::string notices, letters, letter_template, collections;
    std::vector<std::string> keep;
    [[nodiscard]] bool any_output() const { return !notices.empty() || !letters.empty() || !collections.empty(); }
};

/// Adds --notices, --keep, --letters, --letter-template and --collections to `recover`.
void add_notice_options(CLI::App& recover, NoticeArgs& args);

class NoticeOutputs {
public:
    /// Checks the options (UsageError) and creates the outputs' temporary files. Outputs that
    /// name inputs or one another are check_outputs' to refuse, before this.
    NoticeOutputs(const NoticeArgs& args, io::Format format, const Recovery& recovery);
    /// The accounts file's header is known: finds the kept columns (UsageError).
    void set_accounts(const std::vector<std::string>& header, const std::string& source);

    [[nodiscard]] bool any() const noexcept { return notices_ || letters_ || collections_; }
    /// On a worker thread: formats rows [lo, hi) of the block into buffer set `slot`, chunk `c`.
    void format_chunk(std::size_t slot, std::size_t c, const io::TextTable& table, const io::BlockRecovery& block,
                      std::span<const AccountResult> results, std::size_t lo, std::size_t hi);
    /// In input order: writes the first `chunks` chunks of buffer set `slot`.
    void consume(std::size_t slot, std::size_t chunks);
    /// Writes the collection file and the letters' end; flushes and syncs every file.
    void finish();
    void publish();
    /// For the manifest: each output given, with the file holding its bytes and its data
    /// rows: `notices` (a notice, and a letter, per ok/extended account) and `collections`.
    void describe(Manifest& manifest, std::size_t notices, std::size_t collections) const;
    /// The collections Bacs cannot take (non-working days), a line each for standard error.
    [[nodiscard]] const std::vector<std::string>& reported() const noexcept { return reported_; }

private:
    static constexpr std::size_t max_chunks = io::BlockRecovery::chunks(io::BlockRecovery::block_rows);
    struct Chunk {
        std::string notices, letters;
        HeldCollections::Part collections;
    };

    const NoticeArgs& args_;
    io::Format format_;
    const Recovery& recovery_;
    io::KeptColumns kept_;
    std::vector<std::string_view> notice_columns_, collection_columns_;
    std::optional<OutputFile> notices_, letters_, collections_;
    std::optional<io::ResultWriter> notice_writer_, collection_writer_;
    std::optional<io::Letters> letter_maker_;
    std::string template_text_;
    std::array<std::array<Chunk, max_chunks>, 2> slots_;
    std::optional<HeldCollections> collection_rows_;
    std::vector<std::string> reported_;
};

}  // namespace arrears::cli
