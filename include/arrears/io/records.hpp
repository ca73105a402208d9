// Reading accounts, ledger rows and payments from text tables (recovery-rules §12), with
// messages that name the source, the line, the column and the offending text. A bad account
// row never stops a run: it becomes a `rejected` result in input order.
#pragma once

#include <arrears/io/table.hpp>
#include <arrears/recovery.hpp>

#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <functional>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace arrears::io {

/// Where the columns of accounts.csv are in a table (-1: an optional column is absent).
struct AccountColumns {
    int account_id, amount, frequency, first_due, day, end, skip, convention;
    /// Throws InputError naming `source` and the column when a required one is missing.
    static AccountColumns find(const TextTable& table, std::string_view source);
};

/// Reads row `row` of `table` into `out` (reusing its buffers). Returns the reason the row is
/// rejected, or an empty string. Duplicate ids are not checked here (see IdIndex). Safe to
/// call from several threads on different rows.
std::string parse_account_row(const TextTable& table, std::size_t row, std::string_view source,
                              const AccountColumns& columns, Account& out);

/// The message rejecting row `row` because its account_id was first seen on `first_line`.
std::string duplicate_message(const TextTable& table, std::size_t row, std::string_view source,
                              const AccountColumns& columns, std::string_view id, std::uint64_t first_line);

/// The account ids seen so far, for finding duplicates in a stream of any length: one flat
/// hash table over one arena of text (a few tens of bytes per id).
class IdIndex {
public:
    /// Makes room for about `n` ids without growing.
    void reserve(std::size_t n);
    /// Records `id` first seen on `line`; if it was seen before, returns false and sets
    /// `first_line` to that line.
    bool insert(std::string_view id, std::uint64_t line, std::uint64_t& first_line) {
        return insert(hash(id), id, line, first_line);
    }
    /// As insert(id, ...) with `h` = hash(id), computed beforehand (e.g. on other threads).
    bool insert(std::uint64_t h, std::string_view id, std::uint64_t line, std::uint64_t& first_line);
    /// Asks the processor to fetch the slot of hash `h` ahead of an insert.
    void prefetch(std::uint64_t h) const noexcept {
        if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
    }
    static std::uint64_t hash(std::string_view id) noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return ids_.size(); }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t id = 0;  // 1 + index into ids_; 0: empty
    };
    struct Id {
        std::uint64_t line;
        std::uint32_t offset;
        std::uint32_t length;
    };
    void rehash(std::size_t slots);
    std::vector<Slot> slots_;
    std::vector<Id> ids_;
    std::string arena_;
};

/// Ledger rows and payments read before the accounts they belong to, handed to each account
/// as it is read (so accounts can stream past). Rows whose account never appears, or was
/// rejected, are reported by finish().
class Attachments {
public:
    /// Reads ledger rows (account_id, due_date, amount, status, reason). Throws InputError
    /// only when a required column is missing; malformed rows become problems.
    void add_ledger(const TextTable& table, std::string_view source);
    /// Reads payments (account_id, date, amount), as add_ledger() does.
    void add_payments(const TextTable& table, std::string_view source);
    [[nodiscard]] bool empty() const noexcept { return by_id_.empty(); }

    /// Moves the rows for `account.id` into the accepted account.
    void attach(Account& account);
    /// Notes that the account row with `id` on `line` was rejected.
    void rejected(const std::string& id, std::uint64_t line);
    /// The problems, in the order the files were added and by line: malformed rows, and rows
    /// for accounts that never appeared or were rejected. Call once, after every account.
    std::vector<std::string> finish();

private:
    struct Held {
        std::string where;  // "ledger.csv line 5, column 1 (account_id): "
        std::string row_label;
        std::size_t file;
        std::uint64_t line;
        std::optional<LedgerEntry> ledger;
        std::optional<Payment> payment;
        bool used = false;
    };
    struct Problem {
        std::size_t file;
        std::uint64_t line;
        std::string message;
    };
    std::vector<Held> held_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_id_;
    std::unordered_map<std::string, std::uint64_t> rejected_;
    std::vector<Problem> problems_;
    std::size_t files_ = 0;
};

/// Runs f(chunk) for chunks 0..chunks-1 on `threads` threads (the caller's among them), each
/// thread taking the next chunk not yet taken. If f throws, no further chunks are started,
/// every thread is joined, and the first exception is rethrown on the caller's thread.
template <class F>
void for_each_chunk(std::size_t chunks, unsigned threads, F&& f) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_lock;
    auto work = [&] {
        try {
            for (std::size_t c; (c = next.fetch_add(1)) < chunks;) f(c);
        } catch (...) {
            next = chunks;
            const std::lock_guard lock(error_lock);
            if (!error) error = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads && t < chunks; ++t) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
}

/// Recovers a stream of account rows a block (a TextTable) at a time, as the command line
/// and the Python package both do: the rows are parsed on every thread; duplicate ids (over
/// all blocks so far) and the ledger and payment rows of each account are settled in input
/// order; the accounts are recovered on every thread again. Memory holds one block, however
/// long the stream, and results do not depend on the number of threads.
class BlockRecovery {
public:
    /// Rows a block should hold at most (more work, not more correctness, beyond it).
    static constexpr std::size_t block_rows = 16384;
    /// Rows a thread takes at a time.
    static constexpr std::size_t chunk_rows = 512;

    /// `attachments` holds the ledger and payment rows read beforehand (it may be empty);
    /// `expected_rows` sizes the duplicate index; `threads` 0 means every core.
    BlockRecovery(const Recovery& recovery, const AccountColumns& columns, std::string source,
                  Attachments& attachments, unsigned threads, std::size_t expected_rows = 0);

    /// Recovers the rows of `table` (the next rows of the stream) into results[0..rows),
    /// growing `results` if needed; then, on the thread that recovered it, calls
    /// `after(chunk, first, last)` for each chunk of rows [first, last).
    void run(const TextTable& table, std::vector<AccountResult>& results,
             const std::function<void(std::size_t, std::size_t, std::size_t)>& after = {});

    [[nodiscard]] unsigned threads() const noexcept { return threads_; }
    /// Chunks a block of `rows` rows is cut into.
    [[nodiscard]] static constexpr std::size_t chunks(std::size_t rows) noexcept { return (rows + chunk_rows - 1) / chunk_rows; }

private:
    const Recovery& recovery_;
    AccountColumns columns_;
    std::string source_;
    Attachments& attachments_;
    unsigned threads_;
    IdIndex ids_;
    std::vector<Account> accounts_;
    std::vector<std::string> rejection_;
    std::vector<std::uint64_t> id_hash_;
    std::vector<std::vector<Collection>> scratch_;
};

}  // namespace arrears::io
