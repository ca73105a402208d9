// The recovery engine (recovery-rules §5–§9): for each account, what it missed and still
// owes, the earliest collection that may change after notice, and the arrears spread over
// the remaining collections of the financial year, as a revised schedule and a summary.
// Its inputs are in account.hpp and options.hpp, its results in result.hpp, and the §10
// invariants it keeps are checked by invariants.hpp; §5's findings are detail/missed.hpp,
// and a whole portfolio on threads is portfolio.hpp.
#pragma once

#include <arrears/account.hpp>
#include <arrears/calendar.hpp>
#include <arrears/date.hpp>
#include <arrears/detail/limits.hpp>
#include <arrears/detail/missed.hpp>
#include <arrears/error.hpp>
#include <arrears/financial_year.hpp>
#include <arrears/money.hpp>
#include <arrears/options.hpp>
#include <arrears/plan.hpp>
#include <arrears/result.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace arrears {

/// A prepared recovery run: one set of options and calendars, with the dates they imply
/// worked out once (E, H, X). Immutable and safe to share between threads.
class Recovery {
public:
    /// `collection` adjusts collection dates (Bacs works on England-and-Wales working days);
    /// `notice` counts the notice period's working days (the region's calendar). Throws
    /// InputError when the options break §4–§8 (Options::validate).
    Recovery(Options options, Calendar collection, Calendar notice);
    /// One calendar for both.
    Recovery(Options options, const Calendar& calendar) : Recovery(std::move(options), calendar, calendar) {}

    [[nodiscard]] const Options& options() const noexcept { return options_; }
    [[nodiscard]] const Calendar& collection_calendar() const noexcept { return collection_; }
    [[nodiscard]] const Calendar& notice_calendar() const noexcept { return notice_; }
    /// E: the earliest collection date that may carry recovery (§6).
    [[nodiscard]] Date earliest_change() const noexcept { return earliest_change_; }
    /// H: the horizon (§7).
    [[nodiscard]] Date horizon() const noexcept { return horizon_; }
    /// X: the last day of the financial year after the one ending at H (§8).
    [[nodiscard]] Date extension_limit() const noexcept { return extension_limit_; }

    /// Recovers one account. Bad input in the account gives a `rejected` result, never a throw.
    [[nodiscard]] AccountResult operator()(const Account& account) const {
        AccountResult r;
        std::vector<Collection> scratch;
        recover_into(account, r, scratch);
        return r;
    }
    /// As operator(), reusing `out` and `scratch` so a loop allocates nothing per account
    /// once the buffers have grown.
    void recover_into(const Account& account, AccountResult& out,
                      std::vector<Collection>& scratch) const;

private:
    class Remaining;

    void recover_checked(const Account& account, AccountResult& out,
                         std::vector<Collection>& scratch) const;
    // §5: the missed collections (and, in ledger mode, the check that N follows them).
    detail::Missed missed_collections(const Account& account, std::vector<Collection>& scratch) const;
    // §5: the statuses decided before any spreading, in §5's order; true when `s` is final.
    static bool decided_without_schedule(detail::Missed& missed, Summary& s);
    // §8: how many eligible collections carry the arrears, or a `review` message.
    bool choose_instalments(const Plan& plan, Money arrears, Remaining& cols, std::size_t& m,
                            std::string& why) const;
    // §9: the revised schedule and the summary's recovery figures.
    void write_schedule(const Plan& plan, Money arrears, const Remaining& cols, std::size_t m,
                        AccountResult& out) const;

    Options options_;
    Calendar collection_;
    Calendar notice_;
    Date earliest_change_;
    Date horizon_;
    Date extension_limit_;
};

// ---------------------------------------------------------------------------------------
// Implementation

