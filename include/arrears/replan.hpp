// Keeping the recovery on course (recovery-rules §15, `arrears replan`): an account's plan
// of record (the schedule and summary whose notices the payer was given at the earlier
// notice date N1) and what happened since (ledger, payments, mandates) give its new result
// at today's notice date N2: the rows before E2 locked as told, the arrears
// A2 = R_open + F − P re-spread from E2 by §8 (every limit and §16 decision, by the same
// engine as `recover`: recovery.hpp), and the collections whose totals now differ from what
// the payer was told.
#pragma once

#include <arrears/account.hpp>
#include <arrears/calendar.hpp>
#include <arrears/date.hpp>
#include <arrears/detail/missed.hpp>
#include <arrears/money.hpp>
#include <arrears/options.hpp>
#include <arrears/recovery.hpp>
#include <arrears/result.hpp>

#include <algorithm>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears {

/// One account's plan of record (§15 `--plan`, `--plan-summary`).
struct PlanOfRecord {
    /// Its rows of the earlier schedule, in collection-date order (any order is sorted).
    std::vector<ScheduleRow> rows;
    /// Its row of the earlier summary; none when the summary has no row for it (→ `review`,
    /// `not in the plan of record`).
    std::optional<Summary> summary;
};

/// What the collection file says of one changed collection (§15 `--collections`).
enum class ChangeAction { collect, withdraw, regular };
inline std::string_view to_string(ChangeAction a) noexcept {
    return a == ChangeAction::collect ? "collect" : a == ChangeAction::withdraw ? "withdraw" : "regular";
}

/// A collection from E2 whose total differs from what the payer was told (§15).
struct ChangedCollection {
    Date due_date;
    Date collection_date;
    Money regular_amount;   ///< of the new total
    Money recovery_amount;  ///< of the new total
    Money amount;           ///< the new total (0.00 for `withdraw`)
    Money previous_amount;  ///< what the payer was told: the plan-of-record total, else the regular amount
    ChangeAction action = ChangeAction::collect;
    friend bool operator==(const ChangedCollection&, const ChangedCollection&) = default;
};

/// One account replanned (§15).
struct ReplanResult {
    /// The new summary (§9's columns; `arrears` is A2, `paid_amount` P, `missed_*` the failed
    /// collections since) and schedule (the locked rows N2 ≤ date < E2 exactly as told, then
    /// the rows from E2), for `ok` and `extended` only.
    AccountResult result;
    Money open_recovery;  ///< R_open: the recovery of the plan-of-record rows dated from E2
    Money failed;         ///< F: the unpaid and not_presented ledger rows standing
    Money paid;           ///< P: every payment
    /// `shortfall` = F − P; empty for a rejected account.
    std::optional<Money> shortfall;
    /// `changed`: a collection from E2 now differs from what the payer was told; empty for
    /// `review`, `cancelled` and `rejected` (and accounts kept as the plan of record had them).
    std::optional<bool> changed;
    /// The changed collections (action collect or withdraw), or, for an account now
    /// `cancelled` or `review`, its plan-of-record rows from E2 with recovery (withdraw or
    /// regular), in date order.
    std::vector<ChangedCollection> changes;
    /// The told collections that still go to the bank as told (§14, §15 `--collections`,
    /// `--bacs`): each row carrying recovery dated from N2 that is not a changed collection —
    /// of an `ok`/`extended` account its schedule's (the locked rows and those unchanged from
    /// E2), of a `no_arrears`/`in_credit` one the locked rows (N2 ≤ date < E2, collected as
    /// told); none for `review`, `cancelled` and `rejected`. In date order. Not changes: no
    /// notice is due for them, but a collection the bank has not yet been sent (one beyond
    /// the earlier Bacs file's 31 days) would otherwise reach no Bacs file.
    /// Filled only when the Replan was made with ToldCollections::listed (the command line's
    /// --submitted): without the bank files already sent, a told collection may be with the
    /// bank already, and listing it again would collect it twice. Every reader of the
    /// collection rows (for_each_collection) follows this one decision.
    std::vector<ScheduleRow> unchanged;
    /// `revised` (ok/extended) or `catch_up_stops` (no_arrears/in_credit) when a notice is
    /// due (`changed` yes); else empty.
    std::string_view notice_kind;
    /// −A2 for an `in_credit` account with a notice.
    std::optional<Money> credit;
    /// True when the status was kept from the plan of record (review/cancelled/rejected there).
    bool kept = false;
};

