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

}  // namespace arrears::io::detail
