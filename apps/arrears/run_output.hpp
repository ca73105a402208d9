// An output of a run (`arrears recover`, and later `arrears replan`): a file made from the
// accounts' results as they stream past a block at a time. Each output formats a chunk's
// rows on the worker thread that recovered them, writes a block's chunks in input order,
// finishes (complete on disk), describes itself for the manifest and lists the files it
// publishes; RunOutputs runs them all in one order and publishes them in one place.
#pragma once

#include "output_files.hpp"
#include "run_summary.hpp"

#include <arrears/io/block_recovery.hpp>
#include <arrears/io/output.hpp>
#include <arrears/replan.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears {
class ThreadPool;
}

namespace arrears::cli {

class Manifest;

/// Blocks take turns between two sets of buffers: one block is written (in input order, on
/// the writer thread) while the next is recovered and formatted into the other set.
inline constexpr std::size_t buffer_sets = 2;
/// The most chunks a block is cut into.
inline constexpr std::size_t max_chunks = io::BlockRecovery::chunks(io::BlockRecovery::block_rows);

/// One chunk of a block of accounts, as an output sees it on the worker thread formatting it.
struct Chunk {
    std::size_t slot;   ///< the buffer set the block uses (blocks take turns)
    std::size_t index;  ///< the chunk's number within its block
    /// The block's rows as read (kept cells come from here): valid during format() only.
    const io::TextTable& table;
    /// The block's accounts (their plans, for the notices): valid during format() only.
    const io::BlockRecovery& accounts;
    std::span<const AccountResult> results;  ///< the whole block's results, by row
    std::size_t first, last;                 ///< this chunk's rows: [first, last)
    /// `arrears replan` (§15): the whole block's replanned accounts, by row (their changed
    /// collections, notice kind, R_open, credit); empty in `recover`. Their result's schedule
    /// is not copied here (always empty): the schedule is results[i]'s.
    std::span<const ReplanResult> replans{};

    [[nodiscard]] std::span<const AccountResult> rows() const noexcept { return results.subspan(first, last - first); }
};

/// A block of accounts, as an output sees it on the writer thread, in input order.
struct Block {
    std::size_t slot;                        ///< the buffer set format() filled for it
    std::size_t chunks;                      ///< its chunks: [0, chunks) of that set
    std::span<const AccountResult> results;  ///< its results, in input order
};

/// The accounts file as the outputs see it before its first row.
struct AccountsFile {
    std::string_view path;                ///< as given
    std::span<const std::string> header;  ///< its columns after --map: the names the rows' cells go by
    std::span<const std::string> own;     ///< the file's own names, before --map (what --keep names)
};

/// A file the run read, for the manifest (and the workbook's `run` sheet): its path as given,
/// its data rows (none for a file without rows: a holiday list, a letter template) and the
/// SHA-256 of the bytes the run read.
struct InputRead {
    std::string path;
    std::optional<std::size_t> rows;
    std::string sha256;  ///< of the bytes read (InputHashes, manifest.hpp); empty with no --manifest or --workbook
};

/// What the whole run read and found, final once the last block is written: what outputs
/// finish and describe themselves with.
struct RunRecord {
    std::span<const std::string> arguments;    ///< the program's arguments after its name
    std::span<const InputRead> inputs;         ///< every file read, in the manifest's order
    const RunStats& stats;                     ///< accounts by status, totals, by month
    std::span<const io::ReportedRow> skipped;  ///< ledger and payments rows reported (§12)
    /// For an output that describes_others(): what the outputs finished before it reported
    /// and summarised, and how many collections they left out of the bank files (§12 `run`).
    std::span<const std::string> outputs_reported{};
    std::span<const std::string> outputs_summary{};
    std::size_t left_out = 0;
};

/// An output file (or files) of a run. Calls come in this order: begin(); for each block,
/// format() for each of its chunks (on worker threads, several chunks at once) and then
/// write() (on one thread, blocks in input order, while the next block is formatted into
/// the other buffer set); finish(); describe(); and the files() are published together by
/// RunOutputs::publish(). An output creates its temporary files when it is made, so an
/// unwritable folder stops the run before any work. Failures are UsageError naming the
/// output's option or file (write failures through writing_to()).
class RunOutput {
public:
    RunOutput() = default;
    RunOutput(const RunOutput&) = delete;
    RunOutput& operator=(const RunOutput&) = delete;
    virtual ~RunOutput() = default;

