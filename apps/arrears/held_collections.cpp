// The collection file held compactly and written in date order (see held_collections.hpp).
#include "held_collections.hpp"

#include <arrears/io/notices.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace arrears::cli {

void HeldCollections::Part::clear() {
    cells.clear();
    cell_ends.clear();
    rows.clear();
    reported.clear();
}

void HeldCollections::Part::add(std::string_view id, std::span<const std::string_view> kept,
                                const AccountResult& r, const Calendar& collection) {
    bool any = false;
    const auto account = static_cast<std::uint32_t>(cell_ends.size() / (kept.size() + 1));
    for (const ScheduleRow& row : r.schedule) {
        if (row.recovery_amount <= Money()) continue;
        any = true;
        rows.push_back({row.collection_date, account, row.regular_amount, row.recovery_amount});
        if (!collection.is_working_day(row.collection_date))
            reported.push_back(fmt::format("collections: account {} is collected on {}, which is not a working day "
                                           "of the collection calendar: Bacs cannot take it that day",
                                           id, to_string(row.collection_date)));
    }
    if (!any) return;
    cells += id;
    cell_ends.push_back(static_cast<std::uint32_t>(cells.size()));
    for (std::string_view k : kept) {
        cells += k;
        cell_ends.push_back(static_cast<std::uint32_t>(cells.size()));
    }
}

void HeldCollections::append(Part& part) {
    const std::uint64_t base = cells_.size();
    cells_ += part.cells;
    for (std::uint32_t end : part.cell_ends) cell_ends_.push_back(base + end);
    for (Row row : part.rows) {
        row.account += accounts_;
        rows_.push_back(row);
    }
    accounts_ += static_cast<std::uint32_t>(part.cell_ends.size() / width_);
}

void HeldCollections::write(io::ResultWriter& writer, io::Format format, std::span<const std::string_view> columns,
                            const Calendar& collection) const {
    if (rows_.empty()) return;
    // A counting sort by collection date keeps input order within a date.
    const auto [lo, hi] = std::minmax_element(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) {
        return a.collection_date < b.collection_date;
    });
    const Date first = lo->collection_date;
    const auto days = static_cast<std::size_t>((hi->collection_date - first).count()) + 1;
    std::vector<std::size_t> start(days + 1, 0);
    for (const Row& r : rows_) ++start[static_cast<std::size_t>((r.collection_date - first).count()) + 1];
    for (std::size_t d = 0; d < days; ++d) start[d + 1] += start[d];
    std::vector<std::uint32_t> order(rows_.size());
    for (std::size_t i = 0; i < rows_.size(); ++i)
        order[start[static_cast<std::size_t>((rows_[i].collection_date - first).count())]++] =
            static_cast<std::uint32_t>(i);

    auto cell = [&](std::size_t k) {
        const std::uint64_t from = k == 0 ? 0 : cell_ends_[k - 1];
        return std::string_view(cells_).substr(from, cell_ends_[k] - from);
    };
    std::string text;
    std::vector<std::string_view> kept(width_ - 1);
    CollectionRow out;
    Date bacs_for{};  // the collection date whose Bacs days `out` holds
    bool have_bacs = false;
    for (std::uint32_t i : order) {
        const Row& r = rows_[i];
        if (!have_bacs || r.collection_date != bacs_for) {
            out.processing_date = working_day_before(collection, r.collection_date);
            out.input_by = working_day_before(collection, out.processing_date);
            bacs_for = r.collection_date;
            have_bacs = true;
        }
        out.collection_date = r.collection_date;
        out.regular_amount = r.regular;
        out.recovery_amount = r.recovery;
        out.amount = r.regular + r.recovery;
        const std::size_t at = static_cast<std::size_t>(r.account) * width_;
        for (std::size_t k = 1; k < width_; ++k) kept[k - 1] = cell(at + k);
        io::format_collection(text, format, columns, cell(at), kept, out);
        if (text.size() >= (1u << 20)) {
            writer.append(text);
            text.clear();
        }
    }
    writer.append(text);
}

}  // namespace arrears::cli
