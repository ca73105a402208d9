// What the fuzz targets of one cell read from libFuzzer's bytes: the first byte's low bit
// picks one of two modes (an encoding, a date format), the rest is the cell's text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <utility>

namespace fuzz {

/// Aborts (a finding) when a property does not hold.
inline void check(bool ok) {
    if (!ok) std::abort();
}

/// The mode (`first` or `second`, by the first byte's low bit) and the cell; nothing for
/// empty input.
template <class Mode>
std::optional<std::pair<Mode, std::string_view>> mode_and_cell(const std::uint8_t* data, std::size_t size, Mode first,
                                                               Mode second) {
    if (size == 0) return std::nullopt;
    return std::pair{(data[0] & 1) != 0 ? second : first,
                     std::string_view(reinterpret_cast<const char*>(data + 1), size - 1)};
}

}  // namespace fuzz