    /// The accounts file's header is known (and `--keep`'s columns found): checks what the
    /// output needs of it and writes what comes before the rows.
    virtual void begin(const AccountsFile& accounts) { (void)accounts; }
    /// On a worker thread: formats the chunk's rows into this output's buffers of
    /// (chunk.slot, chunk.index) only; nothing shared is changed.
    virtual void format(const Chunk& chunk) { (void)chunk; }
    /// On the writer thread, in input order: writes what format() made of the block's chunks.
    virtual void write(const Block& block) { (void)block; }
    /// After the last block: writes the end and flushes and syncs every file.
    virtual void finish(const RunRecord& run) = 0;
    /// For the manifest, after finish(): each file with the file holding its bytes and its
    /// data rows (Manifest::output), in files() order.
    virtual void describe(Manifest& manifest, const RunRecord& run) const = 0;
    /// Appends the files to publish, each finished.
    virtual void files(std::vector<OutputFile*>& out) = 0;
    /// Lines for standard error about rows it could not take as asked (the run exits 1).
    [[nodiscard]] virtual std::span<const std::string> reported() const { return {}; }
    /// Collections of the schedules this output left out of the bank files (§14: bad bank
    /// details, already submitted, too late for the Bacs file) — each among reported() but,
    /// in replan, the told collections a `--submitted` file holds at their told amount
    /// (sent as told: counted here, stated in the summary lines, not reported).
    [[nodiscard]] virtual std::size_t left_out() const { return 0; }
    /// True for an output that records the others (the workbook's `run` sheet, the
    /// manifest): finished after every output that is not, in the order added, its
    /// RunRecord carrying their reports.
    [[nodiscard]] virtual bool describes_others() const { return false; }
    /// Lines for the standard-error summary after the run's figures: what it wrote, what it
    /// counted (not problems: the exit status is unchanged).
    [[nodiscard]] virtual std::vector<std::string> summary() const { return {}; }
};

/// A buffer of each chunk of each buffer set: what an output formats a chunk into.
template <class T>
class ChunkBuffers {
public:
    T& operator[](const Chunk& c) { return at(c.slot, c.index); }
    T& at(std::size_t slot, std::size_t chunk) { return sets_[slot][chunk]; }

private:
    std::array<std::array<T, max_chunks>, buffer_sets> sets_;
};

/// An output of one table, CSV or JSON (`--schedule`, `--summary`, replan's `--summary` and
/// `--collections`): each chunk's rows formatted as text on its worker thread
/// (format_rows()), the blocks' text joined in input order by an io::ResultWriter (the head,
/// JSON's separators and end), each block handed to the disk as it is written, the rows
/// counted for the manifest.
class TableOutput : public RunOutput {
public:
    void format(const Chunk& chunk) final;
    void write(const Block& block) final;
    void finish(const RunRecord& run) override;
    /// Rows: those format_rows() counted.
    void describe(Manifest& manifest, const RunRecord& run) const override;
    void files(std::vector<OutputFile*>& out) final { out.push_back(&file_); }

protected:
    /// The table for `option` to `path` (`-`: standard output), its file created now.
    TableOutput(io::Format format, std::string option, std::string path)
        : format_(format), file_(std::move(option), std::move(path)) {}
    /// Writes the head: one of arrears' own tables, or a table of `columns` (which must
    /// outlive this). Before the first write(): made, or at begin().
    void start(io::Table table) { writer_.emplace(table, format_, file_.file()); }
    void start(std::span<const std::string_view> columns) { writer_.emplace(columns, format_, file_.file()); }
    /// On a worker thread: appends the chunk's rows to `text` as rows that follow others
    /// (io::ResultWriter::append) and returns how many.
    virtual std::size_t format_rows(const Chunk& chunk, std::string& text) = 0;

    io::Format format_;
    OutputFile file_;

private:
    std::optional<io::ResultWriter> writer_;  // to file_, from start()
    ChunkBuffers<std::string> text_;
    ChunkBuffers<std::size_t> rows_of_;
    std::size_t rows_ = 0;
};

/// The outputs of a run in the order they are made, written, finished, described and
/// published: a manifest goes last, so it describes the others complete.
class RunOutputs {
public:
    /// Makes an output (its temporary files with it) and adds it after the others; only
    /// before begin().
    template <class Output, class... Args>
    Output& add(Args&&... args) {
        auto made = std::make_unique<Output>(std::forward<Args>(args)...);
        Output& output = *made;
        list_.push_back(std::move(made));
        return output;
    }

    void begin(const AccountsFile& accounts);
    void format(const Chunk& chunk);
    void write(const Block& block);
    /// Finishes every output (those that describes_others() after the rest, in order, given
    /// the rest's reports): each file complete on disk before any is published. The rest are
    /// finished side by side on `pool`'s threads when one is given (each writes and syncs its
    /// own files only: the collection file's and the Bacs file's last passes, each hundreds of
    /// megabytes at a million accounts, overlap); what one throws is rethrown once all are
    /// done, the first output's in order when several throw, so the error is the same for any
    /// thread count.
    void finish(const RunRecord& run, ThreadPool* pool = nullptr);
    /// Every output's files for the manifest, in order.
    void describe(Manifest& manifest, const RunRecord& run) const;
    /// Every output's reported lines, in order.
    [[nodiscard]] std::vector<std::string> reported() const;
    /// Every output's summary lines, in order.
    [[nodiscard]] std::vector<std::string> summary() const;
    /// Renames every finished file over its target, in order, all or nothing
    /// (publish_outputs: §12 "Nothing is lost"; once the first is renamed, fatal signals wait
    /// until the last is in place). The one place a run's files are published.
    void publish();

private:
    std::vector<std::unique_ptr<RunOutput>> list_;
};

}  // namespace arrears::cli
