// The CSV record parser behind parse_csv() and CsvReader: one pass over a span of text,
// cells as views into it. The span may end before the text does (CsvReader's bounded
// buffer): a record that reaches the span's end is abandoned with NeedMore and read again,
// from its start, once more text is there, so every decision is the one the whole text gives.
#pragma once

#include <arrears/io/cells.hpp>
#include <arrears/io/encoding.hpp>
#include <arrears/io/table.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io::detail {

/// Thrown by CsvParser when a record runs past the end of text that is not the whole text.
struct NeedMore {};

/// True when every byte of [p, end) is below 0x80.
inline bool all_ascii(const char* p, const char* end) noexcept {
    std::uint64_t any = 0;
    for (; end - p >= 8; p += 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        any |= w;
    }
    for (; p < end; ++p) any |= static_cast<unsigned char>(*p);
    return (any & 0x8080808080808080ull) == 0;
}

/// The first byte of [p, end) from 0x80, or `end` when there is none (8 bytes at a time).
inline const char* first_non_ascii(const char* p, const char* end) noexcept {
    for (; end - p >= 8; p += 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        if ((w & 0x8080808080808080ull) != 0) break;
    }
    for (; p < end; ++p)
        if (static_cast<unsigned char>(*p) >= 0x80) return p;
    return end;
}

class CsvParser {
public:
    /// Where a record starts: enough to read it again from there.
    struct Mark {
        const char* at;
        std::uint64_t line;
    };
    /// Parses [text, end); `whole` says nothing follows it. The header is line 1.
    CsvParser(const char* text, const char* end, bool whole, TextTable& table, Encoding encoding)
        : p_(text), end_(end), whole_(whole), t_(&table), decoder_(encoding) {}
    /// Unescaped quoted fields go into this table's storage from now on.
    void set_table(TextTable& table) noexcept { t_ = &table; }
    /// Says the text holds only ASCII bytes (below 0x80), which every encoding reads as they
    /// are: cells are then not checked or decoded.
    void set_ascii(bool ascii) noexcept { ascii_ = ascii; }
    /// Decodes and checks only the fields f with `(*columns)[f]` true (fields past its end
    /// too); null, as at first: every field. A field left out is the file's bytes as they
    /// are, for a column nobody reads (§12: other columns are ignored). `columns` outlives
    /// the parser's use of it.
    void set_decode(const std::vector<char>* columns) noexcept { decode_ = columns; }
    [[nodiscard]] Mark mark() const noexcept { return {p_, line_}; }
    /// Continues at `m` over [m.at, end) (the text moved or grew; `m.at` is in the new text).
    void reset(Mark m, const char* end, bool whole) noexcept {
        p_ = m.at;
        line_ = m.line;
        end_ = end;
        whole_ = whole;
    }

    // bad_cell: fields() holds the row with the cells that could not be decoded left empty,
    // error() the reason for the first of them, error_column() its field.
    enum class Result { ok, error, bad_cell, blank, eof };

