// The --workbook writer (see workbook.hpp), over libxlsxwriter in constant-memory mode: rows
// go to disk as they are written, so a portfolio of any size takes little memory.
// WorkbookOutput, what the run puts in it, is workbook_output.cpp.
#include "workbook.hpp"
#include "workbook_cells.hpp"

#include "options.hpp"

#include <arrears/io/columns.hpp>
#include <arrears/io/output.hpp>

#include <xlsxwriter.h>

#include "notice_files.hpp"
#include "replan_outputs.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <arrears/io/csv.hpp>
#include <arrears/version.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <optional>
#include <system_error>
#include <type_traits>

namespace arrears::cli {

using detail::add_row;

namespace {

std::vector<std::string> names(std::span<const std::string_view> columns) { return {columns.begin(), columns.end()}; }

// Data rows per sheet: Excel's 1,048,576 rows less the header.
constexpr std::uint32_t rows_per_sheet = 1'048'575;
// Characters: a column is no wider than this, and a longer text (a message, the run's
// arguments) or one of several lines (the notices' missed_text, schedule_text) wraps in its
// cell, so a printed page (one page wide, §12) keeps a legible size and lines stay lines.
constexpr double widest = 60;

// The workbook's creation time (docProps/core.xml) is the notice date at midnight UTC, not
// the clock's: the same run gives the same bytes, and so the same manifest (§12).
void set_created(lxw_workbook* book, Date created) {
    lxw_doc_properties properties{};
    properties.created = static_cast<time_t>((created - make_date(1970, 1, 1)).count()) * 86400;
    (void)workbook_set_properties(book, &properties);
}

// Excel's most characters in a cell: a longer text is cut to fit, with a mark saying how
// long it was (the CSV and JSON outputs keep it whole).
constexpr std::size_t excel_cell_chars = 32'767;

// `s` as a cell can hold it: itself, or its first characters and "… [cut: N characters]".
std::string_view excel_text(std::string_view s, std::string& cut) {
    std::size_t chars = 0;
    for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (chars <= excel_cell_chars) return s;
    std::string count = std::to_string(chars), grouped;  // 40,000
    for (std::size_t i = 0; i < count.size(); ++i) {
        if (i > 0 && (count.size() - i) % 3 == 0) grouped += ',';
        grouped += count[i];
    }
    const std::string mark = fmt::format("\u2026 [cut: {} characters]", grouped);
    std::size_t mark_chars = 0;
    for (char c : mark) mark_chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    std::size_t keep = excel_cell_chars - mark_chars, end = 0;
    for (std::size_t n = 0; end < s.size(); ++end) {  // the byte where character `keep` starts
        if ((static_cast<unsigned char>(s[end]) & 0xC0) != 0x80 && n++ == keep) break;
    }
    cut.assign(s.substr(0, end));
    cut += mark;
    return cut;
}

// Printed lines of `s` in a wrapping cell no wider than `widest`: each of its lines, and a
// line longer than that broken into lines of that width, so the row can be made tall enough
// (Excel and LibreOffice do not grow a row for wrapped text on opening).
std::size_t wrapped_lines(std::string_view s) {
    const auto per_line = static_cast<std::size_t>(widest);
    std::size_t lines = 0, chars = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '\n') {
            lines += std::max<std::size_t>(1, (chars + per_line - 1) / per_line);
            chars = 0;
        } else {
            chars += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
        }
    }
    return lines;
}
constexpr double line_points = 15;  // a line of Calibri 11, Excel's default row height

// The width of `s` in characters: its longest line's UTF-8 code points.
double text_width(std::string_view s) {
    std::size_t chars = 0, longest = 0;
    for (char c : s) {
        if (c == '\n') {
            longest = std::max(longest, chars);
            chars = 0;
        } else {
            chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }
    }
    return static_cast<double>(std::max(longest, chars));
}

}  // namespace

