// Reading CSV files (recovery-rules §12) into a TextTable: RFC 4180 quoting, UTF-8 with or
// without a byte-order mark, CRLF or LF line ends, a header row that names the columns.
// parse_csv and read_csv_file take the whole text (cells view into it; only doubled quotes
// and decoded cells are copied into TextTable::storage); CsvReader streams a file in blocks.
#pragma once

#include <arrears/io/encoding.hpp>
#include <arrears/io/table.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears {
class ThreadPool;
}  // namespace arrears

namespace arrears::io {

/// Splits CSV `text` into a table. `source` names the input in messages.
///
/// A row that cannot be split (a wrong number of fields, an unclosed or stray quote,
/// invalid UTF-8) becomes a row error with its line number; the other rows are unaffected.
/// Cells are read by the rule of io/cells.hpp: spaces and tabs around a field are not part
/// of it, quoted or not (inside the quotes, commas, doubled quotes and line breaks are kept);
/// blank lines and rows whose fields are all empty (",,,,") are skipped, their lines counted.
///
/// Throws InputError, naming `source`, when nothing can be read: empty text, no header,
/// a NUL byte (a binary or UTF-16 file), a header with invalid UTF-8 or broken quoting, or a
/// column named twice.
///
/// The cells view into `text` (and into the table's storage): `text` must outlive the table.
/// read_csv_file() avoids that concern by handing the buffer to the table.
///
/// `encoding` decodes each field (§12 --encoding); a field it cannot read makes its row bad
/// (row_error and row_error_column name it) while the row keeps its other cells, so an
/// account's readable account_id stays in its rejection. In the header it throws.
TextTable parse_csv(std::string_view text, std::string_view source, Encoding encoding = Encoding::utf8);

/// Reads the file at `path` into one buffer owned by the returned table and parses it as
/// parse_csv() does; `source` names it in messages (default: the path). An unreadable file
/// is an InputError naming it.
TextTable read_csv_file(const std::string& path, std::string_view source = {}, Encoding encoding = Encoding::utf8);

/// Called with a file's header as read, before any row: may rename it (as --map does) and
/// returns which columns are decoded and checked (columns_read()); empty: every column.
using HeaderHook = std::function<std::vector<char>(std::vector<std::string>& header)>;
/// As read_csv_file(), `on_header` renaming the header and choosing the columns decoded: the
/// other columns' cells are the file's bytes as they are and reject nothing (§12: other
/// columns are ignored).
TextTable read_csv_file(const std::string& path, std::string_view source, Encoding encoding,
                        const HeaderHook& on_header);

/// Which of the columns of `header` (a file's names, renamed as --map does; `own`, the same
/// width, the names in the file) a reader reads: 1 where the name is one of `names`, or the
/// name in the file one of `own_names` (--keep's, §13), else 0.
std::vector<char> columns_read(std::span<const std::string> header, std::span<const std::string> own,
                               std::span<const std::string_view> names, std::span<const std::string> own_names);

/// Reads a CSV file a block of rows at a time through a bounded buffer (8 MiB, grown only for
/// a longer row), so memory holds one block, not the file. Rows, messages and line numbers are
/// exactly those read_csv_file() gives, and so are the errors that stop a file before its
/// first row (a NUL byte anywhere in it too: a regular file is scanned for one first). A pipe
/// is read whole, as read_csv_file() reads it.
class CsvReader {
public:
    /// Rows between two checkpoints of reread(): rows are read again from the nearest one.
    static constexpr std::size_t checkpoint_rows = 64;

    /// Called with the file's bytes as the reading goes, each byte once and in order from the
    /// first to the last (not the scan for NUL bytes, not reread()): e.g. to hash exactly
    /// what the run read (the manifest, recovery-rules §12).
    using ReadHook = std::function<void(std::string_view bytes)>;

    /// Opens the file and reads its header row; throws InputError as read_csv_file() does.
    /// `buffer_bytes` (0: 8 MiB) is the buffer's first size; tests make it small.
    explicit CsvReader(const std::string& path, std::string_view source = {}, Encoding encoding = Encoding::utf8,
                       std::size_t buffer_bytes = 0, ReadHook on_read = {});
    ~CsvReader();
    CsvReader(CsvReader&&) noexcept;
    CsvReader& operator=(CsvReader&&) noexcept;

