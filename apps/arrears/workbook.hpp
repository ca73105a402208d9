// `arrears recover --workbook FILE.xlsx` (recovery-rules §12): one Excel workbook with the
// sheets `schedule`, `summary`, `cash flow` (with its chart), `notices` and `collections`
// (when those options are given) and `run`, written with libxlsxwriter as the run goes.
// Dates are Excel dates shown dd/mm/yyyy, money numbers written from exact pence with the
// format `£#,##0.00`, counts numbers, everything else text (never a formula); each sheet
// prints on A4 landscape one page wide with its header row repeated, and has that row
// frozen and columns as wide as their text; a sheet full at 1,048,575 data rows continues
// on `schedule (2)`, ...
#pragma once

#include "manifest.hpp"
#include "output_files.hpp"
#include "run_output.hpp"
#include "run_summary.hpp"

#include <arrears.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::cli {

/// One kind of sheet: its base name, its header, and how wide each column has grown. Rows
/// go to `name`, then `name (2)`, ... as each fills up.
class WorkbookSheet;

/// Which sheets a workbook has besides `schedule`, `summary`, `cash flow` and `run`.
struct WorkbookSheets {
    bool notices = false;      ///< `--notices` given
    bool collections = false;  ///< `--collections` given
    /// `arrears replan` (§15): the summary sheet has replan's columns (§9's, then
    /// `shortfall` and `changed`), the notices are the changed accounts', the collections
    /// sheet replan's collection file (`action`, `previous_amount`), and the run sheet counts
    /// the accounts changed and on course and the total shortfall.
    bool replan = false;
};

class Workbook {
public:
    /// Opens the workbook for `--workbook PATH` (a temporary file until published), its
    /// creation time `created` (the notice date: the same run gives the same bytes), its
    /// sheets made in §12's order: schedule, summary, cash flow, notices, collections, run
    /// (a sheet past 1,048,575 rows continues on `schedule (2)`, ... after them).
    Workbook(std::string option, std::string path, Date created, WorkbookSheets sheets);
    ~Workbook();
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    /// The schedule and summary rows of a block of accounts, in input order.
    void add(std::span<const AccountResult> block);

    /// The notices, collections and run sheets (absent ones: nullptr), filled row by row
    /// through text()/money()/date()/count() and end_row(); set_header() before the first row.
    [[nodiscard]] WorkbookSheet& summary() noexcept;
    [[nodiscard]] WorkbookSheet* notices() noexcept;
    [[nodiscard]] WorkbookSheet* collections() noexcept;
    [[nodiscard]] WorkbookSheet& run() noexcept;

    /// Writes the `cash flow` sheet from the run's months (those after `horizon` marked
    /// `after_year_end`), a blank row and the total, with a column chart of regular and
    /// recovery by month; sets the widths, closes the workbook and completes the temporary file.
    void finish(const std::map<int, MonthFlow>& by_month, Date horizon);
    /// The output file the finished workbook is in (published with the run's others).
    [[nodiscard]] OutputFile& file() noexcept { return out_; }
    [[nodiscard]] const OutputFile& file() const noexcept { return out_; }
    /// The data rows of every sheet (headers excluded), for the manifest.
    [[nodiscard]] std::size_t data_rows() const noexcept;

private:
    WorkbookSheet& sheet(std::string_view name, std::vector<std::string> header);
    struct State;
    OutputFile out_;
    std::unique_ptr<State> state_;
};

/// A sheet being filled (see Workbook::sheet). Cells of a row go left to right.
class WorkbookSheet {
public:
    /// Text; over Excel's 32,767 characters, its start and "… [cut: N characters]".
    void text(std::string_view s);
    void money(Money m);
    void date(Date d);
    void count(std::int64_t n);
    void blank();
    /// Replaces the header (before the first row: the notices' and collections' kept columns).
    void set_header(std::vector<std::string> header);
    /// Ends the row; the next cell starts the next row (on a new sheet when this one is full).
    void end_row();

    struct Impl;
    explicit WorkbookSheet(std::unique_ptr<Impl> impl);
    ~WorkbookSheet();
    WorkbookSheet(const WorkbookSheet&) = delete;
    WorkbookSheet& operator=(const WorkbookSheet&) = delete;

private:
    friend class Workbook;
    std::unique_ptr<Impl> impl_;
};

class NoticeSource;

/// `--workbook` as an output of the run: each block's schedule, summary and notices rows as
/// they are written, the collections (sorted by date, held like the collection file's), the
/// cash flow and the `run` sheet at the end.
class WorkbookOutput final : public RunOutput {
public:
    /// `created`: the notice date (the workbook's creation time). `notices`/`collections`: whether those sheets are
    /// asked for (`--notices`,
    /// `--collections`); `source` gives their rows.
    WorkbookOutput(std::string path, const NoticeSource& source, Date created, WorkbookSheets sheets);
    ~WorkbookOutput() override;
    void begin(const AccountsFile& accounts) override;
    void format(const Chunk& chunk) override;
    void write(const Block& block) override;
    void finish(const RunRecord& run) override;
    /// The `run` sheet records the bank files' reports: finished after them.
    [[nodiscard]] bool describes_others() const override { return true; }
    /// Rows: every sheet's.
    void describe(Manifest& manifest, const RunRecord&) const override {
        manifest.output(book_.file().path(), book_.file().bytes_path(), book_.data_rows());
    }
    void files(std::vector<OutputFile*>& out) override { out.push_back(&book_.file()); }

private:
    struct Rows;
    const NoticeSource& source_;
    WorkbookSheets sheets_;
    Workbook book_;
    std::unique_ptr<Rows> rows_;
};

}  // namespace arrears::cli
