// A stable counting sort of records by a date: the Bacs file's batch (io::BacsBatch) and the
// held collection file (apps/arrears/held_collections.cpp) order a run's collections by
// collection date, those of one date in the order they were added (recovery-rules §14). The
// dates span a few weeks of days, so one pass counts and one places.
#pragma once

#include <arrears/date.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace arrears::detail {

/// `in` (not empty) into `out` (resized to in.size()) ordered by date_of(record), the records
/// of one date in `in`'s order; `count` is scratch, its buffer reused from call to call.
template <class T, class Count, class DateOf>
void sort_by_date(const std::vector<T>& in, std::vector<T>& out, std::vector<Count>& count, DateOf date_of) {
    const auto [lo, hi] =
        std::minmax_element(in.begin(), in.end(), [&](const T& a, const T& b) { return date_of(a) < date_of(b); });
    const Date first = date_of(*lo);
    const auto days = static_cast<std::size_t>((date_of(*hi) - first).count()) + 1;
    count.assign(days + 1, 0);
    for (const T& p : in) ++count[static_cast<std::size_t>((date_of(p) - first).count()) + 1];
    for (std::size_t d = 0; d < days; ++d) count[d + 1] += count[d];
    out.resize(in.size());
    for (const T& p : in) out[count[static_cast<std::size_t>((date_of(p) - first).count())]++] = p;
}

}  // namespace arrears::detail
