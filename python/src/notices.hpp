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
    NoticeCollector(bool on, const std::vector<std::string>& keep, const std::vector<std::string>& header,
                    const Recovery& recovery)
        : on_(on), recovery_(recovery) {
        if (!on_) return;
        std::vector<std::string_view> outputs(io::notice_columns.begin(), io::notice_columns.end());
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
            const std::optional<Notice> n = make_notice(r, rec.account(b), recovery_);
            if (!n) continue;
            kept_.values(block, b, kept);
            out.push_back(io::notice_cells(r.account_id, kept, *n));
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
        for (std::string_view c : kept_.columns(io::notice_columns)) columns.emplace_back(c);
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
    static constexpr std::size_t max_chunks = io::BlockRecovery::chunks(io::BlockRecovery::block_rows);
    bool on_;
    const Recovery& recovery_;
    io::KeptColumns kept_;
    std::array<std::vector<std::vector<std::string>>, max_chunks> chunks_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace arrears::python
