// One row of a result table as CSV (cells separated by commas) or JSON (an object naming
// each cell by its column), shared by every writer of arrears::io: money as `1234.56`, dates
// as `YYYY-MM-DD`, JSON empty cells as null. The rows of a table of columns.hpp are written
// by folding over its list: each cell by its value's type, CSV straight into the buffer.
#pragma once

#include <arrears/date.hpp>
#include <arrears/io/columns.hpp>
#include <arrears/io/output.hpp>
#include <arrears/money.hpp>

#include <charconv>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace arrears::io::detail {

// One row's cells: CSV separates with commas, JSON names each cell by its column.
class RowWriter {
public:
    /// `names`: every column's, in order; `written`: the cells of the row already in `out`
    /// (those of key_cells()).
    RowWriter(std::string& out, Format f, const std::string_view* names, std::size_t written = 0)
        : out_(out), f_(f), names_(names), col_(written) {}

    void begin(bool first_row) {
        col_ = 0;
        if (f_ == Format::json) out_ += first_row ? "{" : ",\n{";
    }
    void end() { out_ += f_ == Format::json ? "}" : "\n"; }

    void text(std::string_view s) {
        key();
        if (f_ == Format::json)
            append_json_string(out_, s);
        else
            append_csv_field(out_, s);
    }
    // Empty text is an empty cell: null in JSON.
    void text_or_null(std::string_view s) {
        if (s.empty())
            null();
        else
            text(s);
    }
    void money(Money m) {
        char buf[32];
        const std::size_t n = m.format_to(buf);
        quoted_raw(std::string_view(buf, n));
    }
    void date(Date d) {
        char buf[10];
        format_date_to(d, buf);
        quoted_raw(std::string_view(buf, 10));
    }
    // Text written in place by body(out, line_break), for text that needs no escaping in
    // either format but its line breaks, which body writes as told (`\n` in JSON): digits,
    // words, `£` and punctuation without quotes (a notice's schedule_text). CSV quotes it
    // when it holds a comma or a line break, as text() would.
    template <class F>
    void plain_text(F&& body) {
        key();
        if (f_ == Format::json) {
            out_ += '"';
            body(out_, std::string_view("\\n"));
            out_ += '"';
            return;
        }
        const std::size_t at = out_.size();
        body(out_, std::string_view("\n"));
        if (out_.find_first_of(",\n", at) == std::string::npos) return;
        out_.insert(at, 1, '"');
        out_ += '"';
    }
    void count(long long v) {
        key();
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
    }
    void null() {
        key();
        if (f_ == Format::json) out_ += "null";
    }
    template <class T, class F>
    void optional(const std::optional<T>& v, F&& write) {
        if (v)
            write(*v);
        else
            null();
    }

private:
    void key() {
        if (f_ == Format::json) {
            if (col_ > 0) out_ += ',';
            out_ += '"';
            out_.append(names_[col_]);
            out_ += "\":";
        } else if (col_ > 0) {
            out_ += ',';
        }
        ++col_;
    }
    // Money and dates never need CSV quoting; in JSON they are strings.
    void quoted_raw(std::string_view s) {
        key();
        if (f_ == Format::json) out_ += '"';
        out_.append(s);
        if (f_ == Format::json) out_ += '"';
    }

    std::string& out_;
    Format f_;
    const std::string_view* names_;
    std::size_t col_ = 0;
};

// ---- a cell by its value's type (see columns.hpp) --------------------------------------

// Dates 1990–2110 as text, built once: the schedule writes millions of them.
[[gnu::always_inline]] inline void put_date(Date d, char* p) {
    static constexpr Date lo = make_date(1990, 1, 1), hi = make_date(2110, 12, 31);
    static const std::string table = [] {
        std::string t(static_cast<std::size_t>((hi - lo).count() + 1) * 10, ' ');
        for (Date x = lo; x <= hi; x += date::days(1))
            format_date_to(x, t.data() + static_cast<std::size_t>((x - lo).count()) * 10);
        return t;
    }();
    if (d < lo || d > hi) return format_date_to(d, p);
    std::memcpy(p, table.data() + static_cast<std::size_t>((d - lo).count()) * 10, 10);
}

template <class V>
using plain_t = typename optional_traits<std::remove_cvref_t<V>>::type;

