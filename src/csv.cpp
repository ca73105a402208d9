// CSV reading: one pass over one buffer, views into it, copies only for doubled quotes.
#include <arrears/io/csv.hpp>
#include <arrears/io/file.hpp>

#include <arrears/error.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <unordered_set>
#include <vector>

namespace arrears::io {

namespace {

// Index of the first byte that breaks UTF-8 in [p, p+n), or n when all is well. Rejects
// overlong forms, surrogates and code points beyond U+10FFFF, as RFC 3629 requires.
std::size_t invalid_utf8_at(const unsigned char* p, std::size_t n) noexcept {
    std::size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time: the common case for these files.
        if (i + 8 <= n) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if (c >= 0xE1 && c <= 0xEC) len = 3;
        else if (c == 0xED) { len = 3; hi = 0x9F; }
        else if (c >= 0xEE && c <= 0xEF) len = 3;
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) { len = 4; hi = 0x8F; }
        else return i;
        if (i + len > n) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        i += len;
    }
    return n;
}

std::string hex_byte(unsigned char c) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[c >> 4] + digits[c & 15];
}

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

// Bytes that end an unquoted field's plain run: , " \n \r.
constexpr auto stop_table = [] {
    std::array<bool, 256> t{};
    t[static_cast<unsigned char>(',')] = t[static_cast<unsigned char>('"')] = true;
    t[static_cast<unsigned char>('\n')] = t[static_cast<unsigned char>('\r')] = true;
    return t;
}();

// The state of one pass over the text.
class Parser {
public:
    Parser(std::string_view text, TextTable& table) : p_(text.data()), end_(text.data() + text.size()), t_(&table) {}
    /// Unescaped quoted fields go into this table's storage from now on.
    void set_table(TextTable& table) noexcept { t_ = &table; }

    enum class Result { ok, error, blank, eof };

    // Reads one record into fields_ (or an error into error_). line_ is the next record's line.
    Result next() {
        fields_.clear();
        error_.clear();
        record_line_ = line_;
        if (p_ == end_) return Result::eof;
        {  // a line of nothing but spaces and tabs is blank too
            const char* q = p_;
            while (q < end_ && is_blank(*q)) ++q;
            if (q == end_) {
                p_ = q;
                return Result::eof;
            }
            if (*q == '\n' || *q == '\r') {
                p_ = q;
                end_line();
                return Result::blank;
            }
        }
        const char* const record_start = p_;
        for (;;) {
            while (p_ < end_ && is_blank(*p_)) ++p_;
            std::string_view cell;
            if (p_ < end_ && *p_ == '"') {
                if (!quoted(cell)) return Result::error;
            } else {
                const char* s = p_;
                while (p_ < end_ && !stop_table[static_cast<unsigned char>(*p_)]) ++p_;
                if (p_ < end_ && *p_ == '"') {
                    error_ = "a quote inside unquoted field " + std::to_string(fields_.size() + 1) +
                             " (quote the whole field and write each quote in it twice: \"\")";
                    skip_line();
                    return Result::error;
                }
                const char* e = p_;
                while (e > s && is_blank(e[-1])) --e;
                cell = std::string_view(s, static_cast<std::size_t>(e - s));
            }
            fields_.push_back(cell);
            if (p_ == end_) break;
            if (*p_ == ',') {
                ++p_;  // at the end of the text this reads one more, empty, field
                continue;
            }
            end_line();  // '\n' or '\r'
            break;
        }
        const std::size_t n = static_cast<std::size_t>(p_ - record_start);
        if (invalid_utf8_at(reinterpret_cast<const unsigned char*>(record_start), n) != n) {
            describe_bad_utf8();
            return Result::error;
        }
        return Result::ok;
    }

    const std::vector<std::string_view>& fields() const noexcept { return fields_; }
    const std::string& error() const noexcept { return error_; }
    std::uint64_t record_line() const noexcept { return record_line_; }

private:
    // A quoted field starting at p_ (on the quote). False with error_ set when it is broken.
    bool quoted(std::string_view& cell) {
        const char* const open = p_;
        const std::uint64_t open_line = line_;
        const char* s = ++p_;
        bool doubled = false;
        for (;;) {
            const void* q = std::memchr(p_, '"', static_cast<std::size_t>(end_ - p_));
            if (!q) {
                error_ = "unclosed quote in field " + std::to_string(fields_.size() + 1) +
                         " (opened on line " + std::to_string(open_line) + ")";
                // Everything after the opening quote's line is read again as new records,
                // so one broken row cannot swallow the rest of the file.
                p_ = open;
                line_ = open_line;
                skip_line();
                return false;
            }
            const char* qc = static_cast<const char*>(q);
            line_ += static_cast<std::uint64_t>(std::count(p_, qc, '\n'));
            if (qc + 1 < end_ && qc[1] == '"') {
                doubled = true;
                p_ = qc + 2;
                continue;
            }
            cell = std::string_view(s, static_cast<std::size_t>(qc - s));
            p_ = qc + 1;
            break;
        }
        while (p_ < end_ && is_blank(*p_)) ++p_;
        if (p_ < end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r') {
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
            if (p_ < end_ && *p_ == '\n') ++p_;
        } else {
            ++p_;
        }
        ++line_;
    }
    // Moves past the end of the current physical line.
    void skip_line() {
        while (p_ < end_ && *p_ != '\n' && *p_ != '\r') ++p_;
        if (p_ < end_) end_line();
    }
    void describe_bad_utf8() {
        for (std::size_t f = 0; f < fields_.size(); ++f) {
            const auto* b = reinterpret_cast<const unsigned char*>(fields_[f].data());
            std::size_t at = invalid_utf8_at(b, fields_[f].size());
            if (at != fields_[f].size()) {
                error_ = "invalid UTF-8 (byte " + hex_byte(b[at]) + " at character " + std::to_string(at + 1) +
                         " of field " + std::to_string(f + 1) + "); save the file as UTF-8";
                return;
            }
        }
        error_ = "invalid UTF-8; save the file as UTF-8";
    }