    // Reads one record into fields_ (or an error into error_). line_ is the next record's line.
    Result next() {
        fields_.clear();
        error_.clear();
        record_line_ = line_;
        if (at_end(p_)) return Result::eof;
        {  // a line of nothing but spaces and tabs is blank too
            const char* q = p_;
            while (!at_end(q) && is_cell_space(*q)) ++q;
            if (at_end(q)) {
                p_ = q;
                return Result::eof;
            }
            if (*q == '\n' || *q == '\r') {
                p_ = q;
                end_line();
                return Result::blank;
            }
        }
        const char* const row = p_;
        for (;;) {
            while (!at_end(p_) && is_cell_space(*p_)) ++p_;
            if (!at_end(p_) && *p_ == '"') {
                std::string_view cell;
                if (!quoted(cell)) return Result::error;
                fields_.push_back(trim_cell(cell));  // §12: quoted or not, the spaces around are not text
            } else {
                const char* const s = p_;
                const char* q = p_;  // (a local: p_ written back at every byte is slower)
                while (q < end_ && !stop_byte(*q)) ++q;
                p_ = q;
                if (!at_end(p_) && *p_ == '"') {
                    error_ = "a quote inside unquoted field " + std::to_string(fields_.size() + 1) +
                             " (quote the whole field and write each quote in it twice: \"\")";
                    skip_line();
                    return Result::error;
                }
                const char* e = p_;
                while (e > s && is_cell_space(e[-1])) --e;
                // (built in place: a view whose address escapes to quoted() stalls on the stack)
                fields_.emplace_back(s, static_cast<std::size_t>(e - s));
            }
            if (at_end(p_)) break;
            if (*p_ == ',') {
                ++p_;  // at the end of the text this reads one more, empty, field
                continue;
            }
            end_line();  // '\n' or '\r'
            break;
        }
        // §12: a row of empty cells (Excel's trailing ",,,,") is skipped like a blank line.
        if (blank_row(fields_)) return Result::blank;
        if (ascii_) {
            error_column_ = -1;
            return Result::ok;
        }
        return decode_fields(row, p_) ? Result::ok : Result::bad_cell;
    }

    const std::vector<std::string_view>& fields() const noexcept { return fields_; }
    const std::string& error() const noexcept { return error_; }
    std::uint64_t record_line() const noexcept { return record_line_; }
    int error_column() const noexcept { return error_column_; }

private:
    // Bytes that end an unquoted field's plain run: , " \n \r.
    static bool stop_byte(char c) noexcept {
        static constexpr auto table = [] {
            std::array<bool, 256> t{};
            t[static_cast<unsigned char>(',')] = t[static_cast<unsigned char>('"')] = true;
            t[static_cast<unsigned char>('\n')] = t[static_cast<unsigned char>('\r')] = true;
            return t;
        }();
        return table[static_cast<unsigned char>(c)];
    }
    // True at the end of the whole text; at the end of a part of it, the record needs more.
    bool at_end(const char* q) const {
        if (q < end_) return false;
        if (!whole_) throw NeedMore{};
        return true;
    }

    // A quoted field starting at p_ (on the quote). False with error_ set when it is broken.
    bool quoted(std::string_view& cell) {
        const char* const open = p_;
        const std::uint64_t open_line = line_;
        const char* s = ++p_;
        bool doubled = false;
        for (;;) {
            const void* q = std::memchr(p_, '"', static_cast<std::size_t>(end_ - p_));
            if (!q) {
                if (!whole_) throw NeedMore{};
                error_ = "unclosed quote in field " + std::to_string(fields_.size() + 1) + " (opened on line " +
                         std::to_string(open_line) + ")";
                // Everything after the opening quote's line is read again as new records,
                // so one broken row cannot swallow the rest of the file.
                p_ = open;
                line_ = open_line;
                skip_line();
                return false;
            }
            const char* qc = static_cast<const char*>(q);
            line_ += static_cast<std::uint64_t>(std::count(p_, qc, '\n'));
            if (!at_end(qc + 1) && qc[1] == '"') {
                doubled = true;
                p_ = qc + 2;
                continue;
            }
            cell = std::string_view(s, static_cast<std::size_t>(qc - s));
            p_ = qc + 1;
            break;
        }
        while (!at_end(p_) && is_cell_space(*p_)) ++p_;
        if (!at_end(p_) && *p_ != ',' && *p_ != '\n' && *p_ != '\r') {
            error_ = "unexpected text after the closing quote of field " + std::to_string(fields_.size() + 1);
            // A stray quote may have been closed lines later: reject the line it opened on
            // and read on from the next, so the rows in between are not lost.
            p_ = open;
            line_ = open_line;
            skip_line();
            return false;
        }
        if (doubled) {
            std::string& u = t_->storage.emplace_back();
            u.reserve(cell.size());
            for (std::size_t i = 0; i < cell.size(); ++i) {
                u += cell[i];
                if (cell[i] == '"') ++i;  // the second quote of a pair
            }
            cell = u;
        }
        return true;
    }

