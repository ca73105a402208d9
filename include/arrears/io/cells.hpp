// The cell-reading rule of recovery-rules §12, shared by the CSV reader and the Python
// package's tables, so a file and a DataFrame of the same text read alike: spaces and tabs
// around a cell's text are not part of it (quoted or not), and a row whose cells are all
// empty after that is skipped like a blank line (its line number still counts).
#pragma once

#include <span>
#include <string_view>

namespace arrears::io {

/// Space (U+0020) or tab (U+0009): what is trimmed around a cell.
constexpr bool is_cell_space(char c) noexcept { return c == ' ' || c == '\t'; }

/// `s` without the spaces and tabs around it (header cells, data cells, each `;`-separated
/// skip item, option names such as --map's).
constexpr std::string_view trim_cell(std::string_view s) noexcept {
    while (!s.empty() && is_cell_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_cell_space(s.back())) s.remove_suffix(1);
    return s;
}

/// True when every cell (already trimmed) is empty: a row to skip.
constexpr bool blank_row(std::span<const std::string_view> cells) noexcept {
    for (std::string_view c : cells)
        if (!c.empty()) return false;
    return true;
}

}  // namespace arrears::io
