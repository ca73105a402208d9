// How councils' exports differ from our own files (recovery-rules §12 "What real exports
// hold"): UK dates (`--date-format DD/MM/YYYY`) and their own column names
// (`--map OURS=THEIRS`). The command line and the Python package both read through these.
#pragma once

#include <arrears/date.hpp>
#include <arrears/option_table.hpp>

#include <array>
#include <cstddef>
#include <span>
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

namespace detail {

/// How many options an accounts column can override for one account (§16).
inline constexpr std::size_t decision_columns = [] {
    std::size_t n = 0;
    for (const OptionSpec& s : option_table) n += !s.column.empty();
    return n;
}();

/// `first` (the accounts file's own columns), then §4's `first_amount` and the §16 decision
/// columns (the option table's `column`s), then `rest`.
template <std::size_t N, std::size_t M>
constexpr auto read_columns(const std::array<std::string_view, N>& first, const std::array<std::string_view, M>& rest) {
    std::array<std::string_view, N + 1 + decision_columns + M> out{};
    std::size_t k = 0;
    for (std::string_view c : first) out[k++] = c;
    out[k++] = "first_amount";
    for (const OptionSpec& s : option_table)
        if (!s.column.empty()) out[k++] = s.column;
    for (std::string_view c : rest) out[k++] = c;
    return out;
}

}  // namespace detail

/// The columns of the accounts file arrears reads (recovery-rules §12), required and optional:
/// the plan's (§4, with `first_amount`) and the decisions for one account (§16, from the
/// option table). A column a feature adds to the accounts file goes here too: --map accepts
/// these as OURS.
inline constexpr auto account_read_columns =
    detail::read_columns(std::array<std::string_view, 9>{"account_id", "amount", "frequency", "first_due", "day", "end",
                                                         "skip", "convention", "language"},
                         std::array<std::string_view, 0>{});
/// Every column `arrears recover` reads from its inputs: the accounts file's (as above), its
/// payers' bank details (§14 `--bacs`, `--submitted`: `sort_code, account_number,
/// account_name, name, reference`), then the ledger's, the payments file's and the mandates
/// file's others (`account_id, due_date, amount, status, reason`; `account_id, date, amount`;
/// `account_id, effective_date, event, reason, new_sort_code, new_account_number`). The names
/// --map may give (OURS); a new input's columns go here.
inline constexpr auto recover_read_columns =
    detail::read_columns(std::array<std::string_view, 9>{"account_id", "amount", "frequency", "first_due", "day", "end",
                                                         "skip", "convention", "language"},
                         std::array<std::string_view, 13>{
                             "sort_code", "account_number", "account_name", "name", "reference", "due_date", "status",
                             "reason", "date", "effective_date", "event", "new_sort_code", "new_account_number"});

/// The payers' bank columns of the accounts file (§14), among recover_read_columns: read only
/// by `--bacs` (all five) and `--submitted` (`reference`), so a run without them neither
/// decodes nor checks them (§12: an account is not rejected over a column the run does not
/// use). --map still accepts them as OURS in every run.
inline constexpr std::array<std::string_view, 5> bank_read_columns{"sort_code", "account_number", "account_name",
                                                                   "name", "reference"};

/// The --map OURS=THEIRS pairs of a run. A file that has a THEIRS column has its OURS read
/// from it, and its own OURS column ignored.
class ColumnMap {
public:
    /// InputError naming the first pair whose OURS is neither one of `known` (the columns
    /// the command reads) nor one of `also` (columns it copies by name, e.g. --keep's),
    /// with the nearest known name when one is close (`edn` -> `end`): a mapping nobody
    /// reads would silently do nothing (§12).
    void check_ours(std::span<const std::string_view> known, std::span<const std::string> also) const;
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
