// PlanOfRecordStore's second pass (see plan_of_record.hpp): each account's rows, found by the
// first pass's index (plan_of_record.cpp), read again from the file a piece of nearby rows at
// a time (CsvReader::read_rows) or from the whole table, and parsed into its plan of record
// (assemble, gather); the problems of the rows that could not be read.
#include <arrears/io/plan_of_record.hpp>

#include "plan_of_record_store.hpp"

#include <arrears/io/detail/fields.hpp>
#include <arrears/io/export_format.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io {

using namespace plan_of_record_store;

namespace {

// Rows apart that two accounts' rows are read in one go (a checkpoint of CsvReader).
constexpr std::uint64_t gap_rows = CsvReader::checkpoint_rows;

// A plan of record's amount cell: Money::parse, its common form (1234.56, as arrears writes
// amounts) read first in one pass (detail::plain_money), every other text by Money::parse
// (the same value, or its message).
Money amount_cell(std::string_view text) {
    Money m;
    return detail::plain_money(text, m) ? m : Money::parse(text);
}

// A plan of record's date cell: parse_date, its common form (YYYY-MM-DD) read first by
// try_parse_date_cell, which reads ISO dates as parse_date does; any other text by
// parse_date (its message).
Date date_cell(std::string_view text) {
    Date d;
    std::string why;
    return try_parse_date_cell(text, DateFormat::iso, d, why) ? d : parse_date(text);
}

// A count cell (the summary's missed_count, §9): digits only, 0 or more.
int parse_count(std::string_view text) {
    int n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.front() == '-' || error != std::errc() || end != text.data() + text.size())
        throw InputError("invalid count " + quote_text(text) + ": expected a whole number of collections, 0 or more");
    return n;
}

}  // namespace

// ---- problems ---------------------------------------------------------------------------
PlanProblem PlanOfRecordStore::Impl::problem(std::size_t f, const TextTable& t, std::size_t r, std::uint64_t row,
                                             int col, const std::string& why, std::string_view id) const {
    PlanProblem p;
    p.summary = f == summary;
    p.row = row;
    p.line = t.line[r];
    p.column = col;
    std::string where;
    if (col >= 0) where = "column " + std::to_string(col + 1) + " (" + t.header[static_cast<std::size_t>(col)] + ")";
    p.what = col >= 0 ? where + ": " + why : why;
    p.message = in[f].name + " " + t.row_label + " " + std::to_string(t.line[r]) +
                (col >= 0 ? ", " + where : std::string()) + ": " + why;
    p.id = std::string(id);
    return p;
}

// ---- reading an account's rows ----------------------------------------------------------
// The rows of `wanted` (sorted, unique) of file f, read in pieces of rows near each other.
void PlanOfRecordStore::Impl::read(std::size_t f, std::vector<std::uint64_t>& wanted,
                                   std::vector<Piece>& pieces) const {
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
        if (p.table.rows() < p.last - p.base) throw std::logic_error("PlanOfRecordStore: rows read again are short");
        i = j;
    }
    // Pieces past `used` are kept for their buffers, after every row for row_at().
    for (std::size_t k = used; k < pieces.size(); ++k) pieces[k].first = ~std::uint64_t{0};
}

PlanOfRecordStore::Impl::Rows PlanOfRecordStore::Impl::row_at(std::size_t f, const std::vector<Piece>& pieces,
                                                              std::uint64_t row) const {
    if (in[f].table) return {&*in[f].table, static_cast<std::size_t>(row)};
    auto it = std::upper_bound(pieces.begin(), pieces.end(), row,
                               [](std::uint64_t r, const Piece& p) { return r < p.first; });
    const Piece& p = *(it - 1);
    return {&p.table, static_cast<std::size_t>(row - p.base)};
}

// Entry e's plan of record from its rows (read into `pieces`) into `out` (emptied first, its
// buffers kept for the rows: a block's Found are reused block after block); its problems
// recorded the first time it is read.
void PlanOfRecordStore::Impl::assemble(std::uint32_t e, const std::array<std::vector<Piece>, 2>& pieces,
                                       Found& out) const {
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
            at = sc[1], s.due_date = date_cell(cell(at));
            at = sc[2], s.collection_date = date_cell(cell(at));
            at = sc[3], s.regular_amount = amount_cell(cell(at));
            at = sc[4], s.recovery_amount = amount_cell(cell(at));
            at = sc[5], s.total_amount = amount_cell(cell(at));
            if (sc[6] >= 0 && !cell(sc[6]).empty()) at = sc[6], s.arrears_after = amount_cell(cell(sc[6]));
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
                if (col >= 0 && !cell(col).empty()) value = amount_cell(cell(col));
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
void PlanOfRecordStore::Impl::gather(std::span<const std::int64_t> which, Found* out) const {
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

}  // namespace arrears::io