    const char* p_;
    const char* end_;
    TextTable* t_;
    std::uint64_t line_ = 1;
    std::uint64_t record_line_ = 1;
    std::vector<std::string_view> fields_;
    std::string error_;
};

// Checks the whole text and strips a BOM; throws InputError when nothing can be read.
std::string_view check_text(std::string_view text, const std::string& src) {
    if (text.size() >= 2 && ((static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE) ||
                             (static_cast<unsigned char>(text[0]) == 0xFE && static_cast<unsigned char>(text[1]) == 0xFF)))
        throw InputError(src + ": the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 CSV");
    if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
        const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
        const auto line = 1 + std::count(text.data(), text.data() + at, '\n');
        throw InputError(src + " line " + std::to_string(line) +
                         ": contains a NUL byte, so it is not a UTF-8 text file (UTF-16 or binary?); save it as UTF-8 CSV");
    }
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

// Reads the header row into t.header; throws InputError when there is none or it is bad.
void read_header(Parser& parser, TextTable& t, const std::string& src) {
    Parser::Result r;
    while ((r = parser.next()) == Parser::Result::blank) {}
    if (r == Parser::Result::eof) throw InputError(src + ": the file is empty; a header row is required");
    if (r == Parser::Result::error)
        throw InputError(src + " line " + std::to_string(parser.record_line()) + ": header row: " + parser.error());
    std::unordered_set<std::string_view> seen;
    t.header.reserve(parser.fields().size());
    for (std::string_view name : parser.fields()) {
        if (!name.empty() && !seen.insert(name).second)
            throw InputError(src + " line " + std::to_string(parser.record_line()) + ": column '" +
                             std::string(name) + "' appears twice in the header");
        t.header.emplace_back(name);
    }
}

// Appends the next record to t; false at the end of the text.
bool read_row(Parser& parser, TextTable& t) {
    const std::size_t width = t.width();
    for (;;) {
        switch (parser.next()) {
            case Parser::Result::eof: return false;
            case Parser::Result::blank: continue;
            case Parser::Result::error: t.add_bad_row(parser.record_line(), parser.error()); return true;
            case Parser::Result::ok:
                if (parser.fields().size() != width)
                    t.add_bad_row(parser.record_line(),
                                  "expected " + std::to_string(width) + " fields (one per header column), found " +
                                      std::to_string(parser.fields().size()));
                else
                    t.add_row(parser.record_line(), parser.fields());
                return true;
        }
    }
}

void parse_into(TextTable& t, std::string_view text, std::string_view source) {
    const std::string src(source);
    text = check_text(text, src);
    Parser parser(text, t);
    read_header(parser, t, src);

    // Reserve for one record per remaining line: close enough, and no regrowth.
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    t.line.reserve(lines);
    t.row_error.reserve(lines);
    t.first_cell.reserve(lines);
    // (bounded: a wide header over many short bad lines would otherwise reserve gigabytes)
    t.cells.reserve(std::min<std::size_t>(lines * t.width(), std::size_t{1} << 22));
    while (read_row(parser, t)) {}
}

}  // namespace

TextTable parse_csv(std::string_view text, std::string_view source) {
    TextTable t;
    parse_into(t, text, source);
    return t;
}

TextTable read_csv_file(const std::string& path, std::string_view source) {
    const std::string src = source.empty() ? path : std::string(source);
    std::string buffer = read_whole_file(path, src);
    TextTable t;
    // The buffer moves into storage first, so the cells view text the table owns.
    const std::string& text = t.storage.emplace_back(std::move(buffer));
    parse_into(t, text, src);
    return t;
}

struct CsvReader::State {
    std::string buffer;
    TextTable header_table;
    std::optional<Parser> parser;
};

CsvReader::CsvReader(const std::string& path, std::string_view source)
    : source_(source.empty() ? path : std::string(source)), state_(std::make_unique<State>()) {
    state_->buffer = read_whole_file(path, source_);
    const std::string_view text = check_text(state_->buffer, source_);
    state_->parser.emplace(text, state_->header_table);
    read_header(*state_->parser, state_->header_table, source_);
}

CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

std::size_t CsvReader::size_bytes() const noexcept { return state_->buffer.size(); }

const std::vector<std::string>& CsvReader::header() const noexcept { return state_->header_table.header; }

bool CsvReader::next_block(TextTable& block, std::size_t max_rows) {
    if (block.header != header()) block.header = header();
    block.clear_rows();
    state_->parser->set_table(block);
    while (block.rows() < max_rows && read_row(*state_->parser, block)) {}
    return block.rows() > 0;
}

}  // namespace arrears::io
