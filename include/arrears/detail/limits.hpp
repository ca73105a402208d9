// The limits on each part of a split (recovery-rules §8): the ceiling of each collection
// (from `cap` and `no_double_payment`: each part is held to the ceiling of the collection it
// falls on), the floor (`min_recovery`), whether a split keeps them, and how a `review`
// message names them with their values. An internal of recovery.hpp.
#pragma once

#include <arrears/money.hpp>
#include <arrears/options.hpp>
#include <arrears/plan.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace arrears::detail {

/// The parts of split(total, n, remainder) one at a time, the division done once.
class Split {
public:
    Split(Money total, std::size_t n, Remainder remainder) : n_(static_cast<std::int64_t>(n)), remainder_(remainder) {
        check_split_args(total, n_);
        const std::int64_t a = total.pence();
        if (remainder == Remainder::whole_pounds) {
            const WholePounds wp = whole_pounds_parts(a, n_);
            q_ = wp.other;
            first_ = wp.first;
        } else {
            q_ = a / n_;
            r_ = a % n_;
        }
    }
    /// The i-th part (0-based), as split_part gives it.
    [[nodiscard]] Money operator[](std::size_t i) const noexcept {
        const auto k = static_cast<std::int64_t>(i);
        switch (remainder_) {
        case Remainder::first:
            return Money(q_ + (k < r_ ? 1 : 0));
        case Remainder::last:
            return Money(q_ + (k >= n_ - r_ ? 1 : 0));
        case Remainder::whole_pounds:
            break;
        }
        return Money(k == 0 ? first_ : q_);
    }
    [[nodiscard]] Money smallest() const noexcept {
        if (remainder_ != Remainder::whole_pounds) return Money(q_);
        return Money(n_ == 1 ? first_ : std::min(first_, q_));
    }

private:
    std::int64_t n_;
    Remainder remainder_;
    std::int64_t q_ = 0, r_ = 0, first_ = 0;
};

/// §8 the ceilings of one account's collections: the smaller of the cap (on the plan's
/// `amount`) and, with no_double_payment, what keeps a collection's total below twice its
/// plan amount: its plan amount less 1p on a collection of the plan, twice it less 1p on a
/// collection with no regular part (after the plan's end, a recovered rent-free week).
class Ceilings {
public:
    Ceilings(const Options& o, const Plan& plan) : plan_(plan), no_double_(o.no_double_payment()) {
        if (o.strategy == Strategy::spread && o.cap) cap_ = o.cap->for_regular(plan.amount);
    }
    /// Whether any collection has a ceiling.
    [[nodiscard]] bool any() const noexcept { return cap_ || no_double_; }
    /// The ceiling of collection `c` (only when any()).
    [[nodiscard]] Money at(const Collection& c) const noexcept {
        return of(plan_.amount_of(c.due_date), c.recovery_only);
    }
    /// The ceiling of a collection whose plan amount is `plan_amount`, with no regular part
    /// when `recovery_only` (only when any()).
    [[nodiscard]] Money of(Money plan_amount, bool recovery_only) const noexcept {
        if (!no_double_) return *cap_;
        const Money below_double = plan_amount * 2 - (recovery_only ? Money() : plan_amount) - Money(1);
        return cap_ && *cap_ < below_double ? *cap_ : below_double;
    }
    [[nodiscard]] const std::optional<Money>& cap() const noexcept { return cap_; }
    [[nodiscard]] bool no_double() const noexcept { return no_double_; }

private:
    const Plan& plan_;
    std::optional<Money> cap_;
    bool no_double_;
};

/// Whether the split of `arrears` over `k` parts keeps both limits: each part i at most the
/// ceiling of collection `at(i)`, and (unless there is one part) none below the floor; a 0p
/// part is under any floor.
template <class At>
bool keeps_limits(Money arrears, Remainder remainder, std::size_t k, const Ceilings& ceilings, At&& at,
                  const std::optional<Money>& floor) {
    const Split parts(arrears, k, remainder);
    if (floor && k > 1 && parts.smallest() < *floor) return false;
    if (!ceilings.any()) return true;
    for (std::size_t i = 0; i < k; ++i)
        if (parts[i] > ceilings.at(at(i))) return false;
    return true;
}

/// The limits of an account, named with their values and where they come from: "the
/// ceiling 266.08 (cap 50% of 532.17) and the floor 5.00 (min recovery)"; with
/// no_double_payment, "the ceiling 532.16 (no double payment on 532.17; 1064.33 on a
/// collection with no regular part)" when such a collection is among those tried
/// (`recovery_only`), and the first instalment's own when it is (`first_instalment`).
inline std::string limits_text(const Options& o, const Plan& plan, const Ceilings& ceilings,
                               const std::optional<Money>& floor, bool recovery_only = false,
                               bool first_instalment = false) {
    std::string out;
    if (ceilings.any()) {
        const Money regular = ceilings.of(plan.amount, false);
        out = "the ceiling " + regular.to_string() + " (";
        if (ceilings.cap()) out += "cap " + o.cap->to_string() + " of " + plan.amount.to_string();
        if (ceilings.cap() && ceilings.no_double()) out += "; ";
        if (ceilings.no_double()) out += "no double payment on " + plan.amount.to_string();
        if (first_instalment && ceilings.no_double() && plan.first_amount && *plan.first_amount != plan.amount)
            out += "; " + ceilings.of(*plan.first_amount, false).to_string() + " on the first instalment of " +
                   plan.first_amount->to_string();
        if (recovery_only && ceilings.no_double() && ceilings.of(plan.amount, true) != regular)
            out += "; " + ceilings.of(plan.amount, true).to_string() + " on a collection with no regular part";
        out += ")";
    }
    if (floor) {
        if (!out.empty()) out += " and ";
        out += "the floor " + floor->to_string() + (o.min_recovery ? " (min recovery)" : " (whole-pounds minimum)");
    }
    return out;
}

}  // namespace arrears::detail
