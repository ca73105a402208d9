// The revised schedule and the per-account summary of recovery-rules §9 as outputs of a run
// (`--schedule`, `--summary`): each chunk's rows formatted on its worker thread, the text
// joined in input order, as CSV or JSON (TableOutput).
#pragma once

#include "run_output.hpp"

#include <arrears/io/output.hpp>

#include <string>

namespace arrears::cli {

class ResultTableOutput final : public TableOutput {
public:
    /// `table` to `path` (`-` for standard output) for the option `option`.
    ResultTableOutput(io::Table table, io::Format format, std::string option, std::string path);

    /// Rows: the schedule's rows, or the summary's one per account (the run's counts).
    void describe(Manifest& manifest, const RunRecord& run) const override;

private:
    std::size_t format_rows(const Chunk& chunk, std::string& text) override;
    io::Table table_;
};

}  // namespace arrears::cli
