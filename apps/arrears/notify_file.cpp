// `--notify` of `arrears recover` (see notify_file.hpp).
#include "notify_file.hpp"

#include "manifest.hpp"
#include "options.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace arrears::cli {

std::string notify_part_path(const std::string& path, std::size_t n) {
    if (n <= 1) return path;
    const std::size_t slash = path.rfind('/');
    const std::size_t dot = path.rfind('.');
    const std::string suffix = "-" + std::to_string(n);
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash) || dot == slash + 1 ||
        (slash == std::string::npos && dot == 0))
        return path + suffix;
    return path.substr(0, dot) + suffix + path.substr(dot);
}

std::size_t notify_rows_limit() {
    if (const char* v = std::getenv("ARREARS_TEST_NOTIFY_MAX_ROWS"); v && *v) {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v, &end, 10);
        if (*end == '\0' && n >= 1 && n <= io::notify_max_rows) return static_cast<std::size_t>(n);
    }
    return io::notify_max_rows;
}

NotifyOutput::NotifyOutput(const NoticeSource& source, std::string path)
    : source_(source), path_(std::move(path)), limit_(notify_rows_limit()) {
    files_.push_back(std::make_unique<OutputFile>("--notify", path_));
    rows_.push_back(0);
}

void NotifyOutput::put(std::string_view text) {
    std::FILE* f = files_.back()->file();
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), f) != text.size())
        throw UsageError(fmt::format("{}: write failed: {}", files_.back()->path(), std::strerror(errno)));
}

void NotifyOutput::begin(const AccountsFile&) {
    const std::vector<std::string_view> columns = source_.kept().columns(io::notice_columns);
    rows_format_.emplace(columns, source_.welsh(), source_.replan());  // §15: replan's words
    put(rows_format_->header());
}

void NotifyOutput::format(const Chunk& chunk) {
    Part& out = parts_[chunk];
    out.text.clear();
    out.ends.clear();
    out.reported.clear();
    std::vector<std::string_view> kept, cells;
    Notice n;  // one for the chunk: its buffer is reused
    for (std::size_t i = chunk.first; i < chunk.last; ++i) {
        if (!source_.scheduled(chunk, i, kept) || !source_.notice(chunk, i, n)) continue;
        const std::vector<std::string> text = io::notice_cells(chunk.results[i].account_id, kept, n);
        cells.assign(text.begin(), text.end());
        const std::string why = rows_format_->append(out.text, cells);
        if (why.empty()) {
            out.ends.push_back(out.text.size());
            continue;
        }
        out.reported.push_back(fmt::format("notify: account {} ({} {} {}) is left out of the Notify file: {}",
                                           chunk.results[i].account_id, source_.accounts_path(), chunk.table.row_label,
                                           chunk.table.line[i], why));
    }
}

void NotifyOutput::write(const Block& block) {
    for (std::size_t c = 0; c < block.chunks; ++c) {
        Part& in = parts_.at(block.slot, c);
        for (std::string& m : in.reported) reported_.push_back(std::move(m));
        std::size_t from = 0;
        for (const std::size_t end : in.ends) {
            if (rows_.back() == limit_) {  // Notify's limit: the next file, with the header
                files_.back()->start_writeback();
                files_.push_back(std::make_unique<OutputFile>("--notify", notify_part_path(path_, files_.size() + 1)));
                rows_.push_back(0);
                put(rows_format_->header());
            }
            put(std::string_view(in.text).substr(from, end - from));
            ++rows_.back();
            from = end;
        }
    }
    files_.back()->start_writeback();
}

void NotifyOutput::finish(const RunRecord&) {
    for (auto& f : files_) f->finish();
}

void NotifyOutput::describe(Manifest& manifest, const RunRecord&) const {
    for (std::size_t k = 0; k < files_.size(); ++k)
        manifest.output(files_[k]->path(), files_[k]->bytes_path(), rows_[k]);
}

void NotifyOutput::files(std::vector<OutputFile*>& out) {
    for (auto& f : files_) out.push_back(f.get());
}

}  // namespace arrears::cli
