// Tests of include/arrears/io/csv.hpp's CsvReader: a file streamed through a small buffer
// gives exactly parse_csv()'s table (rows, lines, cells, messages), whatever the buffer's
// size and wherever it cuts a record: inside a quoted line break, between CR and LF, in a
// doubled quote, in a byte-order mark's row, in a Windows-1252 byte.
#include <arrears/error.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/detail/csv_parser.hpp>
#include <arrears/thread_pool.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace arrears;
using namespace std::literals;

namespace {

// A file of `text`, removed at the end of the test.
struct TempFile {
    std::string path;
    explicit TempFile(const std::string& text) {
        static int n = 0;
        path = std::string("/tmp/arrears-csv-test-") + std::to_string(::getpid()) + std::string("-") +
               std::to_string(n++) + ".csv";
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f);
        REQUIRE(std::fwrite(text.data(), 1, text.size(), f) == text.size());
        std::fclose(f);
    }
    ~TempFile() { std::remove(path.c_str()); }
};

// The rows of `block` are whole's from `row` on (lines, errors, cells; given `column`, that
// column's cell only and every ragged field, as CsvReader::read_one_column promises); `row`
// moves past them.
void check_block(const io::TextTable& block, const io::TextTable& whole, std::size_t& row,
                 std::optional<std::size_t> column = std::nullopt) {
    for (std::size_t r = 0; r < block.rows(); ++r, ++row) {
        REQUIRE(row < whole.rows());
        INFO("row " << row << ", line " << whole.line[row]);
        CHECK(block.line[r] == whole.line[row]);
        CHECK(block.row_error[r] == whole.row_error[row]);
        CHECK(block.error_column(r) == whole.error_column(row));
        REQUIRE(block.has_cells(r) == whole.has_cells(row));
        if (block.has_cells(r) && column) CHECK(block.at(r, *column) == whole.at(row, *column));
        if (block.has_cells(r) && !column)
            for (std::size_t c = 0; c < block.width(); ++c) CHECK(block.at(r, c) == whole.at(row, c));
        if (column)
            for (std::size_t c = 0; c < whole.width(); ++c)
                CHECK(block.ragged_field(r, c) == whole.ragged_field(row, c));
    }
}

// Every row the reader gives, `per_block` at a time, checked against row `row` of `whole`.
void check_rows(io::CsvReader& reader, const io::TextTable& whole, std::size_t per_block) {
    REQUIRE(reader.header() == whole.header);
    io::TextTable block;
    std::size_t row = 0;
    while (reader.next_block(block, per_block)) {
        REQUIRE(block.rows() <= per_block);
        check_block(block, whole, row);
    }
    CHECK(row == whole.rows());
}

// Every range of rows [first, last) of a reader that has read them all, read again by
// read_rows() (as the plan of record's accounts are, on any thread): from a checkpoint at or
// before `first`, with whole's lines, errors and cells, up to `last` at least.
void check_read_again(const io::CsvReader& reader, const io::TextTable& whole) {
    REQUIRE(reader.rows_read() == whole.rows());
    io::TextTable rows;
    std::vector<char> text;
    for (std::size_t first = 0; first < whole.rows(); ++first)
        for (std::size_t last : {first + 1, first + 2, first + 70, whole.rows()}) {
            if (last > whole.rows()) continue;
            INFO("rows " << first << " to " << last);
            const std::uint64_t base = reader.read_rows(first, last, rows, text);
            CHECK(base == first / io::CsvReader::checkpoint_rows * io::CsvReader::checkpoint_rows);
            REQUIRE(rows.rows() >= last - base);
            std::size_t row = static_cast<std::size_t>(base);
            check_block(rows, whole, row);
        }
    CHECK_THROWS_AS(reader.read_rows(0, whole.rows() + 1, rows, text), std::logic_error);
}

