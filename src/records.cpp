// Parsing account, ledger and payment rows from text tables.
#include <arrears/io/records.hpp>

#include <algorithm>
#include <thread>

namespace arrears::io {

namespace {

// "accounts.csv line 5, column 2 (amount): "
std::string where(std::string_view source, const TextTable& t, std::size_t row, int col) {
    std::string s(source);
    s += ' ';
    s += t.row_label;
    s += ' ';
    s += std::to_string(t.line[row]);
    if (col >= 0) {
        s += ", column ";
        s += std::to_string(col + 1);
        s += " (";
        s += t.header[static_cast<std::size_t>(col)];
        s += ')';
    }
    s += ": ";
    return s;
}

// A field's text, empty when the column is absent.
std::string_view field(const TextTable& t, std::size_t row, int col) {
    return col < 0 ? std::string_view() : t.at(row, static_cast<std::size_t>(col));
}

struct FieldError {
    int column;
    std::string message;
};

int require_column(const TextTable& t, std::string_view source, std::string_view name) {
    int c = t.column(name);
    if (c < 0)
        throw InputError(std::string(source) + ": missing required column '" + std::string(name) + "'");
    return c;
}

Date date_field(std::string_view text, int col, std::string_view what) {
    Date d;
    const char* why = "";
    if (text.empty()) throw FieldError{col, std::string(what) + " is empty"};
    if (!try_parse_date(text, d, why))
        throw FieldError{col, "invalid date '" + std::string(text) + "': " + why};
    return d;
}

Money money_field(std::string_view text, int col) {
    Money m;
    const char* why = "";
    if (!Money::try_parse(text, m, why))
        throw FieldError{col, "invalid amount '" + std::string(text) + "': " + why};
    return m;
}

template <class F>
auto in_column(int col, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const InputError& e) {
        throw FieldError{col, e.what()};
    }
}

}  // namespace

void read_accounts(const TextTable& t, std::string_view source, Portfolio& p) {
    const int c_id = require_column(t, source, "account_id");
    const int c_amount = require_column(t, source, "amount");
    const int c_freq = require_column(t, source, "frequency");
    const int c_first = require_column(t, source, "first_due");
    const int c_day = t.column("day"), c_end = t.column("end"), c_skip = t.column("skip"),
              c_conv = t.column("convention");
    p.accounts.reserve(p.accounts.size() + t.rows());
    for (std::size_t r = 0; r < t.rows(); ++r) {
        Account a;
        std::string rejected;
        if (!t.row_error[r].empty()) {
            rejected = where(source, t, r, -1) + t.row_error[r];
        } else {
            a.id = std::string(field(t, r, c_id));
            try {
                if (a.id.empty()) throw FieldError{c_id, "account_id is empty"};
                Plan& plan = a.plan;
                plan.amount = money_field(field(t, r, c_amount), c_amount);
                if (plan.amount <= Money())
                    throw FieldError{c_amount, "amount '" + std::string(field(t, r, c_amount)) +
                                                   "' must be more than 0.00"};
                plan.frequency = in_column(c_freq, [&] { return parse_frequency(field(t, r, c_freq)); });
                plan.first_due = date_field(field(t, r, c_first), c_first, "first_due");
                if (auto d = field(t, r, c_day); !d.empty())
                    plan.day = in_column(c_day, [&] { return DayOfMonth::parse(d); });
                if (auto e = field(t, r, c_end); !e.empty()) plan.end = date_field(e, c_end, "end");
                if (auto s = field(t, r, c_skip); !s.empty()) {
                    std::size_t pos = 0;
                    while (pos <= s.size()) {
                        std::size_t semi = s.find(';', pos);
                        if (semi == std::string_view::npos) semi = s.size();
                        std::string_view one = s.substr(pos, semi - pos);
                        while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
                        while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
                        if (!one.empty()) plan.skip.push_back(date_field(one, c_skip, "skip date"));
                        pos = semi + 1;
                    }
                    std::sort(plan.skip.begin(), plan.skip.end());
                    plan.skip.erase(std::unique(plan.skip.begin(), plan.skip.end()), plan.skip.end());
                }
                if (auto c = field(t, r, c_conv); !c.empty())
                    plan.convention = in_column(c_conv, [&] { return parse_convention(c); });
                // Plan rules that need several fields: name the field the message is about.
                try {
                    plan.validate();
                } catch (const InputError& e) {
                    std::string_view m = e.what();
                    int col = m.rfind("day ", 0) == 0 ? c_day
                            : m.rfind("end ", 0) == 0 ? c_end
                            : m.rfind("skip ", 0) == 0 ? c_skip : c_amount;
                    throw FieldError{col, e.what()};
                }
                if (auto [it, fresh] = p.index.emplace(a.id, p.accounts.size()); !fresh)
                    throw FieldError{c_id, "duplicate account_id '" + a.id + "' (first on " +
                                               t.row_label + " " + std::to_string(p.line[it->second]) + ")"};
            } catch (const FieldError& e) {
                rejected = where(source, t, r, e.column) + e.message;
            }
        }
        if (!rejected.empty() && !a.id.empty()) p.rejected_ids.emplace(a.id, t.line[r]);
        p.accounts.push_back(std::move(a));
        p.rejection.push_back(std::move(rejected));
        p.line.push_back(t.line[r]);
    }
}

