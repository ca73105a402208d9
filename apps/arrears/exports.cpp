// --encoding, --date-format and --map (see exports.hpp), and which columns a run's --map may
// name and its inputs decode (check_map_names).
#include "exports.hpp"

#include "options.hpp"
#include "recover.hpp"

#include <arrears/io/cells.hpp>

#include <algorithm>
#include <exception>

namespace arrears::cli {

void add_export_options(CLI::App& command, ExportArgs& a) {
    command
        .add_option("--encoding", a.encoding,
                    "Text encoding of the input files: utf-8, or windows-1252 for "
                    "Excel's \"CSV (Comma delimited)\"")
        ->type_name("utf-8|windows-1252")
        ->capture_default_str();
    command
        .add_option("--date-format", a.date_format,
                    "Dates in the input files: DD/MM/YYYY also reads UK dates "
                    "(1/4/2025); YYYY-MM-DD dates are always read")
        ->type_name("YYYY-MM-DD|DD/MM/YYYY")
        ->capture_default_str();
    command
        .add_option("--map", a.map,
                    "Read our column OURS from the files' column THEIRS (repeatable), e.g. "
                    "--map account_id=tag_ref --map \"amount=DD Amount\"")
        ->type_name("OURS=THEIRS")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

ExportSettings parse_export_options(const ExportArgs& a) {
    ExportSettings s;
    s.encoding = option_value("--encoding", a.encoding, [](const std::string& v) { return io::parse_encoding(v); });
    s.dates =
        option_value("--date-format", a.date_format, [](const std::string& v) { return io::parse_date_format(v); });
    for (const std::string& m : a.map)
        option_value("--map", m, [&](const std::string& v) {
            s.map.add(v);
            return 0;
        });
    return s;
}

io::TextTable ExportSettings::read_table(std::string_view option, const std::string& path) {
    try {
        return io::read_csv_file(path, {}, encoding, [&](std::vector<std::string>& header) {
            const std::vector<std::string> own = header;
            map.apply(header, path);
            return read ? io::columns_read(header, own, names_read(), read_own) : std::vector<char>{};
        });
    } catch (const InputError& e) {
        throw UsageError(fmt::format("{}: {}", option, e.what()));
    }
}

io::CsvReader ExportSettings::open(std::string_view option, const std::string& path, std::vector<std::string>* as_read,
                                   io::CsvReader::ReadHook on_read) {
    std::promise<io::CsvReader> now;
    std::future<io::CsvReader> opened = now.get_future();
    try {
        now.set_value(io::CsvReader(path, {}, encoding, 0, std::move(on_read)));
    } catch (...) {
        now.set_exception(std::current_exception());
    }
    return open(option, path, opened, as_read);
}

io::CsvReader ExportSettings::open(std::string_view option, const std::string& path, std::future<io::CsvReader>& opened,
                                   std::vector<std::string>* as_read) {
    try {
        io::CsvReader reader = opened.get();
        std::vector<std::string> header = reader.header();
        if (as_read) *as_read = header;
        map.apply(header, path);
        reader.set_header(std::move(header));
        if (read) reader.read_only(names_read(), read_own);
        return reader;
    } catch (const InputError& e) {
        throw UsageError(fmt::format("{}: {}", option, e.what()));
    }
}

std::vector<std::string_view> ExportSettings::names_read() const {
    return read ? std::vector<std::string_view>(read->begin(), read->end()) : std::vector<std::string_view>{};
}

void ExportSettings::reads(std::span<const std::string_view> known, std::span<const std::string> also) {
    read.emplace(known.begin(), known.end());
    read_own.assign(also.begin(), also.end());
}

void ExportSettings::check_map_names(std::span<const std::string_view> known, std::span<const std::string> also) const {
    try {
        map.check_ours(known, also);
    } catch (const InputError& e) {
        throw UsageError(e.what());
    }
}

void check_map_names(ExportSettings& exports, const RecoverArgs& a) {
    std::vector<std::string> also;
    for (const std::string& k : a.notice.keep) also.emplace_back(io::trim_cell(k));
    exports.check_map_names(io::recover_read_columns, also);
    // The bank columns are decoded only when a bank file reads them; a kept one is read
    // through --keep's names.
    const bool bank = !a.bank.bacs.empty() || !a.bank.submitted.empty();
    std::vector<std::string_view> read;
    for (std::string_view c : io::recover_read_columns)
        if (bank ||
            std::find(io::bank_read_columns.begin(), io::bank_read_columns.end(), c) == io::bank_read_columns.end() ||
            std::find(also.begin(), also.end(), c) != also.end())  // kept under our name (after --map)
            read.push_back(c);
    exports.reads(read, also);
}

void ExportSettings::check_map() const {
    try {
        map.check_all_found();
    } catch (const InputError& e) {
        throw UsageError(e.what());
    }
}

}  // namespace arrears::cli
