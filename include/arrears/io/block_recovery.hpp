// Recovering a stream of account rows a block at a time, the path of both the command line
// and the Python package: rows parsed and accounts recovered on every thread, duplicate ids
// settled in input order, ledger and payment rows attached, results independent of the threads.
#pragma once

#include <arrears/io/csv.hpp>
#include <arrears/io/detail/id_index.hpp>
#include <arrears/io/records.hpp>
#include <arrears/io/table.hpp>
#include <arrears/recovery.hpp>
#include <arrears/thread_pool.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace arrears::io {

/// Recovers a stream of account rows a block (a TextTable) at a time, as the command line
/// and the Python package both do: the rows are parsed on the pool's threads; duplicate ids
/// (over all blocks so far) are settled in input order; each accepted account is given its
/// ledger and payment rows (its id is unique among accepted rows) and recovered on the pool's
/// threads. Memory holds one block, however long the stream, and results do not depend on
/// the number of threads.
class BlockRecovery {
public:
    /// Rows a block should hold at most (more work, not more correctness, beyond it).
    static constexpr std::size_t block_rows = 16384;
    /// Rows a thread takes at a time.
    static constexpr std::size_t chunk_rows = 512;

    /// `attachments` holds the ledger and payment rows read beforehand (it may be empty);
    /// `pool` is the run's threads (it must outlive this); `expected_rows` sizes the duplicate
    /// index. `ids` finds duplicate ids (duplicate_index() for a CsvReader; none: every id is
    /// kept, IdIndex).
    BlockRecovery(const Recovery& recovery, const AccountColumns& columns, std::string source, Attachments& attachments,
                  ThreadPool& pool, std::size_t expected_rows = 0,
                  std::unique_ptr<detail::DuplicateIndex> ids = nullptr);

    /// Recovers the rows of `table` (the next rows of the stream) into results[0..rows),
    /// growing `results` if needed; then, on the thread that recovered it, calls
    /// `after(chunk, first, last)` for each chunk of rows [first, last).
    void run(const TextTable& table, std::vector<AccountResult>& results,
             const std::function<void(std::size_t, std::size_t, std::size_t)>& after = {});

    /// What recovers an accepted account instead of the Recovery (`arrears replan`, §15):
    /// called on the pool's threads with the row's index in the block, the account (its
    /// ledger and payment rows attached) and its result to fill.
    using Recover = std::function<void(std::size_t row, const Account& account, AccountResult& result)>;
    void set_recover(Recover recover) { recover_ = std::move(recover); }

    /// What is done besides for a row rejected as it was read (a bad cell, §12) whose
    /// account_id was read and is the first row of it (a duplicate's account is answered for by
    /// its first row): called on the pool's threads with the row's index in the block and its
    /// `rejected` result. `arrears replan` (§15) withdraws the catch-up the plan of record told
    /// that account, as for one the engine rejects.
    using Rejected = std::function<void(std::size_t row, const AccountResult& result)>;
    void set_rejected(Rejected rejected) { rejected_ = std::move(rejected); }

    /// The threads it runs on (for the caller's own work on each block).
    [[nodiscard]] ThreadPool& pool() const noexcept { return pool_; }
    /// The account read from row `row` of the block run() last took (its plan, for the
    /// notices); valid until the next run(), and only for rows that were not rejected.
    [[nodiscard]] const Account& account(std::size_t row) const { return accounts_[row]; }
    /// Chunks a block of `rows` rows is cut into.
    [[nodiscard]] static constexpr std::size_t chunks(std::size_t rows) noexcept {
        return (rows + chunk_rows - 1) / chunk_rows;
    }

private:
    const Recovery& recovery_;
    AccountColumns columns_;
    std::string source_;
    Attachments& attachments_;
    ThreadPool& pool_;
    std::unique_ptr<detail::DuplicateIndex> ids_;
    std::vector<Account> accounts_;
    std::vector<std::string> rejection_;
    std::vector<char> first_;
    std::vector<std::uint64_t> id_hash_;
    std::vector<std::vector<Collection>> scratch_;
    Recover recover_;
    Rejected rejected_;
};

/// The duplicate index for the rows `reader` gives: for a file that can be read again, 8 bytes
/// an id (detail::FileIdIndex, the earlier row's account_id read again to confirm a match);
/// for a pipe, every id kept (detail::IdIndex). `reader` must outlive it.
std::unique_ptr<detail::DuplicateIndex> duplicate_index(CsvReader& reader, const AccountColumns& columns);

}  // namespace arrears::io
