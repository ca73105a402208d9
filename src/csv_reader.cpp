// CsvReader (see csv.hpp): a file read a block of rows at a time through a bounded buffer.
// A record the buffer's end cuts is abandoned (detail::NeedMore) and parsed again from its
// start once the buffer is refilled, so rows, lines and messages are those of the whole text.
#include <arrears/io/csv.hpp>
#include <arrears/io/detail/csv_parser.hpp>
#include <arrears/io/detail/memory.hpp>

#include <arrears/error.hpp>
#include <arrears/thread_pool.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace arrears::io {

namespace {

constexpr std::size_t default_buffer = std::size_t{8} << 20;

// Reads into [data, data + n) from `at` (a regular file) or from where the pipe is; the bytes
// read, fewer only at the end of the file. Throws InputError on a read error.
std::size_t read_some(int fd, bool regular, char* data, std::size_t n, std::uint64_t at, const std::string& src) {
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r =
            regular ? ::pread(fd, data + got, n - got, static_cast<off_t>(at + got)) : ::read(fd, data + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) throw InputError(src + ": cannot read: " + std::strerror(errno));
        if (r == 0) break;
        got += static_cast<std::size_t>(r);
    }
    return got;
}

// One pass over the file: its text in a buffer that holds [offset, offset + len) of it, and
// the parser reading that text. The main pass and the passes that read rows again are each one.
struct Cursor {
    int fd;
    bool regular;
    const std::string* source;
    std::unique_ptr<char[]> buf;
    std::size_t cap = 0;
    std::size_t len = 0;
    std::uint64_t offset = 0;  // the file offset of buf[0]
    bool eof = false;
    std::optional<detail::CsvParser> parser;
    Encoding encoding = Encoding::utf8;
    const std::vector<char>* decode = nullptr;  // the columns decoded (CsvReader::read_only), null: all
    int one_column = -1;                        // CsvReader::read_one_column's, -1: every column
    // Rows given so far and the bytes they took (blank lines too): how long a piece of text
    // next_blocks() gives each thread.
    std::uint64_t rows_read = 0, bytes_read = 0;
    // (A cache line each: the threads append to their own marks row after row, and vectors
    // side by side would share a line between them.)
    struct alignas(64) PieceState {
        std::vector<detail::CsvParser::Mark> marks;
        detail::CsvParser::Mark stop{};
    };
    std::vector<PieceState> piece_state;  // next_blocks()' pieces, reused
    // The main pass's bytes, each once and in order, as they are read (CsvReader::ReadHook).
    const CsvReader::ReadHook* on_read = nullptr;
    std::uint64_t bytes_in = 0;  // read so far by refill()

    Cursor(int fd_, bool regular_, const std::string& src, std::size_t bytes, std::uint64_t at)
        : fd(fd_), regular(regular_), source(&src), buf(new char[bytes]), cap(bytes), offset(at) {
        // Megabytes first touched by the first read: huge pages fault once for each 2 MiB.
        detail::advise_huge_pages(buf.get(), bytes);
    }

    const char* end() const noexcept { return buf.get() + len; }
    std::uint64_t offset_of(const char* p) const noexcept { return offset + static_cast<std::uint64_t>(p - buf.get()); }

    // Keeps the text from `keep` on (moved to the front; the buffer doubles when that text
    // fills it) and reads more after it. The parser continues at `keep`.
    void refill(detail::CsvParser::Mark keep) {
        const std::size_t from = static_cast<std::size_t>(keep.at - buf.get());
        if (from == 0 && len == cap) {
            std::unique_ptr<char[]> bigger(new char[cap * 2]);
            detail::advise_huge_pages(bigger.get(), cap * 2);
            std::memcpy(bigger.get(), buf.get(), len);
            buf = std::move(bigger);
            cap *= 2;
        } else if (from > 0) {
            std::memmove(buf.get(), buf.get() + from, len - from);
            len -= from;
            offset += from;
        }
        const std::size_t got = read_some(fd, regular, buf.get() + len, cap - len, offset + len, *source);
        if (got > 0 && on_read && *on_read) (*on_read)(std::string_view(buf.get() + len, got));
        bytes_in += got;
        len += got;
        eof = len < cap;
        keep.at = buf.get();
        parser->reset(keep, end(), eof);
    }

