// Parsing account, ledger and payment rows from text tables.
#include <arrears/io/records.hpp>
#include <arrears/io/memory.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

namespace arrears::io {

namespace {

// "accounts.csv line 5, column 2 (amount): "
std::string where(std::string_view source, const TextTable& t, std::size_t row, int col) {
    std::string s(source);
    s += ' ';
    s += t.row_label;
    s += ' ';
    s += std::to_string(t.line[row]);
    if (col >= 0) {
        s += ", column ";
        s += std::to_string(col + 1);
        s += " (";
        s += t.header[static_cast<std::size_t>(col)];
        s += ')';
    }
    s += ": ";
    return s;
}

// A field's text, empty when the column is absent.
std::string_view field(const TextTable& t, std::size_t row, int col) {
    return col < 0 ? std::string_view() : t.at(row, static_cast<std::size_t>(col));
}

struct FieldError {
    int column;
    std::string message;
};

int require_column(const TextTable& t, std::string_view source, std::string_view name) {
    int c = t.column(name);
    if (c < 0)
        throw InputError(std::string(source) + ": missing required column '" + std::string(name) + "'");
    return c;
}

Date date_field(std::string_view text, int col, std::string_view what) {
    Date d;
    const char* why = "";
    if (text.empty()) throw FieldError{col, std::string(what) + " is empty"};
    if (!try_parse_date(text, d, why))
        throw FieldError{col, "invalid date '" + std::string(text) + "': " + why};
    return d;
}

Money money_field(std::string_view text, int col) {
    Money m;
    const char* why = "";
    if (!Money::try_parse(text, m, why))
        throw FieldError{col, "invalid amount '" + std::string(text) + "': " + why};
    return m;
}

template <class F>
auto in_column(int col, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const InputError& e) {
        throw FieldError{col, std::string(e.message())};
    }
}

}  // namespace

AccountColumns AccountColumns::find(const TextTable& t, std::string_view source) {
    AccountColumns c{};
    c.account_id = require_column(t, source, "account_id");
    c.amount = require_column(t, source, "amount");
    c.frequency = require_column(t, source, "frequency");
    c.first_due = require_column(t, source, "first_due");
    c.day = t.column("day");
    c.end = t.column("end");
    c.skip = t.column("skip");
    c.convention = t.column("convention");
    return c;
}

std::string parse_account_row(const TextTable& t, std::size_t r, std::string_view source,
                              const AccountColumns& c, Account& a) {
    a.id.clear();
    a.plan.day.reset();
    a.plan.end.reset();
    a.plan.skip.clear();
    a.plan.convention = BusinessDayConvention::following;
    a.ledger.clear();
    a.payments.clear();
    if (!t.row_error[r].empty()) return where(source, t, r, t.error_column(r)) + t.row_error[r];
    a.id.assign(field(t, r, c.account_id));
    try {
        if (a.id.empty()) throw FieldError{c.account_id, "account_id is empty"};
        Plan& plan = a.plan;
        plan.amount = money_field(field(t, r, c.amount), c.amount);
        if (plan.amount <= Money())
            throw FieldError{c.amount, "amount '" + std::string(field(t, r, c.amount)) + "' must be more than 0.00"};
        plan.frequency = in_column(c.frequency, [&] { return parse_frequency(field(t, r, c.frequency)); });
        plan.first_due = date_field(field(t, r, c.first_due), c.first_due, "first_due");
        if (auto d = field(t, r, c.day); !d.empty())
            plan.day = in_column(c.day, [&] { return DayOfMonth::parse(d); });
        if (auto e = field(t, r, c.end); !e.empty()) plan.end = date_field(e, c.end, "end");
        if (auto s = field(t, r, c.skip); !s.empty()) {
            std::size_t pos = 0;
            while (pos <= s.size()) {
                std::size_t semi = s.find(';', pos);
                if (semi == std::string_view::npos) semi = s.size();
                std::string_view one = s.substr(pos, semi - pos);
                while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
                while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
                if (!one.empty()) plan.skip.push_back(date_field(one, c.skip, "skip date"));
                pos = semi + 1;
            }
            std::sort(plan.skip.begin(), plan.skip.end());
            plan.skip.erase(std::unique(plan.skip.begin(), plan.skip.end()), plan.skip.end());
        }
        if (auto cv = field(t, r, c.convention); !cv.empty())
            plan.convention = in_column(c.convention, [&] { return parse_convention(cv); });
        // Plan rules that need several fields: name the field the message is about.
        try {
            plan.validate();
        } catch (const InputError& e) {
            std::string_view m = e.message();
            int col = m.rfind("day ", 0) == 0 ? c.day
                    : m.rfind("end ", 0) == 0 ? c.end
                    : m.rfind("skip ", 0) == 0 ? c.skip : c.amount;
            throw FieldError{col, std::string(m)};
        }
    } catch (const FieldError& e) {
        return where(source, t, r, e.column) + e.message;
    }
    return {};
}

