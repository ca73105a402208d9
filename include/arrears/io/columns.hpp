// The columns of every result table, each declared once (recovery-rules §9, §12, §13, §14):
// its name, its kind (text, money, date, count), whether a cell may be empty, and how its
// value is got from a row. Every writer is made from these lists — the CSV and JSON files,
// the workbook's sheets, Python's frames and their types — so a column added here appears in
// all of them. The lists are tuples known at compile time: a writer folds over one into the
// straight-line code a hand-written row would be (no per-cell virtual call or allocation).
#pragma once

#include <arrears/date.hpp>
#include <arrears/money.hpp>
#include <arrears/notice.hpp>
#include <arrears/replan.hpp>
#include <arrears/result.hpp>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace arrears::io {

/// What a cell holds, which decides how every writer writes it: text as it is; money as
/// `1234.56` (Python: Decimal or pence; the workbook: a number as £#,##0.00); a date as
/// `YYYY-MM-DD` (datetime64, an Excel date); a count as a whole number.
enum class Kind { text, money, date, count };

constexpr std::string_view kind_name(Kind k) noexcept {
    switch (k) {
    case Kind::money:
        return "money";
    case Kind::date:
        return "date";
    case Kind::count:
        return "count";
    case Kind::text:
        break;
    }
    return "text";
}

/// Whether a text column's cell may be empty (money, date and count columns say it by their
/// value's type, std::optional). An empty text is an empty cell: null in JSON, None in Python.
enum class Cells { filled, may_be_empty };

/// Whether a column is in every run's table or only in a run that asks for it (see Selection):
/// Welsh `_cy` notice columns only when Welsh is asked for, replan's own columns only in replan.
enum class Presence { always, when_asked };

namespace detail {

template <class T>
struct optional_traits {
    using type = T;
    static constexpr bool optional = false;
};
template <class T>
struct optional_traits<std::optional<T>> {
    using type = T;
    static constexpr bool optional = true;
};

template <class T>
constexpr Kind kind_of() noexcept {
    using V = typename optional_traits<std::remove_cvref_t<T>>::type;
    if constexpr (std::is_same_v<V, Money>)
        return Kind::money;
    else if constexpr (std::is_same_v<V, Date>)
        return Kind::date;
    else if constexpr (std::is_integral_v<V>)
        return Kind::count;
    else
        return Kind::text;
}

template <class M>
struct member_traits;
template <class R, class T>
struct member_traits<T R::*> {
    using row = R;
    using value = T;
};

}  // namespace detail

/// Text a column writes where it goes rather than as a string (ScheduleText): at most
/// csv_bound() bytes as a CSV field by put_csv(), or appended by append_to() with its line
/// breaks as given (`\\n` in JSON).
template <class V>
concept InPlaceText = requires(const V& v, char* p, std::string& s) {
    { v.csv_bound() } -> std::convertible_to<std::size_t>;
    { v.put_csv(p) } -> std::same_as<char*>;
    v.append_to(s, std::string_view());
};

/// One column of a table whose rows are `Row`s. `get(row)` is the cell's value: Money, Date,
/// an integer (a count), text (convertible to std::string_view) or text written in place (a
/// type with csv_bound(), put_csv() and append_to(): see ScheduleText); std::optional of a
/// value when the cell may be empty.
template <class Row, class Get>
struct Column {
    using row_type = Row;
    using value_type = std::remove_cvref_t<std::invoke_result_t<const Get&, const Row&>>;
    std::string_view name;
    Kind kind;
    bool may_be_empty;
    Presence presence;
    Get get;
};

/// A text column of a few values, each row's a code (an enumerator, warning bits): writers
/// write `text(code(row))`; Python makes one str per code, shared by every cell that has it.
template <class Row, class CodeOf, class TextOf>
struct CodedColumn {
    using row_type = Row;
    using code_type = std::remove_cvref_t<std::invoke_result_t<const CodeOf&, const Row&>>;
    using value_type = std::remove_cvref_t<std::invoke_result_t<const TextOf&, code_type>>;
    static_assert(std::is_unsigned_v<code_type> && sizeof(code_type) == 1, "codes are bytes");
    std::string_view name;
    Kind kind;
    bool may_be_empty;
    Presence presence;
    CodeOf code;
    TextOf text;
    [[nodiscard]] constexpr decltype(auto) get(const Row& row) const { return text(code(row)); }
};