namespace detail {
/// `r` made a default ReplanResult again, its vectors' and strings' buffers kept (emptied)
/// for the next account's: a ReplanResult reused account after account allocates nothing
/// once its buffers are large enough (Replan::operator()'s three-argument form).
inline void reset(ReplanResult& r) noexcept {
    ReplanResult fresh;  // (default: every member empty, nothing allocated)
    fresh.result.account_id.swap(r.result.account_id);
    fresh.result.summary.message.swap(r.result.summary.message);
    fresh.result.schedule.swap(r.result.schedule);
    fresh.changes.swap(r.changes);
    fresh.unchanged.swap(r.unchanged);
    fresh.result.account_id.clear();
    fresh.result.summary.message.clear();
    fresh.result.schedule.clear();
    fresh.changes.clear();
    fresh.unchanged.clear();
    r = std::move(fresh);
}
}  // namespace detail

/// Calls `f(collection, unchanged)` for each row of `r`'s collection file (§15
/// `--collections`), in date order: its changed collections (`unchanged` false) and its told
/// collections standing as told (ReplanResult::unchanged: `unchanged` true, `action`
/// `collect`, `previous_amount` = `amount`). A date with both gives the changed one first.
template <class F>
void for_each_collection(const ReplanResult& r, F&& f) {
    auto told = r.unchanged.begin();
    auto emit_told = [&](const ScheduleRow& t) {
        f(ChangedCollection{t.due_date, t.collection_date, t.regular_amount, t.recovery_amount, t.total_amount,
                            t.total_amount, ChangeAction::collect},
          true);
    };
    for (const ChangedCollection& c : r.changes) {
        for (; told != r.unchanged.end() && told->collection_date < c.collection_date; ++told) emit_told(*told);
        f(c, false);
    }
    for (; told != r.unchanged.end(); ++told) emit_told(*told);
}

/// Whether a replan lists the told collections standing as told (ReplanResult::unchanged) in
/// its collection rows (§15 `--collections`, `--bacs`; issue 30). `listed` only when the bank
/// files already sent are known (the command line's `--submitted`, which leaves out each row
/// one of them holds): otherwise a told collection may be with the bank already. Python's
/// `arrears.replan` takes no submitted files: `left_out`.
enum class ToldCollections { left_out, listed };

/// A prepared replan: the run's options with notice date N2, N1 (`--since`), the calendars.
/// Immutable and safe to share between threads.
class Replan {
public:
    /// `options.notice_date` is N2; `since` is N1 (< N2); `told`: whether the results list the
    /// told collections standing (ReplanResult::unchanged). Throws OptionError as Recovery
    /// does, and InputError when N2 is not after N1. `options.outage` does not apply (§15): it
    /// is cleared.
    Replan(Options options, Date since, Calendar collection, Calendar notice,
           ToldCollections told = ToldCollections::left_out)
        : since_(since),
          told_(told),
          recovery_(without_outage(std::move(options)), std::move(collection), std::move(notice)) {
        if (!(recovery_.options().notice_date > since_))
            throw InputError("notice date " + to_string(recovery_.options().notice_date) + " must be after --since " +
                             to_string(since_));
    }
    Replan(Options options, Date since, const Calendar& calendar, ToldCollections told = ToldCollections::left_out)
        : Replan(std::move(options), since, calendar, calendar, told) {}

    [[nodiscard]] const Recovery& recovery() const noexcept { return recovery_; }
    [[nodiscard]] Date since() const noexcept { return since_; }
    [[nodiscard]] ToldCollections told_collections() const noexcept { return told_; }
    [[nodiscard]] Date notice_date() const noexcept { return recovery_.options().notice_date; }
    /// E2 (§6 from N2).
    [[nodiscard]] Date earliest_change() const noexcept { return recovery_.earliest_change(); }

