// A table of text fields with a header row: what a CSV file or a DataFrame's columns look
// like before their values are parsed. Readers of accounts, ledgers and payments work on
// this, so the command line and the Python package give the same messages.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io {

class TextTable {
public:
    TextTable() = default;
    // Cells view into `storage` (or into a buffer the creator keeps alive): no copies.
    TextTable(const TextTable&) = delete;
    TextTable& operator=(const TextTable&) = delete;
    TextTable(TextTable&&) = default;
    TextTable& operator=(TextTable&&) = default;

    std::vector<std::string> header;
    /// The file's own names when `--map` renamed some of `header` (else empty): a message
    /// about a cell names both, `(language, the file's Iaith)` (§12).
    std::vector<std::string> own_header;
    /// Row-major cells: width() per readable row, none for a row_error row.
    std::vector<std::string_view> cells;
    /// Where each row's cells start in `cells`.
    std::vector<std::size_t> first_cell;
    /// Where each row came from: its line number in a file (the header is line 1) or its
    /// row number in a DataFrame.
    std::vector<std::uint64_t> line;
    /// A row that could not be split into fields (wrong field count, broken quoting): the
    /// reason, else empty. Such a row's cells are empty views.
    std::vector<std::string> row_error;
    /// For a row_error about one cell, that cell's column (-1 for the whole row); may be
    /// left empty when no row's error is about a single cell.
    std::vector<int> row_error_column;
    /// row_error_column's mark of a ragged row (add_ragged_row).
    static constexpr int ragged_row = -2;
    /// What a location is called in messages: `line` for files, `row` for DataFrames.
    std::string row_label = "line";
    /// Owns text that cells view when it is not in a caller's buffer (unescaped quotes).
    std::deque<std::string> storage;

    [[nodiscard]] std::size_t width() const noexcept { return header.size(); }
    [[nodiscard]] std::size_t rows() const noexcept { return line.size(); }
    /// A cell of a readable row (not one with a row_error).
    [[nodiscard]] std::string_view at(std::size_t row, std::size_t col) const { return cells[first_cell[row] + col]; }
    /// The column a row_error is about, or -1 for the whole row.
    [[nodiscard]] int error_column(std::size_t row) const noexcept {
        const int c = row < row_error_column.size() ? row_error_column[row] : -1;
        return c == ragged_row ? -1 : c;
    }
    /// True when row `row` has its cells, as readable rows do and as rows made bad by one
    /// undecodable cell do (their other cells are still read, e.g. for the account_id).
    [[nodiscard]] bool has_cells(std::size_t row) const noexcept {
        const std::size_t next = row + 1 < rows() ? first_cell[row + 1] : cells.size();
        return next - first_cell[row] >= width() && width() > 0 && !ragged(row);
    }
    /// True when row `row` was split into fields, but not one per header column (a row_error
    /// row; add_ragged_row).
    [[nodiscard]] bool ragged(std::size_t row) const noexcept {
        return row < row_error_column.size() && row_error_column[row] == ragged_row;
    }
    /// Field `col` of a ragged row as it was split (by position, so only as good as the
    /// fields before it), or none when the row has no such field: what can still name the
    /// row's account in a report (the plan of record, recovery-rules §15).
    [[nodiscard]] std::optional<std::string_view> ragged_field(std::size_t row, std::size_t col) const {
        if (!ragged(row)) return std::nullopt;
        const std::size_t next = row + 1 < rows() ? first_cell[row + 1] : cells.size();
        if (first_cell[row] + col >= next) return std::nullopt;
        return cells[first_cell[row] + col];
    }
    /// The index of the column called `name`, or -1.
    [[nodiscard]] int column(std::string_view name) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return static_cast<int>(i);
        return -1;
    }
    /// Appends a row of `width()` cells (views must outlive the table, or live in storage).
    void add_row(std::uint64_t where, const std::vector<std::string_view>& row) {
        line.push_back(where);
        row_error.emplace_back();
        first_cell.push_back(cells.size());
        cells.insert(cells.end(), row.begin(), row.end());
        cells.resize(first_cell.back() + width());
    }
    /// Appends a row that could not be read, with the reason (it takes no cells, so a wide
    /// header over many bad lines costs no more than the lines themselves).
    void add_bad_row(std::uint64_t where, std::string why) {
        line.push_back(where);
        row_error.push_back(std::move(why));
        first_cell.push_back(cells.size());
    }
    /// Appends a row split into fields but not one per header column, with the reason: it
    /// keeps its first fields (at most width(), so no more than a readable row costs) for
    /// ragged_field(), and has no cells (has_cells() false, error_column() -1).
    void add_ragged_row(std::uint64_t where, std::string why, const std::vector<std::string_view>& fields) {
        line.push_back(where);
        row_error.push_back(std::move(why));
        first_cell.push_back(cells.size());
        cells.insert(cells.end(), fields.begin(),
                     fields.begin() + static_cast<std::ptrdiff_t>(std::min(fields.size(), width())));
        row_error_column.resize(rows(), -1);
        row_error_column.back() = ragged_row;
    }
    /// Removes every row, keeping the header.
    void clear_rows() {
        cells.clear();
        first_cell.clear();
        line.clear();
        row_error.clear();
        row_error_column.clear();
        storage.clear();
    }
};

}  // namespace arrears::io