/// The column `name` holding `row.*Member`: kind and empty cells from the member's type (an
/// empty text is an empty cell only with Cells::may_be_empty).
template <auto Member>
constexpr auto member(std::string_view name, Cells cells = Cells::filled, Presence p = Presence::always) {
    using Row = typename detail::member_traits<decltype(Member)>::row;
    using T = typename detail::member_traits<decltype(Member)>::value;
    auto get = [](const Row& row) -> const T& { return row.*Member; };
    return Column<Row, decltype(get)>{name, detail::kind_of<T>(),
                                      detail::optional_traits<T>::optional || cells == Cells::may_be_empty, p, get};
}

/// The column `name` holding `get(row)`, its kind from the value's type.
template <class Row, class Get>
constexpr auto computed(std::string_view name, Get get, Cells cells = Cells::filled, Presence p = Presence::always) {
    using T = std::remove_cvref_t<std::invoke_result_t<const Get&, const Row&>>;
    return Column<Row, Get>{name, detail::kind_of<T>(),
                            detail::optional_traits<T>::optional || cells == Cells::may_be_empty, p, get};
}

/// The text column `name` of the few values `text(code(row))`.
template <class Row, class CodeOf, class TextOf>
constexpr auto coded(std::string_view name, CodeOf code, TextOf text, Cells cells = Cells::filled,
                     Presence p = Presence::always) {
    return CodedColumn<Row, CodeOf, TextOf>{name, Kind::text, cells == Cells::may_be_empty, p, code, text};
}

/// Which of a table's columns a run writes: `key` (account_id) always, then by default every
/// column that is Presence::always, and those a run asks for by name (ColumnList::select).
class Selection {
public:
    constexpr Selection() = default;
    [[nodiscard]] constexpr bool has(std::size_t column) const noexcept { return (bits_ >> column) & 1u; }
    [[nodiscard]] constexpr Selection with(std::size_t column) const noexcept {
        return has(column) ? *this : Selection(bits_ | (std::uint64_t{1} << column), size_ + 1);
    }
    /// How many columns it holds.
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    friend constexpr bool operator==(Selection, Selection) = default;

private:
    constexpr Selection(std::uint64_t bits, std::size_t size) : bits_(bits), size_(size) {}
    std::uint64_t bits_ = 0;
    std::size_t size_ = 0;
};

/// The columns of a table: its key column (`account_id`, or the cash flow's `month`: text given with each
/// row, never got from it), then the row's columns in order. Notices and the collection file
/// put the accounts file's kept columns between the two (KeptColumns).
template <class Row, class... C>
struct ColumnList {
    static_assert(sizeof...(C) <= 64, "a Selection holds 64 columns");
    static_assert((std::is_same_v<typename C::row_type, Row> && ...), "every column reads the table's rows");
    using row_type = Row;
    static constexpr std::size_t size = sizeof...(C);  ///< the row's columns, the key apart

    std::string_view key;
    std::tuple<C...> columns;

