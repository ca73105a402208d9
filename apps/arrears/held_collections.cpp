// The collection file formatted per chunk and gathered by date (see held_collections.hpp).
#include "held_collections.hpp"

#include <arrears/io/notices.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace arrears::cli {

void HeldCollections::Part::clear() {
    text.clear();
    runs.clear();
    reported.clear();
    pending_.clear();
    cells_.clear();
}

void HeldCollections::Part::add(std::string_view id, std::span<const std::string_view> kept,
                                const AccountResult& r, const Calendar& collection,
                                const std::function<bool(const ScheduleRow&)>& leave_out) {
    width_ = kept.size() + 1;
    const auto account = static_cast<std::uint32_t>(cells_.size() / width_);
    bool any = false;
    for (const ScheduleRow& row : r.schedule) {
        if (row.recovery_amount <= Money()) continue;
        if (leave_out && leave_out(row)) continue;
        any = true;
        pending_.push_back({row.collection_date, account, &row});
        if (!collection.is_working_day(row.collection_date))
            reported.push_back(fmt::format("collections: account {} is collected on {}, which is not a working day "
                                           "of the collection calendar: Bacs cannot take it that day",
                                           id, to_string(row.collection_date)));
    }
    if (!any) return;
    cells_.push_back(id);
    cells_.insert(cells_.end(), kept.begin(), kept.end());
}

void HeldCollections::Part::format(io::Format format, std::span<const std::string_view> columns,
                                   const Calendar& collection) {
    if (pending_.empty()) return;
    // A counting sort by collection date keeps input order within a date.
    const auto [lo, hi] = std::minmax_element(pending_.begin(), pending_.end(),
                                              [](const Pending& a, const Pending& b) { return a.date < b.date; });
    const Date first = lo->date;
    const auto days = static_cast<std::size_t>((hi->date - first).count()) + 1;
    count_.assign(days + 1, 0);
    for (const Pending& p : pending_) ++count_[static_cast<std::size_t>((p.date - first).count()) + 1];
    for (std::size_t d = 0; d < days; ++d) count_[d + 1] += count_[d];
    sorted_.resize(pending_.size());
    for (const Pending& p : pending_) sorted_[count_[static_cast<std::size_t>((p.date - first).count())]++] = p;

    if (format == io::Format::csv) {
        format_csv(collection);
        return;
    }
    CollectionRow out;
    for (std::size_t i = 0; i < sorted_.size(); ++i) {
        const Pending& p = sorted_[i];
        if (i == 0 || p.date != out.collection_date) {
            if (i > 0) runs.emplace_back(out.collection_date.time_since_epoch().count(), text.size());
            out.collection_date = p.date;
            out.processing_date = working_day_before(collection, p.date);
            out.input_by = working_day_before(collection, out.processing_date);
        }
        out.regular_amount = p.row->regular_amount;
        out.recovery_amount = p.row->recovery_amount;
        out.amount = p.row->regular_amount + p.row->recovery_amount;
        const std::string_view* cells = cells_.data() + static_cast<std::size_t>(p.account) * width_;
        io::format_collection(text, format, columns, cells[0], std::span(cells + 1, width_ - 1), out);
    }
    runs.emplace_back(out.collection_date.time_since_epoch().count(), text.size());
}

// The CSV rows, most of a large run's collection file: each account's id and kept cells
// are quoted once, each date's three dates written once, and a row is those two and its amounts.
void HeldCollections::Part::format_csv(const Calendar& collection) {
    prefix_.clear();
    prefix_ends_.clear();
    for (std::size_t k = 0; k < cells_.size(); ++k) {
        io::append_csv_field(prefix_, cells_[k]);
        prefix_ += ',';
        if ((k + 1) % width_ == 0) prefix_ends_.push_back(prefix_.size());
    }
    char dates[33];  // collection_date,processing_date,input_by,
    Date current{};
    for (std::size_t i = 0; i < sorted_.size(); ++i) {
        const Pending& p = sorted_[i];
        if (i == 0 || p.date != current) {
            if (i > 0) runs.emplace_back(current.time_since_epoch().count(), text.size());
            current = p.date;
            const Date processing = working_day_before(collection, p.date);
            format_date_to(p.date, dates);
            format_date_to(processing, dates + 11);
            format_date_to(working_day_before(collection, processing), dates + 22);
            dates[10] = dates[21] = dates[32] = ',';
        }
        const std::size_t from = p.account == 0 ? 0 : prefix_ends_[p.account - 1];
        text.append(prefix_, from, prefix_ends_[p.account] - from);
        text.append(dates, sizeof dates);
        char money[3 * 24];
        char* m = money;
        m += (p.row->regular_amount + p.row->recovery_amount).format_to(m);
        *m++ = ',';
        m += p.row->regular_amount.format_to(m);
        *m++ = ',';
        m += p.row->recovery_amount.format_to(m);
        *m++ = '\n';
        text.append(money, static_cast<std::size_t>(m - money));
    }
    runs.emplace_back(current.time_since_epoch().count(), text.size());
}

void HeldCollections::append(Part& part) { buckets_.add(part.text, part.runs); }

void HeldCollections::write(io::ResultWriter& writer, const std::function<void(std::size_t)>& written) {
    buckets_.drain([&](std::string_view text) {
        writer.append(text);
        written(text.size());
    });
}

}  // namespace arrears::cli