// As check_rows, the rows read `blocks` blocks at a time with next_blocks on `threads`
// threads; the calls that filled more than one block (read in pieces) are counted in `split`.
void check_rows_in_sets(io::CsvReader& reader, const io::TextTable& whole, std::size_t per_block, std::size_t blocks,
                        unsigned threads, std::size_t& split) {
    REQUIRE(reader.header() == whole.header);
    ThreadPool pool(threads);
    std::vector<io::TextTable> set(blocks);
    std::size_t row = 0;
    for (std::size_t filled; (filled = reader.next_blocks(set, per_block, pool)) > 0;) {
        REQUIRE(filled <= blocks);
        if (filled > 1) ++split;
        for (std::size_t b = 0; b < filled; ++b) {
            const io::TextTable& block = set[b];
            REQUIRE(block.header == whole.header);
            REQUIRE(block.rows() > 0);
            REQUIRE(block.rows() <= per_block);
            check_block(block, whole, row);
        }
    }
    CHECK(row == whole.rows());
}

// `text` read with buffers of 16 bytes to 8 MiB and blocks of 1 to 1000 rows is parse_csv's
// table, a block at a time and (next_blocks) two or three blocks at a time on two threads.
// Returns how many next_blocks calls read their text in pieces.
std::size_t check_streams_like_whole(const std::string& text, io::Encoding encoding = io::Encoding::utf8) {
    const io::TextTable whole = io::parse_csv(text, "t.csv", encoding);
    const TempFile file(text);
    std::size_t split = 0;
    for (std::size_t buffer : {16, 17, 64, 100, 4096, 0})
        for (std::size_t per_block : {1, 3, 1000}) {
            INFO("buffer " << buffer << ", " << per_block << " rows a block");
            io::CsvReader reader(file.path, "t.csv", encoding, buffer);
            check_rows(reader, whole, per_block);
            if (per_block == 3) check_read_again(reader, whole);
            for (std::size_t blocks : {2, 3}) {
                INFO(blocks << " blocks at a time");
                io::CsvReader in_sets(file.path, "t.csv", encoding, buffer);
                check_rows_in_sets(in_sets, whole, per_block, blocks, 2, split);
            }
        }
    return split;
}

// The message parse_csv throws for `text`, and the one CsvReader throws for it as a file.
std::pair<std::string, std::string> messages(const std::string& text, std::size_t buffer) {
    std::string whole, streamed;
    try {
        io::parse_csv(text, "t.csv");
    } catch (const InputError& e) {
        whole = e.what();
    }
    const TempFile file(text);
    try {
        io::CsvReader reader(file.path, "t.csv", io::Encoding::utf8, buffer);
    } catch (const InputError& e) {
        streamed = e.what();
    }
    return {whole, streamed};
}

}  // namespace

TEST_CASE("A streamed file is parse_csv's table, rows cut anywhere by a small buffer", "[csv][stream]") {
    std::string text =
        "\xEF\xBB\xBF"
        "account_id,amount,note\r\n";
    for (int i = 0; i < 40; ++i) {
        const std::string n = std::to_string(i);
        text +=
            "A-" + n + ",1" + n + ".00,\"a note\r\nover two lines, \"\"quoted\"\"\"\r\n";  // CRLF in and after quotes
        text += " B-" + n + " , 2.00 ,plain\n";
        if (i % 7 == 0) text += "   \n,,\n";                   // blank rows, skipped but counted
        if (i % 9 == 0) text += "C-" + n + ",\"unclosed,x\n";  // read again from the next line
        if (i % 11 == 0) text += "D-" + n + ",1,x\"y\n";       // a quote inside an unquoted field
        if (i % 5 == 0) text += "E-" + n + ",1\r";             // too few fields, a lone CR
        if (i % 13 == 0)
            text += "F-" + n + std::string(",\"") + std::string(150, 'x') + "\",long\n";  // longer than a buffer
    }
    text += "G,9.99,\"no line end\"";
    check_streams_like_whole(text);

    // The figures of the first rows, worked by hand from the text above: the header is
    // line 1, each A row takes two lines (its note holds a line break).
    const io::TextTable whole = io::parse_csv(text, "t.csv");
    REQUIRE(whole.rows() > 3);
    CHECK(whole.line[0] == 2);                                        // A-0
    CHECK(whole.at(0, 2) == "a note\r\nover two lines, \"quoted\"");  // doubled quotes unescaped
    CHECK(whole.line[1] == 4);                                        // B-0, trimmed:
    CHECK(whole.at(1, 0) == "B-0");
    CHECK(whole.line[2] == 7);  // C-0: lines 5 and 6 are the blank rows; its quote is closed
    // by the one in D-0's x"y on line 8, and the y after that quote breaks the row.
    CHECK(whole.row_error[2] == "unexpected text after the closing quote of field 2");
    CHECK(whole.line[3] == 8);  // D-0, read again from the line after C-0's
    CHECK(whole.row_error[3] ==
          "a quote inside unquoted field 3 (quote the whole field and write each quote in it twice: \"\")");
}