    /// f(column) for each column, in order.
    template <class F>
    constexpr void for_each(F&& f) const {
        std::apply([&](const C&... c) { (f(c), ...); }, columns);
    }
    /// f(std::integral_constant<std::size_t, I>{}, column I) for each column, in order.
    template <class F>
    constexpr void for_each_indexed(F&& f) const {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (f(std::integral_constant<std::size_t, I>{}, std::get<I>(columns)), ...);
        }
        (std::make_index_sequence<size>{});
    }

    /// The position of column `name` among the row's columns; throws std::invalid_argument
    /// for a name the table lacks (at compile time, a compile error).
    [[nodiscard]] constexpr std::size_t index(std::string_view name) const {
        std::size_t at = 0, found = size;
        for_each([&](const auto& c) {
            if (c.name == name && found == size) found = at;
            ++at;
        });
        if (found == size) throw std::invalid_argument("no column '" + std::string(name) + "'");
        return found;
    }

    /// Every column that is Presence::always.
    [[nodiscard]] constexpr Selection every_run() const noexcept {
        Selection s;
        for_each_indexed([&](auto i, const auto& c) {
            if (c.presence == Presence::always) s = s.with(i);
        });
        return s;
    }
    /// every_run() and the columns named in `asked` (std::invalid_argument for a name the table lacks).
    [[nodiscard]] Selection select(std::initializer_list<std::string_view> asked) const {
        Selection s = every_run();
        for (std::string_view name : asked) s = s.with(index(name));
        return s;
    }
    /// The key and the columns of `selection`, in order.
    [[nodiscard]] std::vector<std::string_view> names(Selection selection) const {
        std::vector<std::string_view> out{key};
        for_each_indexed([&](auto i, const auto& c) {
            if (selection.has(i)) out.push_back(c.name);
        });
        return out;
    }
    /// The key and every column any run may have (names a kept column must not take).
    [[nodiscard]] std::vector<std::string_view> all_names() const {
        std::vector<std::string_view> out{key};
        for_each([&](const auto& c) { out.push_back(c.name); });
        return out;
    }
};

/// f(column, value) for each column of `selection`, in order: how a writer visits a row.
template <class T, class F>
constexpr void for_each_cell(const T& table, Selection selection, const typename T::row_type& row, F&& f) {
    table.for_each_indexed([&](auto i, const auto& c) {
        if (selection.has(i)) f(c, c.get(row));
    });
}

/// The list of a table of `Row`s with key column `key` and `columns`, in order.
template <class Row, class... C>
constexpr ColumnList<Row, C...> column_list(std::string_view key, C... columns) {
    return {key, {columns...}};
}

/// The key and the columns of every run (Presence::always) of `T`, in order, known at compile
/// time: the header of most runs.
template <const auto& T>
constexpr auto every_run_names() {
    constexpr std::size_t n = [] {
        std::size_t k = 1;
        T.for_each([&](const auto& c) { k += c.presence == Presence::always; });
        return k;
    }();
    std::array<std::string_view, n> out{};
    out[0] = T.key;
    std::size_t at = 1;
    T.for_each([&](const auto& c) {
        if (c.presence == Presence::always) out[at++] = c.name;
    });
    return out;
}

/// A notice's schedule_text (§13), written where it goes rather than made as a string (a
/// million notices): one line per changed collection.
struct ScheduleText {
    const Notice* notice;

    /// The most bytes put_csv() writes.
    [[nodiscard]] std::size_t csv_bound() const noexcept {
        return notice->changed.size() * (schedule_line_max + 1) + 2;
    }
    /// As a CSV field at `p`; returns its end. It holds no quote, so it is quoted only when
    /// it holds a comma or a line break (§12's rule, as append_csv_field applies it).
    char* put_csv(char* p) const noexcept {
        char* const text = p++;
        const std::vector<ScheduleRow>& lines = notice->changed;
        bool comma = false;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (i > 0) *p++ = '\n';
            char* const line = p;
            p = put_schedule_line(p, lines[i]);
            comma =
                comma || std::string_view(line, static_cast<std::size_t>(p - line)).find(',') != std::string_view::npos;
        }
        if (lines.size() > 1 || comma) {
            *text = '"';
            *p++ = '"';
            return p;
        }
        std::memmove(text, text + 1, static_cast<std::size_t>(p - text - 1));
        return p - 1;
    }
    /// Appended to `out`, the lines joined by `line_break` (`\\n` in JSON).
    void append_to(std::string& out, std::string_view line_break) const {
        append_schedule_text(out, *notice, line_break);
    }
};

/// A notice's missed_dates (§13): the missed collections' dates, `YYYY-MM-DD` joined by `;`
/// (empty when nothing was missed), written where it goes.
struct MissedDates {
    const Notice* notice;