// §12: every sheet prints on A4 landscape, one page wide (as many pages tall as it takes),
// its header row repeated on each page and frozen on screen; the sheet's name and the page
// number in the footer.
void page_setup(lxw_worksheet* ws) {
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4 (Excel's paper code 9)
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    worksheet_set_footer(ws, "&L&A&Rpage &P of &N");
}

struct WorkbookSheet::Impl {
    lxw_workbook* book;
    std::string name, path;
    std::vector<std::string> header;
    lxw_format *bold, *money, *date, *wrap, *top;
    lxw_worksheet* first = nullptr;  // made with the workbook, so the sheets are in §12's order
    std::vector<lxw_worksheet*> parts;
    std::vector<double> widths;
    std::size_t data_rows = 0;           // every part's rows below the header (for the manifest)
    std::uint32_t row = rows_per_sheet;  // full: the first cell opens the first part
    lxw_col_t col = 0;
    std::size_t row_lines = 1;  // the current row's most printed lines in one cell
    bool row_open = false;

    void check(lxw_error e) const {
        if (e != LXW_NO_ERROR)
            throw UsageError(fmt::format("--workbook {}: sheet {}: {}", path, name, lxw_strerror(e)));
    }
    void widen(double w) {
        if (col < widths.size()) widths[col] = std::min(widest, std::max(widths[col], w));
    }
    // The cell the next value goes to: opens the row, and a new part when this one is full.
    lxw_worksheet* cell() {
        if (!row_open) {
            if (row == rows_per_sheet) {
                const std::string title = parts.empty() ? name : fmt::format("{} ({})", name, parts.size() + 1);
                lxw_worksheet* ws = parts.empty() && first ? first : workbook_add_worksheet(book, title.c_str());
                if (!ws) throw UsageError(fmt::format("--workbook {}: cannot add sheet '{}'", path, title));
                for (std::size_t c = 0; c < header.size(); ++c)
                    check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold));
                page_setup(ws);
                parts.push_back(ws);
                row = 0;
            }
            ++row;
            col = 0;
            row_lines = 1;
            row_open = true;
        }
        return parts.back();
    }
};

WorkbookSheet::WorkbookSheet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WorkbookSheet::~WorkbookSheet() = default;

void WorkbookSheet::text(std::string_view s) {
    lxw_worksheet* ws = impl_->cell();
    std::string cut;
    s = excel_text(s, cut);
    if (!s.empty()) {
        const std::string z(s);
        const double w = text_width(s);
        const bool wraps = w > widest || s.find('\n') != std::string_view::npos;
        impl_->check(worksheet_write_string(ws, impl_->row, impl_->col, z.c_str(), wraps ? impl_->wrap : impl_->top));
        impl_->widen(w);
        if (wraps) impl_->row_lines = std::max(impl_->row_lines, wrapped_lines(s));
    }
    ++impl_->col;
}

void WorkbookSheet::money(Money m) {
    lxw_worksheet* ws = impl_->cell();
    // The double nearest the exact amount: pence are exact in a double, and one division
    // by 100 is correctly rounded. The cell shows it as £1,234.56.
    impl_->check(
        worksheet_write_number(ws, impl_->row, impl_->col, static_cast<double>(m.pence()) / 100.0, impl_->money));
    impl_->widen(text_width(m.to_string()) + 2 + static_cast<double>(m.to_string().size() / 4));  // £ and commas
    ++impl_->col;
}

void WorkbookSheet::date(Date d) {
    lxw_worksheet* ws = impl_->cell();
    // Excel's day numbers count from 1899-12-30 (its 1900 leap-year quirk included).
    const auto serial = (d - make_date(1899, 12, 30)).count();
    impl_->check(worksheet_write_number(ws, impl_->row, impl_->col, static_cast<double>(serial), impl_->date));
    impl_->widen(10);
    ++impl_->col;
}

void WorkbookSheet::count(std::int64_t n) {
    lxw_worksheet* ws = impl_->cell();
    impl_->check(worksheet_write_number(ws, impl_->row, impl_->col, static_cast<double>(n), impl_->top));
    impl_->widen(text_width(std::to_string(n)));
    ++impl_->col;
}

void WorkbookSheet::blank() {
    impl_->cell();
    ++impl_->col;
}

void WorkbookSheet::set_header(std::vector<std::string> header) {
    impl_->widths.assign(header.size(), 0);
    for (std::size_t c = 0; c < header.size(); ++c) impl_->widths[c] = text_width(header[c]) + 2;
    impl_->header = std::move(header);
}