TEST_CASE("A streamed file ends, or stops, as the whole text does", "[csv][stream]") {
    check_streams_like_whole("a,b\n1,2,");         // a trailing comma: one more field
    check_streams_like_whole("a,b\n1,2\n   \t ");  // spaces at the end: blank
    check_streams_like_whole("a,b\n1,2\r");        // a lone CR at the end
    check_streams_like_whole(std::string("a,b\n\"1\n\n\n") + std::string(300, 'z'));       // unclosed to the end
    check_streams_like_whole("a,b\n\"x\"y,2\n3,4\n");                                      // text after a closing quote
    check_streams_like_whole(std::string("a,b\n1,\"") + std::string(70, '"') + "\"\n");    // 35 doubled quotes
    check_streams_like_whole(std::string("h") + std::string(200, 'h') + ",b\r\n1,2\r\n");  // a header past the buffer
    check_streams_like_whole("a,b\n");
    // Windows-1252: £ is 0xA3; 0x81 is not a character in it (the row is bad in one cell).
    std::string cp1252 = "id,name\n";
    for (int i = 0; i < 30; ++i)
        cp1252 += std::string("X") + std::to_string(i) + std::string(",\xA3") + std::string(i, 'p') +
                  (i % 4 ? "\n" : "\x81\n");
    check_streams_like_whole(cp1252, io::Encoding::windows_1252);
    check_streams_like_whole(cp1252);  // as UTF-8, every 0xA3 is invalid
}

TEST_CASE("Text without quotes is split into rows in pieces, on two threads, as the whole text is", "[csv][stream]") {
    // Every kind of line end and line the parser knows, and rows it refuses, none quoted: a
    // piece starts after any line end, so each of these meets a piece's start somewhere.
    std::string text = "account_id,amount,note\r\n";
    for (int i = 0; i < 400; ++i) {
        const std::string n = std::to_string(i);
        text += "A-" + n + ",1" + n + ".00,plain\r\n";   // CRLF
        text += " B-" + n + " , 2.00 ,  spaced \n";      // trimmed
        if (i % 7 == 0) text += "   \n,,\n\t\r\n";       // blank rows: spaces, empty cells, a tab
        if (i % 5 == 0) text += "E-" + n + ",1\r";       // too few fields, a lone CR
        if (i % 6 == 0) text += "F-" + n + ",1,2,3\n";   // too many
        if (i % 9 == 0) text += "G-" + n + ",1,\xA3\n";  // not UTF-8: a bad cell, the row kept
        if (i % 13 == 0) text += "H-" + n + "," + std::string(150, '9') + ",long\n";  // longer than a small buffer
        if (i % 17 == 0) text += "\n\r\n\r";                                          // empty lines of each ending
    }
    text += "Z,9.99,no line end";
    const io::TextTable whole = io::parse_csv(text, "t.csv");
    // The first rows, worked by hand: the header is line 1, A-0 line 2, B-0 line 3, lines 4
    // to 6 blank, E-0 (too few fields) on line 7 ended by its lone CR, F-0 on line 8.
    REQUIRE(whole.rows() > 5);
    CHECK(whole.line[0] == 2);
    CHECK(whole.at(1, 0) == "B-0");
    CHECK(whole.at(1, 2) == "spaced");
    CHECK(whole.line[2] == 7);
    CHECK(whole.row_error[2] == "expected 3 fields (one per header column), found 2");
    CHECK(whole.line[3] == 8);
    CHECK(whole.row_error[3] == "expected 3 fields (one per header column), found 4");
    // Pieces are only cut when the text allows: some calls with the larger buffers did.
    CHECK(check_streams_like_whole(text) > 0);
    check_streams_like_whole(text, io::Encoding::windows_1252);  // 0xA3 is a pound sign in it

    // Quotes after a long plain stretch: the plain rows are cut in pieces, the quoted ones not.
    std::string mixed = "id,n\n";
    for (int i = 0; i < 3000; ++i) {
        mixed += 'R';
        mixed += std::to_string(i);
        mixed += i < 2000 ? ",1\n" : ",\"a\nb\"\n";
    }
    CHECK(check_streams_like_whole(mixed) > 0);
    CHECK(check_streams_like_whole("a,b\n1,2,") == 0);  // one row: nothing to cut
}

