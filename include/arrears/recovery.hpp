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
#include <arrears/detail/recovery_tally.hpp>
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
    /// What applies to one account (§6–§8, §16): its options (the run's, or its own:
    /// Account::options) and the dates they give. Valid while the Recovery and the account are.
    struct Terms {
        const Options* options = nullptr;
        Date earliest_change;  ///< E: the run's (§6)
        Date start;            ///< the first date that may carry recovery: E, or hold_until when later (§16)
        Date horizon;          ///< H (§7): the account's own `until` when it has one (§16)
        Date extension_limit;  ///< X (§8), from that H
    };

    /// `collection` adjusts collection dates (Bacs works on England-and-Wales working days);
    /// `notice` counts the notice period's working days (the region's calendar). Throws
    /// InputError when the options break §4–§8 (Options::validate).
    Recovery(Options options, Calendar collection, Calendar notice);
    /// One calendar for both.
    Recovery(Options options, const Calendar& calendar) : Recovery(std::move(options), calendar, calendar) {}

    /// The run's options.
    [[nodiscard]] const Options& options() const noexcept { return options_; }
    [[nodiscard]] const Calendar& collection_calendar() const noexcept { return collection_; }
    [[nodiscard]] const Calendar& notice_calendar() const noexcept { return notice_; }
    /// E: the earliest collection date that may carry recovery (§6).
    [[nodiscard]] Date earliest_change() const noexcept { return earliest_change_; }
    /// H: the run's horizon (§7).
    [[nodiscard]] Date horizon() const noexcept { return horizon_; }
    /// X: the last day of the financial year after the one ending at H (§8).
    [[nodiscard]] Date extension_limit() const noexcept { return extension_limit_; }
    /// The run's terms: its options and dates.
    [[nodiscard]] Terms run_terms() const noexcept {
        return {&options_, earliest_change_, start_, horizon_, extension_limit_};
    }
    /// The terms of `account`: the run's, or those of its own options (§16), which are checked
    /// (Options::validate: OptionError when they break §4–§8).
    [[nodiscard]] Terms terms(const Account& account) const;

    /// Recovers one account. Bad input in the account gives a `rejected` result, never a throw.
    [[nodiscard]] AccountResult operator()(const Account& account) const {
        AccountResult r;
        std::vector<Collection> scratch;
        recover_into(account, r, scratch);
        return r;
    }
    /// §13: the missed collections of `account` (the payer is told each), in date order into
    /// `out`: outage mode, the plan's collections dated in the outage at the plan amount of
    /// their date; ledger mode, the standing `unpaid` and `not_presented` rows at their
    /// amounts, each on the collection date of its due date. Their amounts add up to the
    /// summary's missed_amount.
    void missed_list(const Account& account, std::vector<MissedCollection>& out) const;
    /// As operator(), reusing `out` and `scratch` so a loop allocates nothing per account
    /// once the buffers have grown.
    void recover_into(const Account& account, AccountResult& out, std::vector<Collection>& scratch) const;

private:
    class Remaining;

    void recover_checked(const Account& account, AccountResult& out, std::vector<Collection>& scratch) const;
    // §5: the missed collections (and, in ledger mode, the check that N follows them).
    detail::Missed missed_collections(const Account& account, std::vector<Collection>& scratch) const;
    // §5, §16: the statuses decided before any spreading, in §5's order; true when `s` is final.
    static bool decided_without_schedule(const Account& account, detail::Missed& missed, const Options& o, Summary& s);
    // §8: how many eligible collections carry the arrears, or a `review` message.
    bool choose_instalments(const Terms& t, const Plan& plan, Money arrears, Remaining& cols, std::size_t& m,
                            std::string& why) const;
    // §9: the revised schedule and the summary's recovery figures.
    void write_schedule(const Terms& t, const Plan& plan, Money arrears, const Remaining& cols, std::size_t m,
                        AccountResult& out) const;
    // §7, §8: H and X for options `o` (E the run's).
    Terms terms_of(const Options& o) const;

    Options options_;
    Calendar collection_;
    Calendar notice_;
    Date earliest_change_;
    Date start_;
    Date horizon_;
    Date extension_limit_;
};

// ---------------------------------------------------------------------------------------
// Implementation

