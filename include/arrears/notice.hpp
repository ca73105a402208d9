// Telling the payers (recovery-rules §13, §14): the advance notice the Direct Debit Guarantee
// requires before a changed collection — when to post it, each changed collection's regular
// and catch-up parts, when the amount returns to normal — and the rows of the collection
// file for Bacs, with its processing and input days. Text in the payer's words: `£1,234.56`,
// `2 February 2026`.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/date.hpp>
#include <arrears/money.hpp>
#include <arrears/plan.hpp>
#include <arrears/recovery.hpp>
#include <arrears/replan.hpp>
#include <arrears/result.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace arrears {

/// The advance notice of one `ok` or `extended` account (§13).
struct Notice {
    Date notice_date;  ///< N
    Date send_by;      ///< the last day a posted notice still arrives in time
    Frequency frequency = Frequency::monthly;
    Money regular_amount;  ///< always the plan's amount
    /// `recovery` (`arrears recover`); `replan`'s kinds are §15's.
    std::string_view kind = "recovery";
    /// The missed collections, in date order (§13 `missed_dates`, `missed_text`): filled by
    /// the make_notice() that is given the account; empty from the one given only a plan.
    std::vector<MissedCollection> missed;
    Money missed_amount;  ///< the summary's: what the missed collections come to
    Money paid_amount;    ///< the summary's: received by other means
    /// `replan` (§15): R_open, the catch-up the payer was told is still to come; empty in
    /// `recover`.
    std::optional<Money> previous_catch_up;
    /// `replan` (§15): −A2 for an `in_credit` account; empty otherwise.
    std::optional<Money> credit;
    /// The collections carrying recovery, in date order (`replan`: the changed collections,
    /// a lost catch-up's with recovery 0.00).
    std::vector<ScheduleRow> changed;
    Money catch_up_total;                ///< A
    std::optional<Date> resumes_on;      ///< the plan's first collection after the last change
    std::optional<Money> resume_amount;  ///< its (regular) amount
    /// §13 the payer's letter language, `en`, `cy` or `cy+en` (the accounts' `language`
    /// column, else the run's `--language`): set by the writers of notices, not by
    /// make_notice(); a notices column only when Welsh is asked for.
    std::string_view language = "en";

    [[nodiscard]] int changes() const noexcept { return static_cast<int>(changed.size()); }
    [[nodiscard]] Date first_changed() const { return changed.front().collection_date; }
    [[nodiscard]] Date last_changed() const { return changed.back().collection_date; }

    friend bool operator==(const Notice&, const Notice&) = default;
};

/// One row of the collection file (§14): a collection that carries recovery.
struct CollectionRow {
    Date collection_date;
    Date processing_date;  ///< the collection calendar's working day before collection_date
    Date input_by;         ///< the working day before processing_date
    Money amount;          ///< the total collected
    Money regular_amount;
    Money recovery_amount;
    bool working_day = true;  ///< false: Bacs cannot collect on collection_date (convention none)

    friend bool operator==(const CollectionRow&, const CollectionRow&) = default;
};

/// The notice of `result` (recovered from an account with `plan` by `recovery`), or nothing
/// when its status is not `ok`/`extended` or no collection carries recovery.
std::optional<Notice> make_notice(const AccountResult& result, const Plan& plan, const Recovery& recovery);
/// As make_notice(), into `out`, reusing its buffer (a million notices, no allocation each);
/// false when there is no notice (`out` is then unspecified).
bool make_notice(const AccountResult& result, const Plan& plan, const Recovery& recovery, Notice& out);

/// As make_notice(result, account.plan, recovery, out), and the missed collections of
/// `account` (Recovery::missed_list) with the summary's missed and paid amounts: what the
/// notices and letters tell (§13 "the payer is told what was missed and what was already
/// paid, not only the balance").
bool make_notice(const AccountResult& result, const Account& account, const Recovery& recovery, Notice& out);
std::optional<Notice> make_notice(const AccountResult& result, const Account& account, const Recovery& recovery);

