// Errors of the arrears library.
// Every broken precondition on caller input throws InputError, a std::invalid_argument,
// whose message names the offending value; readers of files add where it came from.
#pragma once

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
            if (ch == '\0') s += "\\0";
            else s += ch;
        }
        return s;
    }

    std::shared_ptr<const std::string> message_;  // only when it differs from what()
};

}  // namespace arrears