/// An account's collections from the notice date N, in date order, the missed ones left
/// out (with its past_end and skip_weeks, the collections for recovery only too). Most
/// accounts need only those up to the horizon H, so the rest (to the extension limit X) are
/// generated on demand. Eligible (§8) are those dated from the start of recovery (E, or the
/// account's hold_until).
class Recovery::Remaining {
public:
    Remaining(const Recovery& r, const Terms& t, const Account& a, const detail::Missed& missed,
              std::vector<Collection>& cols)
        : r_(r), t_(t), a_(a), missed_(missed), cols_(cols) {
        const Date upto = std::min(t.horizon, t.extension_limit);
        cols_.clear();
        append(r.options_.notice_date, upto);
        drop_missed();
        all_loaded_ = upto >= t.extension_limit;
        first_eligible_ = first_from_start();
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
    void append(Date from, Date to) {
        const Options& o = *t_.options;
        a_.plan.append_collections(r_.collection_, from, to, cols_, o.past_end, o.skip_weeks);
    }
    // Ledger mode: missed due dates carry no recovery (a collection for recovery only is
    // never missed).
    void drop_missed() {
        if (r_.options_.outage || missed_.due_dates.empty()) return;
        const std::vector<Date>& due = missed_.due_dates;
        cols_.erase(std::remove_if(cols_.begin(), cols_.end(),
                                   [&](const Collection& c) {
                                       return !c.recovery_only &&
                                              std::binary_search(due.begin(), due.end(), c.due_date);
                                   }),
                    cols_.end());
    }
    std::size_t first_from_start() const {
        return static_cast<std::size_t>(
            std::lower_bound(cols_.begin(), cols_.end(), t_.start,
                             [](const Collection& c, Date d) { return c.collection_date < d; }) -
            cols_.begin());
    }
    void load_all() {
        if (all_loaded_) return;
        const Date upto = std::min(t_.horizon, t_.extension_limit);
        append(upto + date::days(1), t_.extension_limit);
        drop_missed();
        all_loaded_ = true;
        first_eligible_ = first_from_start();
    }

    const Recovery& r_;
    const Terms& t_;
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
    earliest_change_ = notice_.add_working_days(options_.notice_date, options_.notice_days + options_.postal_days);
    const Terms t = terms_of(options_);
    start_ = t.start;
    horizon_ = t.horizon;
    extension_limit_ = t.extension_limit;
}

inline Recovery::Terms Recovery::terms_of(const Options& o) const {
    Terms t;
    t.options = &o;
    t.earliest_change = earliest_change_;
    t.start = o.hold_until && *o.hold_until > earliest_change_ ? *o.hold_until : earliest_change_;
    // §7, §8: H, and X one financial year later.
    t.horizon = o.until ? *o.until : financial_year(options_.notice_date, o.year_start).end;
    t.extension_limit = financial_year(t.horizon, o.year_start).next().end;
    if (t.horizon > t.extension_limit) t.extension_limit = t.horizon;
    // The extension limit may lie in 2100 (a 2099 horizon); the calendar's margin covers it.
    if (t.extension_limit > Calendar::table_last) t.extension_limit = Calendar::table_last;
    return t;
}

inline Recovery::Terms Recovery::terms(const Account& account) const {
    if (!account.options) return run_terms();
    account.options->validate();
    return terms_of(*account.options);
}

inline void Recovery::recover_into(const Account& account, AccountResult& out, std::vector<Collection>& scratch) const {
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
    // §16: an account's own options (validated) or, for most, the run's without a copy.
    const Terms t = terms(account);
    const Options& o = *t.options;
    const Plan& plan = account.plan;
    plan.validate(o.past_end);
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
        for (const MandateEntry& e : account.mandates)
            require_calendar_year(e.effective_date, "mandate effective_date");
        const MandateState mandate = mandate_state(account.mandates);
        out.new_bank_details = mandate.bank;
        if (mandate.cancelled())
            missed.cancel_message =
                mandate_event_text(*mandate.decisive) + "; the instruction can no longer be collected";
        else if (mandate.disputed())
            missed.dispute_message =
                mandate_event_text(*mandate.decisive) + "; nothing more may be collected until the dispute is settled";
    }
    if (decided_without_schedule(account, missed, o, s)) return;

    Remaining cols(*this, t, account, missed, scratch);
    std::size_t m = 0;
    std::string why;
    if (!choose_instalments(t, plan, arrears, cols, m, why)) {
        s.status = Status::review;
        s.message = std::move(why);
        return;
    }
    write_schedule(t, plan, arrears, cols, m, out);
}