/// An account's collections from the notice date N, in date order, the missed ones left
/// out. Most accounts need only those up to the horizon H, so the rest (to the extension
/// limit X) are generated on demand. Eligible (§8) are those dated from E.
class Recovery::Remaining {
public:
    Remaining(const Recovery& r, const Account& a, const detail::Missed& missed, std::vector<Collection>& cols)
        : r_(r), a_(a), missed_(missed), cols_(cols) {
        const Date upto = std::min(r.horizon_, r.extension_limit_);
        cols_.clear();
        a.plan.append_collections(r.collection_, r.options_.notice_date, upto, cols_, r.options_.past_end);
        drop_missed();
        all_loaded_ = upto >= r.extension_limit_;
        first_eligible_ = first_from_e();
        to_horizon_ = cols_.size() - first_eligible_;  // every loaded collection is <= H
    }
    /// n: the eligible collections dated on or before H.
    [[nodiscard]] std::size_t to_horizon() const noexcept { return to_horizon_; }
    /// Every eligible collection, to X (loads them).
    [[nodiscard]] std::size_t eligible() {
        load_all();
        return cols_.size() - first_eligible_;
    }
    /// The i-th eligible collection (i < eligible(), or < to_horizon()).
    [[nodiscard]] const Collection& eligible_at(std::size_t i) const { return cols_[first_eligible_ + i]; }
    [[nodiscard]] std::size_t first_eligible() const noexcept { return first_eligible_; }
    [[nodiscard]] const std::vector<Collection>& all() const noexcept { return cols_; }

private:
    // Ledger mode: missed due dates carry no recovery (a continued one is never missed).
    void drop_missed() {
        if (r_.options_.outage || missed_.due_dates.empty()) return;
        const std::vector<Date>& due = missed_.due_dates;
        cols_.erase(std::remove_if(cols_.begin(), cols_.end(),
                                   [&](const Collection& c) {
                                       return !a_.plan.after_end(c.due_date) &&
                                              std::binary_search(due.begin(), due.end(), c.due_date);
                                   }),
                    cols_.end());
    }
    std::size_t first_from_e() const {
        return static_cast<std::size_t>(
            std::lower_bound(cols_.begin(), cols_.end(), r_.earliest_change_,
                             [](const Collection& c, Date d) { return c.collection_date < d; }) -
            cols_.begin());
    }
    void load_all() {
        if (all_loaded_) return;
        const Date upto = std::min(r_.horizon_, r_.extension_limit_);
        a_.plan.append_collections(r_.collection_, upto + date::days(1), r_.extension_limit_, cols_,
                                   r_.options_.past_end);
        drop_missed();
        all_loaded_ = true;
        first_eligible_ = first_from_e();
    }

    const Recovery& r_;
    const Account& a_;
    const detail::Missed& missed_;
    std::vector<Collection>& cols_;
    bool all_loaded_ = false;
    std::size_t first_eligible_ = 0;
    std::size_t to_horizon_ = 0;
};

inline Recovery::Recovery(Options options, Calendar collection, Calendar notice)
    : options_(std::move(options)), collection_(std::move(collection)), notice_(std::move(notice)) {
    options_.validate();
    // §6: E is the (notice_days + postal_days)-th working day after N.
    earliest_change_ = notice_.add_working_days(options_.notice_date,
                                                options_.notice_days + options_.postal_days);
    // §7, §8: H, and X one financial year later.
    horizon_ = options_.until ? *options_.until
                              : financial_year(options_.notice_date, options_.year_start).end;
    extension_limit_ = financial_year(horizon_, options_.year_start).next().end;
    if (horizon_ > extension_limit_) extension_limit_ = horizon_;
    // The extension limit may lie in 2100 (a 2099 horizon); the calendar's margin covers it.
    if (extension_limit_ > Calendar::table_last) extension_limit_ = Calendar::table_last;
}

inline void Recovery::recover_into(const Account& account, AccountResult& out,
                                   std::vector<Collection>& scratch) const {
    out.account_id = account.id;
    out.schedule.clear();
    out.summary = Summary{};
    auto reject = [&](std::string message) {
        out.schedule.clear();
        out.summary = Summary{};
        out.summary.status = Status::rejected;
        out.summary.message = std::move(message);
    };
    try {
        recover_checked(account, out, scratch);
    } catch (const InputError& e) {
        reject(std::string(e.message()));
    } catch (const std::out_of_range& e) {
        reject(e.what());
    } catch (const std::overflow_error&) {
        // Only absurd amounts get here (sums beyond 92 million million pounds).
        reject("the account's amounts add up to more than arrears can hold exactly");
    }
}

inline void Recovery::recover_checked(const Account& account, AccountResult& out,
                                      std::vector<Collection>& scratch) const {
    const Plan& plan = account.plan;
    plan.validate(options_.past_end);
    Summary& s = out.summary;

    detail::Missed missed = missed_collections(account, scratch);
    Money paid;
    for (const Payment& p : account.payments) {
        require_calendar_year(p.date, "payment date");
        paid += p.amount;
    }
    const Money arrears = missed.amount - paid;
    s.missed_count = missed.count;
    s.missed_amount = missed.amount;
    s.paid_amount = paid;
    s.arrears = arrears;
    // §5, §14: a cancelled mandate cancels like an ARUDD code that cancels, a disputed one
    // stops like ARUDD 4 (the mandate's message first when both say so).
    if (!account.mandates.empty()) {
        for (const MandateEntry& e : account.mandates) require_calendar_year(e.effective_date, "mandate effective_date");
        const MandateState mandate = mandate_state(account.mandates);
        out.new_bank_details = mandate.bank;
        if (mandate.cancelled())
            missed.cancel_message = mandate_event_text(*mandate.decisive) + "; the instruction can no longer be collected";
        else if (mandate.disputed())
            missed.dispute_message = mandate_event_text(*mandate.decisive) +
                                     "; nothing more may be collected until the dispute is settled";
    }
    if (decided_without_schedule(missed, s)) return;

    Remaining cols(*this, account, missed, scratch);
    std::size_t m = 0;
    std::string why;
    if (!choose_instalments(plan, arrears, cols, m, why)) {
        s.status = Status::review;
        s.message = std::move(why);
        return;
    }
    write_schedule(plan, arrears, cols, m, out);
}

