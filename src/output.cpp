// Schedule and summary writers: hand-rolled formatting into one growing buffer.
#include <arrears/io/output.hpp>

#include <arrears/error.hpp>
#include <arrears/io/detail/row_writer.hpp>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace arrears::io {

using detail::RowWriter;
using detail::begin_table;
using detail::end_table;

Format parse_format(std::string_view t) {
    if (t == "csv") return Format::csv;
    if (t == "json") return Format::json;
    throw InputError("unknown format '" + std::string(t) + "' (expected csv or json)");
}

void append_csv_field(std::string& out, std::string_view s) {
    const bool quote = (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t')) ||
                       s.find_first_of(",\"\n\r") != std::string_view::npos;
    if (!quote) {
        out.append(s);
        return;
    }
    out += '"';
    for (std::size_t start = 0;;) {  // runs of text, each quote doubled
        const std::size_t q = s.find('"', start);
        if (q == std::string_view::npos) {
            out.append(s.substr(start));
            break;
        }
        out.append(s.substr(start, q - start + 1));
        out += '"';
        start = q + 1;
    }
    out += '"';
}

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

namespace {

// Dates 1990–2110 as text, built once: the schedule writes millions of them.
void put_date(Date d, char* p) {
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

// The CSV schedule is most of the output: each row is written straight into the buffer.
void schedule_rows_csv(std::string& out, const AccountResult& r) {
    if (r.schedule.empty()) return;
    thread_local std::string id;
    id.clear();
    append_csv_field(id, r.account_id);
    constexpr std::size_t fixed = 2 * 11 + 4 * 22 + 1;  // two dates, four amounts, commas, newline
    const std::size_t start = out.size();
    out.resize(start + r.schedule.size() * (id.size() + fixed));
    char* p = out.data() + start;
    for (const ScheduleRow& row : r.schedule) {
        std::memcpy(p, id.data(), id.size());
        p += id.size();
        *p++ = ',';
        put_date(row.due_date, p);
        p += 10;
        *p++ = ',';
        put_date(row.collection_date, p);
        p += 10;
        for (Money m : {row.regular_amount, row.recovery_amount, row.total_amount, row.arrears_after}) {
            *p++ = ',';
            p += m.format_to(p);
        }
        *p++ = '\n';
    }
    out.resize(static_cast<std::size_t>(p - out.data()));
}

void schedule_rows(std::string& out, Format f, bool& first, const AccountResult& r) {
    if (f == Format::csv) {
        schedule_rows_csv(out, r);
        return;
    }
    for (const ScheduleRow& row : r.schedule) {
        if (f == Format::json && first) out += '\n';
        RowWriter w(out, f, schedule_columns.data());
        w.begin(first);
        first = false;
        w.text_or_null(r.account_id);
        w.date(row.due_date);
        w.date(row.collection_date);
        w.money(row.regular_amount);
        w.money(row.recovery_amount);
        w.money(row.total_amount);
        w.money(row.arrears_after);
        w.end();
    }
}

void summary_row(std::string& out, Format f, bool& first, const AccountResult& r) {
    const Summary& s = r.summary;
    if (f == Format::json && first) out += '\n';
    RowWriter w(out, f, summary_columns.data());
    w.begin(first);
    first = false;
    auto money = [&](Money m) { w.money(m); };
    auto date = [&](Date d) { w.date(d); };
    auto count = [&](int v) { w.count(v); };
    w.text_or_null(r.account_id);
    w.text(to_string(s.status));
    w.optional(s.missed_count, count);
    w.optional(s.missed_amount, money);
    w.optional(s.paid_amount, money);
    w.optional(s.arrears, money);
    w.optional(s.instalments, count);
    w.optional(s.first_recovery_date, date);
    w.optional(s.last_recovery_date, date);
    w.optional(s.max_recovery, money);
    w.text_or_null(warnings_to_string(s.warnings));
    w.text_or_null(s.message);
    w.end();
}

constexpr std::size_t flush_block = 1 << 20;

}  // namespace

ResultWriter::ResultWriter(Table table, Format format, std::FILE* file)
    : table_(table), format_(format), file_(file) {
    if (file_) buf_.reserve(flush_block + 64 * 1024);
    if (table_ == Table::schedule) begin_table(buf_, format_, schedule_columns);
    else begin_table(buf_, format_, summary_columns);
}

ResultWriter::ResultWriter(std::span<const std::string_view> columns, Format format, std::FILE* file)
    : table_(Table::schedule), format_(format), file_(file) {
    if (file_) buf_.reserve(flush_block + 64 * 1024);
    begin_table(buf_, format_, columns);
}

void ResultWriter::write(std::span<const AccountResult> results) {
    for (const AccountResult& r : results) {
        if (table_ == Table::schedule) schedule_rows(buf_, format_, first_row_, r);
        else summary_row(buf_, format_, first_row_, r);
        if (file_ && buf_.size() >= flush_block) flush();
    }
}

void ResultWriter::format_rows(Table table, Format format, std::span<const AccountResult> results,
                               std::string& out) {
    bool first = false;
    for (const AccountResult& r : results) {
        if (table == Table::schedule) schedule_rows(out, format, first, r);
        else summary_row(out, format, first, r);
    }
}

void ResultWriter::append(std::string_view formatted) {
    if (formatted.empty()) return;
    if (first_row_) {
        // format_rows() wrote ",\n{" before the first JSON object; the first row has "\n{".
        if (format_ == Format::json && formatted.front() == ',') formatted.remove_prefix(1);
        first_row_ = false;
    }
    if (!file_) {
        buf_.append(formatted);
        return;
    }
    // Small pieces gather in the buffer; large ones go to the file without a copy.
    if (formatted.size() < (64u << 10) && buf_.size() + formatted.size() < flush_block) {
        buf_.append(formatted);
        return;
    }
    flush();
    if (std::fwrite(formatted.data(), 1, formatted.size(), file_) != formatted.size())
        throw WriteError(std::string("write failed: ") + std::strerror(errno));
}

void ResultWriter::finish() {
    end_table(buf_, format_, !first_row_);
    flush();
}

void ResultWriter::flush() {
    if (!file_ || buf_.empty()) return;
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
        throw WriteError(std::string("write failed: ") + std::strerror(errno));
    buf_.clear();
}

namespace {

std::string whole_text(Table table, std::span<const AccountResult> results, Format format) {
    ResultWriter w(table, format);
    w.write(results);
    w.finish();
    return w.take_text();
}

}  // namespace

std::string schedule_text(std::span<const AccountResult> results, Format format) {
    return whole_text(Table::schedule, results, format);
}

std::string summary_text(std::span<const AccountResult> results, Format format) {
    return whole_text(Table::summary, results, format);
}


std::string holidays_text(std::span<const Holiday> holidays) {
    std::string out = "date,name\n";
    for (const Holiday& h : holidays) {
        char buf[10];
        format_date_to(h.date, buf);
        out.append(buf, 10);
        out += ',';
        append_csv_field(out, h.name);
        out += '\n';
    }
    return out;
}

}  // namespace arrears::io
