// The statistics of an `arrears recover` run and the summary it prints on standard error:
// accounts by status, the arrears, how many accounts pay double in some collection, the
// recovery per calendar month of collection, and the rejected accounts' messages.
#pragma once

#include <arrears.hpp>

#include <array>
#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace arrears::cli {

/// `1,234,567.89`: money as the standard-error summary writes it, thousands grouped.
std::string grouped_money(Money m);
/// `2,410`: a count as the standard-error summary writes it.
std::string grouped_count(std::size_t n);
/// One calendar month of the revised schedules (ok and extended accounts): its collections,
/// those carrying recovery, and their regular and recovery amounts.
struct MonthFlow {
    std::size_t collections = 0;           ///< every collection in the month
    std::size_t recovery_collections = 0;  ///< those carrying recovery (the collection file's rows)
    Money regular, recovery;
};

/// The figures of some accounts (a chunk of a block): counts by status, arrears, recovery
/// per calendar month of collection, and each rejected account's line for stderr. Gathered
/// on the worker thread that recovered the chunk, while its results are still in cache, and
/// added to the run's RunStats in input order.
class StatsPart {
public:
    void add(std::span<const AccountResult> results) {
        for (const AccountResult& r : results) add(r);
    }
    /// Empties the part for the next chunk, keeping its buffers.
    void clear();

private:
    friend class RunStats;
    void add(const AccountResult& r);

    std::size_t accounts_ = 0;
    std::size_t schedule_rows_ = 0;
    std::array<std::size_t, all_statuses.size()> by_status_{};
    std::size_t double_payment_ = 0;  // accounts with the double_payment warning
    Money total_, scheduled_, credit_;
    std::array<Money, all_statuses.size()> arrears_by_status_{};
    std::map<int, MonthFlow> by_month_;  // year*12 + month-1 -> the month's collections
    MonthFlow* month_cell_ = nullptr;    // the cell of [month_first_, month_last_]
    Date month_first_{}, month_last_{};
    std::vector<std::string> rejected_;  // "rejected ID: message\n", in input order
};

/// What the human summary on stderr says, gathered block by block: accounts by status,
/// arrears, recovery per calendar month, and the rejected accounts' messages.
class RunStats {
public:
    /// `listed`: at most this many rejection messages are kept for stderr.
    explicit RunStats(std::size_t listed) : listed_(listed) {}

    /// Adds the figures of the next accounts, in input order.
    void add(const StatsPart& part);

    [[nodiscard]] std::size_t rejected() const noexcept { return count(Status::rejected); }
    /// For the manifest: accounts by status (all_statuses order), schedule rows, totals.
    [[nodiscard]] const std::array<std::size_t, all_statuses.size()>& by_status() const noexcept {
        return all_.by_status_;
    }
    [[nodiscard]] std::size_t account_count() const noexcept { return all_.accounts_; }
    [[nodiscard]] std::size_t schedule_rows() const noexcept { return all_.schedule_rows_; }
    [[nodiscard]] Money total_arrears() const noexcept { return all_.total_; }
    [[nodiscard]] Money scheduled() const noexcept { return all_.scheduled_; }
    /// Accounts with a schedule (ok, extended): those with an advance notice.
    [[nodiscard]] std::size_t scheduled_accounts() const noexcept {
        return count(Status::ok) + count(Status::extended);
    }
    /// Collections carrying recovery: the collection file's rows.
    [[nodiscard]] std::size_t recovery_collections() const noexcept {
        std::size_t n = 0;
        for (const auto& [month, cell] : all_.by_month_) n += cell.recovery_collections;
        return n;
    }
    /// The revised schedules' collections by (year*12 + month-1) of collection.
    [[nodiscard]] const std::map<int, MonthFlow>& by_month() const noexcept { return all_.by_month_; }
    /// The arrears of the accounts of each status (all_statuses order; a rejected account's
    /// none), what the workbook's `run` sheet states.
    [[nodiscard]] const std::array<Money, all_statuses.size()>& arrears_by_status() const noexcept {
        return all_.arrears_by_status_;
    }

    /// The rejected accounts (as many as are kept), then the summary paragraph and table.
    /// `summary_path` is where the rejected accounts not listed can be read.
    [[nodiscard]] std::string report(const Recovery& recovery, const std::string& summary_path) const;

private:
    [[nodiscard]] std::size_t count(Status s) const noexcept { return all_.by_status_[static_cast<std::size_t>(s)]; }

    std::size_t listed_;
    StatsPart all_;  // the run so far (its rejected_ unused: rejected_lines_ keeps the listed ones)
    std::string rejected_lines_;
};

}  // namespace arrears::cli
