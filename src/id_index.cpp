// The duplicate-id index of BlockRecovery (see detail/id_index.hpp).
#include <arrears/io/detail/id_index.hpp>
#include <arrears/io/detail/memory.hpp>

#include <algorithm>
#include <new>
#include <stdexcept>
#include <type_traits>

namespace arrears::io::detail {

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
    if (slots > slot_count_) rehash(slots);
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

std::uint64_t DuplicateIndex::hash(std::string_view id) noexcept { return hash_id(id); }

bool IdIndex::insert(std::uint64_t h, std::string_view id, std::uint64_t line, std::uint64_t& first_line) {
    if ((ids_.size() + 1) * 10 > slot_count_ * 7) rehash(std::max<std::size_t>(1024, slot_count_ * 2));
    const std::size_t mask = slot_count_ - 1;
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
    static_assert(std::is_trivially_copyable_v<Slot>);
    std::unique_ptr<Slot[], Free> fresh(static_cast<Slot*>(std::calloc(slots, sizeof(Slot))));
    if (!fresh) throw std::bad_alloc();
    advise_huge_pages(fresh.get(), slots * sizeof(Slot));
    const std::size_t mask = slots - 1;
    for (std::size_t k = 0; k < slot_count_; ++k) {
        const Slot& s = slots_[k];
        if (s.id == 0) continue;
        std::size_t i = s.hash & mask;
        while (fresh[i].id != 0) i = (i + 1) & mask;
        fresh[i] = s;
    }
    slots_ = std::move(fresh);
    slot_count_ = slots;
}

std::vector<std::pair<void*, std::size_t>> IdIndex::reserved_memory() noexcept {
    std::vector<std::pair<void*, std::size_t>> out;
    if (!slot_count_) return out;  // nothing reserved or inserted yet
    try {
        out.emplace_back(slots_.get(), slot_count_ * sizeof(Slot));
        out.emplace_back(ids_.data(), ids_.capacity() * sizeof(Id));
        out.emplace_back(arena_.data(), arena_.capacity());
    } catch (...) {  // (no room for three pairs: nothing to touch ahead)
        out.clear();
    }
    return out;
}

}  // namespace arrears::io::detail
