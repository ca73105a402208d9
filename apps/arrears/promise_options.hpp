// The options of `arrears recover` that keep the residents' promise (recovery-rules §8):
// "evenly distributed across the remaining months of the financial year, ensuring that no
// double payments are necessary", with Council Tax's £5 minimum instalment.
#pragma once

#include <arrears/options.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace arrears::cli {

/// `--past-end`, `--no-double-payment` and `--min-recovery` as typed.
struct PromiseArgs {
    std::string past_end = "stop";
    bool no_double_payment = false;
    std::string min_recovery;
};

/// Adds the three options, with their help in a finance officer's words, to `recover`.
void add_promise_options(CLI::App& recover, PromiseArgs& args);

/// Sets them in `o`, whose strategy must already be set: a bad value or one used with
/// `--strategy single` is a UsageError naming the option (exit 2).
void apply_promise_options(const PromiseArgs& args, Options& o);

}  // namespace arrears::cli
