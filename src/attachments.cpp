// Ledger rows and payments held for the accounts they belong to (see attachments.hpp).
#include <arrears/io/attachments.hpp>

#include <arrears/io/detail/fields.hpp>
#include <arrears/io/detail/id_index.hpp>
#include <arrears/io/detail/memory.hpp>
#include <arrears/io/detail/thread_pool.hpp>
#include <arrears/io/records.hpp>

#include <algorithm>
#include <cstring>
#include <atomic>
#include <stdexcept>
#include <system_error>
#include <future>
#include <thread>

namespace arrears::io {

namespace {

using detail::FieldError;
using detail::field;

// Held dates count days from the first day of the calendars' years (§4: 1995-2099).
const Date day_zero{date::year(1995) / date::January / 1};

std::uint16_t day_of(Date d) { return static_cast<std::uint16_t>((d - day_zero).count()); }
Date date_of(std::uint16_t day) { return day_zero + date::days(day); }

/// An id's `first`, read as attach() on another thread may be writing it.
template <class Id>
std::uint32_t first_of(const Id& e) noexcept {
    // (atomic_ref of a const object comes with C++26; the ids are never const objects.)
    return std::atomic_ref<std::uint32_t>(const_cast<std::uint32_t&>(e.first)).load(std::memory_order_relaxed);
}

constexpr std::uint64_t max_line = (std::uint64_t{1} << 48) - 1;
constexpr std::size_t max_files = 1u << 16;

}  // namespace

std::uint64_t Attachments::hash(std::string_view id) noexcept { return detail::DuplicateIndex::hash(id); }

void Attachments::add_ledger(const TextTable& t, std::string_view source) {
    add_rows(begin_file(Kind::ledger, t.header, source, t.row_label), t);
}

void Attachments::add_payments(const TextTable& t, std::string_view source) {
    add_rows(begin_file(Kind::payments, t.header, source, t.row_label), t);
}

std::size_t Attachments::begin_file(Kind kind, const std::vector<std::string>& header, std::string_view source,
                                    std::string_view row_label) {
    TextTable h;
    h.header = header;
    File f{kind, std::string(source), std::string(row_label), {}, 0, {-1, -1, -1, -1, -1}, dates_};
    if (kind == Kind::ledger) {
        const auto c = detail::require_columns(h, source, {"account_id", "due_date", "amount", "status"});
        f.columns = {c[0], c[1], c[2], c[3], h.column("reason")};
    } else {
        const auto c = detail::require_columns(h, source, {"account_id", "date", "amount"});
        f.columns = {c[0], c[1], c[2], -1, -1};
    }
    f.id_column = f.columns[0];
    f.id_header = header[static_cast<std::size_t>(f.id_column)];
    if (files_.size() >= max_files) throw std::length_error("arrears: too many ledger and payments files");
    files_.push_back(std::move(f));
    return files_.size() - 1;
}

namespace {

/// Reads row `r` of a ledger or payments file; a bad field is a FieldError.
template <class Row, class File, class Kind>
Row parse_row(const File& f, const TextTable& t, std::size_t r) {
    if (!t.row_error[r].empty()) throw FieldError{t.error_column(r), t.row_error[r]};
    const auto& c = f.columns;
    Row row{};
    const bool ledger = f.kind == Kind::ledger;
    row.day = day_of(detail::calendar_date_field(field(t, r, c[1]), c[1], ledger ? "due_date" : "date", f.dates));
    const Money amount = detail::money_field(field(t, r, c[2]), c[2]);
    row.pence = amount.pence();
    if (!ledger) {
        row.status = 0xFF;  // Attachments::payment (no LedgerStatus)
        return row;
    }
    if (amount < Money()) throw FieldError{c[2], "amount '" + std::string(field(t, r, c[2])) + "' is negative"};
    const LedgerStatus status = detail::in_column(c[3], [&] { return parse_ledger_status(field(t, r, c[3])); });
    row.status = static_cast<std::uint8_t>(status);
    if (status == LedgerStatus::unpaid) {
        const std::string_view reason = field(t, r, c[4]);
        if (arudd_meaning(reason).empty())
            throw FieldError{c[4] < 0 ? c[3] : c[4],
                             "unpaid row needs an ARUDD reason code (0-9, A, B), got " + quote_text(reason)};
        row.reason = reason[0];
    }
    return row;
}

}  // namespace

void Attachments::add_rows(std::size_t file, const TextTable& t, unsigned threads) {
    if (parsed_.empty()) parsed_.resize(1);
    parsed_[0].base = make_room(t.rows());
    parse_blocks(file, &t, &parsed_[0], 1, threads);
    hold_block(file, t, parsed_[0]);
}

std::size_t Attachments::add_file(std::size_t file, const std::function<bool(TextTable&)>& next, unsigned threads) {
    return add_blocks(
        file, [&next](std::span<TextTable> blocks) -> std::size_t { return next(blocks[0]) ? 1 : 0; }, threads);
}

std::size_t Attachments::add_blocks(std::size_t file, const std::function<std::size_t(std::span<TextTable>)>& next,
                                    unsigned threads) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    // Two sets of `threads` blocks: one set is held while the next is read and parsed.
    const std::size_t per_set = threads;
    std::vector<TextTable> blocks(2 * per_set);
    if (parsed_.size() < 2 * per_set) parsed_.resize(2 * per_set);
    std::size_t rows = 0;
    std::future<void> holding;  // destroyed first: an exception waits for it
    for (std::size_t k = 0;; ++k) {
        TextTable* const t = blocks.data() + (k % 2) * per_set;
        Parsed* const p = parsed_.data() + (k % 2) * per_set;
        const std::size_t count = std::min(next(std::span<TextTable>(t, per_set)), per_set);
        std::size_t n = 0;
        for (std::size_t b = 0; b < count; ++b) n += t[b].rows();
        // The held rows move when they outgrow their room: not while the last set is held.
        if (held_ + n > rows_.size() && holding.valid()) holding.get();
        for (std::size_t b = 0; b < count; ++b) p[b].base = make_room(t[b].rows());
        if (count > 0) parse_blocks(file, t, p, count, threads);
        if (holding.valid()) holding.get();
        if (count == 0) return rows;
        rows += n;
        holding = std::async(std::launch::async, [this, file, t, p, count] {
            for (std::size_t b = 0; b < count; ++b) hold_block(file, t[b], p[b]);
        });
    }
}

