// Printable letters from the notices (recovery-rules §13 `--letters`): one HTML document,
// one letter per notice row, each starting a new printed page. A template is a whole HTML
// document whose <body> holds one letter with placeholders `{NAME}` in its text; `{{` and
// `}}` there are literal braces. Everything else of the template (its <head>, the content of
// <style> and <script>, attribute values, comments) is copied as it is, so Word's CSS needs
// no doubled braces. NAME is
//   - a notice column, or a kept column's name with every character but letters, digits and
//     `_` turned into `_` (placeholder_name): its cell, dates as `2 February 2026`, money as
//     `£1,234.56`, `missed_text` a line per missed collection;
//   - one the letter computes from the row (letter_placeholders, §13 "The bundled letter"):
//       schedule_table  an HTML table of the changed collections (date, regular, catch-up,
//                       total); a collection with no regular part shows "–", not £0.00
//       address_block   the payer's name and address: the kept columns `name`,
//                       `address_line_1` … `address_line_6`, `postcode` that are not empty,
//                       a line each
//       details_block   "Direct Debit reference: …" from a kept `reference`, then every
//                       other kept column that is not empty, labelled with its name
//                       (`tenancy_ref` → "Tenancy ref: …"), a line each
//       greeting        "Dear Ms A Example," from a kept `name`, else "Dear account holder,"
//       missed_list     the missed collections as a list (<ul>), one "date: amount" each
//       paid_text       "You have since paid us £626.60 in another way. Thank you: …"; empty
//                       when nothing was paid
//       ended_text      why a collection shows no regular payment (the year's instalments
//                       have ended); empty when every changed collection has one
//       resume_text     "From 1 April 2026 your collections return to the regular amount of
//                       £532.17." or, when the plan has nothing after the changes (an `end`),
//                       that the Direct Debit stays in place for the next bill and must not
//                       be cancelled
//       guarantee       the Direct Debit Guarantee as the council's bank supplies it
//                       (`--guarantee FILE`), or a bracketed placeholder saying it is missing
//       guarantee_cy    its Welsh (`--guarantee-cy FILE`), or the placeholder
//       unpaid_text     the line before missed_list: "We did not collect:" (notice_kind
//                       `recovery`) or "Since our last letter, this collection came back
//                       unpaid from your bank:" (`revised`, `catch_up_stops`, §15); empty
//                       when nothing was missed
//       credit_text     `catch_up_stops` in credit (§15): "Your account is now £290.44 in
//                       credit: …" from `credit` — never "£0.00 to pay"; empty otherwise
//       previous_text   `revised`/`catch_up_stops` (§15): "Of the catch-up in our last letter,
//                       £709.56 was still to be collected." from `previous_catch_up`; empty
//                       when none was left (never "£0.00 was still to be collected")
//   - Welsh (§13, the Welsh Language Standards): `{NAME_cy}` for any of the above is always
//     Welsh, the plain one always English: dates `2 Chwefror 2026`, frequency `misol`,
//     `{schedule_table_cy}` with Welsh headings, `{missed_text_cy}`, `{resume_text_cy}`,
//     `{paid_text_cy}`, `{ended_text_cy}`, `{greeting_cy}`, `{details_block_cy}` in Welsh;
//     one whose value has no words (money, account_id, a kept column) is the plain value.
// Every inserted cell is HTML-escaped; the guarantee is inserted as the HTML it is.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io {

/// The most bytes a letter template may hold (read whole): a letter exported from Word as
/// "Web Page, Filtered" is tens of kilobytes, its pictures apart; 16 MiB leaves room for
/// pictures embedded in it. The same for a `--guarantee` fragment.
inline constexpr std::size_t max_template_bytes = std::size_t{16} << 20;

/// The placeholders a letter computes from its notice row (see above). A kept column may
/// not take one of these names (nor, with `_cy`, a Welsh one).
inline constexpr std::array<std::string_view, 13> letter_placeholders{
    "schedule_table", "address_block", "details_block", "greeting",    "missed_list", "paid_text",    "ended_text",
    "resume_text",    "guarantee",     "guarantee_cy",  "unpaid_text", "credit_text", "previous_text"};

/// The kinds of notice a bundled letter has words for (§13 `notice_kind`): `recover`'s
/// `recovery`, and `replan`'s `revised` (a collection came back unpaid or a payment arrived:
/// here are the revised collections) and `catch_up_stops` (no more catch-up; any credit said
/// plainly, §15).
enum class LetterKind { recovery, revised, catch_up_stops };
inline constexpr std::array<std::pair<LetterKind, std::string_view>, 3> letter_kind_names{
    {{LetterKind::recovery, "recovery"},
     {LetterKind::revised, "revised"},
     {LetterKind::catch_up_stops, "catch_up_stops"}}};

