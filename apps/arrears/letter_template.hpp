// `arrears letter-template`: prints the bundled letter, the council's starting point for its
// own `--letter-template` (recovery-rules §13); and `arrears notify-template`, the GOV.UK Notify
// letter template for `--notify`'s upload.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace arrears::cli {

/// Adds the subcommand `letter-template` (no options) to `app`.
CLI::App* add_letter_template_command(CLI::App& app, std::string& language);

/// Writes the bundled letter to standard output: exit_ok, or exit_usage (with a message on
/// standard error) when standard output cannot take it.
int run_letter_template(const std::string& language);

/// Adds the subcommand `notify-template` (`--language`) to `app` (§13: a GOV.UK Notify letter
/// template saying what the bundled letter says, for `--notify`'s file).
CLI::App* add_notify_template_command(CLI::App& app, std::string& language);

/// Writes the Notify template (io::notify_template) to standard output, as run_letter_template.
int run_notify_template(const std::string& language);

}  // namespace arrears::cli
