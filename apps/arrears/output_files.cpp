// The output files of `arrears recover`: a temporary file created with O_EXCL beside the
// target, flushed and fsync'ed, then renamed over it with every other output, all or
// nothing; devices and pipes written in place. See output_files.hpp.
#include "output_files.hpp"

#include "options.hpp"

#include <fmt/core.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace arrears::cli {

namespace {

// ---- fatal signals ----------------------------------------------------------------------
//
// The run's temporary and lock files, for the handler: it removes them and then dies of the
// signal, so a stopped run leaves every output as it was and no file of its own behind.
// Fixed buffers and atomic flags: the handler may only read them.
constexpr int max_temps = 64;
char temp_names[max_temps][PATH_MAX];
std::atomic<int> temp_live[max_temps];
std::mutex temp_mutex;  // between threads registering; never taken by the handler
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler reads these");

// What the process is doing, for the handler: running (a signal ends it), publishing (from
// the first rename to the last a signal waits: the handler records it and returns) or dying
// (one thread is removing the files; publishing cannot begin). Changed only by exchanges, so
// a signal and the start of publishing never both win.
enum : int { running = 0, publishing = 1, dying = 2 };
std::atomic<int> state{running};
std::atomic<int> held_signal{0};
std::atomic<int> published{0};  // every output is in place: the message says so
const char* command_name = "arrears";

struct SignalName {
    int sig;
    const char* text;  // the name and what usually sends it
};
constexpr SignalName signal_names[] = {
    {SIGHUP, "SIGHUP (the terminal or session closed)"},
    {SIGINT, "SIGINT (interrupted)"},
    {SIGQUIT, "SIGQUIT"},
    {SIGABRT, "SIGABRT (the program aborted)"},
    {SIGUSR1, "SIGUSR1"},
    {SIGUSR2, "SIGUSR2"},
    {SIGPIPE, "SIGPIPE (a pipe it wrote to was closed)"},
    {SIGALRM, "SIGALRM (a timer ran out)"},
    {SIGTERM, "SIGTERM"},
#ifdef SIGSTKFLT
    {SIGSTKFLT, "SIGSTKFLT"},
#endif
    {SIGXCPU, "SIGXCPU (the CPU time limit, ulimit -t)"},
    {SIGXFSZ, "SIGXFSZ (the file size limit, ulimit -f)"},
    {SIGVTALRM, "SIGVTALRM"},
    {SIGPROF, "SIGPROF"},
    {SIGIO, "SIGIO"},
#ifdef SIGPWR
    {SIGPWR, "SIGPWR (power failure)"},
#endif
};

void say(const char* s) noexcept {
    for (std::size_t n = std::strlen(s); n > 0;) {
        const ssize_t w = ::write(STDERR_FILENO, s, n);
        if (w <= 0) return;
        s += w;
        n -= static_cast<std::size_t>(w);
    }
}

// The handler's message and death: only async-signal-safe calls.
void die_of(int sig) noexcept {
    for (int i = 0; i < max_temps; ++i)
        if (temp_live[i].load()) ::unlink(temp_names[i]);
    say(command_name);
    say(": stopped by ");
    const char* text = nullptr;
    for (const SignalName& s : signal_names)
        if (s.sig == sig) text = s.text;
    if (text) {
        say(text);
    } else {  // a real-time signal: its number
        char digits[12];
        int n = 0;
        for (int v = sig; v > 0 && n < 11; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
        say("signal ");
        while (n > 0) {
            const char d[2] = {digits[--n], '\0'};
            say(d);
        }
    }
    say(published.load() ? " after every output was in place\n" : ": every output is as it was\n");
    ::signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    ::pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    ::raise(sig);
    ::_exit(128 + sig);  // a signal that does not end the process by default cannot get here
}

extern "C" void on_fatal_signal(int sig) {
    int was = running;
    if (state.compare_exchange_strong(was, dying)) die_of(sig);
    if (was == publishing) {
        int none = 0;
        held_signal.compare_exchange_strong(none, sig);
    }
    // dying: another thread is ending the process.
}

// The signals handled: every one whose default action ends the process, except faults.
std::vector<int> fatal_signals() {
    std::vector<int> out = {SIGHUP,  SIGINT,  SIGQUIT, SIGABRT, SIGUSR1,   SIGUSR2, SIGPIPE,
                            SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO};
#ifdef SIGSTKFLT
    out.push_back(SIGSTKFLT);
#endif
#ifdef SIGPWR
    out.push_back(SIGPWR);
#endif
    for (int s = SIGRTMIN; s <= SIGRTMAX; ++s) out.push_back(s);
    return out;
}

// Installs the handler once, for each signal whose disposition is still the default (one
// the shell ignores, `nohup` or `trap '' PIPE`, stays ignored).
void install_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        const std::vector<int> sigs = fatal_signals();
        struct sigaction sa {};
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        for (int sig : sigs) sigaddset(&sa.sa_mask, sig);  // one handler at a time
        for (int sig : sigs) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL && !(old.sa_flags & SA_SIGINFO))
                ::sigaction(sig, &sa, nullptr);
        }
    });
}

