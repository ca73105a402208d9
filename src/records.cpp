// Parsing account, ledger and payment rows from text tables.
#include <arrears/io/records.hpp>

#include <arrears/io/cells.hpp>
#include <arrears/io/detail/fields.hpp>
#include <arrears/io/letters.hpp>

#include <algorithm>
#include <array>

namespace arrears::io {

using detail::date_field;
using detail::field;
using detail::FieldError;
using detail::in_column;
using detail::money_field;
using detail::require_column;

std::string row_location(std::string_view source, std::string_view row_label, std::uint64_t line, int col,
                         std::string_view column_name) {
    std::string s(source);
    s += ' ';
    s += row_label;
    s += ' ';
    s += std::to_string(line);
    if (col >= 0) {
        s += ", column ";
        s += std::to_string(col + 1);
        s += " (";
        s += column_name;
        s += ')';
    }
    s += ": ";
    return s;
}

std::string row_location(std::string_view source, const TextTable& t, std::size_t row, int col) {
    if (col < 0) return row_location(source, t.row_label, t.line[row], col, std::string_view());
    const auto c = static_cast<std::size_t>(col);
    // A column --map renamed: ours, then the file's own name, which the reader can find.
    if (c < t.own_header.size() && !t.header[c].empty() && t.own_header[c] != t.header[c])
        return row_location(source, t.row_label, t.line[row], col, t.header[c] + ", the file's " + t.own_header[c]);
    return row_location(source, t.row_label, t.line[row], col, t.header[c]);
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
    c.first_amount = t.column("first_amount");
    c.language = t.column("language");
    for (std::size_t i = 0; i < option_table.size(); ++i)
        if (!option_table[i].column.empty()) {
            c.decisions[i] = t.column(option_table[i].column);
            c.any_decision |= c.decisions[i] >= 0;
        }
    return c;
}

std::string_view account_id_cell(const TextTable& t, std::size_t r, const AccountColumns& c) {
    if (t.row_error[r].empty()) return field(t, r, c.account_id);
    // A row bad in one cell keeps its account_id when that cell was read (§12).
    return t.has_cells(r) && t.error_column(r) != c.account_id ? field(t, r, c.account_id) : std::string_view();
}

namespace {

/// §16: the row's decisions, when it has any: the run's options with them applied.
void read_decisions(const TextTable& t, std::size_t r, const AccountColumns& c, const Options& run, Account& a) {
    bool any = false;
    for (std::size_t i = 0; i < option_table.size() && !any; ++i) any = !field(t, r, c.decisions[i]).empty();
    if (!any) return;  // the run's options, without a copy
    try {
        a.options = account_options(run, [&](const OptionSpec& s) {
            return field(t, r, c.decisions[static_cast<std::size_t>(&s - option_table.data())]);
        });
    } catch (const DecisionError& e) {
        int col = -1;
        for (std::size_t i = 0; i < option_table.size() && col < 0; ++i)
            if (option_table[i].column == e.column()) col = c.decisions[i];
        throw FieldError{col, std::string(e.message())};
    }
}

}  // namespace

std::string parse_account_row(const TextTable& t, std::size_t r, std::string_view source, const AccountColumns& c,
                              Account& a, const Options* run) {
    a.id.clear();
    a.options.reset();
    a.plan.first_amount.reset();
    a.plan.day.reset();
    a.plan.end.reset();
    a.plan.skip.clear();
    a.plan.convention = BusinessDayConvention::following;
    a.ledger.clear();
    a.payments.clear();
    a.reported.clear();
    a.id.assign(account_id_cell(t, r, c));
    if (!t.row_error[r].empty()) return row_location(source, t, r, t.error_column(r)) + t.row_error[r];
    try {
        if (a.id.empty()) throw FieldError{c.account_id, "account_id is empty"};
        Plan& plan = a.plan;
        plan.amount = money_field(field(t, r, c.amount), c.amount);
        if (plan.amount <= Money())
            throw FieldError{c.amount, "amount '" + std::string(field(t, r, c.amount)) + "' must be more than 0.00"};
        if (auto f = field(t, r, c.first_amount); !f.empty()) {
            plan.first_amount = money_field(f, c.first_amount);
            if (*plan.first_amount <= Money())
                throw FieldError{c.first_amount, "first_amount '" + std::string(f) + "' must be more than 0.00"};
        }
        plan.frequency = in_column(c.frequency, [&] { return parse_frequency(field(t, r, c.frequency)); });
        plan.first_due = date_field(field(t, r, c.first_due), c.first_due, "first_due", c.dates);
        if (auto d = field(t, r, c.day); !d.empty()) plan.day = in_column(c.day, [&] { return DayOfMonth::parse(d); });
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
        // §13: the payer's language, read by the letters and the Notify file; a bad cell
        // rejects the account like any other.
        if (auto l = field(t, r, c.language); !l.empty()) in_column(c.language, [&] { return parse_language(l); });
        if (run && c.any_decision) read_decisions(t, r, c, *run, a);
        // Plan rules that need several fields: name the field the message is about. (A skip
        // date after the end is a due date when the account's recovery continues, §4.)
        try {
            plan.validate(a.options ? a.options->past_end : run ? run->past_end : PastEnd::stop);
        } catch (const InputError& e) {
            std::string_view m = e.message();
            int col = m.rfind("day ", 0) == 0            ? c.day
                      : m.rfind("first_amount ", 0) == 0 ? c.first_amount
                      : m.rfind("end ", 0) == 0          ? c.end
                      : m.rfind("skip ", 0) == 0         ? c.skip
                                                         : c.amount;
            throw FieldError{col, std::string(m)};
        }
    } catch (const FieldError& e) {
        return row_location(source, t, r, e.column) + e.message;
    }
    return {};
}

std::string duplicate_message(const TextTable& t, std::size_t r, std::string_view source, const AccountColumns& c,
                              std::string_view id, std::uint64_t first_line) {
    return row_location(source, t, r, c.account_id) + "duplicate account_id " + quote_text(id) + " (first on " +
           t.row_label + " " + std::to_string(first_line) + ")";
}

}  // namespace arrears::io
