// One row of a result table as CSV (cells separated by commas) or JSON (an object naming
// each cell by its column), shared by every writer of arrears::io: money as `1234.56`, dates
// as `YYYY-MM-DD`, JSON empty cells as null.
#pragma once

#include <arrears/date.hpp>
#include <arrears/io/output.hpp>
#include <arrears/money.hpp>

#include <charconv>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace arrears::io::detail {

// One row's cells: CSV separates with commas, JSON names each cell by its column.
class RowWriter {
public:
    RowWriter(std::string& out, Format f, const std::string_view* names) : out_(out), f_(f), names_(names) {}

    void begin(bool first_row) {
        col_ = 0;
        if (f_ == Format::json) out_ += first_row ? "{" : ",\n{";
    }
    void end() { out_ += f_ == Format::json ? "}" : "\n"; }

    void text(std::string_view s) {
        key();
        if (f_ == Format::json) append_json_string(out_, s);
        else append_csv_field(out_, s);
    }
    // Empty text is an empty cell: null in JSON.
    void text_or_null(std::string_view s) {
        if (s.empty()) null();
        else text(s);
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
        if (v) write(*v);
        else null();
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
