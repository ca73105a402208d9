// The plan of record of `arrears replan` (recovery-rules §15: `--plan`, `--plan-summary`): an
// earlier run's schedule and summary — a CSV file, a JSON file or a DataFrame — read into each
// account's PlanOfRecord. One reader for the command line and Python's `arrears.replan`: a row
// that cannot be read is reported, and the account it names goes to `review` (§15); a missing
// required column is an InputError.
//
// PlanOfRecordStore reads a CSV file without holding it: a first pass notes where each
// account's rows are (16 bytes an account in a hash table, 16 bytes its entry, 8 bytes a row
// only for an account whose rows are not together), and each account's rows are read again
// and parsed when the account is replanned, a block of accounts at a time on the run's
// threads (CsvReader::read_rows). A whole table (JSON, a DataFrame) is indexed the same way.
#pragma once

#include <arrears/date.hpp>
#include <arrears/error.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/detail/id_table.hpp>
#include <arrears/io/table.hpp>
#include <arrears/money.hpp>
#include <arrears/replan.hpp>
#include <arrears/result.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace arrears {
class ThreadPool;
}

namespace arrears::io {

/// A plan-of-record row that could not be read (§15: reported; the account it names, if
/// accepted, goes to `review`).
struct PlanProblem {
    bool summary = false;    ///< a row of the summary, else of the schedule
    std::uint64_t row = 0;   ///< its number among its file's rows, from 0 (file order)
    std::uint64_t line = 0;  ///< its line (a DataFrame's row)
    int column = -1;         ///< the column it is about, -1 for the whole row
    std::string what;        ///< `column C (name): why`, or why for the whole row
    std::string id;          ///< the account it names; empty when none could be read
    std::string message;     ///< `<name> <line|row> N[, column C (name)]: why`
};

/// The plan of record by account, and the rows of it that could not be read.
struct PlanOfRecordFiles {
    std::unordered_map<std::string, PlanOfRecord> accounts;
    /// By account: its rows' problems (each makes the account `review`, §15).
    std::unordered_map<std::string, std::vector<std::string>> bad;
    /// Every problem, in file order (schedule first): `<source> <row label> N[, column C
    /// (name)]: why`.
    std::vector<std::string> reported;
    std::size_t plan_rows = 0, summary_rows = 0;
};

/// The schedule and summary of an earlier run, indexed by account; each account's plan of
/// record read from its rows when asked for. Row rules: the schedule's columns account_id,
/// due_date, collection_date, regular_amount, recovery_amount, total_amount (optionally
/// arrears_after), money §1 text (exact pence), dates ISO, total = regular + recovery; the
/// summary's account_id, status, message (optionally missed_count, missed_amount,
/// paid_amount, arrears). A summary row of an id that has one already is reported, except the
/// earlier run's own `rejected` row of a duplicate, which leaves the accepted row standing.
class PlanOfRecordStore {
public:
    /// One of the two inputs: a whole table, or a CSV file not yet read past its header.
    struct Input {
        std::optional<TextTable> table;
        std::optional<CsvReader> reader;
        /// Names the input in row messages (`--plan`, `plan`); `source` in the message of a
        /// missing column (`--plan schedule.csv`).
        std::string name, source;
    };
    /// One account's plan of record and the messages of its rows that could not be read.
    struct Found {
        PlanOfRecord plan;
        std::vector<std::string> bad;
        bool named = false;       ///< a row of it was read (the plan of record has the account)
        std::int64_t entry = -1;  ///< where the index keeps the account (-1: nowhere), for seen()
    };

    PlanOfRecordStore();
    ~PlanOfRecordStore();
    PlanOfRecordStore(const PlanOfRecordStore&) = delete;
    PlanOfRecordStore& operator=(const PlanOfRecordStore&) = delete;

    /// The first pass over the schedule, then (add_summary) over the summary: every row's
    /// account noted (a CSV file read once, its blocks split on `pool`'s threads when given;
    /// the reader's ReadHook sees every byte). Throws InputError for a missing required column
    /// (naming the input's `source`), and as CsvReader does.
    void add_schedule(Input schedule, ThreadPool* pool);
    void add_summary(Input summary, ThreadPool* pool);
    [[nodiscard]] std::size_t schedule_rows() const noexcept;
    [[nodiscard]] std::size_t summary_rows() const noexcept;

    /// The plans of record of the accounts `ids` (a block's, by row; an empty id has none),
    /// into out[0..ids.size()), their rows read a chunk of accounts at a time on `pool`'s
    /// threads (null: this one). Safe while find() runs elsewhere, not with index() or finish().
    void gather(std::span<const std::string_view> ids, std::vector<Found>& out, ThreadPool* pool) const;
    /// One account's plan of record (any thread).
    [[nodiscard]] Found find(std::string_view id) const;
    /// Notes that the accounts file has a row of `id` (accepted or not): its plan of record is
    /// not reported missing.
    void seen(std::string_view id) noexcept;
    /// As seen(id) for the account `found` is the plan of record of (gather() or find() gave
    /// it), without looking it up again.
    void seen(const Found& found) noexcept;

    /// After the last account: every row's problem in file order (the schedule's first), and
    /// the accounts the plan of record has (a row of them read) that were never seen, sorted.
    struct Finished {
        std::vector<PlanProblem> problems;
        std::vector<std::string> missing;
    };
    [[nodiscard]] Finished finish(ThreadPool* pool);
    /// Every account the plan of record has, each as find() gives it (in no order).
    void each(const std::function<void(std::string_view id, Found&)>& f) const;
    /// Throws InputError when a CSV file changed since index() read it (CsvReader::check_unchanged).
    void check_unchanged() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The whole plan of record of two tables (Python's DataFrames, named `plan_source` and
/// `summary_source` in messages) by PlanOfRecordStore's rules. Throws InputError for a
/// missing required column.
PlanOfRecordFiles read_plan_of_record(TextTable plan, std::string_view plan_source, TextTable summary,
                                      std::string_view summary_source);

}  // namespace arrears::io
