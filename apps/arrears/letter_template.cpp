// `arrears letter-template`: the bundled letter's text exactly as `--letters` uses it when no
// `--letter-template` is given (io::Letters::bundled_text), so that the council's editable copy
// is never a hand copy that can drift from the program.
#include "letter_template.hpp"

#include "options.hpp"

#include <arrears/error.hpp>
#include <arrears/io/letters.hpp>
#include <arrears/io/notify.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace arrears::cli {
namespace {

// The commands' own options as typed (main.cpp holds only their --language).
std::string letter_kind = "recovery";  // letter-template --kind
bool notify_replan = false;            // notify-template --replan

}  // namespace

CLI::App* add_letter_template_command(CLI::App& app, std::string& language) {
    CLI::App* command =
        app.add_subcommand("letter-template", "Print the bundled letter, to edit for --letter-template");
    command->footer(R"(Example:
  arrears letter-template > council-letter.html
then put your council's details in place of [Council name], [Address], [telephone] and the
other words in square brackets, and run
  arrears recover ... --letters letters.html --letter-template council-letter.html \
      --guarantee guarantee.html --keep name,address_line_1,address_line_2,postcode,reference
The letter's {placeholders} are listed in the README ("The letters"); {guarantee} is the
Direct Debit Guarantee your bank supplies (--guarantee FILE).)");
    command
        ->add_option("--language", language,
                     "en, cy (Welsh) or cy+en (bilingual, Welsh first; its Welsh is a draft for your translator)")
        ->type_name("en|cy|cy+en")
        ->capture_default_str();
    command
        ->add_option("--kind", letter_kind,
                     "The notices' kind the letter is for: recovery (recover's), revised or catch_up_stops "
                     "(replan's, recovery rules section 15); the bundled letters hold all three")
        ->type_name("recovery|revised|catch_up_stops")
        ->capture_default_str();
    return command;
}

int run_letter_template(const std::string& language) {
    io::Language l = io::Language::en;
    try {
        l = io::parse_language(language);
    } catch (const InputError& e) {
        std::fprintf(stderr, "arrears letter-template: --language: %s\n", e.what());
        return exit_usage;
    }
    io::LetterKind kind = io::LetterKind::recovery;
    bool found = false;
    for (const auto& [k, name] : io::letter_kind_names)
        if (name == letter_kind) kind = k, found = true;
    if (!found) {
        std::fprintf(stderr,
                     "arrears letter-template: --kind: unknown kind '%s' (expected recovery, revised or "
                     "catch_up_stops)\n",
                     letter_kind.c_str());
        return exit_usage;
    }
    const std::string text = io::Letters::bundled_text(l, kind);
    if (std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0) return exit_ok;
    std::fprintf(stderr, "arrears letter-template: cannot write the letter: %s\n", std::strerror(errno));
    return exit_usage;
}

CLI::App* add_notify_template_command(CLI::App& app, std::string& language) {
    CLI::App* command = app.add_subcommand(
        "notify-template", "Print a GOV.UK Notify letter template for the --notify file's ((placeholders))");
    command->footer(R"(Example:
  arrears notify-template > notify-letter.txt
In GOV.UK Notify, make a letter template: its first line is the letter's heading, the rest
its body (# a heading, *** a page break). Put your council's details in place of the words
in square brackets and the Direct Debit Guarantee exactly as your bank supplies it. Then
  arrears recover ... --keep name,address_line_1,address_line_2,postcode,reference \
      --notify notify.csv
and upload notify.csv to the template ("Send" > "Upload a list of recipients"). With
--language cy or cy+en, recover writes the _cy columns this template's Welsh uses.
arrears replan's Notify file is for a second template, printed with --replan: its
((heading)) and ((why_text)) say what changed (a revised schedule, or catch-up stopping and
any credit).)");
    command
        ->add_option("--language", language,
                     "en, cy (Welsh) or cy+en (bilingual, Welsh first; its Welsh is a draft for your translator)")
        ->type_name("en|cy|cy+en")
        ->capture_default_str();
    command->add_flag("--replan", notify_replan,
                      "The template of arrears replan's --notify file (its heading and why_text columns)");
    return command;
}

int run_notify_template(const std::string& language) {
    std::string text;
    try {
        text = io::notify_template(language, notify_replan);
    } catch (const InputError& e) {
        std::fprintf(stderr, "arrears notify-template: --language: %s\n", e.what());
        return exit_usage;
    }
    if (std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0) return exit_ok;
    std::fprintf(stderr, "arrears notify-template: cannot write the template: %s\n", std::strerror(errno));
    return exit_usage;
}

}  // namespace arrears::cli