TEST_CASE("Read for one column, rows read in pieces are the whole text's, that column's cells the same",
          "[csv][stream]") {
    // As above, with spaces and tabs around the ids, empty ids and rows of nothing but commas:
    // with read_one_column(c), each row's line, error and (for a row with cells) cell c are the
    // whole text's, a bad or ragged row is read whole, and rows read again have every cell.
    std::string text = "account_id,amount,note\n";
    for (int i = 0; i < 400; ++i) {
        const std::string n = std::to_string(i);
        text += "A-" + n + ",1" + n + ".00,plain\n";
        text += " \tB-" + n + " \t, 2.00 ,  spaced \n";         // trimmed
        if (i % 50 == 0) text += "A-" + n + ",3.00,again\r\n";  // a CR: that piece read as before
        if (i % 7 == 0) text += "   \n,,\n , \t, \n";           // blank rows
        if (i % 4 == 0) text += "  ,1.00,no id\n,,x\n";         // an empty id (and amount)
        if (i % 5 == 0) text += "E-" + n + ",1\n";              // too few fields
        if (i % 6 == 0) text += "F-" + n + ",1,2,3\n";          // too many
        if (i % 9 == 0) text += "G-" + n + ",1,\xA3\n";         // not UTF-8: a bad cell, the row kept
        if (i % 13 == 0) text += "H-" + n + "," + std::string(150, '9') + ",long\n";
        if (i % 17 == 0) text += "\n\n";
    }
    text += "Z,9.99,no line end";
    const io::TextTable whole = io::parse_csv(text, "t.csv");
    const TempFile file(text);
    std::size_t split = 0;
    for (std::size_t column : {0, 1, 2})
        for (std::size_t buffer : {64, 4096, 0})
            for (std::size_t per_block : {3, 1000})
                for (std::size_t blocks : {2, 3}) {
                    INFO("column " << column << ", buffer " << buffer << ", " << per_block << " rows a block, "
                                   << blocks << " blocks at a time");
                    io::CsvReader reader(file.path, "t.csv", io::Encoding::utf8, buffer);
                    reader.read_one_column(column);
                    ThreadPool pool(2);
                    std::vector<io::TextTable> set(blocks);
                    std::size_t row = 0;
                    for (std::size_t filled; (filled = reader.next_blocks(set, per_block, pool)) > 0;) {
                        if (filled > 1) ++split;
                        for (std::size_t b = 0; b < filled; ++b) check_block(set[b], whole, row, column);
                    }
                    CHECK(row == whole.rows());
                    reader.check_unchanged();
                    if (column == 0 && buffer == 0 && per_block == 3 && blocks == 2) check_read_again(reader, whole);
                }
    CHECK(split > 0);
}

