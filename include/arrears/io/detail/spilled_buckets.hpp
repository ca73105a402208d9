// Text gathered under integer keys in input order and read back key by key, as the
// collection file is written (sorted by collection date, then input order): beyond a
// budget of bytes held, everything held goes to a scratch file, so memory stays bounded
// however many rows a run has.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io::detail {

class SpilledBuckets {
public:
    /// Spills to an unnamed file in `folder` (nothing is left behind, however the run ends)
    /// once more than `budget` bytes are held. Throws WriteError when the file cannot be made.
    SpilledBuckets(const std::string& folder, std::size_t budget);
    SpilledBuckets(const SpilledBuckets&) = delete;
    SpilledBuckets& operator=(const SpilledBuckets&) = delete;
    ~SpilledBuckets();

    /// Appends `text` to bucket `key`. Throws WriteError when spilling fails (a full disk).
    void add(std::int64_t key, std::string_view text);
    /// Calls `out` with every bucket's text, keys ascending, each in the order it was added
    /// (in pieces); the buckets are left empty. Throws WriteError when reading back fails.
    void drain(const std::function<void(std::string_view)>& out);
    /// Bytes spilled so far (tests see whether the file was used).
    [[nodiscard]] std::uint64_t spilled() const noexcept { return end_; }

private:
    struct Bucket {
        std::string held;
        std::vector<std::pair<std::uint64_t, std::uint64_t>> spilled;  // offset, size
    };
    void spill();

    std::map<std::int64_t, Bucket> buckets_;
    std::string folder_;
    int fd_ = -1;
    std::size_t budget_;
    std::size_t held_ = 0;
    std::uint64_t end_ = 0;
};

}  // namespace arrears::io::detail
