// The outputs of a run taken in order, and published in one place (see run_output.hpp).
#include "run_output.hpp"

#include "manifest.hpp"

#include <arrears/thread_pool.hpp>

#include <exception>
#include <iterator>

namespace arrears::cli {

void TableOutput::format(const Chunk& chunk) {
    std::string& text = text_[chunk];
    text.clear();
    rows_of_[chunk] = format_rows(chunk, text);
}

void TableOutput::write(const Block& block) {
    writing_to(file_, [&] {
        for (std::size_t c = 0; c < block.chunks; ++c) {
            writer_->append(text_.at(block.slot, c));
            rows_ += rows_of_.at(block.slot, c);
        }
    });
    file_.start_writeback();
}

void TableOutput::finish(const RunRecord&) {
    writing_to(file_, [&] { writer_->finish(); });
    file_.finish();
}

void TableOutput::describe(Manifest& manifest, const RunRecord&) const {
    manifest.output(file_.path(), file_.bytes_path(), rows_);
}

void RunOutputs::begin(const AccountsFile& accounts) {
    for (const auto& o : list_) o->begin(accounts);
}

void RunOutputs::format(const Chunk& chunk) {
    for (const auto& o : list_) o->format(chunk);
}

void RunOutputs::write(const Block& block) {
    for (const auto& o : list_) o->write(block);
}

void RunOutputs::finish(const RunRecord& run, ThreadPool* pool) {
    std::vector<RunOutput*> plain;
    for (const auto& o : list_)
        if (!o->describes_others()) plain.push_back(o.get());
    std::vector<std::exception_ptr> failed(plain.size());
    auto finish_one = [&](std::size_t k) {
        try {
            plain[k]->finish(run);
        } catch (...) {
            failed[k] = std::current_exception();
        }
    };
    if (pool)
        pool->for_each_chunk(plain.size(), finish_one);
    else
        for (std::size_t k = 0; k < plain.size(); ++k) finish_one(k);
    for (const std::exception_ptr& e : failed)
        if (e) std::rethrow_exception(e);
    const std::vector<std::string> lines = reported(), said = summary();
    RunRecord full = run;
    full.outputs_reported = lines;
    full.outputs_summary = said;
    for (const auto& o : list_) full.left_out += o->left_out();
    for (const auto& o : list_)
        if (o->describes_others()) o->finish(full);
}

void RunOutputs::describe(Manifest& manifest, const RunRecord& run) const {
    for (const auto& o : list_) o->describe(manifest, run);
}

std::vector<std::string> RunOutputs::reported() const {
    std::vector<std::string> lines;
    for (const auto& o : list_) {
        const std::span<const std::string> r = o->reported();
        lines.insert(lines.end(), r.begin(), r.end());
    }
    return lines;
}

std::vector<std::string> RunOutputs::summary() const {
    std::vector<std::string> lines;
    for (const auto& o : list_) {
        std::vector<std::string> s = o->summary();
        lines.insert(lines.end(), std::make_move_iterator(s.begin()), std::make_move_iterator(s.end()));
    }
    return lines;
}

void RunOutputs::publish() {
    std::vector<OutputFile*> files;
    for (const auto& o : list_) o->files(files);
    // Every file is complete on disk (finish()); all are published or none (fatal signals
    // wait from the first rename to the last, the manifest's).
    publish_outputs(files);
}

}  // namespace arrears::cli