TEST_CASE("Rows read in pieces are read again from the same checkpoints", "[csv][stream]") {
    // 5,000 rows R0..R4999, one a line, after a header and three blank lines: row k is on line
    // k + 5. The checkpoints every 64 rows are those next_block() leaves.
    std::string text = "id,n\n\n\n\n";
    for (int i = 0; i < 5000; ++i) {
        text += 'R';
        text += std::to_string(i);
        text += ',';
        text += std::to_string(i % 10);
        text += '\n';
    }
    const TempFile file(text);
    io::CsvReader reader(file.path, "t.csv", io::Encoding::utf8, 4096);
    std::vector<io::TextTable> set(2);
    std::size_t rows = 0, split = 0;
    ThreadPool pool(2);
    for (std::size_t filled; (filled = reader.next_blocks(set, 100, pool)) > 0;) {
        if (filled > 1) ++split;
        for (std::size_t b = 0; b < filled; ++b) rows += set[b].rows();
    }
    CHECK(rows == 5000);
    CHECK(split > 0);
    for (const int row : {0, 63, 64, 1000, 2047, 4999}) {
        const std::uint64_t line = static_cast<std::uint64_t>(row) + 5;
        std::vector<std::string> ids;
        std::vector<std::uint64_t> lines;
        REQUIRE(reader.reread(line, [&](const io::TextTable& t) {
            for (std::size_t r = 0; r < t.rows(); ++r) {
                ids.emplace_back(t.at(r, 0));
                lines.push_back(t.line[r]);
            }
        }));
        // The window starts at the checkpoint at or before the row: row (row / 64) * 64.
        const int first = row / 64 * 64;
        CAPTURE(row);
        REQUIRE(!ids.empty());
        CHECK(ids.front() == "R" + std::to_string(first));
        CHECK(lines.front() == static_cast<std::uint64_t>(first) + 5);
        CHECK(ids.size() ==
              std::min<std::size_t>(io::CsvReader::checkpoint_rows, 5000 - static_cast<std::size_t>(first)));
    }
}

TEST_CASE("A streamed file is refused with parse_csv's messages", "[csv][stream][error]") {
    // A NUL byte after many rows is found before the header is read, wherever the buffer
    // ends: line 53 (the header on line 1, 50 rows on lines 2 to 51, "x,y" on line 52).
    std::string text = "a,b\n";
    for (int i = 0; i < 50; ++i) text += "1,2\n";
    text += "x,y\n3,\0,4\n"s;
    for (std::size_t buffer : {16, 64, 0}) {
        const auto [whole, streamed] = messages(text, buffer);
        CHECK(whole ==
              "t.csv line 53: contains a NUL byte, so it is not a UTF-8 text file (UTF-16 or binary?); "
              "save it as UTF-8 CSV");
        CHECK(streamed == whole);
        CHECK(messages("\xFF\xFE"
                       "a\0,\0"s,
                       buffer)
                  .second ==
              "t.csv: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 CSV");
        CHECK(messages("", buffer).second == "t.csv: the file is empty; a header row is required");
        CHECK(messages("a,a\n1,2\n", buffer).second == "t.csv line 1: column 'a' appears twice in the header");
        CHECK(messages("\n\n\"a,b\n", buffer).second ==
              "t.csv line 3: header row: unclosed quote in field 1 (opened on line 3)");
    }
}

TEST_CASE("A pipe is read whole, as read_csv_file reads it", "[csv][stream]") {
    std::string text = "account_id,amount\n";
    for (int i = 0; i < 2000; ++i) text += std::string("P-") + std::to_string(i) + ",\"1,000.00\"\n";
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::thread writer([&] {
        (void)!::write(fds[1], text.data(), text.size());
        ::close(fds[1]);
    });
    io::CsvReader reader(std::string("/dev/fd/") + std::to_string(fds[0]), "pipe.csv", io::Encoding::utf8, 64);
    writer.join();
    ::close(fds[0]);
    CHECK_FALSE(reader.rereadable());
    CHECK(reader.size_bytes() == text.size());
    check_rows(reader, io::parse_csv(text, "pipe.csv"), 100);
}