/// The notice of a replanned account (§15): one when `replan.changed` is yes and its status
/// is ok, extended, no_arrears or in_credit (`replan.notice_kind` set), else false (`out`
/// then unspecified). The changed collections are `replan.changes`; `catch_up_total` is A2
/// (0.00 when not above 0), `previous_catch_up` R_open, `credit` −A2 for in_credit; the
/// missed collections are the account's failed ones with collection dates in
/// [`since`, notice date) (those the replan used); `send_by` and `resumes_on` as §13.
bool make_notice(const ReplanResult& replan, const Account& account, const Recovery& recovery, Date since, Notice& out);

/// `1 December 2025: £532.17` a line per missed collection, joined by `line_break` (§13
/// `missed_text`), appended to `out`.
void append_missed_text(std::string& out, const Notice& notice, std::string_view line_break = "\n");
/// §13 "Welsh": `2 Chwefror 2026` (the Welsh month names Ionawr … Rhagfyr) appended to `out`.
void append_date_words_cy(std::string& out, Date d);
/// §13 `schedule_text_cy`: a line per changed collection, `2 Chwefror 2026: £532.17 arferol +
/// £532.17 ychwanegol = £1,064.34` (`…: £150.00 ychwanegol` without a regular part; §15's
/// `…: £532.17 arferol, dim ychwanegol` and `…: dim casgliad`), joined by
/// `line_break`, appended to `out`.
void append_schedule_text_cy(std::string& out, const Notice& notice, std::string_view line_break = "\n");
/// §13 `missed_text_cy`: `1 Rhagfyr 2025: £532.17` a line per missed collection.
void append_missed_text_cy(std::string& out, const Notice& notice, std::string_view line_break = "\n");
/// The missed collections' dates, `YYYY-MM-DD` joined by `;` (§13 `missed_dates`).
std::string missed_dates(const Notice& notice);

/// The latest working day L of `notice` such that the `days`-th working day after L is on or
/// before `first_changed`, or `notice_date` if that is later (§13 `send_by`).
Date send_by(const Calendar& notice, Date notice_date, int days, Date first_changed);

/// The working day of `calendar` before `d`.
Date working_day_before(const Calendar& calendar, Date d);

/// Appends the collection-file rows of `result` (its schedule rows with recovery) to `out`.
void append_collection_rows(const AccountResult& result, const Calendar& collection, std::vector<CollectionRow>& out);

/// `£1,234.56` (`-£0.01` below zero): money as a payer reads it.
std::string money_words(Money m);
/// `2 February 2026`: a date as a payer reads it.
std::string date_words(Date d);
/// One line per changed collection, joined by line feeds (§13 `schedule_text`).
std::string schedule_text(const Notice& notice);
/// One changed collection as a line of schedule_text().
std::string schedule_line(const ScheduleRow& row);
/// money_words(), date_words() and schedule_line() appended to `out` (no allocation beyond
/// its growth: a million notices have many lines).
void append_money_words(std::string& out, Money m);
void append_date_words(std::string& out, Date d);
void append_schedule_line(std::string& out, const ScheduleRow& row);
/// schedule_text() appended to `out`, the lines joined by `line_break` (`\n` in JSON).
void append_schedule_text(std::string& out, const Notice& notice, std::string_view line_break = "\n");
/// Room for any schedule_line(), for put_schedule_line().
inline constexpr std::size_t schedule_line_max = 160;
/// money_words(), date_words() and schedule_line() written at `p`; return the end.
char* put_money_words(char* p, Money m) noexcept;
char* put_date_words(char* p, Date d) noexcept;
char* put_schedule_line(char* p, const ScheduleRow& row) noexcept;

// ---------------------------------------------------------------------------------------
// Implementation

namespace detail {
void find_resumption(Notice& n, const Plan& plan, const Recovery& recovery);
}

inline Date working_day_before(const Calendar& calendar, Date d) {
    Date p = d - date::days(1);
    while (!calendar.is_working_day(p)) p -= date::days(1);  // throws before the table's start
    return p;
}

