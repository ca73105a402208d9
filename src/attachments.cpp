// Ledger rows and payments held for the accounts they belong to (see attachments.hpp): files
// read a set of blocks at a time, parsed on the pool's threads straight into the held rows,
// then chained to their ids in file order by one task while the next set is read.
#include <arrears/io/attachments.hpp>

#include <arrears/io/detail/attached_kinds.hpp>
#include <arrears/io/detail/fields.hpp>
#include <arrears/io/detail/held_rows.hpp>
#include <arrears/io/detail/id_table.hpp>
#include <arrears/io/records.hpp>
#include <arrears/thread_pool.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <unordered_map>

namespace arrears::io {

namespace {

using detail::FieldError;
using detail::HeldRow;
using detail::HeldRows;
using detail::IdTable;

constexpr std::uint32_t none = HeldRow::none;

/// An id's latest row, read as attach() on another thread may be writing it.
std::uint32_t latest_of(const IdTable::Place& e) noexcept {
    // (atomic_ref of a const object comes with C++26; the places are never const objects.)
    return std::atomic_ref<std::uint32_t>(const_cast<std::uint32_t&>(e.value)).load(std::memory_order_relaxed);
}

/// What a file's messages need: "ledger.csv line 5, column 1 (account_id): ".
struct File {
    Attachments::Kind kind;
    std::string source, row_label, id_header;
    int id_column;
    detail::AttachedColumns columns;  // in its kind's order, account_id first
    DateFormat dates;
};

struct Problem {
    std::size_t file;
    std::uint64_t line;
    std::uint64_t row;  // the row's place in the order rows were held
    std::string account_id, problem, message;
    std::string role_message;  // "payments line 9, column 2 (date): ...": for its account's review
};

/// A held row standing for a reported row of a readable account_id (its value: the problem's
/// index), chained to that id like the rows read (§5: its account goes to `review`).
constexpr unsigned reported_kind = 7;

/// The name of a file's role in an account's message: what a council calls the file.
std::string_view role_name(Attachments::Kind kind) noexcept {
    switch (kind) {
    case Attachments::Kind::ledger:
        return "ledger";
    case Attachments::Kind::payments:
        return "payments";
    case Attachments::Kind::mandates:
        break;
    }
    return "mandates";
}

/// A block's rows parsed (on any thread), before they are held in file order. The rows
/// themselves are written where they will be held, rows[base + r] (a row with a problem
/// leaves its place unused), so their memory is first touched on every thread. The
/// account_id is kept as its key (`tag` 0: the row has a problem), the text of an id longer
/// than 8 bytes copied into its chunk's `long_ids` (`text` its offset there << 32 | its
/// length): by the time a block is held, the reader may have refilled the buffer its cells
/// view, reading the next block (CsvReader's contract).
struct Parsed {
    static constexpr std::size_t chunk = 1024;  // rows parsed at a time, on one thread
    struct Entry {
        std::uint64_t hash;
        IdTable::Key key;
        bool reported;  // a malformed row whose account_id could be read (key and hash set)
    };
    struct RowProblem {
        std::size_t row;
        std::string account_id, problem, message, role_message;
    };
    std::size_t base = 0;
    std::vector<Entry> rows;
    std::vector<std::vector<RowProblem>> problems;  // a chunk's
    std::vector<std::string> long_ids;              // a chunk's
};

}  // namespace

struct Attachments::State {
    std::vector<File> files;
    HeldRows rows;
    IdTable ids;  // each id's value: its latest row, the chain running back to its first (none once attached)
    std::vector<Problem> problems;
    std::unordered_map<std::uint32_t, std::uint64_t> rejected;  // an id's place -> its first rejected line
    DateFormat dates = DateFormat::iso;
    std::vector<Parsed> parsed;  // reused block after block

