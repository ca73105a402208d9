// Schedule and summary writers: rows formatted from columns.hpp's lists into one growing buffer.
#include <arrears/io/output.hpp>

#include <arrears/error.hpp>
#include <arrears/io/detail/row_writer.hpp>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace arrears::io {

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
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
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

// An account's schedule rows: its key cells made once (the schedule is most of the output).
void schedule_rows(std::string& out, Format f, const AccountResult& r) {
    if (r.schedule.empty()) return;
    thread_local std::string key;
    key.clear();
    detail::key_cells(key, f, schedule_columns.data(), r.account_id);
    detail::append_rows(out, f, schedule_list, schedule_list.every_run(), schedule_columns.data(), 1, key,
                        std::span(r.schedule));
}

void summary_row(std::string& out, Format f, const AccountResult& r) {
    detail::append_row(out, f, summary_list, summary_list.every_run(), summary_columns.data(), r.account_id, {},
                       r.summary);
}

void format_rows_of(Table table, Format f, std::span<const AccountResult> results, std::string& out) {
    for (const AccountResult& r : results) {
        if (table == Table::schedule)
            schedule_rows(out, f, r);
        else
            summary_row(out, f, r);
    }
}

constexpr std::size_t flush_block = 1 << 20;

}  // namespace

ResultWriter::ResultWriter(Table table, Format format, std::FILE* file) : table_(table), format_(format), file_(file) {
    if (file_) buf_.reserve(flush_block + 64 * 1024);
    if (table_ == Table::schedule)
        begin_table(buf_, format_, schedule_columns);
    else
        begin_table(buf_, format_, summary_columns);
}

ResultWriter::ResultWriter(std::span<const std::string_view> columns, Format format, std::FILE* file)
    : table_(Table::schedule), format_(format), file_(file) {
    if (file_) buf_.reserve(flush_block + 64 * 1024);
    begin_table(buf_, format_, columns);
}

void ResultWriter::write(std::span<const AccountResult> results) {
    std::string text;
    format_rows_of(table_, format_, results, text);
    append(text);
}

void ResultWriter::format_rows(Table table, Format format, std::span<const AccountResult> results, std::string& out) {
    format_rows_of(table, format, results, out);
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
