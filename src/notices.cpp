// Notice and collection-file rows (see notices.hpp), written with the schedule's RowWriter.
#include <arrears/io/notices.hpp>

#include <arrears/error.hpp>
#include <arrears/io/detail/row_writer.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <initializer_list>

namespace arrears::io {

std::string_view trim_blanks(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

KeptColumns::KeptColumns(std::span<const std::string> names, std::span<const std::string> header,
                         std::string_view source, std::span<const std::string_view> outputs) {
    for (const std::string& raw : names) {
        const std::string_view name = trim_blanks(raw);
        if (name.empty()) throw InputError("an empty column name");
        if (std::find(outputs.begin(), outputs.end(), name) != outputs.end())
            throw InputError("column '" + std::string(name) + "' is already a column of the output");
        if (std::find(names_.begin(), names_.end(), name) != names_.end())
            throw InputError("column '" + std::string(name) + "' is named twice");
        std::size_t at = header.size();
        for (std::size_t i = 0; i < header.size() && at == header.size(); ++i)
            if (trim_blanks(header[i]) == name) at = i;
        if (at == header.size())
            throw InputError(std::string(source) + " has no column '" + std::string(name) + "'");
        names_.emplace_back(name);
        index_.push_back(at);
    }
}

void KeptColumns::values(const TextTable& table, std::size_t row, std::vector<std::string_view>& out) const {
    out.clear();
    for (std::size_t i : index_) out.push_back(trim_blanks(table.at(row, i)));
}

std::vector<std::string_view> KeptColumns::columns(std::span<const std::string_view> base) const {
    std::vector<std::string_view> out(base.begin(), base.end());
    out.insert(out.begin() + 1, names_.begin(), names_.end());
    return out;
}

namespace {

void begin_row(detail::RowWriter& w, std::string_view id, std::span<const std::string_view> kept) {
    w.begin(false);
    w.text(id);
    for (std::string_view k : kept) w.text_or_null(k);
}

}  // namespace

namespace {

// A notice's cells after account_id and the kept ones, to a RowWriter or a CellList.
template <class W>
void notice_fields(W& w, const Notice& n) {
    auto money = [&](Money m) { w.money(m); };
    auto date = [&](Date d) { w.date(d); };
    w.date(n.notice_date);
    w.date(n.send_by);
    w.text(to_string(n.frequency));
    w.money(n.regular_amount);
    w.text(n.kind);
    w.count(static_cast<long long>(n.missed.size()));
    w.text(missed_dates(n));
    w.plain_text([&](std::string& out, std::string_view line_break) { append_missed_text(out, n, line_break); });
    w.money(n.missed_amount);
    w.money(n.paid_amount);
    w.count(n.changes());
    w.date(n.first_changed());
    w.date(n.last_changed());
    w.money(n.catch_up_total);
    w.optional(n.resumes_on, date);
    w.optional(n.resume_amount, money);
    w.plain_text([&](std::string& out, std::string_view line_break) { append_schedule_text(out, n, line_break); });
}

// The cells as a CSV file holds them.
struct CellList {
    std::vector<std::string> cells;
    void text(std::string_view s) { cells.emplace_back(s); }
    void text_or_null(std::string_view s) { text(s); }
    void money(Money m) { cells.push_back(m.to_string()); }
    void date(Date d) { cells.push_back(to_string(d)); }
    void count(long long v) { cells.push_back(std::to_string(v)); }
    template <class F>
    void plain_text(F&& body) {
        body(cells.emplace_back(), std::string_view("\n"));
    }
    template <class T, class F>
    void optional(const std::optional<T>& v, F&& write) {
        if (v) write(*v);
        else cells.emplace_back();
    }
};

}  // namespace

namespace {

// The CSV cells of notice_fields() and the row's end, written through a pointer: the notices
// are most of a large run's output after the schedule (as the schedule's own CSV rows are).
void notice_fields_csv(std::string& out, const Notice& n) {
    const std::string_view frequency = to_string(n.frequency);
    const std::size_t start = out.size();
    // (A missed collection: 11 bytes of date in missed_dates, a line of missed_text.)
    out.resize(start + 11 * 24 + frequency.size() + n.kind.size() + n.changed.size() * (schedule_line_max + 1) +
               n.missed.size() * (11 + 64) + 8);
    char* const base = out.data();
    char* p = base + start;
    auto date = [&](Date d) {
        *p++ = ',';
        format_date_to(d, p);
        p += 10;
    };
    auto money = [&](Money m) {
        *p++ = ',';
        p += m.format_to(p);
    };
    date(n.notice_date);
    date(n.send_by);
    *p++ = ',';
    p = std::copy(frequency.begin(), frequency.end(), p);
    money(n.regular_amount);
    *p++ = ',';
    p = std::copy(n.kind.begin(), n.kind.end(), p);
    *p++ = ',';
    p = std::to_chars(p, p + 24, n.missed.size()).ptr;
    *p++ = ',';
    for (std::size_t i = 0; i < n.missed.size(); ++i) {
        if (i > 0) *p++ = ';';
        format_date_to(n.missed[i].collection_date, p);
        p += 10;
    }
    *p++ = ',';
    {  // missed_text holds no quote: quoted when it holds a comma or a line break
        char* const text = p++;
        for (std::size_t i = 0; i < n.missed.size(); ++i) {
            if (i > 0) *p++ = '\n';
            p = put_date_words(p, n.missed[i].collection_date);
            *p++ = ':';
            *p++ = ' ';
            p = put_money_words(p, n.missed[i].amount);
        }
        if (n.missed.size() > 1 || std::memchr(text + 1, ',', static_cast<std::size_t>(p - text - 1))) {
            *text = '"';
            *p++ = '"';
        } else {
            p = std::copy(text + 1, p, text);
        }
    }
    money(n.missed_amount);
    money(n.paid_amount);
    *p++ = ',';
    p = std::to_chars(p, p + 24, n.changes()).ptr;
    date(n.first_changed());
    date(n.last_changed());
    money(n.catch_up_total);
    if (n.resumes_on) date(*n.resumes_on);
    else *p++ = ',';
    if (n.resume_amount) money(*n.resume_amount);
    else *p++ = ',';
    *p++ = ',';
    // schedule_text holds no quote: quoted when it holds a comma or a line break (§12's rule)
    char* const text = p++;
    for (std::size_t i = 0; i < n.changed.size(); ++i) {
        if (i > 0) *p++ = '\n';
        p = put_schedule_line(p, n.changed[i]);
    }
    if (n.changed.size() > 1 || std::memchr(text + 1, ',', static_cast<std::size_t>(p - text - 1))) {
        *text = '"';
        *p++ = '"';
    } else {
        p = std::copy(text + 1, p, text);
    }
    *p++ = '\n';
    out.resize(static_cast<std::size_t>(p - base));
}

}  // namespace

void format_notice(std::string& out, Format format, std::span<const std::string_view> columns,
                   std::string_view id, std::span<const std::string_view> kept, const Notice& n) {
    detail::RowWriter w(out, format, columns.data());
    begin_row(w, id, kept);
    if (format == Format::csv) return notice_fields_csv(out, n);
    notice_fields(w, n);
    w.end();
}

std::vector<std::string> notice_cells(std::string_view id, std::span<const std::string_view> kept,
                                      const Notice& n) {
    CellList list;
    list.text(id);
    for (std::string_view k : kept) list.text(k);
    notice_fields(list, n);
    return std::move(list.cells);
}

void format_collection(std::string& out, Format format, std::span<const std::string_view> columns,
                       std::string_view id, std::span<const std::string_view> kept, const CollectionRow& row) {
    detail::RowWriter w(out, format, columns.data());
    begin_row(w, id, kept);
    for (Date d : {row.collection_date, row.processing_date, row.input_by}) w.date(d);
    for (Money m : {row.amount, row.regular_amount, row.recovery_amount}) w.money(m);
    w.end();
}

}  // namespace arrears::io
