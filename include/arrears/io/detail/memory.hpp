// Large buffers and the cost of first touching them. A buffer of tens of megabytes (the
// input file, the duplicate-id index, the Python result columns) is touched one 4 KiB page
// at a time, and on a virtual machine each first touch is an expensive fault. Asking for
// transparent huge pages on such a buffer (Linux, `madvise` mode) makes it one fault per
// 2 MiB. Only advice: nothing changes where it is not available. Also here: having the
// kernel back pages ahead of their writers on another thread (populate_pages). Zero-filled
// arrays mapped on their own: mapped_array.hpp.
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

/// Has the kernel back the pages of [data, data + bytes) now (Linux 5.14 and later;
/// elsewhere nothing), as writing them would, but without writing: another thread may write
/// them meanwhile. Pages only partly in the range are left alone. False when the kernel
/// refuses (an older kernel, memory no longer mapped) or cannot be asked.
inline bool populate_pages(void* data, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    constexpr std::uintptr_t page = 4096;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + page - 1) & ~(page - 1);
    const std::uintptr_t last = (begin + bytes) & ~(page - 1);
    return !data || last <= first || ::madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE) == 0;
#else
    (void)data;
    (void)bytes;
    return false;
#endif
}

}  // namespace arrears::io::detail
