// `arrears letter-template`: the bundled letter's text exactly as `--letters` uses it when no
// `--letter-template` is given (io::Letters::bundled_text), so that the council's editable copy
// is never a hand copy that can drift from the program.
#include "letter_template.hpp"

#include "options.hpp"

#include <arrears/io/letters.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace arrears::cli {

CLI::App* add_letter_template_command(CLI::App& app) {
    CLI::App* command =
        app.add_subcommand("letter-template", "Print the bundled letter, to edit for --letter-template");
    command->footer(R"(Example:
  arrears letter-template > council-letter.html
then put your council's details in place of [Council name], [Address], [Telephone] and the
other words in square brackets, and run
  arrears recover ... --letters letters.html --letter-template council-letter.html)");
    return command;
}

int run_letter_template() {
    const std::string text = io::Letters::bundled_text(true);
    if (std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0) return exit_ok;
    std::fprintf(stderr, "arrears letter-template: cannot write the letter: %s\n", std::strerror(errno));
    return exit_usage;
}

}  // namespace arrears::cli
