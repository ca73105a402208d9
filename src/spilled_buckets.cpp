// Buckets of text spilled to an unnamed scratch file (see spilled_buckets.hpp).
#include <arrears/io/detail/spilled_buckets.hpp>

#include <arrears/io/output.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
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

}  // namespace

SpilledBuckets::SpilledBuckets(const std::string& folder, std::size_t budget)
    : folder_(folder.empty() ? "." : folder), budget_(budget) {}

SpilledBuckets::~SpilledBuckets() {
    if (fd_ >= 0) ::close(fd_);
}

void SpilledBuckets::add(std::int64_t key, std::string_view text) {
    if (text.empty()) return;
    buckets_[key].held.append(text);
    held_ += text.size();
    if (held_ > budget_) spill();
}

void SpilledBuckets::spill() {
    if (fd_ < 0) fd_ = open_scratch(folder_);
    for (auto& [key, b] : buckets_) {
        if (b.held.empty()) continue;
        for (std::size_t done = 0; done < b.held.size();) {
            const ssize_t n = ::pwrite(fd_, b.held.data() + done, b.held.size() - done,
                                       static_cast<off_t>(end_ + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot write the scratch file in " + folder_, n);
            done += static_cast<std::size_t>(n);
        }
        b.spilled.emplace_back(end_, b.held.size());
        end_ += b.held.size();
        std::string().swap(b.held);  // memory, not capacity, is what the budget bounds
    }
    held_ = 0;
}

void SpilledBuckets::drain(const std::function<void(std::string_view)>& out) {
    std::string piece;
    for (auto& [key, b] : buckets_) {
        for (const auto& [offset, size] : b.spilled) {
            piece.resize(size);
            for (std::size_t done = 0; done < size;) {
                const ssize_t n = ::pread(fd_, piece.data() + done, size - done, static_cast<off_t>(offset + done));
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) fail("cannot read the scratch file in " + folder_, n);
                done += static_cast<std::size_t>(n);
            }
            out(piece);
        }
        out(b.held);
    }
    buckets_.clear();
    held_ = 0;
}

}  // namespace arrears::io::detail
