// `--schedule` and `--summary` (see result_tables.hpp).
#include "result_tables.hpp"

#include "manifest.hpp"

namespace arrears::cli {

ResultTableOutput::ResultTableOutput(io::Table table, io::Format format, std::string option, std::string path)
    : table_(table), format_(format), file_(std::move(option), std::move(path)), writer_(table, format, file_.file()) {}

void ResultTableOutput::format(const Chunk& chunk) {
    std::string& text = text_[chunk];
    text.clear();
    io::ResultWriter::format_rows(table_, format_, chunk.rows(), text);
}

void ResultTableOutput::write(const Block& block) {
    writing_to(file_, [&] {
        for (std::size_t c = 0; c < block.chunks; ++c) writer_.append(text_.at(block.slot, c));
    });
    file_.start_writeback();
}

void ResultTableOutput::finish(const RunRecord&) {
    writing_to(file_, [&] { writer_.finish(); });
    file_.finish();
}

void ResultTableOutput::describe(Manifest& manifest, const RunRecord& run) const {
    manifest.output(file_.path(), file_.bytes_path(),
                    table_ == io::Table::schedule ? run.stats.schedule_rows() : run.stats.account_count());
}

}  // namespace arrears::cli