std::string duplicate_message(const TextTable& t, std::size_t r, std::string_view source,
                              const AccountColumns& c, std::string_view id, std::uint64_t first_line) {
    return where(source, t, r, c.account_id) + "duplicate account_id '" + std::string(id) + "' (first on " +
           t.row_label + " " + std::to_string(first_line) + ")";
}

namespace {
std::uint64_t hash_id(std::string_view s) noexcept {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a, then a final mix
    for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}
}  // namespace

void IdIndex::reserve(std::size_t n) {
    std::size_t slots = 1024;
    while (slots * 7 < n * 10) slots *= 2;  // at most 70% full
    if (slots > slots_.size()) rehash(slots);
    if (n > ids_.capacity()) {
        ids_.reserve(n);
        advise_huge_pages(ids_.data(), n * sizeof(Id));
    }
    // Account ids are mostly under 16 bytes; the arena grows past that if it must.
    if (n * 16 > arena_.capacity()) {
        arena_.reserve(n * 16);
        advise_huge_pages(arena_.data(), n * 16);
    }
}

std::uint64_t IdIndex::hash(std::string_view id) noexcept { return hash_id(id); }

bool IdIndex::insert(std::uint64_t h, std::string_view id, std::uint64_t line, std::uint64_t& first_line) {
    if ((ids_.size() + 1) * 10 > slots_.size() * 7) rehash(std::max<std::size_t>(1024, slots_.size() * 2));
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        Slot& slot = slots_[i];
        if (slot.id == 0) {
            if (arena_.size() + id.size() > 0xFFFFFFFFu || ids_.size() >= 0xFFFFFFFEu)
                throw std::length_error("too many account ids");
            ids_.push_back({line, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(id.size())});
            arena_.append(id);
            slot = Slot{h, static_cast<std::uint32_t>(ids_.size())};
            return true;
        }
        if (slot.hash == h) {
            const Id& seen = ids_[slot.id - 1];
            if (std::string_view(arena_).substr(seen.offset, seen.length) == id) {
                first_line = seen.line;
                return false;
            }
        }
    }
}

void IdIndex::rehash(std::size_t slots) {
    std::vector<Slot> old = std::move(slots_);
    slots_ = std::vector<Slot>();
    slots_.reserve(slots);
    advise_huge_pages(slots_.data(), slots * sizeof(Slot));
    slots_.assign(slots, Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
        if (s.id == 0) continue;
        std::size_t i = s.hash & mask;
        while (slots_[i].id != 0) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

void Attachments::add_ledger(const TextTable& t, std::string_view source) {
    const int c_id = require_column(t, source, "account_id");
    const int c_due = require_column(t, source, "due_date");
    const int c_amount = require_column(t, source, "amount");
    const int c_status = require_column(t, source, "status");
    const int c_reason = t.column("reason");
    const std::size_t file = files_++;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        if (!t.row_error[r].empty()) {
            problems_.push_back({file, t.line[r], where(source, t, r, t.error_column(r)) + t.row_error[r]});
            continue;
        }
        try {
            LedgerEntry e;
            e.due_date = date_field(field(t, r, c_due), c_due, "due_date");
            in_column(c_due, [&] { require_calendar_year(e.due_date, "due_date"); return 0; });
            e.amount = money_field(field(t, r, c_amount), c_amount);
            if (e.amount < Money())
                throw FieldError{c_amount, "amount '" + std::string(field(t, r, c_amount)) + "' is negative"};
            e.status = in_column(c_status, [&] { return parse_ledger_status(field(t, r, c_status)); });
            e.reason = std::string(field(t, r, c_reason));
            if (e.status == LedgerStatus::unpaid && arudd_meaning(e.reason).empty())
                throw FieldError{c_reason < 0 ? c_status : c_reason,
                                 "unpaid row needs an ARUDD reason code (0-9, A, B), got '" + e.reason + "'"};
            by_id_[std::string(field(t, r, c_id))].push_back(held_.size());
            held_.push_back({where(source, t, r, c_id), t.row_label, file, t.line[r], std::move(e), std::nullopt});
        } catch (const FieldError& e) {
            problems_.push_back({file, t.line[r], where(source, t, r, e.column) + e.message});
        }
    }
}

void Attachments::add_payments(const TextTable& t, std::string_view source) {
    const int c_id = require_column(t, source, "account_id");
    const int c_date = require_column(t, source, "date");
    const int c_amount = require_column(t, source, "amount");
    const std::size_t file = files_++;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        if (!t.row_error[r].empty()) {
            problems_.push_back({file, t.line[r], where(source, t, r, t.error_column(r)) + t.row_error[r]});
            continue;
        }
        try {
            Payment pay;
            pay.date = date_field(field(t, r, c_date), c_date, "date");
            in_column(c_date, [&] { require_calendar_year(pay.date, "date"); return 0; });
            pay.amount = money_field(field(t, r, c_amount), c_amount);
            by_id_[std::string(field(t, r, c_id))].push_back(held_.size());
            held_.push_back({where(source, t, r, c_id), t.row_label, file, t.line[r], std::nullopt, pay});
        } catch (const FieldError& e) {
            problems_.push_back({file, t.line[r], where(source, t, r, e.column) + e.message});
        }
    }
}

