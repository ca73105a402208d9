// PlanOfRecordStore (see plan_of_record.hpp): the plan of record indexed by account, each
// account's rows read again and parsed when it is asked for.
#include <arrears/io/plan_of_record.hpp>

#include <arrears/thread_pool.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <limits>
#include <mutex>
#include <stdexcept>

namespace arrears::io {

namespace {

constexpr std::size_t schedule = 0, summary = 1;
// An entry's flags: its rows parsed (their problems recorded), a row of it read, a row of
// the accounts file names it.
constexpr std::uint8_t parsed = 1, named = 2, seen_flag = 4;
// An entry's rows in one file: [first, first + count), or, count `spread`, listed apart.
constexpr std::uint32_t spread = std::numeric_limits<std::uint32_t>::max();
// Accounts a thread gathers at a time.
constexpr std::size_t gather_chunk = 512;
// Rows apart that two accounts' rows are read in one go (a checkpoint of CsvReader).
constexpr std::uint64_t gap_rows = CsvReader::checkpoint_rows;

int required(const std::vector<std::string>& header, const char* name, const std::string& source) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    throw InputError(source + " has no column '" + name + "'");
}
// The account_id of row `r` that could not be read whole (a row_error), or empty: a ragged
// row's field at the account_id column's place, or the cell of a row with another bad cell.
std::string_view id_of_bad_row(const TextTable& t, std::size_t r, std::size_t id_col) {
    if (t.has_cells(r)) return t.error_column(r) == static_cast<int>(id_col) ? std::string_view() : t.at(r, id_col);
    return t.ragged_field(r, id_col).value_or(std::string_view());
}
// A count cell (the summary's missed_count, §9): digits only, 0 or more.
int parse_count(std::string_view text) {
    int n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.front() == '-' || error != std::errc() || end != text.data() + text.size())
        throw InputError("invalid count " + quote_text(text) + ": expected a whole number of collections, 0 or more");
    return n;
}
int optional_column(const std::vector<std::string>& header, const char* name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

}  // namespace

struct PlanOfRecordStore::Impl {
    struct Entry {
        std::uint32_t first[2] = {0, 0};
        std::uint32_t count[2] = {0, 0};
    };
    std::array<Input, 2> in;
    std::array<bool, 2> added{false, false};
    std::array<std::uint64_t, 2> rows{0, 0};
    // The schedule's account_id, due_date, collection_date, regular_amount, recovery_amount,
    // total_amount, arrears_after; the summary's account_id, status, message, missed_count,
    // missed_amount, paid_amount, arrears (-1: an optional column absent).
    std::array<int, 7> sc{}, mc{};
    detail::IdTable ids;
    std::vector<Entry> entries;
    std::vector<std::uint32_t> place_of;                                              // an entry's place in `ids`
    std::array<std::vector<std::pair<std::uint32_t, std::uint32_t>>, 2> spread_rows;  // (entry, row), sorted
    std::unique_ptr<std::atomic<std::uint8_t>[]> flags;
    std::vector<PlanProblem> orphans;  // rows of no account, found by the first pass
    mutable std::mutex problems_lock;
    mutable std::vector<PlanProblem> problems;

    // ---- the first pass ----------------------------------------------------------------
    std::string last_id;  // the id of the row before (an account's rows are mostly together)
    // index_rows's: by row of a block, its account's hash, or `none` when the row is bad or
    // of the row before's account.
    static constexpr std::uint64_t none = ~std::uint64_t{0};
    std::vector<std::uint64_t> heads;
    std::uint32_t last_entry = spread;

    // `hash`: the id's hash, or null to work it out.
    void note(std::size_t f, std::uint64_t row, std::string_view id, const std::uint64_t* hash = nullptr) {
        std::uint32_t e = last_entry;
        if (e == spread || id != last_id) {
            const std::uint64_t h = hash ? *hash : detail::IdTable::hash(id);
            bool made = false;
            detail::IdTable::Place& p = ids.insert(h, detail::IdTable::key(h, id), id, made);
            if (made) {
                p.value = static_cast<std::uint32_t>(entries.size());
                entries.emplace_back();
            }
            e = last_entry = p.value;
            last_id.assign(id);
        }
        Entry& x = entries[e];
        const auto r = static_cast<std::uint32_t>(row);
        if (x.count[f] == 0) {
            x.first[f] = r, x.count[f] = 1;
        } else if (x.count[f] != spread && x.first[f] + x.count[f] == r) {
            ++x.count[f];
        } else {
            if (x.count[f] != spread) {
                for (std::uint32_t k = 0; k < x.count[f]; ++k) spread_rows[f].emplace_back(e, x.first[f] + k);
                x.count[f] = spread;
            }
            spread_rows[f].emplace_back(e, r);
        }
    }

