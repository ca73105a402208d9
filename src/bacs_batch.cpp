// BacsBatch (see io/bacs.hpp): a run's collections, a chunk of accounts at a time — each
// collection's processing day against the file's 31 days, the payers' bank details checked
// (recovery-rules §14: a refusal reported, the account's collections left out) — sorted by
// collection date into Standard 18 records or their held short form. The record's field
// positions and the documents they come from are in bacs_fields.hpp.
#include <arrears/io/bacs.hpp>

#include "bacs_fields.hpp"

#include <arrears/detail/sort_by_date.hpp>
#include <arrears/notice.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io {

using namespace bacs_fields;

using arrears::to_string;  // dates (io has its own to_string for encodings)

// ---- the records of a run's collections ---------------------------------------------------
void BacsBatch::clear() {
    text.clear();
    runs.clear();
    reported.clear();
    later = names_cut = left_out = 0;
    pending_.clear();
    deferred_.clear();
    cells_.clear();
    payees_used_ = 0;  // their strings keep their buffers for the next accounts
}

void BacsBatch::add(std::string_view id, std::span<const Due> collections, const BankCells& details) {
    const Date last = originator_.date + date::days(31);  // Bacs takes no processing day further ahead
    const std::size_t mark = pending_.size();
    const auto payee = static_cast<std::uint32_t>(payees_used_ + deferred_.size());
    Money in_file;
    for (const Due& c : collections) {
        if (c.processing > last) {
            ++later;
            continue;
        }
        if (c.processing <= originator_.date) {
            reported.push_back("bacs: account " + std::string(id) + "'s collection of " + money_words(c.amount) +
                               " on " + to_string(c.collection_date) + " is processed on " + to_string(c.processing) +
                               ", not after the file's date " + to_string(originator_.date) +
                               " (--bacs-date): too late for this Bacs file");
            ++left_out;
            continue;
        }
        if (report_closed_ && !calendar_.is_working_day(c.collection_date))
            reported.push_back("bacs: account " + std::string(id) + " is collected on " + to_string(c.collection_date) +
                               ", which is not a working day of the collection calendar: processed on " +
                               to_string(c.processing) + ", Bacs debits it on " +
                               to_string(working_day_after(calendar_, c.processing)));
        in_file = in_file + c.amount;
        pending_.push_back({c.collection_date, c.processing, payee, c.amount});
    }
    const std::size_t count = pending_.size() - mark;
    if (count == 0) return;
    // The details copied for check_details(): the account's texts one after another.
    Deferred d{{}, mark, count, reported.size(), in_file, details.moved_sort_code, details.moved_account};
    std::size_t k = 0;
    for (const std::string_view cell :
         {details.sort_code, details.account_number, details.name, details.reference, id}) {
        d.at[k++] = cells_.size();
        cells_.append(cell);
    }
    d.at[k] = cells_.size();
    deferred_.push_back(d);
}