TEST_CASE("Rows already read are read again from the nearest checkpoint", "[csv][stream]") {
    std::string text = "id,n\n";
    for (int i = 0; i < 300; ++i) {
        text += 'R';
        text += std::to_string(i);
        text += i % 10 ? ",1\n" : ",\"two\nlines\"\n";
    }
    const io::TextTable whole = io::parse_csv(text, "t.csv");
    const TempFile file(text);
    io::CsvReader reader(file.path, "t.csv", io::Encoding::utf8, 64);
    CHECK(reader.rereadable());
    CHECK_FALSE(reader.reread(2, [](const io::TextTable&) {}));  // nothing read yet
    io::TextTable block;
    while (reader.next_block(block, 7)) {}
    // Row 200 (R200, whose note takes two lines) is on line 2 + 200 + 20 = 222: each of the
    // 20 rows R0, R10, ..., R190 before it takes one line more. Its window starts at row 192
    // (3 windows of 64 rows), and holds rows 192 to 255.
    REQUIRE(whole.line[200] == 222);
    std::vector<std::uint64_t> lines;
    std::vector<std::string> ids;
    REQUIRE(reader.reread(222, [&](const io::TextTable& t) {
        for (std::size_t r = 0; r < t.rows(); ++r) {
            lines.push_back(t.line[r]);
            ids.emplace_back(t.at(r, 0));
        }
    }));
    REQUIRE(lines.size() == io::CsvReader::checkpoint_rows);
    CHECK(lines.front() == whole.line[192]);
    CHECK(ids.front() == "R192");
    CHECK(ids.back() == "R255");
    CHECK(lines[8] == 222);
    CHECK(ids[8] == "R200");
}

TEST_CASE("The rows of a file are estimated from its first rows, rather more than fewer", "[csv][stream]") {
    std::string text = "id,n\n";  // 5 bytes, then 1000 rows of 11 bytes: R000,12345 to R999,12345
    for (int i = 0; i < 1000; ++i) {
        const std::string n = std::to_string(1000 + i).substr(1);
        text += "R" + n + ",12345\n";
    }
    const TempFile file(text);
    // Whole in the buffer: its line ends after the header, plus one (a last line without one).
    CHECK(io::CsvReader(file.path, "t.csv").estimated_rows() == 1001);
    // A 4096-byte buffer holds 4091 bytes after the header: 371 line ends, so 372 lines per
    // 4091 bytes, times the 11,005 bytes of the file: 1000 (2 x 372 + 2823 x 372 / 4091, whole
    // numbers), plus a tenth (100) and 16.
    CHECK(io::CsvReader(file.path, "t.csv", io::Encoding::utf8, 4096).estimated_rows() == 1116);
}

TEST_CASE("A piece of text is ASCII only when no byte has its high bit set", "[csv][stream]") {
    // all_ascii reads eight bytes at a time, then the rest one by one: a high byte is found
    // in either part, at either end.
    auto ascii = [](std::string_view s) { return io::detail::all_ascii(s.data(), s.data() + s.size()); };
    CHECK(ascii(""));
    CHECK(ascii("account_id,amount\r\n"));
    CHECK_FALSE(
        ascii("\xA3"
              "12345678"));  // first byte of the words
    CHECK_FALSE(
        ascii("12345678"
              "\xA3"));                       // the one byte after them
    CHECK_FALSE(ascii("1234567\x80"));        // last byte of a word
    CHECK(ascii(std::string(1000, '\x7F')));  // DEL is ASCII
}

TEST_CASE("The read hook sees every byte once, in order; a file changed while read is named", "[csv][stream]") {
    std::string text = "id,n\n";
    for (int i = 0; i < 2000; ++i) {
        text += 'R';
        text += std::to_string(i);
        text += i % 7 ? ",1\n" : ",\"two\nlines\"\n";
    }
    const TempFile file(text);
    std::string seen;
    io::CsvReader reader(file.path, "t.csv", io::Encoding::utf8, 64,
                         [&](std::string_view bytes) { seen.append(bytes); });
    io::TextTable block;
    while (reader.next_block(block, 7)) {}
    // Rows read again (the duplicate index does) are not hashed twice.
    REQUIRE(reader.reread(500, [](const io::TextTable&) {}));
    CHECK(seen == text);
    CHECK_NOTHROW(reader.check_unchanged());
    // The same bytes with another modification time (a program rewrote it in place): refused.
    const timespec past[2] = {{1'000'000'000, 0}, {1'000'000'000, 0}};
    REQUIRE(::utimensat(AT_FDCWD, file.path.c_str(), past, 0) == 0);
    CHECK_THROWS_WITH(reader.check_unchanged(),
                      "t.csv: the file changed while the run was reading it; run again when nothing is writing it");
}

