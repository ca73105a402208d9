// The revised schedule and the per-account summary of recovery-rules §9 as outputs of a run
// (`--schedule`, `--summary`): each chunk's rows formatted on its worker thread, the text
// joined in input order, as CSV or JSON.
#pragma once

#include "run_output.hpp"

#include <arrears/io/output.hpp>

#include <string>

namespace arrears::cli {

class ResultTableOutput final : public RunOutput {
public:
    /// `table` to `path` (`-` for standard output) for the option `option`.
    ResultTableOutput(io::Table table, io::Format format, std::string option, std::string path);

    void format(const Chunk& chunk) override;
    void write(const Block& block) override;
    void finish(const RunRecord& run) override;
    /// Rows: the schedule's rows, or the summary's one per account.
    void describe(Manifest& manifest, const RunRecord& run) const override;
    void files(std::vector<OutputFile*>& out) override { out.push_back(&file_); }

private:
    io::Table table_;
    io::Format format_;
    OutputFile file_;
    io::ResultWriter writer_;  // to file_
    ChunkBuffers<std::string> text_;
};

}  // namespace arrears::cli
