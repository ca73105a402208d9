// The GOV.UK Notify bulk letter upload (recovery-rules §13 `--notify`): one CSV row per
// notice, the address in Notify's `address_line_1` … `address_line_7` (the kept `name`, the
// kept `address_line_1` … `address_line_6` that are not empty, then the kept `postcode`
// last; more than seven lines: the middle ones joined with `, ` into the sixth), then the
// personalisation columns in the payer's words, none ever empty (Notify refuses an upload
// with an empty placeholder), with Welsh asked for the payer's `language`, then the other
// kept columns (an empty cell written `-`; one Notify would take for one of the file's own
// columns, as it matches names — any letter case, spaces, `_` and `-` ignored — such as a
// kept `address_line_7`, is named `kept_address_line_7`).
// A notice whose address Notify would refuse — fewer than three lines, a last line that is
// not a UK postcode, a line starting with one of `@ ( ) = [ ] " \ / , < > ~`, or "no fixed
// abode" — is left out, with the reason. Notify takes at most notify_max_rows rows a file.
// Text is written exactly (§12: only the notices CSV guards formula-like text; Notify's own
// address checks refuse such address lines). Sources: recovery-rules §13; GOV.UK Notify's
// letter address rules (at least 3 lines, the last a real UK postcode, `address_line_1` …
// `address_line_7`), as Notify's API documentation states them.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io {

/// The most rows GOV.UK Notify takes in one upload (its bulk-sending limit).
inline constexpr std::size_t notify_max_rows = 100000;

/// The kept columns that make Notify's address lines, in order (§13).
inline constexpr std::string_view notify_address_columns[] = {"name",           "address_line_1", "address_line_2",
                                                              "address_line_3", "address_line_4", "address_line_5",
                                                              "address_line_6", "postcode"};

/// True for a UK postcode as Royal Mail writes them (`SW1A 1AA`, `M1 1AE`, `B33 8TH`,
/// `CR2 6XH`, `DN55 1PT`, `GIR 0AA`; any letter case, the space optional).
bool is_uk_postcode(std::string_view text) noexcept;

/// Notify's address lines for `lines` (the name, the address lines and the postcode, empty
/// ones already left out): at most seven, the middle ones joined with `, ` into the sixth.
std::vector<std::string> notify_address(std::span<const std::string_view> lines);
/// Why Notify would refuse the address `lines` (as notify_address makes them), or empty.
std::string notify_refusal(std::span<const std::string> lines);

/// The Notify file's rows for notices with `columns` (the notice columns with any kept ones
/// after `account_id`, as in the notices file and notice_cells()).
class NotifyRows {
public:
    /// `welsh`: Welsh was asked for (`--language cy` or `cy+en`, or the accounts' `language`
    /// column): each date, money, frequency and text column has a `_cy` twin after it, in
    /// Welsh (§13), and a `language` column among `columns` follows the personalisation.
    /// `replan`: the notices are `arrears replan`'s (§15), whose kinds say different things
    /// (`revised`, `catch_up_stops`): the rows gain `heading` and `why_text` (with `_cy`
    /// twins), the letter's heading and its "why" paragraph in that kind's words (figures
    /// filled in, any credit said plainly, never "£0.00 to pay"), for
    /// notify_template(…, true); and `resume_text` is the kind's (resume_sentence).
    NotifyRows(std::span<const std::string_view> columns, bool welsh, bool replan = false);
    /// The header row (CSV, ending with a line feed).
    [[nodiscard]] const std::string& header() const noexcept { return header_; }
    /// The column names, in order.
    [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
    /// Appends the CSV row of the notice `cells` (text cells in the order of the columns, as
    /// notice_cells() makes them) to `out` and returns an empty string; or returns why Notify
    /// would refuse its address, appending nothing. Throws InputError when a date or money
    /// cell cannot be read.
    std::string append(std::string& out, std::span<const std::string_view> cells) const;
    /// The same row's cells.
    std::string cells(std::vector<std::string>& out, std::span<const std::string_view> cells) const;

private:
    std::vector<std::string> columns_;
    std::vector<std::string> names_;
    std::string header_;
    bool welsh_;
    bool replan_ = false;
    std::vector<int> address_;     // the columns of notify_address_columns, -1 when not kept
    std::vector<int> other_kept_;  // kept columns after the personalisation
    int reference_ = -1;
    int language_ = -1;  // the notices' `language` (Welsh asked for), -1: none
};

/// `arrears notify-template`: a GOV.UK Notify letter template saying what the bundled letter
/// says, with Notify's `((name))` placeholders (the columns of NotifyRows): its first line is
/// the letter's heading, the rest its body; `language` `en`, `cy` or `cy+en` (Welsh first,
/// then the English after a page break, Notify's `***`).
/// `replan`: the template of `arrears replan`'s Notify file (§15), one for both of its kinds:
/// ((heading)) and ((why_text)) carry the words that differ.
std::string notify_template(std::string_view language, bool replan = false);

/// The replan Notify file's `heading` and `why_text` (§15) of a notice's cells, as
/// NotifyRows writes them: `kind` the notice_kind, the others the notices' cells (CSV form).
struct ReplanWords {
    std::string heading, why;
};
ReplanWords replan_words(std::string_view kind, std::string_view missed_count, std::string_view missed_text,
                         std::string_view paid_amount, std::string_view previous_catch_up,
                         std::string_view catch_up_total, std::string_view credit, std::string_view first_changed,
                         bool cy);

}  // namespace arrears::io