// Holds fatal signals while the outputs are renamed into place (§12: once renaming has
// begun, those signals wait until every output is in place); one that came is delivered at
// the end, unless publishing failed (the error is then reported and the run ends at once).
class SignalsHeld {
public:
    SignalsHeld() noexcept {
        sigset_t held;
        sigemptyset(&held);
        for (int sig : fatal_signals()) sigaddset(&held, sig);
        ::pthread_sigmask(SIG_BLOCK, &held, &old_);
        int was = running;
        if (!state.compare_exchange_strong(was, publishing))
            for (;;) ::pause();  // a signal is ending the process: it must not publish meanwhile
    }
    ~SignalsHeld() {
        int was = publishing;
        state.compare_exchange_strong(was, running);  // from now on a signal ends the run itself
        const int sig = held_signal.exchange(0);      // one that came meanwhile
        ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
        int now = running;
        if (sig != 0 && std::uncaught_exceptions() == 0 && state.compare_exchange_strong(now, dying)) die_of(sig);
    }
    SignalsHeld(const SignalsHeld&) = delete;
    SignalsHeld& operator=(const SignalsHeld&) = delete;

private:
    sigset_t old_;
};

}  // namespace

void catch_fatal_signals(const char* command) noexcept {
    command_name = command;
    install_handlers();
}

int remember_temp_file(const std::string& path) {
    install_handlers();
    if (path.size() >= PATH_MAX) return -1;
    std::lock_guard lock(temp_mutex);
    for (int i = 0; i < max_temps; ++i)
        if (!temp_live[i].load()) {
            std::memcpy(temp_names[i], path.c_str(), path.size() + 1);
            temp_live[i].store(1);
            return i;
        }
    return -1;
}

void forget_temp_file(int slot) noexcept {
    if (slot >= 0 && slot < max_temps) temp_live[slot].store(0);
}

namespace {

// ---- names, locks and leftovers -----------------------------------------------------------

// A random part for a temporary file's name: a new run never meets an old run's file, even
// with the same process id (a container's process is PID 1 at each start).
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

// `.NAME.arrears-` : the start of every file a run keeps beside the output NAME.
std::string prefix_of(const std::string& name) {
    std::string p = ".";  // (appended: GCC 12 gives a false -Wrestrict for "." + std::string, bug 105651)
    p += name;
    p += ".arrears-";
    return p;
}

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

// Removes the temporary files of NAME in `folder` that a killed run left. Called holding
// NAME's lock: every run writing NAME holds it, so every `.NAME.arrears-PID-ID.tmp` here
// belongs to a run that is gone.
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

// The umask, read without changing it (other threads may be creating files).
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("Umask:")) return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
    static const mode_t once = [] {  // no /proc: at the first output, before the work's threads
        const mode_t m = ::umask(022);
        ::umask(m);
        return m;
    }();
    return once;
}

