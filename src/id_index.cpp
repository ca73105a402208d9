// The duplicate-id index that keeps every id (see detail/id_index.hpp).
#include <arrears/io/detail/id_index.hpp>
#include <arrears/io/detail/memory.hpp>

namespace arrears::io::detail {

void IdIndex::reserve(std::size_t n) {
    ids_.reserve(n);
    if (n > lines_.capacity()) {
        lines_.reserve(n);
        advise_huge_pages(lines_.data(), n * sizeof(std::uint64_t));
    }
}

std::vector<std::pair<void*, std::size_t>> IdIndex::reserved_memory() noexcept {
    std::vector<std::pair<void*, std::size_t>> out;
    if (ids_.places() == 0) return out;  // nothing reserved or inserted yet
    try {
        out.push_back(ids_.memory());
        out.emplace_back(lines_.data(), lines_.capacity() * sizeof(std::uint64_t));
    } catch (...) {  // (no room for two pairs: nothing to touch ahead)
        out.clear();
    }
    return out;
}

}  // namespace arrears::io::detail
