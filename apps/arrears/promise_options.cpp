// `--past-end`, `--no-double-payment` and `--min-recovery`: the limits on each catch-up part
// and the collections after a plan's end (recovery-rules §8).
#include "promise_options.hpp"

#include "options.hpp"


namespace arrears::cli {

void add_promise_options(CLI::App& recover, PromiseArgs& a) {
    recover.add_option("--past-end", a.past_end,
                       "A plan with an end date (Council Tax in ten instalments, April-January): stop = no "
                       "collection after it, so an account with none left goes to review; continue = collect the "
                       "catch-up alone on the plan's usual dates after its end (the remaining months of the "
                       "year: February and March), with no regular amount")
        ->type_name("stop|continue")->capture_default_str();
    recover.add_flag("--no-double-payment", a.no_double_payment,
                     "Nobody pays double: each catch-up amount stays below the regular amount, so no "
                     "collection reaches twice the usual; more collections are used, into next year if need be");
    recover.add_option("--min-recovery", a.min_recovery,
                       "Smallest catch-up amount on a collection (5.00: the Council Tax minimum instalment); "
                       "fewer, larger amounts are used instead, and arrears below it go on one collection. "
                       "Default none, or 1.00 with --remainder whole-pounds")
        ->type_name("AMOUNT");
}

void apply_promise_options(const PromiseArgs& a, Options& o) {
    o.past_end = option_value("--past-end", a.past_end, [](const std::string& v) { return parse_past_end(v); });
    // The rules on these values (a floor below 0.01, either with strategy single) are
    // Options::validate's, worded for the command line by option_errors.cpp.
    if (a.no_double_payment) o.double_payment = DoublePayment::forbidden;
    if (!a.min_recovery.empty())
        o.min_recovery = option_value("--min-recovery", a.min_recovery, [](const std::string& v) { return Money::parse(v); });
}

}  // namespace arrears::cli
