// Fuzzes the CSV reader and the account/ledger/payment readers behind it: any bytes either
// give an InputError (nothing readable) or a table whose every row comes back as an account
// — accepted or rejected with a message — and every accepted account recovers within the
// section 10 invariants. Nothing is lost and nothing else may escape.
#include <arrears/io/csv.hpp>
#include <arrears/io/records.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace arrears;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Recovery rec = [] {
        Options o;
        o.outage = Outage{make_date(2025, 11, 24), make_date(2026, 1, 9)};
        o.notice_date = make_date(2026, 1, 12);
        return Recovery(o, Calendar());
    }();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    io::TextTable table;
    try {
        table = io::parse_csv(text, "fuzz.csv");
    } catch (const InputError&) {
        return 0;
    }
    io::Portfolio p;
    try {
        io::read_accounts(table, "fuzz.csv", p);
    } catch (const InputError&) {
        // A missing required column: the same bytes may still be a ledger or payments file.
        try {
            (void)io::read_ledger(table, "fuzz.csv", p);
        } catch (const InputError&) {
        }
        try {
            (void)io::read_payments(table, "fuzz.csv", p);
        } catch (const InputError&) {
        }
        return 0;
    }
    if (p.size() != table.rows()) std::abort();  // an account row went missing
    const auto results = io::recover(p, rec, 1);
    if (results.size() != p.size()) std::abort();
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].summary.status == Status::rejected) {
            if (results[i].summary.message.empty()) std::abort();
            continue;
        }
        for (const std::string& problem : check_invariants(p.accounts[i], results[i], rec)) {
            std::fprintf(stderr, "invariant broken: %s\n", problem.c_str());
            std::abort();
        }
    }
    return 0;
}
