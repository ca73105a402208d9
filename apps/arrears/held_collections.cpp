// The collection file formatted per chunk and gathered by date (see held_collections.hpp).
#include "held_collections.hpp"

#include <arrears/detail/sort_by_date.hpp>
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

void HeldCollections::Part::add(std::string_view id, std::span<const std::string_view> kept, const AccountResult& r,
                                const Calendar& collection, const std::function<bool(const ScheduleRow&)>& leave_out) {
    width_ = kept.size() + 1;
    const auto account = static_cast<std::uint32_t>(cells_.size() / width_);
    bool any = false;
    for (const ScheduleRow& row : r.schedule) {
        if (row.recovery_amount <= Money()) continue;
        if (leave_out && leave_out(row)) continue;
        any = true;
        pending_.push_back({row.collection_date, account, &row});
        if (!collection.is_working_day(row.collection_date))
            reported.push_back(
                fmt::format("collections: account {} is collected on {}, which is not a working day "
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
    arrears::detail::sort_by_date(pending_, sorted_, count_, [](const Pending& p) { return p.date; });

    // Each account's key cells (id and kept cells) are formatted once, each date's Bacs days
    // worked out once; a row is those and its amounts.
    keys_.clear();
    key_ends_.clear();
    for (std::size_t k = 0; k < cells_.size(); k += width_) {
        io::format_key_cells(keys_, format, columns, cells_[k], std::span(cells_.data() + k + 1, width_ - 1));
        key_ends_.push_back(keys_.size());
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
        const std::size_t from = p.account == 0 ? 0 : key_ends_[p.account - 1];
        io::format_collections(text, format, columns, std::string_view(keys_).substr(from, key_ends_[p.account] - from),
                               std::span(&out, 1));
    }
    runs.emplace_back(out.collection_date.time_since_epoch().count(), text.size());
}

void HeldCollections::append(Part& part) { buckets_.add(part.text, part.runs); }

void HeldCollections::write(io::ResultWriter& writer, const std::function<void(std::size_t)>& written) {
    buckets_.drain([&](std::string_view text) {
        writer.append(text);
        written(text.size());
    });
}

}  // namespace arrears::cli
