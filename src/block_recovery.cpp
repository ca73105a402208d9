// Recovering a stream of account rows a block at a time (see block_recovery.hpp).
#include <arrears/io/block_recovery.hpp>
#include <arrears/io/detail/file_id_index.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace arrears::io {

BlockRecovery::BlockRecovery(const Recovery& recovery, const AccountColumns& columns, std::string source,
                             Attachments& attachments, ThreadPool& pool, std::size_t expected_rows,
                             std::unique_ptr<detail::DuplicateIndex> ids)
    : recovery_(recovery),
      columns_(columns),
      source_(std::move(source)),
      attachments_(attachments),
      pool_(pool),
      ids_(ids ? std::move(ids) : std::make_unique<detail::IdIndex>()) {
    if (expected_rows) ids_->reserve(expected_rows);
}

void BlockRecovery::run(const TextTable& t, std::vector<AccountResult>& results,
                        const std::function<void(std::size_t, std::size_t, std::size_t)>& after) {
    const std::size_t n = t.rows();
    const std::size_t chunks = BlockRecovery::chunks(n);
    if (accounts_.size() < n) {
        accounts_.resize(n);
        rejection_.resize(n);
        first_.resize(n);
        id_hash_.resize(n);
    }
    if (scratch_.size() < chunks) scratch_.resize(chunks);
    if (results.size() < n) results.resize(n);
    // 1. each row into an account (or the reason it is rejected)
    pool_.for_each_chunk(chunks, [&](std::size_t c) {
        for (std::size_t i = c * chunk_rows, e = std::min(n, i + chunk_rows); i < e; ++i) {
            rejection_[i] = parse_account_row(t, i, source_, columns_, accounts_[i], &recovery_.options());
            id_hash_[i] = detail::DuplicateIndex::hash(accounts_[i].id);
        }
    });
    const bool attached = !attachments_.empty();  // (no ledger or payments: nothing to attach)
    // 2. in input order: duplicate ids, and the ids of rejected rows for the ledger's messages
    constexpr std::size_t ahead = 16;  // slots fetched ahead: the index is far larger than cache
    for (std::size_t i = 0; i < std::min(n, ahead); ++i) ids_->prefetch(id_hash_[i]);
    for (std::size_t i = 0; i < n; ++i) {
        if (i + ahead < n) ids_->prefetch(id_hash_[i + ahead]);
        // Every row with an id is recorded, accepted or not: a duplicate rejects the later
        // row (§12) even when the first was itself rejected.
        first_[i] = 1;
        if (!accounts_[i].id.empty()) {
            std::uint64_t first = 0;
            if (!ids_->insert(id_hash_[i], accounts_[i].id, t.line[i], first)) {
                first_[i] = 0;
                if (rejection_[i].empty())
                    rejection_[i] = duplicate_message(t, i, source_, columns_, accounts_[i].id, first);
            }
        }
        if (!rejection_[i].empty() && attached) attachments_.rejected(accounts_[i].id, t.line[i]);
    }
    // 3. attach the ledger and payment rows, recover, and whatever the caller does with a chunk's results
    pool_.for_each_chunk(chunks, [&](std::size_t c) {
        const std::size_t lo = c * chunk_rows, hi = std::min(n, lo + chunk_rows);
        for (std::size_t i = lo; i < hi; ++i) {
            // The rows to attach are fetched ahead in stages (the table is far larger than cache).
            if (attached)
                for (int stage = 0; stage < 3; ++stage)
                    if (const std::size_t at = i + static_cast<std::size_t>(3 - stage) * 4; at < hi)
                        attachments_.prefetch(id_hash_[at], stage);
            AccountResult& r = results[i];
            if (!rejection_[i].empty()) {
                r.account_id = accounts_[i].id;
                r.schedule.clear();
                r.summary = Summary{};
                r.summary.status = Status::rejected;
                r.summary.message = std::move(rejection_[i]);
                if (rejected_ && first_[i] && !r.account_id.empty()) rejected_(i, r);
                continue;
            }
            // An accepted id is unique among accepted rows: its ledger and payment rows go
            // to this one account, on whichever thread.
            if (attached) attachments_.attach(accounts_[i], id_hash_[i]);
            if (recover_)
                recover_(i, accounts_[i], r);
            else
                recovery_.recover_into(accounts_[i], r, scratch_[c]);
            // The engine's reasons (e.g. a ledger's notice check) say which row, too.
            if (r.summary.status == Status::rejected) r.summary.message.insert(0, row_location(source_, t, i, -1));
        }
        if (after) after(c, lo, hi);
    });
}

std::unique_ptr<detail::DuplicateIndex> duplicate_index(CsvReader& reader, const AccountColumns& columns) {
    if (!reader.rereadable()) return std::make_unique<detail::IdIndex>();
    // The rows of the last checkpoint window read again, with their ids: a file appended to
    // itself asks for the rows of one window after another.
    struct Window {
        std::vector<std::pair<std::uint64_t, std::string>> ids;  // (line, account_id), by line
    };
    auto id_at = [&reader, columns,
                  w = std::make_shared<Window>()](std::uint64_t line) -> std::optional<std::string_view> {
        auto by_line = [](const std::pair<std::uint64_t, std::string>& e, std::uint64_t l) { return e.first < l; };
        auto it = std::lower_bound(w->ids.begin(), w->ids.end(), line, by_line);
        if (it == w->ids.end() || it->first != line) {
            w->ids.clear();
            reader.reread(line, [&](const TextTable& t) {
                for (std::size_t r = 0; r < t.rows(); ++r)
                    w->ids.emplace_back(t.line[r], account_id_cell(t, r, columns));
            });
            it = std::lower_bound(w->ids.begin(), w->ids.end(), line, by_line);
            if (it == w->ids.end() || it->first != line) return std::nullopt;
        }
        return std::string_view(it->second);
    };
    return std::make_unique<detail::FileIdIndex>(std::move(id_at));
}

}  // namespace arrears::io