void Attachments::attach(Account& a) {
    if (by_id_.empty()) return;
    auto it = by_id_.find(a.id);
    if (it == by_id_.end()) return;
    for (std::size_t k : it->second) {
        Held& h = held_[k];
        if (h.used) continue;
        h.used = true;
        if (h.ledger) a.ledger.push_back(std::move(*h.ledger));
        if (h.payment) a.payments.push_back(*h.payment);
    }
}

void Attachments::rejected(const std::string& id, std::uint64_t line) {
    if (!id.empty() && by_id_.count(id)) rejected_.emplace(id, line);
}

std::vector<std::string> Attachments::finish() {
    for (const auto& [id, rows] : by_id_)
        for (std::size_t k : rows) {
            const Held& h = held_[k];
            if (h.used) continue;
            auto bad = rejected_.find(id);
            if (bad != rejected_.end())
                problems_.push_back({h.file, h.line, h.where + "account_id '" + id + "' was rejected (accounts " +
                                                         h.row_label + " " + std::to_string(bad->second) +
                                                         "); row not used"});
            else
                problems_.push_back({h.file, h.line, h.where + "unknown account_id '" + id + "'"});
        }
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
    });
    std::vector<std::string> out;
    out.reserve(problems_.size());
    for (Problem& p : problems_) out.push_back(std::move(p.message));
    problems_.clear();
    return out;
}

BlockRecovery::BlockRecovery(const Recovery& recovery, const AccountColumns& columns, std::string source,
                             Attachments& attachments, unsigned threads, std::size_t expected_rows)
    : recovery_(recovery), columns_(columns), source_(std::move(source)), attachments_(attachments),
      threads_(threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads) {
    if (expected_rows) ids_.reserve(expected_rows);
}

void BlockRecovery::run(const TextTable& t, std::vector<AccountResult>& results,
                        const std::function<void(std::size_t, std::size_t, std::size_t)>& after) {
    const std::size_t n = t.rows();
    const std::size_t chunks = BlockRecovery::chunks(n);
    if (accounts_.size() < n) {
        accounts_.resize(n);
        rejection_.resize(n);
        id_hash_.resize(n);
    }
    if (scratch_.size() < chunks) scratch_.resize(chunks);
    if (results.size() < n) results.resize(n);
    // 1. each row into an account (or the reason it is rejected)
    for_each_chunk(chunks, threads_, [&](std::size_t c) {
        for (std::size_t i = c * chunk_rows, e = std::min(n, i + chunk_rows); i < e; ++i) {
            rejection_[i] = parse_account_row(t, i, source_, columns_, accounts_[i]);
            id_hash_[i] = IdIndex::hash(accounts_[i].id);
        }
    });
    // 2. in input order: duplicate ids, then the ledger and payment rows of each account
    constexpr std::size_t ahead = 16;  // slots fetched ahead: the index is far larger than cache
    for (std::size_t i = 0; i < std::min(n, ahead); ++i) ids_.prefetch(id_hash_[i]);
    for (std::size_t i = 0; i < n; ++i) {
        if (i + ahead < n) ids_.prefetch(id_hash_[i + ahead]);
        // Every row with an id is recorded, accepted or not: a duplicate rejects the later
        // row (§12) even when the first was itself rejected.
        if (!accounts_[i].id.empty()) {
            std::uint64_t first = 0;
            if (!ids_.insert(id_hash_[i], accounts_[i].id, t.line[i], first) && rejection_[i].empty())
                rejection_[i] = duplicate_message(t, i, source_, columns_, accounts_[i].id, first);
        }
        if (attachments_.empty()) continue;
        if (rejection_[i].empty()) attachments_.attach(accounts_[i]);
        else attachments_.rejected(accounts_[i].id, t.line[i]);
    }
    // 3. recover, and whatever the caller does with a chunk's results
    for_each_chunk(chunks, threads_, [&](std::size_t c) {
        const std::size_t lo = c * chunk_rows, hi = std::min(n, lo + chunk_rows);
        for (std::size_t i = lo; i < hi; ++i) {
            AccountResult& r = results[i];
            if (!rejection_[i].empty()) {
                r.account_id = accounts_[i].id;
                r.schedule.clear();
                r.summary = Summary{};
                r.summary.status = Status::rejected;
                r.summary.message = std::move(rejection_[i]);
                continue;
            }
            recovery_.recover_into(accounts_[i], r, scratch_[c]);
            // The engine's reasons (e.g. a ledger's notice check) say which row, too.
            if (r.summary.status == Status::rejected) r.summary.message.insert(0, where(source_, t, i, -1));
        }
        if (after) after(c, lo, hi);
    });
}

}  // namespace arrears::io
