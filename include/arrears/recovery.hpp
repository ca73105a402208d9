// Recovering missed Direct Debit collections (recovery-rules §5–§10): what each account
// missed and still owes, the earliest collection that may change after notice, and the
// arrears spread over the remaining collections of the financial year, as a revised
// schedule and a one-row summary per account.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/date.hpp>
#include <arrears/error.hpp>
#include <arrears/financial_year.hpp>
#include <arrears/money.hpp>
#include <arrears/plan.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

namespace arrears {

// ---- inputs ---------------------------------------------------------------------------

enum class LedgerStatus {
    collected,      ///< taken as planned
    unpaid,         ///< returned by the payer's bank (ARUDD); `reason` is the code
    not_presented,  ///< never presented (the outage)
};
LedgerStatus parse_ledger_status(std::string_view text);
std::string_view to_string(LedgerStatus s) noexcept;

/// The meaning of an ARUDD return code (`0`–`9`, `A`, `B`), or empty for an unknown code.
std::string_view arudd_meaning(std::string_view code) noexcept;
/// Codes 1, 2, 3, 5, 6 and B: the instruction is dead and nothing more can be collected on it.
bool arudd_cancels(std::string_view code) noexcept;

struct LedgerEntry {
    Date due_date;
    Money amount;
    LedgerStatus status = LedgerStatus::collected;
    std::string reason;  ///< the ARUDD code of an unpaid row
};

/// Money received by other means (card, cash, bank transfer).
struct Payment {
    Date date;
    Money amount;
};

struct Account {
    std::string id;
    Plan plan;
    std::vector<LedgerEntry> ledger;  ///< ledger mode only
    std::vector<Payment> payments;
};

// ---- options --------------------------------------------------------------------------

/// How the arrears are placed on the eligible collections.
enum class Strategy {
    spread,  ///< evenly over the instalments up to the horizon (the default)
    single,  ///< all on the first eligible collection: a late re-presentation
};
/// What `spread` does when no eligible collection lies on or before the horizon.
enum class WhenNone {
    next_year,  ///< spread over every eligible collection up to the extension limit
    single,     ///< put everything on the first eligible collection
    review,     ///< make no schedule; a person decides
};
/// Whether recovery may run past the horizon into the next financial year.
enum class Extension { allowed, forbidden };

Strategy parse_strategy(std::string_view text);
std::string_view to_string(Strategy s) noexcept;
WhenNone parse_when_none(std::string_view text);
std::string_view to_string(WhenNone w) noexcept;
Remainder parse_remainder(std::string_view text);
std::string_view to_string(Remainder r) noexcept;

/// The most recovery one collection may carry: a fixed amount or a percentage of the
/// regular amount (rounded down to the penny).
class Cap {
public:
    explicit Cap(Money fixed) : value_(fixed) {
        if (fixed < Money(1)) throw InputError("cap " + fixed.to_string() + " is below 0.01");
    }
    explicit Cap(Percentage pct) : value_(pct) {
        if (pct.millionths() < 0) throw InputError("cap " + pct.to_string() + " is negative");
    }
    /// `25.00` or `50%`.
    static Cap parse(std::string_view text) {
        if (!text.empty() && text.back() == '%') return Cap(Percentage::parse(text));
        return Cap(Money::parse(text));
    }
    /// The cap for a plan collecting `regular`.
    [[nodiscard]] Money for_regular(Money regular) const {
        if (auto* m = std::get_if<Money>(&value_)) return *m;
        return std::get<Percentage>(value_).of_round_down(regular);
    }
    [[nodiscard]] bool is_percentage() const noexcept { return std::holds_alternative<Percentage>(value_); }
    [[nodiscard]] std::string to_string() const {
        if (auto* m = std::get_if<Money>(&value_)) return m->to_string();
        return std::get<Percentage>(value_).to_string();
    }

private:
    std::variant<Money, Percentage> value_;
};

/// The outage window: every collection dated in [from, to] was missed.
struct Outage {
    Date from;
    Date to;
};

struct Options {
    Date notice_date;                   ///< N: when the payers are told
    int notice_days = 10;               ///< working days the Guarantee requires
    int postal_days = 0;                ///< working days added for the post
    std::optional<Outage> outage;       ///< outage mode when set, ledger mode otherwise
    std::optional<Date> until;          ///< the horizon H, if not the financial year's end
    YearStart year_start{};             ///< financial years start on this day (1 April)
    Strategy strategy = Strategy::spread;
    Remainder remainder = Remainder::first;
    std::optional<Cap> cap;
    Extension extension = Extension::allowed;
    WhenNone when_none = WhenNone::next_year;