    /// Replans `account` (its ledger, payments and mandates those since N1) against `por`.
    /// Ledger rows whose collection date is before N1 or on or after N2 are not used: each
    /// is reported (the account goes to `review`, §5). Never throws for bad account input:
    /// the result is `rejected`.
    [[nodiscard]] ReplanResult operator()(const Account& account, const PlanOfRecord& por) const {
        ReplanResult out;
        (*this)(account, por, out);
        return out;
    }
    /// The same into `out` (emptied first, as detail::reset() does): a caller replanning
    /// account after account keeps the buffers of its changes (the engine's own work is done
    /// in buffers each thread keeps; the schedule is allocated once, at its size). Should it
    /// throw (an overflow of Money sums), `out` is left part-filled, to be emptied or dropped.
    void operator()(const Account& account, const PlanOfRecord& por, ReplanResult& out) const;

    /// §15 for an account in the plan of record whose row of this month's accounts file was
    /// rejected before it could be replanned (a bad cell, §12): `result` (the reader's
    /// `rejected` result) is kept, and every collection `por` still told it from E2 with
    /// catch-up in it is withdrawn, as for an account the engine rejects: its mandate and
    /// ledger rows were not used, so nothing says a debit may be taken (a cancelled or
    /// disputed mandate among them would forbid it, §15), and a rejected account is one a
    /// person decides (§15 is silent on rejected accounts; withdrawing collects nothing the
    /// run cannot vouch for). No payer is told (it is not replanned: `changed` empty), and
    /// the officer brings it back with `recover`. (Not for a duplicate row: the account's
    /// first row answers for it.)
    [[nodiscard]] ReplanResult rejected(AccountResult result, const PlanOfRecord& por) const;

private:
    // operator()'s work, its schedule made in a buffer of this thread's.
    void replan_into(const Account& account, const PlanOfRecord& por, ReplanResult& out) const;
    // True when §5's checks (cancelled, reported rows, a dispute, an officer's review)
    // decide `a` whatever its arrears: recovered with arrears 0 it is not `no_arrears`.
    bool decided_before_split(Account a) const {
        a.payments.back().amount = Money();  // the −R_open entry: arrears F − P = 0
        return recovery_(a).summary.status != Status::no_arrears;
    }
    // (told_keeps_options and keep_told are defined in detail/replan_on_course.hpp.)
    // §16: whether the told rows from E2 keep the account's own options today (an officer's
    // decision since — a cap, strategy single, a floor, a hold, an until — re-spreads them).
    bool told_keeps_options(const Account& a, const std::vector<ScheduleRow>& por) const;
    // The on-course result: the plan-of-record rows from E2 as told, regular rows to H2.
    void keep_told(const Account& a, const std::vector<ScheduleRow>& por, ReplanResult& out) const;
    static Options without_outage(Options o) {
        o.outage.reset();
        return o;
    }
    Date since_;
    ToldCollections told_;
    Recovery recovery_;
};

// ---------------------------------------------------------------------------------------
// Implementation

namespace detail {
/// §15: the plan-of-record withdraw/regular rows of an account now `cancelled` or `review`:
/// each row from E2 carrying recovery; `withdraw` when nothing may be collected (cancelled,
/// a dispute) or there is no regular part, else `regular` at its regular amount.
inline void withdraw_or_regular(const std::vector<ScheduleRow>& rows, Date e2, bool nothing_collectable,
                                std::vector<ChangedCollection>& out) {
    for (const ScheduleRow& r : rows) {
        if (r.collection_date < e2 || r.recovery_amount == Money()) continue;
        const bool withdraw = nothing_collectable || r.regular_amount == Money();
        out.push_back({r.due_date, r.collection_date, withdraw ? Money() : r.regular_amount, Money(),
                       withdraw ? Money() : r.regular_amount, r.total_amount,
                       withdraw ? ChangeAction::withdraw : ChangeAction::regular});
    }
}
/// `rows` in collection-date order (a stable sort): `rows` itself when already so, else
/// `copy`, sorted.
inline const std::vector<ScheduleRow>& by_collection_date(const std::vector<ScheduleRow>& rows,
                                                          std::vector<ScheduleRow>& copy) {
    auto earlier = [](const ScheduleRow& a, const ScheduleRow& b) { return a.collection_date < b.collection_date; };
    if (std::is_sorted(rows.begin(), rows.end(), earlier)) return rows;
    copy = rows;
    std::stable_sort(copy.begin(), copy.end(), earlier);
    return copy;
}
/// R_open (§15): the recovery of the plan-of-record rows `por` dated from `e2`, in pence.
inline Money open_recovery(const std::vector<ScheduleRow>& por, Date e2) {
    Money sum;
    for (const ScheduleRow& row : por)
        if (row.collection_date >= e2) sum += row.recovery_amount;
    return sum;
}
/// The messages that say nothing may be collected (a cancelled instruction, ARUDD 4 or a
/// disputed mandate: recovery.hpp's texts).
inline bool nothing_collectable(const Summary& s) {
    return s.status == Status::cancelled ||
           s.message.find("nothing more may be collected until the dispute is settled") != std::string::npos;
}
}  // namespace detail

