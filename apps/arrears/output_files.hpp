// An output file of `arrears recover`: written to a temporary file beside its target, synced
// and renamed over the target only when the whole run has succeeded, so a failed run never
// leaves a partial file and never replaces a good one.
#pragma once

#include "options.hpp"

#include <arrears/io/output.hpp>

#include <fmt/core.h>

#include <cstdio>
#include <span>
#include <string>

namespace arrears::cli {

/// An output written to a temporary file in the target's directory and renamed over the
/// target only by publish(), so a failed run never leaves a partial file. `-` is stdout; a
/// target that exists and is not a regular file (/dev/null, a pipe, a terminal, a link to
/// one) is written directly: renaming over it would replace the device or the link.
/// Failures are UsageError naming `option` and the path.
class OutputFile {
public:
    OutputFile(std::string option, std::string path);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile() { discard(); }

    [[nodiscard]] std::FILE* file() const noexcept { return file_; }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    /// The file that holds what was written, for hashing it: the temporary file before
    /// publish(), the target after; empty for standard output and devices written in place.
    [[nodiscard]] std::string bytes_path() const { return direct_ || path_ == "-" ? "" : temp_.empty() ? target_ : temp_; }

    /// Asks the kernel to start writing what has reached the file so far to disk, without
    /// waiting: finish()'s fsync then waits only for the end of the file, not all of it.
    void start_writeback() noexcept;
    /// Flushes, syncs and closes the temporary file: after this only publish() is left.
    void finish();
    /// Renames the finished temporary file over the target.
    void publish();

private:
    [[noreturn]] void fail(const char* what);
    void discard() noexcept;
    void forget_temp() noexcept;

    std::string option_;
    std::string path_;
    std::string target_;  // what the temporary file replaces: path_, or the file a link points to
    std::string temp_;
    std::FILE* file_ = nullptr;
    bool direct_ = false;  // a device or pipe, written in place
    int slot_ = -1;        // where the temporary file is registered for the signal handler
};

/// A temporary file of the run's own (not an OutputFile's): SIGINT or SIGTERM removes it.
/// Returns a slot for forget_temp_file (-1 when none is free: it is then not removed).
int remember_temp_file(const std::string& path);
/// The file is gone or kept: no longer removed on a signal. A slot of -1 is ignored.
void forget_temp_file(int slot) noexcept;

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

/// Holds SIGINT and SIGTERM while the outputs are renamed into place (§12: once renaming has
/// begun, those signals wait until every output is in place); they are delivered on exit.
class SignalsHeld {
public:
    SignalsHeld() noexcept;
    ~SignalsHeld();
    SignalsHeld(const SignalsHeld&) = delete;
    SignalsHeld& operator=(const SignalsHeld&) = delete;

private:
    unsigned char old_[128];  // a sigset_t, kept opaque here
};

}  // namespace arrears::cli