    // Up to max_rows further rows into `block` (fewer where the buffer ends), calling
    // at_row(mark) with where each row it keeps starts. False when none were left.
    template <class AtRow>
    bool next_block(TextTable& block, std::size_t max_rows, AtRow&& at_row) {
        const std::uint64_t from = offset_of(parser->mark().at);
        const bool any = next_rows(block, max_rows, at_row);
        bytes_read += offset_of(parser->mark().at) - from;
        rows_read += block.rows();
        return any;
    }

    // As next_block() into blocks[0], blocks[1], ... (the blocks of one call together hold
    // the same rows, lines and messages as next_block() calls would): text with no quote in
    // it is cut after line ends into pieces of about max_rows rows (judged from the rows read
    // so far), and the pieces are split into rows on the pool's threads. Every record of such
    // text is one line, so each piece reads alone exactly what the whole text gives. Returns
    // the blocks filled (the first ones), 0 when no rows were left.
    template <class AtRow>
    std::size_t next_blocks(std::span<TextTable> blocks, std::size_t max_rows, ThreadPool& pool, AtRow&& at_row) {
        const std::size_t pieces = blocks.size();
        if (pieces < 2 || pool.size() < 2 || rows_read == 0 || max_rows == 0)
            return next_block(blocks[0], max_rows, at_row) ? 1 : 0;
        if (const auto m = parser->mark(); !eof && static_cast<std::size_t>(end() - m.at) < cap / 4) refill(m);
        const detail::CsvParser::Mark start = parser->mark();
        // Whole lines only: up to the last line end unless the text ends the file.
        const char* cut = end();
        if (!eof) {
            const void* nl = ::memrchr(start.at, '\n', static_cast<std::size_t>(end() - start.at));
            if (nl == nullptr) return next_block(blocks[0], max_rows, at_row) ? 1 : 0;
            cut = static_cast<const char*>(nl) + 1;
        }
        // Each piece ends after the first line end at least `piece` bytes into it.
        const std::uint64_t per_row = std::max<std::uint64_t>(1, bytes_read / rows_read);
        const std::size_t piece = static_cast<std::size_t>(std::max<std::uint64_t>(1, per_row * max_rows / 8 * 7));
        std::vector<const char*> at(pieces + 1, cut);
        at[0] = start.at;
        for (std::size_t i = 1; i <= pieces; ++i) {
            if (static_cast<std::size_t>(cut - at[i - 1]) <= piece) break;
            const char* want = at[i - 1] + piece;
            const void* nl = std::memchr(want, '\n', static_cast<std::size_t>(cut - want));
            at[i] = nl ? static_cast<const char*>(nl) + 1 : cut;
        }
        if (at[pieces] == start.at || std::memchr(start.at, '"', static_cast<std::size_t>(at[pieces] - start.at)))
            return next_block(blocks[0], max_rows, at_row) ? 1 : 0;
        // Each piece read alone; the lines of a piece after the first counted from 1, then moved on.
        if (piece_state.size() < pieces) piece_state.resize(pieces);
        pool.for_each_chunk(pieces, [&](std::size_t i) {
            TextTable& b = blocks[i];
            b.clear_rows();
            auto& marks = piece_state[i].marks;
            marks.clear();
            detail::CsvParser p(at[i], at[i + 1], true, b, encoding);
            if (i == 0) p.reset(start, at[1], true);
            const bool ascii = detail::all_ascii(at[i], at[i + 1]);
            p.set_ascii(ascii);
            p.set_decode(decode);
            // One column only (CsvReader::read_one_column): a line of this text (ASCII, no
            // quote) with no carriage return is one record, its fields the text between commas.
            const bool one =
                one_column >= 0 && ascii && !std::memchr(at[i], '\r', static_cast<std::size_t>(at[i + 1] - at[i]));
            while (b.rows() < max_rows) {
                const detail::CsvParser::Mark m = p.mark();
                if (one && one_column_row(p, m, at[i + 1], b)) {
                    marks.push_back(m);
                    continue;
                }
                if (!detail::read_row(p, b)) break;
                marks.push_back(m);
            }
            piece_state[i].stop = p.mark();
        });
        std::size_t filled = 0, rows = 0;
        detail::CsvParser::Mark stop = start;
        for (std::size_t i = 0; i < pieces; ++i) {
            auto& [marks, end_of] = piece_state[i];
            const std::uint64_t shift = i == 0 ? 0 : stop.line - 1;
            TextTable& b = blocks[i];
            for (std::uint64_t& l : b.line) l += shift;
            stop = {end_of.at, end_of.line + shift};
            if (b.rows() > 0) {
                for (const auto& m : marks) at_row(detail::CsvParser::Mark{m.at, m.line + shift});
                rows += b.rows();
                if (filled != i) std::swap(blocks[filled], b);
                ++filled;
            }
            if (stop.at != at[i + 1]) {  // the piece held more than max_rows: the rest is read again
                for (std::size_t j = i + 1; j < pieces; ++j) blocks[j].clear_rows();
                break;
            }
        }
        parser->reset(stop, this->end(), eof);
        bytes_read += static_cast<std::uint64_t>(stop.at - start.at);
        rows_read += rows;
        if (filled == 0) return next_block(blocks[0], max_rows, at_row) ? 1 : 0;  // only blank lines
        return filled;
    }