    [[nodiscard]] std::size_t csv_bound() const noexcept { return notice->missed.size() * 11; }
    /// As a CSV field at `p` (dates and `;`: never quoted); returns its end.
    char* put_csv(char* p) const noexcept {
        const std::vector<MissedCollection>& missed = notice->missed;
        for (std::size_t i = 0; i < missed.size(); ++i) {
            if (i > 0) *p++ = ';';
            format_date_to(missed[i].collection_date, p);
            p += 10;
        }
        return p;
    }
    void append_to(std::string& out, std::string_view) const {
        char buf[10];
        for (std::size_t i = 0; i < notice->missed.size(); ++i) {
            if (i > 0) out += ';';
            format_date_to(notice->missed[i].collection_date, buf);
            out.append(buf, sizeof buf);
        }
    }
};

/// A notice's missed_text (§13): `1 December 2025: £532.17` a line per missed collection
/// (empty when nothing was missed), written where it goes.
struct MissedText {
    const Notice* notice;
    /// Room for any line: the date's words, `: ` and the amount's.
    static constexpr std::size_t line_max = 64;

    [[nodiscard]] std::size_t csv_bound() const noexcept { return notice->missed.size() * (line_max + 1) + 2; }
    /// As a CSV field at `p`; returns its end. It holds no quote, so it is quoted only when
    /// it holds a comma or a line break (§12's rule, as append_csv_field applies it).
    char* put_csv(char* p) const noexcept {
        char* const text = p++;
        const std::vector<MissedCollection>& missed = notice->missed;
        bool comma = false;
        for (std::size_t i = 0; i < missed.size(); ++i) {
            if (i > 0) *p++ = '\n';
            char* const line = p;
            p = put_date_words(p, missed[i].collection_date);
            *p++ = ':';
            *p++ = ' ';
            p = put_money_words(p, missed[i].amount);
            comma =
                comma || std::string_view(line, static_cast<std::size_t>(p - line)).find(',') != std::string_view::npos;
        }
        if (missed.size() > 1 || comma) {
            *text = '"';
            *p++ = '"';
            return p;
        }
        std::memmove(text, text + 1, static_cast<std::size_t>(p - text - 1));
        return p - 1;
    }
    /// Appended to `out`, the lines joined by `line_break` (`\\n` in JSON).
    void append_to(std::string& out, std::string_view line_break) const {
        append_missed_text(out, *notice, line_break);
    }
};

/// A notice's Welsh text (§13 `schedule_text_cy`, `missed_text_cy`), written where it goes:
/// the text is made once (Welsh words are only in runs that ask for them).
struct WelshText {
    const Notice* notice;
    bool schedule;  ///< schedule_text_cy; else missed_text_cy

    void append_to(std::string& out, std::string_view line_break) const {
        if (schedule)
            append_schedule_text_cy(out, *notice, line_break);
        else
            append_missed_text_cy(out, *notice, line_break);
    }
    [[nodiscard]] std::size_t csv_bound() const noexcept {
        return (schedule ? notice->changed.size() * (schedule_line_max + 16)
                         : notice->missed.size() * (MissedText::line_max + 16)) +
               2;
    }
    /// As a CSV field at `p` (no quote in it: quoted when it holds a comma or a line feed).
    char* put_csv(char* p) const {
        std::string text;
        append_to(text, "\n");
        const bool quote = text.find_first_of(",\n") != std::string::npos;
        if (quote) *p++ = '"';
        p = std::copy(text.begin(), text.end(), p);
        if (quote) *p++ = '"';
        return p;
    }
};

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
/// follow the key.
inline constexpr auto collection_list = column_list<CollectionRow>(
    "account_id", member<&CollectionRow::collection_date>("collection_date"),
    member<&CollectionRow::processing_date>("processing_date"), member<&CollectionRow::input_by>("input_by"),
    member<&CollectionRow::amount>("amount"), member<&CollectionRow::regular_amount>("regular_amount"),
    member<&CollectionRow::recovery_amount>("recovery_amount"));

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
