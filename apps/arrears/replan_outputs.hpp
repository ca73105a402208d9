// `arrears replan`'s own outputs (recovery-rules §15): its summary (§9's columns, then
// `shortfall` and `changed`) and its collection file (`action`, `previous_amount`), tables
// as recover's (TableOutput); its other outputs are recover's (replan.cpp adds them).
#pragma once

#include "bank_files.hpp"
#include "notice_files.hpp"
#include "run_output.hpp"

#include <arrears/io/output.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace arrears::cli {

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
/// A collection a `--submitted` file already holds is left out (the SubmittedReport says
/// so, and whether its amount conflicts: §14).
class ReplanCollectionsOutput final : public TableOutput {
public:
    ReplanCollectionsOutput(const NoticeSource& payers, const BankSource& bank, io::Format format, std::string path);
    void begin(const AccountsFile& accounts) override;

private:
    /// Rows: the collections written.
    std::size_t format_rows(const Chunk& chunk, std::string& text) override;

    const NoticeSource& payers_;
    const BankSource& bank_;
    std::vector<std::string_view> columns_;  // account_id, the kept columns, then replan's
};

}  // namespace arrears::cli
