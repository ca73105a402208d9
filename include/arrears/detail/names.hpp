// One table of names per enum: the parse_* functions and to_string() of every public enum
// read the same table, so each name (and the "expected a, b or c" list of an error) is
// written once.
#pragma once

#include <arrears/error.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace arrears::detail {

template <class E>
struct Named {
    E value;
    std::string_view name;
};

/// The name of `value` in `table`, or "?" for a value the table lacks.
template <class E, std::size_t N>
constexpr std::string_view name_of(const std::array<Named<E>, N>& table, E value) noexcept {
    for (const Named<E>& n : table)
        if (n.value == value) return n.name;
    return "?";
}

/// "a, b or c": the table's names, for messages and --help.
template <class E, std::size_t N>
std::string names_list(const std::array<Named<E>, N>& table) {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) out += i + 1 == N ? " or " : ", ";
        out += table[i].name;
    }
    return out;
}

/// True when `text` names `name` as recovery-rules §12 reads named values: ignoring ASCII
/// letter case, with spaces, hyphens and underscores alike (any run of them one separator,
/// none at all too) and `4` for `four`: `Monthly`, `4 Weekly`, `4weekly`, `FOUR_WEEKLY` all
/// name `four-weekly`. (Separators are dropped: no two names of a table differ only by them.)
constexpr bool same_name(std::string_view name, std::string_view text) noexcept {
    auto is_separator = [](char c) { return c == ' ' || c == '-' || c == '_'; };
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    std::size_t i = 0, j = 0;
    while (true) {
        while (i < name.size() && is_separator(name[i])) ++i;
        while (j < text.size() && is_separator(text[j])) ++j;
        if (i == name.size() || j == text.size()) return i == name.size() && j == text.size();
        if (text[j] == '4' && name.substr(i, 4) == "four") {  // `4` for `four`
            i += 4;
            ++j;
            continue;
        }
        if (lower(text[j]) != name[i]) return false;
        ++i;
        ++j;
    }
}

/// The value named `text` (exactly, or as same_name() reads it); otherwise InputError
/// "unknown WHAT 'text' (expected a, b or c)".
template <class E, std::size_t N>
E parse_named(const std::array<Named<E>, N>& table, std::string_view text, std::string_view what) {
    for (const Named<E>& n : table)
        if (n.name == text) return n.value;
    for (const Named<E>& n : table)
        if (same_name(n.name, text)) return n.value;
    throw InputError("unknown " + std::string(what) + " " + quote_text(text) + " (expected " + names_list(table) + ")");
}

}  // namespace arrears::detail
