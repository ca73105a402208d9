// arrears: the command-line program of recovery-rules §12 for operations staff. This file
// only wires the subcommands (recover.cpp, holidays.cpp, arudd.cpp, mandates.cpp,
// letter_template.cpp) into
// CLI11 and maps failures to the exit status: 0 every row processed, 1 some rows rejected or
// reported, 2 a usage error.
#include "arudd.hpp"
#include "help_format.hpp"
#include "holidays.hpp"
#include "letter_template.hpp"
#include "mandates.hpp"
#include "options.hpp"
#include "recover.hpp"
#include "replan.hpp"

#include <arrears/version.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv) {
    using namespace arrears::cli;
#if defined(__GLIBC__)
    // Memory freed is kept for reuse rather than given back and faulted in again (on a
    // virtual machine a first touch costs microseconds a page): the buffers of the ledger
    // and payments files, read first, serve the accounts stream after them. Blocks below
    // 32 MiB come from the heap (glibc's default threshold starts at 128 KiB).
    (void)mallopt(M_MMAP_THRESHOLD, 32 << 20);
    (void)mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
    CLI::App app(
        "arrears: recover missed Direct Debit collections and spread the arrears over the\n"
        "remaining collections of the financial year (UK councils and housing providers).",
        "arrears");
    wrap_help(app);  // before the subcommands: they take the app's formatter
    app.set_version_flag("--version", std::string("arrears ") + arrears::version);
    app.require_subcommand(1);
    app.footer(
        "Run 'arrears recover --help', 'arrears arudd --help', 'arrears mandates --help' or\n"
        "'arrears holidays --help' for a worked example.");

    RecoverArgs ra;
    CLI::App* recover = add_recover_command(app, ra);
    HolidaysArgs ha;
    CLI::App* holidays = add_holidays_command(app, ha);
    AruddArgs aa;
    CLI::App* arudd = add_arudd_command(app, aa);
    MandatesArgs ma;
    CLI::App* mandates = add_mandates_command(app, ma);
    std::string letter_language = "en";
    CLI::App* letter_template = add_letter_template_command(app, letter_language);
    std::string notify_language = "en";
    CLI::App* notify_template = add_notify_template_command(app, notify_language);
    ReplanArgs pa;
    CLI::App* replan = add_replan_command(app, pa);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        const char* name = recover->parsed()    ? "arrears recover"
                           : replan->parsed()   ? "arrears replan"
                           : holidays->parsed() ? "arrears holidays"
                           : arudd->parsed()    ? "arrears arudd"
                           : mandates->parsed() ? "arrears mandates"
                                                : "arrears";
        std::fprintf(stderr, "%s: %s\nRun '%s --help' for the options.\n", name, e.what(), name);
        return exit_usage;
    }

    if (letter_template->parsed()) return run_letter_template(letter_language);
    if (notify_template->parsed()) return run_notify_template(notify_language);
    ra.arguments.assign(argv + 1, argv + argc);
    pa.run.arguments.assign(argv + 1, argv + argc);
    const char* command = recover->parsed()    ? "arrears recover"
                          : replan->parsed()   ? "arrears replan"
                          : arudd->parsed()    ? "arrears arudd"
                          : mandates->parsed() ? "arrears mandates"
                                               : "arrears holidays";
    try {
        if (arudd->parsed()) return run_arudd(aa);
        if (mandates->parsed()) return run_mandates(ma);
        if (replan->parsed()) return run_replan(pa);
        return recover->parsed() ? run_recover(ra) : run_holidays(ha);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "%s: %s\n", command, e.what());
    } catch (const PartlyWritten& e) {
        std::fprintf(stderr, "%s: %s\n", command, e.what());
        return exit_partly_written;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", command, e.what());
    }
    return exit_usage;
}
