// PlanOfRecordStore (see plan_of_record.hpp): its public members, and the first pass, which
// indexes the plan of record by account (note, index_rows, add). Each account's rows, read
// again and parsed when it is asked for, are plan_of_record_rows.cpp's; the state both files
// share is plan_of_record_store.hpp's.
#include <arrears/io/plan_of_record.hpp>

#include "plan_of_record_store.hpp"

#include <arrears/thread_pool.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io {

using namespace plan_of_record_store;

namespace {

// Accounts a thread gathers at a time.
constexpr std::size_t gather_chunk = 512;

int required(const std::vector<std::string>& header, const char* name, const std::string& source) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    throw InputError(source + " has no column '" + name + "'");
}
int optional_column(const std::vector<std::string>& header, const char* name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

}  // namespace

// ---- the first pass ---------------------------------------------------------------------
void PlanOfRecordStore::Impl::note(std::size_t f, std::uint64_t row, std::string_view id, const std::uint64_t* hash) {
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

void PlanOfRecordStore::Impl::index_rows(std::size_t f, const TextTable& t, std::uint64_t base) {
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
void PlanOfRecordStore::Impl::reserve_ids(std::size_t estimate, std::uint64_t rows_so_far, std::size_t fresh) {
    if (rows_so_far == 0 || fresh * 2 > rows_so_far) return;
    const std::size_t more =
        static_cast<std::size_t>(estimate / rows_so_far * fresh + estimate % rows_so_far * fresh / rows_so_far);
    ids.reserve(ids.size() + more);
    entries.reserve(entries.size() + more);
}

void PlanOfRecordStore::Impl::add(std::size_t f, Input input, ThreadPool* pool) {
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
            const std::size_t filled =
                pool ? x.reader->next_blocks(blocks, 16384, *pool) : (x.reader->next_block(blocks[0], 16384) ? 1 : 0);
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

void PlanOfRecordStore::Impl::finish_index() {
    flags.reset(new std::atomic<std::uint8_t>[entries.size()]);
    for (std::size_t e = 0; e < entries.size(); ++e) flags[e].store(0, std::memory_order_relaxed);
    place_of.assign(entries.size(), 0);
    for (std::size_t i = 0; i < ids.places(); ++i) {
        const detail::IdTable::Place& p = ids.place(i);
        if (p.tag != 0) place_of[p.value] = static_cast<std::uint32_t>(i);
    }
}

std::int64_t PlanOfRecordStore::Impl::entry_of(std::string_view id) const {
    const std::uint64_t h = detail::IdTable::hash(id);
    const detail::IdTable::Place* p = const_cast<detail::IdTable&>(ids).find(h, id);
    return p ? static_cast<std::int64_t>(p->value) : -1;
}

// ---- the public members -----------------------------------------------------------------
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
