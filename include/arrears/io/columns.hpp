// The columns of every result table, each declared once (recovery-rules §9, §12, §13, §14):
// its name, its kind (text, money, date, count), whether a cell may be empty, and how its
// value is got from a row. Every writer is made from these lists — the CSV and JSON files,
// the workbook's sheets, Python's frames and their types — so a column added here appears in
// all of them. How a list is made and read is column_list.hpp; the notices' text cells written
// in place are notice_texts.hpp (both included here, so this header is all a writer needs).
#pragma once

#include <arrears/date.hpp>
#include <arrears/io/column_list.hpp>
#include <arrears/io/notice_texts.hpp>
#include <arrears/money.hpp>
#include <arrears/notice.hpp>
#include <arrears/replan.hpp>
#include <arrears/result.hpp>

#include <cstdint>
#include <string_view>

namespace arrears::io {

/// One month of the workbook's `cash flow` sheet (§12), keyed by the month (`YYYY-MM`, or
/// `total`): the collections carrying recovery, the month's regular and recovery amounts
/// (every collection of the revised schedules), and `yes` for a month after the run's `H`.
struct CashFlowMonth {
    std::int64_t collections = 0;
    Money regular;
    Money recovery;
    std::string_view after_year_end;  // "yes" or empty
};

// ---------------------------------------------------------------------------------------
// The lists. A column added here is in every writer's output; its value comes from the row.

/// The revised schedule (§9): one row per remaining collection of each account.
inline constexpr auto schedule_list = column_list<ScheduleRow>(
    "account_id", member<&ScheduleRow::due_date>("due_date"), member<&ScheduleRow::collection_date>("collection_date"),
    member<&ScheduleRow::regular_amount>("regular_amount"), member<&ScheduleRow::recovery_amount>("recovery_amount"),
    member<&ScheduleRow::total_amount>("total_amount"), member<&ScheduleRow::arrears_after>("arrears_after"));

/// The summary (§9): one row per account.
inline constexpr auto summary_list = column_list<Summary>(
    "account_id",
    coded<Summary>(
        "status", [](const Summary& s) { return static_cast<std::uint8_t>(s.status); },
        [](std::uint8_t code) { return to_string(static_cast<Status>(code)); }),
    member<&Summary::missed_count>("missed_count"), member<&Summary::missed_amount>("missed_amount"),
    member<&Summary::paid_amount>("paid_amount"), member<&Summary::arrears>("arrears"),
    member<&Summary::instalments>("instalments"), member<&Summary::first_recovery_date>("first_recovery_date"),
    member<&Summary::last_recovery_date>("last_recovery_date"), member<&Summary::max_recovery>("max_recovery"),
    coded<Summary>(
        "warnings", [](const Summary& s) { return static_cast<std::uint8_t>(s.warnings); },
        [](std::uint8_t bits) { return warnings_to_string(bits); }, Cells::may_be_empty),
    member<&Summary::message>("message", Cells::may_be_empty));

/// The advance notices (§13): one row per ok/extended account; the kept columns follow the key.
inline constexpr auto notice_list = column_list<Notice>(
    "account_id", member<&Notice::notice_date>("notice_date"), member<&Notice::send_by>("send_by"),
    coded<Notice>(
        "frequency", [](const Notice& n) { return static_cast<std::uint8_t>(n.frequency); },
        [](std::uint8_t code) { return to_string(static_cast<Frequency>(code)); }),
    member<&Notice::regular_amount>("regular_amount"), member<&Notice::kind>("notice_kind"),
    computed<Notice>("missed_count", [](const Notice& n) { return static_cast<int>(n.missed.size()); }),
    computed<Notice>(
        "missed_dates", [](const Notice& n) { return MissedDates{&n}; }, Cells::may_be_empty),
    computed<Notice>(
        "missed_text", [](const Notice& n) { return MissedText{&n}; }, Cells::may_be_empty),
    member<&Notice::missed_amount>("missed_amount"), member<&Notice::paid_amount>("paid_amount"),
    member<&Notice::previous_catch_up>("previous_catch_up"), member<&Notice::credit>("credit"),
    computed<Notice>("changes", [](const Notice& n) { return n.changes(); }),
    computed<Notice>("first_changed", [](const Notice& n) { return n.first_changed(); }),
    computed<Notice>("last_changed", [](const Notice& n) { return n.last_changed(); }),
    member<&Notice::catch_up_total>("catch_up_total"), member<&Notice::resumes_on>("resumes_on"),
    member<&Notice::resume_amount>("resume_amount"),
    computed<Notice>("schedule_text", [](const Notice& n) { return ScheduleText{&n}; }),
    computed<Notice>(
        "schedule_text_cy",
        [](const Notice& n) {
            return WelshText{&n, true};
        },
        Cells::filled, Presence::when_asked),
    computed<Notice>(
        "missed_text_cy",
        [](const Notice& n) {
            return WelshText{&n, false};
        },
        Cells::may_be_empty, Presence::when_asked),
    member<&Notice::language>("language", Cells::filled, Presence::when_asked));

/// The collection file (§14): one row per collection carrying recovery; the kept columns
/// follow the key. `action` is always `collect` and `previous_amount` empty in `recover`
/// (§14): the columns of replan's file (replan_collection_list), so that a bureau's import
/// takes either.
inline constexpr auto collection_list = column_list<CollectionRow>(
    "account_id", member<&CollectionRow::collection_date>("collection_date"),
    member<&CollectionRow::processing_date>("processing_date"), member<&CollectionRow::input_by>("input_by"),
    member<&CollectionRow::amount>("amount"), member<&CollectionRow::regular_amount>("regular_amount"),
    member<&CollectionRow::recovery_amount>("recovery_amount"),
    computed<CollectionRow>("action", [](const CollectionRow&) { return std::string_view("collect"); }),
    computed<CollectionRow>("previous_amount", [](const CollectionRow&) { return std::optional<Money>(); }));

/// The workbook's `cash flow` sheet (§12): one row per month of the schedules, a blank row,
/// then `total`.
inline constexpr auto cash_flow_list = column_list<CashFlowMonth>(
    "month", member<&CashFlowMonth::collections>("collections"), member<&CashFlowMonth::regular>("regular"),
    member<&CashFlowMonth::recovery>("recovery"),
    computed<CashFlowMonth>("total", [](const CashFlowMonth& m) { return m.regular + m.recovery; }),
    member<&CashFlowMonth::after_year_end>("after_year_end", Cells::may_be_empty));

/// `arrears replan`'s summary (§15): §9's twelve columns of the new result, then
/// `shortfall` (F − P) and `changed` (yes, no, or empty where the account was not replanned).
inline constexpr auto replan_summary_list = column_list<ReplanResult>(
    "account_id",
    coded<ReplanResult>(
        "status", [](const ReplanResult& r) { return static_cast<std::uint8_t>(r.result.summary.status); },
        [](std::uint8_t code) { return to_string(static_cast<Status>(code)); }),
    computed<ReplanResult>("missed_count", [](const ReplanResult& r) { return r.result.summary.missed_count; }),
    computed<ReplanResult>("missed_amount", [](const ReplanResult& r) { return r.result.summary.missed_amount; }),
    computed<ReplanResult>("paid_amount", [](const ReplanResult& r) { return r.result.summary.paid_amount; }),
    computed<ReplanResult>("arrears", [](const ReplanResult& r) { return r.result.summary.arrears; }),
    computed<ReplanResult>("instalments", [](const ReplanResult& r) { return r.result.summary.instalments; }),
    computed<ReplanResult>("first_recovery_date",
                           [](const ReplanResult& r) { return r.result.summary.first_recovery_date; }),
    computed<ReplanResult>("last_recovery_date",
                           [](const ReplanResult& r) { return r.result.summary.last_recovery_date; }),
    computed<ReplanResult>("max_recovery", [](const ReplanResult& r) { return r.result.summary.max_recovery; }),
    coded<ReplanResult>(
        "warnings", [](const ReplanResult& r) { return static_cast<std::uint8_t>(r.result.summary.warnings); },
        [](std::uint8_t bits) { return warnings_to_string(bits); }, Cells::may_be_empty),
    computed<ReplanResult>(
        "message", [](const ReplanResult& r) { return std::string_view(r.result.summary.message); },
        Cells::may_be_empty),
    member<&ReplanResult::shortfall>("shortfall"),
    coded<ReplanResult>(
        "changed", [](const ReplanResult& r) { return static_cast<std::uint8_t>(!r.changed   ? 0
                                                                                : *r.changed ? 1
                                                                                             : 2); },
        [](std::uint8_t code) {
            return std::string_view(code == 0 ? "" : code == 1 ? "yes" : "no");
        },
        Cells::may_be_empty));

/// A row of `arrears replan`'s collection file (§15): a changed collection with its Bacs days.
struct ReplanCollectionRow {
    ChangedCollection change;
    Date processing_date;  ///< the collection calendar's working day before the collection date
    Date input_by;         ///< the working day before processing_date
};

/// `arrears replan`'s collection file (§15): §14's columns, then `action` and `previous_amount`.
inline constexpr auto replan_collection_list = column_list<ReplanCollectionRow>(
    "account_id",
    computed<ReplanCollectionRow>("collection_date",
                                  [](const ReplanCollectionRow& r) { return r.change.collection_date; }),
    member<&ReplanCollectionRow::processing_date>("processing_date"),
    member<&ReplanCollectionRow::input_by>("input_by"),
    computed<ReplanCollectionRow>("amount", [](const ReplanCollectionRow& r) { return r.change.amount; }),
    computed<ReplanCollectionRow>("regular_amount",
                                  [](const ReplanCollectionRow& r) { return r.change.regular_amount; }),
    computed<ReplanCollectionRow>("recovery_amount",
                                  [](const ReplanCollectionRow& r) { return r.change.recovery_amount; }),
    coded<ReplanCollectionRow>(
        "action", [](const ReplanCollectionRow& r) { return static_cast<std::uint8_t>(r.change.action); },
        [](std::uint8_t code) { return to_string(static_cast<ChangeAction>(code)); }),
    computed<ReplanCollectionRow>("previous_amount",
                                  [](const ReplanCollectionRow& r) { return r.change.previous_amount; }));

/// The headers of most runs (the key, then every Presence::always column).
inline constexpr auto schedule_columns = every_run_names<schedule_list>();
inline constexpr auto summary_columns = every_run_names<summary_list>();
/// The kept columns, when any, go after the first (account_id).
inline constexpr auto notice_columns = every_run_names<notice_list>();
inline constexpr auto collection_columns = every_run_names<collection_list>();
inline constexpr auto cash_flow_columns = every_run_names<cash_flow_list>();
inline constexpr auto replan_summary_columns = every_run_names<replan_summary_list>();
inline constexpr auto replan_collection_columns = every_run_names<replan_collection_list>();

}  // namespace arrears::io