    /// Parses blocks[0..count) of file `file` into parsed[0..count) (their places made) on
    /// the pool's threads.
    void parse_blocks(std::size_t file, const TextTable* blocks, Parsed* out, std::size_t count, ThreadPool& pool);
    /// Rows [from, to) of block `t`, of kind K, into `out` (its chunk's problems and long ids).
    template <class K>
    void parse_rows(const File& f, const TextTable& t, std::size_t from, std::size_t to, Parsed& out,
                    std::vector<Parsed::RowProblem>& chunk_problems, std::string& long_ids);
    /// Chains the rows of a parsed block to their ids, in order, and takes its problems.
    void hold_block(std::size_t file, const TextTable& block, Parsed& in);
    /// Chains row `k` to its id (of hash `h`, key `want`; its text `id`, needed only for a
    /// long id).
    void hold(std::uint64_t h, const IdTable::Key& want, std::string_view id, std::uint32_t k) {
        bool made = false;
        IdTable::Place& e = ids.insert(h, want, id, made);
        rows[k].next = made ? none : e.value;
        e.value = k;
    }
    /// Attachments::prefetch().
    void prefetch(std::uint64_t h, int stage) const noexcept {
        const IdTable::Place* e = ids.home(h);
        if (e == nullptr) return;
        if (stage == 0) return __builtin_prefetch(e);
        // (The first place probed: an id further on is not fetched ahead.)
        if (e->tag >> 4 != (static_cast<std::uint32_t>(h) & IdTable::tag_hash_mask)) return;
        // Another thread may be attaching a different id of the same hash (see attach()).
        const std::uint32_t first = latest_of(*e);
        if (first == none) return;
        if (stage == 1) {
            if (IdTable::is_long(e->tag)) __builtin_prefetch(ids.long_text(*e));
            return __builtin_prefetch(&rows[first]);
        }
        if (const std::uint32_t next = rows[first].next; next != none) __builtin_prefetch(&rows[next]);
    }
    [[nodiscard]] std::string where(std::uint64_t file_line) const {
        const File& f = files[file_line >> 48];
        return row_location(f.source, f.row_label, file_line & HeldRows::max_line, f.id_column, f.id_header);
    }
};

Attachments::Attachments() : state_(std::make_unique<State>()) {}
Attachments::~Attachments() = default;
Attachments::Attachments(Attachments&&) noexcept = default;
Attachments& Attachments::operator=(Attachments&&) noexcept = default;

std::uint64_t Attachments::hash(std::string_view id) noexcept { return IdTable::hash(id); }

bool Attachments::empty() const noexcept { return state_->ids.empty(); }

void Attachments::set_date_format(DateFormat format) noexcept { state_->dates = format; }

void Attachments::add(Kind kind, const TextTable& t, std::string_view source, ThreadPool& pool) {
    add_rows(begin_file(kind, t.header, source, t.row_label), t, pool);
}

std::size_t Attachments::begin_file(Kind kind, const std::vector<std::string>& header, std::string_view source,
                                    std::string_view row_label) {
    State& s = *state_;
    TextTable h;
    h.header = header;
    File f{kind, std::string(source), std::string(row_label), {}, 0, {}, s.dates};
    f.columns.fill(-1);
    detail::with_kind(kind, [&](auto k) {
        std::size_t i = 0;
        for (const char* name : k.required) f.columns[i++] = detail::require_column(h, source, name);
        for (const char* name : k.optional) f.columns[i++] = h.column(name);
    });
    f.id_column = f.columns[0];
    f.id_header = header[static_cast<std::size_t>(f.id_column)];
    if (s.files.size() >= HeldRows::max_files)
        throw std::length_error("arrears: too many ledger, payments and mandates files");
    s.files.push_back(std::move(f));
    return s.files.size() - 1;
}

void Attachments::add_rows(std::size_t file, const TextTable& t, ThreadPool& pool) {
    State& s = *state_;
    if (s.parsed.empty()) s.parsed.resize(1);
    s.parsed[0].base = s.rows.make_room(t.rows());
    s.parse_blocks(file, &t, &s.parsed[0], 1, pool);
    s.hold_block(file, t, s.parsed[0]);
}

std::size_t Attachments::add_file(std::size_t file, const std::function<bool(TextTable&)>& next, ThreadPool& pool) {
    return add_blocks(
        file, [&next](std::span<TextTable> blocks) -> std::size_t { return next(blocks[0]) ? 1 : 0; }, pool);
}

std::size_t Attachments::add_blocks(std::size_t file, const std::function<std::size_t(std::span<TextTable>)>& next,
                                    ThreadPool& pool) {
    State& s = *state_;
    // Two sets of a block a thread: one set is held while the next is read and parsed.
    const std::size_t per_set = pool.size();
    std::vector<TextTable> blocks(2 * per_set);
    if (s.parsed.size() < 2 * per_set) s.parsed.resize(2 * per_set);
    std::size_t rows = 0;
    Task<void> holding;  // destroyed first: an exception waits for it
    for (std::size_t k = 0;; ++k) {
        TextTable* const t = blocks.data() + (k % 2) * per_set;
        Parsed* const p = s.parsed.data() + (k % 2) * per_set;
        const std::size_t count = std::min(next(std::span<TextTable>(t, per_set)), per_set);
        std::size_t n = 0;
        for (std::size_t b = 0; b < count; ++b) n += t[b].rows();
        // The held rows move when they outgrow their room: not while the last set is held.
        if (!s.rows.fits(n) && holding.valid()) holding.get();
        for (std::size_t b = 0; b < count; ++b) p[b].base = s.rows.make_room(t[b].rows());
        if (count > 0) s.parse_blocks(file, t, p, count, pool);
        if (holding.valid()) holding.get();
        if (count == 0) return rows;
        rows += n;
        holding = pool.async([&s, file, t, p, count] {
            for (std::size_t b = 0; b < count; ++b) s.hold_block(file, t[b], p[b]);
        });
    }
}

void Attachments::State::parse_blocks(std::size_t file, const TextTable* blocks, Parsed* parsed_blocks,
                                      std::size_t count, ThreadPool& pool) {
    const File& f = files.at(file);
    constexpr std::size_t chunk = Parsed::chunk;
    // The chunks of every block, numbered one after another.
    std::vector<std::size_t> first_chunk(count + 1, 0);
    for (std::size_t b = 0; b < count; ++b) {
        const std::size_t n = blocks[b].rows();
        const std::size_t chunks = (n + chunk - 1) / chunk;
        Parsed& out = parsed_blocks[b];
        if (out.rows.size() < n) out.rows.resize(n);
        if (out.problems.size() < chunks) {
            out.problems.resize(chunks);
            out.long_ids.resize(chunks);
        }
        first_chunk[b + 1] = first_chunk[b] + chunks;
    }
    pool.for_each_chunk(first_chunk[count], [&](std::size_t c) {
        const std::size_t b = static_cast<std::size_t>(std::upper_bound(first_chunk.begin(), first_chunk.end(), c) -
                                                       first_chunk.begin() - 1);
        const TextTable& t = blocks[b];
        Parsed& out = parsed_blocks[b];
        const std::size_t in_block = c - first_chunk[b];
        auto& chunk_problems = out.problems[in_block];
        std::string& long_ids = out.long_ids[in_block];
        chunk_problems.clear();
        long_ids.clear();
        const std::size_t from = in_block * chunk, to = std::min(t.rows(), from + chunk);
        detail::with_kind(f.kind,
                          [&](auto k) { parse_rows<decltype(k)>(f, t, from, to, out, chunk_problems, long_ids); });
    });
}

/// Sets `e`'s hash and key for the id `id` (a long id's text copied into `long_ids`).
void key_of(std::string_view id, Parsed::Entry& e, std::string& long_ids) {
    e.hash = IdTable::hash(id);
    e.key = IdTable::key(e.hash, id);
    if (IdTable::is_long(e.key.tag)) {
        e.key.text = std::uint64_t{long_ids.size()} << 32 | id.size();
        long_ids += id;
    }
}

template <class K>
void Attachments::State::parse_rows(const File& f, const TextTable& t, std::size_t from, std::size_t to, Parsed& out,
                                    std::vector<Parsed::RowProblem>& chunk_problems, std::string& long_ids) {
    for (std::size_t r = from; r < to; ++r) {
        if (t.line[r] > HeldRows::max_line) throw std::length_error("arrears: a ledger or payments file is too long");
        Parsed::Entry& e = out.rows[r];
        e.reported = false;
        try {
            if (!t.row_error[r].empty()) throw FieldError{t.error_column(r), t.row_error[r]};
            HeldRow row{};
            K::read(t, r, f.columns, f.dates, row);
            row.kind_code = static_cast<std::uint8_t>(static_cast<unsigned>(K::kind) << 5 | row.kind_code);
            rows[out.base + r] = row;
            key_of(detail::field(t, r, f.id_column), e, long_ids);
        } catch (const FieldError& error) {
            e.key.tag = 0;
            // §5: the account_id of a row bad elsewhere is still read (a row bad in one
            // undecodable cell keeps its other cells); it names the account the row was for.
            std::string_view id;
            if (error.column != f.id_column && t.has_cells(r) &&
                (t.row_error[r].empty() || t.error_column(r) != f.id_column))
                id = detail::field(t, r, f.id_column);
            if (!id.empty()) {
                key_of(id, e, long_ids);
                e.reported = true;
            }
            const std::string where = row_location("", t, r, error.column);  // " line 9, column 2 (date): "
            chunk_problems.push_back({r, std::string(id), {}, {}, {}});
            Parsed::RowProblem& p = chunk_problems.back();
            // The problem alone: its column (when one) and what is wrong with it.
            const std::string line_part = " " + t.row_label + " " + std::to_string(t.line[r]);
            p.problem = where.substr(line_part.size());
            if (p.problem.starts_with(", ")) p.problem.erase(0, 2);
            if (p.problem.starts_with(": ")) p.problem.erase(0, 2);
            p.problem += error.message;
            p.message = std::string(f.source) + where + error.message;
            p.role_message = std::string(role_name(f.kind)) + where + error.message;
        }
    }
}

void Attachments::State::hold_block(std::size_t file, const TextTable& t, Parsed& in) {
    // Only the block's own vectors (lines) are read here, never its cells: they view the
    // reader's buffer, which the next block may already have refilled.
    // Each id's place fetched ahead: the table is far larger than cache.
    constexpr std::size_t ahead = 8;
    const std::size_t n = t.rows();
    for (std::size_t r = 0; r < n; ++r)
        if (r == 0 || t.line[r] != t.line[r - 1] + 1) rows.note_line(in.base + r, file, t.line[r]);
    // The block's problems, in row order; a reported row of a readable id takes its unused
    // place among the rows as a marker holding the problem's index, chained below.
    for (std::size_t c = 0; c < (n + Parsed::chunk - 1) / Parsed::chunk; ++c)
        for (Parsed::RowProblem& p : in.problems[c]) {
            if (in.rows[p.row].reported) {
                HeldRow marker{};
                marker.value = static_cast<std::int64_t>(problems.size());
                marker.kind_code = static_cast<std::uint8_t>(reported_kind << 5);
                rows[in.base + p.row] = marker;
            }
            problems.push_back({file, t.line[p.row], in.base + p.row, std::move(p.account_id), std::move(p.problem),
                                std::move(p.message), std::move(p.role_message)});
        }
    for (std::size_t r = 0; r < n; ++r) {
        for (int stage = 0; stage < 2; ++stage)
            if (const std::size_t at = r + static_cast<std::size_t>(2 - stage) * ahead; at < n)
                prefetch(in.rows[at].hash, stage);
        const Parsed::Entry& e = in.rows[r];
        if (e.key.tag == 0 && !e.reported) continue;  // (its problem was taken above)
        std::string_view id;
        if (IdTable::is_long(e.key.tag))
            id = std::string_view(in.long_ids[r / Parsed::chunk]).substr(e.key.text >> 32, e.key.text & 0xFFFFFFFF);
        hold(e.hash, e.key, id, static_cast<std::uint32_t>(in.base + r));
    }
}

void Attachments::reserve(std::size_t rows) {
    State& s = *state_;
    s.rows.reserve(rows);
    // About two rows an id: one table from the start, not rehashed as it fills (the table
    // does not trust an estimate past its largest: a too-large estimate must not stop a run
    // before a row is read).
    s.ids.reserve(s.ids.size() + rows / 2);
}

void Attachments::prefetch(std::uint64_t h, int stage) const noexcept { state_->prefetch(h, stage); }

void Attachments::attach(Account& a, std::uint64_t id_hash) {
    State& s = *state_;
    IdTable::Place* e = s.ids.empty() ? nullptr : s.ids.find(id_hash, a.id);
    // `value` is read and written atomically: prefetch() on another thread may read it.
    const std::uint32_t first = e == nullptr ? none : latest_of(*e);
    if (first == none) return;
    // The chain runs from the last row to the first: counted, then written from the back, so
    // the rows come out in file order.
    std::array<std::size_t, detail::attached_kinds> at{};
    std::size_t reported = 0;
    for (std::uint32_t k = first; k != none; k = s.rows[k].next)
        if (s.rows[k].kind() == reported_kind)
            ++reported;
        else
            ++at[s.rows[k].kind()];
    detail::for_each_kind([&](auto kind) {
        auto& into = decltype(kind)::of(a);
        std::size_t& n = at[static_cast<std::size_t>(decltype(kind)::kind)];
        n += into.size();
        into.resize(n);
    });
    const std::size_t had = a.reported.size();
    a.reported.resize(had + reported);
    for (std::uint32_t k = first; k != none; k = s.rows[k].next)
        if (s.rows[k].kind() == reported_kind)
            a.reported[had + --reported] = s.problems[static_cast<std::size_t>(s.rows[k].value)].role_message;
        else
            detail::put_held(s.rows[k], a, at);
    std::atomic_ref<std::uint32_t>(e->value).store(none, std::memory_order_relaxed);
}

void Attachments::rejected(const std::string& id, std::uint64_t line) {
    State& s = *state_;
    if (id.empty()) return;
    if (const IdTable::Place* e = s.ids.find(hash(id), id))
        s.rejected.emplace(static_cast<std::uint32_t>(s.ids.index_of(*e)), line);
}

std::vector<ReportedRow> Attachments::finish() {
    State& s = *state_;
    // (The table's order: the problems are sorted by file, line and row below.)
    for (std::size_t i = 0; i < s.ids.places(); ++i) {
        const IdTable::Place& e = s.ids.place(i);
        if (e.tag == 0) continue;
        const std::string_view id = s.ids.text(e);
        const auto bad = e.value == none ? s.rejected.end() : s.rejected.find(static_cast<std::uint32_t>(i));
        for (std::uint32_t k = e.value; k != none; k = s.rows[k].next) {
            if (s.rows[k].kind() == reported_kind) continue;  // (reported as malformed already)
            const std::uint64_t at = s.rows.file_line(k);
            const std::size_t file = at >> 48;
            std::string problem;
            if (bad != s.rejected.end())
                problem = "account_id " + quote_text(id) + " was rejected (accounts " + s.files[file].row_label + " " +
                          std::to_string(bad->second) + "); row not used";
            else
                problem = "unknown account_id " + quote_text(id);
            std::string m = s.where(at) + problem;
            s.problems.push_back(
                {file, at & HeldRows::max_line, k, std::string(id), std::move(problem), std::move(m), {}});
        }
    }
    // (Rows held in the order read: equal lines, e.g. a frame's repeated index labels, keep it.)
    std::stable_sort(s.problems.begin(), s.problems.end(), [](const Problem& a, const Problem& b) {
        if (a.file != b.file) return a.file < b.file;
        return a.line != b.line ? a.line < b.line : a.row < b.row;
    });
    std::vector<ReportedRow> out;
    out.reserve(s.problems.size());
    for (Problem& p : s.problems)
        out.push_back(
            {s.files[p.file].source, p.line, std::move(p.account_id), std::move(p.problem), std::move(p.message)});
    s.problems.clear();
    return out;
}

}  // namespace arrears::io