inline Date send_by(const Calendar& notice, Date notice_date, int days, Date first_changed) {
    // The days-th working day after L is on or before F exactly when the working days in
    // (L, F] number at least `days`: L is the (days+1)-th working day counted back from F.
    Date l = first_changed;
    for (int seen = 0;; l -= date::days(1)) {
        if (notice.is_working_day(l) && ++seen == days + 1) break;
    }
    return std::max(l, notice_date);
}

inline bool make_notice(const AccountResult& result, const Plan& plan, const Recovery& recovery, Notice& n) {
    const Summary& s = result.summary;
    if (s.status != Status::ok && s.status != Status::extended) return false;
    n.changed.clear();
    for (const ScheduleRow& row : result.schedule)
        if (row.recovery_amount > Money()) n.changed.push_back(row);  // a 0p part is no change
    if (n.changed.empty()) return false;
    const Options& o = recovery.options();
    n.notice_date = o.notice_date;
    n.send_by = send_by(recovery.notice_calendar(), o.notice_date, o.notice_days + o.postal_days, n.first_changed());
    n.frequency = plan.frequency;
    n.regular_amount = plan.amount;
    n.missed.clear();
    n.missed_amount = s.missed_amount ? *s.missed_amount : Money();
    n.paid_amount = s.paid_amount ? *s.paid_amount : Money();
    n.catch_up_total = s.arrears ? *s.arrears : Money();
    n.previous_catch_up.reset();
    n.credit.reset();
    detail::find_resumption(n, plan, recovery);
    return true;
}

namespace detail {
/// §13 `resumes_on`, `resume_amount` of `n` (its changed collections set).
inline void find_resumption(Notice& n, const Plan& plan, const Recovery& recovery) {
    n.resumes_on.reset();
    n.resume_amount.reset();
    // The first collection of the plan (never a continued one: due dates <= end) after the
    // last change. A due date on or before `end` is collected within the calendar's longest
    // closed run after it; without an end, look a year ahead at a time (skipped weeks may
    // leave long gaps).
    const Calendar& cal = recovery.collection_calendar();
    Date stop = make_date(last_calendar_year, 12, 31);
    if (plan.end) stop = std::min(stop, *plan.end + date::days(cal.longest_closed_run() + 1));
    try {
        int window = 62;  // two months first: most plans resume within them
        for (Date from = n.last_changed() + date::days(1); from <= stop && !n.resumes_on; window = 366) {
            const Date to = std::min(from + date::days(window), stop);
            n.resumes_on = plan.first_collection(cal, from, to);
            if (n.resumes_on) n.resume_amount = plan.amount;
            from = to + date::days(1);
        }
    } catch (const std::out_of_range&) {
        // beyond the calendars' range: no resumption to tell
    }
}
}  // namespace detail

inline bool make_notice(const ReplanResult& r, const Account& account, const Recovery& recovery, Date since,
                        Notice& n) {
    if (r.notice_kind.empty() || r.changes.empty()) return false;
    const Summary& s = r.result.summary;
    n.changed.clear();
    for (const ChangedCollection& c : r.changes)
        n.changed.push_back({c.due_date, c.collection_date, c.regular_amount, c.recovery_amount, c.amount, Money()});
    const Options& o = recovery.options();
    n.notice_date = o.notice_date;
    n.send_by = send_by(recovery.notice_calendar(), o.notice_date, o.notice_days + o.postal_days, n.first_changed());
    n.frequency = account.plan.frequency;
    n.regular_amount = account.plan.amount;
    n.kind = r.notice_kind;
    n.missed.clear();
    recovery.missed_list(account, n.missed);
    // Only the failures since N1 the replan counted (§15: a ledger row outside [N1, N2) is
    // reported, not used).
    std::erase_if(n.missed, [&](const MissedCollection& m) {
        return m.collection_date < since || m.collection_date >= o.notice_date;
    });
    n.missed_amount = s.missed_amount ? *s.missed_amount : Money();
    n.paid_amount = s.paid_amount ? *s.paid_amount : Money();
    const Money a2 = s.arrears ? *s.arrears : Money();
    n.catch_up_total = a2 > Money() ? a2 : Money();
    n.previous_catch_up = r.open_recovery;
    n.credit = r.credit;
    detail::find_resumption(n, account.plan, recovery);
    return true;
}