    /// Throws InputError for options that contradict §4–§8 (e.g. a notice before the outage).
    void validate() const;
};

// ---- results --------------------------------------------------------------------------

enum class Status { ok, extended, no_arrears, in_credit, review, cancelled, rejected };
/// Every status, in the order of recovery-rules §9 (summaries count them in this order).
inline constexpr std::array<Status, 7> all_statuses{Status::ok,     Status::extended,  Status::no_arrears,
                                                    Status::in_credit, Status::review, Status::cancelled,
                                                    Status::rejected};
std::string_view to_string(Status s) noexcept;

/// Bit flags for Summary::warnings.
enum Warning : unsigned {
    double_payment = 1u,  ///< some collection's recovery is at least its regular amount
};
/// `double_payment`, or empty; several are joined with `;`.
std::string warnings_to_string(unsigned warnings);

struct ScheduleRow {
    Date due_date;
    Date collection_date;
    Money regular_amount;
    Money recovery_amount;
    Money total_amount;
    Money arrears_after;  ///< arrears still to recover after this collection
    friend bool operator==(const ScheduleRow&, const ScheduleRow&) = default;
};

struct Summary {
    Status status = Status::rejected;
    std::optional<int> missed_count;
    std::optional<Money> missed_amount;
    std::optional<Money> paid_amount;
    std::optional<Money> arrears;
    std::optional<int> instalments;  ///< collections carrying recovery (> 0p)
    std::optional<Date> first_recovery_date;
    std::optional<Date> last_recovery_date;
    std::optional<Money> max_recovery;
    unsigned warnings = 0;
    std::string message;

    friend bool operator==(const Summary&, const Summary&) = default;
};

struct AccountResult {
    std::string account_id;
    Summary summary;
    std::vector<ScheduleRow> schedule;

    friend bool operator==(const AccountResult&, const AccountResult&) = default;

    /// A `rejected` result for an account whose input could not be read.
    static AccountResult rejected(std::string id, std::string message) {
        AccountResult r;
        r.account_id = std::move(id);
        r.summary.status = Status::rejected;
        r.summary.message = std::move(message);
        return r;
    }
};

// ---- the engine -----------------------------------------------------------------------

/// A prepared recovery run: one set of options and calendars, with the dates they imply
/// worked out once (E, H, X). Immutable and safe to share between threads.
class Recovery {
public:
    /// `collection` adjusts collection dates (Bacs works on England-and-Wales working days);
    /// `notice` counts the notice period's working days (the region's calendar).
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
    void recover_checked(const Account& account, AccountResult& out,
                         std::vector<Collection>& scratch) const;