std::size_t Attachments::make_room(std::size_t n) {
    const std::size_t base = held_;
    if (base + n > none) throw std::length_error("arrears: too many ledger and payments rows");
    // Grown to twice when reserve()'s estimate was short.
    if (base + n > rows_.size()) {
        populating_.join();
        rows_.grow(std::max(base + n, 2 * rows_.size()));
    }
    held_ = base + n;  // (unwritten: parse_blocks writes them)
    return base;
}

void Attachments::parse_blocks(std::size_t file, const TextTable* blocks, Parsed* parsed, std::size_t count,
                               unsigned threads) {
    const File& f = files_.at(file);
    constexpr std::size_t chunk = Parsed::chunk;
    // The chunks of every block, numbered one after another.
    std::vector<std::size_t> first_chunk(count + 1, 0);
    for (std::size_t b = 0; b < count; ++b) {
        const std::size_t n = blocks[b].rows();
        const std::size_t chunks = (n + chunk - 1) / chunk;
        Parsed& out = parsed[b];
        if (out.rows.size() < n) out.rows.resize(n);
        if (out.problems.size() < chunks) {
            out.problems.resize(chunks);
            out.long_ids.resize(chunks);
        }
        first_chunk[b + 1] = first_chunk[b] + chunks;
    }
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    detail::for_each_chunk(first_chunk[count], threads, [&](std::size_t c) {
        const std::size_t b = static_cast<std::size_t>(
            std::upper_bound(first_chunk.begin(), first_chunk.end(), c) - first_chunk.begin() - 1);
        const TextTable& t = blocks[b];
        Parsed& out = parsed[b];
        const std::size_t n = t.rows();
        auto& problems = out.problems[c - first_chunk[b]];
        std::string& long_ids = out.long_ids[c - first_chunk[b]];
        problems.clear();
        long_ids.clear();
        for (std::size_t r = (c - first_chunk[b]) * chunk, end = std::min(n, r + chunk); r < end; ++r) {
            if (t.line[r] > max_line) throw std::length_error("arrears: a ledger or payments file is too long");
            Parsed::Entry& e = out.rows[r];
            try {
                Row& row = rows_[out.base + r];
                row = parse_row<Row, File, Kind>(f, t, r);
                const std::string_view id = field(t, r, f.id_column);
                e.hash = hash(id);
                e.key = key(e.hash, id);
                if ((e.key.tag & 0xF) == long_id) {
                    e.key.text = std::uint64_t{long_ids.size()} << 32 | id.size();
                    long_ids += id;
                }
            } catch (const FieldError& error) {
                e.key.tag = 0;
                problems.emplace_back(r, row_location(f.source, t, r, error.column) + error.message);
            }
        }
    });
}

