// Reading an input file (a CSV table, a GOV.UK holiday file) whole into one buffer, with
// messages that name the file and the system's reason. Compiled in the arrears::io library.
#pragma once

#include <string>

namespace arrears::io {

/// The whole file at `path` in one buffer. An unreadable file, or a folder, is an
/// InputError naming `source` and the system's reason.
std::string read_whole_file(const std::string& path, const std::string& source);

}  // namespace arrears::io
