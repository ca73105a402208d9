// Parsing account, ledger and payment rows from text tables.
#include <arrears/io/records.hpp>

#include <arrears/io/cells.hpp>

#include <algorithm>
#include <array>

namespace arrears::io {

namespace {

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

/// The indexes of the columns `names`, in their order; the first missing one is an InputError.
template <std::size_t N>
std::array<int, N> require_columns(const TextTable& t, std::string_view source, const char* const (&names)[N]) {
    std::array<int, N> c{};
    for (std::size_t i = 0; i < N; ++i) c[i] = require_column(t, source, names[i]);
    return c;
}

Date date_field(std::string_view text, int col, std::string_view what, DateFormat format) {
    Date d;
    std::string why;
    if (text.empty()) throw FieldError{col, std::string(what) + " is empty"};
    if (!try_parse_date_cell(text, format, d, why))
        throw FieldError{col, "invalid date '" + std::string(text) + "': " + why};
    return d;
}

/// A date that must lie in the calendars' years 1995–2099 (a ledger's or a payment's).
Date calendar_date_field(std::string_view text, int col, std::string_view what, DateFormat format) {
    const Date d = date_field(text, col, what, format);
    if (!in_calendar_years(d)) throw FieldError{col, outside_calendar_years(what, to_string(d))};
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
        throw FieldError{col, std::string(e.message())};
    }
}

}  // namespace

