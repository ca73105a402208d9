// How councils' exports differ from our own files (recovery-rules §12 "What real exports
// hold"): UK dates (`--date-format DD/MM/YYYY`) and their own column names
// (`--map OURS=THEIRS`). The command line and the Python package both read through these.
#pragma once

#include <arrears/date.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io {

/// How date cells are written: `YYYY-MM-DD` only, or also day/month/year.
enum class DateFormat { iso, day_month_year };

/// `YYYY-MM-DD` or `DD/MM/YYYY` (as --date-format takes them); InputError otherwise.
DateFormat parse_date_format(std::string_view text);

/// A date cell: with day_month_year, a cell holding `/` is D/M/YYYY (one- or two-digit day
/// and month); otherwise, and always for a cell without `/`, YYYY-MM-DD. False with `why`
/// set on failure (a `/` date read as ISO says which --date-format would read it).
bool try_parse_date_cell(std::string_view text, DateFormat format, Date& out, std::string& why);

/// The --map OURS=THEIRS pairs of a run. A file that has a THEIRS column has its OURS read
/// from it, and its own OURS column ignored.
class ColumnMap {
public:
    /// Adds `OURS=THEIRS` (both trimmed, §12); InputError when it is not of that form.
    void add(std::string_view spec);
    void add(std::string ours, std::string theirs);
    [[nodiscard]] bool empty() const noexcept { return pairs_.empty(); }

    /// Renames `header` (a file's, named `source` in messages): each mapped THEIRS becomes its
    /// OURS and the file's own OURS is renamed to "" (read by nobody). InputError when the
    /// file holds more than one THEIRS of one OURS.
    void apply(std::vector<std::string>& header, std::string_view source);
    /// InputError naming the first THEIRS that no file given to apply() had.
    void check_all_found() const;

private:
    struct Pair {
        std::string ours, theirs;
        bool found = false;
    };
    std::vector<Pair> pairs_;
};

}  // namespace arrears::io
