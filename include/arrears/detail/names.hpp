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

/// The value named `text`; otherwise InputError "unknown WHAT 'text' (expected a, b or c)".
template <class E, std::size_t N>
E parse_named(const std::array<Named<E>, N>& table, std::string_view text, std::string_view what) {
    for (const Named<E>& n : table)
        if (n.name == text) return n.value;
    throw InputError("unknown " + std::string(what) + " " + quote_text(text) + " (expected " + names_list(table) + ")");
}

}  // namespace arrears::detail
