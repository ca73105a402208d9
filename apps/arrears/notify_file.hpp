// `arrears recover --notify FILE.csv`: the GOV.UK Notify bulk letter upload (recovery-rules
// §13; io/notify.hpp makes the rows). Always CSV whatever --format says. A notice whose
// address Notify would refuse is left out and reported (exit 1). At most io::notify_max_rows
// rows a file: more go to FILE-2.csv, FILE-3.csv, …, each with the header, published with
// the run's other outputs.
#pragma once

#include "notice_files.hpp"
#include "run_output.hpp"

#include <arrears/io/notify.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace arrears::cli {

/// The name of the `n`-th Notify file (from 1) of `path`: `path` itself, then `FILE-2.csv`
/// for `FILE.csv` (`FILE-2` for a name without an extension).
std::string notify_part_path(const std::string& path, std::size_t n);

/// The rows a Notify file holds: io::notify_max_rows, or (a test hook, so the split can be
/// tested on a small input) the environment's ARREARS_TEST_NOTIFY_MAX_ROWS when it is a
/// whole number from 1 to io::notify_max_rows.
std::size_t notify_rows_limit();

/// `--notify`: a row per notice in Notify's bulk-letter form.
class NotifyOutput final : public RunOutput {
public:
    /// With Welsh asked for (NoticeSource::welsh()) each personalisation column gets its
    /// `_cy` twin.
    NotifyOutput(const NoticeSource& source, std::string path);
    void begin(const AccountsFile& accounts) override;
    void format(const Chunk& chunk) override;
    void write(const Block& block) override;
    void finish(const RunRecord& run) override;
    /// Each file with its rows.
    void describe(Manifest& manifest, const RunRecord& run) const override;
    void files(std::vector<OutputFile*>& out) override;
    [[nodiscard]] std::span<const std::string> reported() const override { return reported_; }

private:
    // A chunk's rows: their CSV text, where each ends, and the notices left out.
    struct Part {
        std::string text;
        std::vector<std::size_t> ends;
        std::vector<std::string> reported;
    };
    void put(std::string_view text);

    const NoticeSource& source_;
    std::string path_;
    std::size_t limit_;
    std::vector<std::unique_ptr<OutputFile>> files_;
    std::vector<std::size_t> rows_;  // by file
    std::optional<io::NotifyRows> rows_format_;
    ChunkBuffers<Part> parts_;
    std::vector<std::string> reported_;
};

}  // namespace arrears::cli
