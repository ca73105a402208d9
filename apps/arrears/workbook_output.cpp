// `--workbook` as an output of the run (workbook.hpp's WorkbookOutput): which rows of each
// block go to which sheet — the notices, replan's summary and collections, the collections
// held and sorted by date like the collection file's — and the `run` sheet at the end. Apart
// from the workbook itself (workbook.cpp: the sheets, their cells and pages over
// libxlsxwriter) because it is the run's side: what the run's outputs and record put in it.
#include "workbook.hpp"
#include "workbook_cells.hpp"

#include "held_collections.hpp"
#include "notice_files.hpp"
#include "options.hpp"
#include "replan_outputs.hpp"

#include <arrears/io/columns.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/output.hpp>
#include <arrears/version.hpp>

#include <fmt/core.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace arrears::cli {

using detail::add_row;
using detail::put;

namespace {

// Where a collections row's cells go: the kept columns are text, the listed ones by kind.
std::vector<io::Kind> collection_kinds(std::span<const std::string_view> columns) {
    std::vector<io::Kind> kinds;
    for (std::string_view name : columns) {
        io::Kind kind = io::Kind::text;
        io::collection_list.for_each([&](const auto& c) {
            if (c.name == name) kind = c.kind;
        });
        kinds.push_back(kind);
    }
    return kinds;
}

std::string shell_word(const std::string& a) {
    if (!a.empty() && a.find_first_of(" \t'\"$`\\") == std::string::npos) return a;
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

}  // namespace

struct WorkbookOutput::Rows {
    // The notices of each chunk: the id and kept cells, then the notice.
    struct NoticeRow {
        std::vector<std::string> key;
        Notice notice;
    };
    ChunkBuffers<std::vector<NoticeRow>> notices;
    ChunkBuffers<std::size_t> notice_count;  // rows of the chunk's buffer in use (the rest kept for reuse)
    std::vector<std::string_view> notice_columns, collection_columns;
    io::Selection notice_selection = io::notice_list.every_run();  // the notices file's (§13 Welsh)
    std::optional<HeldCollections> held;  // the collections, as CSV text, sorted by date at the end
    ChunkBuffers<HeldCollections::Part> parts;
    // replan (§15): each chunk's summary rows and changed collections (with the id and kept
    // cells), in input order as replan's files have them, and its counts for the run sheet.
    struct ReplanPart {
        std::vector<std::pair<std::string, ReplanResult>> summary;
        std::vector<std::pair<std::vector<std::string>, io::ReplanCollectionRow>> collections;
        std::size_t changed = 0, on_course = 0;
        Money shortfall;
    };
    ChunkBuffers<ReplanPart> replan;
    std::size_t changed = 0, on_course = 0;
    Money shortfall;
};

WorkbookOutput::WorkbookOutput(std::string path, const NoticeSource& source, Date created, WorkbookSheets sheets)
    : source_(source),
      sheets_(sheets),
      book_("--workbook", std::move(path), created, sheets),
      rows_(std::make_unique<Rows>()) {
    if (sheets_.collections && !sheets_.replan) {
        std::error_code ec;
        const std::filesystem::path folder = std::filesystem::temp_directory_path(ec);
        rows_->held.emplace(folder.empty() ? std::string(".") : folder.string(), std::size_t{8} << 20);
    }
}

WorkbookOutput::~WorkbookOutput() = default;

void WorkbookOutput::begin(const AccountsFile&) {
    if (sheets_.notices) {
        // §13: with Welsh asked for, the notices file's _cy columns and language, here too.
        if (source_.welsh())
            rows_->notice_selection = io::notice_list.select({"schedule_text_cy", "missed_text_cy", "language"});
        rows_->notice_columns = source_.kept().columns(io::notice_list.names(rows_->notice_selection));
        book_.notices()->set_header({rows_->notice_columns.begin(), rows_->notice_columns.end()});
    }
    if (sheets_.collections) {
        rows_->collection_columns = sheets_.replan ? source_.kept().columns(io::replan_collection_columns)
                                                   : source_.kept().columns(io::collection_columns);
        book_.collections()->set_header({rows_->collection_columns.begin(), rows_->collection_columns.end()});
    }
}

void WorkbookOutput::format(const Chunk& chunk) {
    std::vector<std::string_view> kept;
    if (sheets_.notices) {
        std::vector<Rows::NoticeRow>& out = rows_->notices[chunk];
        std::size_t& used = rows_->notice_count[chunk];
        used = 0;
        for (std::size_t i = chunk.first; i < chunk.last; ++i) {
            if (!source_.scheduled(chunk, i, kept)) continue;
            if (used == out.size()) out.emplace_back();
            Rows::NoticeRow& row = out[used];
            if (!source_.notice(chunk, i, row.notice)) continue;
            row.key.assign(1, chunk.results[i].account_id);
            row.key.insert(row.key.end(), kept.begin(), kept.end());
            ++used;
        }
    }
    if (sheets_.replan) {  // §15: replan's summary, collections and counts
        Rows::ReplanPart& out = rows_->replan[chunk];
        out = Rows::ReplanPart{};
        for (std::size_t i = chunk.first; i < chunk.last && !chunk.replans.empty(); ++i) {
            const ReplanResult& x = chunk.replans[i];
            out.summary.emplace_back(chunk.results[i].account_id, x);
            out.summary.back().second.result.summary = chunk.results[i].summary;
            if (x.changed) ++(*x.changed ? out.changed : out.on_course);
            if (x.shortfall && !x.kept) out.shortfall += *x.shortfall;
            if (!sheets_.collections || !source_.scheduled(chunk, i, kept)) continue;
            std::vector<std::string> key(1, chunk.results[i].account_id);
            key.insert(key.end(), kept.begin(), kept.end());
            // The very rows of replan's collection file (a collection already submitted left
            // out as there, §14).
            for_each_listed_collection(source_, chunk, i,
                                       [&](const io::ReplanCollectionRow& row) { out.collections.emplace_back(key, row); });
        }
    }
    if (sheets_.collections && !sheets_.replan) {
        HeldCollections::Part& out = rows_->parts[chunk];
        out.clear();
        // The very rows of the collection file (a collection already submitted left out as
        // there, §14).
        for (std::size_t i = chunk.first; i < chunk.last; ++i)
            if (source_.scheduled(chunk, i, kept)) source_.add_collections(chunk, i, kept, out);
        out.format(io::Format::csv, rows_->collection_columns, source_.recovery().collection_calendar());
    }
}

void WorkbookOutput::write(const Block& block) {
    book_.add(block.results);
    for (std::size_t c = 0; c < block.chunks; ++c) {
        if (sheets_.notices) {
            WorkbookSheet& sheet = *book_.notices();
            const auto& rows = rows_->notices.at(block.slot, c);
            for (std::size_t r = 0; r < rows_->notice_count.at(block.slot, c); ++r) {
                for (const std::string& k : rows[r].key) sheet.text(k);
                io::for_each_cell(io::notice_list, rows_->notice_selection, rows[r].notice,
                                  [&](const auto&, const auto& v) { put(sheet, v); });
                sheet.end_row();
            }
        }
        if (sheets_.replan) {
            const Rows::ReplanPart& part = rows_->replan.at(block.slot, c);
            for (const auto& [id, x] : part.summary) add_row(book_.summary(), io::replan_summary_list, id, x);
            if (sheets_.collections) {
                WorkbookSheet& sheet = *book_.collections();
                for (const auto& [key, row] : part.collections) {
                    for (const std::string& k : key) sheet.text(k);
                    io::for_each_cell(io::replan_collection_list, io::replan_collection_list.every_run(), row,
                                      [&](const auto&, const auto& v) { put(sheet, v); });
                    sheet.end_row();
                }
            }
            rows_->changed += part.changed;
            rows_->on_course += part.on_course;
            rows_->shortfall += part.shortfall;
        } else if (sheets_.collections)
            rows_->held->append(rows_->parts.at(block.slot, c));
    }
}

void WorkbookOutput::finish(const RunRecord& run) {
    if (sheets_.collections && !sheets_.replan) {
        // The collections in the collection file's order (by date, then input order), as CSV
        // in a scratch file, read back a block at a time into typed cells.
        // (unnamed where the system allows, removed whatever stops the run: output_files.hpp)
        const std::unique_ptr<ScratchFile> scratch = book_.file().scratch();
        std::FILE* f = std::fopen(scratch->name().c_str(), "wb");
        if (!f) throw UsageError(fmt::format("--workbook {}: {}", book_.file().path(), std::strerror(errno)));
        {
            io::ResultWriter writer(rows_->collection_columns, io::Format::csv, f);
            rows_->held->write(writer, [](std::size_t) {});
            writer.finish();
        }
        if (std::fclose(f) != 0)
            throw UsageError(fmt::format("--workbook {}: {}", book_.file().path(), std::strerror(errno)));
        const std::vector<io::Kind> kinds = collection_kinds(rows_->collection_columns);
        WorkbookSheet& sheet = *book_.collections();
        io::CsvReader reader(scratch->name());
        io::TextTable block;
        while (reader.next_block(block, 4096)) {
            for (std::size_t r = 0; r < block.rows(); ++r) {
                for (std::size_t c = 0; c < kinds.size(); ++c) {
                    const std::string_view cell = block.at(r, c);
                    if (cell.empty() && kinds[c] != io::Kind::text)
                        sheet.blank();
                    else if (kinds[c] == io::Kind::money)
                        sheet.money(Money::parse(cell));
                    else if (kinds[c] == io::Kind::date)
                        sheet.date(parse_date(cell));
                    else
                        sheet.text(cell);
                }
                sheet.end_row();
            }
        }
    }
    // The run sheet (§12): what produced the workbook, in the manifest's order.
    WorkbookSheet& r = book_.run();
    auto item = [&](std::string_view name, auto&& value) {
        r.text(name);
        value();
        r.end_row();
    };
    item("version", [&] { r.text(arrears::version); });
    std::string args;
    for (const std::string& a : run.arguments) args += (args.empty() ? "" : " ") + shell_word(a);
    item("arguments", [&] { r.text(args); });
    for (const InputRead& in : run.inputs) {
        item("input", [&] { r.text(in.path); });
        item("  sha256", [&] { r.text(in.sha256); });
        if (in.rows) item("  rows", [&] { r.count(static_cast<std::int64_t>(*in.rows)); });
    }
    item("notice date", [&] { r.date(source_.recovery().options().notice_date); });
    item("first changeable collection", [&] { r.date(source_.recovery().earliest_change()); });
    item("year end (H)", [&] { r.date(source_.recovery().horizon()); });
    const auto& counts = run.stats.by_status();
    const auto& money = run.stats.arrears_by_status();
    for (std::size_t i = 0; i < all_statuses.size(); ++i) {
        const std::string status(to_string(all_statuses[i]));
        item("accounts " + status, [&] { r.count(static_cast<std::int64_t>(counts[i])); });
        item("arrears " + status, [&] { r.money(money[i]); });
    }
    item("arrears", [&] { r.money(run.stats.total_arrears()); });
    item("scheduled", [&] { r.money(run.stats.scheduled()); });
    item("reported rows", [&] { r.count(static_cast<std::int64_t>(run.skipped.size())); });
    if (sheets_.replan) {  // §15: the standard error's "N accounts changed, M on course", total shortfall
        item("accounts changed", [&] { r.count(static_cast<std::int64_t>(rows_->changed)); });
        item("accounts on course", [&] { r.count(static_cast<std::int64_t>(rows_->on_course)); });
        item("total shortfall", [&] { r.money(rows_->shortfall); });
    }
    // §12, §14: what the outputs said (the Bacs file's totals) and left out of the bank files (bad bank details,
    // already submitted, too late for the Bacs file), then every reported line: rows of the inputs, then the outputs'
    // collections.
    for (const std::string& line : run.outputs_summary) item("output", [&] { r.text(line); });
    item("collections left out of the bank files", [&] { r.count(static_cast<std::int64_t>(run.left_out)); });
    for (const io::ReportedRow& row : run.skipped) item("reported", [&] { r.text(row.message); });
    for (const std::string& line : run.outputs_reported) item("reported", [&] { r.text(line); });
    book_.finish(run.stats.by_month(), source_.recovery().horizon());
}

}  // namespace arrears::cli
