// Zero-filled arrays of a trivial type mapped on their own (MappedArray): for the large
// tables a run fills from several threads (the ledger's held rows and the id table), whose
// pages are then first touched only where an element is written, by whichever thread writes
// it, with huge pages advised. Internal to arrears::io.
#pragma once

#include <arrears/io/detail/memory.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace arrears::io::detail {

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
        : data_(std::exchange(o.data_, nullptr)),
          size_(std::exchange(o.size_, 0)),
          bytes_(std::exchange(o.bytes_, 0)) {}
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

}  // namespace arrears::io::detail