TEST_CASE("A file that grew after its end was read is refused too", "[csv][stream]") {
    const TempFile file("id,n\nA,1\nB,2\n");
    io::CsvReader reader(file.path, "t.csv");
    io::TextTable block;
    while (reader.next_block(block, 10)) {}
    CHECK_NOTHROW(reader.check_unchanged());
    std::FILE* f = std::fopen(file.path.c_str(), "ab");
    REQUIRE(f);
    std::fputs("C,3\n", f);
    std::fclose(f);
    CHECK_THROWS_AS(reader.check_unchanged(), InputError);
}

TEST_CASE("Rows read again after a quote that never closes cost their window, not the rest of the file",
          "[csv][stream]") {
    // Line 2 opens a quote that no later byte closes: it is rejected and reading goes on at
    // line 3. Each window read again is parsed to where the next window starts, as the whole
    // text is; before issue 25 the first one read to the end of the file to find the quote
    // unclosed, and its buffer, now the file's size, was filled again at every later window.
    std::string text = "id,n\n\"Q,1\n";
    for (int i = 0; i < 20'000; ++i) {
        text += 'R';
        text += std::to_string(i);
        text += ",1\n";
    }
    const io::TextTable whole = io::parse_csv(text, "t.csv");
    const TempFile file(text);
    io::CsvReader reader(file.path, "t.csv", io::Encoding::utf8, 4096);
    io::TextTable block;
    while (reader.next_block(block, 1000)) {}
    auto read_bytes = [] {  // this process's bytes read so far (/proc/self/io rchar)
        std::FILE* f = std::fopen("/proc/self/io", "r");
        unsigned long long n = 0;
        if (f) {
            (void)std::fscanf(f, "rchar: %llu", &n);
            std::fclose(f);
        }
        return n;
    };
    const unsigned long long before = read_bytes();
    // 200 windows read again, each after the one with the quote: 200 x the file (some 260 KB)
    // was 52 MB; 200 windows of 64 rows are some 100 KB.
    for (int k = 0; k < 100; ++k) {
        std::vector<std::string> ids;
        REQUIRE(reader.reread(2, [&](const io::TextTable& t) {
            for (std::size_t r = 0; r < t.rows(); ++r) ids.emplace_back(t.has_cells(r) ? t.at(r, 0) : "(bad)");
        }));
        REQUIRE(ids.size() == io::CsvReader::checkpoint_rows);
        CHECK(ids[0] == "(bad)");
        CHECK(ids[1] == "R0");
        const std::uint64_t line = 3 + 64 * static_cast<std::uint64_t>(k + 1) * 3;  // R191, R383, ...
        ids.clear();
        REQUIRE(reader.reread(line, [&](const io::TextTable& t) {
            for (std::size_t r = 0; r < t.rows(); ++r) ids.emplace_back(t.at(r, 0));
        }));
        CHECK(std::find(ids.begin(), ids.end(), std::string(whole.at(static_cast<std::size_t>(line - 2), 0))) !=
              ids.end());
    }
    const unsigned long long used = read_bytes() - before;
    if (before > 0) CHECK(used < 1'000'000);
}