void WorkbookSheet::end_row() {
    lxw_worksheet* ws = impl_->cell();  // an empty row is still a row
    if (impl_->row_lines > 1)
        impl_->check(worksheet_set_row(ws, impl_->row, line_points * static_cast<double>(impl_->row_lines), nullptr));
    impl_->row_open = false;
    ++impl_->data_rows;
}

struct Workbook::State {
    // The workbook libxlsxwriter writes, copied into the output at finish(): unnamed where
    // the system allows, so nothing is left behind whatever stops the run (output_files.hpp).
    std::unique_ptr<ScratchFile> scratch;
    std::string temp;  // its name
    lxw_workbook* book = nullptr;
    lxw_format *bold = nullptr, *money = nullptr, *date = nullptr, *wrap = nullptr, *top = nullptr;
    std::deque<WorkbookSheet> sheets;
    WorkbookSheet* schedule = nullptr;
    WorkbookSheet* summary = nullptr;
    WorkbookSheet* cash_flow = nullptr;
    WorkbookSheet* notices = nullptr;
    WorkbookSheet* collections = nullptr;
    WorkbookSheet* run = nullptr;
    bool replan = false;  // the summary rows are replan's (WorkbookOutput adds them)
    ~State() {
        if (book) workbook_close(book);  // an unfinished run: discarded with the scratch file
    }
};

Workbook::Workbook(std::string option, std::string path, Date created, WorkbookSheets sheets)
    : out_(std::move(option), std::move(path)), state_(std::make_unique<State>()) {
    state_->scratch = out_.scratch();
    state_->temp = state_->scratch->name();
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.use_zip64 = LXW_TRUE;
    state_->book = workbook_new_opt(state_->temp.c_str(), &options);
    if (!state_->book) throw UsageError(fmt::format("--workbook {}: cannot start the workbook", out_.path()));
    set_created(state_->book, created);
    state_->bold = workbook_add_format(state_->book);
    format_set_bold(state_->bold);
    state_->money = workbook_add_format(state_->book);
    format_set_num_format(state_->money, "£#,##0.00");
    state_->date = workbook_add_format(state_->book);
    format_set_num_format(state_->date, "dd/mm/yyyy");
    state_->wrap = workbook_add_format(state_->book);
    format_set_text_wrap(state_->wrap);
    state_->top = workbook_add_format(state_->book);
    // Every data cell at the top of its row, so a row made tall by wrapped text reads across.
    for (lxw_format* f : {state_->money, state_->date, state_->wrap, state_->top})
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    state_->schedule = &sheet("schedule", names(io::schedule_columns));
    state_->replan = sheets.replan;
    state_->summary = &sheet("summary", sheets.replan ? names(io::replan_summary_columns) : names(io::summary_columns));
    state_->cash_flow = &sheet("cash flow", names(io::cash_flow_columns));
    if (sheets.notices) state_->notices = &sheet("notices", names(io::notice_columns));
    if (sheets.collections)
        state_->collections =
            &sheet("collections", sheets.replan ? names(io::replan_collection_columns) : names(io::collection_columns));
    state_->run = &sheet("run", {"item", "value"});
}

WorkbookSheet& Workbook::summary() noexcept { return *state_->summary; }
WorkbookSheet* Workbook::notices() noexcept { return state_->notices; }
WorkbookSheet* Workbook::collections() noexcept { return state_->collections; }
WorkbookSheet& Workbook::run() noexcept { return *state_->run; }

Workbook::~Workbook() = default;

WorkbookSheet& Workbook::sheet(std::string_view name, std::vector<std::string> header) {
    auto impl = std::make_unique<WorkbookSheet::Impl>();
    impl->book = state_->book;
    impl->name = std::string(name);
    impl->path = out_.path();
    impl->widths.resize(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) impl->widths[c] = text_width(header[c]) + 2;
    impl->header = std::move(header);
    impl->bold = state_->bold;
    impl->money = state_->money;
    impl->date = state_->date;
    impl->wrap = state_->wrap;
    impl->top = state_->top;
    impl->first = workbook_add_worksheet(state_->book, impl->name.c_str());
    if (!impl->first) throw UsageError(fmt::format("--workbook {}: cannot add sheet '{}'", out_.path(), name));
    return state_->sheets.emplace_back(std::move(impl));
}

