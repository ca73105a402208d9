// Errors of the arrears library.
// Every broken precondition on caller input throws InputError, a std::invalid_argument,
// whose message names the offending value; readers of files add where it came from.
#pragma once

#include <stdexcept>
#include <string>

namespace arrears {

/// Bad input: a malformed amount or date, an impossible plan, inconsistent options.
class InputError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

}  // namespace arrears