    [[nodiscard]] const std::vector<std::string>& header() const noexcept;
    /// Renames the columns (as --map does) for every block read from now on; same width.
    void set_header(std::vector<std::string> header);
    /// Decodes and checks (--encoding) only the columns the caller reads, for every block read
    /// from now on and every reread(): a column whose name (after set_header) is one of `names`,
    /// or whose name in the file (before set_header) is one of `own_names` (--keep's, §13). The
    /// other columns' cells are the file's bytes as they are, and a byte the encoding cannot
    /// read in them rejects nothing (§12: other columns are ignored). Without it every column
    /// is decoded. Call it after set_header, before the first row is read.
    void read_only(std::span<const std::string_view> names, std::span<const std::string> own_names = {});
    [[nodiscard]] const std::string& source() const noexcept { return source_; }
    /// The file's size in bytes (for estimating how many rows it holds).
    [[nodiscard]] std::size_t size_bytes() const noexcept;
    /// About how many rows the file holds, rather more than fewer (for sizing the duplicate
    /// index): its lines when it fits the buffer, else the lines per byte of its first rows
    /// times its size, plus a tenth. Call it before the first next_block().
    [[nodiscard]] std::size_t estimated_rows() const noexcept;

    /// Replaces `block`'s rows (and sets its header) with up to `max_rows` further rows (fewer
    /// where the buffer ends); false when no rows were left. Cells view the reader's buffer and
    /// `block.storage`, and stay valid until the next call.
    bool next_block(TextTable& block, std::size_t max_rows);
    /// As next_block() into blocks[0], blocks[1], ... at once, returning how many blocks it
    /// filled (the first ones; 0 when no rows were left): the rows, lines and messages are those
    /// next_block() calls give, and so are the rows reread() finds. Text with no quote in it
    /// is cut after line ends into one piece a block, split into rows on `pool`'s threads;
    /// other text, or one block, is read as next_block() reads it.
    std::size_t next_blocks(std::span<TextTable> blocks, std::size_t max_rows, ThreadPool& pool);

    /// From now on next_blocks() may give a row read whole and well with only its cell of
    /// column `column` (the others empty views): a row of text with no quote, no carriage
    /// return and only ASCII bytes, one field per header column, that cell not empty. Every
    /// other row is as next_block() gives it, and so are the rows' number, lines, messages,
    /// reread(), read_rows() and the bytes the ReadHook sees. For a reader that needs one
    /// column of the rows (an index of them), spared splitting the rest.
    void read_one_column(std::size_t column);

    /// Throws InputError naming the file when a regular file changed while it was read: its
    /// size or modification time is not what it was when opened, or the rows read so far (to
    /// its end) were not its size. Then the rows, reread() and the bytes the ReadHook saw
    /// cannot be trusted. A pipe is read once: never.
    void check_unchanged() const;

    /// True when rows already read can be read again (a regular file, not a pipe).
    [[nodiscard]] bool rereadable() const noexcept;
    /// Reads again the rows from the last checkpoint at or before `line` (a line of a row
    /// next_block() gave), up to checkpoint_rows of them, calling `each` with them a block at
    /// a time (their cells valid during the call). False when there is no such checkpoint.
    bool reread(std::uint64_t line, const std::function<void(const TextTable&)>& each);

    /// Rows next_block() and next_blocks() gave so far (the next row's number, counting from 0).
    [[nodiscard]] std::uint64_t rows_read() const noexcept;
    /// Reads again the rows numbered [first, last) (0 the first row next_block() gave; `last`
    /// at most rows_read()) of a regular file into `rows`, from the checkpoint at or before
    /// `first`: returns the number of rows[0] (first rounded down to a checkpoint), and the
    /// rows after it are those next_block() gave, with their lines and messages. The cells view
    /// `buffer` (the text read, resized as needed) and `rows.storage`. Safe on several threads
    /// at once, each with its own `rows` and `buffer`, while no block is being read.
    /// Throws InputError on a read error, std::logic_error for rows not read before.
    std::uint64_t read_rows(std::uint64_t first, std::uint64_t last, TextTable& rows, std::vector<char>& buffer) const;

private:
    struct State;
    std::string source_;
    std::unique_ptr<State> state_;
};

}  // namespace arrears::io
