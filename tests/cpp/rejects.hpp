// A check shared by the parser tests: text that must be refused with an InputError whose
// message quotes the text after `what` ("invalid amount '12.345'") and says why.
#pragma once

#include <arrears/error.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace arrears::test {

template <class Parse>
void check_rejected(Parse&& parse, const std::string& what, const std::string& text, const std::string& why) {
    INFO("text: '" << text << "'");
    REQUIRE_THROWS_AS(parse(text), InputError);
    CHECK_THROWS_WITH(parse(text), Catch::Contains(what + " '" + text + "'") && Catch::Contains(why));
}

}  // namespace arrears::test
