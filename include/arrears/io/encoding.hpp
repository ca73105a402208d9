// Text encodings of input files (recovery-rules §12): UTF-8, and Windows-1252, what Excel's
// "CSV (Comma delimited)" writes (its `£` is the byte A3). Cells are decoded one at a time,
// so a byte the encoding cannot read rejects one row and names its field.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace arrears::io {

enum class Encoding { utf8, windows_1252 };

/// `utf-8` or `windows-1252` (as --encoding takes them); InputError otherwise.
Encoding parse_encoding(std::string_view text);
/// The name parse_encoding() takes.
std::string_view to_string(Encoding e) noexcept;

/// Index of the first byte that breaks UTF-8 in [p, p+n), or n when all is well. Rejects
/// overlong forms, surrogates and code points beyond U+10FFFF, as RFC 3629 requires.
std::size_t invalid_utf8_at(const unsigned char* p, std::size_t n) noexcept;

/// Decodes cells of one encoding into UTF-8 (glibc's iconv for Windows-1252). Not to be
/// shared between threads.
class CellDecoder {
public:
    explicit CellDecoder(Encoding e);
    ~CellDecoder();
    CellDecoder(CellDecoder&&) noexcept;
    CellDecoder& operator=(CellDecoder&&) noexcept;

    [[nodiscard]] Encoding encoding() const noexcept { return encoding_; }
    /// True when `cell` must be copied to become UTF-8 (it holds a byte the encoding reads
    /// differently); the caller then calls decode(). Plain ASCII never needs it.
    [[nodiscard]] bool needs_copy(std::string_view cell) const noexcept;
    /// `cell` decoded into `out`; false when a byte is not valid in the encoding, and then
    /// `why` says which (byte and character) and which --encoding would read the cell:
    /// "invalid UTF-8 (byte 0xA3 at character 1); --encoding windows-1252 reads it".
    bool decode(std::string_view cell, std::string& out, std::string& why);

private:
    bool windows_1252(std::string_view cell, std::string& out, std::size_t& bad_at);
    Encoding encoding_;
    void* iconv_ = nullptr;  // iconv_t, opened on first use
};

}  // namespace arrears::io