    void index_rows(std::size_t f, const TextTable& t, std::uint64_t base) {
        const auto id_col = static_cast<std::size_t>(f == schedule ? sc[0] : mc[0]);
        if (base + t.rows() >= spread) throw InputError(in[f].source + ": more than 4,294,967,294 rows");
        // The hash of each readable row whose account is not the row before's, worked out
        // first, so that its place in the table is fetched `ahead` rows before it is needed
        // (a place is a cache miss: the table is tens of MiB, its accounts' places at random).
        constexpr std::size_t ahead = 32;
        auto good = [&](std::size_t r) { return t.row_error[r].empty() && t.has_cells(r); };
        heads.assign(t.rows(), none);
        for (std::size_t r = 0; r < t.rows(); ++r)
            if (good(r) && (r == 0 || !good(r - 1) || t.at(r, id_col) != t.at(r - 1, id_col)))
                heads[r] = detail::IdTable::hash(t.at(r, id_col));
        for (std::size_t r = 0; r < t.rows(); ++r) {
            if (r + ahead < t.rows() && heads[r + ahead] != none) __builtin_prefetch(ids.home(heads[r + ahead]));
            if (!t.row_error[r].empty() || !t.has_cells(r)) {
                // A bad row whose account_id can still be read (a ragged row's field, or the
                // cell of a row with one undecodable cell) is that account's: reported when
                // its rows are read, and its account goes to review (§5, §15).
                const std::string_view id = id_of_bad_row(t, r, id_col);
                if (!id.empty()) {
                    note(f, base + r, id);
                    continue;
                }
                orphans.push_back(problem(f, t, r, base + r, t.error_column(r), t.row_error[r], {}));
                continue;
            }
            note(f, base + r, t.at(r, id_col), heads[r] != none ? &heads[r] : nullptr);
        }
    }

    // The id table made large enough, once, for the accounts of a file of about `estimate`
    // rows (CsvReader::estimated_rows: rather more than fewer) whose first `rows_so_far` rows
    // named `fresh` accounts not seen before, so that it is not rehashed as it fills (every
    // id moved, the pages of each larger table cleared; the entries likewise copied). Only
    // when the rows are mostly together by account (two or more an account, as a schedule's
    // are): rows of one an account, or in no order, grow the table as they come, so it is
    // never made larger than their ids.
    void reserve_ids(std::size_t estimate, std::uint64_t rows_so_far, std::size_t fresh) {
        if (rows_so_far == 0 || fresh * 2 > rows_so_far) return;
        const std::size_t more =
            static_cast<std::size_t>(estimate / rows_so_far * fresh + estimate % rows_so_far * fresh / rows_so_far);
        ids.reserve(ids.size() + more);
        entries.reserve(entries.size() + more);
    }

    void add(std::size_t f, Input input, ThreadPool* pool) {
        in[f] = std::move(input);
        Input& x = in[f];
        const std::vector<std::string>& header = x.table ? x.table->header : x.reader->header();
        if (f == schedule) {
            const char* names[] = {"account_id",     "due_date",        "collection_date",
                                   "regular_amount", "recovery_amount", "total_amount"};
            for (std::size_t k = 0; k < 6; ++k) sc[k] = required(header, names[k], x.source);
            sc[6] = optional_column(header, "arrears_after");
        } else {
            const char* names[] = {"account_id", "status", "message"};
            for (std::size_t k = 0; k < 3; ++k) mc[k] = required(header, names[k], x.source);
            const char* optional[] = {"missed_count", "missed_amount", "paid_amount", "arrears"};
            for (std::size_t k = 0; k < 4; ++k) mc[3 + k] = optional_column(header, optional[k]);
        }
        last_entry = spread;
        if (x.table) {
            index_rows(f, *x.table, 0);
            rows[f] = x.table->rows();
        } else {
            // The first pass reads only the account_id of a well-formed row (index_rows); a bad
            // row is read whole, as before, for its problem.
            x.reader->read_one_column(static_cast<std::size_t>(f == schedule ? sc[0] : mc[0]));
            std::vector<TextTable> blocks(pool ? pool->size() : 1);
            std::uint64_t base = 0;
            const std::size_t estimate = x.reader->estimated_rows();  // (before the first block)
            const std::size_t ids_before = ids.size();
            for (bool first = true;; first = false) {
                const std::size_t filled = pool ? x.reader->next_blocks(blocks, 16384, *pool)
                                                : (x.reader->next_block(blocks[0], 16384) ? 1 : 0);
                if (filled == 0) break;
                for (std::size_t b = 0; b < filled; ++b) {
                    index_rows(f, blocks[b], base);
                    base += blocks[b].rows();
                }
                if (first) reserve_ids(estimate, base, ids.size() - ids_before);
            }
            rows[f] = base;
            x.reader->check_unchanged();  // the rows and the hash are of one file
        }
        std::sort(spread_rows[f].begin(), spread_rows[f].end());
        added[f] = true;
        if (added[schedule] && added[summary]) finish_index();
    }

