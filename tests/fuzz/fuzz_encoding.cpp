// Fuzzes cell decoding (io/encoding.hpp). The first byte picks the encoding, the rest is the
// cell. Properties: a decoded cell is valid UTF-8; a UTF-8 cell decodes to itself; a
// Windows-1252 cell encodes back (iconv, UTF-8 to WINDOWS-1252) to the very same bytes, and
// plain ASCII (needs_copy() false) is left as it is; a cell that fails says why.
#include "fuzz_input.hpp"

#include <arrears/io/encoding.hpp>

#include <iconv.h>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using fuzz::check;

namespace {

std::string to_windows_1252(const std::string& utf8) {
    static iconv_t cd = iconv_open("WINDOWS-1252", "UTF-8");
    check(cd != reinterpret_cast<iconv_t>(-1));
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    std::string out(utf8.size(), '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size(), to_left = out.size();
    char* to = out.data();
    check(iconv(cd, &in, &in_left, &to, &to_left) != static_cast<std::size_t>(-1));
    out.resize(out.size() - to_left);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using arrears::io::Encoding;
    const auto input = fuzz::mode_and_cell(data, size, Encoding::utf8, Encoding::windows_1252);
    if (!input) return 0;
    const auto& [e, cell] = *input;
    arrears::io::CellDecoder decoder(e);
    std::string out, why;
    const bool ok = decoder.decode(cell, out, why);
    if (!ok) {
        check(!why.empty());
        return 0;
    }
    check(arrears::io::invalid_utf8_at(reinterpret_cast<const unsigned char*>(out.data()), out.size()) == out.size());
    if (e == Encoding::utf8 || !decoder.needs_copy(cell)) check(out == cell);
    if (e == Encoding::windows_1252) check(to_windows_1252(out) == cell);
    return 0;
}
