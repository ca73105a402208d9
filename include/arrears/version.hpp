// The library's version, written here only: CMake's project() reads these three macros, and
// the Python package's __version__ is arrears::version.
#pragma once

#define ARREARS_VERSION_MAJOR 0
#define ARREARS_VERSION_MINOR 1
#define ARREARS_VERSION_PATCH 0

#define ARREARS_STRINGIZE_IMPL(x) #x
#define ARREARS_STRINGIZE(x) ARREARS_STRINGIZE_IMPL(x)
/// "MAJOR.MINOR.PATCH"
#define ARREARS_VERSION_STRING               \
    ARREARS_STRINGIZE(ARREARS_VERSION_MAJOR) \
    "." ARREARS_STRINGIZE(ARREARS_VERSION_MINOR) "." ARREARS_STRINGIZE(ARREARS_VERSION_PATCH)

namespace arrears {
inline constexpr const char* version = ARREARS_VERSION_STRING;
}