/// The language of a bundled letter (§13, the Welsh Language Standards): English, Welsh, or
/// bilingual with Welsh first (`cy+en`).
enum class Language { en, cy, cy_en };
inline constexpr std::array<std::pair<Language, std::string_view>, 3> language_names{
    {{Language::en, "en"}, {Language::cy, "cy"}, {Language::cy_en, "cy+en"}}};
/// The language's name as the option and the column write it: `en`, `cy`, `cy+en`.
constexpr std::string_view language_name(Language l) noexcept {
    for (const auto& [language, name] : language_names)
        if (language == l) return name;
    return "en";
}
/// `en`, `cy` or `cy+en`, read as a named value (§12: any letter case, spaces ignored: `CY`,
/// `Cy + En`); InputError naming the text otherwise. The option `--language` and the accounts
/// column `language` (§13) read it so.
Language parse_language(std::string_view text);

/// What a letter shows in place of `{guarantee}` when no guarantee is given.
inline constexpr std::string_view missing_guarantee =
    "<p class=\"missing\">[The Direct Debit Guarantee goes here, exactly as your bank supplies it: "
    "give it to arrears with --guarantee FILE. Do not send this letter without it.]</p>";

/// What a Welsh letter shows in place of `{guarantee_cy}` when no Welsh guarantee is given.
inline constexpr std::string_view missing_guarantee_cy =
    "<p class=\"missing\">[Mae Gwarant Debyd Uniongyrchol yn mynd yma, yn union fel y mae eich banc yn ei "
    "roi: rhowch ef i arrears gyda --guarantee-cy FILE. Peidiwch ag anfon y llythyr hwn hebddo.]</p>";

/// `text` with `&`, `<`, `>`, `"` and `'` as HTML character references.
std::string html_escape(std::string_view text);
/// A column's name as a placeholder: every character but ASCII letters, digits and `_`
/// (each byte of a non-ASCII one) turned into `_`.
std::string placeholder_name(std::string_view column);

/// A notice cell (as the notices CSV holds it: dates `YYYY-MM-DD`, money `1234.56`) as a
/// payer reads it (§13): a date `2 February 2026`, money `£1,234.56`, other text as it is;
/// with `cy` in Welsh (Welsh month names, the frequency and schedule_text's words, §13
/// "Welsh"). Plain text, not HTML-escaped. Throws InputError naming the column when a date or
/// money cell cannot be read.
std::string cell_words(std::string_view column, std::string_view cell, bool cy = false);
/// `{resume_text}`'s sentence (§13), plain text, from the notice cells `resumes_on`,
/// `resume_amount` and `last_changed` (CSV form): "From 1 April 2026 your collections return
/// to the regular amount of £532.17." or, with no `resumes_on`, that the Direct Debit stays in
/// place for the next bill and must not be cancelled; with `cy` in Welsh. For
/// LetterKind::catch_up_stops (every changed collection already the regular amount, §15) a
/// `resumes_on` reads "After these, we collect your regular amount of £532.17 as before."
std::string resume_sentence(std::string_view resumes_on, std::string_view resume_amount, std::string_view last_changed,
                            bool cy, LetterKind kind = LetterKind::recovery);

/// The text, in UTF-8, of an HTML file's `bytes` (a letter template or a guarantee fragment,
/// named `source` in messages), read in the character set recovery-rules §13 gives: a
/// byte-order mark's (UTF-8, UTF-16), else the one its HTML declares (`<meta charset>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">` before its <body>): UTF-8, or
/// Windows-1252 for `windows-1252`, `iso-8859-1`, `latin1`, `us-ascii` and the other labels
/// browsers read as Windows-1252 (WHATWG Encoding); no declaration: UTF-8. Throws
/// InputError naming any other declared character set, or the line and byte that the
/// character set cannot read. The declaration itself is left for Letters to replace.
std::string decode_html(std::string_view bytes, std::string_view source);

/// The part of an HTML fragment a letter inserts: what is between <body ...> and </body>
/// when it has them (a whole document saved from a word processor), else all of it.
std::string fragment_body(std::string_view html);