inline void Replan::operator()(const Account& account, const PlanOfRecord& por_in, ReplanResult& out) const {
    // The schedule is made in this thread's buffers (the engine's, keep_told's and the
    // final one's, swapped between them as each is made: none allocates once it is large
    // enough), then copied out at its size: a result holds no more than its rows.
    thread_local std::vector<ScheduleRow> work;
    detail::reset(out);
    work.clear();
    out.result.schedule.swap(work);
    replan_into(account, por_in, out);
    work.swap(out.result.schedule);
    out.result.schedule.assign(work.begin(), work.end());
}

inline void Replan::replan_into(const Account& account, const PlanOfRecord& por_in, ReplanResult& out) const {
    AccountResult& r = out.result;
    r.account_id = account.id;
    const Date n1 = since_, n2 = notice_date(), e2 = earliest_change();
    // The plan of record's rows by collection date: as read when they are in that order (an
    // earlier run's own schedule, the common case), else a sorted copy.
    std::vector<ScheduleRow> sorted;
    const std::vector<ScheduleRow>& por = detail::by_collection_date(por_in.rows, sorted);
    out.open_recovery = detail::open_recovery(por, e2);

    // The ledger since N1: rows dated outside [N1, N2) are reported, not used (§15).
    // (`a` is each thread's, every member of it assigned here: its vectors' buffers are kept
    // from one account to the next.)
    thread_local Account a;
    a.id = account.id;
    a.plan = account.plan;
    a.payments = account.payments;
    a.mandates = account.mandates;
    a.options = account.options;
    a.reported = account.reported;
    a.ledger.clear();
    // (A member added to Account must be assigned above, or it would keep the previous
    // account's value: this binding names every member, so it stops compiling until then.)
    [[maybe_unused]] const auto& [each_id, each_plan, each_ledger, each_payments, each_mandates, each_options,
                                  each_reported] = a;
    a.ledger.reserve(account.ledger.size());
    for (const LedgerEntry& e : account.ledger) {
        Date c = e.due_date;
        try {
            c = std::max(e.due_date, recovery_.collection_calendar().adjust(e.due_date, account.plan.convention));
        } catch (const std::exception&) {
            a.ledger.push_back(e);  // out of the calendar: the recovery rejects the account
            continue;
        }
        if (c < n1)
            a.reported.push_back("ledger row due " + to_string(e.due_date) + " (" + e.amount.to_string() +
                                 "): its collection date " + to_string(c) + " is before --since " + to_string(n1) +
                                 ", a return the plan of record may not have known");
        else if (c >= n2)
            a.reported.push_back("ledger row due " + to_string(e.due_date) + " (" + e.amount.to_string() +
                                 "): its collection date " + to_string(c) + " is on or after the notice date " +
                                 to_string(n2) + ", which has not happened yet");
        else
            a.ledger.push_back(e);
    }
    int failed_count = 0;
    detail::for_each_standing(a.ledger, [&](const LedgerEntry& e) {
        if (e.status == LedgerStatus::collected) return;
        out.failed += e.amount;
        ++failed_count;
    });
    for (const Payment& p : a.payments) out.paid += p.amount;

    // The plan of record's own decision stands for review, cancelled and rejected (§15).
    const std::optional<Summary>& told = por_in.summary;
    if (told &&
        (told->status == Status::review || told->status == Status::cancelled || told->status == Status::rejected)) {
        out.kept = true;
        Summary& s = r.summary;
        s.status = told->status;
        s.message = "in the plan of record: " + told->message;
        if (told->status != Status::rejected) {
            // As every replanned account's: what failed and was paid since.
            s.missed_count = failed_count;
            s.missed_amount = out.failed;
            s.paid_amount = out.paid;
            if (told->arrears) s.arrears = *told->arrears + out.failed - out.paid;
            out.shortfall = out.failed - out.paid;
        }
        detail::withdraw_or_regular(por, e2, detail::nothing_collectable(*told), out.changes);
        return;
    }

    // §5–§9 by recover's engine, at N2, with arrears A2 = R_open + F − P: R_open enters as a
    // payment of −R_open (the engine's arrears are missed − paid), and P is restored after.
    a.payments.push_back({n2, Money() - out.open_recovery});
    thread_local std::vector<Collection> scratch;  // (the engine's, kept by each thread: no allocation an account)
    recovery_.recover_into(a, r, scratch);
    Summary& s = r.summary;
    if (s.status == Status::rejected) {
        // Rejected: a person decides it, and nothing on it is collected meanwhile (see
        // `rejected`; §15 is silent on rejected accounts).
        detail::withdraw_or_regular(por, e2, true, out.changes);
        return;
    }
    s.paid_amount = out.paid;
    const Money a2 = *s.arrears;
    out.shortfall = out.failed - out.paid;
    if (!told) {
        // Not in the plan of record: no decision of it to keep, none to spread (§15). What the
        // engine found still decides whether anything may be collected (a cancelled or
        // disputed mandate, ARUDD 4: §15's `withdraw`).
        const bool none = detail::nothing_collectable(s);
        r.schedule.clear();
        Summary kept;
        kept.status = Status::review;
        kept.missed_count = s.missed_count;
        kept.missed_amount = s.missed_amount;
        kept.paid_amount = s.paid_amount;
        kept.arrears = s.arrears;
        // Rows of it reported (§5: a plan or summary row that could not be read is not no
        // row) put it in review with their message, which says why (issue 30).
        kept.message = !a.reported.empty() && !s.message.empty() ? s.message : "not in the plan of record";
        s = std::move(kept);
        detail::withdraw_or_regular(por, e2, none, out.changes);
        return;
    }
    // On course: nothing failed or was paid since, and only the split (not §5's decisions)
    // would change. The told split of R_open still stands (it kept the limits when it was
    // made), so the payer is not sent a new notice for a re-profiling nothing asked for:
    // a later N2 can move H2 into the next financial year and re-spread, or review, an
    // account whose recovery is on course.
    const bool on_course = out.failed == Money() && out.paid == Money() && out.open_recovery > Money() &&
                           (told->status == Status::ok || told->status == Status::extended) &&
                           (s.status == Status::ok || s.status == Status::extended ||
                            (s.status == Status::review && !decided_before_split(a))) &&
                           told_keeps_options(a, por);
    if (on_course) keep_told(a, por, out);
    if (s.status == Status::review || s.status == Status::cancelled) {
        detail::withdraw_or_regular(por, e2, detail::nothing_collectable(s), out.changes);
        return;
    }

    // The new rows from E2 (ok/extended); none for no_arrears/in_credit.
    // (A view of the schedule's tail when its rows from E2 are all after the others, as the
    // engine makes them: no copy. So r.schedule is not changed until the last use of `fresh`,
    // where the new schedule replaces it below.)
    auto from_e2 = [e2](const ScheduleRow& row) { return row.collection_date >= e2; };
    std::vector<ScheduleRow> fresh_rows;
    std::span<const ScheduleRow> fresh;
    if (std::is_partitioned(r.schedule.begin(), r.schedule.end(),
                            [&](const ScheduleRow& row) { return !from_e2(row); })) {
        const auto tail = std::find_if(r.schedule.begin(), r.schedule.end(), from_e2);
        fresh = std::span<const ScheduleRow>(r.schedule).subspan(static_cast<std::size_t>(tail - r.schedule.begin()));
    } else {
        std::copy_if(r.schedule.begin(), r.schedule.end(), std::back_inserter(fresh_rows), from_e2);
        fresh = fresh_rows;
    }

    // Changed collections: from E2, the new total against what the payer was told.
    auto told_row = [&](Date collection) -> const ScheduleRow* {
        auto it = std::lower_bound(por.begin(), por.end(), collection,
                                   [](const ScheduleRow& x, Date d) { return x.collection_date < d; });
        return it != por.end() && it->collection_date == collection ? &*it : nullptr;
    };
    std::vector<ChangedCollection>& ch = out.changes;
    for (const ScheduleRow& row : fresh) {
        const ScheduleRow* t = told_row(row.collection_date);
        const Money before = t ? t->total_amount : row.regular_amount;
        if (row.total_amount != before)
            ch.push_back({row.due_date, row.collection_date, row.regular_amount, row.recovery_amount, row.total_amount,
                          before, row.total_amount == Money() ? ChangeAction::withdraw : ChangeAction::collect});
    }
    // A plan-of-record row from E2 the new schedule does not list: it is back to its regular
    // amount (catch-up lost).
    for (const ScheduleRow& t : por) {
        if (t.collection_date < e2) continue;
        const bool listed = std::any_of(fresh.begin(), fresh.end(),
                                        [&](const ScheduleRow& x) { return x.collection_date == t.collection_date; });
        if (listed || t.recovery_amount == Money()) continue;
        ch.push_back({t.due_date, t.collection_date, t.regular_amount, Money(), t.regular_amount, t.total_amount,
                      t.regular_amount == Money() ? ChangeAction::withdraw : ChangeAction::collect});
    }
    auto by_date = [](const ChangedCollection& x, const ChangedCollection& y) {
        return x.collection_date < y.collection_date;
    };
    if (!std::is_sorted(ch.begin(), ch.end(), by_date)) std::stable_sort(ch.begin(), ch.end(), by_date);
    out.changed = !ch.empty();
    if (*out.changed)
        out.notice_kind = (s.status == Status::ok || s.status == Status::extended) ? "revised" : "catch_up_stops";
    if (*out.changed && s.status == Status::in_credit) out.credit = Money() - a2;

    const bool list_told = told_ == ToldCollections::listed;
    if (s.status != Status::ok && s.status != Status::extended) {
        r.schedule.clear();
        for (const ScheduleRow& t : por)  // §15: the locked rows are still collected as told
            if (list_told && t.collection_date >= n2 && t.collection_date < e2 && t.recovery_amount > Money())
                out.unchanged.push_back(t);
        return;
    }
    // §15 schedule: the locked rows N2 ≤ date < E2 exactly as told, then the new rows;
    // arrears_after counts down from A2 plus the locked recovery.
    // (The locked rows' amounts are as told; their arrears_after is of A2, so the column
    // reads down to 0 on the last recovery.)
    // (Made in each thread's buffer, then swapped with r.schedule: the schedule's old buffer
    // is the next account's.)
    thread_local std::vector<ScheduleRow> schedule;
    schedule.clear();
    Money left = a2;
    std::size_t locked = 0;
    for (const ScheduleRow& t : por)
        if (t.collection_date >= n2 && t.collection_date < e2) left += t.recovery_amount, ++locked;
    schedule.reserve(locked + fresh.size());
    for (ScheduleRow t : por)
        if (t.collection_date >= n2 && t.collection_date < e2) {
            left -= t.recovery_amount;
            t.arrears_after = left;
            schedule.push_back(t);
        }
    for (ScheduleRow row : fresh) {
        left -= row.recovery_amount;
        row.arrears_after = left;
        schedule.push_back(row);
    }
    r.schedule.swap(schedule);
    for (const ScheduleRow& row : r.schedule)
        if (list_told && row.recovery_amount > Money() &&
            std::none_of(ch.begin(), ch.end(),
                         [&](const ChangedCollection& c) { return c.collection_date == row.collection_date; }))
            out.unchanged.push_back(row);
}

inline ReplanResult Replan::rejected(AccountResult result, const PlanOfRecord& por_in) const {
    ReplanResult out;
    out.result = std::move(result);
    std::vector<ScheduleRow> sorted;
    const std::vector<ScheduleRow>& por = detail::by_collection_date(por_in.rows, sorted);
    const Date e2 = earliest_change();
    out.open_recovery = detail::open_recovery(por, e2);
    // (`kept` stays false: the status is this month's rejection, not the plan of record's.)
    detail::withdraw_or_regular(por, e2, true, out.changes);
    return out;
}

}  // namespace arrears

#include <arrears/detail/replan_on_course.hpp>  // Replan::told_keeps_options, Replan::keep_told