inline std::optional<Notice> make_notice(const AccountResult& result, const Plan& plan, const Recovery& recovery) {
    Notice n;
    if (!make_notice(result, plan, recovery, n)) return std::nullopt;
    return n;
}

inline bool make_notice(const AccountResult& result, const Account& account, const Recovery& recovery, Notice& out) {
    if (!make_notice(result, account.plan, recovery, out)) return false;
    recovery.missed_list(account, out.missed);
    return true;
}

inline std::optional<Notice> make_notice(const AccountResult& result, const Account& account,
                                         const Recovery& recovery) {
    Notice n;
    if (!make_notice(result, account, recovery, n)) return std::nullopt;
    return n;
}

inline void append_missed_text(std::string& out, const Notice& notice, std::string_view line_break) {
    for (std::size_t i = 0; i < notice.missed.size(); ++i) {
        if (i > 0) out += line_break;
        append_date_words(out, notice.missed[i].collection_date);
        out += ": ";
        append_money_words(out, notice.missed[i].amount);
    }
}

inline void append_date_words_cy(std::string& out, Date d) {
    static constexpr std::array<std::string_view, 12> months{"Ionawr", "Chwefror", "Mawrth",     "Ebrill",
                                                             "Mai",    "Mehefin",  "Gorffennaf", "Awst",
                                                             "Medi",   "Hydref",   "Tachwedd",   "Rhagfyr"};
    const date::year_month_day ymd(d);
    out += std::to_string(static_cast<unsigned>(ymd.day()));
    out += ' ';
    out += months[static_cast<unsigned>(ymd.month()) - 1];
    out += ' ';
    out += std::to_string(static_cast<int>(ymd.year()));
}

inline void append_schedule_text_cy(std::string& out, const Notice& notice, std::string_view line_break) {
    for (std::size_t i = 0; i < notice.changed.size(); ++i) {
        const ScheduleRow& row = notice.changed[i];
        if (i > 0) out += line_break;
        append_date_words_cy(out, row.collection_date);
        out += ": ";
        // §15's lines of a collection that lost its catch-up, in Welsh as put_schedule_line's
        // English: "£532.17 arferol, dim ychwanegol", or "dim casgliad".
        if (row.recovery_amount == Money()) {
            if (row.regular_amount == Money()) {
                out += "dim casgliad";
                continue;
            }
            append_money_words(out, row.regular_amount);
            out += " arferol, dim ychwanegol";
            continue;
        }
        if (row.regular_amount != Money()) {
            append_money_words(out, row.regular_amount);
            out += " arferol + ";
        }
        append_money_words(out, row.recovery_amount);
        out += " ychwanegol";
        if (row.regular_amount == Money()) continue;
        out += " = ";
        append_money_words(out, row.total_amount);
    }
}

inline void append_missed_text_cy(std::string& out, const Notice& notice, std::string_view line_break) {
    for (std::size_t i = 0; i < notice.missed.size(); ++i) {
        if (i > 0) out += line_break;
        append_date_words_cy(out, notice.missed[i].collection_date);
        out += ": ";
        append_money_words(out, notice.missed[i].amount);
    }
}

inline std::string missed_dates(const Notice& notice) {
    std::string out;
    for (const MissedCollection& m : notice.missed) {
        if (!out.empty()) out += ';';
        out += to_string(m.collection_date);
    }
    return out;
}

inline void append_collection_rows(const AccountResult& result, const Calendar& collection,
                                   std::vector<CollectionRow>& out) {
    for (const ScheduleRow& row : result.schedule) {
        if (row.recovery_amount <= Money()) continue;
        CollectionRow c;
        c.collection_date = row.collection_date;
        c.processing_date = working_day_before(collection, row.collection_date);
        c.input_by = working_day_before(collection, c.processing_date);
        c.amount = row.total_amount;
        c.regular_amount = row.regular_amount;
        c.recovery_amount = row.recovery_amount;
        c.working_day = collection.is_working_day(row.collection_date);
        out.push_back(c);
    }
}

