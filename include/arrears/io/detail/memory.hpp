// Large buffers and the cost of first touching them. A buffer of tens of megabytes (the
// input file, the duplicate-id index, the Python result columns) is touched one 4 KiB page
// at a time, and on a virtual machine each first touch is an expensive fault. Asking for
// transparent huge pages on such a buffer (Linux, `madvise` mode) makes it one fault per
// 2 MiB. Only advice: nothing changes where it is not available.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

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

/// An allocator whose vectors leave new elements of a trivial type unwritten on resize():
/// growing such a vector within its capacity touches no memory, so the elements can be
/// written (and their pages first touched) later, on other threads.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = DefaultInitAllocator<U>;
    };
    using std::allocator<T>::allocator;
    template <class U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

/// Resizes `v` to `n` elements, making room first and advising huge pages for it when `v`
/// has to grow.
template <class T>
void resize_huge(std::vector<T>& v, std::size_t n) {
    if (n > v.capacity()) {
        std::vector<T> grown;
        grown.reserve(n);
        advise_huge_pages(grown.data(), n * sizeof(T));
        grown.assign(v.begin(), v.end());
        v.swap(grown);
    }
    v.resize(n);
}

}  // namespace arrears::io::detail