inline void Recovery::missed_list(const Account& account, std::vector<MissedCollection>& out) const {
    out.clear();
    const Plan& plan = account.plan;
    if (options_.outage) {
        std::vector<Collection> cols;
        plan.append_collections(collection_, options_.outage->from, options_.outage->to, cols);
        for (const Collection& c : cols)
            out.push_back({c.collection_date,
                           plan.first_amount && c.due_date == plan.first_due ? *plan.first_amount : plan.amount});
    } else {
        detail::for_each_standing(account.ledger, [&](const LedgerEntry& e) {
            if (e.status == LedgerStatus::collected) return;
            out.push_back({std::max(e.due_date, collection_.adjust(e.due_date, plan.convention)), e.amount});
        });
    }
    std::stable_sort(out.begin(), out.end(), [](const MissedCollection& a, const MissedCollection& b) {
        return a.collection_date < b.collection_date;
    });
}

inline detail::Missed Recovery::missed_collections(const Account& account, std::vector<Collection>& scratch) const {
    // The outage and the notice date are the run's, whatever the account decides (§16).
    const Options& o = options_;
    detail::Missed missed;
    if (o.outage) {
        // Outage mode: every collection dated in the window, at the plan amount of its date
        // (§4: the first due date's is first_amount).
        scratch.clear();
        account.plan.append_collections(collection_, o.outage->from, o.outage->to, scratch);
        missed.count = static_cast<int>(scratch.size());
        missed.amount = account.plan.amount * missed.count;
        if (account.plan.first_amount)
            for (const Collection& c : scratch)
                if (c.due_date == account.plan.first_due)
                    missed.amount += *account.plan.first_amount - account.plan.amount;
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
        throw InputError("notice date " + to_string(o.notice_date) + " must be after the last missed collection " +
                         to_string(*last_missed));
    return missed;
}

inline bool Recovery::decided_without_schedule(const Account& account, detail::Missed& missed, const Options& o,
                                               Summary& s) {
    if (!missed.cancel_message.empty()) {
        s.status = Status::cancelled;
        s.message = std::move(missed.cancel_message);
        return true;
    }
    // §5 "Nothing lost": a reported row of this account makes its figures untrustworthy
    // (whatever the arrears): a person looks before anything is collected or a notice sent.
    if (!account.reported.empty()) {
        s.status = Status::review;
        s.message = account.reported.front() + ": arrears not trusted";
        if (account.reported.size() > 1) s.message += " (and " + std::to_string(account.reported.size() - 1) + " more)";
        return true;
    }
    if (!missed.dispute_message.empty()) {  // whatever the arrears
        s.status = Status::review;
        s.message = std::move(missed.dispute_message);
        return true;
    }
    if (!o.review.empty()) {  // §16: an officer holds the account, whatever the arrears
        s.status = Status::review;
        s.message = "officer review: " + o.review;
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

inline bool Recovery::choose_instalments(const Terms& t, const Plan& plan, Money arrears, Remaining& cols,
                                         std::size_t& m, std::string& why) const {
    const Options& o = *t.options;
    const std::size_t n = cols.to_horizon();
    const detail::Ceilings ceilings(o, plan);
    const std::optional<Money> floor = o.floor();
    auto at = [&cols](std::size_t i) -> const Collection& { return cols.eligible_at(i); };
    // The collections past H are loaded only when they are needed.
    std::size_t eligible = n;
    if (n == 0) {
        eligible = cols.eligible();
        if (eligible == 0) {
            why = "no collection between " + to_string(t.start) + " and " + to_string(t.extension_limit) +
                  " can carry the recovery";
            // A plan that has ended: say so, since past_end continue would give it collections.
            if (plan.end && o.past_end == PastEnd::stop && *plan.end < t.extension_limit)
                why += ": the plan ends " + to_string(*plan.end) + " (past_end stop)";
            return false;
        }
    }
    // m0: what the strategy, or when_none, gives.
    if (o.strategy == Strategy::single) {
        m = 1;
    } else if (n > 0) {
        m = n;
    } else {
        switch (o.when_none) {
        case WhenNone::next_year:
            m = eligible;
            break;
        case WhenNone::single:
            m = 1;
            break;
        case WhenNone::review:
            why = "no collection between " + to_string(t.start) + " and the horizon " + to_string(t.horizon) +
                  " can carry the recovery";
            return false;
        }
    }
    if (!detail::keeps_limits(arrears, o.remainder, m, ceilings, at, floor)) {
        const std::size_t m0 = m;
        eligible = cols.eligible();
        std::size_t found = 0;
        // More instalments are the next eligible collections in date order, never past H
        // with no_extend.
        const bool to_h = o.extension == Extension::forbidden || eligible == n;
        const std::size_t top = to_h ? std::min(n, eligible) : eligible;
        const std::size_t tried = std::max(top, m0);
        // Some part over the ceiling of its collection: more instalments, from the fewest
        // that could carry the arrears (each part is at most the largest ceiling).
        bool over = false;
        if (ceilings.any()) {
            const detail::Split parts(arrears, m0, o.remainder);
            for (std::size_t i = 0; i < m0 && !over; ++i) over = parts[i] > ceilings.at(at(i));
        }
        bool recovery_only = false, first_instalment = false;
        if (ceilings.any())
            for (std::size_t i = 0; i < tried; ++i) {
                recovery_only |= at(i).recovery_only;
                first_instalment |= at(i).due_date == plan.first_due;
            }
        if (over) {
            Money most;
            for (std::size_t i = 0; i < tried; ++i) most = std::max(most, ceilings.at(at(i)));
            if (most < Money(1)) {
                why = detail::limits_text(o, plan, ceilings, std::nullopt, recovery_only, first_instalment) +
                      " leaves nothing for recovery";
                return false;
            }
            const std::int64_t need = (arrears.pence() + most.pence() - 1) / most.pence();
            std::size_t k = std::max<std::size_t>(
                m0 + 1, static_cast<std::size_t>(std::min<std::int64_t>(need, static_cast<std::int64_t>(top) + 1)));
            for (; k <= top && !found; ++k)
                if (detail::keeps_limits(arrears, o.remainder, k, ceilings, at, floor)) found = k;
        }
        for (std::size_t k = m0 - 1; k >= 1 && !found; --k)  // fewer, larger instalments
            if (detail::keeps_limits(arrears, o.remainder, k, ceilings, at, floor)) found = k;
        if (!found) {
            why = "no split of the arrears " + arrears.to_string() + " over the " + std::to_string(tried) +
                  " collections up to " +
                  (to_h ? "the horizon " + to_string(t.horizon) : to_string(t.extension_limit)) + " keeps " +
                  detail::limits_text(o, plan, ceilings, floor, recovery_only, first_instalment) +
                  (o.extension == Extension::forbidden ? " (extension not allowed)" : "");
            return false;
        }
        m = found;
    }
    // Zero-penny parts are not instalments: the last recovery date is that of the last part
    // with money.
    const detail::Split parts(arrears, m, o.remainder);
    std::optional<Date> last_rec;
    for (std::size_t i = 0; i < m; ++i)
        if (parts[i] > Money()) last_rec = at(i).collection_date;
    if (last_rec && *last_rec > t.horizon && o.extension == Extension::forbidden) {
        why = "recovery would run past the horizon " + to_string(t.horizon) + " (extension not allowed)";
        return false;
    }
    return true;
}

inline void Recovery::write_schedule(const Terms& t, const Plan& plan, Money arrears, const Remaining& cols,
                                     std::size_t m, AccountResult& out) const {
    Summary& s = out.summary;
    const detail::Split part(arrears, m, t.options->remainder);
    detail::RecoveryTally tally;
    for (std::size_t i = 0; i < m; ++i) tally.add(cols.eligible_at(i).collection_date, part[i]);
    // §9: rows with N <= collection date <= max(H, last recovery date).
    const Date schedule_end = tally.schedule_end(t.horizon);
    const std::vector<Collection>& all = cols.all();
    const std::size_t first = cols.first_eligible();
    Money left = arrears;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Collection& c = all[i];
        if (c.collection_date > schedule_end) break;
        const Money rec = (i >= first && i - first < m) ? part[i - first] : Money();
        // A collection for recovery only (after the plan's end, a recovered rent-free week)
        // has a row only when it carries recovery, with no regular amount.
        if (c.recovery_only && rec == Money()) continue;
        const Money plan_amount = plan.amount_of(c.due_date);
        const Money regular = c.recovery_only ? Money() : plan_amount;
        left -= rec;
        // §8: the payer pays double when a collection totals twice its plan amount.
        if (regular + rec >= plan_amount * 2) s.warnings |= Warning::double_payment;
        out.schedule.push_back({c.due_date, c.collection_date, regular, rec, regular + rec, left});
    }
    tally.fill(s, t.horizon);
}

}  // namespace arrears
