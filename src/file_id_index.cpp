// The duplicate-id index of a file read again (see detail/file_id_index.hpp).
#include <arrears/io/detail/file_id_index.hpp>
#include <arrears/io/detail/memory.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace arrears::io::detail {

namespace {
// At most 80% full; reserve() sizes for 78%, so an estimate a little short needs no growth.
constexpr std::size_t most_full_percent = 80;
std::size_t slots_for(std::size_t ids) { return std::max<std::size_t>(1024, ids / 78 * 100 + 100); }
}  // namespace

void FileIdIndex::reserve(std::size_t n) {
    if (slots_for(n) > slots_.size()) resize(slots_for(n));
}

bool FileIdIndex::insert(std::uint64_t h, std::string_view id, std::uint64_t line, std::uint64_t& first_line) {
    if (line == 0 || line > 0xFFFFFFFFu) throw std::length_error("the duplicate-id index takes lines 1 to 2^32 - 1");
    if ((size_ + 1) * 100 > slots_.size() * most_full_percent) resize(std::max<std::size_t>(1024, slots_.size() * 2));
    const auto fingerprint = static_cast<std::uint32_t>(h);
    const std::size_t n = slots_.size();
    for (std::size_t i = home(h);; i = i + 1 == n ? 0 : i + 1) {
        Slot& slot = slots_[i];
        if (slot.line == 0) {
            slot = Slot{fingerprint, static_cast<std::uint32_t>(line)};
            ++size_;
            return true;
        }
        if (slot.fingerprint == fingerprint) {
            ++rereads_;
            const std::optional<std::string_view> seen = id_at_(slot.line);
            if (seen && *seen == id) {
                first_line = slot.line;
                return false;
            }
        }
    }
}

void FileIdIndex::place(std::uint64_t h, std::uint32_t line) noexcept {
    const std::size_t n = slots_.size();
    std::size_t i = home(h);
    while (slots_[i].line != 0) i = i + 1 == n ? 0 : i + 1;
    slots_[i] = Slot{static_cast<std::uint32_t>(h), line};
}

void FileIdIndex::resize(std::size_t slots) {
    // The hashes are not kept: the ids are read again, in file order so that each window of
    // rows is read once.
    if (slots > (std::uint64_t{1} << 32)) throw std::length_error("the duplicate-id index holds at most 2^32 slots");
    std::vector<std::uint32_t> lines;
    lines.reserve(size_);
    for (const Slot& s : slots_)
        if (s.line != 0) lines.push_back(s.line);
    std::sort(lines.begin(), lines.end());
    slots_ = std::vector<Slot>();
    slots_.reserve(slots);
    advise_huge_pages(slots_.data(), slots * sizeof(Slot));
    slots_.assign(slots, Slot{});
    for (const std::uint32_t line : lines) {
        const std::optional<std::string_view> id = id_at_(line);
        if (!id) throw std::runtime_error("the row on line " + std::to_string(line) + " cannot be read again");
        place(hash(*id), line);
    }
}

}  // namespace arrears::io::detail