namespace {

// The accepted account a ledger or payment row names, or an error message.
Account* find_account(Portfolio& p, const TextTable& t, std::size_t r, int c_id,
                      std::string_view source, std::vector<std::string>& problems) {
    std::string id(field(t, r, c_id));
    auto it = p.index.find(id);
    if (it == p.index.end()) {
        auto bad = p.rejected_ids.find(id);
        if (bad != p.rejected_ids.end())
            problems.push_back(where(source, t, r, c_id) + "account_id '" + id +
                               "' was rejected (accounts " + t.row_label + " " +
                               std::to_string(bad->second) + "); row not used");
        else
            problems.push_back(where(source, t, r, c_id) + "unknown account_id '" + id + "'");
        return nullptr;
    }
    return &p.accounts[it->second];
}

}  // namespace

std::vector<std::string> read_ledger(const TextTable& t, std::string_view source, Portfolio& p) {
    const int c_id = require_column(t, source, "account_id");
    const int c_due = require_column(t, source, "due_date");
    const int c_amount = require_column(t, source, "amount");
    const int c_status = require_column(t, source, "status");
    const int c_reason = t.column("reason");
    std::vector<std::string> problems;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        if (!t.row_error[r].empty()) {
            problems.push_back(where(source, t, r, -1) + t.row_error[r]);
            continue;
        }
        try {
            LedgerEntry e;
            e.due_date = date_field(field(t, r, c_due), c_due, "due_date");
            in_column(c_due, [&] { require_calendar_year(e.due_date, "due_date"); return 0; });
            e.amount = money_field(field(t, r, c_amount), c_amount);
            if (e.amount < Money())
                throw FieldError{c_amount, "amount '" + std::string(field(t, r, c_amount)) + "' is negative"};
            e.status = in_column(c_status, [&] { return parse_ledger_status(field(t, r, c_status)); });
            e.reason = std::string(field(t, r, c_reason));
            if (e.status == LedgerStatus::unpaid && arudd_meaning(e.reason).empty())
                throw FieldError{c_reason < 0 ? c_status : c_reason,
                                 "unpaid row needs an ARUDD reason code (0-9, A, B), got '" + e.reason + "'"};
            if (Account* a = find_account(p, t, r, c_id, source, problems)) a->ledger.push_back(std::move(e));
        } catch (const FieldError& e) {
            problems.push_back(where(source, t, r, e.column) + e.message);
        }
    }
    return problems;
}

std::vector<std::string> read_payments(const TextTable& t, std::string_view source, Portfolio& p) {
    const int c_id = require_column(t, source, "account_id");
    const int c_date = require_column(t, source, "date");
    const int c_amount = require_column(t, source, "amount");
    std::vector<std::string> problems;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        if (!t.row_error[r].empty()) {
            problems.push_back(where(source, t, r, -1) + t.row_error[r]);
            continue;
        }
        try {
            Payment pay;
            pay.date = date_field(field(t, r, c_date), c_date, "date");
            in_column(c_date, [&] { require_calendar_year(pay.date, "date"); return 0; });
            pay.amount = money_field(field(t, r, c_amount), c_amount);
            if (Account* a = find_account(p, t, r, c_id, source, problems)) a->payments.push_back(pay);
        } catch (const FieldError& e) {
            problems.push_back(where(source, t, r, e.column) + e.message);
        }
    }
    return problems;
}

std::vector<AccountResult> recover(const Portfolio& p, const Recovery& recovery, unsigned threads) {
    std::vector<AccountResult> results(p.size());
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, p.size() / 256)));
    auto work = [&](std::size_t lo, std::size_t hi) {
        std::vector<Collection> scratch;
        for (std::size_t i = lo; i < hi; ++i) {
            if (!p.rejection[i].empty())
                results[i] = AccountResult::rejected(p.accounts[i].id, p.rejection[i]);
            else
                recovery.recover_into(p.accounts[i], results[i], scratch);
        }
    };
    if (threads <= 1) {
        work(0, p.size());
        return results;
    }
    std::vector<std::thread> pool;
    const std::size_t chunk = (p.size() + threads - 1) / threads;
    for (unsigned k = 0; k < threads; ++k) {
        std::size_t lo = k * chunk, hi = std::min(p.size(), lo + chunk);
        if (lo < hi) pool.emplace_back(work, lo, hi);
    }
    for (auto& th : pool) th.join();
    return results;
}

}  // namespace arrears::io
