// The notices of a Python recovery (recovery-rules §13): made per chunk on the worker
// threads as the blocks of accounts are recovered (each needs its account's plan, which the
// block holds only while it is current), gathered in input order, and handed to the package
// as text cells, as the notices file holds them.
#pragma once

#include "bindings.hpp"

#include <arrears/io/block_recovery.hpp>
#include <arrears/io/letters.hpp>
#include <arrears/io/notices.hpp>
#include <arrears/notice.hpp>

#include <pybind11/stl.h>

#include <array>
#include <span>
#include <string>
#include <vector>

namespace arrears::python {

class NoticeCollector {
public:
    /// `keep`: columns of the accounts table (whose header is `header`) copied after
    /// account_id. Throws InputError for a missing column or an output column's name.
    /// `language`: the run's (`en`, `cy`, `cy+en`; InputError otherwise); `language_column`:
    /// the accounts' `language` column (§13, -1: none), each payer's when not empty. Welsh
    /// asked for by either: the notices gain schedule_text_cy, missed_text_cy and language,
    /// as the command line's do.
    NoticeCollector(bool on, const std::vector<std::string>& keep, const std::vector<std::string>& header,
                    const Recovery& recovery, std::string_view language, int language_column)
        : on_(on), recovery_(recovery), language_(io::parse_language(language)), language_column_(language_column) {
        if (!on_) return;
        if (language_ != io::Language::en || language_column_ >= 0)
            selection_ = io::notice_list.select({"schedule_text_cy", "missed_text_cy", "language"});
        std::vector<std::string_view> outputs = io::notice_list.all_names();
        outputs.insert(outputs.end(), io::collection_columns.begin(), io::collection_columns.end());
        // the letters' own placeholders, as the command line has them
        outputs.insert(outputs.end(), io::letter_placeholders.begin(), io::letter_placeholders.end());
        kept_ = io::KeptColumns(keep, header, "accounts", outputs);
    }

    /// On a worker thread: the notices of rows [first, last) of the current block.
    void chunk(std::size_t c, const io::TextTable& block, const io::BlockRecovery& rec,
               std::span<const AccountResult> results, std::size_t first, std::size_t last) {
        if (!on_) return;
        auto& out = chunks_[c];
        out.clear();
        std::vector<std::string_view> kept;
        for (std::size_t b = first; b < last; ++b) {
            const AccountResult& r = results[b];
            if (r.summary.status != Status::ok && r.summary.status != Status::extended) continue;
            std::optional<Notice> n = make_notice(r, rec.account(b), recovery_);
            if (!n) continue;
            n->language = io::language_name(payer_language(block, b));
            kept_.values(block, b, kept);
            out.push_back(io::notice_cells(r.account_id, kept, *n, selection_));
        }
    }
    /// In input order, after a block: keeps the notices of its first `chunks` chunks.
    void gather(std::size_t chunks) {
        for (std::size_t c = 0; c < chunks && on_; ++c)
            for (auto& row : chunks_[c]) rows_.push_back(std::move(row));
    }
    /// {"columns": [...], "rows": [[str or None, ...], ...]}, or None when off.
    py::object release() {
        if (!on_) return py::none();
        std::vector<std::string> columns;
        for (std::string_view c : kept_.columns(io::notice_list.names(selection_))) columns.emplace_back(c);
        py::list rows;
        for (const auto& row : rows_) {
            py::list cells;
            for (const std::string& cell : row) cells.append(cell.empty() ? py::object(py::none()) : py::str(cell));
            rows.append(cells);
        }
        py::dict out;
        out["columns"] = columns;
        out["rows"] = rows;
        return out;
    }

private:
    // The payer's language: the `language` cell when not empty (checked when the row was
    // read: a bad one rejected the account), else the run's.
    [[nodiscard]] io::Language payer_language(const io::TextTable& block, std::size_t row) const {
        if (language_column_ < 0) return language_;
        const std::string_view cell = io::trim_blanks(block.at(row, static_cast<std::size_t>(language_column_)));
        if (cell.empty()) return language_;
        try {
            return io::parse_language(cell);
        } catch (const InputError&) {
            return language_;  // (never: such a row is rejected, so it has no notice)
        }
    }

    static constexpr std::size_t max_chunks = io::BlockRecovery::chunks(io::BlockRecovery::block_rows);
    bool on_;
    const Recovery& recovery_;
    io::Language language_;
    int language_column_;
    io::Selection selection_ = io::notice_list.every_run();
    io::KeptColumns kept_;
    std::array<std::vector<std::vector<std::string>>, max_chunks> chunks_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace arrears::python
