// Buckets of text spilled to an unnamed scratch file (see spilled_buckets.hpp).
#include <arrears/io/detail/spilled_buckets.hpp>

#include <arrears/io/output.hpp>

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace arrears::io::detail {

namespace {

// `n` is what the failed call returned: 0 (nothing written, or the file ended) sets no errno.
[[noreturn]] void fail(const std::string& what, ssize_t n = -1) {
    throw WriteError(what + ": " + std::strerror(n == 0 ? EIO : errno));
}

// An unnamed file in `folder`: O_TMPFILE where the file system has it, else a named one
// removed at once. Either way it disappears with the process, even on SIGKILL.
int open_scratch(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    std::string name = folder + "/.arrears-scratch-XXXXXX";
    const int named = ::mkostemp(name.data(), O_CLOEXEC);
    if (named < 0) fail("cannot create a scratch file in " + folder);
    ::unlink(name.c_str());
    return named;
}

// Writes every byte of `pieces` at `offset`, as few calls as the system allows.
void write_all(int fd, std::uint64_t offset, std::span<const std::string_view> pieces, const std::string& folder) {
    std::vector<iovec> iov;
    iov.reserve(std::min<std::size_t>(pieces.size(), IOV_MAX));
    for (std::size_t next = 0; next < pieces.size();) {
        iov.clear();
        for (; next < pieces.size() && iov.size() < IOV_MAX; ++next)
            if (!pieces[next].empty()) iov.push_back({const_cast<char*>(pieces[next].data()), pieces[next].size()});
        for (std::size_t first = 0; first < iov.size();) {
            const ssize_t n =
                ::pwritev(fd, iov.data() + first, static_cast<int>(iov.size() - first), static_cast<off_t>(offset));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot write the scratch file in " + folder, n);
            offset += static_cast<std::uint64_t>(n);
            for (auto left = static_cast<std::size_t>(n); left > 0;) {  // skip what was written
                const std::size_t step = std::min(left, iov[first].iov_len);
                iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + step;
                iov[first].iov_len -= step;
                left -= step;
                if (iov[first].iov_len == 0) ++first;
            }
        }
    }
}

}  // namespace

SpilledBuckets::SpilledBuckets(std::string folder, std::size_t budget)
    : folder_(folder.empty() ? "." : std::move(folder)), budget_(budget) {}

SpilledBuckets::~SpilledBuckets() {
    if (fd_ >= 0) ::close(fd_);
}

void SpilledBuckets::add(std::string& text, std::span<const Run> runs) {
    if (text.empty()) return;
    held_bytes_ += text.size();
    Held& h = held_.emplace_back();
    h.text.swap(text);
    h.runs.assign(runs.begin(), runs.end());
    if (!spare_.empty()) {
        text.swap(spare_.back());
        spare_.pop_back();
        spare_used_.pop_back();
    }
    if (held_bytes_ > budget_) spill();
}

std::map<std::int64_t, std::vector<std::string_view>> SpilledBuckets::pieces() const {
    std::map<std::int64_t, std::vector<std::string_view>> out;
    for (const Held& h : held_) {
        std::size_t from = 0;
        for (const auto& [key, end] : h.runs) {
            out[key].push_back(std::string_view(h.text).substr(from, end - from));
            from = end;
        }
    }
    return out;
}

void SpilledBuckets::spill() {
    if (fd_ < 0) fd_ = open_scratch(folder_);
    for (const auto& [key, views] : pieces()) {
        std::uint64_t size = 0;
        for (std::string_view v : views) size += v.size();
        write_all(fd_, end_, views, folder_);
        spilled_[key].emplace_back(spill_ends_.size(), size);
        end_ += size;
    }
    spill_ends_.push_back(end_);
    for (Held& h : held_) {
        const std::size_t used = h.text.size();
        h.text.clear();
        if (spare_.size() < 64) {  // the next texts' buffers
            spare_.push_back(std::move(h.text));
            spare_used_.push_back(used);
        }
    }
    held_.clear();
    held_bytes_ = 0;
}

namespace {

// A text's buffer as small as this is not used as a read-ahead buffer: too many reads.
constexpr std::size_t spare_min = std::size_t{32} << 10;

// One spill's part of the scratch file, read ahead in large pieces as its keys come up.
class SpillReader {
public:
    // `buf` is the read-ahead buffer, `size` bytes of it used.
    SpillReader(int fd, std::uint64_t from, std::uint64_t to, std::string buf, std::size_t size)
        : fd_(fd), next_(from), end_(to), buf_(std::move(buf)) {
        buf_.resize(size);
    }
    // Passes the next `size` bytes to `out`, in pieces.
    void take(std::uint64_t size, const std::function<void(std::string_view)>& out, const std::string& folder) {
        while (size > 0) {
            if (at_ == have_) fill(folder);
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(size, have_ - at_));
            out(std::string_view(buf_.data() + at_, n));
            at_ += n;
            size -= n;
        }
    }

private:
    void fill(const std::string& folder) {
        have_ = static_cast<std::size_t>(std::min<std::uint64_t>(buf_.size(), end_ - next_));
        at_ = 0;
        for (std::size_t done = 0; done < have_;) {
            const ssize_t n = ::pread(fd_, buf_.data() + done, have_ - done, static_cast<off_t>(next_ + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot read the scratch file in " + folder, n);
            done += static_cast<std::size_t>(n);
        }
        next_ += have_;
    }

    int fd_;
    std::uint64_t next_, end_;
    std::string buf_;
    std::size_t at_ = 0, have_ = 0;
};

}  // namespace

void SpilledBuckets::drain(const std::function<void(std::string_view)>& out) {
    auto in_memory = pieces();
    std::vector<std::int64_t> keys;
    for (const auto& kv : spilled_) keys.push_back(kv.first);
    for (const auto& kv : in_memory) keys.push_back(kv.first);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    // The read-ahead buffers together take about the budget (64 KiB to 1 MiB each). The
    // buffers of the texts spilled serve first, as far as those texts reached (a chunk's
    // text, tens of kilobytes or more): that memory is touched already, where a new buffer's
    // pages would each be faulted in (on a virtual machine microseconds a page).
    const std::size_t buffer =
        std::clamp<std::size_t>(budget_ / std::max<std::size_t>(1, spill_ends_.size()), 64 << 10, 1 << 20);
    std::vector<SpillReader> readers;
    for (std::size_t i = 0; i < spill_ends_.size(); ++i) {
        std::string buf;
        std::size_t size = 0;
        while (!spare_.empty() && size < spare_min) {
            buf.swap(spare_.back());
            size = std::min(spare_used_.back(), buffer);
            spare_.pop_back();
            spare_used_.pop_back();
        }
        if (size < spare_min) size = buffer;
        readers.emplace_back(fd_, i == 0 ? 0 : spill_ends_[i - 1], spill_ends_[i], std::move(buf), size);
    }
    for (std::int64_t key : keys) {
        if (const auto s = spilled_.find(key); s != spilled_.end())
            for (const auto& [spill, size] : s->second) readers[spill].take(size, out, folder_);
        if (const auto m = in_memory.find(key); m != in_memory.end())
            for (std::string_view v : m->second) out(v);
    }
    held_.clear();
    held_bytes_ = 0;
    spilled_.clear();
    spill_ends_.clear();
}

}  // namespace arrears::io::detail
