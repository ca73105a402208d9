// `arrears recover --workbook FILE.xlsx` (recovery-rules §12): one Excel workbook with the
// sheets `schedule`, `summary` and `cash flow`, written with libxlsxwriter as the run goes.
// Dates are Excel dates, money numbers written from exact pence with the format `£#,##0.00`,
// counts numbers, everything else text; each sheet has a frozen header row and columns as
// wide as their text; a sheet full at 1,048,575 data rows continues on `schedule (2)`, ...
#pragma once

#include "manifest.hpp"
#include "output_files.hpp"
#include "run_output.hpp"

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

class Workbook {
public:
    /// Opens the workbook for `--workbook PATH` (a temporary file until published), its
    /// creation time `created` (the notice date: the same run gives the same bytes).
    Workbook(std::string option, std::string path, Date created);
    ~Workbook();
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    /// The schedule and summary rows of a block of accounts, in input order.
    void add(std::span<const AccountResult> block);

    /// Hook for the notices and collection-file sheets (§12: present when those options
    /// are given): a sheet `name` with `header`, filled row by row through the returned
    /// handle's text()/money()/date()/count() and end_row(). Call before finish().
    WorkbookSheet& sheet(std::string_view name, std::vector<std::string> header);

    /// Writes the `cash flow` sheet from (year*12 + month-1) -> (collections, recovery),
    /// sets the widths, closes the workbook and completes the temporary file.
    void finish(const std::map<int, std::pair<std::size_t, Money>>& by_month);
    /// The output file the finished workbook is in (published with the run's others).
    [[nodiscard]] OutputFile& file() noexcept { return out_; }
    [[nodiscard]] const OutputFile& file() const noexcept { return out_; }
    /// The data rows of every sheet (headers excluded), for the manifest.
    [[nodiscard]] std::size_t data_rows() const noexcept;

private:
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

/// `--workbook` as an output of the run: each block's rows as they are written, the cash
/// flow from the run's figures at the end.
class WorkbookOutput final : public RunOutput {
public:
    WorkbookOutput(std::string path, Date created) : book_("--workbook", std::move(path), created) {}
    void write(const Block& block) override { book_.add(block.results); }
    void finish(const RunRecord& run) override { book_.finish(run.stats.by_month()); }
    /// Rows: every sheet's.
    void describe(Manifest& manifest, const RunRecord&) const override {
        manifest.output(book_.file().path(), book_.file().bytes_path(), book_.data_rows());
    }
    void files(std::vector<OutputFile*>& out) override { out.push_back(&book_.file()); }

private:
    Workbook book_;
};

}  // namespace arrears::cli
