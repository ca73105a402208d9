// CSV reading of a whole text (parse_csv, read_csv_file) and the header, row and file checks
// the streamed CsvReader (csv_reader.cpp) shares: one pass, views into the text, copies only
// for doubled quotes and decoded cells.
#include <arrears/io/csv.hpp>
#include <arrears/io/detail/csv_parser.hpp>
#include <arrears/io/file.hpp>

#include <arrears/error.hpp>

#include <algorithm>
#include <cstring>
#include <unordered_set>
#include <vector>

namespace arrears::io {

namespace detail {

std::string_view skip_bom(std::string_view text, const std::string& src) {
    if (text.size() >= 2 &&
        ((static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE) ||
         (static_cast<unsigned char>(text[0]) == 0xFE && static_cast<unsigned char>(text[1]) == 0xFF)))
        throw InputError(src + ": the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 CSV");
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

void check_no_nul(std::string_view text, std::uint64_t lines_before, const std::string& src) {
    if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
        const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
        const auto line =
            lines_before + 1 + static_cast<std::uint64_t>(std::count(text.data(), text.data() + at, '\n'));
        throw InputError(
            src + " line " + std::to_string(line) +
            ": contains a NUL byte, so it is not a UTF-8 text file (UTF-16 or binary?); save it as UTF-8 CSV");
    }
}

void read_header(CsvParser& parser, TextTable& t, const std::string& src) {
    CsvParser::Result r;
    while ((r = parser.next()) == CsvParser::Result::blank) {}
    if (r == CsvParser::Result::eof) throw InputError(src + ": the file is empty; a header row is required");
    if (r == CsvParser::Result::error)
        throw InputError(src + " line " + std::to_string(parser.record_line()) + ": header row: " + parser.error());
    if (r == CsvParser::Result::bad_cell)
        throw InputError(src + " line " + std::to_string(parser.record_line()) + ": header row, field " +
                         std::to_string(parser.error_column() + 1) + ": " + parser.error());
    std::unordered_set<std::string_view> seen;
    t.header.reserve(parser.fields().size());
    for (std::string_view name : parser.fields()) {
        if (!name.empty() && !seen.insert(name).second)
            throw InputError(src + " line " + std::to_string(parser.record_line()) + ": column '" + std::string(name) +
                             "' appears twice in the header");
        t.header.emplace_back(name);
    }
}

bool read_row(CsvParser& parser, TextTable& t) {
    const std::size_t width = t.width();
    for (;;) {
        switch (parser.next()) {
        case CsvParser::Result::eof:
            return false;
        case CsvParser::Result::blank:
            continue;
        case CsvParser::Result::error:
            t.add_bad_row(parser.record_line(), parser.error());
            return true;
        case CsvParser::Result::ok:
        case CsvParser::Result::bad_cell:
            if (parser.fields().size() != width)
                t.add_ragged_row(parser.record_line(),
                                 "expected " + std::to_string(width) + " fields (one per header column), found " +
                                     std::to_string(parser.fields().size()),
                                 parser.fields());
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

}  // namespace detail

namespace {

void parse_into(TextTable& t, std::string_view text, std::string_view source, Encoding encoding,
                const HeaderHook* on_header = nullptr) {
    const std::string src(source);
    text = detail::skip_bom(text, src);
    detail::check_no_nul(text, 0, src);
    detail::CsvParser parser(text.data(), text.data() + text.size(), true, t, encoding);
    read_header(parser, t, src);
    std::vector<char> decode;
    if (on_header && *on_header) {
        const std::vector<std::string> own = t.header;
        decode = (*on_header)(t.header);
        if (t.header != own) t.own_header = own;  // messages name the file's own columns too
        parser.set_decode(&decode);
    }

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
    return read_csv_file(path, source, encoding, HeaderHook{});
}

TextTable read_csv_file(const std::string& path, std::string_view source, Encoding encoding,
                        const HeaderHook& on_header) {
    const std::string src = source.empty() ? path : std::string(source);
    std::string buffer = read_whole_file(path, src);
    TextTable t;
    // The buffer moves into storage first, so the cells view text the table owns.
    const std::string& text = t.storage.emplace_back(std::move(buffer));
    parse_into(t, text, src, encoding, &on_header);
    return t;
}

std::vector<char> columns_read(std::span<const std::string> header, std::span<const std::string> own,
                               std::span<const std::string_view> names, std::span<const std::string> own_names) {
    std::vector<char> read(header.size(), 0);
    for (std::size_t i = 0; i < header.size(); ++i) {
        const bool named = !header[i].empty() && std::find(names.begin(), names.end(), header[i]) != names.end();
        const bool kept = i < own.size() && std::find(own_names.begin(), own_names.end(), own[i]) != own_names.end();
        read[i] = named || kept ? 1 : 0;
    }
    return read;
}

}  // namespace arrears::io
