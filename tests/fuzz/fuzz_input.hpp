// What the fuzz targets of one cell read from libFuzzer's bytes: the first byte's low bit
// picks one of two modes (an encoding, a date format), the rest is the cell's text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace fuzz {

/// Aborts (a finding) when a property does not hold.
inline void check(bool ok) {
    if (!ok) std::abort();
}

struct ModeAndCell {
    bool second_mode;
    std::string_view cell;
};

/// Nothing for empty input.
inline std::optional<ModeAndCell> mode_and_cell(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return std::nullopt;
    return ModeAndCell{(data[0] & 1) != 0, std::string_view(reinterpret_cast<const char*>(data + 1), size - 1)};
}

}  // namespace fuzz