    // The record at `m` (a line of text with no quote, no carriage return and only ASCII
    // bytes, ending at `end` at the latest) into `block` with only its cell of column
    // `one_column` (the others empty), when it is a row read_row() reads whole and well: one
    // field per header column, that cell not empty once trimmed (so the row is not blank).
    // Then `p` moves past it; else nothing is done (read_row() reads it, as any other record).
    bool one_column_row(detail::CsvParser& p, const detail::CsvParser::Mark& m, const char* end,
                        TextTable& block) const {
        const std::size_t width = block.width(), col = static_cast<std::size_t>(one_column);
        const char* const s = m.at;
        const void* nl = std::memchr(s, '\n', static_cast<std::size_t>(end - s));
        const char* const e = nl ? static_cast<const char*>(nl) : end;
        if (e == s) return false;
        // The commas of the line, 8 bytes at a time (ASCII: a byte's top bit is clear, so
        // adding 0x7F to each byte carries into no other).
        std::size_t commas = 0;
        const char* q = s;
        for (; e - q >= 8; q += 8) {
            std::uint64_t w;
            std::memcpy(&w, q, 8);
            const std::uint64_t zero = ~((w ^ 0x2C2C2C2C2C2C2C2Cull) + 0x7F7F7F7F7F7F7F7Full) & 0x8080808080808080ull;
            commas += static_cast<std::size_t>(((zero >> 7) * 0x0101010101010101ull) >> 56);
        }
        for (; q < e; ++q) commas += *q == ',' ? 1 : 0;
        if (commas + 1 != width) return false;  // a ragged row: read_row() reports it
        const char* cell = s;
        for (std::size_t k = 0; k < col; ++k)
            cell = static_cast<const char*>(std::memchr(cell, ',', static_cast<std::size_t>(e - cell))) + 1;
        const void* comma = std::memchr(cell, ',', static_cast<std::size_t>(e - cell));
        const char* const cell_end = comma ? static_cast<const char*>(comma) : e;
        const std::string_view id = trim_cell(std::string_view(cell, static_cast<std::size_t>(cell_end - cell)));
        if (id.empty()) return false;
        const std::size_t first = block.cells.size();
        block.line.push_back(m.line);
        block.row_error.emplace_back();
        block.first_cell.push_back(first);
        block.cells.resize(first + width);
        block.cells[first + col] = id;
        p.reset(nl ? detail::CsvParser::Mark{e + 1, m.line + 1} : detail::CsvParser::Mark{e, m.line}, end, true);
        return true;
    }

    // next_block()'s reading.
    template <class AtRow>
    bool next_rows(TextTable& block, std::size_t max_rows, AtRow&& at_row) {
        block.clear_rows();
        parser->set_table(block);
        // Refill while nothing views the buffer, so that few blocks are cut short.
        if (const auto m = parser->mark(); !eof && static_cast<std::size_t>(end() - m.at) < cap / 4) refill(m);
        while (block.rows() < max_rows) {
            const detail::CsvParser::Mark m = parser->mark();
            const std::size_t stored = block.storage.size();
            try {
                if (!detail::read_row(*parser, block)) break;
            } catch (const detail::NeedMore&) {
                parser->reset(m, end(), eof);
                while (block.storage.size() > stored) block.storage.pop_back();
                if (block.rows() > 0) break;  // the row is read again, whole, by the next call
                refill(m);
                continue;
            }
            at_row(m);
        }
        return block.rows() > 0;
    }
};

