// An output file of `arrears recover`: written to a temporary file beside its target, synced
// and renamed over the target only when the whole run has succeeded, so a failed run never
// leaves a partial file and never replaces a good one.
#pragma once

#include <cstdio>
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

    std::string option_;
    std::string path_;
    std::string target_;  // what the temporary file replaces: path_, or the file a link points to
    std::string temp_;
    std::FILE* file_ = nullptr;
    bool direct_ = false;  // a device or pipe, written in place
};

}  // namespace arrears::cli
