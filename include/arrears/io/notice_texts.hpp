// A notice's text columns written where they go rather than made as strings (recovery-rules
// §13; a million notices): schedule_text, missed_dates, missed_text and the Welsh texts, each
// an InPlaceText (column_list.hpp) that columns.hpp's notice_list reads. Apart from the lists
// because each is a small writer of its own, with its own CSV quoting rule.
#pragma once

#include <arrears/date.hpp>
#include <arrears/money.hpp>
#include <arrears/notice.hpp>
#include <arrears/result.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::io {

namespace detail {

/// The lines put_line(at, i) writes (returning its end) for i < n, joined by line feeds, as a
/// CSV field at `p`; returns its end. The lines hold no quote, so the field is quoted only when
/// it holds a comma or a line break (§12's rule, as append_csv_field applies it): room for the
/// opening quote is kept, and closed up when no quote is needed.
template <class PutLine>
char* put_csv_lines(char* p, std::size_t n, PutLine put_line) noexcept {
    char* const text = p++;
    bool comma = false;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) *p++ = '\n';
        char* const line = p;
        p = put_line(p, i);
        comma = comma || std::string_view(line, static_cast<std::size_t>(p - line)).find(',') != std::string_view::npos;
    }
    if (n > 1 || comma) {
        *text = '"';
        *p++ = '"';
        return p;
    }
    std::memmove(text, text + 1, static_cast<std::size_t>(p - text - 1));
    return p - 1;
}

}  // namespace detail

/// A notice's schedule_text (§13), written where it goes rather than made as a string (a
/// million notices): one line per changed collection.
struct ScheduleText {
    const Notice* notice;

    /// The most bytes put_csv() writes.
    [[nodiscard]] std::size_t csv_bound() const noexcept {
        return notice->changed.size() * (schedule_line_max + 1) + 2;
    }
    /// As a CSV field at `p`; returns its end. It holds no quote, so it is quoted only when
    /// it holds a comma or a line break (§12's rule, as append_csv_field applies it).
    char* put_csv(char* p) const noexcept {
        const std::vector<ScheduleRow>& lines = notice->changed;
        return detail::put_csv_lines(p, lines.size(),
                                     [&](char* at, std::size_t i) { return put_schedule_line(at, lines[i]); });
    }
    /// Appended to `out`, the lines joined by `line_break` (`\\n` in JSON).
    void append_to(std::string& out, std::string_view line_break) const {
        append_schedule_text(out, *notice, line_break);
    }
};

/// A notice's missed_dates (§13): the missed collections' dates, `YYYY-MM-DD` joined by `;`
/// (empty when nothing was missed), written where it goes.
struct MissedDates {
    const Notice* notice;

    [[nodiscard]] std::size_t csv_bound() const noexcept { return notice->missed.size() * 11; }
    /// As a CSV field at `p` (dates and `;`: never quoted); returns its end.
    char* put_csv(char* p) const noexcept {
        const std::vector<MissedCollection>& missed = notice->missed;
        for (std::size_t i = 0; i < missed.size(); ++i) {
            if (i > 0) *p++ = ';';
            format_date_to(missed[i].collection_date, p);
            p += 10;
        }
        return p;
    }
    void append_to(std::string& out, std::string_view) const {
        char buf[10];
        for (std::size_t i = 0; i < notice->missed.size(); ++i) {
            if (i > 0) out += ';';
            format_date_to(notice->missed[i].collection_date, buf);
            out.append(buf, sizeof buf);
        }
    }
};

/// A notice's missed_text (§13): `1 December 2025: £532.17` a line per missed collection
/// (empty when nothing was missed), written where it goes.
struct MissedText {
    const Notice* notice;
    /// Room for any line: the date's words, `: ` and the amount's.
    static constexpr std::size_t line_max = 64;

    [[nodiscard]] std::size_t csv_bound() const noexcept { return notice->missed.size() * (line_max + 1) + 2; }
    /// As a CSV field at `p`; returns its end. It holds no quote, so it is quoted only when
    /// it holds a comma or a line break (§12's rule, as append_csv_field applies it).
    char* put_csv(char* p) const noexcept {
        const std::vector<MissedCollection>& missed = notice->missed;
        return detail::put_csv_lines(p, missed.size(), [&](char* at, std::size_t i) {
            at = put_date_words(at, missed[i].collection_date);
            *at++ = ':';
            *at++ = ' ';
            return put_money_words(at, missed[i].amount);
        });
    }
    /// Appended to `out`, the lines joined by `line_break` (`\\n` in JSON).
    void append_to(std::string& out, std::string_view line_break) const {
        append_missed_text(out, *notice, line_break);
    }
};

/// A notice's Welsh text (§13 `schedule_text_cy`, `missed_text_cy`), written where it goes:
/// the text is made once (Welsh words are only in runs that ask for them).
struct WelshText {
    const Notice* notice;
    bool schedule;  ///< schedule_text_cy; else missed_text_cy

    void append_to(std::string& out, std::string_view line_break) const {
        if (schedule)
            append_schedule_text_cy(out, *notice, line_break);
        else
            append_missed_text_cy(out, *notice, line_break);
    }
    [[nodiscard]] std::size_t csv_bound() const noexcept {
        return (schedule ? notice->changed.size() * (schedule_line_max + 16)
                         : notice->missed.size() * (MissedText::line_max + 16)) +
               2;
    }
    /// As a CSV field at `p` (no quote in it: quoted when it holds a comma or a line feed).
    char* put_csv(char* p) const {
        std::string text;
        append_to(text, "\n");
        const bool quote = text.find_first_of(",\n") != std::string::npos;
        if (quote) *p++ = '"';
        p = std::copy(text.begin(), text.end(), p);
        if (quote) *p++ = '"';
        return p;
    }
};

}  // namespace arrears::io