std::string row_location(std::string_view source, const TextTable& t, std::size_t row, int col) {
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

AccountColumns AccountColumns::find(const TextTable& t, std::string_view source) {
    AccountColumns c{};
    c.account_id = require_column(t, source, "account_id");
    c.amount = require_column(t, source, "amount");
    c.frequency = require_column(t, source, "frequency");
    c.first_due = require_column(t, source, "first_due");
    c.day = t.column("day");
    c.end = t.column("end");
    c.skip = t.column("skip");
    c.convention = t.column("convention");
    return c;
}

std::string_view account_id_cell(const TextTable& t, std::size_t r, const AccountColumns& c) {
    if (t.row_error[r].empty()) return field(t, r, c.account_id);
    // A row bad in one cell keeps its account_id when that cell was read (§12).
    return t.has_cells(r) && t.error_column(r) != c.account_id ? field(t, r, c.account_id) : std::string_view();
}

std::string parse_account_row(const TextTable& t, std::size_t r, std::string_view source,
                              const AccountColumns& c, Account& a) {
    a.id.clear();
    a.plan.day.reset();
    a.plan.end.reset();
    a.plan.skip.clear();
    a.plan.convention = BusinessDayConvention::following;
    a.ledger.clear();
    a.payments.clear();
    a.id.assign(account_id_cell(t, r, c));
    if (!t.row_error[r].empty()) return row_location(source, t, r, t.error_column(r)) + t.row_error[r];
    try {
        if (a.id.empty()) throw FieldError{c.account_id, "account_id is empty"};
        Plan& plan = a.plan;
        plan.amount = money_field(field(t, r, c.amount), c.amount);
        if (plan.amount <= Money())
            throw FieldError{c.amount, "amount '" + std::string(field(t, r, c.amount)) + "' must be more than 0.00"};
        plan.frequency = in_column(c.frequency, [&] { return parse_frequency(field(t, r, c.frequency)); });
        plan.first_due = date_field(field(t, r, c.first_due), c.first_due, "first_due", c.dates);
        if (auto d = field(t, r, c.day); !d.empty())
            plan.day = in_column(c.day, [&] { return DayOfMonth::parse(d); });
        if (auto e = field(t, r, c.end); !e.empty()) plan.end = date_field(e, c.end, "end", c.dates);
        if (auto s = field(t, r, c.skip); !s.empty()) {
            std::size_t pos = 0;
            while (pos <= s.size()) {
                std::size_t semi = s.find(';', pos);
                if (semi == std::string_view::npos) semi = s.size();
                const std::string_view one = trim_cell(s.substr(pos, semi - pos));
                if (!one.empty()) plan.skip.push_back(date_field(one, c.skip, "skip date", c.dates));
                pos = semi + 1;
            }
            std::sort(plan.skip.begin(), plan.skip.end());
            plan.skip.erase(std::unique(plan.skip.begin(), plan.skip.end()), plan.skip.end());
        }
        if (auto cv = field(t, r, c.convention); !cv.empty())
            plan.convention = in_column(c.convention, [&] { return parse_convention(cv); });
        // Plan rules that need several fields: name the field the message is about.
        try {
            plan.validate();
        } catch (const InputError& e) {
            std::string_view m = e.message();
            int col = m.rfind("day ", 0) == 0 ? c.day
                    : m.rfind("end ", 0) == 0 ? c.end
                    : m.rfind("skip ", 0) == 0 ? c.skip : c.amount;
            throw FieldError{col, std::string(m)};
        }
    } catch (const FieldError& e) {
        return row_location(source, t, r, e.column) + e.message;
    }
    return {};
}

std::string duplicate_message(const TextTable& t, std::size_t r, std::string_view source,
                              const AccountColumns& c, std::string_view id, std::uint64_t first_line) {
    return row_location(source, t, r, c.account_id) + "duplicate account_id '" + std::string(id) + "' (first on " +
           t.row_label + " " + std::to_string(first_line) + ")";
}

namespace {
/// Calls hold(r) for each row of an attachment file; a row the CSV reader refused, or one
/// hold throws a FieldError for, goes to `problems` (reported as skipped) instead.
template <class Problems, class Hold>
void each_row(const TextTable& t, std::string_view source, std::size_t file, Problems& problems, Hold&& hold) {
    for (std::size_t r = 0; r < t.rows(); ++r) {
        try {
            if (!t.row_error[r].empty()) throw FieldError{t.error_column(r), t.row_error[r]};
            hold(r);
        } catch (const FieldError& e) {
            problems.push_back({file, t.line[r], row_location(source, t, r, e.column) + e.message});
        }
    }
}
}  // namespace

void Attachments::add_ledger(const TextTable& t, std::string_view source) {
    // (Named ints, not a structured binding: clang 14, the fuzzers' compiler, cannot capture one.)
    const auto c = require_columns(t, source, {"account_id", "due_date", "amount", "status"});
    const int c_id = c[0], c_due = c[1], c_amount = c[2], c_status = c[3];
    const int c_reason = t.column("reason");
    const std::size_t file = files_++;
    each_row(t, source, file, problems_, [&](std::size_t r) {
        LedgerEntry e;
        e.due_date = calendar_date_field(field(t, r, c_due), c_due, "due_date", dates_);
        e.amount = money_field(field(t, r, c_amount), c_amount);
        if (e.amount < Money())
            throw FieldError{c_amount, "amount '" + std::string(field(t, r, c_amount)) + "' is negative"};
        e.status = in_column(c_status, [&] { return parse_ledger_status(field(t, r, c_status)); });
        e.reason = std::string(field(t, r, c_reason));
        if (e.status == LedgerStatus::unpaid && arudd_meaning(e.reason).empty())
            throw FieldError{c_reason < 0 ? c_status : c_reason,
                             "unpaid row needs an ARUDD reason code (0-9, A, B), got '" + e.reason + "'"};
        by_id_[std::string(field(t, r, c_id))].push_back(held_.size());
        held_.push_back({row_location(source, t, r, c_id), t.row_label, file, t.line[r], std::move(e), std::nullopt});
    });
}

void Attachments::add_payments(const TextTable& t, std::string_view source) {
    const auto c = require_columns(t, source, {"account_id", "date", "amount"});
    const int c_id = c[0], c_date = c[1], c_amount = c[2];
    const std::size_t file = files_++;
    each_row(t, source, file, problems_, [&](std::size_t r) {
        Payment pay;
        pay.date = calendar_date_field(field(t, r, c_date), c_date, "date", dates_);
        pay.amount = money_field(field(t, r, c_amount), c_amount);
        by_id_[std::string(field(t, r, c_id))].push_back(held_.size());
        held_.push_back({row_location(source, t, r, c_id), t.row_label, file, t.line[r], std::nullopt, pay});
    });
}

void Attachments::attach(Account& a) {
    if (by_id_.empty()) return;
    auto it = by_id_.find(a.id);
    if (it == by_id_.end()) return;
    for (std::size_t k : it->second) {
        Held& h = held_[k];
        if (h.used) continue;
        h.used = true;
        if (h.ledger) a.ledger.push_back(std::move(*h.ledger));
        if (h.payment) a.payments.push_back(*h.payment);
    }
}

void Attachments::rejected(const std::string& id, std::uint64_t line) {
    if (!id.empty() && by_id_.count(id)) rejected_.emplace(id, line);
}

std::vector<std::string> Attachments::finish() {
    for (const auto& [id, rows] : by_id_)
        for (std::size_t k : rows) {
            const Held& h = held_[k];
            if (h.used) continue;
            auto bad = rejected_.find(id);
            if (bad != rejected_.end())
                problems_.push_back({h.file, h.line, h.where + "account_id '" + id + "' was rejected (accounts " +
                                                         h.row_label + " " + std::to_string(bad->second) +
                                                         "); row not used"});
            else
                problems_.push_back({h.file, h.line, h.where + "unknown account_id '" + id + "'"});
        }
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
    });
    std::vector<std::string> out;
    out.reserve(problems_.size());
    for (Problem& p : problems_) out.push_back(std::move(p.message));
    problems_.clear();
    return out;
}

}  // namespace arrears::io
