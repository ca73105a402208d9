// Publishing the outputs of a run (output_files.hpp's publish_outputs), all or nothing
// (recovery-rules §12): every target checked, each temporary file given the mode and owner of
// the file it replaces, then renamed into place with the old file kept aside until every output
// is in place, put back if a rename fails, and the kept files removed side by side at the end.
// Apart from writing the outputs because it is the one step that changes what a user has.
#include "output_files.hpp"
#include "output_files_detail.hpp"

#include <fmt/core.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace arrears::cli {

using detail::error_text;

namespace {

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

}  // namespace

// ---- the checks before publishing ---------------------------------------------------------

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

// ---- publishing ----------------------------------------------------------------------------

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
        const detail::SignalsHeld held;
        for (OutputFile* f : todo) {
            Replaced r{f, f->target_, f->option_, f->path_, {}, false};
            struct stat st {};
            r.existed = ::lstat(r.target.c_str(), &st) == 0;
            if (r.existed) {
                // The old file stays reachable until every output is in place: a hard link
                // (a file system without them: the file itself moved aside).
                const std::string kept = (std::filesystem::path(f->folder_) /
                                          (detail::prefix_of(f->name_) + detail::random_id() + ".old.tmp"))
                                             .string();
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
        detail::mark_published();
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

}  // namespace arrears::cli
