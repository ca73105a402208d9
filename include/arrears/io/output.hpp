// Writing results (recovery-rules §9, §12): the revised schedule and the per-account summary
// as CSV (columns in the rules' order, money as `1234.56`, empty cells for what does not
// apply) or JSON (an array of objects with the same keys; money and dates as strings, counts
// as numbers, empty cells as null). The columns are columns.hpp's lists. Text is built in
// large buffers, never field by field through iostreams, and flushed to a file in blocks.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/io/columns.hpp>
#include <arrears/recovery.hpp>

#include <array>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace arrears::io {

enum class Format {
    csv,   ///< RFC 4180, a header row, LF line ends
    json,  ///< an array of objects, one object per line
};
/// `csv` or `json`; anything else is an InputError naming the text.
Format parse_format(std::string_view text);

/// Which of the two result tables of §9.
enum class Table {
    schedule,  ///< one row per remaining collection of each account
    summary,   ///< one row per account
};

/// True when a spreadsheet would take text beginning like `text` for a formula (OWASP
/// "CSV Injection"; recovery-rules §12): it begins with `=`, `+`, `-`, `@`, a tab, a
/// carriage return or NUL.
constexpr bool formula_like(std::string_view text) noexcept {
    if (text.empty()) return false;
    switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\0':
        return true;
    default:
        return false;
    }
}

/// `text` as the `--notices` CSV file writes a text cell (§12): with a `'` before it when it
/// is formula_like(), so a spreadsheet shows it as text; otherwise as it is. `store` holds
/// the guarded copy (the view returned points into it, or is `text` itself).
inline std::string_view neutralised(std::string_view text, std::string& store) {
    if (!formula_like(text)) return text;
    store.assign(1, '\'');
    store.append(text);
    return store;
}

/// A result file could not be written (disk full, closed pipe, ...).
class WriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Writes a result table in pieces, so a run never has to hold every account's result at
/// once: the header row (CSV) or `[` (JSON) on construction, rows by write(), the end by
/// finish(). The text is identical to writing all results in one call.
class ResultWriter {
public:
    /// Writes to `file` in blocks of about a megabyte; with no file, collects take_text().
    ResultWriter(Table table, Format format, std::FILE* file = nullptr);
    /// A table of other columns (notices, collections), whose rows come only by append().
    ResultWriter(std::span<const std::string_view> columns, Format format, std::FILE* file = nullptr);
    /// Appends the rows of `results` (schedule: every row of each; summary: one per result).
    /// Throws WriteError when a write to the file fails.
    void write(std::span<const AccountResult> results);
    /// Formats the rows of `results` into `out` as rows that follow earlier ones, so blocks
    /// can be formatted on several threads and then joined in order with append().
    static void format_rows(Table table, Format format, std::span<const AccountResult> results, std::string& out);
    /// Appends text from format_rows() (the very first row's JSON separator is dropped).
    /// Throws WriteError when a write to the file fails.
    void append(std::string_view formatted);
    /// Ends the table (`]` in JSON) and hands everything to the file.
    void finish();
    /// The text written so far, when there is no file.
    [[nodiscard]] std::string take_text() { return std::move(buf_); }

private:
    void flush();

    Table table_;
    Format format_;
    std::FILE* file_;
    std::string buf_;
    bool first_row_ = true;
};

/// The schedule rows of every result, in result order then collection date.
std::string schedule_text(std::span<const AccountResult> results, Format format);
/// One summary row per result, in result order.
std::string summary_text(std::span<const AccountResult> results, Format format);

/// `date,name` CSV of `holidays`, with a header row.
std::string holidays_text(std::span<const Holiday> holidays);

/// Appends `text` to `out` as one CSV field, quoted (with doubled quotes) only when it
/// holds a comma, a quote, a line break or leading or trailing spaces.
void append_csv_field(std::string& out, std::string_view text);
/// Appends `text` to `out` as a JSON string, quotes included. `text` is taken to be UTF-8.
void append_json_string(std::string& out, std::string_view text);

}  // namespace arrears::io
