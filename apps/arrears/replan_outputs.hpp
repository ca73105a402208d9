// `arrears replan`'s own outputs (recovery-rules §15): its summary (§9's columns, then
// `shortfall` and `changed`) and its collection file (`action`, `previous_amount`), tables
// as recover's (TableOutput); its other outputs are recover's (replan.cpp adds them).
#pragma once

#include "bank_files.hpp"
#include "notice_files.hpp"
#include "run_output.hpp"

#include <arrears/io/columns.hpp>
#include <arrears/io/output.hpp>
#include <arrears/notice.hpp>
#include <arrears/replan.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace arrears::cli {

/// The rows of replan's collection file (§15) for account row `i` of the chunk's block, one
/// that NoticeSource::scheduled() lists: calls f(row) for each changed collection, each
/// withdraw/regular row of an account that left the plan and each told collection standing
/// as told (for_each_collection, in date order), with its processing and input-by days — but
/// a collection with something to collect that a `--submitted` file already holds (§14:
/// NoticeSource::already_submitted; SubmittedReport says so, and whether its amount
/// conflicts). The collection file and the workbook's collections sheet are both made by this.
template <class F>
void for_each_listed_collection(const NoticeSource& payers, const Chunk& chunk, std::size_t i, F&& f) {
    const Calendar& calendar = payers.recovery().collection_calendar();
    for_each_collection(chunk.replans[i], [&](const ChangedCollection& c, bool) {
        io::ReplanCollectionRow row{c, working_day_before(calendar, c.collection_date), {}};
        row.input_by = working_day_before(calendar, row.processing_date);
        if (c.amount > Money() && payers.already_submitted(chunk, i,
                                                           ScheduleRow{c.due_date, c.collection_date, c.regular_amount,
                                                                       c.recovery_amount, c.amount, Money()},
                                                           row.processing_date))
            return;
        f(row);
    });
}

/// `--summary` of replan (§15): §9's twelve columns of each account's new result, then
/// `shortfall` and `changed`, in input order.
class ReplanSummaryOutput final : public TableOutput {
public:
    ReplanSummaryOutput(io::Format format, std::string path);

private:
    /// Rows: one per account.
    std::size_t format_rows(const Chunk& chunk, std::string& text) override;
};

/// `--collections` of replan (§15): each changed collection with its `action` and
/// `previous_amount`, the withdraw/regular rows of accounts that left the plan, and (with
/// `--submitted`: the engine lists them then, ToldCollections) the told collections standing
/// as told (`collect`, `previous_amount` = `amount`: the Bacs file is of this file's rows,
/// §14, so the finance officer reconciles one against the other), in input order then date.
/// Its rows are for_each_listed_collection's.
class ReplanCollectionsOutput final : public TableOutput {
public:
    ReplanCollectionsOutput(const NoticeSource& payers, io::Format format, std::string path);
    void begin(const AccountsFile& accounts) override;

private:
    /// Rows: the collections written.
    std::size_t format_rows(const Chunk& chunk, std::string& text) override;

    const NoticeSource& payers_;
    std::vector<std::string_view> columns_;  // account_id, the kept columns, then replan's
};

}  // namespace arrears::cli