inline detail::Missed Recovery::missed_collections(const Account& account,
                                                   std::vector<Collection>& scratch) const {
    const Options& o = options_;
    detail::Missed missed;
    if (o.outage) {
        // Outage mode: every collection dated in the window, at the plan amount.
        scratch.clear();
        account.plan.append_collections(collection_, o.outage->from, o.outage->to, scratch);
        missed.count = static_cast<int>(scratch.size());
        missed.amount = account.plan.amount * missed.count;
        return missed;
    }
    // Ledger mode: the unpaid and not-presented rows, at their amounts.
    for (const LedgerEntry& e : account.ledger) require_calendar_year(e.due_date, "ledger due date");
    std::optional<Date> last_missed;
    missed.due_dates.reserve(account.ledger.size());  // one allocation, not one per doubling
    detail::for_each_standing(account.ledger, [&](const LedgerEntry& e) {
        if (e.status == LedgerStatus::collected) return;
        ++missed.count;
        missed.amount += e.amount;
        missed.due_dates.push_back(e.due_date);
        const Date c = std::max(e.due_date, collection_.adjust(e.due_date, account.plan.convention));
        if (!last_missed || c > *last_missed) last_missed = c;
        if (e.status != LedgerStatus::unpaid) return;
        if (arudd_cancels(e.reason) && missed.cancel_message.empty())
            missed.cancel_message = "ARUDD " + e.reason + ": " + std::string(arudd_meaning(e.reason)) +
                                    "; the instruction can no longer be collected";
        if (arudd_disputes(e.reason) && missed.dispute_message.empty())
            missed.dispute_message = "ARUDD " + e.reason + ": " + std::string(arudd_meaning(e.reason)) +
                                     "; nothing more may be collected until the dispute is settled";
    });
    std::sort(missed.due_dates.begin(), missed.due_dates.end());
    // §6: N must follow the last missed collection (per account in ledger mode).
    if (last_missed && !(o.notice_date > *last_missed))
        throw InputError("notice date " + to_string(o.notice_date) +
                         " must be after the last missed collection " + to_string(*last_missed));
    return missed;
}

inline bool Recovery::decided_without_schedule(detail::Missed& missed, Summary& s) {
    if (!missed.cancel_message.empty()) {
        s.status = Status::cancelled;
        s.message = std::move(missed.cancel_message);
        return true;
    }
    if (!missed.dispute_message.empty()) {  // whatever the arrears
        s.status = Status::review;
        s.message = std::move(missed.dispute_message);
        return true;
    }
    const Money arrears = *s.arrears;
    if (arrears == Money()) {
        s.status = Status::no_arrears;
        return true;
    }
    if (arrears < Money()) {
        s.status = Status::in_credit;
        s.message = "in credit by " + (-arrears).to_string() + " (reported, not refunded)";
        return true;
    }
    return false;
}