    void finish_index() {
        flags.reset(new std::atomic<std::uint8_t>[entries.size()]);
        for (std::size_t e = 0; e < entries.size(); ++e) flags[e].store(0, std::memory_order_relaxed);
        place_of.assign(entries.size(), 0);
        for (std::size_t i = 0; i < ids.places(); ++i) {
            const detail::IdTable::Place& p = ids.place(i);
            if (p.tag != 0) place_of[p.value] = static_cast<std::uint32_t>(i);
        }
    }

    [[nodiscard]] std::int64_t entry_of(std::string_view id) const {
        const std::uint64_t h = detail::IdTable::hash(id);
        const detail::IdTable::Place* p = const_cast<detail::IdTable&>(ids).find(h, id);
        return p ? static_cast<std::int64_t>(p->value) : -1;
    }

    // Calls f(row) for entry e's rows of file f, in file order.
    template <class F>
    void rows_of(std::uint32_t e, std::size_t f, F&& fn) const {
        const Entry& x = entries[e];
        if (x.count[f] != spread) {
            for (std::uint32_t k = 0; k < x.count[f]; ++k) fn(std::uint64_t{x.first[f]} + k);
            return;
        }
        const auto& s = spread_rows[f];
        auto it = std::lower_bound(s.begin(), s.end(), std::make_pair(e, std::uint32_t{0}));
        for (; it != s.end() && it->first == e; ++it) fn(std::uint64_t{it->second});
    }

    // ---- problems ----------------------------------------------------------------------
    PlanProblem problem(std::size_t f, const TextTable& t, std::size_t r, std::uint64_t row, int col,
                        const std::string& why, std::string_view id) const {
        PlanProblem p;
        p.summary = f == summary;
        p.row = row;
        p.line = t.line[r];
        p.column = col;
        std::string where;
        if (col >= 0)
            where = "column " + std::to_string(col + 1) + " (" + t.header[static_cast<std::size_t>(col)] + ")";
        p.what = col >= 0 ? where + ": " + why : why;
        p.message = in[f].name + " " + t.row_label + " " + std::to_string(t.line[r]) +
                    (col >= 0 ? ", " + where : std::string()) + ": " + why;
        p.id = std::string(id);
        return p;
    }

    // ---- reading an account's rows -------------------------------------------------------
    // Rows of one file read again: [first, last) of the file's rows are in `table` from
    // row `base` on.
    struct Piece {
        std::uint64_t first = 0, last = 0, base = 0;
        TextTable table;
        std::vector<char> text;
    };
    struct Rows {
        const TextTable* table;
        std::size_t r;
    };
    // The rows of `wanted` (sorted, unique) of file f, read in pieces of rows near each other.
    void read(std::size_t f, std::vector<std::uint64_t>& wanted, std::vector<Piece>& pieces) const {
        std::size_t used = 0;
        if (in[f].table) return;
        std::sort(wanted.begin(), wanted.end());
        std::size_t i = 0;
        while (i < wanted.size()) {
            std::size_t j = i + 1;
            while (j < wanted.size() && wanted[j] - wanted[j - 1] <= gap_rows) ++j;
            if (used == pieces.size()) pieces.emplace_back();
            Piece& p = pieces[used++];
            p.first = wanted[i];
            p.last = wanted[j - 1] + 1;
            p.base = in[f].reader->read_rows(p.first, p.last, p.table, p.text);
            if (p.table.rows() < p.last - p.base)
                throw std::logic_error("PlanOfRecordStore: rows read again are short");
            i = j;
        }
        // Pieces past `used` are kept for their buffers, after every row for row_at().
        for (std::size_t k = used; k < pieces.size(); ++k) pieces[k].first = ~std::uint64_t{0};
    }
    [[nodiscard]] Rows row_at(std::size_t f, const std::vector<Piece>& pieces, std::uint64_t row) const {
        if (in[f].table) return {&*in[f].table, static_cast<std::size_t>(row)};
        auto it = std::upper_bound(pieces.begin(), pieces.end(), row,
                                   [](std::uint64_t r, const Piece& p) { return r < p.first; });
        const Piece& p = *(it - 1);
        return {&p.table, static_cast<std::size_t>(row - p.base)};
    }

