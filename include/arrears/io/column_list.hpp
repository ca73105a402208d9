// A result table's columns as a list known at compile time: each column's name, its kind
// (text, money, date, count), whether a cell may be empty, whether every run has it, and how
// its value is got from a row (Column, CodedColumn; made by member, computed, coded), the list
// (ColumnList) and which of its columns a run writes (Selection). The tables' own lists are in
// columns.hpp; a writer folds over a list into the straight-line code a hand-written row would
// be (no per-cell virtual call or allocation).
#pragma once

#include <arrears/date.hpp>
#include <arrears/money.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
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

}  // namespace arrears::io