void Attachments::hold_block(std::size_t file, const TextTable& t, Parsed& in) {
    // Only the block's own vectors (lines) are read here, never its cells: they view the
    // reader's buffer, which the next block may already have refilled.
    // Each id's place fetched ahead: the table is far larger than cache.
    constexpr std::size_t ahead = 8;
    const std::size_t n = t.rows();
    for (std::size_t r = 0; r < n; ++r)
        if (r == 0 || t.line[r] != t.line[r - 1] + 1)
            runs_.push_back({in.base + r, static_cast<std::uint64_t>(file) << 48 | t.line[r]});
    for (std::size_t r = 0; r < n; ++r) {
        for (int stage = 0; stage < 2; ++stage)
            if (const std::size_t at = r + static_cast<std::size_t>(2 - stage) * ahead; at < n)
                prefetch(in.rows[at].hash, stage);
        const Parsed::Entry& e = in.rows[r];
        if (e.key.tag == 0) continue;  // (its problem is taken below)
        std::string_view id;
        if ((e.key.tag & 0xF) == long_id)
            id = std::string_view(in.long_ids[r / Parsed::chunk]).substr(e.key.text >> 32, e.key.text & 0xFFFFFFFF);
        hold(e.hash, e.key, id, static_cast<std::uint32_t>(in.base + r));
    }
    for (std::size_t c = 0; c < (n + Parsed::chunk - 1) / Parsed::chunk; ++c)
        for (auto& [r, message] : in.problems[c])
            problems_.push_back({file, t.line[r], in.base + r, std::move(message)});
}

void Attachments::reserve(std::size_t rows) {
    populating_.join();
    if (held_ + rows > rows_.size()) rows_.grow(held_ + rows);
    // About two rows an id, the table at most 3/4 full: one table from the start, not
    // rehashed as it fills.
    // (At most the largest table: a too-large estimate must not stop a run before a row is
    // read; holding more ids than that does.)
    std::size_t places = std::max<std::size_t>(ids_.size(), 1024);
    while (places * 3 < (id_count_ + rows / 2) * 4 && places < max_places) places *= 2;
    if (places > ids_.size()) rehash(places);
    // Backed meanwhile, on its own thread: the table (every place is touched, in no order)
    // and three quarters of the rows' room (an estimate rather over the rows than under).
    Id* const table = ids_.data();
    const std::size_t table_bytes = ids_.size() * sizeof(Id);
    Row* const room = rows_.data() + held_;
    const std::size_t room_bytes = std::min(rows / 4 * 3, rows_.size() - held_) * sizeof(Row);
    try {
        populating_.thread = std::thread([=] {
            detail::populate_pages(table, table_bytes);
            detail::populate_pages(room, room_bytes);
        });
    } catch (const std::system_error&) {
        // (no thread: the pages are backed as they are first written)
    }
}

Attachments::Key Attachments::key(std::uint64_t h, std::string_view id) noexcept {
    const std::uint32_t hash_part = (static_cast<std::uint32_t>(h) & tag_hash_mask) << 4;
    if (id.size() > 8) return {hash_part | long_id, 0};
    std::uint64_t text = 0;
    if (!id.empty()) std::memcpy(&text, id.data(), id.size());
    return {hash_part | static_cast<std::uint32_t>(id.size() + 1), text};
}

std::string_view Attachments::text(const Id& e) const noexcept {
    if ((e.tag & 0xF) == long_id) return std::string_view(arena_).substr(e.text >> 32, e.text & 0xFFFFFFFF);
    return {reinterpret_cast<const char*>(&e.text), (e.tag & 0xF) - 1};
}

Attachments::Id* Attachments::find(std::uint64_t h, std::string_view id) {
    if (ids_.empty()) return nullptr;
    const Key k = key(h, id);
    const std::size_t mask = ids_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        Id& e = ids_[i];
        if (e.tag == 0) return nullptr;
        if (e.tag == k.tag && ((k.tag & 0xF) == long_id ? text(e) == id : e.text == k.text)) return &e;
    }
}

void Attachments::hold(std::uint64_t h, Key want, std::string_view id, std::uint32_t k) {
    if ((id_count_ + 1) * 4 > ids_.size() * 3) rehash(std::max<std::size_t>(1024, ids_.size() * 2));
    const std::size_t mask = ids_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        Id& e = ids_[i];
        if (e.tag == want.tag && ((want.tag & 0xF) == long_id ? text(e) == id : e.text == want.text)) {
            rows_[k].next = e.first;
            e.first = k;
            return;
        }
        if (e.tag != 0) continue;
        std::uint64_t t = want.text;
        if ((want.tag & 0xF) == long_id) {
            if (arena_.size() + id.size() >= none) throw std::length_error("arrears: too many ledger and payments rows");
            t = std::uint64_t{arena_.size()} << 32 | id.size();
            arena_ += id;
        }
        rows_[k].next = none;
        e = Id{want.tag, k, t};
        ++id_count_;
        return;
    }
}

