// The options for reading councils' own exports (recovery-rules §12 "What real exports
// hold"): --encoding, --date-format and --map, shared by `recover` and `arudd`.
#pragma once

#include <arrears/io/csv.hpp>
#include <arrears/io/export_format.hpp>

#include <CLI/CLI.hpp>

#include <future>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::cli {

/// The options as typed.
struct ExportArgs {
    std::string encoding = "utf-8", date_format = "YYYY-MM-DD";
    std::vector<std::string> map;
};

/// Adds --encoding, --date-format and --map to `command`.
void add_export_options(CLI::App& command, ExportArgs& args);

/// The options parsed, and the column map as the files are read.
struct ExportSettings {
    io::Encoding encoding = io::Encoding::utf8;
    io::DateFormat dates = io::DateFormat::iso;
    io::ColumnMap map;
    /// The columns the command reads (reads()); the files open() opens decode and check
    /// only these (io::CsvReader::read_only). Not set: every column.
    std::optional<std::vector<std::string>> read;
    std::vector<std::string> read_own;  ///< read by their names in the file (--keep's)

    /// The command reads `known` (by the names after --map) and `also` (--keep's, by the
    /// file's own names) from every file read_table() and open() read from now on: the files'
    /// other columns are neither decoded nor checked (§12, other columns are ignored).
    void reads(std::span<const std::string_view> known, std::span<const std::string> also = {});
    /// reads()'s `known`, as views.
    [[nodiscard]] std::vector<std::string_view> names_read() const;

    /// The CSV file an option names, read whole, decoded and with --map applied.
    /// (Both decode only the columns reads() gave, when it was called.)
    io::TextTable read_table(std::string_view option, const std::string& path);
    /// The CSV file an option names, opened for streaming, decoded and with --map applied.
    /// `as_read`, if given, gets the header before --map renamed it (the file's own names,
    /// which --keep uses: §13).
    io::CsvReader open(std::string_view option, const std::string& path, std::vector<std::string>* as_read = nullptr,
                       io::CsvReader::ReadHook on_read = {});
    /// As open(), the file opened beforehand (io::CsvReader(path, {}, encoding), e.g. on another
    /// thread while other files were read): `opened` gives its reader, or throws what opening
    /// it threw, and the messages are open()'s.
    io::CsvReader open(std::string_view option, const std::string& path, std::future<io::CsvReader>& opened,
                       std::vector<std::string>* as_read = nullptr);
    /// After every file is read: a --map THEIRS that no file had is a usage error.
    void check_map() const;
    /// Before any file is read: a --map OURS that is none of `known` (the columns the command
    /// reads) nor of `also` is a usage error (io::ColumnMap::check_ours).
    void check_map_names(std::span<const std::string_view> known, std::span<const std::string> also) const;
};

/// Parses the options; a bad value is a UsageError naming the option.
ExportSettings parse_export_options(const ExportArgs& args);

struct RecoverArgs;  // recover.hpp, which includes this header

/// §12 --map for a run (`recover`, and `replan` §15), before any file is read: OURS is a
/// column a run reads (io::recover_read_columns, or one --keep names): a misspelt one is a
/// UsageError (the nearest name suggested), not a mapping silently never used
/// (ExportSettings::check_map_names). The same columns are the only ones the run's inputs
/// decode and check (ExportSettings::reads: other columns are ignored); the payers' bank
/// columns (io::bank_read_columns) only with --bacs or --submitted, which read them.
void check_map_names(ExportSettings& exports, const RecoverArgs& a);

}  // namespace arrears::cli
