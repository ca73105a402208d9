// CSV reading: one pass over one buffer, views into it, copies only for doubled quotes.
#include <arrears/io/cells.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/encoding.hpp>
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
    Parser(std::string_view text, TextTable& table, Encoding encoding)
        : p_(text.data()), end_(text.data() + text.size()), t_(&table), decoder_(encoding) {}
    /// Unescaped quoted fields go into this table's storage from now on.
    void set_table(TextTable& table) noexcept { t_ = &table; }

    // bad_cell: fields() holds the row with the cells that could not be decoded left empty,
    // error() the reason for the first of them, error_column() its field.
    enum class Result { ok, error, bad_cell, blank, eof };

    // Reads one record into fields_ (or an error into error_). line_ is the next record's line.
    Result next() {
        fields_.clear();
        error_.clear();
        record_line_ = line_;
        if (p_ == end_) return Result::eof;
        {  // a line of nothing but spaces and tabs is blank too
            const char* q = p_;
            while (q < end_ && is_cell_space(*q)) ++q;
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
        for (;;) {
            while (p_ < end_ && is_cell_space(*p_)) ++p_;
            std::string_view cell;
            if (p_ < end_ && *p_ == '"') {
                if (!quoted(cell)) return Result::error;
                cell = trim_cell(cell);  // §12: quoted or not, the spaces around are not text
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
                while (e > s && is_cell_space(e[-1])) --e;
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
        // §12: a row of empty cells (Excel's trailing ",,,,") is skipped like a blank line.
        if (blank_row(fields_)) return Result::blank;
        return decode_fields() ? Result::ok : Result::bad_cell;
    }

    const std::vector<std::string_view>& fields() const noexcept { return fields_; }
    const std::string& error() const noexcept { return error_; }
    std::uint64_t record_line() const noexcept { return record_line_; }
    int error_column() const noexcept { return error_column_; }

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
        while (p_ < end_ && is_cell_space(*p_)) ++p_;
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
    // Each field into UTF-8 (§12, --encoding): false, with every undecodable field emptied
    // and the first named, when a field is not valid in the encoding.
    bool decode_fields() {
        error_column_ = -1;
        for (std::size_t f = 0; f < fields_.size(); ++f) {
            std::string_view& cell = fields_[f];
            if (decoder_.encoding() == Encoding::utf8) {
                const auto* b = reinterpret_cast<const unsigned char*>(cell.data());
                if (invalid_utf8_at(b, cell.size()) == cell.size()) continue;
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
    TextTable* t_;
    std::uint64_t line_ = 1;
    std::uint64_t record_line_ = 1;
    CellDecoder decoder_;
    int error_column_ = -1;
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
    if (r == Parser::Result::bad_cell)
        throw InputError(src + " line " + std::to_string(parser.record_line()) + ": header row, field " +
                         std::to_string(parser.error_column() + 1) + ": " + parser.error());
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
            case Parser::Result::bad_cell:
                if (parser.fields().size() != width)
                    t.add_bad_row(parser.record_line(),
                                  "expected " + std::to_string(width) + " fields (one per header column), found " +
                                      std::to_string(parser.fields().size()));
                else
                    t.add_row(parser.record_line(), parser.fields());
                if (parser.error_column() >= 0 && parser.fields().size() == width) {
                    // The row keeps its readable cells (its account_id, §12) and is bad.
                    t.row_error.back() = parser.error();
                    t.row_error_column.resize(t.rows(), -1);
                    t.row_error_column.back() = parser.error_column();
                }
                return true;
        }
    }
}

void parse_into(TextTable& t, std::string_view text, std::string_view source, Encoding encoding) {
    const std::string src(source);
    text = check_text(text, src);
    Parser parser(text, t, encoding);
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

TextTable parse_csv(std::string_view text, std::string_view source, Encoding encoding) {
    TextTable t;
    parse_into(t, text, source, encoding);
    return t;
}

TextTable read_csv_file(const std::string& path, std::string_view source, Encoding encoding) {
    const std::string src = source.empty() ? path : std::string(source);
    std::string buffer = read_whole_file(path, src);
    TextTable t;
    // The buffer moves into storage first, so the cells view text the table owns.
    const std::string& text = t.storage.emplace_back(std::move(buffer));
    parse_into(t, text, src, encoding);
    return t;
}

struct CsvReader::State {
    std::string buffer;
    TextTable header_table;
    std::optional<Parser> parser;
};

CsvReader::CsvReader(const std::string& path, std::string_view source, Encoding encoding)
    : source_(source.empty() ? path : std::string(source)), state_(std::make_unique<State>()) {
    state_->buffer = read_whole_file(path, source_);
    const std::string_view text = check_text(state_->buffer, source_);
    state_->parser.emplace(text, state_->header_table, encoding);
    read_header(*state_->parser, state_->header_table, source_);
}

CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

std::size_t CsvReader::size_bytes() const noexcept { return state_->buffer.size(); }

const std::vector<std::string>& CsvReader::header() const noexcept { return state_->header_table.header; }

void CsvReader::set_header(std::vector<std::string> header) { state_->header_table.header = std::move(header); }

bool CsvReader::next_block(TextTable& block, std::size_t max_rows) {
    if (block.header != header()) block.header = header();
    block.clear_rows();
    state_->parser->set_table(block);
    while (block.rows() < max_rows && read_row(*state_->parser, block)) {}
    return block.rows() > 0;
}

}  // namespace arrears::io
