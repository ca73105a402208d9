// Ledger rows and payments (recovery-rules §5, §12) read before the accounts they belong to
// and handed to each account as it streams past: one compact record per row and one flat
// hash table over the distinct ids, so millions of rows cost tens of bytes each.
#pragma once

#include <arrears/io/detail/memory.hpp>
#include <arrears/io/export_format.hpp>
#include <arrears/io/table.hpp>
#include <arrears/recovery.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace arrears::io {

/// Ledger rows and payments read before the accounts they belong to, handed to each account
/// as it is read (so accounts can stream past). Rows whose account never appears, or was
/// rejected, are reported by finish().
class Attachments {
public:
    /// What a file holds: ledger rows (account_id, due_date, amount, status, reason) or
    /// payments (account_id, date, amount).
    enum class Kind : std::uint8_t { ledger, payments };

    /// Reads ledger rows (account_id, due_date, amount, status, reason). Throws InputError
    /// only when a required column is missing; malformed rows become problems.
    void add_ledger(const TextTable& table, std::string_view source);
    /// Reads payments (account_id, date, amount), as add_ledger() does.
    void add_payments(const TextTable& table, std::string_view source);

    /// Starts a file read a block at a time: finds its columns in `header` (an InputError
    /// names `source` and the first required one missing) and returns the file's number.
    std::size_t begin_file(Kind kind, const std::vector<std::string>& header, std::string_view source,
                           std::string_view row_label = "line");
    /// Reads the next rows of file `file` (a block with the header given to begin_file),
    /// parsing them on `threads` threads (0: every core); rows are held in file order.
    void add_rows(std::size_t file, const TextTable& block, unsigned threads = 1);
    /// Reads the rest of file `file` as add_rows() does, `next(block)` filling each block
    /// (false at the end): one block is held while the next is read and parsed. Returns the
    /// rows read.
    std::size_t add_file(std::size_t file, const std::function<bool(TextTable&)>& next, unsigned threads = 1);
    /// As add_file(), `next(blocks)` filling the first blocks of the span it is given (one per
    /// thread; CsvReader::next_blocks) and returning how many it filled (0 at the end): the
    /// blocks of one call are parsed together and held, in order, while the next are read.
    std::size_t add_blocks(std::size_t file, const std::function<std::size_t(std::span<TextTable>)>& next,
                           unsigned threads = 1);

    /// Makes room for about `rows` more rows (and half as many ids) at once, rather than
    /// growing as they come, and has the kernel back the id table and three quarters of the
    /// rows' room on a thread of its own meanwhile: an estimate well over the rows read costs
    /// that much memory (the command line estimates from the file's first rows). Throws
    /// std::bad_alloc when the room cannot be had.
    void reserve(std::size_t rows);

    [[nodiscard]] bool empty() const noexcept { return id_count_ == 0; }
    /// How date cells of the files added from now on are read (§12 --date-format).
    void set_date_format(DateFormat format) noexcept { dates_ = format; }

    /// Moves the rows for `account.id` into the accepted account. Safe to call from several
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
    std::vector<std::string> finish();

    /// The hash attach() takes (the duplicate index's: detail::IdIndex::hash).
    static std::uint64_t hash(std::string_view id) noexcept;

private:
    /// One held row: 16 bytes. Dates are days from 1995-01-01 (ledger and payment dates lie
    /// in the calendars' years, 1995-2099). Its file and line are in runs_.
    struct Row {
        std::int64_t pence;
        std::uint32_t next;       // the id's next row, or none
        std::uint16_t day;
        std::uint8_t status;      // LedgerStatus of a ledger row; `payment` for a payment
        char reason;              // the ARUDD code of an unpaid row, else 0
    };
    static constexpr std::uint8_t payment = 0xFF;  // (parse_row writes it)
    static_assert(sizeof(Row) == 16);
    /// Rows k, k + 1, ... held from lines line, line + 1, ... of one file, up to the next run:
    /// one a block, and one more wherever lines are skipped (blank lines, a quoted line break).
    struct Run {
        std::uint64_t k;
        std::uint64_t file_line;  // file << 48 | line
    };
    /// One distinct id, a place of the open-addressed table `ids_`: 16 bytes, all zero when
    /// the place is empty. `tag` is hash()'s low 28 bits << 4 | the id's kind: 1 + its length
    /// for an id of up to 8 bytes, held in `text` (its bytes, zero-padded); long_id for a
    /// longer one, `text` then its offset in arena_ << 32 | its length. Its rows are a chain
    /// from the last held to the first (`first` is `none` once they are attached).
    struct Id {
        std::uint32_t tag, first;
        std::uint64_t text;
    };
    static_assert(sizeof(Id) == 16);
    static constexpr std::uint32_t long_id = 10;
    static constexpr std::uint32_t tag_hash_mask = 0x0FFFFFFF;  // the hash bits a tag keeps
    /// What find() compares: an Id's `tag` and `text` for `id` of hash `h`.
    struct Key {
        std::uint32_t tag;
        std::uint64_t text;
    };
    static Key key(std::uint64_t h, std::string_view id) noexcept;
    /// What a file's messages need: "ledger.csv line 5, column 1 (account_id): ".
    struct File {
        Kind kind;
        std::string source, row_label, id_header;
        int id_column;
        std::array<int, 5> columns;  // account_id, date, amount[, status, reason]
        DateFormat dates;
    };
    struct Problem {
        std::size_t file;
        std::uint64_t line;
        std::uint64_t row;  // the row's place in the order rows were held
        std::string message;
    };
    static constexpr std::size_t max_places = std::size_t{1} << 28;  // a place keeps 28 bits of the hash (4 GiB)
    static constexpr std::uint32_t none = 0xFFFFFFFF;

