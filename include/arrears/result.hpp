// What a recovery gives for one account (recovery-rules §9): its status, a one-row summary
// (missed, paid, arrears, instalments, warnings, message) and the revised schedule, one row
// per remaining collection.
#pragma once

#include <arrears/date.hpp>
#include <arrears/detail/names.hpp>
#include <arrears/mandate.hpp>
#include <arrears/money.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arrears {

enum class Status { ok, extended, no_arrears, in_credit, review, cancelled, rejected };
/// Every status, in the order of §9, with its name (summaries count them in this order).
inline constexpr std::array<detail::Named<Status>, 7> status_names{{{Status::ok, "ok"},
                                                                    {Status::extended, "extended"},
                                                                    {Status::no_arrears, "no_arrears"},
                                                                    {Status::in_credit, "in_credit"},
                                                                    {Status::review, "review"},
                                                                    {Status::cancelled, "cancelled"},
                                                                    {Status::rejected, "rejected"}}};
inline constexpr std::array<Status, 7> all_statuses{Status::ok,        Status::extended, Status::no_arrears,
                                                    Status::in_credit, Status::review,   Status::cancelled,
                                                    Status::rejected};
inline std::string_view to_string(Status s) noexcept { return detail::name_of(status_names, s); }

/// Bit flags for Summary::warnings.
enum Warning : unsigned {
    double_payment = 1u,  ///< some collection's total is at least twice the regular amount (§8)
};
/// `double_payment`, or empty; several are joined with `;`.
inline std::string warnings_to_string(unsigned w) { return (w & Warning::double_payment) ? "double_payment" : ""; }

struct ScheduleRow {
    Date due_date;
    Date collection_date;
    Money regular_amount;
    Money recovery_amount;
    Money total_amount;
    Money arrears_after;  ///< arrears still to recover after this collection
    friend bool operator==(const ScheduleRow&, const ScheduleRow&) = default;
};

struct Summary {
    Status status = Status::rejected;
    std::optional<int> missed_count;
    std::optional<Money> missed_amount;
    std::optional<Money> paid_amount;
    std::optional<Money> arrears;
    std::optional<int> instalments;  ///< collections carrying recovery (> 0p)
    std::optional<Date> first_recovery_date;
    std::optional<Date> last_recovery_date;
    std::optional<Money> max_recovery;
    unsigned warnings = 0;
    std::string message;

    friend bool operator==(const Summary&, const Summary&) = default;
};

/// A missed collection as the payer is told of it (§13 `missed_dates`, `missed_text`).
struct MissedCollection {
    Date collection_date;
    Money amount;
    friend bool operator==(const MissedCollection&, const MissedCollection&) = default;
};

struct AccountResult {
    std::string account_id;
    Summary summary;
    std::vector<ScheduleRow> schedule;
    /// The new sort code and account number of the latest ADDACS transfers (recovery-rules
    /// §14 `--mandates`), for the bank files; empty where none gave one.
    BankDetails new_bank_details;

    friend bool operator==(const AccountResult&, const AccountResult&) = default;

    /// A `rejected` result for an account whose input could not be read.
    static AccountResult rejected(std::string id, std::string message) {
        AccountResult r;
        r.account_id = std::move(id);
        r.summary.status = Status::rejected;
        r.summary.message = std::move(message);
        return r;
    }
};

}  // namespace arrears
