// Reading CSV files (recovery-rules §12) into a TextTable: RFC 4180 quoting, UTF-8 with or
// without a byte-order mark, CRLF or LF line ends, a header row that names the columns.
// The whole file is read into one buffer that the table owns; cells are views into it, and
// only quoted fields with doubled quotes are copied (unescaped) into TextTable::storage.
#pragma once

#include <arrears/io/table.hpp>

#include <string>
#include <string_view>

namespace arrears::io {

/// Splits CSV `text` into a table. `source` names the input in messages.
///
/// A row that cannot be split (a wrong number of fields, an unclosed or stray quote,
/// invalid UTF-8) becomes a row error with its line number; the other rows are unaffected.
/// Blank lines are skipped. Unquoted fields lose surrounding spaces and tabs; quoted fields
/// keep their text exactly (commas, doubled quotes, line breaks).
///
/// Throws InputError, naming `source`, when nothing can be read: empty text, no header,
/// a NUL byte (a binary or UTF-16 file), a header with invalid UTF-8 or broken quoting, or a
/// column named twice.
///
/// The cells view into `text` (and into the table's storage): `text` must outlive the table.
/// read_csv_file() avoids that concern by handing the buffer to the table.
TextTable parse_csv(std::string_view text, std::string_view source);

/// Reads the file at `path` into one buffer owned by the returned table and parses it as
/// parse_csv() does; `source` names it in messages (default: the path). An unreadable file
/// is an InputError naming it.
TextTable read_csv_file(const std::string& path, std::string_view source = {});

}  // namespace arrears::io
