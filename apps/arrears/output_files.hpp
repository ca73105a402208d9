// An output file of `arrears recover`: written to a temporary file beside its target, synced
// and renamed over the target only when the whole run has succeeded, so a failed run never
// leaves a partial file and never replaces a good one (recovery-rules §12 "Nothing is lost").
//
// Beside each target NAME a run keeps, while it runs, a lock file `.NAME.arrears.lock` (one
// run at a time per output) and its temporary files `.NAME.arrears-PID-ID.tmp` (ID random,
// so a new run never meets an old run's file, even with the same PID in a container). A run
// holding the lock sweeps the temporary files of NAME that a killed run left (`kill -9`, the
// OOM killer): their owner cannot be alive, for it would hold the lock.
#pragma once

#include "options.hpp"

#include <arrears/io/output.hpp>

#include <fmt/core.h>

#include <cstdio>
#include <span>
#include <string>

namespace arrears::cli {

/// From now on every signal whose default action ends the process and that is not ignored
/// (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ, SIGXCPU, SIGALRM, SIGUSR1, SIGUSR2,
/// SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSTKFLT, SIGABRT and the real-time signals) removes
/// the run's temporary and lock files, says on standard error which signal stopped the run
/// (`COMMAND: stopped by SIGPIPE (...): every output is as it was`) and ends the process by
/// that signal, as its default action would. While outputs are published (publish_outputs)
/// the signal waits until every output is in place, or put back. Faults (SIGSEGV, SIGBUS,
/// SIGILL, SIGFPE) are left to their default action and to the sanitizers.
void catch_fatal_signals(const char* command) noexcept;

/// A temporary file of the run's own (not an OutputFile's): a fatal signal removes it.
/// Returns a slot for forget_temp_file (-1 when none is free: it is then not removed).
int remember_temp_file(const std::string& path);
/// The file is gone or kept: no longer removed on a signal. A slot of -1 is ignored.
void forget_temp_file(int slot) noexcept;

/// A scratch file for a library that opens its file by name (libxlsxwriter): an unnamed
/// file (O_TMPFILE) reached as /proc/self/fd/N, which disappears with the process whatever
/// stops it; where the file system or /proc cannot do that, a named temporary file in
/// `folder` (`.STEM.arrears-PID-ID.tmp`, removed by the destructor and on a fatal signal,
/// swept after a kill by the next run into STEM). Throws UsageError naming `option`.
class ScratchFile {
public:
    ScratchFile(const std::string& option, const std::string& folder, const std::string& stem);
    ~ScratchFile();
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    /// The name to open it by.
    [[nodiscard]] const std::string& name() const noexcept { return name_; }

private:
    std::string name_;
    std::string named_;  // the named fallback's path, removed at the end
    int fd_ = -1;
    int slot_ = -1;
};

/// An output written to a temporary file in the target's directory and renamed over the
/// target only by publish_outputs(), so a failed run never leaves a partial file. `-` is
/// stdout; a target that exists and is not a regular file (/dev/null, a pipe, a terminal,
/// a link to one) is written directly: renaming over it would replace the device or the
/// link. A symbolic link to a file: the file it points to is replaced, the link stays.
/// Failures are UsageError naming `option` and the path: a folder, a mount point (a bind
/// mount cannot be renamed over), another run holding the target's lock, a temporary file
/// that cannot be created (its name given).
class OutputFile {
public:
    OutputFile(std::string option, std::string path);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();

    [[nodiscard]] std::FILE* file() const noexcept { return file_; }
    [[nodiscard]] const std::string& option() const noexcept { return option_; }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    /// The file that holds what was written, for hashing it: the temporary file before
    /// publishing, the target after; empty for standard output and devices written in place.
    [[nodiscard]] std::string bytes_path() const {
        return direct_ || path_ == "-" ? "" : temp_.empty() ? target_ : temp_;
    }
    /// A scratch file beside the target (in the system's temporary folder for standard
    /// output or a device), for a library that writes its own file first.
    [[nodiscard]] std::unique_ptr<ScratchFile> scratch() const;

    /// Asks the kernel to start writing what has reached the file so far to disk, without
    /// waiting: finish()'s fsync then waits only for the end of the file, not all of it.
    void start_writeback() noexcept;
    /// Flushes, syncs and closes the temporary file: after this only publishing is left.
    void finish();

private:
    friend void publish_outputs(std::span<OutputFile* const> files);
    [[noreturn]] void fail(const char* what);
    void discard() noexcept;
    void forget_temp() noexcept;
    // The target's lock file (temp_files.cpp): taken by the constructor, held until the run ends.
    void take_lock();
    void release_lock() noexcept;
    // publish_outputs' steps: the checks (and the target's mode and owner given to the
    // temporary file), then the rename with the old file kept aside until all are done.
    void check_replaceable(const char* when) const;
    void take_mode_and_owner() const;

    std::string option_;
    std::string path_;
    std::string target_;         // what the temporary file replaces: path_, or the file a link points to
    std::string folder_, name_;  // the target's folder and file name
    std::string temp_;
    std::string lock_path_;
    std::FILE* file_ = nullptr;
    bool direct_ = false;  // a device or pipe, written in place
    int slot_ = -1;        // where the temporary file is registered for the signal handler
    int lock_fd_ = -1;     // the target's lock file, held while the run lasts
    int lock_slot_ = -1;
};

/// Renames every finished file over its target, all or nothing (recovery-rules §12): first
/// every target is checked (a folder, a mount point, a folder that cannot be written, a
/// temporary file gone: UsageError, nothing replaced); each temporary file takes the mode and
/// owner of the file it replaces (a new one the umask's); then each is renamed into place,
/// the file it replaces kept aside (a hard link, `.NAME.arrears-PID-ID.old.tmp`). If a
/// rename still fails, every output already replaced is put back and the UsageError says so
/// (exit 2: nothing written); if one cannot be put back, PartlyWritten names each output and
/// where its previous content is (exit 3). The folders are synced after. Fatal signals wait
/// from the first rename to the last (catch_fatal_signals).
void publish_outputs(std::span<OutputFile* const> files);

/// Runs f(), which writes to `out`; a failed write (io::WriteError: a full disk, a closed
/// pipe) becomes a UsageError naming that output's file (§12: the message names the file).
template <class F>
void writing_to(const OutputFile& out, F&& f) {
    try {
        f();
    } catch (const io::WriteError& e) {
        throw UsageError(fmt::format("{}: {}", out.path(), e.what()));
    }
}

/// A file the run reads or writes, with the option that names it.
struct NamedPath {
    std::string option;
    std::string path;
};

/// recovery-rules §12 "Nothing is lost": a UsageError, before anything is written, when an
/// output names an input (the same path, or the same file through a symbolic or hard link:
/// file identity is compared, not text), or when two outputs name one file (`-`, standard
/// output, included, also as /dev/stdout). Empty paths are ignored. /dev/null, reached by
/// two different names, may take both: nothing is lost there.
void check_outputs(std::span<const NamedPath> inputs, std::span<const NamedPath> outputs);

}  // namespace arrears::cli
