// The --workbook writer (see workbook.hpp), over libxlsxwriter in constant-memory mode: rows
// go to disk as they are written, so a portfolio of any size takes little memory.
#include "workbook.hpp"

#include "options.hpp"

#include <arrears/io/columns.hpp>
#include <arrears/io/output.hpp>

#include <xlsxwriter.h>

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <type_traits>

namespace arrears::cli {

namespace {

std::vector<std::string> names(std::span<const std::string_view> columns) { return {columns.begin(), columns.end()}; }

// Data rows per sheet: Excel's 1,048,576 rows less the header.
constexpr std::uint32_t rows_per_sheet = 1'048'575;
constexpr double widest = 80;  // characters: long messages wrap no wider than this

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

double text_width(std::string_view s) {
    std::size_t chars = 0;
    for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // UTF-8 code points
    return static_cast<double>(chars);
}

// A cell of a sheet by its value's type (columns.hpp): Excel's number kinds, or text.
template <class V>
void put(WorkbookSheet& sheet, const V& v) {
    if constexpr (io::detail::optional_traits<V>::optional) {
        if (v)
            put(sheet, *v);
        else
            sheet.blank();
    } else if constexpr (std::is_same_v<V, Money>) {
        sheet.money(v);
    } else if constexpr (std::is_same_v<V, Date>) {
        sheet.date(v);
    } else if constexpr (std::is_integral_v<V>) {
        sheet.count(static_cast<std::int64_t>(v));
    } else if constexpr (io::InPlaceText<V>) {
        std::string text;
        v.append_to(text, "\n");
        sheet.text(text);
    } else {
        sheet.text(std::string_view(v));
    }
}

// One row of a sheet of `table`: its key, then the row's cells (every run's columns).
template <class T>
void add_row(WorkbookSheet& sheet, const T& table, std::string_view key, const typename T::row_type& row) {
    sheet.text(key);
    io::for_each_cell(table, table.every_run(), row, [&](const auto&, const auto& v) { put(sheet, v); });
    sheet.end_row();
}

}  // namespace

struct WorkbookSheet::Impl {
    lxw_workbook* book;
    std::string name, path;
    std::vector<std::string> header;
    lxw_format *bold, *money, *date;
    std::vector<lxw_worksheet*> parts;
    std::vector<double> widths;
    std::size_t data_rows = 0;           // every part's rows below the header (for the manifest)
    std::uint32_t row = rows_per_sheet;  // full: the first cell opens the first part
    lxw_col_t col = 0;
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
                lxw_worksheet* ws = workbook_add_worksheet(book, title.c_str());
                if (!ws) throw UsageError(fmt::format("--workbook {}: cannot add sheet '{}'", path, title));
                for (std::size_t c = 0; c < header.size(); ++c)
                    check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold));
                worksheet_freeze_panes(ws, 1, 0);
                parts.push_back(ws);
                row = 0;
            }
            ++row;
            col = 0;
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
        impl_->check(worksheet_write_string(ws, impl_->row, impl_->col, z.c_str(), nullptr));
        impl_->widen(text_width(s));
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
    impl_->check(worksheet_write_number(ws, impl_->row, impl_->col, static_cast<double>(n), nullptr));
    impl_->widen(text_width(std::to_string(n)));
    ++impl_->col;
}

void WorkbookSheet::blank() {
    impl_->cell();
    ++impl_->col;
}

void WorkbookSheet::end_row() {
    impl_->cell();  // an empty row is still a row
    impl_->row_open = false;
    ++impl_->data_rows;
}

struct Workbook::State {
    // The workbook libxlsxwriter writes, copied into the output at finish(): unnamed where
    // the system allows, so nothing is left behind whatever stops the run (output_files.hpp).
    std::unique_ptr<ScratchFile> scratch;
    std::string temp;  // its name
    lxw_workbook* book = nullptr;
    lxw_format *bold = nullptr, *money = nullptr, *date = nullptr;
    std::deque<WorkbookSheet> sheets;
    WorkbookSheet* schedule = nullptr;
    WorkbookSheet* summary = nullptr;
    ~State() {
        if (book) workbook_close(book);  // an unfinished run: discarded with the scratch file
    }
};

Workbook::Workbook(std::string option, std::string path, Date created)
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
    format_set_num_format(state_->date, "yyyy-mm-dd");
    state_->schedule = &sheet("schedule", names(io::schedule_columns));
    state_->summary = &sheet("summary", names(io::summary_columns));
}

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
    return state_->sheets.emplace_back(std::move(impl));
}

void Workbook::add(std::span<const AccountResult> block) {
    WorkbookSheet& sch = *state_->schedule;
    WorkbookSheet& sum = *state_->summary;
    for (const AccountResult& r : block) {
        for (const ScheduleRow& row : r.schedule) add_row(sch, io::schedule_list, r.account_id, row);
        add_row(sum, io::summary_list, r.account_id, r.summary);
    }
}

void Workbook::finish(const std::map<int, std::pair<std::size_t, Money>>& by_month) {
    WorkbookSheet& flow = sheet("cash flow", names(io::cash_flow_columns));
    io::CashFlowMonth total;
    for (const auto& [ym, cell] : by_month) {
        const io::CashFlowMonth month{static_cast<std::int64_t>(cell.first), cell.second};
        add_row(flow, io::cash_flow_list, fmt::format("{:04}-{:02}", ym / 12, ym % 12 + 1), month);
        total.collections += month.collections;
        total.recovery += month.recovery;
    }
    add_row(flow, io::cash_flow_list, "total", total);
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