TEST_CASE("Only the columns read are decoded and checked, in pieces, blocks and rows read again",
          "[csv][stream][encoding]") {
    // recovery-rules §12 (issue 26): a column nobody reads is neither decoded nor checked.
    // Columns: Ref (read as account_id after a --map-like rename), other (read by nobody),
    // kept (read by its name in the file, as --keep reads it), name (read). 2,000 rows, one a
    // line (no quotes: next_blocks cuts them in pieces): `other` holds FF FE (never UTF-8) on
    // every row; row k = 500 holds A3 (not UTF-8) in `kept`, row 700 FF in `name`.
    std::string text = "Ref,other,kept,name\n";
    for (int k = 0; k < 2000; ++k) {
        const std::string n = std::to_string(k);
        text += "A-" + n + ",\xFF\xFE," + (k == 500 ? "\xA3" : "k" + n) + "," +
                (k == 700 ? "B\xFF"
                          : "Sin\xC3\xA9"
                            "ad") +
                "\n";
    }
    const TempFile file(text);
    const std::array<std::string_view, 2> names{"account_id", "name"};
    const std::vector<std::string> own{"kept"};
    auto open = [&] {
        io::CsvReader reader(file.path, "t.csv", io::Encoding::utf8, 4096);
        reader.set_header({"account_id", "", "kept", "name"});
        reader.read_only(names, own);
        return reader;
    };
    // Row k on line k + 2: only rows 500 (column 3, kept) and 700 (column 4, name) are bad.
    auto check_row = [](const io::TextTable& t, std::size_t r) {
        const std::uint64_t k = t.line[r] - 2;
        CAPTURE(k);
        REQUIRE(t.has_cells(r));
        CHECK(t.at(r, 0) == "A-" + std::to_string(k));
        CHECK(t.at(r, 1) == "\xFF\xFE");  // the file's bytes, unread
        if (k == 500) {
            CHECK(t.error_column(r) == 2);
            CHECK(t.row_error[r] ==
                  "invalid UTF-8 (byte 0xA3 at character 1); --encoding windows-1252 reads it (Excel's \"CSV (Comma "
                  "delimited)\")");
        } else if (k == 700) {
            CHECK(t.error_column(r) == 3);
            CHECK(t.row_error[r].rfind("invalid UTF-8 (byte 0xFF at character 2)", 0) == 0);
        } else {
            CHECK(t.row_error[r].empty());
            CHECK(t.at(r, 3) ==
                  "Sin\xC3\xA9"
                  "ad");
        }
    };
    {
        io::CsvReader reader = open();
        io::TextTable block;
        std::size_t rows = 0;
        while (reader.next_block(block, 37))
            for (std::size_t r = 0; r < block.rows(); ++r, ++rows) check_row(block, r);
        CHECK(rows == 2000);
    }
    io::CsvReader reader = open();
    std::vector<io::TextTable> set(2);
    ThreadPool pool(2);
    std::size_t rows = 0, split = 0;
    for (std::size_t filled; (filled = reader.next_blocks(set, 100, pool)) > 0;) {
        if (filled > 1) ++split;
        for (std::size_t b = 0; b < filled; ++b)
            for (std::size_t r = 0; r < set[b].rows(); ++r, ++rows) check_row(set[b], r);
    }
    CHECK(rows == 2000);
    CHECK(split > 0);
    std::size_t again = 0;
    REQUIRE(reader.reread(502, [&](const io::TextTable& t) {  // row 500's window: rows 448..511
        for (std::size_t r = 0; r < t.rows(); ++r, ++again) check_row(t, r);
    }));
    CHECK(again == io::CsvReader::checkpoint_rows);

    // Without read_only every column is decoded: the first row is bad in `other` (column 2).
    io::CsvReader all(file.path, "t.csv", io::Encoding::utf8, 4096);
    io::TextTable first;
    REQUIRE(all.next_block(first, 1));
    CHECK(first.error_column(0) == 1);
    CHECK(first.row_error[0].rfind("invalid UTF-8 (byte 0xFF at character 1)", 0) == 0);
}

TEST_CASE("In Windows-1252 only the columns read are decoded; the others are not checked", "[csv][stream][encoding]") {
    // 81 has no character in Windows-1252; A3 is its pound sign. `other` is not read.
    const TempFile file(
        "id,other,note\nW-1,\x81\x8D,\xA3"
        "5\nW-2,\xA3,\x81\n");
    io::CsvReader reader(file.path, "t.csv", io::Encoding::windows_1252, 4096);
    const std::array<std::string_view, 2> names{"id", "note"};
    reader.read_only(names);
    io::TextTable t;
    REQUIRE(reader.next_block(t, 10));
    REQUIRE(t.rows() == 2);
    CHECK(t.row_error[0].empty());
    CHECK(t.at(0, 1) == "\x81\x8D");  // not decoded
    CHECK(t.at(0, 2) ==
          "\xC2\xA3"
          "5");                   // £5 in UTF-8
    CHECK(t.at(1, 1) == "\xA3");  // not decoded
    CHECK(t.error_column(1) == 2);
    CHECK(t.row_error[1] ==
          "invalid Windows-1252 (byte 0x81 at character 1); save the file as UTF-8 (--encoding utf-8)");
}