// The first NUL byte's offset in the regular file, or -1; a pipe is checked once read whole.
std::int64_t find_nul(int fd, char* scratch, std::size_t n, const std::string& src) {
    std::uint64_t at = 0;
    for (;;) {
        const std::size_t got = read_some(fd, true, scratch, n, at, src);
        if (const void* z = std::memchr(scratch, '\0', got))
            return static_cast<std::int64_t>(at + static_cast<std::size_t>(static_cast<const char*>(z) - scratch));
        if (got < n) return -1;
        at += got;
    }
}

// Throws check_no_nul's InputError for the NUL byte at `nul`, counting the lines before it.
[[noreturn]] void throw_nul(int fd, char* scratch, std::size_t n, std::uint64_t nul, const std::string& src) {
    std::uint64_t lines = 0;
    for (std::uint64_t at = 0;;) {
        const std::size_t got = read_some(fd, true, scratch, n, at, src);
        if (at + got > nul)
            detail::check_no_nul(std::string_view(scratch, static_cast<std::size_t>(nul - at) + 1), lines, src);
        lines += static_cast<std::uint64_t>(std::count(scratch, scratch + got, '\n'));
        at += got;
        if (got < n) throw std::logic_error("throw_nul: the NUL byte is gone");
    }
}

struct Checkpoint {
    std::uint64_t line;
    std::uint64_t offset;
};

}  // namespace

struct CsvReader::State {
    std::string source;  // (here, where a move of the reader leaves it)
    int fd = -1;
    bool regular = false;
    std::uint64_t size = 0;
    Encoding encoding = Encoding::utf8;
    TextTable header_table;
    std::vector<std::string> own;  // the header as the file has it (before set_header)
    std::vector<char> decode;      // read_only's columns
    std::optional<Cursor> main;
    std::optional<Cursor> again;  // reading rows again (reread)
    std::vector<Checkpoint> checkpoints;
    std::uint64_t rows = 0;  // rows next_block gave so far
    ReadHook on_read;
    struct stat opened {};  // a regular file's size and time when it was opened

    State() = default;
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ~State() {
        if (fd >= 0) ::close(fd);
    }
};