    // Entry e's plan of record from its rows (read into `pieces`) into `out` (emptied first, its
    // buffers kept for the rows: a block's Found are reused block after block); its problems
    // recorded the first time it is read.
    void assemble(std::uint32_t e, const std::array<std::vector<Piece>, 2>& pieces, Found& out) const {
        out.plan.rows.clear();
        out.plan.summary.reset();
        out.bad.clear();
        out.named = false;
        std::vector<PlanProblem> found;
        auto report = [&](PlanProblem p) {
            if (!p.id.empty()) out.bad.push_back(p.message);
            found.push_back(std::move(p));
        };
        rows_of(e, schedule, [&](std::uint64_t row) {
            // (not a structured binding: clang 14, the fuzz build's, cannot capture one)
            const Rows found_at = row_at(schedule, pieces[schedule], row);
            const TextTable* t = found_at.table;
            const std::size_t r = found_at.r;
            if (!t->row_error[r].empty()) {  // a bad row with its account_id (index_rows)
                report(problem(schedule, *t, r, row, t->error_column(r), t->row_error[r],
                               id_of_bad_row(*t, r, static_cast<std::size_t>(sc[0]))));
                return;
            }
            auto cell = [&](int c) { return t->at(r, static_cast<std::size_t>(c)); };
            const std::string_view id = cell(sc[0]);
            ScheduleRow s;
            int at = -1;
            try {
                at = sc[1], s.due_date = parse_date(cell(at));
                at = sc[2], s.collection_date = parse_date(cell(at));
                at = sc[3], s.regular_amount = Money::parse(cell(at));
                at = sc[4], s.recovery_amount = Money::parse(cell(at));
                at = sc[5], s.total_amount = Money::parse(cell(at));
                if (sc[6] >= 0 && !cell(sc[6]).empty()) at = sc[6], s.arrears_after = Money::parse(cell(sc[6]));
                at = -1;
                if (s.regular_amount + s.recovery_amount != s.total_amount)
                    throw InputError("total_amount is not regular_amount + recovery_amount");
            } catch (const InputError& x) {
                report(problem(schedule, *t, r, row, at, x.what(), id));
                return;
            }
            if (id.empty()) {
                report(problem(schedule, *t, r, row, sc[0], "no account_id", {}));
                return;
            }
            out.named = true;
            out.plan.rows.push_back(s);
        });
        rows_of(e, summary, [&](std::uint64_t row) {
            // (not a structured binding: clang 14, the fuzz build's, cannot capture one)
            const Rows found_at = row_at(summary, pieces[summary], row);
            const TextTable* t = found_at.table;
            const std::size_t r = found_at.r;
            if (!t->row_error[r].empty()) {  // a bad row with its account_id (index_rows)
                report(problem(summary, *t, r, row, t->error_column(r), t->row_error[r],
                               id_of_bad_row(*t, r, static_cast<std::size_t>(mc[0]))));
                return;
            }
            auto cell = [&](int c) { return t->at(r, static_cast<std::size_t>(c)); };
            const std::string_view id = cell(mc[0]);
            Summary s;
            int at = mc[1];
            try {
                const std::string_view status = cell(at);
                bool found_status = false;
                for (const auto& [st, name] : status_names)
                    if (name == status) s.status = st, found_status = true;
                if (!found_status) throw InputError("unknown status '" + std::string(status) + "'");
                s.message = std::string(cell(mc[2]));
                auto money = [&](int col, std::optional<Money>& value) {
                    at = col;
                    if (col >= 0 && !cell(col).empty()) value = Money::parse(cell(col));
                };
                money(mc[4], s.missed_amount);
                money(mc[5], s.paid_amount);
                money(mc[6], s.arrears);
                at = mc[3];
                if (mc[3] >= 0 && !cell(mc[3]).empty()) s.missed_count = parse_count(cell(mc[3]));
            } catch (const std::exception& x) {
                report(problem(summary, *t, r, row, at, x.what(), id));
                return;
            }
            if (id.empty()) {
                report(problem(summary, *t, r, row, mc[0], "no account_id", {}));
                return;
            }
            out.named = true;
            std::optional<Summary>& kept = out.plan.summary;
            // The earlier run's own rejection of a duplicate row (reported then) leaves the
            // accepted row of that id as its plan of record.
            if (kept && (s.status == Status::rejected || kept->status == Status::rejected)) {
                if (kept->status == Status::rejected) kept = std::move(s);
                return;
            }
            if (kept) {
                report(problem(summary, *t, r, row, mc[0], "account " + std::string(id) + " has a row already", id));
                return;
            }
            kept = std::move(s);
        });
        const std::uint8_t before = flags[e].fetch_or(parsed | (out.named ? named : 0), std::memory_order_relaxed);
        if (!(before & parsed) && !found.empty()) {
            const std::lock_guard lock(problems_lock);
            for (PlanProblem& p : found) problems.push_back(std::move(p));
        }
    }