    /// A block's rows parsed (on any thread), before they are held in file order. The rows
    /// themselves are written where they will be held, rows_[base + r] (a row with a problem
    /// leaves its place unused), so their memory is first touched on every thread.
    /// The account_id is kept as its Key (`tag` 0: the row has a problem), the text of an id
    /// longer than 8 bytes copied into its chunk's `long_ids` (`text` its offset there << 32 |
    /// its length): by the time a block is held, the reader may have refilled the buffer its
    /// cells view, reading the next block (CsvReader's contract).
    struct Parsed {
        static constexpr std::size_t chunk = 1024;  // rows parsed at a time, on one thread
        struct Entry {
            std::uint64_t hash;
            Key key;
        };
        std::size_t base = 0;
        std::vector<Entry> rows;
        std::vector<std::vector<std::pair<std::size_t, std::string>>> problems;  // a chunk's (row, message)s
        std::vector<std::string> long_ids;  // a chunk's
    };
    /// Places for `n` more rows at the end of the rows held (left unwritten): the first one's
    /// index. Grows rows_ only when no holding runs (add_blocks() waits for it first).
    std::size_t make_room(std::size_t n);
    /// Parses blocks[0..count) into parsed[0..count) (their places made) on `threads` threads.
    void parse_blocks(std::size_t file, const TextTable* blocks, Parsed* parsed, std::size_t count,
                      unsigned threads);
    void hold_block(std::size_t file, const TextTable& block, Parsed& in);
    /// The file and line row `k` was read from: file << 48 | line.
    [[nodiscard]] std::uint64_t file_line(std::uint32_t k) const;
    [[nodiscard]] std::string where(std::uint64_t file_line) const;
    /// The place of `id` (of hash `h`), or null.
    [[nodiscard]] Id* find(std::uint64_t h, std::string_view id);
    /// The text of the id in place `e`.
    [[nodiscard]] std::string_view text(const Id& e) const noexcept;
    /// Chains the row parsed into rows_[k] to its id's rows: the id of hash `h` and key `want`,
    /// its text `id` (needed only for a long id).
    void hold(std::uint64_t h, Key want, std::string_view id, std::uint32_t k);
    /// Moves the ids into a table of `places` places (a power of two).
    void rehash(std::size_t places);

    detail::MappedArray<Row> rows_;  // rows_[0..held_) are rows; the rest room
    std::size_t held_ = 0;
    std::vector<Run> runs_;  // by k
    detail::MappedArray<Id> ids_;  // the table: a power of two places, at most 3/4 used
    std::size_t id_count_ = 0;
    std::string arena_;  // the text of ids longer than 8 bytes
    std::vector<File> files_;
    std::vector<Problem> problems_;
    std::unordered_map<std::uint32_t, std::uint64_t> rejected_;  // id -> its first rejected line
    DateFormat dates_ = DateFormat::iso;
    std::vector<Parsed> parsed_;  // reused block after block
    /// A thread having the kernel back the room reserve() made (detail::populate_pages), so
    /// the readers and the holder do not stop at each first touch; joined before that room
    /// moves (rows_.grow, rehash) and at the end.
    struct Populating {
        std::thread thread;
        Populating() = default;
        Populating(Populating&&) = delete;
        ~Populating() { join(); }
        void join() {
            if (thread.joinable()) thread.join();
        }
    };
    Populating populating_;
};

// (Here, not in attachments.cpp: called three times an account, it is worth inlining.)
inline void Attachments::prefetch(std::uint64_t h, int stage) const noexcept {
    if (ids_.empty()) return;
    const Id& e = ids_[h & (ids_.size() - 1)];
    if (stage == 0) return __builtin_prefetch(&e);
    // (The first place probed: an id further on is not fetched ahead.)
    if (e.tag >> 4 != (static_cast<std::uint32_t>(h) & tag_hash_mask)) return;
    // Another thread may be attaching a different id of the same hash (see attach()); the
    // ids are never const objects (atomic_ref of a const one comes with C++26).
    const std::uint32_t first =
        std::atomic_ref<std::uint32_t>(const_cast<std::uint32_t&>(e.first)).load(std::memory_order_relaxed);
    if (first == none) return;
    if (stage == 1) {
        if ((e.tag & 0xF) == long_id) __builtin_prefetch(arena_.data() + (e.text >> 32));
        return __builtin_prefetch(&rows_[first]);
    }
    if (const std::uint32_t next = rows_[first].next; next != none) __builtin_prefetch(&rows_[next]);
}

}  // namespace arrears::io