    Options options_;
    Calendar collection_;
    Calendar notice_;
    Date earliest_change_;
    Date horizon_;
    Date extension_limit_;
};

/// Recovers every account with one Recovery, results in input order. `threads` = 0 uses
/// every core; the results are identical for any thread count.
std::vector<AccountResult> recover_portfolio(std::span<const Account> accounts,
                                             const Recovery& recovery, unsigned threads = 1);

/// The §10 invariants that `result` breaks, as sentences (empty when all hold).
std::vector<std::string> check_invariants(const Account& account, const AccountResult& result,
                                          const Recovery& recovery);

// ---------------------------------------------------------------------------------------
// Implementation

inline LedgerStatus parse_ledger_status(std::string_view t) {
    if (t == "collected") return LedgerStatus::collected;
    if (t == "unpaid") return LedgerStatus::unpaid;
    if (t == "not_presented") return LedgerStatus::not_presented;
    throw InputError("unknown status '" + std::string(t) +
                     "' (expected collected, unpaid or not_presented)");
}
inline std::string_view to_string(LedgerStatus s) noexcept {
    switch (s) {
        case LedgerStatus::collected: return "collected";
        case LedgerStatus::unpaid: return "unpaid";
        case LedgerStatus::not_presented: return "not_presented";
    }
    return "?";
}

inline std::string_view arudd_meaning(std::string_view code) noexcept {
    if (code.size() != 1) return {};
    switch (code[0]) {
        case '0': return "refer to payer";
        case '1': return "instruction cancelled";
        case '2': return "payer deceased";
        case '3': return "account transferred";
        case '4': return "advance notice disputed";
        case '5': return "no account";
        case '6': return "no instruction";
        case '7': return "amount differs from notice";
        case '8': return "amount not yet due";
        case '9': return "presentation overdue";
        case 'A': case 'a': return "service user differs";
        case 'B': case 'b': return "account closed";
        default: return {};
    }
}
inline bool arudd_cancels(std::string_view code) noexcept {
    if (code.size() != 1) return false;
    switch (code[0]) {
        case '1': case '2': case '3': case '5': case '6': case 'B': case 'b': return true;
        default: return false;
    }
}

inline Strategy parse_strategy(std::string_view t) {
    if (t == "spread") return Strategy::spread;
    if (t == "single") return Strategy::single;
    throw InputError("unknown strategy '" + std::string(t) + "' (expected spread or single)");
}
inline std::string_view to_string(Strategy s) noexcept {
    return s == Strategy::spread ? "spread" : "single";
}
inline WhenNone parse_when_none(std::string_view t) {
    if (t == "next-year") return WhenNone::next_year;
    if (t == "single") return WhenNone::single;
    if (t == "review") return WhenNone::review;
    throw InputError("unknown when-none rule '" + std::string(t) +
                     "' (expected next-year, single or review)");
}
inline std::string_view to_string(WhenNone w) noexcept {
    switch (w) {
        case WhenNone::next_year: return "next-year";
        case WhenNone::single: return "single";
        case WhenNone::review: return "review";
    }
    return "?";
}
inline Remainder parse_remainder(std::string_view t) {
    if (t == "first") return Remainder::first;
    if (t == "last") return Remainder::last;
    if (t == "whole-pounds") return Remainder::whole_pounds;
    throw InputError("unknown remainder rule '" + std::string(t) +
                     "' (expected first, last or whole-pounds)");
}
inline std::string_view to_string(Remainder r) noexcept {
    switch (r) {
        case Remainder::first: return "first";
        case Remainder::last: return "last";
        case Remainder::whole_pounds: return "whole-pounds";
    }
    return "?";
}

inline std::string_view to_string(Status s) noexcept {
    switch (s) {
        case Status::ok: return "ok";
        case Status::extended: return "extended";
        case Status::no_arrears: return "no_arrears";
        case Status::in_credit: return "in_credit";
        case Status::review: return "review";
        case Status::cancelled: return "cancelled";
        case Status::rejected: return "rejected";
    }
    return "?";
}

inline std::string warnings_to_string(unsigned w) {
    return (w & Warning::double_payment) ? "double_payment" : "";
}

inline void Options::validate() const {
    require_calendar_year(notice_date, "notice date");
    if (notice_days < 0) throw InputError("notice days " + std::to_string(notice_days) + " must not be negative");
    if (postal_days < 0) throw InputError("postal days " + std::to_string(postal_days) + " must not be negative");
    if (outage) {
        require_calendar_year(outage->from, "outage start");
        require_calendar_year(outage->to, "outage end");
        if (outage->to < outage->from)
            throw InputError("outage end " + to_string(outage->to) + " is before its start " +
                             to_string(outage->from));
        if (!(notice_date > outage->to))
            throw InputError("notice date " + to_string(notice_date) +
                             " must be after the outage, which ends " + to_string(outage->to));
    }
    if (until) {
        require_calendar_year(*until, "until");
        if (*until < notice_date)
            throw InputError("until " + to_string(*until) + " is before the notice date " +
                             to_string(notice_date));
    }
    if (cap && strategy == Strategy::single)
        throw InputError("a cap " + cap->to_string() + " cannot be used with strategy single");
}

inline Recovery::Recovery(Options options, Calendar collection, Calendar notice)
    : options_(std::move(options)), collection_(std::move(collection)), notice_(std::move(notice)) {
    options_.validate();
    earliest_change_ = notice_.add_working_days(options_.notice_date,
                                                options_.notice_days + options_.postal_days);
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
    try {
        recover_checked(account, out, scratch);
    } catch (const InputError& e) {
        out.schedule.clear();
        out.summary = Summary{};
        out.summary.status = Status::rejected;
        out.summary.message = e.message();
    } catch (const std::out_of_range& e) {
        out.schedule.clear();
        out.summary = Summary{};
        out.summary.status = Status::rejected;
        out.summary.message = e.what();
    } catch (const std::overflow_error&) {
        // Only absurd amounts get here (sums beyond 92 million million pounds).
        out.schedule.clear();
        out.summary = Summary{};
        out.summary.status = Status::rejected;
        out.summary.message = "the account's amounts add up to more than arrears can hold exactly";
    }
}

inline void Recovery::recover_checked(const Account& account, AccountResult& out,
                                      std::vector<Collection>& cols) const {
    const Plan& plan = account.plan;
    plan.validate();
    const Options& o = options_;
    Summary& s = out.summary;

    // §5 missed collections
    int missed_count = 0;
    Money missed;
    std::string cancel_message;
    // Ledger mode: due dates that were missed carry no recovery.
    auto missed_due = [&](Date due) {
        if (o.outage) return false;
        for (const LedgerEntry& e : account.ledger)
            if (e.due_date == due && e.status != LedgerStatus::collected) return true;
        return false;
    };
    if (o.outage) {
        cols.clear();
        plan.append_collections(collection_, o.outage->from, o.outage->to, cols);
        missed_count = static_cast<int>(cols.size());
        missed = plan.amount * missed_count;
    } else {
        std::optional<Date> last_missed;
        for (const LedgerEntry& e : account.ledger) {
            require_calendar_year(e.due_date, "ledger due date");
            if (e.status == LedgerStatus::collected) continue;
            ++missed_count;
            missed += e.amount;
            Date c = std::max(e.due_date, collection_.adjust(e.due_date, plan.convention));
            if (!last_missed || c > *last_missed) last_missed = c;
            if (e.status == LedgerStatus::unpaid && arudd_cancels(e.reason) && cancel_message.empty())
                cancel_message = "ARUDD " + e.reason + ": " + std::string(arudd_meaning(e.reason)) +
                                 "; the instruction can no longer be collected";
        }
        if (last_missed && !(o.notice_date > *last_missed))
            throw InputError("notice date " + to_string(o.notice_date) +
                             " must be after the last missed collection " + to_string(*last_missed));
    }
    Money paid;
    for (const Payment& p : account.payments) {
        require_calendar_year(p.date, "payment date");
        paid += p.amount;
    }
    const Money arrears = missed - paid;
    s.missed_count = missed_count;
    s.missed_amount = missed;
    s.paid_amount = paid;
    s.arrears = arrears;

    if (!cancel_message.empty()) {
        s.status = Status::cancelled;
        s.message = std::move(cancel_message);
        return;
    }
    if (arrears == Money()) {
        s.status = Status::no_arrears;
        return;
    }
    if (arrears < Money()) {
        s.status = Status::in_credit;
        s.message = "in credit by " + (-arrears).to_string() + " (reported, not refunded)";
        return;
    }

    // Collections from the notice date; eligible are those from E. Most accounts need only
    // those up to the horizon, so the rest (to the extension limit X) are generated on demand.
    auto drop_missed = [&] {
        if (!o.outage)
            cols.erase(std::remove_if(cols.begin(), cols.end(),
                                      [&](const Collection& c) { return missed_due(c.due_date); }),
                       cols.end());
    };
    const Date upto = std::min(horizon_, extension_limit_);
    cols.clear();
    plan.append_collections(collection_, o.notice_date, upto, cols);
    drop_missed();
    bool all_loaded = upto >= extension_limit_;
    auto first_from_e = [&] {
        return static_cast<std::size_t>(
            std::lower_bound(cols.begin(), cols.end(), earliest_change_,
                             [](const Collection& c, Date d) { return c.collection_date < d; }) -
            cols.begin());
    };
    std::size_t first_eligible = first_from_e();
    const std::size_t n = cols.size() - first_eligible;  // every loaded collection is <= H
    auto load_all = [&] {
        if (all_loaded) return;
        plan.append_collections(collection_, upto + date::days(1), extension_limit_, cols);
        drop_missed();
        all_loaded = true;
        first_eligible = first_from_e();
    };
    if (n == 0 || (o.cap && o.strategy == Strategy::spread)) load_all();
    const std::size_t eligible = cols.size() - first_eligible;
    auto review = [&](std::string why) {
        s.status = Status::review;
        s.message = std::move(why);
    };
    if (eligible == 0) {
        review("no collection between " + to_string(earliest_change_) + " and " +
               to_string(extension_limit_) + " can carry the recovery");
        return;
    }

    std::size_t m = 0;
    Remainder rule = o.remainder;
    if (o.strategy == Strategy::single) {
        m = 1;
    } else if (n > 0) {
        m = n;
    } else {
        switch (o.when_none) {
            case WhenNone::next_year: m = eligible; break;
            case WhenNone::single: m = 1; break;
            case WhenNone::review:
                review("no collection between " + to_string(earliest_change_) + " and the horizon " +
                       to_string(horizon_) + " can carry the recovery");
                return;
        }
    }
    if (o.cap && o.strategy == Strategy::spread) {
        const Money cap = o.cap->for_regular(plan.amount);
        if (cap < Money(1)) {
            review("the cap " + o.cap->to_string() + " of " + plan.amount.to_string() +
                   " comes to " + cap.to_string());
            return;
        }
        // Smallest m whose split keeps every instalment within the cap. Each instalment is
        // at least the average, so fewer than ceil(A / cap) can never do.
        const std::int64_t need = (arrears.pence() + cap.pence() - 1) / cap.pence();
        std::size_t k = std::max<std::size_t>(m, static_cast<std::size_t>(std::min<std::int64_t>(
                                                     need, static_cast<std::int64_t>(eligible) + 1)));
        while (k <= eligible && largest_part(arrears, static_cast<std::int64_t>(k), rule) > cap) ++k;
        if (k > eligible) {
            review("the cap " + cap.to_string() + " per collection cannot be kept over the " +
                   std::to_string(eligible) + " collections up to " + to_string(extension_limit_));
            return;
        }
        m = k;
    }

    // Place the instalments; zero-penny parts are not recovery.
    const std::int64_t mm = static_cast<std::int64_t>(m);
    std::optional<Date> first_rec, last_rec;
    Money max_rec;
    int instalments = 0;
    for (std::size_t i = 0; i < m; ++i) {
        Money part = split_part(arrears, mm, rule, static_cast<std::int64_t>(i));
        if (part == Money()) continue;
        const Date d = cols[first_eligible + i].collection_date;
        if (!first_rec) first_rec = d;
        last_rec = d;
        max_rec = std::max(max_rec, part);
        ++instalments;
    }
    const bool past_horizon = last_rec && *last_rec > horizon_;
    if (past_horizon && o.extension == Extension::forbidden) {
        review("recovery would run past the horizon " + to_string(horizon_) +
               " (extension not allowed)");
        return;
    }

    // §9 the schedule: N <= collection date <= max(H, last recovery date)
    const Date schedule_end = std::max(horizon_, last_rec ? *last_rec : horizon_);
    Money left = arrears;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        const Collection& c = cols[i];
        if (c.collection_date > schedule_end) break;
        Money rec;
        if (i >= first_eligible && i - first_eligible < m)
            rec = split_part(arrears, mm, rule, static_cast<std::int64_t>(i - first_eligible));
        left -= rec;
        if (rec >= plan.amount) s.warnings |= Warning::double_payment;
        out.schedule.push_back({c.due_date, c.collection_date, plan.amount, rec, plan.amount + rec, left});
    }
    s.status = past_horizon ? Status::extended : Status::ok;
    s.instalments = instalments;
    s.first_recovery_date = first_rec;
    s.last_recovery_date = last_rec;
    s.max_recovery = max_rec;
    if (past_horizon)
        s.message = "recovery runs past the horizon " + to_string(horizon_) + " to " + to_string(*last_rec);
}

