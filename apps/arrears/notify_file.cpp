// `--notify` of `arrears recover` (see notify_file.hpp).
#include "notify_file.hpp"

#include "manifest.hpp"
#include "options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace arrears::cli {

namespace {

// `path` as its folder (with its `/`), the name's stem and its extension (with its dot;
// empty for a name without one, or one that starts with its only dot).
struct PathParts {
    std::string folder, stem, ext;
};
PathParts path_parts(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    const std::size_t start = slash == std::string::npos ? 0 : slash + 1;
    const std::size_t dot = path.rfind('.');
    PathParts p{path.substr(0, start), path.substr(start), ""};
    if (dot != std::string::npos && dot > start) {
        p.stem = path.substr(start, dot - start);
        p.ext = path.substr(dot);
    }
    return p;
}

bool all_digits(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string notify_part_path(const std::string& path, std::size_t n) {
    if (n <= 1) return path;
    const PathParts p = path_parts(path);
    return p.folder + p.stem + "-" + std::to_string(n) + p.ext;
}

std::string notify_language_path(const std::string& path, std::string_view language) {
    const PathParts p = path_parts(path);
    return p.folder + p.stem + "-" + std::string(language) + p.ext;
}

std::vector<std::string> notify_family(const std::string& path) {
    std::vector<std::string> out;
    if (path.empty() || path == "-") return out;
    const PathParts p = path_parts(path);
    std::error_code ec;
    const std::filesystem::path folder =
        p.folder.empty() ? std::filesystem::path(".") : std::filesystem::path(p.folder);
    std::filesystem::directory_iterator it(folder, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const std::string head = p.stem + "-";
        if (name.size() <= head.size() + p.ext.size() || name.compare(0, head.size(), head) != 0 ||
            name.compare(name.size() - p.ext.size(), p.ext.size(), p.ext) != 0)
            continue;
        std::string_view tail(name);
        tail = tail.substr(head.size(), tail.size() - head.size() - p.ext.size());
        // N (2 or more), LANG, or LANG-N
        for (const auto& [l, language] : io::language_names)
            if (tail.substr(0, language.size()) == language &&
                (tail.size() == language.size() || tail[language.size()] == '-')) {
                tail = tail.size() == language.size() ? std::string_view("2") : tail.substr(language.size() + 1);
                break;
            }
        if (!all_digits(tail) || tail == "0" || tail == "1" || tail.front() == '0') continue;
        out.push_back(p.folder + name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t notify_rows_limit() {
    if (const char* v = std::getenv("ARREARS_TEST_NOTIFY_MAX_ROWS"); v && *v) {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v, &end, 10);
        if (*end == '\0' && n >= 1 && n <= io::notify_max_rows) return static_cast<std::size_t>(n);
    }
    return io::notify_max_rows;
}

NotifyOutput::NotifyOutput(const NoticeSource& source, std::string path, io::Language language)
    : source_(source), path_(std::move(path)), limit_(notify_rows_limit()), language_(language) {
    for (const auto& [l, name] : io::language_names)
        by_language_[static_cast<std::size_t>(l)].path = l == language_ ? path_ : notify_language_path(path_, name);
    add_file(by_language_[static_cast<std::size_t>(language_)]);
}

void NotifyOutput::add_file(Files& to) {
    std::string path = notify_part_path(to.path, to.files.size() + 1);
    // Standard output is one file: a second part or another language's file has no name
    // there (it would be a file called "--cy" or "--2" in the current folder).
    if (path_ == "-" && path != "-")
        throw UsageError(
            fmt::format("--notify -: standard output takes one Notify file, and this run needs "
                        "another ({}: Notify applies one template an upload and takes at most "
                        "100,000 rows a file); give --notify FILE.csv",
                        &to == &by_language_[static_cast<std::size_t>(language_)]
                            ? "more rows than one file holds"
                            : "payers whose own language differs from --language"));
    to.files.push_back(std::make_unique<OutputFile>("--notify", std::move(path)));
    to.rows.push_back(0);
}

void NotifyOutput::put(Files& to, std::string_view text) {
    OutputFile& f = *to.files.back();
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), f.file()) != text.size())
        throw UsageError(fmt::format("{}: write failed: {}", f.path(), std::strerror(errno)));
}

void NotifyOutput::begin(const AccountsFile&) {
    // §13: Welsh asked for, each payer's language follows the personalisation.
    const io::Selection selection =
        source_.welsh() ? io::notice_list.select({"language"}) : io::notice_list.every_run();
    const std::vector<std::string_view> columns = source_.kept().columns(io::notice_list.names(selection));
    rows_format_.emplace(columns, source_.welsh(), source_.replan());  // §15: replan's words
    put(by_language_[static_cast<std::size_t>(language_)], rows_format_->header());
}

void NotifyOutput::format(const Chunk& chunk) {
    Part& out = parts_[chunk];
    for (std::size_t l = 0; l < languages; ++l) {
        out.text[l].clear();
        out.ends[l].clear();
    }
    out.reported.clear();
    const io::Selection selection =
        source_.welsh() ? io::notice_list.select({"language"}) : io::notice_list.every_run();
    std::vector<std::string_view> kept, cells;
    Notice n;  // one for the chunk: its buffer is reused
    for (std::size_t i = chunk.first; i < chunk.last; ++i) {
        if (!source_.scheduled(chunk, i, kept) || !source_.notice(chunk, i, n)) continue;
        const std::vector<std::string> text = io::notice_cells(chunk.results[i].account_id, kept, n, selection);
        cells.assign(text.begin(), text.end());
        const auto l = static_cast<std::size_t>(source_.language(chunk, i));
        const std::string why = rows_format_->append(out.text[l], cells);
        if (why.empty()) {
            out.ends[l].push_back(out.text[l].size());
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
        for (std::size_t l = 0; l < languages; ++l) {
            Files& to = by_language_[l];
            std::size_t from = 0;
            for (const std::size_t end : in.ends[l]) {
                // The language's first row (a file of its own), or Notify's limit reached:
                // the next file, with the header.
                if (to.files.empty() || to.rows.back() == limit_) {
                    if (!to.files.empty()) to.files.back()->start_writeback();
                    add_file(to);
                    put(to, rows_format_->header());
                }
                put(to, std::string_view(in.text[l]).substr(from, end - from));
                ++to.rows.back();
                from = end;
            }
        }
    }
    for (Files& to : by_language_)
        if (!to.files.empty()) to.files.back()->start_writeback();
}

void NotifyOutput::finish(const RunRecord&) {
    // A file of the family left from an earlier run would be uploaded with this run's.
    std::vector<std::string> written;
    for (const Files& to : by_language_)
        for (const auto& f : to.files) written.push_back(f->path());
    std::vector<std::string> stale;
    for (const std::string& old : notify_family(path_))
        if (std::find(written.begin(), written.end(), old) == written.end()) stale.push_back(old);
    if (!stale.empty())
        throw UsageError(fmt::format(
            "--notify: '{}' {} left from an earlier run and this run does not write {} (it wrote '{}'); uploaded "
            "with them, {} would send stale letters. Move {} aside or delete {}, then run again",
            fmt::join(stale, "', '"), stale.size() == 1 ? "is" : "are", stale.size() == 1 ? "it" : "them",
            fmt::join(written, "', '"), stale.size() == 1 ? "it" : "they", stale.size() == 1 ? "it" : "them",
            stale.size() == 1 ? "it" : "them"));
    for (Files& to : by_language_)
        for (auto& f : to.files) f->finish();
}

void NotifyOutput::describe(Manifest& manifest, const RunRecord&) const {
    // The run's language's files first (FILE.csv as given), then the others by language.
    const auto first = static_cast<std::size_t>(language_);
    for (std::size_t k = 0; k < languages; ++k) {
        const std::size_t l = k == 0 ? first : (k <= first ? k - 1 : k);
        const Files& to = by_language_[l];
        for (std::size_t j = 0; j < to.files.size(); ++j)
            manifest.output(to.files[j]->path(), to.files[j]->bytes_path(), to.rows[j]);
    }
}

void NotifyOutput::files(std::vector<OutputFile*>& out) {
    const auto first = static_cast<std::size_t>(language_);
    for (std::size_t k = 0; k < languages; ++k) {
        const std::size_t l = k == 0 ? first : (k <= first ? k - 1 : k);
        for (auto& f : by_language_[l].files) out.push_back(f.get());
    }
}

}  // namespace arrears::cli
