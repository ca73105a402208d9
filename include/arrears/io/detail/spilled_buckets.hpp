// Text gathered under integer keys in input order and read back key by key, as the
// collection file is written (sorted by collection date, then input order): beyond a
// budget of bytes held, everything held goes to a scratch file, key by key, so memory
// stays bounded however many rows a run has.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io::detail {

class SpilledBuckets {
public:
    /// A run of a text's bytes: its key, and where it ends in the text (it starts where the
    /// previous run ends).
    using Run = std::pair<std::int64_t, std::size_t>;

    /// Spills to an unnamed file in `folder` (nothing is left behind, however the run ends)
    /// once more than `budget` bytes are held.
    SpilledBuckets(std::string folder, std::size_t budget);
    SpilledBuckets(const SpilledBuckets&) = delete;
    SpilledBuckets& operator=(const SpilledBuckets&) = delete;
    ~SpilledBuckets();

    /// Takes `text`, cut into `runs`, without copying it: `text` is left empty (holding a
    /// buffer of an earlier text, to be reused). Throws WriteError when spilling fails.
    void add(std::string& text, std::span<const Run> runs);
    /// Calls `out` with every key's text, keys ascending, each in the order it was added (in
    /// pieces); nothing is held afterwards. Throws WriteError when the scratch file fails.
    void drain(const std::function<void(std::string_view)>& out);
    /// Bytes spilled so far (tests see whether the file was used).
    [[nodiscard]] std::uint64_t spilled() const noexcept { return end_; }

private:
    struct Held {
        std::string text;
        std::vector<Run> runs;
    };
    // Each key's pieces of the held texts, in input order.
    [[nodiscard]] std::map<std::int64_t, std::vector<std::string_view>> pieces() const;
    void spill();

    std::string folder_;
    std::size_t budget_;
    std::vector<Held> held_;
    std::size_t held_bytes_ = 0;
    std::vector<std::string> spare_;       // buffers of spilled texts, handed back by add()
    std::vector<std::size_t> spare_used_;  // how far each was filled (its pages touched)
    // Each spill writes every key's bytes, keys ascending, after the previous spill's: the
    // file is read back as a merge of those runs, each read ahead sequentially.
    std::vector<std::uint64_t> spill_ends_;                                               // where each spill ends
    std::map<std::int64_t, std::vector<std::pair<std::size_t, std::uint64_t>>> spilled_;  // spill, size
    int fd_ = -1;
    std::uint64_t end_ = 0;
};

}  // namespace arrears::io::detail