void Workbook::add(std::span<const AccountResult> block) {
    WorkbookSheet& sch = *state_->schedule;
    WorkbookSheet& sum = *state_->summary;
    for (const AccountResult& r : block) {
        for (const ScheduleRow& row : r.schedule) add_row(sch, io::schedule_list, r.account_id, row);
        if (!state_->replan) add_row(sum, io::summary_list, r.account_id, r.summary);
    }
}

void Workbook::finish(const std::map<int, MonthFlow>& by_month, Date horizon) {
    WorkbookSheet& flow = *state_->cash_flow;
    const date::year_month_day h(horizon);
    const int last_month = static_cast<int>(h.year()) * 12 + static_cast<int>(static_cast<unsigned>(h.month())) - 1;
    io::CashFlowMonth total;
    for (const auto& [ym, cell] : by_month) {
        const io::CashFlowMonth month{static_cast<std::int64_t>(cell.recovery_collections), cell.regular, cell.recovery,
                                      ym > last_month ? "yes" : ""};
        add_row(flow, io::cash_flow_list, fmt::format("{:04}-{:02}", ym / 12, ym % 12 + 1), month);
        total.collections += month.collections;
        total.regular += month.regular;
        total.recovery += month.recovery;
    }
    flow.end_row();           // §12: a blank row (not a data row for the manifest)
    --flow.impl_->data_rows;  // , then the total (which a chart of the months leaves out)
    add_row(flow, io::cash_flow_list, "total", total);
    if (!by_month.empty()) {
        // A column chart of regular and recovery by month (stacked: each column is the
        // month's cash in), from the month rows only.
        lxw_worksheet* ws = flow.impl_->parts.front();
        lxw_chart* chart = workbook_add_chart(state_->book, LXW_CHART_COLUMN_STACKED);
        const auto last_row = static_cast<lxw_row_t>(by_month.size());  // rows 1..n below the header
        for (const auto& [col, name] : {std::pair<lxw_col_t, const char*>{2, "regular"}, {3, "recovery"}}) {
            lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
            chart_series_set_categories(series, "cash flow", 1, 0, last_row, 0);
            chart_series_set_values(series, "cash flow", 1, col, last_row, col);
            chart_series_set_name(series, name);
        }
        chart_title_set_name(chart, "Cash in by month of collection");
        chart_axis_set_num_format(chart->y_axis, "£#,##0");
        chart_axis_set_name(chart->x_axis, "month (after_year_end: after the year end)");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        lxw_chart_options where{};
        where.x_scale = 1.6;
        where.y_scale = 1.4;
        flow.impl_->check(worksheet_insert_chart_opt(ws, 1, 7, chart, &where));
    }
    for (WorkbookSheet& sheet : state_->sheets) {
        WorkbookSheet::Impl& s = *sheet.impl_;
        if (s.parts.empty()) {  // no rows: the header alone
            s.cell();
            s.row_open = false;
        }
        for (lxw_worksheet* ws : s.parts)
            for (std::size_t c = 0; c < s.widths.size(); ++c)
                s.check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), s.widths[c] + 1,
                                             nullptr));
    }
    const lxw_error closed = workbook_close(std::exchange(state_->book, nullptr));
    if (closed != LXW_NO_ERROR) throw UsageError(fmt::format("--workbook {}: {}", out_.path(), lxw_strerror(closed)));
    // Into the output file, which is published with the others.
    std::FILE* in = std::fopen(state_->temp.c_str(), "rb");
    if (!in) throw UsageError(fmt::format("--workbook {}: {}", out_.path(), std::strerror(errno)));
    char buf[1 << 16];
    std::size_t n;
    bool ok = true;
    while (ok && (n = std::fread(buf, 1, sizeof buf, in)) > 0) ok = std::fwrite(buf, 1, n, out_.file()) == n;
    ok = ok && !std::ferror(in);
    std::fclose(in);
    if (!ok) throw UsageError(fmt::format("--workbook {}: cannot write: {}", out_.path(), std::strerror(errno)));
    out_.finish();
}

std::size_t Workbook::data_rows() const noexcept {
    std::size_t n = 0;
    for (const WorkbookSheet& sheet : state_->sheets) n += sheet.impl_->data_rows;
    return n;
}

}  // namespace arrears::cli