void Attachments::rehash(std::size_t places) {
    if (places > max_places) throw std::length_error("arrears: too many ledger and payments ids");
    populating_.join();
    detail::MappedArray<Id> grown(places);
    const std::size_t mask = places - 1;
    for (std::size_t k = 0; k < ids_.size(); ++k) {
        const Id& e = ids_[k];
        if (e.tag == 0) continue;
        std::size_t i = (e.tag >> 4) & mask;
        while (grown[i].tag != 0) i = (i + 1) & mask;
        grown[i] = e;
    }
    ids_.swap(grown);
}

void Attachments::attach(Account& a, std::uint64_t id_hash) {
    Id* e = id_count_ == 0 ? nullptr : find(id_hash, a.id);
    // `first` is read and written atomically: prefetch() on another thread may read it.
    const std::uint32_t first = e == nullptr ? none : first_of(*e);
    if (first == none) return;
    // The chain runs from the last row to the first: counted, then written from the back, so
    // the rows come out in file order.
    std::size_t ledger_rows = 0, payment_rows = 0;
    for (std::uint32_t k = first; k != none; k = rows_[k].next) ++(rows_[k].status != payment ? ledger_rows : payment_rows);
    std::size_t l_at = a.ledger.size() + ledger_rows, p_at = a.payments.size() + payment_rows;
    a.ledger.resize(l_at);
    a.payments.resize(p_at);
    for (std::uint32_t k = first; k != none; k = rows_[k].next) {
        const Row& row = rows_[k];
        if (row.status != payment) {
            LedgerEntry& l = a.ledger[--l_at];
            l.due_date = date_of(row.day);
            l.amount = Money(row.pence);
            l.status = static_cast<LedgerStatus>(row.status);
            if (row.reason != 0) l.reason.assign(1, row.reason);
        } else {
            a.payments[--p_at] = Payment{date_of(row.day), Money(row.pence)};
        }
    }
    std::atomic_ref<std::uint32_t>(e->first).store(none, std::memory_order_relaxed);
}

void Attachments::rejected(const std::string& id, std::uint64_t line) {
    if (id.empty()) return;
    if (const Id* e = find(hash(id), id)) rejected_.emplace(static_cast<std::uint32_t>(e - ids_.data()), line);
}

std::uint64_t Attachments::file_line(std::uint32_t k) const {
    const auto run = std::upper_bound(runs_.begin(), runs_.end(), std::uint64_t{k},
                                      [](std::uint64_t at, const Run& r) { return at < r.k; }) - 1;
    return run->file_line + (k - run->k);
}

std::string Attachments::where(std::uint64_t file_line) const {
    const File& f = files_[file_line >> 48];
    return row_location(f.source, f.row_label, file_line & max_line, f.id_column, f.id_header);
}

std::vector<std::string> Attachments::finish() {
    // (The table's order: the problems are sorted by file, line and row below.)
    for (std::size_t i = 0; i < ids_.size(); ++i) {
        const Id& e = ids_[i];
        if (e.tag == 0) continue;
        const std::string_view id = text(e);
        const auto bad = e.first == none ? rejected_.end() : rejected_.find(static_cast<std::uint32_t>(i));
        for (std::uint32_t k = e.first; k != none; k = rows_[k].next) {
            const std::uint64_t at = file_line(k);
            const std::size_t file = at >> 48;
            std::string m = where(at);
            if (bad != rejected_.end())
                m += "account_id " + quote_text(id) + " was rejected (accounts " + files_[file].row_label + " " +
                     std::to_string(bad->second) + "); row not used";
            else
                m += "unknown account_id " + quote_text(id);
            problems_.push_back({file, at & max_line, k, std::move(m)});
        }
    }
    // (Rows held in the order read: equal lines, e.g. a frame's repeated index labels, keep it.)
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
        if (a.file != b.file) return a.file < b.file;
        return a.line != b.line ? a.line < b.line : a.row < b.row;
    });
    std::vector<std::string> out;
    out.reserve(problems_.size());
    for (Problem& p : problems_) out.push_back(std::move(p.message));
    problems_.clear();
    return out;
}

}  // namespace arrears::io
