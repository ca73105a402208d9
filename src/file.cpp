// Reading a whole file into one buffer (see file.hpp).
#include <arrears/io/file.hpp>
#include <arrears/io/detail/memory.hpp>

#include <arrears/error.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <sys/stat.h>

namespace arrears::io {

std::string read_whole_file(const std::string& path, const std::string& src) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw InputError(src + ": cannot open: " + std::strerror(errno));
    std::string buffer;
    struct stat st {};
    if (::fstat(::fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            std::fclose(f);
            throw InputError(src + ": is a folder, not a file");
        }
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
    while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0) buffer.append(chunk, got);
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (failed) throw InputError(src + ": cannot read: " + std::strerror(err));
    return buffer;
}

}  // namespace arrears::io
