// The limits on each part of a split (recovery-rules §8): whether a split keeps the ceiling
// (from `cap` and `no_double_payment`) and the floor (`min_recovery`), and how a `review`
// message names them with their values. An internal of recovery.hpp.
#pragma once

#include <arrears/money.hpp>
#include <arrears/options.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace arrears::detail {

/// Whether the split of `arrears` over `k` parts keeps both limits: no part above the
/// ceiling, and (unless there is one part) none below the floor; a 0p part is under any floor.
inline bool keeps_limits(Money arrears, Remainder remainder, std::size_t k, const std::optional<Money>& ceiling,
                         const std::optional<Money>& floor) {
    const std::int64_t kk = static_cast<std::int64_t>(k);
    if (ceiling && largest_part(arrears, kk, remainder) > *ceiling) return false;
    return !floor || k == 1 || smallest_part(arrears, kk, remainder) >= *floor;
}

/// The limits of a plan collecting `regular`, named with their values and where they come
/// from: "the ceiling 266.08 (cap 50% of 532.17) and the floor 5.00 (min recovery)".
inline std::string limits_text(const Options& o, Money regular, const std::optional<Money>& ceiling,
                               const std::optional<Money>& floor) {
    std::string out;
    if (ceiling) {
        const bool no_double = o.double_payment == DoublePayment::forbidden;
        out = "the ceiling " + ceiling->to_string() + " (";
        if (o.cap) out += "cap " + o.cap->to_string() + " of " + regular.to_string();
        if (o.cap && no_double) out += "; ";
        if (no_double) out += "no double payment on " + regular.to_string();
        out += ")";
    }
    if (floor) {
        if (!out.empty()) out += " and ";
        out += "the floor " + floor->to_string() + (o.min_recovery ? " (min recovery)" : " (whole-pounds minimum)");
    }
    return out;
}

}  // namespace arrears::detail
