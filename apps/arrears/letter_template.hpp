// `arrears letter-template`: prints the bundled letter, the council's starting point for its
// own `--letter-template` (recovery-rules §13).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace arrears::cli {

/// Adds the subcommand `letter-template` (no options) to `app`.
CLI::App* add_letter_template_command(CLI::App& app, std::string& language);

/// Writes the bundled letter to standard output: exit_ok, or exit_usage (with a message on
/// standard error) when standard output cannot take it.
int run_letter_template(const std::string& language);

}  // namespace arrears::cli