void BacsBatch::check_details() {
    // Each account's details checked in the order added; a refusal is reported where add()
    // stood for the account (after its own too-late reports), its collections dropped.
    if (payees_.size() < payees_used_ + deferred_.size()) payees_.resize(payees_used_ + deferred_.size());
    checked_.clear();
    std::size_t next_reported = 0;
    bool dropped = false;
    for (std::size_t p = 0; p < deferred_.size(); ++p) {
        const Deferred& d = deferred_[p];
        const auto cell = [&](std::size_t k) {
            return std::string_view(cells_).substr(d.at[k], d.at[k + 1] - d.at[k]);
        };
        const BankCells cells{cell(0), cell(1), cell(2), cell(3), d.moved_sort_code, d.moved_account};
        BacsPayee& payee = payees_[payees_used_ + p];
        const std::string why = bank_details(cells, payee);
        if (why.empty()) {
            if (payee.name_cut) ++names_cut;
            continue;
        }
        for (; next_reported < d.reported_at; ++next_reported) checked_.push_back(std::move(reported[next_reported]));
        const std::string id(cell(4));
        const Date first = pending_[d.first_pending].collection_date,
                   final = pending_[d.first_pending + d.count - 1].collection_date;
        checked_.push_back(d.count == 1 ? "bacs: account " + id + "'s collection of " + money_words(d.in_file) +
                                              " on " + to_string(first) + " is left out of the Bacs file: " + why
                                        : "bacs: account " + id + "'s " + std::to_string(d.count) + " collections, " +
                                              money_words(d.in_file) + " from " + to_string(first) + " to " +
                                              to_string(final) + ", are left out of the Bacs file: " + why);
        left_out += d.count;
        for (std::size_t i = 0; i < d.count; ++i) pending_[d.first_pending + i].payee = refused;
        dropped = true;
    }
    payees_used_ += deferred_.size();
    deferred_.clear();  // each account checked once, whatever follows
    cells_.clear();
    if (!dropped) return;
    for (; next_reported < reported.size(); ++next_reported) checked_.push_back(std::move(reported[next_reported]));
    reported.swap(checked_);
    std::erase_if(pending_, [](const Pending& x) { return x.payee == refused; });
}

void BacsBatch::finish() {
    check_details();
    if (pending_.empty()) return;
    arrears::detail::sort_by_date(pending_, sorted_, count_, [](const Pending& p) { return p.collection_date; });
    // Each record is one made once (the originator's fields, the codes) with its payer's
    // fields (made once a payer), amount and day filled in: a large run has a million records
    // or more. Every field filled in is filled in for each record, so the one line is reused.
    const std::string model = model_record(originator_);
    char line[bacs_line];
    std::memcpy(line, model.data(), bacs_line);
    const bool held = form_ == Form::held;
    payer_fields_.resize(payees_used_ * payer_width);
    for (std::size_t k = 0; k < payees_used_; ++k) {
        char* f = payer_fields_.data() + k * payer_width;
        put_chars(f, 0, payees_[k].sort_code);
        put_chars(f, 6, payees_[k].account);
        put_text(f, 14, bacs_field_width, payees_[k].reference);
        put_text(f, 14 + bacs_field_width, bacs_field_width, payees_[k].name);
    }
    text.reserve(text.size() + sorted_.size() * (held ? bacs_held_length : bacs_line));
    char day[6] = {};
    Date day_of{};
    for (std::size_t k = 0; k < sorted_.size(); ++k) {
        const Pending& p = sorted_[k];
        if (k > 0 && p.collection_date != sorted_[k - 1].collection_date)
            runs.emplace_back(sorted_[k - 1].collection_date.time_since_epoch().count(), text.size());
        if (k == 0 || p.processing != day_of) {
            day_of = p.processing;
            put_bacs_date(day, day_of);
        }
        if (p.amount.pence() <= 0 || static_cast<std::uint64_t>(p.amount.pence()) > max_amount)
            throw InputError("a Bacs debit of " + p.amount.to_string() + " is not 0.01 to 999,999,999.99");
        const char* f = payer_fields_.data() + p.payee * payer_width;
        if (held) {  // BacsWriter::held_records()'s form
            char h[bacs_held_length];
            std::memcpy(h + held_payer, f, 14);
            put_number(h, held_amount, amount_digits, static_cast<std::uint64_t>(p.amount.pence()));
            std::memcpy(h + held_names, f + 14, 2 * bacs_field_width);
            std::memcpy(h + held_day, day, 6);
            text.append(h, bacs_held_length);
            continue;
        }
        std::memcpy(line + at_payer_sort_code, f, 14);                   // sort code, account
        std::memcpy(line + at_reference, f + 14, 2 * bacs_field_width);  // reference, account name
        put_number(line, at_amount, amount_digits, static_cast<std::uint64_t>(p.amount.pence()));
        std::memcpy(line + at_processing, day, 6);
        text.append(line, bacs_line);
    }
    runs.emplace_back(sorted_.back().collection_date.time_since_epoch().count(), text.size());
}
}  // namespace arrears::io
