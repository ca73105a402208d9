// Large buffers and the cost of first touching them. A buffer of tens of megabytes (the
// input file, the duplicate-id index, the Python result columns) is touched one 4 KiB page
// at a time, and on a virtual machine each first touch is an expensive fault. Asking for
// transparent huge pages on such a buffer (Linux, `madvise` mode) makes it one fault per
// 2 MiB. Only advice: nothing changes where it is not available. Also here: having the
// kernel back pages ahead of their writers on another thread (populate_pages), and
// zero-filled arrays mapped on their own (MappedArray).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
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

/// Zero-filled room for `size()` elements of a trivial type, mapped on its own, 2 MiB-aligned
/// with huge pages advised (Linux; elsewhere calloc), so a page is first touched only where
/// an element is written, by whichever thread writes it. Moved, never copied; grow() copies
/// the elements into a larger mapping (nothing may be using them meanwhile). Throws
/// std::bad_alloc when the memory cannot be had.
template <class T>
class MappedArray {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    MappedArray() = default;
    explicit MappedArray(std::size_t n) : size_(n) {
        if (n == 0) return;
        if (n > (std::size_t{1} << 47) / sizeof(T)) throw std::bad_alloc();
#if defined(__linux__)
        constexpr std::size_t huge = std::size_t{2} << 20;
        bytes_ = (n * sizeof(T) + huge - 1) & ~(huge - 1);
        void* p = ::mmap(nullptr, bytes_ + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        // The aligned part kept, the rest (less than 2 MiB either side) given back.
        const auto at = reinterpret_cast<std::uintptr_t>(p);
        const std::uintptr_t aligned = (at + huge - 1) & ~(huge - 1);
        if (aligned > at) ::munmap(p, aligned - at);
        if (const std::uintptr_t tail = at + bytes_ + huge - (aligned + bytes_); tail > 0)
            ::munmap(reinterpret_cast<void*>(aligned + bytes_), tail);
        data_ = reinterpret_cast<T*>(aligned);
        advise_huge_pages(data_, bytes_);
#else
        data_ = static_cast<T*>(std::calloc(n, sizeof(T)));
        if (data_ == nullptr) throw std::bad_alloc();
#endif
    }
    MappedArray(MappedArray&& o) noexcept
        : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)), bytes_(std::exchange(o.bytes_, 0)) {}
    MappedArray& operator=(MappedArray&& o) noexcept {
        MappedArray(std::move(o)).swap(*this);
        return *this;
    }
    MappedArray(const MappedArray&) = delete;
    MappedArray& operator=(const MappedArray&) = delete;
    ~MappedArray() {
#if defined(__linux__)
        if (data_ != nullptr) ::munmap(data_, bytes_);
#else
        std::free(data_);
#endif
    }
    void swap(MappedArray& o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
        std::swap(bytes_, o.bytes_);
    }

    /// Replaces the room with `n` (at least size()) elements, the first size() copied.
    void grow(std::size_t n) {
        MappedArray grown(n);
        if (size_ > 0) std::memcpy(static_cast<void*>(grown.data_), data_, size_ * sizeof(T));
        swap(grown);
    }

    [[nodiscard]] T* data() const noexcept { return data_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    T& operator[](std::size_t i) const noexcept { return data_[i]; }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t bytes_ = 0;
};

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