// True when `path` is the root of a mount (a bind-mounted file): renaming over it fails.
bool mount_point(const std::string& path, const std::string& folder) {
    struct statx sx {};
    if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) == 0 &&
        (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
        return (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
    struct stat a {
    }, b{};
    return ::lstat(path.c_str(), &a) == 0 && ::stat(folder.c_str(), &b) == 0 && a.st_dev != b.st_dev;
}

std::string error_text(int err) { return std::strerror(err); }

}  // namespace

// ---- the output file ------------------------------------------------------------------------

OutputFile::OutputFile(std::string option, std::string path) : option_(std::move(option)), path_(std::move(path)) {
    install_handlers();
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

    sweep_leftovers(folder_, name_);

    // O_EXCL: never write through someone else's file or link. 0600 while it is written: it
    // takes the target's mode when it is published (a restricted file is never readable).
    for (int attempt = 0;; ++attempt) {
        const std::string temp_name = prefix_of(name_) + random_id() + ".tmp";
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

void OutputFile::check_replaceable(const char* when) const {
    struct stat st {};
    if (::stat(target_.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw UsageError(fmt::format("{} '{}': is a folder, not a file{}", option_, path_, when));
    if (mount_point(target_, folder_))
        throw UsageError(
            fmt::format("{} '{}': is a mount point (a file mounted there, e.g. by mount --bind), "
                        "which cannot be replaced; write the output elsewhere and copy it{}",
                        option_, path_, when));
    if (*when && ::access(folder_.c_str(), W_OK | X_OK) != 0)
        throw UsageError(fmt::format("{} '{}': cannot write in the folder {}: {}{}", option_, path_, folder_,
                                     error_text(errno), when));
}

void OutputFile::take_mode_and_owner() const {
    struct stat old {
    }, mine{};
    if (::stat(temp_.c_str(), &mine) != 0) return;
    mode_t mode = 0666 & ~current_umask();
    if (::stat(target_.c_str(), &old) == 0 && S_ISREG(old.st_mode)) {
        // Owner first: chown clears the set-id bits, chmod then sets the mode whole. Where
        // the owner cannot be given (not root), the group may still be.
        if ((old.st_uid != mine.st_uid || old.st_gid != mine.st_gid) &&
            ::chown(temp_.c_str(), old.st_uid, old.st_gid) != 0 && old.st_gid != mine.st_gid)
            (void)::chown(temp_.c_str(), static_cast<uid_t>(-1), old.st_gid);
        mode = old.st_mode & 07777;
    }
    (void)::chmod(temp_.c_str(), mode);
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

// ---- publishing, all or nothing ------------------------------------------------------------

namespace {

// One output renamed into place: what it replaced, kept aside until every output is in place.
struct Replaced {
    OutputFile* file;
    std::string target, option, path;
    std::string kept;  // the previous file, linked aside; empty: there was none
    bool existed = false;
};

// Removes the previous files kept aside, now that every output is in place. Removing a file
// frees its blocks and its cached pages, a time that grows with its size (a tenth of a second
// for 250 MB): with several, each is removed on a thread of its own, at the same time (a run
// replacing its collection file and its Bacs file waits for the larger, not for both). The
// threads start with the fatal signals held, as the caller holds them (SignalsHeld).
void remove_kept(const std::vector<Replaced>& done) {
    std::vector<const std::string*> kept;
    for (const Replaced& r : done)
        if (!r.kept.empty()) kept.push_back(&r.kept);
    if (kept.empty()) return;
    std::vector<std::thread> helpers;
    std::size_t k = 1;  // kept[0] is removed on this thread, and those no thread could be had for
    for (; k < kept.size(); ++k) try {
            helpers.emplace_back([path = kept[k]] { ::unlink(path->c_str()); });
        } catch (const std::system_error&) {
            break;
        }
    ::unlink(kept[0]->c_str());
    for (; k < kept.size(); ++k) ::unlink(kept[k]->c_str());
    for (std::thread& t : helpers) t.join();
}

}  // namespace

void publish_outputs(std::span<OutputFile* const> files) {
    std::vector<OutputFile*> todo;
    for (OutputFile* f : files)
        if (!f->temp_.empty()) todo.push_back(f);
    // Every target checked before the first is replaced: a target made a folder or a mount
    // point during the run, a folder made read-only, a temporary file removed by someone.
    for (OutputFile* f : todo) {
        f->check_replaceable(": no output was changed");
        struct stat st {};
        if (::lstat(f->temp_.c_str(), &st) != 0)
            throw UsageError(fmt::format("{} '{}': its temporary file '{}' is gone: {}; no output was changed",
                                         f->option_, f->path_, f->temp_, error_text(errno)));
        f->take_mode_and_owner();
    }

    std::vector<Replaced> done;
    std::set<std::string> folders;
    // Puts back every output replaced so far, newest first; the ones that cannot be are named.
    auto put_back = [&]() {
        std::vector<std::string> stuck;
        for (auto it = done.rbegin(); it != done.rend(); ++it) {
            const int rc = it->existed ? (it->kept.empty() ? -1 : std::rename(it->kept.c_str(), it->target.c_str()))
                                       : ::unlink(it->target.c_str());
            if (rc != 0) {
                const int err = it->existed && it->kept.empty() ? ENOTSUP : errno;
                stuck.push_back(it->kept.empty() ? fmt::format("{} '{}' ({})", it->option, it->path, error_text(err))
                                                 : fmt::format("{} '{}' ({}; its previous content is in '{}')",
                                                               it->option, it->path, error_text(err), it->kept));
            }
        }
        return stuck;
    };
    {
        const SignalsHeld held;
        for (OutputFile* f : todo) {
            Replaced r{f, f->target_, f->option_, f->path_, {}, false};
            struct stat st {};
            r.existed = ::lstat(r.target.c_str(), &st) == 0;
            if (r.existed) {
                // The old file stays reachable until every output is in place: a hard link
                // (a file system without them: the file itself moved aside).
                const std::string kept =
                    (std::filesystem::path(f->folder_) / (prefix_of(f->name_) + random_id() + ".old.tmp")).string();
                if (::link(r.target.c_str(), kept.c_str()) == 0 || std::rename(r.target.c_str(), kept.c_str()) == 0)
                    r.kept = kept;
            }
            if (std::rename(f->temp_.c_str(), r.target.c_str()) != 0) {
                const int err = errno;
                if (!r.kept.empty() && ::access(r.target.c_str(), F_OK) != 0)
                    (void)std::rename(r.kept.c_str(), r.target.c_str());
                else if (!r.kept.empty())
                    ::unlink(r.kept.c_str());
                const std::vector<std::string> stuck = put_back();
                f->discard();
                const std::string why =
                    fmt::format("{} '{}': cannot replace it: {}", f->option_, f->path_, error_text(err));
                if (!stuck.empty()) {
                    std::string names;
                    for (const std::string& s : stuck) names += (names.empty() ? "" : ", ") + s;
                    throw PartlyWritten(
                        fmt::format("{}; these outputs were already replaced and could not be put "
                                    "back: {}; every other output is as it was",
                                    why, names));
                }
                throw UsageError(done.empty() ? why + "; no output was changed"
                                              : why +
                                                    "; every output already replaced was put back: no output "
                                                    "was changed");
            }
            f->forget_temp();
            f->temp_.clear();
            folders.insert(f->folder_);
            done.push_back(std::move(r));
        }
        remove_kept(done);
        published.store(1);
    }
    // The renames on disk too: a power cut now keeps the new outputs, all of them.
    for (const std::string& folder : folders) {
        const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) continue;
        if (::fsync(fd) != 0 && errno != EINVAL)
            std::fprintf(stderr, "warning: cannot sync the folder %s: %s\n", folder.c_str(), std::strerror(errno));
        ::close(fd);
    }
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
