// The audit record of an `arrears recover` run (recovery-rules §12 `--manifest`): the
// version, the arguments, every input and output with its SHA-256 and its data rows, the
// accounts by status and the totals. No time stamp: the same run gives the same manifest.
#pragma once

#include "output_files.hpp"
#include "run_output.hpp"

#include <arrears.hpp>

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::cli {

/// The SHA-256 of the file at `path` as 64 lower-case hex digits. Throws UsageError naming
/// the file when it cannot be read.
std::string sha256_of_file(const std::string& path);

/// SHA-256 over bytes as they go past (OpenSSL EVP).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view bytes);
    /// The hash of the bytes so far, as 64 lower-case hex digits.
    [[nodiscard]] std::string hex() const;

private:
    void* ctx_;  // an EVP_MD_CTX
};

/// The SHA-256 of each input as the run read it, by the option naming the file: the manifest
/// records the bytes the run used, not what the path holds after the run (§12; a file
/// replaced during the run is recorded as it was read).
class InputHashes {
public:
    /// The hashes of a run with the output paths `manifest` and `workbook` (empty: not asked
    /// for). Only those two show them (InputRead::sha256: the manifest's inputs, the
    /// workbook's `run` sheet); with neither, nothing is hashed: hook() gives no hook (a
    /// reader calls none) and hex() is empty.
    InputHashes(const std::string& manifest, const std::string& workbook)
        : wanted_(!manifest.empty() || !workbook.empty()) {}
    /// A CsvReader hook (io::CsvReader::ReadHook) hashing what it reads into `option`'s
    /// entry, made now (on this thread); the hook may run on another thread.
    std::function<void(std::string_view)> hook(const std::string& option);
    /// A file read whole.
    void whole(const std::string& option, std::string_view bytes);
    /// The hash of what was read for `option`; empty when nothing was.
    [[nodiscard]] std::string hex(const std::string& option) const;

private:
    bool wanted_;
    std::map<std::string, std::shared_ptr<Sha256>> by_option_;
};

/// The whole file `option` names (io::read_whole_file, at most `max_bytes` of a `what`),
/// hashed into `hashes`; a UsageError naming the option when it cannot be read or is too big.
std::string read_input_file(std::string_view option, const std::string& path, std::size_t max_bytes,
                            std::string_view what, InputHashes& hashes);

class Manifest {
public:
    /// `arguments`: the program's arguments after its name, as given.
    explicit Manifest(std::vector<std::string> arguments) : arguments_(std::move(arguments)) {}

    /// A file read: `sha256` the hash of the bytes read (InputHashes), `rows` its data
    /// records (header and blank rows excluded), or none for a file that has no rows (a
    /// holiday list, a letter template).
    void input(std::string path, std::string sha256, std::optional<std::size_t> rows) {
        inputs_.push_back({std::move(path), std::move(sha256), rows});
    }
    /// A file written, whose bytes are now in `written` (its temporary file before it is
    /// renamed into place; empty for standard output or a device, whose hash is null).
    void output(std::string path, std::string written, std::optional<std::size_t> rows) {
        outputs_.push_back({std::move(path), std::move(written), rows});
    }
    /// Accounts by status, in the order of all_statuses, and the totals of the stderr summary.
    void results(const std::array<std::size_t, all_statuses.size()>& by_status, Money arrears, Money scheduled) {
        by_status_ = by_status;
        arrears_ = arrears;
        scheduled_ = scheduled;
    }
    /// The ledger, payments and mandates rows reported (§12 `reported`).
    void reported(std::span<const io::ReportedRow> rows) { reported_.assign(rows.begin(), rows.end()); }
    /// The manifest's JSON text (hashing every file now).
    [[nodiscard]] std::string json() const;

private:
    struct Entry {
        std::string path;
        std::string written;  // outputs: the file holding the bytes; inputs: their SHA-256
        std::optional<std::size_t> rows;
    };
    std::vector<std::string> arguments_;
    std::vector<Entry> inputs_, outputs_;
    std::array<std::size_t, all_statuses.size()> by_status_{};
    Money arrears_, scheduled_;
    std::vector<io::ReportedRow> reported_;
};

/// `--manifest` as an output of the run, made after every other: at finish() it records the
/// arguments, the inputs, the outputs before it (finished, so their bytes can be hashed)
/// and the run's figures, and it is published last.
class ManifestOutput final : public RunOutput {
public:
    ManifestOutput(std::string path, const RunOutputs& outputs)
        : outputs_(outputs), file_("--manifest", std::move(path)) {}
    void finish(const RunRecord& run) override;
    /// It hashes the others' files: finished after all of them, the workbook included.
    [[nodiscard]] bool describes_others() const override { return true; }
    /// Not listed in itself.
    void describe(Manifest&, const RunRecord&) const override {}
    void files(std::vector<OutputFile*>& out) override { out.push_back(&file_); }

private:
    const RunOutputs& outputs_;
    OutputFile file_;
};

}  // namespace arrears::cli
