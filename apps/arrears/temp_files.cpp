// The files a run keeps beside an output NAME besides its temporary file: the names they
// share (`.NAME.arrears-PID-ID...`), the lock `.NAME.arrears.lock` that lets one run at a time
// write NAME, the sweep of the temporary files a killed run left (see output_files.hpp), and
// scratch files. Apart from writing and publishing because these rules are about other runs,
// past and concurrent, not about this run's output.
#include "output_files.hpp"
#include "output_files_detail.hpp"

#include <fmt/core.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::cli {

using detail::error_text;
using detail::prefix_of;
using detail::random_id;

namespace detail {

// getrandom, or where it cannot answer at once (early boot) the clock, the PID and a counter.
std::string random_id() {
    std::uint64_t v = 0;
    if (::getrandom(&v, sizeof v, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof v)) {
        static std::atomic<std::uint64_t> counter{0};
        timespec ts{};
        ::clock_gettime(CLOCK_REALTIME, &ts);
        v = (static_cast<std::uint64_t>(ts.tv_nsec) << 20) ^ static_cast<std::uint64_t>(ts.tv_sec) ^
            (static_cast<std::uint64_t>(::getpid()) << 40) ^ (counter.fetch_add(1) * 0x9E3779B97F4A7C15ull);
    }
    return fmt::format("{}-{:016x}", ::getpid(), v);
}

std::string prefix_of(const std::string& name) {
    std::string p = ".";  // (appended: GCC 12 gives a false -Wrestrict for "." + std::string, bug 105651)
    p += name;
    p += ".arrears-";
    return p;
}

}  // namespace detail

namespace {

// The process that made a temporary file under the old naming, `.NAME.arrears-PID.tmp`
// (before the random part; such a run held no lock), may still be writing it: it is left
// alone unless that PID is this process's own (the container case) or no `arrears` has it.
bool old_owner_gone(std::string_view pid_text) {
    pid_t pid = 0;
    for (char c : pid_text) pid = pid * 10 + (c - '0');
    if (pid <= 0 || pid == ::getpid()) return true;
    if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    return comm && std::getline(comm, name) && name != "arrears";
}

}  // namespace

namespace detail {

// An old-style name (`PID` without the random part) is swept only when its owner is gone;
// only regular files are removed (never through a link someone put there).
void sweep_leftovers(const std::string& folder, const std::string& name) {
    const std::string prefix = prefix_of(name);
    DIR* dir = ::opendir(folder.c_str());
    if (!dir) return;
    std::vector<std::string> stale;
    while (const dirent* e = ::readdir(dir)) {
        const std::string_view n = e->d_name;
        if (!n.starts_with(prefix) || !n.ends_with(".tmp")) continue;
        const std::string_view middle = n.substr(prefix.size(), n.size() - prefix.size() - 4);
        const bool old_style = !middle.empty() && middle.find_first_not_of("0123456789") == std::string_view::npos;
        if (old_style && !old_owner_gone(middle)) continue;
        stale.emplace_back(n);
    }
    ::closedir(dir);
    for (const std::string& n : stale) {
        const std::string path = (std::filesystem::path(folder) / n).string();
        struct stat st {};
        if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ::unlink(path.c_str());
    }
}

}  // namespace detail

// ---- the lock ------------------------------------------------------------------------------

void OutputFile::take_lock() {
    // One run at a time into this output: the lock file beside it, held until the run ends.
    // A lock file left by a killed run is taken over (the kernel dropped its lock); one
    // removed and made again meanwhile is locked again.
    std::string lock_name = ".";
    lock_name += name_;
    lock_name += ".arrears.lock";
    lock_path_ = (std::filesystem::path(folder_) / lock_name).string();
    for (int attempt = 0;; ++attempt) {
        const int fd = ::open(lock_path_.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0) {
            const int err = errno;
            if (err == ENOENT || err == EACCES || err == EROFS || err == ENOSPC || err == EDQUOT || err == ENOTDIR)
                throw UsageError(
                    fmt::format("{} '{}': cannot create a file in {}: {}", option_, path_, folder_, error_text(err)));
            throw UsageError(
                fmt::format("{} '{}': the lock file '{}' in {} is in the way: {} (remove it if no "
                            "arrears run is writing '{}')",
                            option_, path_, lock_name, folder_, error_text(err), path_));
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int err = errno;
            ::close(fd);
            if (err == EWOULDBLOCK)
                throw UsageError(
                    fmt::format("{} '{}': another arrears run is writing it now (it holds '{}'); run "
                                "again when that run has finished",
                                option_, path_, lock_name));
            throw UsageError(fmt::format("{} '{}': cannot lock '{}': {}", option_, path_, lock_name, error_text(err)));
        }
        struct stat held {
        }, named{};
        if (::fstat(fd, &held) == 0 && ::lstat(lock_path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
            held.st_dev == named.st_dev) {
            (void)::fchmod(fd, 0644);  // whatever the umask: another user's run must be able to open it
            lock_fd_ = fd;
            break;
        }
        ::close(fd);  // removed by its holder meanwhile: lock the new one
        if (attempt == 100)
            throw UsageError(fmt::format("{} '{}': cannot lock '{}': it keeps changing", option_, path_, lock_name));
    }
    lock_slot_ = remember_temp_file(lock_path_);
}

void OutputFile::release_lock() noexcept {
    if (lock_fd_ < 0) return;
    // Removed while held, and only if it is still ours: a run that opened it meanwhile finds
    // it gone when it has the lock, and makes a new one.
    struct stat held {
    }, named{};
    if (::fstat(lock_fd_, &held) == 0 && ::lstat(lock_path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev)
        ::unlink(lock_path_.c_str());
    forget_temp_file(lock_slot_);
    lock_slot_ = -1;
    ::close(std::exchange(lock_fd_, -1));
}

// ---- scratch files ---------------------------------------------------------------------------

ScratchFile::ScratchFile(const std::string& option, const std::string& folder, const std::string& stem) {
    fd_ = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd_ >= 0) {
        name_ = "/proc/self/fd/" + std::to_string(fd_);
        if (::access(name_.c_str(), W_OK) == 0) return;
        ::close(std::exchange(fd_, -1));
    }
    for (int attempt = 0;; ++attempt) {
        const std::string name = prefix_of(stem) + random_id() + ".tmp";
        named_ = (std::filesystem::path(folder) / name).string();
        fd_ = ::open(named_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd_ >= 0) break;
        const int err = errno;
        if (err != EEXIST || attempt == 16) {
            named_.clear();
            throw UsageError(fmt::format("{}: cannot create the temporary file '{}' in {}: {}", option, name, folder,
                                         error_text(err)));
        }
    }
    name_ = named_;
    slot_ = remember_temp_file(named_);
}

ScratchFile::~ScratchFile() {
    if (!named_.empty()) ::unlink(named_.c_str());
    forget_temp_file(slot_);
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace arrears::cli
