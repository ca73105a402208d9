// The library's version.
#pragma once

#define ARREARS_VERSION_MAJOR 0
#define ARREARS_VERSION_MINOR 1
#define ARREARS_VERSION_PATCH 0

namespace arrears {
inline constexpr const char* version = "0.1.0";
}
