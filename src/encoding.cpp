// Decoding input cells (see io/encoding.hpp).
#include <arrears/io/encoding.hpp>

#include <arrears/error.hpp>

#include <iconv.h>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

namespace arrears::io {

namespace {

std::string hex_byte(unsigned char c) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[c >> 4] + digits[c & 15];
}

}  // namespace

Encoding parse_encoding(std::string_view text) {
    if (text == "utf-8") return Encoding::utf8;
    if (text == "windows-1252") return Encoding::windows_1252;
    throw InputError("unknown encoding '" + std::string(text) + "' (expected utf-8 or windows-1252)");
}

std::string_view to_string(Encoding e) noexcept { return e == Encoding::utf8 ? "utf-8" : "windows-1252"; }

std::size_t invalid_utf8_at(const unsigned char* p, std::size_t n) noexcept {
    std::size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time: the common case for these files.
        if (i + 8 <= n) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c == 0xE0) {
            len = 3;
            lo = 0xA0;
        } else if (c >= 0xE1 && c <= 0xEC)
            len = 3;
        else if (c == 0xED) {
            len = 3;
            hi = 0x9F;
        } else if (c >= 0xEE && c <= 0xEF)
            len = 3;
        else if (c == 0xF0) {
            len = 4;
            lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3)
            len = 4;
        else if (c == 0xF4) {
            len = 4;
            hi = 0x8F;
        } else
            return i;
        if (i + len > n) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        i += len;
    }
    return n;
}

CellDecoder::CellDecoder(Encoding e) : encoding_(e) {}
CellDecoder::~CellDecoder() {
    if (iconv_) iconv_close(static_cast<iconv_t>(iconv_));
}
CellDecoder::CellDecoder(CellDecoder&& o) noexcept : encoding_(o.encoding_), iconv_(std::exchange(o.iconv_, nullptr)) {}
CellDecoder& CellDecoder::operator=(CellDecoder&& o) noexcept {
    std::swap(encoding_, o.encoding_);
    std::swap(iconv_, o.iconv_);
    return *this;
}

bool CellDecoder::needs_copy(std::string_view cell) const noexcept {
    if (encoding_ == Encoding::utf8) return false;
    for (char c : cell)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

bool CellDecoder::windows_1252(std::string_view cell, std::string& out, std::size_t& bad_at) {
    if (!iconv_) {
        iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
        if (cd == reinterpret_cast<iconv_t>(-1))
            throw InputError("cannot decode Windows-1252: iconv has no WINDOWS-1252");
        iconv_ = cd;
    }
    iconv(static_cast<iconv_t>(iconv_), nullptr, nullptr, nullptr, nullptr);
    out.assign(cell.size() * 3, '\0');  // one byte becomes at most three
    char* in = const_cast<char*>(cell.data());
    std::size_t in_left = cell.size();
    char* to = out.data();
    std::size_t to_left = out.size();
    if (iconv(static_cast<iconv_t>(iconv_), &in, &in_left, &to, &to_left) == static_cast<std::size_t>(-1)) {
        bad_at = static_cast<std::size_t>(in - cell.data());
        return false;
    }
    out.resize(out.size() - to_left);
    return true;
}

bool CellDecoder::decode(std::string_view cell, std::string& out, std::string& why) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(cell.data());
    const std::size_t utf8_bad = invalid_utf8_at(bytes, cell.size());
    std::size_t bad = utf8_bad;
    if (encoding_ == Encoding::utf8 && utf8_bad == cell.size()) {
        out.assign(cell);
        return true;
    }
    if (encoding_ == Encoding::windows_1252 && windows_1252(cell, out, bad)) return true;
    // Which --encoding would read it: the other one, when it does.
    std::string ignored;
    std::size_t ignored_at = 0;
    const bool other_reads =
        encoding_ == Encoding::utf8 ? windows_1252(cell, ignored, ignored_at) : utf8_bad == cell.size();
    why = std::string("invalid ") + (encoding_ == Encoding::utf8 ? "UTF-8" : "Windows-1252") + " (byte " +
          hex_byte(bytes[bad]) + " at character " + std::to_string(bad + 1) + "); ";
    if (!other_reads)
        why += "save the file as UTF-8 (--encoding utf-8)";
    else if (encoding_ == Encoding::utf8)
        why += "--encoding windows-1252 reads it (Excel's \"CSV (Comma delimited)\")";
    else
        why += "--encoding utf-8 reads it";
    return false;
}

}  // namespace arrears::io
