// Reading an input file (a CSV table, a GOV.UK holiday file) whole into one buffer, with
// messages that name the file and the system's reason. Compiled in the arrears::io library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace arrears::io {

/// The whole file at `path` in one buffer. An unreadable file, or a folder, is an
/// InputError naming `source` and the system's reason. A file of more than `max_bytes` is an
/// InputError saying how big it is and the most a `what` can be (a regular file's size is
/// known before any byte is read; a pipe is read up to the limit): a file read whole is held
/// whole in memory, so a wrong file of gigabytes is refused at once, not after it is read.
std::string read_whole_file(const std::string& path, const std::string& source,
                            std::size_t max_bytes = static_cast<std::size_t>(-1), std::string_view what = "file");

/// "12,345,678 bytes (11.8 MiB)": a size for a message.
std::string size_words(std::uint64_t bytes);

}  // namespace arrears::io
