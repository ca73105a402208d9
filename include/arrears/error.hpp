// Errors of the arrears library.
// Every broken precondition on caller input throws InputError, a std::invalid_argument,
// whose message names the offending value; readers of files add where it came from.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace arrears {

/// Bad input: a malformed amount or date, an impossible plan, inconsistent options.
///
/// Messages quote the caller's text as it was, and that text may hold NUL characters (a
/// Python str can). what() is a C string, so it shows each NUL as `\0`; message() is the
/// whole message, byte for byte.
class InputError : public std::invalid_argument {
public:
    explicit InputError(const std::string& message)
        : std::invalid_argument(shown(message)),
          message_(message.find('\0') == std::string::npos ? nullptr : std::make_shared<const std::string>(message)) {}
    explicit InputError(const char* message) : std::invalid_argument(message) {}

    /// The message exactly as built, NUL characters included.
    [[nodiscard]] std::string_view message() const noexcept {
        return message_ ? std::string_view(*message_) : std::string_view(what());
    }

private:
    static std::string shown(const std::string& message) {
        if (message.find('\0') == std::string::npos) return message;
        std::string s;
        s.reserve(message.size() + 8);
        for (char ch : message) {
            if (ch == '\0')
                s += "\\0";
            else
                s += ch;
        }
        return s;
    }

    std::shared_ptr<const std::string> message_;  // only when it differs from what()
};

/// The most characters of a value a message quotes whole: a longer one is cut (quote_text()).
inline constexpr std::size_t quote_chars = 100;

/// `text` quoted for a message: `'text'`; a text of more than quote_chars characters (UTF-8
/// code points; a stray byte counts as one) as its first ones and its length,
/// `'1111…' (1,000,000 characters)`, so that a message about a huge cell stays readable on
/// a terminal and in a spreadsheet cell, and costs no more than that to make.
inline std::string quote_text(std::string_view text) {
    std::size_t chars = 0, cut = text.size();
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == quote_chars) cut = i;
    const bool whole = chars <= quote_chars + 20;  // cutting a few would save nothing
    // (appended, not "'" + ...: GCC 12 gives a false -Wrestrict for that, bug 105651)
    std::string out;
    out.reserve((whole ? text.size() : cut) + 40);
    out += '\'';
    out += whole ? text : text.substr(0, cut);
    if (whole) return out += '\'';
    out += "\u2026' (";
    const std::string digits = std::to_string(chars);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out += " characters)";
}

}  // namespace arrears