inline char* put_money_words(char* p, Money m) noexcept {
    const std::int64_t pence = m.pence();
    const std::uint64_t v = pence < 0 ? 0 - static_cast<std::uint64_t>(pence) : static_cast<std::uint64_t>(pence);
    char digits[32];
    int n = 0;
    std::uint64_t pounds = v / 100;
    do {
        if (n % 4 == 3) digits[n++] = ',';  // a comma before every third digit from the right
        digits[n++] = static_cast<char>('0' + pounds % 10);
        pounds /= 10;
    } while (pounds > 0);
    if (pence < 0) *p++ = '-';
    *p++ = '\xC2';  // £ in UTF-8
    *p++ = '\xA3';
    while (n > 0) *p++ = digits[--n];
    *p++ = '.';
    *p++ = static_cast<char>('0' + v % 100 / 10);
    *p++ = static_cast<char>('0' + v % 10);
    return p;
}

inline char* put_date_words(char* p, Date d) noexcept {
    static constexpr std::array<std::string_view, 12> months{"January",   "February", "March",    "April",
                                                             "May",       "June",     "July",     "August",
                                                             "September", "October",  "November", "December"};
    const date::year_month_day ymd(d);
    const unsigned day = static_cast<unsigned>(ymd.day());
    if (day >= 10) *p++ = static_cast<char>('0' + day / 10);
    *p++ = static_cast<char>('0' + day % 10);
    *p++ = ' ';
    const std::string_view month = months[static_cast<unsigned>(ymd.month()) - 1];
    p = std::copy(month.begin(), month.end(), p);
    *p++ = ' ';
    char year[12];
    int y = static_cast<int>(ymd.year()), n = 0;
    do {
        year[n++] = static_cast<char>('0' + y % 10);
        y /= 10;
    } while (y > 0);
    while (n > 0) *p++ = year[--n];
    return p;
}

inline char* put_schedule_line(char* p, const ScheduleRow& row) noexcept {
    auto put = [&](std::string_view s) { p = std::copy(s.begin(), s.end(), p); };
    p = put_date_words(p, row.collection_date);
    put(": ");
    // A replanned collection that lost its catch-up (§15): its regular part alone, or nothing.
    if (row.recovery_amount == Money()) {
        if (row.regular_amount == Money()) {
            put("no collection");
            return p;
        }
        p = put_money_words(p, row.regular_amount);
        put(" regular, no catch-up");
        return p;
    }
    if (row.regular_amount != Money()) {
        p = put_money_words(p, row.regular_amount);
        put(" regular + ");
    }
    p = put_money_words(p, row.recovery_amount);
    put(" catch-up");
    if (row.regular_amount == Money()) return p;
    put(" = ");
    return put_money_words(p, row.total_amount);
}

inline void append_money_words(std::string& out, Money m) {
    char buf[40];
    out.append(buf, put_money_words(buf, m));
}

inline void append_date_words(std::string& out, Date d) {
    char buf[32];
    out.append(buf, put_date_words(buf, d));
}

inline void append_schedule_line(std::string& out, const ScheduleRow& row) {
    char buf[schedule_line_max];
    out.append(buf, put_schedule_line(buf, row));
}

inline std::string money_words(Money m) {
    std::string out;
    append_money_words(out, m);
    return out;
}

inline std::string date_words(Date d) {
    std::string out;
    append_date_words(out, d);
    return out;
}

inline std::string schedule_line(const ScheduleRow& row) {
    std::string line;
    append_schedule_line(line, row);
    return line;
}

inline void append_schedule_text(std::string& out, const Notice& notice, std::string_view line_break) {
    for (std::size_t i = 0; i < notice.changed.size(); ++i) {
        if (i > 0) out.append(line_break);
        append_schedule_line(out, notice.changed[i]);
    }
}

inline std::string schedule_text(const Notice& notice) {
    std::string out;
    append_schedule_text(out, notice);
    return out;
}

}  // namespace arrears
