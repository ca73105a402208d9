// Reading a whole file into one buffer (see file.hpp).
#include <arrears/io/detail/memory.hpp>
#include <arrears/io/file.hpp>

#include <arrears/error.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>

#include <sys/stat.h>

namespace arrears::io {

std::string size_words(std::uint64_t bytes) {
    std::string digits = std::to_string(bytes), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    out += bytes == 1 ? " byte" : " bytes";
    if (bytes >= 1024) {
        static constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = static_cast<double>(bytes) / 1024;
        std::size_t u = 0;
        while (v >= 1024 && u + 1 < std::size(units)) {
            v /= 1024;
            ++u;
        }
        char text[32];
        std::snprintf(text, sizeof text, " (%.1f %s)", v, units[u]);
        out += text;
    }
    return out;
}

std::string read_whole_file(const std::string& path, const std::string& src, std::size_t max_bytes,
                            std::string_view what) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw InputError(src + ": cannot open: " + std::strerror(errno));
    std::string buffer;
    auto too_big = [&](std::uint64_t bytes, bool at_least) {
        std::fclose(f);
        return InputError(src + ": too big for " + std::string(what) + ": " + (at_least ? "more than " : "") +
                          size_words(bytes) + ", the most it can be is " + size_words(max_bytes) +
                          "; is it the right file?");
    };
    struct stat st {};
    if (::fstat(::fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            std::fclose(f);
            throw InputError(src + ": is a folder, not a file");
        }
        if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes)
            throw too_big(static_cast<std::uint64_t>(st.st_size), false);
        // A regular file's size lets one read fill the buffer; the loop below covers pipes.
        if (S_ISREG(st.st_mode) && st.st_size > 0) {
            const auto size = static_cast<std::size_t>(st.st_size);
            buffer.reserve(size);
            detail::advise_huge_pages(buffer.data(), size);
            buffer.resize(size);
            buffer.resize(std::fread(buffer.data(), 1, buffer.size(), f));
        }
    }
    char chunk[1 << 16];
    std::size_t got;
    while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (got > max_bytes - std::min(max_bytes, buffer.size()))
            throw too_big(max_bytes, true);  // a pipe, or a file that grew
        buffer.append(chunk, got);
    }
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (failed) throw InputError(src + ": cannot read: " + std::strerror(err));
    return buffer;
}

}  // namespace arrears::io
