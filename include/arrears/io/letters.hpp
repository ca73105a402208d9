// Printable letters from the notices (recovery-rules §13 `--letters`): one HTML document,
// one letter per notice row, each on its own printed page. A template is a whole HTML
// document whose <body> holds one letter with placeholders `{NAME}` (a notice column, a kept
// column's name with every character but letters, digits and `_` turned into `_`, or
// `schedule_table`); `{{` and `}}` are literal braces. The placeholders are checked first,
// then filled by fmt's named-argument formatting; every inserted value is HTML-escaped.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io {

/// The most bytes a letter template may hold (read whole): a letter exported from Word as
/// "Web Page, Filtered" is tens of kilobytes, its pictures apart; 16 MiB leaves room for
/// pictures embedded in it.
inline constexpr std::size_t max_template_bytes = std::size_t{16} << 20;

/// `text` with `&`, `<`, `>`, `"` and `'` as HTML character references.
std::string html_escape(std::string_view text);
/// A column's name as a placeholder: every character but ASCII letters, digits and `_`
/// (each byte of a non-ASCII one) turned into `_`.
std::string placeholder_name(std::string_view column);

/// A checked letter template for notices with the given columns (the notice columns, with
/// any kept ones after `account_id`, as in the notices file).
class Letters {
public:
    /// The bundled plain letter (with its own wording for an empty `resumes_on`).
    explicit Letters(std::span<const std::string_view> columns);
    /// The template `text`, named `source` in messages. Throws InputError naming the first
    /// unknown or malformed placeholder, a placeholder outside the <body>, or a template
    /// without one.
    Letters(std::string_view text, std::string_view source, std::span<const std::string_view> columns);

    /// The document up to the first letter.
    [[nodiscard]] const std::string& begin() const noexcept { return head_; }
    /// Appends one letter: `cells` are a notice row's text cells, as in the CSV file (dates
    /// `YYYY-MM-DD`, money `1234.56`), in the order of the columns. Dates become
    /// `2 February 2026` and money `£1,234.56`. Throws InputError when a date or money cell,
    /// or a line of `schedule_text`, cannot be read.
    void render(std::string& out, std::span<const std::string_view> cells) const;
    /// The document after the last letter.
    [[nodiscard]] const std::string& end() const noexcept { return tail_; }

    /// The bundled template's text: the variant for notices with a `resumes_on`, or without.
    static std::string bundled_text(bool resumes);

private:
    void check(std::string_view text, std::string_view source);

    std::vector<std::string> columns_;
    std::vector<std::string> names_;  // placeholder names, by column
    std::string head_, tail_;
    std::string body_, body_no_resume_;
};

/// The whole document for `rows` (each a notice row's cells in the order of `columns`),
/// from `letters`.
std::string letters_html(const Letters& letters, std::span<const std::vector<std::string>> rows);

}  // namespace arrears::io