    // Consumes one line end: "\r\n", "\n" or a lone "\r".
    void end_line() {
        if (*p_ == '\r') {
            ++p_;
            if (!at_end(p_) && *p_ == '\n') ++p_;
        } else {
            ++p_;
        }
        ++line_;
    }
    // Moves past the end of the current physical line.
    void skip_line() {
        while (!at_end(p_) && *p_ != '\n' && *p_ != '\r') ++p_;
        if (!at_end(p_)) end_line();
    }
    // Each field read (set_decode) into UTF-8 (§12, --encoding): false, with every undecodable field emptied
    // and the first named, when a field is not valid in the encoding. [row, row_end) is the
    // record's text: a field lying wholly before its first byte from 0x80 is ASCII, which
    // every encoding reads as it is (most fields of most rows: one pass over the row, 8
    // bytes at a time, instead of one a field; a field unescaped into storage is checked).
    bool decode_fields(const char* row, const char* row_end) {
        error_column_ = -1;
        const auto from = reinterpret_cast<std::uintptr_t>(row);
        const auto plain_to = reinterpret_cast<std::uintptr_t>(first_non_ascii(row, row_end));
        for (std::size_t f = 0; f < fields_.size(); ++f) {
            if (decode_ && f < decode_->size() && !(*decode_)[f]) continue;  // a column nobody reads
            std::string_view& cell = fields_[f];
            const auto at = reinterpret_cast<std::uintptr_t>(cell.data());
            if (at >= from && at <= plain_to && plain_to - at >= cell.size()) continue;
            if (decoder_.encoding() == Encoding::utf8) {
                const auto* b = reinterpret_cast<const unsigned char*>(cell.data());
                // All ASCII (most cells: short, a call to invalid_utf8_at costs more than
                // the check) is valid UTF-8; anything else is checked in full.
                unsigned char any = 0;
                for (std::size_t k = 0; k < cell.size(); ++k) any |= b[k];
                if (any < 0x80 || invalid_utf8_at(b, cell.size()) == cell.size()) continue;
            } else if (!decoder_.needs_copy(cell)) {
                continue;
            }
            std::string why;
            std::string& u = t_->storage.emplace_back();
            if (decoder_.decode(cell, u, why)) {
                cell = u;
                continue;
            }
            t_->storage.pop_back();
            cell = {};
            if (error_column_ < 0) {
                error_column_ = static_cast<int>(f);
                error_ = std::move(why);
            }
        }
        return error_column_ < 0;
    }

    const char* p_;
    const char* end_;
    bool whole_;
    TextTable* t_;
    std::uint64_t line_ = 1;
    std::uint64_t record_line_ = 1;
    CellDecoder decoder_;
    int error_column_ = -1;
    bool ascii_ = false;
    const std::vector<char>* decode_ = nullptr;
    std::vector<std::string_view> fields_;
    std::string error_;
};

/// The text with a UTF-8 byte-order mark skipped: `text` itself, or 3 bytes on. Throws
/// InputError, naming `source`, for a UTF-16 byte-order mark.
std::string_view skip_bom(std::string_view text, const std::string& source);
/// Throws InputError, naming `source` and the line, when `text` (that many lines into the
/// file) holds a NUL byte: a UTF-16 or binary file.
void check_no_nul(std::string_view text, std::uint64_t lines_before, const std::string& source);
/// Reads the header row into t.header; throws InputError when there is none or it is bad.
void read_header(CsvParser& parser, TextTable& t, const std::string& source);
/// Appends the next record to t; false at the end of the text.
bool read_row(CsvParser& parser, TextTable& t);

}  // namespace arrears::io::detail