inline std::vector<AccountResult> recover_portfolio(std::span<const Account> accounts,
                                                    const Recovery& recovery, unsigned threads) {
    std::vector<AccountResult> results(accounts.size());
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, accounts.size() / 64)));
    auto work = [&](std::size_t lo, std::size_t hi) {
        std::vector<Collection> scratch;
        for (std::size_t i = lo; i < hi; ++i) recovery.recover_into(accounts[i], results[i], scratch);
    };
    if (threads <= 1) {
        work(0, accounts.size());
        return results;
    }
    std::vector<std::thread> pool;
    const std::size_t chunk = (accounts.size() + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        std::size_t lo = t * chunk, hi = std::min(accounts.size(), lo + chunk);
        if (lo < hi) pool.emplace_back(work, lo, hi);
    }
    for (auto& th : pool) th.join();
    return results;
}

inline std::vector<std::string> check_invariants(const Account& account, const AccountResult& r,
                                                 const Recovery& recovery) {
    std::vector<std::string> bad;
    const Summary& s = r.summary;
    const Options& o = recovery.options();
    const bool scheduled = s.status == Status::ok || s.status == Status::extended;
    if (!scheduled) {
        if (!r.schedule.empty()) bad.push_back("a " + std::string(to_string(s.status)) + " account has a schedule");
        return bad;
    }
    Money sum, lo, hi;
    bool any = false;
    for (std::size_t i = 0; i < r.schedule.size(); ++i) {
        const ScheduleRow& row = r.schedule[i];
        const std::string at = "row " + std::to_string(i) + " (" + to_string(row.collection_date) + "): ";
        sum += row.recovery_amount;
        if (row.recovery_amount < Money()) bad.push_back(at + "negative recovery");
        if (o.cap && row.recovery_amount > o.cap->for_regular(account.plan.amount))
            bad.push_back(at + "recovery above the cap");
        if (row.recovery_amount > Money() && row.collection_date < recovery.earliest_change())
            bad.push_back(at + "recovery before the earliest change date");
        if (account.plan.convention != BusinessDayConvention::none &&
            !recovery.collection_calendar().is_working_day(row.collection_date))
            bad.push_back(at + "collection date is not a working day");
        if (row.total_amount != row.regular_amount + row.recovery_amount)
            bad.push_back(at + "total is not regular + recovery");
        const Money before = i == 0 ? *s.arrears : r.schedule[i - 1].arrears_after;
        if (row.arrears_after > before) bad.push_back(at + "arrears_after rises");
        if (row.arrears_after != before - row.recovery_amount)
            bad.push_back(at + "arrears_after does not fall by the recovery");
        if (i > 0 && row.collection_date < r.schedule[i - 1].collection_date)
            bad.push_back(at + "rows out of date order");
        if (row.collection_date < o.notice_date) bad.push_back(at + "row before the notice date");
        if (row.recovery_amount > Money()) {
            if (!any) lo = hi = row.recovery_amount;
            lo = std::min(lo, row.recovery_amount);
            hi = std::max(hi, row.recovery_amount);
            any = true;
        }
    }
    if (!s.arrears || sum != *s.arrears)
        bad.push_back("recovery sums to " + sum.to_string() + ", not the arrears");
    if (!r.schedule.empty() && r.schedule.back().arrears_after != Money())
        bad.push_back("arrears_after does not end at 0");
    if (o.remainder != Remainder::whole_pounds && any && (hi - lo) > Money(1))
        bad.push_back("recovery varies by more than 1p (" + lo.to_string() + " to " + hi.to_string() + ")");
    if (s.last_recovery_date && o.extension == Extension::forbidden && *s.last_recovery_date > recovery.horizon())
        bad.push_back("recovery past the horizon although extension is forbidden");
    if (s.last_recovery_date && *s.last_recovery_date > recovery.extension_limit())
        bad.push_back("recovery past the extension limit");
    const bool past = s.last_recovery_date && *s.last_recovery_date > recovery.horizon();
    if (past != (s.status == Status::extended)) bad.push_back("status does not match the recovery dates");
    return bad;
}

}  // namespace arrears