    // The plans of record of `which` (entries, -1 for none) into out[0..) (null: only read,
    // for their problems).
    void gather(std::span<const std::int64_t> which, Found* out) const {
        // (Kept by each thread from one call to the next: their buffers are reused.)
        thread_local std::array<std::vector<std::uint64_t>, 2> wanted;
        thread_local std::array<std::vector<Piece>, 2> pieces;
        for (auto& w : wanted) w.clear();
        for (const std::int64_t e : which)
            if (e >= 0)
                for (std::size_t f : {schedule, summary})
                    rows_of(static_cast<std::uint32_t>(e), f, [&](std::uint64_t row) { wanted[f].push_back(row); });
        for (std::size_t f : {schedule, summary}) read(f, wanted[f], pieces[f]);
        for (std::size_t i = 0; i < which.size(); ++i) {
            if (which[i] < 0) {
                if (out) out[i] = Found{};
                continue;
            }
            thread_local Found scratch;  // (only read: its problems)
            Found& found = out ? out[i] : scratch;
            assemble(static_cast<std::uint32_t>(which[i]), pieces, found);
            found.entry = which[i];
        }
    }
};

PlanOfRecordStore::PlanOfRecordStore() : impl_(std::make_unique<Impl>()) {}
PlanOfRecordStore::~PlanOfRecordStore() = default;

void PlanOfRecordStore::add_schedule(Input input, ThreadPool* pool) { impl_->add(schedule, std::move(input), pool); }
void PlanOfRecordStore::add_summary(Input input, ThreadPool* pool) { impl_->add(summary, std::move(input), pool); }
std::size_t PlanOfRecordStore::schedule_rows() const noexcept { return impl_->rows[schedule]; }
std::size_t PlanOfRecordStore::summary_rows() const noexcept { return impl_->rows[summary]; }

void PlanOfRecordStore::gather(std::span<const std::string_view> ids, std::vector<Found>& out, ThreadPool* pool) const {
    if (out.size() < ids.size()) out.resize(ids.size());
    const std::size_t chunks = (ids.size() + gather_chunk - 1) / gather_chunk;
    auto one = [&](std::size_t c) {
        const std::size_t lo = c * gather_chunk, hi = std::min(ids.size(), lo + gather_chunk);
        std::vector<std::int64_t> which(hi - lo);
        for (std::size_t i = lo; i < hi; ++i) which[i - lo] = ids[i].empty() ? -1 : impl_->entry_of(ids[i]);
        impl_->gather(which, out.data() + lo);
    };
    if (pool)
        pool->for_each_chunk(chunks, one);
    else
        for (std::size_t c = 0; c < chunks; ++c) one(c);
}

PlanOfRecordStore::Found PlanOfRecordStore::find(std::string_view id) const {
    Found out;
    const std::int64_t e = id.empty() ? -1 : impl_->entry_of(id);
    impl_->gather(std::span<const std::int64_t>(&e, 1), &out);
    return out;
}