CsvReader::CsvReader(const std::string& path, std::string_view source, Encoding encoding, std::size_t buffer_bytes,
                     ReadHook on_read)
    : source_(source.empty() ? path : std::string(source)), state_(std::make_unique<State>()) {
    State& s = *state_;
    s.source = source_;
    s.encoding = encoding;
    s.on_read = std::move(on_read);
    s.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (s.fd < 0) throw InputError(source_ + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(s.fd, &st) == 0 && S_ISDIR(st.st_mode)) throw InputError(source_ + ": is a folder, not a file");
    s.regular = S_ISREG(st.st_mode);
    Cursor& c = s.main.emplace(s.fd, s.regular, s.source,
                               std::max<std::size_t>(buffer_bytes ? buffer_bytes : default_buffer, 16), 0);
    c.encoding = encoding;
    c.on_read = &s.on_read;
    std::int64_t nul = -1;
    if (s.regular) {
        s.opened = st;
        s.size = static_cast<std::uint64_t>(st.st_size);
        ::posix_fadvise(s.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        nul = find_nul(s.fd, c.buf.get(), std::min<std::size_t>(c.cap, std::size_t{256} << 10), source_);
    }
    // The first fill; a pipe is read whole (the buffer doubling), as read_csv_file reads it.
    c.parser.emplace(c.buf.get(), c.buf.get(), false, s.header_table, encoding);
    do c.refill(c.parser->mark());
    while (!s.regular && !c.eof);
    const std::string_view all(c.buf.get(), c.len);
    const std::string_view text = detail::skip_bom(all, source_);  // a UTF-16 mark is named before a NUL
    if (nul >= 0) throw_nul(s.fd, c.buf.get(), c.cap, static_cast<std::uint64_t>(nul), source_);
    if (!s.regular) {
        detail::check_no_nul(text, 0, source_);
        s.size = c.len;
    }
    detail::CsvParser::Mark start{text.data(), 1};
    c.parser->reset(start, c.end(), c.eof);
    for (;;) {
        try {
            detail::read_header(*c.parser, s.header_table, source_);
            break;
        } catch (const detail::NeedMore&) {  // a header longer than the buffer
            s.header_table.header.clear();
            s.header_table.storage.clear();
            c.refill(start);
            start = c.parser->mark();
        }
    }
    s.own = s.header_table.header;
}

CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

std::size_t CsvReader::size_bytes() const noexcept { return static_cast<std::size_t>(state_->size); }

std::size_t CsvReader::estimated_rows() const noexcept {
    const Cursor& c = *state_->main;
    const char* from = c.parser->mark().at;  // after the header, before any row is read
    if (c.eof) return static_cast<std::size_t>(std::count(from, c.end(), '\n')) + 1;
    // The first MiB of rows is a fair sample (an estimate short of the rows only costs the
    // index a growth).
    const char* to = c.end() - from > (1 << 20) ? from + (1 << 20) : c.end();
    // Lines per byte of the sample times the file's bytes, plus a tenth, in whole numbers
    // (quotient and remainder apart, so no product passes 64 bits).
    const auto lines = static_cast<std::uint64_t>(std::count(from, to, '\n') + 1);
    const auto sample = static_cast<std::uint64_t>(std::max<std::ptrdiff_t>(1, to - from));
    const auto size = static_cast<std::uint64_t>(state_->size);
    const std::uint64_t estimate = size / sample * lines + size % sample * lines / sample;
    return static_cast<std::size_t>(estimate + estimate / 10) + 16;
}

const std::vector<std::string>& CsvReader::header() const noexcept { return state_->header_table.header; }

void CsvReader::set_header(std::vector<std::string> header) {
    State& s = *state_;
    s.header_table.header = std::move(header);
    if (s.header_table.header != s.own)
        s.header_table.own_header = s.own;
    else
        s.header_table.own_header.clear();
}

void CsvReader::read_only(std::span<const std::string_view> names, std::span<const std::string> own_names) {
    State& s = *state_;
    s.decode = columns_read(header(), s.own, names, own_names);
    s.main->decode = &s.decode;
    s.main->parser->set_decode(&s.decode);
}

bool CsvReader::next_block(TextTable& block, std::size_t max_rows) {
    State& s = *state_;
    if (block.header != header()) block.header = header();
    if (block.own_header != s.header_table.own_header) block.own_header = s.header_table.own_header;
    return s.main->next_block(block, max_rows, [&](const detail::CsvParser::Mark& m) {
        if (s.regular && s.rows % checkpoint_rows == 0) s.checkpoints.push_back({m.line, s.main->offset_of(m.at)});
        ++s.rows;
    });
}

std::size_t CsvReader::next_blocks(std::span<TextTable> blocks, std::size_t max_rows, ThreadPool& pool) {
    if (blocks.empty()) return 0;
    State& s = *state_;
    for (TextTable& b : blocks) {
        if (b.header != header()) b.header = header();
        if (b.own_header != s.header_table.own_header) b.own_header = s.header_table.own_header;
    }
    return s.main->next_blocks(blocks, max_rows, pool, [&](const detail::CsvParser::Mark& m) {
        if (s.regular && s.rows % checkpoint_rows == 0) s.checkpoints.push_back({m.line, s.main->offset_of(m.at)});
        ++s.rows;
    });
}

void CsvReader::read_one_column(std::size_t column) {
    state_->main->one_column = column < header().size() ? static_cast<int>(column) : -1;
}

bool CsvReader::rereadable() const noexcept { return state_->regular; }

void CsvReader::check_unchanged() const {
    const State& s = *state_;
    if (!s.regular) return;
    struct stat now {};
    const bool same = ::fstat(s.fd, &now) == 0 && now.st_size == s.opened.st_size &&
                      now.st_mtim.tv_sec == s.opened.st_mtim.tv_sec &&
                      now.st_mtim.tv_nsec == s.opened.st_mtim.tv_nsec &&
                      (!s.main->eof || s.main->bytes_in == static_cast<std::uint64_t>(s.opened.st_size));
    if (!same)
        throw InputError(source_ +
                         ": the file changed while the run was reading it; run again when nothing is "
                         "writing it");
}

bool CsvReader::reread(std::uint64_t line, const std::function<void(const TextTable&)>& each) {
    State& s = *state_;
    const auto after = std::upper_bound(s.checkpoints.begin(), s.checkpoints.end(), line,
                                        [](std::uint64_t l, const Checkpoint& c) { return l < c.line; });
    if (after == s.checkpoints.begin()) return false;
    const Checkpoint& from = *(after - 1);
    // The window's text ends where the next window starts, or where the main pass stands:
    // every record of the window ended there, so that text read as a whole gives the same
    // records, and a quote that never closes costs the window, not the rest of the file
    // (read again at every duplicate, that was quadratic).
    const std::uint64_t to =
        after != s.checkpoints.end() ? after->offset : s.main->offset_of(s.main->parser->mark().at);
    const auto bytes = static_cast<std::size_t>(to > from.offset ? to - from.offset : 0);
    // A window of rows is a few KiB: a small buffer, made larger only for a longer window and
    // smaller again after one.
    if (!s.again || s.again->cap < bytes || s.again->cap > std::max<std::size_t>(bytes * 4, std::size_t{64} << 10))
        s.again.emplace(s.fd, true, s.source, std::max<std::size_t>(bytes, std::size_t{4} << 10), from.offset);
    Cursor& c = *s.again;
    c.offset = from.offset;
    c.len = read_some(s.fd, true, c.buf.get(), bytes, from.offset, s.source);
    c.eof = true;
    TextTable rows;
    rows.header = header();
    rows.own_header = s.header_table.own_header;
    if (!c.parser) c.parser.emplace(c.buf.get(), c.buf.get(), true, rows, s.encoding);
    c.decode = s.main->decode;
    c.parser->set_decode(c.decode);
    c.parser->reset({c.buf.get(), from.line}, c.end(), true);
    for (std::size_t left = checkpoint_rows; left > 0 && c.next_block(rows, left, [](const auto&) {});) {
        left -= rows.rows();
        each(rows);
    }
    return true;
}

std::uint64_t CsvReader::rows_read() const noexcept { return state_->rows; }

std::uint64_t CsvReader::read_rows(std::uint64_t first, std::uint64_t last, TextTable& rows,
                                   std::vector<char>& buffer) const {
    const State& s = *state_;
    rows.clear_rows();
    if (rows.header != header()) rows.header = header();
    if (first >= last) return first;
    if (!s.regular || last > s.rows) throw std::logic_error("CsvReader::read_rows: rows not read before");
    // Checkpoint k is row k * checkpoint_rows; the text runs to the checkpoint after the last
    // row, or to where the main pass stands: every record of it ended there (as reread()).
    const std::uint64_t k = first / checkpoint_rows;
    const std::uint64_t after = (last + checkpoint_rows - 1) / checkpoint_rows;
    const Checkpoint& from = s.checkpoints[static_cast<std::size_t>(k)];
    const std::uint64_t to = after < s.checkpoints.size() ? s.checkpoints[static_cast<std::size_t>(after)].offset
                                                          : s.main->offset_of(s.main->parser->mark().at);
    const auto bytes = static_cast<std::size_t>(to > from.offset ? to - from.offset : 0);
    buffer.resize(std::max<std::size_t>(bytes, 1));
    const std::size_t got = read_some(s.fd, true, buffer.data(), bytes, from.offset, s.source);
    const char* text = buffer.data();
    detail::CsvParser p(text, text + got, true, rows, s.encoding);
    p.reset({text, from.line}, text + got, true);
    p.set_ascii(detail::all_ascii(text, text + got));
    p.set_decode(s.main->decode);
    const std::uint64_t want = last - k * checkpoint_rows;
    while (rows.rows() < want && detail::read_row(p, rows)) {}
    return k * checkpoint_rows;
}

}  // namespace arrears::io
