// The output files of `arrears recover`: a temporary file created with O_EXCL beside the
// target, flushed and fsync'ed, then renamed over it with every other output, all or
// nothing; devices and pipes written in place. See output_files.hpp. This file holds the
// output file itself and check_outputs; beside it fatal_signals.cpp (the signal handler and
// the hold while publishing), temp_files.cpp (the lock, the sweep of a killed run's leftovers,
// scratch files) and publish_outputs.cpp (the checks and renames of publishing).
#include "output_files.hpp"
#include "output_files_detail.hpp"

#include "options.hpp"

#include <fmt/core.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

namespace arrears::cli {

using detail::error_text;

// ---- the output file ------------------------------------------------------------------------

OutputFile::OutputFile(std::string option, std::string path) : option_(std::move(option)), path_(std::move(path)) {
    detail::install_handlers();
    if (path_ == "-") {
        file_ = stdout;
        return;
    }
    if (struct stat st{}; ::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) throw UsageError(fmt::format("{} '{}': is a folder, not a file", option_, path_));
        file_ = std::fopen(path_.c_str(), "wb");
        if (!file_) throw UsageError(fmt::format("{} '{}': cannot write: {}", option_, path_, std::strerror(errno)));
        direct_ = true;
        return;
    }
    // A link to a file: the file it points to is replaced, and the link stays.
    std::error_code ec;
    const std::filesystem::path target = std::filesystem::is_symlink(path_, ec)
                                             ? std::filesystem::weakly_canonical(path_, ec)
                                             : std::filesystem::path(path_);
    target_ = ec ? path_ : target.string();
    folder_ = target.has_parent_path() ? target.parent_path().string() : ".";
    name_ = target.filename().string();
    check_replaceable("");

    // One run at a time into this output (temp_files.cpp), then the files a killed run left.
    take_lock();
    detail::sweep_leftovers(folder_, name_);

    // O_EXCL: never write through someone else's file or link. 0600 while it is written: it
    // takes the target's mode when it is published (a restricted file is never readable).
    for (int attempt = 0;; ++attempt) {
        const std::string temp_name = detail::prefix_of(name_) + detail::random_id() + ".tmp";
        temp_ = (std::filesystem::path(folder_) / temp_name).string();
        const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            slot_ = remember_temp_file(temp_);
            file_ = ::fdopen(fd, "wb");
            if (!file_) {
                ::close(fd);
                fail("cannot write");
            }
            return;
        }
        const int err = errno;
        temp_.clear();
        if (err != EEXIST || attempt == 16) {
            release_lock();
            throw UsageError(fmt::format("{} '{}': cannot create the temporary file '{}' in {}: {}", option_, path_,
                                         temp_name, folder_, error_text(err)));
        }
    }
}

OutputFile::~OutputFile() {
    discard();
    release_lock();
}

std::unique_ptr<ScratchFile> OutputFile::scratch() const {
    if (!target_.empty()) return std::make_unique<ScratchFile>(option_, folder_, name_);
    std::error_code ec;
    const std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
    return std::make_unique<ScratchFile>(option_, ec ? std::string("/tmp") : tmp.string(), "arrears-scratch");
}

void OutputFile::start_writeback() noexcept {
    if (temp_.empty() || !file_) return;  // only regular files are synced
    (void)::sync_file_range(::fileno(file_), 0, 0, SYNC_FILE_RANGE_WRITE);
}

void OutputFile::finish() {
    if (std::fflush(file_) != 0 || std::ferror(file_)) fail("cannot write");
    if (direct_) {
        const int rc = std::fclose(std::exchange(file_, nullptr));
        if (rc != 0) fail("cannot write");
        return;
    }
    if (temp_.empty()) return;
    if (::fsync(::fileno(file_)) != 0) fail("cannot write");
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) fail("cannot write");
}

void OutputFile::forget_temp() noexcept {
    forget_temp_file(slot_);
    slot_ = -1;
}

void OutputFile::fail(const char* what) {
    const int err = errno;
    discard();
    throw UsageError(fmt::format("{} '{}': {}: {}", option_, path_, what, std::strerror(err)));
}

void OutputFile::discard() noexcept {
    if (direct_ && file_) std::fclose(std::exchange(file_, nullptr));
    if (temp_.empty()) return;
    if (file_) std::fclose(file_);
    file_ = nullptr;
    std::remove(temp_.c_str());
    forget_temp();
    temp_.clear();
}

// ---- outputs that would lose an input -------------------------------------------------------

namespace {

// The identity of an existing file (following links; `-` is standard output's), or nothing.
// `discards` is set for /dev/null, where several outputs may go: nothing is lost there.
std::optional<std::pair<dev_t, ino_t>> identity(const std::string& path, bool* discards = nullptr) {
    struct stat st {};
    if (path.empty()) return std::nullopt;
    if (path == "-" ? ::fstat(STDOUT_FILENO, &st) != 0 : ::stat(path.c_str(), &st) != 0) return std::nullopt;
    if (discards) {
        struct stat null {};
        *discards = S_ISCHR(st.st_mode) && ::stat("/dev/null", &null) == 0 && st.st_rdev == null.st_rdev;
    }
    return std::make_pair(st.st_dev, st.st_ino);
}

// A path for comparing files that do not exist yet: absolute, with its folder's links resolved.
std::string spelled(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
    return ec ? path : p.string();
}

bool same_file(const std::string& a, const std::string& b) {
    const auto ia = identity(a), ib = identity(b);
    if (ia && ib) return *ia == *ib;
    if (ia || ib) return false;
    return spelled(a) == spelled(b);
}

}  // namespace

void check_outputs(std::span<const NamedPath> inputs, std::span<const NamedPath> outputs) {
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const NamedPath& out = outputs[i];
        if (out.path.empty()) continue;
        for (std::size_t j = 0; j < i; ++j)
            if (outputs[j].path == out.path)
                throw UsageError(
                    fmt::format("{} and {} both name '{}': give two files", outputs[j].option, out.option, out.path));
        // Standard output was opened by the shell before the run: no input is lost through it.
        if (out.path != "-")
            for (const NamedPath& in : inputs)
                if (!in.path.empty() && in.path != "-" && same_file(in.path, out.path))
                    throw UsageError(
                        fmt::format("{} '{}' is the input file of {} '{}': writing it would destroy "
                                    "the input",
                                    out.option, out.path, in.option, in.path));
        bool discards = false;
        (void)identity(out.path, &discards);
        if (discards) continue;
        for (std::size_t j = 0; j < i; ++j)
            if (!outputs[j].path.empty() && same_file(outputs[j].path, out.path))
                throw UsageError(fmt::format("{} '{}' and {} '{}' name the same file: give two files",
                                             outputs[j].option, outputs[j].path, out.option, out.path));
    }
}

}  // namespace arrears::cli