inline bool Recovery::choose_instalments(const Plan& plan, Money arrears, Remaining& cols,
                                         std::size_t& m, std::string& why) const {
    const Options& o = options_;
    const std::size_t n = cols.to_horizon();
    const std::optional<Money> ceiling = o.ceiling(plan.amount);
    const std::optional<Money> floor = o.floor();
    const std::size_t eligible = (n == 0 || ceiling) ? cols.eligible() : n;
    if (eligible == 0) {
        why = "no collection between " + to_string(earliest_change_) + " and " +
              to_string(extension_limit_) + " can carry the recovery";
        // A plan that has ended: say so, since past_end continue would give it collections.
        if (plan.end && o.past_end == PastEnd::stop && *plan.end < extension_limit_)
            why += ": the plan ends " + to_string(*plan.end) + " (past_end stop)";
        return false;
    }
    // m0: what the strategy, or when_none, gives.
    if (o.strategy == Strategy::single) {
        m = 1;
    } else if (n > 0) {
        m = n;
    } else {
        switch (o.when_none) {
            case WhenNone::next_year: m = eligible; break;
            case WhenNone::single: m = 1; break;
            case WhenNone::review:
                why = "no collection between " + to_string(earliest_change_) + " and the horizon " +
                      to_string(horizon_) + " can carry the recovery";
                return false;
        }
    }
    if (ceiling && *ceiling < Money(1)) {
        why = detail::limits_text(o, plan.amount, ceiling, std::nullopt) + " leaves nothing for recovery";
        return false;
    }
    if (!detail::keeps_limits(arrears, o.remainder, m, ceiling, floor)) {
        const std::size_t m0 = m;
        std::size_t found = 0;
        // More instalments are the next eligible collections in date order, never past H
        // with no_extend.
        const bool to_h = o.extension == Extension::forbidden || eligible == n;
        const std::size_t top = to_h ? std::min(n, eligible) : eligible;
        if (ceiling && largest_part(arrears, static_cast<std::int64_t>(m0), o.remainder) > *ceiling) {
            // Each part is at least the average, so fewer than ceil(A / ceiling) cannot do.
            const std::int64_t need = (arrears.pence() + ceiling->pence() - 1) / ceiling->pence();
            std::size_t k = std::max<std::size_t>(
                m0 + 1, static_cast<std::size_t>(std::min<std::int64_t>(need, static_cast<std::int64_t>(top) + 1)));
            for (; k <= top && !found; ++k)
                if (detail::keeps_limits(arrears, o.remainder, k, ceiling, floor)) found = k;
        }
        for (std::size_t k = m0 - 1; k >= 1 && !found; --k)  // fewer, larger instalments
            if (detail::keeps_limits(arrears, o.remainder, k, ceiling, floor)) found = k;
        if (!found) {
            why = "no split of the arrears " + arrears.to_string() + " over the " +
                  std::to_string(std::max(top, m0)) + " collections up to " +
                  (to_h ? "the horizon " + to_string(horizon_) : to_string(extension_limit_)) + " keeps " +
                  detail::limits_text(o, plan.amount, ceiling, floor) +
                  (o.extension == Extension::forbidden ? " (extension not allowed)" : "");
            return false;
        }
        m = found;
    }
    // Zero-penny parts are not instalments: the last recovery date is that of the last part
    // with money.
    std::optional<Date> last_rec;
    for (std::size_t i = 0; i < m; ++i)
        if (split_part(arrears, static_cast<std::int64_t>(m), o.remainder, static_cast<std::int64_t>(i)) > Money())
            last_rec = cols.eligible_at(i).collection_date;
    if (last_rec && *last_rec > horizon_ && o.extension == Extension::forbidden) {
        why = "recovery would run past the horizon " + to_string(horizon_) + " (extension not allowed)";
        return false;
    }
    return true;
}

inline void Recovery::write_schedule(const Plan& plan, Money arrears, const Remaining& cols,
                                     std::size_t m, AccountResult& out) const {
    Summary& s = out.summary;
    const std::int64_t mm = static_cast<std::int64_t>(m);
    auto part = [&](std::size_t i) {
        return split_part(arrears, mm, options_.remainder, static_cast<std::int64_t>(i));
    };
    std::optional<Date> first_rec, last_rec;
    Money max_rec;
    int instalments = 0;
    for (std::size_t i = 0; i < m; ++i) {
        const Money p = part(i);
        if (p == Money()) continue;  // a zero-penny part carries no recovery (§8)
        const Date d = cols.eligible_at(i).collection_date;
        if (!first_rec) first_rec = d;
        last_rec = d;
        max_rec = std::max(max_rec, p);
        ++instalments;
    }
    // §9: rows with N <= collection date <= max(H, last recovery date).
    const Date schedule_end = std::max(horizon_, last_rec ? *last_rec : horizon_);
    const std::vector<Collection>& all = cols.all();
    const std::size_t first = cols.first_eligible();
    Money left = arrears;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Collection& c = all[i];
        if (c.collection_date > schedule_end) break;
        const Money rec = (i >= first && i - first < m) ? part(i - first) : Money();
        // A continued collection (after the plan's end) has a row only when it carries recovery.
        if (plan.after_end(c.due_date) && rec == Money()) continue;
        const Money regular = plan.regular_for(c.due_date);
        left -= rec;
        if (regular + rec >= plan.amount * 2) s.warnings |= Warning::double_payment;
        out.schedule.push_back({c.due_date, c.collection_date, regular, rec, regular + rec, left});
    }
    const bool past_horizon = last_rec && *last_rec > horizon_;
    s.status = past_horizon ? Status::extended : Status::ok;
    s.instalments = instalments;
    s.first_recovery_date = first_rec;
    s.last_recovery_date = last_rec;
    s.max_recovery = max_rec;
    if (past_horizon)
        s.message = "recovery runs past the horizon " + to_string(horizon_) + " to " + to_string(*last_rec);
}

}  // namespace arrears
