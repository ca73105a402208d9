// The output files of `arrears recover`: a temporary file created with O_EXCL beside the
// target, flushed and fsync'ed, then renamed over it; devices and pipes written in place.
#include "output_files.hpp"

#include "options.hpp"

#include <fmt/core.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

namespace arrears::cli {

OutputFile::OutputFile(std::string option, std::string path) : option_(std::move(option)), path_(std::move(path)) {
    if (path_ == "-") {
        file_ = stdout;
        return;
    }
    if (struct stat st {}; ::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            throw UsageError(fmt::format("{} '{}': is a folder, not a file", option_, path_));
        file_ = std::fopen(path_.c_str(), "wb");
        if (!file_)
            throw UsageError(fmt::format("{} '{}': cannot write: {}", option_, path_, std::strerror(errno)));
        direct_ = true;
        return;
    }
    // A link to a file: the file it points to is replaced, and the link stays.
    std::error_code ec;
    const std::filesystem::path target =
        std::filesystem::is_symlink(path_, ec) ? std::filesystem::weakly_canonical(path_, ec) : std::filesystem::path(path_);
    target_ = ec ? path_ : target.string();
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    // Built by appending: GCC 12 gives a false -Wrestrict for "." + std::string here (bug 105651).
    std::string name = ".";
    name += target.filename().string();
    name += ".arrears-" + std::to_string(::getpid()) + ".tmp";
    temp_ = (dir / name).string();
    // O_EXCL: never write through someone else's file or link; 0666 lets the umask decide.
    const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        const int err = errno;
        temp_.clear();
        throw UsageError(fmt::format("{} '{}': cannot create a file in {}: {}", option_, path_, dir.string(),
                                     std::strerror(err)));
    }
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        ::close(fd);
        discard();
        throw UsageError(fmt::format("{} '{}': cannot write: {}", option_, path_, std::strerror(errno)));
    }
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

void OutputFile::publish() {
    if (temp_.empty()) return;
    if (std::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot replace it");
    temp_.clear();
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
    temp_.clear();
}

}  // namespace arrears::cli
