// The output files of `arrears recover`: a temporary file created with O_EXCL beside the
// target, flushed and fsync'ed, then renamed over it; devices and pipes written in place.
#include "output_files.hpp"

#include "options.hpp"

#include <fmt/core.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <utility>

namespace arrears::cli {

namespace {

// The temporary files that exist now, for the SIGINT/SIGTERM handler: it removes them and
// then dies of the signal, so a stopped run leaves every output as it was and no partial
// file behind. Fixed buffers and sig_atomic_t flags: the handler may only read them.
constexpr int max_temps = 32;
char temp_names[max_temps][PATH_MAX];
volatile std::sig_atomic_t temp_live[max_temps];
std::mutex temp_mutex;  // between threads registering; never taken by the handler

extern "C" void remove_temps_and_die(int sig) {
    for (int i = 0; i < max_temps; ++i)
        if (temp_live[i]) ::unlink(temp_names[i]);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

}  // namespace

int remember_temp_file(const std::string& path) {
    if (path.size() >= PATH_MAX) return -1;
    std::lock_guard lock(temp_mutex);
    static const bool installed = [] {
        struct sigaction sa {};
        sa.sa_handler = remove_temps_and_die;
        sigemptyset(&sa.sa_mask);
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
        return true;
    }();
    (void)installed;
    for (int i = 0; i < max_temps; ++i)
        if (!temp_live[i]) {
            std::memcpy(temp_names[i], path.c_str(), path.size() + 1);
            temp_live[i] = 1;
            return i;
        }
    return -1;
}

void forget_temp_file(int slot) noexcept {
    if (slot >= 0 && slot < max_temps) temp_live[slot] = 0;
}

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
                throw UsageError(fmt::format("{} and {} both name '{}': give two files", outputs[j].option,
                                             out.option, out.path));
        // Standard output was opened by the shell before the run: no input is lost through it.
        if (out.path != "-")
            for (const NamedPath& in : inputs)
                if (!in.path.empty() && in.path != "-" && same_file(in.path, out.path))
                    throw UsageError(fmt::format("{} '{}' is the input file of {} '{}': writing it would destroy "
                                                 "the input", out.option, out.path, in.option, in.path));
        bool discards = false;
        (void)identity(out.path, &discards);
        if (discards) continue;
        for (std::size_t j = 0; j < i; ++j)
            if (!outputs[j].path.empty() && same_file(outputs[j].path, out.path))
                throw UsageError(fmt::format("{} '{}' and {} '{}' name the same file: give two files",
                                             outputs[j].option, outputs[j].path, out.option, out.path));
    }
}

SignalsHeld::SignalsHeld() noexcept {
    static_assert(sizeof(sigset_t) <= sizeof(old_));
    sigset_t held;
    sigemptyset(&held);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&held, sig);
    ::pthread_sigmask(SIG_BLOCK, &held, reinterpret_cast<sigset_t*>(old_));
}

SignalsHeld::~SignalsHeld() { ::pthread_sigmask(SIG_SETMASK, reinterpret_cast<sigset_t*>(old_), nullptr); }

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
    slot_ = remember_temp_file(temp_);
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
    forget_temp();
    temp_.clear();
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

}  // namespace arrears::cli
