// Ledger rows, payments and mandate events (recovery-rules §5, §12, §14) read before the
// accounts they belong to and handed to each account as it streams past: one compact record
// per row and one flat table over the distinct ids, so millions of rows cost tens of bytes
// each. (Inside: the
// kinds of file in detail/attached_kinds.hpp, the held rows in detail/held_rows.hpp, the id
// table in detail/id_table.hpp.)
#pragma once

#include <arrears/io/export_format.hpp>
#include <arrears/io/table.hpp>
#include <arrears/recovery.hpp>

#include <cstddef>
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

/// A ledger, payments or mandates row reported (§12 `reported`): malformed, or naming an account that
/// never appeared or was rejected.
struct ReportedRow {
    std::string file;        ///< the source as given (a path, or the DataFrame's role)
    std::uint64_t line = 0;  ///< its line (a DataFrame's row)
    std::string account_id;  ///< as read; empty when its account_id cell could not be read
    std::string problem;     ///< what is wrong, without the file and line
    std::string message;     ///< the whole line for standard error: file, line, column, problem
};

/// Ledger rows, payments and mandate events read before the accounts they belong to, handed
/// to each account as it is read (so accounts can stream past). Rows whose account never appears, or was
/// rejected, are reported by finish().
class Attachments {
public:
    /// What a file holds: ledger rows (account_id, due_date, amount, status[, reason]),
    /// payments (account_id, date, amount) or mandate events (account_id, effective_date,
    /// event[, reason, new_sort_code, new_account_number]; recovery-rules §14).
    enum class Kind : std::uint8_t { ledger, payments, mandates };

    Attachments();
    ~Attachments();
    Attachments(Attachments&&) noexcept;
    Attachments& operator=(Attachments&&) noexcept;

    /// Reads a whole table of `kind` rows, parsed on `pool`'s threads. Throws InputError only
    /// when a required column is missing; malformed rows become problems.
    void add(Kind kind, const TextTable& table, std::string_view source, ThreadPool& pool);

    /// Starts a file read a block at a time: finds its columns in `header` (an InputError
    /// names `source` and the first required one missing) and returns the file's number.
    std::size_t begin_file(Kind kind, const std::vector<std::string>& header, std::string_view source,
                           std::string_view row_label = "line");
    /// Reads the next rows of file `file` (a block with the header given to begin_file),
    /// parsing them on `pool`'s threads; rows are held in file order.
    void add_rows(std::size_t file, const TextTable& block, ThreadPool& pool);
    /// Reads the rest of file `file` as add_rows() does, `next(block)` filling each block
    /// (false at the end): one block is held (on a task of `pool`) while the next is read and
    /// parsed. Returns the rows read.
    std::size_t add_file(std::size_t file, const std::function<bool(TextTable&)>& next, ThreadPool& pool);
    /// As add_file(), `next(blocks)` filling the first blocks of the span it is given (one per
    /// thread of `pool`; CsvReader::next_blocks) and returning how many it filled (0 at the
    /// end): the blocks of one call are parsed together and held, in order, while the next
    /// are read.
    std::size_t add_blocks(std::size_t file, const std::function<std::size_t(std::span<TextTable>)>& next,
                           ThreadPool& pool);

    /// Makes room for about `rows` more rows (and half as many ids) at once, rather than
    /// growing as they come: an estimate well over the rows read costs that much address
    /// space, and memory only where rows are written (the command line estimates from the
    /// file's first rows). Throws std::bad_alloc when the room cannot be had.
    void reserve(std::size_t rows);

    [[nodiscard]] bool empty() const noexcept;
    /// How date cells of the files added from now on are read (§12 --date-format).
    void set_date_format(DateFormat format) noexcept;

    /// Moves the rows for `account.id` into the accepted account, and the rows of its id that
    /// were reported as malformed into `account.reported` (§5: it goes to `review`). Safe to call from several
    /// threads at once for accounts with different ids (and no other call in between).
    void attach(Account& account) { attach(account, hash(account.id)); }
    /// As attach(account) with `id_hash` = hash(account.id), computed beforehand.
    void attach(Account& account, std::uint64_t id_hash);
    /// Asks the processor to fetch ahead what attach() (or holding a row) of hash `id_hash`
    /// will touch, in stages a few calls apart: 0 its place in the table; 1 its latest row
    /// (and a long id's text), reading the place; 2 the row before that.
    void prefetch(std::uint64_t id_hash, int stage) const noexcept;
    /// Notes that the account row with `id` on `line` was rejected.
    void rejected(const std::string& id, std::uint64_t line);
    /// The problems, in the order the files were added and by line: malformed rows, and rows
    /// for accounts that never appeared or were rejected. Call once, after every account.
    std::vector<ReportedRow> finish();

    /// The hash attach() takes (the duplicate index's: detail::IdTable::hash).
    static std::uint64_t hash(std::string_view id) noexcept;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace arrears::io