/// The most bytes a CSV cell of a V takes, when V's type says (money, dates, counts), else 0.
template <class V>
constexpr std::size_t csv_width() noexcept {
    using T = plain_t<V>;
    if constexpr (std::is_same_v<T, Money>)
        return 21;  // -92233720368547758.08
    else if constexpr (std::is_same_v<T, Date>)
        return 10;
    else if constexpr (std::is_integral_v<T>)
        return 20;
    else
        return 0;
}

template <class V>
std::size_t csv_bound(const V& v) noexcept {
    if constexpr (csv_width<V>() > 0)
        return csv_width<V>();
    else if constexpr (optional_traits<V>::optional)
        return v ? csv_bound(*v) : 0;
    else if constexpr (InPlaceText<V>)
        return v.csv_bound();
    else
        return 2 * std::string_view(v).size() + 2;  // every byte a doubled quote, and the quotes
}

/// append_csv_field() at `p`; returns the end.
inline char* put_csv_field(char* p, std::string_view s) noexcept {
    const bool quote = (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t')) ||
                       s.find_first_of(",\"\n\r") != std::string_view::npos;
    if (!quote) {
        if (!s.empty()) std::memcpy(p, s.data(), s.size());
        return p + s.size();
    }
    *p++ = '"';
    for (char c : s) {
        if (c == '"') *p++ = '"';
        *p++ = c;
    }
    *p++ = '"';
    return p;
}

/// The CSV cell of `v` at `p` (nothing for an empty one); returns the end.
template <class V>
char* put_csv(char* p, const V& v) noexcept {
    if constexpr (optional_traits<V>::optional) {
        return v ? put_csv(p, *v) : p;
    } else if constexpr (std::is_same_v<V, Money>) {
        return p + v.format_to(p);
    } else if constexpr (std::is_same_v<V, Date>) {
        put_date(v, p);
        return p + 10;
    } else if constexpr (std::is_integral_v<V>) {
        return std::to_chars(p, p + 20, v).ptr;
    } else if constexpr (InPlaceText<V>) {
        return v.put_csv(p);
    } else {
        return put_csv_field(p, std::string_view(v));
    }
}

/// The cell of `v` through a RowWriter (JSON); empty text is null when `may_be_empty`.
template <class V>
void put_cell(RowWriter& w, const V& v, bool may_be_empty) {
    if constexpr (optional_traits<V>::optional) {
        if (v)
            put_cell(w, *v, may_be_empty);
        else
            w.null();
    } else if constexpr (std::is_same_v<V, Money>) {
        w.money(v);
    } else if constexpr (std::is_same_v<V, Date>) {
        w.date(v);
    } else if constexpr (std::is_integral_v<V>) {
        w.count(v);
    } else if constexpr (InPlaceText<V>) {
        w.plain_text([&](std::string& out, std::string_view line_break) { v.append_to(out, line_break); });
    } else if (may_be_empty) {
        w.text_or_null(std::string_view(v));
    } else {
        w.text(std::string_view(v));
    }
}

/// The text of `v` as a CSV file holds it once read (unquoted; empty for an empty cell).
template <class V>
void append_text(std::string& out, const V& v) {
    if constexpr (optional_traits<V>::optional) {
        if (v) append_text(out, *v);
    } else if constexpr (std::is_same_v<V, Money> || std::is_same_v<V, Date>) {
        char buf[32];
        out.append(buf, put_csv(buf, v));
    } else if constexpr (std::is_integral_v<V>) {
        char buf[24];
        out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
    } else if constexpr (InPlaceText<V>) {
        v.append_to(out, "\n");
    } else {
        out.append(std::string_view(v));
    }
}

// ---- rows of a table -------------------------------------------------------------------

/// The most bytes of a CSV row of `T` after its key cells, when the list's types say, else 0.
template <class T>
constexpr std::size_t csv_fixed_row() noexcept {
    return []<class... C>(std::type_identity<std::tuple<C...>>) -> std::size_t {
        if (((csv_width<typename C::value_type>() == 0) || ...)) return 0;
        return (0 + ... + (1 + csv_width<typename C::value_type>())) + 1;  // commas, the line end
    }(std::type_identity<decltype(T::columns)>{});
}

template <class T>
std::size_t csv_row_bound(const T& table, const typename T::row_type& row) noexcept {
    if constexpr (csv_fixed_row<T>() > 0) {
        return csv_fixed_row<T>();
    } else {
        std::size_t n = 1;
        table.for_each([&](const auto& c) {
            using V = typename std::remove_cvref_t<decltype(c)>::value_type;
            if constexpr (csv_width<V>() > 0)
                n += 1 + csv_width<V>();
            else
                n += 1 + csv_bound(c.get(row));
        });
        return n;
    }
}

/// Row `row`'s own cells of `selection` after its key cells, each after a comma, and the
/// line end, at `p`; returns the end.
template <class T>
char* put_csv_row(char* p, const T& table, Selection selection, const typename T::row_type& row) noexcept {
    table.for_each_indexed([&](auto i, const auto& c) {
        if (!selection.has(i)) return;
        *p++ = ',';
        p = put_csv(p, c.get(row));
    });
    *p++ = '\n';
    return p;
}

/// The cells before a row's own — its key and the kept cells — as `f` writes them at the start
/// of a row that follows others (JSON: `,\n{` first): made once for all of an account's rows.
/// `names`: the header (key, kept, then the row's columns).
inline void key_cells(std::string& out, Format f, const std::string_view* names, std::string_view key,
                      std::span<const std::string_view> kept = {}) {
    RowWriter w(out, f, names);
    w.begin(false);
    w.text_or_null(key);
    for (std::string_view k : kept) w.text_or_null(k);
}

/// Appends `rows` of `table`, each `prefix` (key_cells() of `prefix_cells` cells) then its
/// cells of `selection`, as rows that follow others (see ResultWriter::append).
template <class T>
void append_rows(std::string& out, Format f, const T& table, Selection selection, const std::string_view* names,
                 std::size_t prefix_cells, std::string_view prefix, std::span<const typename T::row_type> rows) {
    if (f == Format::csv) {
        std::size_t bound = 0;
        if constexpr (csv_fixed_row<T>() > 0) {
            bound = rows.size() * (prefix.size() + csv_fixed_row<T>());
        } else {
            for (const auto& row : rows) bound += prefix.size() + csv_row_bound(table, row);
        }
        auto put = [&](char* p) {
            for (const auto& row : rows) {
                if (!prefix.empty()) std::memcpy(p, prefix.data(), prefix.size());
                p = put_csv_row(p + prefix.size(), table, selection, row);
            }
            return p;
        };
        // A row or two on the stack, then appended: growing `out` would first zero the bound.
        if (constexpr std::size_t small = 1024; bound <= small) {
            char buf[small];
            out.append(buf, put(buf));
            return;
        }
        const std::size_t start = out.size();
        out.resize(start + bound);
        out.resize(static_cast<std::size_t>(put(out.data() + start) - out.data()));
        return;
    }
    for (const auto& row : rows) {
        out.append(prefix);
        RowWriter w(out, f, names, prefix_cells);
        table.for_each_indexed([&](auto i, const auto& c) {
            if (selection.has(i)) put_cell(w, c.get(row), c.may_be_empty);
        });
        w.end();
    }
}

/// Appends one row of `table`: key `key`, the kept cells, then the row's cells of `selection`.
template <class T>
void append_row(std::string& out, Format f, const T& table, Selection selection, const std::string_view* names,
                std::string_view key, std::span<const std::string_view> kept, const typename T::row_type& row) {
    key_cells(out, f, names, key, kept);
    append_rows(out, f, table, selection, names, 1 + kept.size(), {}, std::span(&row, 1));
}

/// The text cells of a row (key, kept, then the row's cells of `selection`), as a CSV file
/// holds them once read: what the letters are made from.
template <class T>
std::vector<std::string> text_cells(const T& table, Selection selection, std::string_view key,
                                    std::span<const std::string_view> kept, const typename T::row_type& row) {
    std::vector<std::string> cells;
    cells.reserve(1 + kept.size() + T::size);
    cells.emplace_back(key);
    for (std::string_view k : kept) cells.emplace_back(k);
    table.for_each_indexed([&](auto i, const auto& c) {
        if (selection.has(i)) append_text(cells.emplace_back(), c.get(row));
    });
    return cells;
}

inline void begin_table(std::string& out, Format f, std::span<const std::string_view> cols) {
    if (f == Format::json) {
        out += '[';
        return;
    }
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (i) out += ',';
        out.append(cols[i]);
    }
    out += '\n';
}

inline void end_table(std::string& out, Format f, bool any_rows) {
    if (f == Format::json) out += any_rows ? "\n]\n" : "]\n";
}

}  // namespace arrears::io::detail