/// A checked letter template for notices with the given columns (the notice columns, with
/// any kept ones after `account_id`, as in the notices file).
class Letters {
public:
    /// The bundled letter in `language` (bundled_text()). `guarantee`, `guarantee_cy`: the
    /// Direct Debit Guarantee and its Welsh as HTML fragments in UTF-8 (decode_html); none:
    /// missing_guarantee in its place.
    explicit Letters(std::span<const std::string_view> columns, std::optional<std::string> guarantee = {},
                     Language language = Language::en, std::optional<std::string> guarantee_cy = {});
    /// The template `text` (UTF-8: decode_html), named `source` in messages. Its character set
    /// declaration becomes `<meta charset="utf-8">` (one is added when it has none); each
    /// letter is put in a `<div class="arrears-letter">`, and a style after that declaration
    /// starts each but the first on a new printed page. Throws
    /// InputError naming the first unknown or malformed placeholder (with its line), a
    /// template without a <body>, or a kept column whose placeholder is a computed one's.
    Letters(std::string_view text, std::string_view source, std::span<const std::string_view> columns,
            std::optional<std::string> guarantee = {}, std::optional<std::string> guarantee_cy = {});

    /// The document up to the first letter.
    [[nodiscard]] const std::string& begin() const noexcept { return head_; }
    /// Appends one letter: `cells` are a notice row's text cells, as in the CSV file (dates
    /// `YYYY-MM-DD`, money `1234.56`), in the order of the columns. Dates become
    /// `2 February 2026` and money `£1,234.56`. Throws InputError when a date or money cell,
    /// or a line of `schedule_text`, cannot be read.
    void render(std::string& out, std::span<const std::string_view> cells) const;
    /// The document after the last letter.
    [[nodiscard]] const std::string& end() const noexcept { return tail_; }

    /// True when the template holds `{guarantee}` (`{guarantee_cy}`).
    [[nodiscard]] bool uses_guarantee() const noexcept { return uses_guarantee_; }
    [[nodiscard]] bool uses_guarantee_cy() const noexcept { return uses_guarantee_cy_; }
    /// True when the letters show missing_guarantee: the template holds `{guarantee}` and no
    /// guarantee was given, or `{guarantee_cy}` and no Welsh one (not ready to send).
    [[nodiscard]] bool guarantee_missing() const noexcept {
        return (uses_guarantee_ && !guarantee_) || (uses_guarantee_cy_ && !guarantee_cy_);
    }

    /// The bundled template's text for notices of `kind` (`arrears letter-template` prints
    /// it): its wording for a plan that has ended made by {resume_text} and {ended_text}. The
    /// bundled Letters hold the three kinds and write each notice with its `notice_kind`'s.
    static std::string bundled_text(Language language = Language::en, LetterKind kind = LetterKind::recovery);

private:
    // A piece of the letter: literal text, then the value of `slot` (none: -1; a column's
    // index; columns_.size() + k: letter_placeholders[k]).
    struct Piece {
        std::string text;
        int slot = -1;
        bool cy = false;  // the Welsh of the slot (`{NAME_cy}`)
    };
    void find_columns();
    void parse(std::string_view text, std::string_view source);
    [[nodiscard]] std::string computed(std::size_t k, std::span<const std::string_view> cells, bool cy) const;
    [[nodiscard]] std::string_view cell(std::span<const std::string_view> cells, int column) const;
    // The row's `notice_kind` (recovery when the notices lack it).
    [[nodiscard]] LetterKind kind(std::span<const std::string_view> cells) const;

    std::vector<std::string> columns_;
    std::vector<std::string> names_;  // placeholder names, by column
    std::optional<std::string> guarantee_, guarantee_cy_;
    bool uses_guarantee_ = false, uses_guarantee_cy_ = false;
    std::string head_, tail_;
    std::vector<Piece> pieces_;
    // The bundled letter's pieces by LetterKind (empty for a council's template: pieces_).
    std::array<std::vector<Piece>, 3> by_kind_;
    // Columns the computed placeholders read (-1: the notices lack it).
    int name_ = -1, reference_ = -1, postcode_ = -1, paid_ = -1, missed_ = -1, schedule_ = -1, resumes_on_ = -1,
        resume_amount_ = -1, last_changed_ = -1, kind_ = -1, missed_count_ = -1, credit_ = -1, previous_ = -1;
    std::array<int, 6> address_{-1, -1, -1, -1, -1, -1};
    std::vector<int> other_kept_;  // kept columns labelled in details_block
};

/// The whole document for `rows` (each a notice row's cells in the order of `columns`),
/// from `letters`.
std::string letters_html(const Letters& letters, std::span<const std::vector<std::string>> rows);

}  // namespace arrears::io
