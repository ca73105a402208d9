// The help of `arrears` and its subcommands wrapped to the terminal: each option's
// description broken between words so that no line is wider than the terminal (its
// TIOCGWINSZ width, else $COLUMNS, else 80; never under 60), continued under the
// descriptions' column. CLI11 2.1 writes a description on one line, which a terminal then
// breaks mid-word.
#pragma once

#include <CLI/CLI.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace arrears::cli {

/// The width help is wrapped to: the terminal's on standard output, else $COLUMNS, else 80;
/// at least 60 so the descriptions keep a readable column.
inline std::size_t help_width() {
    std::size_t width = 80;
    winsize ws{};
    if (::isatty(1) && ::ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
        width = ws.ws_col;
    } else if (const char* c = std::getenv("COLUMNS"); c && *c) {
        const long n = std::strtol(c, nullptr, 10);
        if (n > 0) width = static_cast<std::size_t>(n);
    }
    return std::max<std::size_t>(width, 60);
}

/// `text` broken between words into lines of at most `width` characters (a word longer
/// than that stands on a line of its own); its own line breaks are kept.
inline std::string wrap_words(std::string_view text, std::size_t width) {
    std::string out;
    std::size_t line = 0;  // characters on the current line
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '\n') {
            out += '\n';
            line = 0;
            ++i;
            continue;
        }
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
        const std::string_view word = text.substr(i, end - i);
        std::size_t chars = 0;  // UTF-8 code points (the £ of a description is one column)
        for (char c : word) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (line > 0 && line + 1 + chars > width) {
            out += '\n';
            line = 0;
        } else if (line > 0) {
            out += ' ';
            ++line;
        }
        out += word;
        line += chars;
        i = end;
    }
    return out;
}

/// CLI11's formatter with each description wrapped to the terminal (help_width()).
class WrappingFormatter : public CLI::Formatter {
public:
    WrappingFormatter() { column_width(34); }
    std::string make_option_desc(const CLI::Option* opt) const override {
        const std::size_t room = std::max<std::size_t>(help_width(), get_column_width() + 20) - get_column_width() - 1;
        return wrap_words(CLI::Formatter::make_option_desc(opt), room);
    }
};

/// Puts `app` (and the subcommands made after it) under WrappingFormatter.
inline void wrap_help(CLI::App& app) { app.formatter(std::make_shared<WrappingFormatter>()); }

}  // namespace arrears::cli
