// `--schedule` and `--summary` (see result_tables.hpp).
#include "result_tables.hpp"

#include "manifest.hpp"

namespace arrears::cli {

ResultTableOutput::ResultTableOutput(io::Table table, io::Format format, std::string option, std::string path)
    : TableOutput(format, std::move(option), std::move(path)), table_(table) {
    start(table);
}

std::size_t ResultTableOutput::format_rows(const Chunk& chunk, std::string& text) {
    io::ResultWriter::format_rows(table_, format_, chunk.rows(), text);
    return 0;  // (counted by the run: describe())
}

void ResultTableOutput::describe(Manifest& manifest, const RunRecord& run) const {
    manifest.output(file_.path(), file_.bytes_path(),
                    table_ == io::Table::schedule ? run.stats.schedule_rows() : run.stats.account_count());
}

}  // namespace arrears::cli
