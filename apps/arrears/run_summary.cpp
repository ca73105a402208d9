// The standard-error summary of `arrears recover`: counts and sums with thousands grouped
// ("2,410 accounts"), and the recovery-by-month table with its columns aligned.
#include "run_summary.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

namespace arrears::cli {
namespace {

// 1234567 -> "1,234,567"
std::string grouped(std::string digits) {
    const std::size_t sign = !digits.empty() && digits[0] == '-' ? 1 : 0;
    const std::size_t dot = std::min(digits.find('.'), digits.size());
    for (std::size_t i = dot; i > sign + 3; i -= 3) digits.insert(i - 3, 1, ',');
    return digits;
}
std::string grouped(Money m) { return grouped(m.to_string()); }
std::string grouped(std::size_t n) { return grouped(std::to_string(n)); }
}  // namespace

std::string grouped_money(Money m) { return grouped(m); }
std::string grouped_count(std::size_t n) { return grouped(n); }

namespace {
// "1 account", "2,410 accounts"
std::string accounts(std::size_t n) { return grouped(n) + (n == 1 ? " account" : " accounts"); }

}  // namespace

std::string RunStats::report(const Recovery& recovery, const std::string& summary_path) const {
    std::string out = rejected_lines_;
    if (rejected() > listed_)
        out += fmt::format("... and {} more rejected accounts: see {}\n", grouped(rejected() - listed_), summary_path);
    std::string line = accounts(all_.accounts_);
    const char* sep = ": ";
    for (Status s : all_statuses)
        if (count(s)) {
            line += fmt::format("{}{} {}", sep, grouped(count(s)), to_string(s));
            sep = ", ";
        }
    out += line + "\n";
    out += fmt::format("total arrears {}, of which {} scheduled for recovery on {}", grouped(all_.total_),
                       grouped(all_.scheduled_), accounts(count(Status::ok) + count(Status::extended)));
    if (count(Status::in_credit))
        out += fmt::format("; {} in credit on {}", grouped(all_.credit_), accounts(count(Status::in_credit)));
    // §12: the arrears no schedule recovers, stated with their accounts.
    const Money review = all_.arrears_by_status_[static_cast<std::size_t>(Status::review)];
    const Money cancelled = all_.arrears_by_status_[static_cast<std::size_t>(Status::cancelled)];
    if (count(Status::review) || count(Status::cancelled))
        out += fmt::format("\nnot recovered by any schedule: {} on {} in review (a person decides), {} on {} cancelled",
                           grouped(review), accounts(count(Status::review)), grouped(cancelled),
                           accounts(count(Status::cancelled)));
    // The residents' promise kept or broken at a glance (§8 double_payment).
    if (all_.double_payment_ == 0)
        out += "\nno account pays double";
    else
        out += fmt::format("\n{} {} double in some collection", accounts(all_.double_payment_),
                           all_.double_payment_ == 1 ? "pays" : "pay");
    out += fmt::format("\nnotice {}, first changeable collection {}, horizon {}\n",
                       to_string(recovery.options().notice_date), to_string(recovery.earliest_change()),
                       to_string(recovery.horizon()));
    if (all_.by_month_.empty()) return out;
    // Cash in by month of collection: every collection of the revised schedules, counted as
    // Python's cashflow() counts them; months after H marked (§12).
    const date::year_month_day h(recovery.horizon());
    const int last_month = static_cast<int>(h.year()) * 12 + static_cast<int>(static_cast<unsigned>(h.month())) - 1;
    std::vector<std::array<std::string, 6>> rows;
    std::size_t collections = 0, late_months = 0;
    Money regular, recovered, late;
    for (const auto& [ym, cell] : all_.by_month_) {
        const bool after = ym > last_month;
        rows.push_back({fmt::format("{:04}-{:02}", ym / 12, ym % 12 + 1), grouped(cell.collections),
                        grouped(cell.regular), grouped(cell.recovery), grouped(cell.regular + cell.recovery),
                        after ? "after the year end" : ""});
        collections += cell.collections;
        regular += cell.regular;
        recovered += cell.recovery;
        if (after && cell.recovery != Money()) {
            late += cell.recovery;
            ++late_months;
        }
    }
    rows.push_back(
        {"total", grouped(collections), grouped(regular), grouped(recovered), grouped(regular + recovered), ""});
    std::array<std::size_t, 5> w{5, 11, 7, 8, 5};  // the headings' widths
    for (const auto& r : rows)
        for (std::size_t c = 0; c < w.size(); ++c) w[c] = std::max(w[c], r[c].size());
    out += "cash in by month of collection (the revised schedules' collections, as cashflow()):\n";
    auto table_line = [&](const std::array<std::string, 6>& r) {
        std::string text = fmt::format("  {:<{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}", r[0], w[0], r[1], w[1], r[2], w[2],
                                       r[3], w[3], r[4], w[4]);
        if (!r[5].empty()) text += "  " + r[5];
        return text + "\n";
    };
    out += table_line({"month", "collections", "regular", "recovery", "total", ""});
    for (const auto& r : rows) out += table_line(r);
    if (late_months)
        out += fmt::format("recovery after the year end ({}): {} in {} {}\n", to_string(recovery.horizon()),
                           grouped(late), late_months, late_months == 1 ? "month" : "months");
    return out;
}

void StatsPart::clear() {
    std::vector<std::string> rejected = std::move(rejected_);
    rejected.clear();
    *this = StatsPart{};
    rejected_ = std::move(rejected);
}

void StatsPart::add(const AccountResult& r) {
    const Summary& s = r.summary;
    ++accounts_;
    schedule_rows_ += r.schedule.size();
    ++by_status_[static_cast<std::size_t>(s.status)];
    if (s.arrears && *s.arrears > Money()) total_ += *s.arrears;
    if (s.status == Status::in_credit) credit_ -= *s.arrears;
    if (s.arrears) arrears_by_status_[static_cast<std::size_t>(s.status)] += *s.arrears;
    if (s.status == Status::rejected)
        rejected_.push_back((r.account_id.empty() ? "rejected: " : "rejected " + r.account_id + ": ") + s.message +
                            "\n");
    if (s.status != Status::ok && s.status != Status::extended) return;
    if (s.warnings & Warning::double_payment) ++double_payment_;
    scheduled_ += *s.arrears;
    for (const ScheduleRow& row : r.schedule) {
        // Most rows fall in the month of the row before: find the month's cell only on a change.
        if (!month_cell_ || row.collection_date < month_first_ || row.collection_date > month_last_) {
            const date::year_month_day ymd(row.collection_date);
            month_first_ = Date(ymd.year() / ymd.month() / 1);
            month_last_ = Date(ymd.year() / ymd.month() / date::last);
            month_cell_ = &by_month_[static_cast<int>(ymd.year()) * 12 +
                                     static_cast<int>(static_cast<unsigned>(ymd.month())) - 1];
        }
        ++month_cell_->collections;
        month_cell_->regular += row.regular_amount;
        if (row.recovery_amount == Money()) continue;
        ++month_cell_->recovery_collections;
        month_cell_->recovery += row.recovery_amount;
    }
}

void RunStats::add(const StatsPart& p) {
    // The k-th rejected account of the run is listed when k <= listed_.
    for (std::size_t j = 0, before = count(Status::rejected); j < p.rejected_.size() && before + j < listed_; ++j)
        rejected_lines_ += p.rejected_[j];
    all_.accounts_ += p.accounts_;
    all_.schedule_rows_ += p.schedule_rows_;
    for (std::size_t i = 0; i < p.by_status_.size(); ++i) all_.by_status_[i] += p.by_status_[i];
    all_.double_payment_ += p.double_payment_;
    all_.total_ += p.total_;
    all_.scheduled_ += p.scheduled_;
    all_.credit_ += p.credit_;
    for (std::size_t i = 0; i < p.arrears_by_status_.size(); ++i) all_.arrears_by_status_[i] += p.arrears_by_status_[i];
    for (const auto& [month, cell] : p.by_month_) {
        MonthFlow& sum = all_.by_month_[month];
        sum.collections += cell.collections;
        sum.recovery_collections += cell.recovery_collections;
        sum.regular += cell.regular;
        sum.recovery += cell.recovery;
    }
}

}  // namespace arrears::cli