void PlanOfRecordStore::seen(std::string_view id) noexcept {
    const std::int64_t e = impl_->entry_of(id);
    if (e >= 0) impl_->flags[static_cast<std::size_t>(e)].fetch_or(seen_flag, std::memory_order_relaxed);
}

void PlanOfRecordStore::seen(const Found& found) noexcept {
    if (found.entry >= 0)
        impl_->flags[static_cast<std::size_t>(found.entry)].fetch_or(seen_flag, std::memory_order_relaxed);
}

PlanOfRecordStore::Finished PlanOfRecordStore::finish(ThreadPool* pool) {
    Impl& m = *impl_;
    // The rows of every account not yet read (their problems), a chunk at a time, the
    // chunks' rows near each other (in row order).
    std::vector<std::int64_t> left;
    for (std::size_t e = 0; e < m.entries.size(); ++e)
        if (!(m.flags[e].load(std::memory_order_relaxed) & parsed)) left.push_back(static_cast<std::int64_t>(e));
    std::sort(left.begin(), left.end(), [&](std::int64_t a, std::int64_t b) {
        auto first = [&](std::int64_t e) {
            const Impl::Entry& x = m.entries[static_cast<std::size_t>(e)];
            return x.count[schedule] ? std::uint64_t{x.first[schedule]} : (std::uint64_t{1} << 40) + x.first[summary];
        };
        return first(a) < first(b);
    });
    const std::size_t chunks = (left.size() + gather_chunk - 1) / gather_chunk;
    auto one = [&](std::size_t c) {
        const std::size_t lo = c * gather_chunk, hi = std::min(left.size(), lo + gather_chunk);
        m.gather(std::span<const std::int64_t>(left.data() + lo, hi - lo), nullptr);
    };
    if (pool)
        pool->for_each_chunk(chunks, one);
    else
        for (std::size_t c = 0; c < chunks; ++c) one(c);
    check_unchanged();

    Finished out;
    out.problems = std::move(m.orphans);
    out.problems.insert(out.problems.end(), std::make_move_iterator(m.problems.begin()),
                        std::make_move_iterator(m.problems.end()));
    m.problems.clear();
    std::sort(out.problems.begin(), out.problems.end(), [](const PlanProblem& a, const PlanProblem& b) {
        return a.summary != b.summary ? b.summary : a.row < b.row;
    });
    for (std::size_t e = 0; e < m.entries.size(); ++e)
        if ((m.flags[e].load(std::memory_order_relaxed) & (named | seen_flag)) == named)
            out.missing.emplace_back(m.ids.text(m.ids.place(m.place_of[e])));
    std::sort(out.missing.begin(), out.missing.end());
    return out;
}

void PlanOfRecordStore::each(const std::function<void(std::string_view id, Found&)>& f) const {
    const Impl& m = *impl_;
    for (std::size_t e = 0; e < m.entries.size(); ++e) {
        const std::int64_t which = static_cast<std::int64_t>(e);
        Found found;
        m.gather(std::span<const std::int64_t>(&which, 1), &found);
        f(m.ids.text(m.ids.place(m.place_of[e])), found);
    }
}

void PlanOfRecordStore::check_unchanged() const {
    for (const Input& x : impl_->in)
        if (x.reader) x.reader->check_unchanged();
}

PlanOfRecordFiles read_plan_of_record(TextTable plan, std::string_view plan_source, TextTable summary_table,
                                      std::string_view summary_source) {
    PlanOfRecordStore store;
    PlanOfRecordStore::Input a, b;
    a.table.emplace(std::move(plan));
    a.name = a.source = std::string(plan_source);
    b.table.emplace(std::move(summary_table));
    b.name = b.source = std::string(summary_source);
    store.add_schedule(std::move(a), nullptr);
    store.add_summary(std::move(b), nullptr);
    PlanOfRecordFiles p;
    p.plan_rows = store.schedule_rows();
    p.summary_rows = store.summary_rows();
    store.each([&](std::string_view id, PlanOfRecordStore::Found& found) {
        if (found.named) p.accounts.emplace(std::string(id), std::move(found.plan));
        if (!found.bad.empty()) p.bad.emplace(std::string(id), std::move(found.bad));
    });
    for (PlanProblem& x : store.finish(nullptr).problems) p.reported.push_back(std::move(x.message));
    return p;
}

}  // namespace arrears::io
