// `arrears replan` (recovery-rules §15): the plan of record (the schedule and summary payers
// were told) and what happened since (ledger, payments, mandates) give each account's new
// schedule, the summary with `shortfall` and `changed`, and the collection file of the
// collections whose totals changed. The options are recover's (add_run_options).
#pragma once

#include "recover.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace arrears::cli {

/// The options of `arrears replan` as typed.
struct ReplanArgs {
    RecoverArgs run;  ///< every option of recover (§15: "mean the same")
    std::string plan, plan_summary, since;
};

/// Adds the subcommand `replan` to `app`, its options written to `args`.
CLI::App* add_replan_command(CLI::App& app, ReplanArgs& args);

/// Runs it: exit_ok or exit_reported; a UsageError (nothing written) otherwise.
int run_replan(const ReplanArgs& a);

}  // namespace arrears::cli
