// Large buffers and the cost of first touching them. A buffer of tens of megabytes (the
// input file, the duplicate-id index, the Python result columns) is touched one 4 KiB page
// at a time, and on a virtual machine each first touch is an expensive fault. Asking for
// transparent huge pages on such a buffer (Linux, `madvise` mode) makes it one fault per
// 2 MiB. Only advice: nothing changes where it is not available. (Zero-filled arrays
// mapped on their own: mapped_array.hpp.)
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace arrears::io::detail {

/// Advises the kernel to back the 2 MiB-aligned part of [data, data + bytes) with huge pages.
/// Call it before the memory is first written; small ranges are left alone.
inline void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1);
    const std::uintptr_t last = (begin + bytes) & ~(huge - 1);
    if (data && last > first) (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
    (void)data;
    (void)bytes;
#endif
}

}  // namespace arrears::io::detail
