// `arrears replan`'s summary and collection file (see replan_outputs.hpp).
#include "replan_outputs.hpp"

#include <arrears/io/columns.hpp>
#include <arrears/io/detail/row_writer.hpp>
#include <arrears/notice.hpp>
#include <arrears/replan.hpp>

namespace arrears::cli {

ReplanSummaryOutput::ReplanSummaryOutput(io::Format format, std::string path)
    : TableOutput(format, "--summary", std::move(path)) {
    start(io::replan_summary_columns);
}

std::size_t ReplanSummaryOutput::format_rows(const Chunk& chunk, std::string& text) {
    for (std::size_t i = chunk.first; i < chunk.last; ++i)
        io::detail::append_row(text, format_, io::replan_summary_list, io::replan_summary_list.every_run(),
                               io::replan_summary_columns.data(), chunk.results[i].account_id, {}, chunk.replans[i]);
    return chunk.last - chunk.first;
}

ReplanCollectionsOutput::ReplanCollectionsOutput(const NoticeSource& payers, io::Format format, std::string path)
    : TableOutput(format, "--collections", std::move(path)), payers_(payers) {}

void ReplanCollectionsOutput::begin(const AccountsFile&) {
    // §13 --keep: the kept columns after account_id, as in recover's collection file.
    columns_ = payers_.kept().columns(io::replan_collection_columns);
    start(columns_);
}

std::size_t ReplanCollectionsOutput::format_rows(const Chunk& chunk, std::string& text) {
    std::size_t rows = 0;
    std::vector<std::string_view> kept;
    for (std::size_t i = chunk.first; i < chunk.last; ++i) {
        if (!payers_.scheduled(chunk, i, kept)) continue;  // no collection to list
        for_each_listed_collection(payers_, chunk, i, [&](const io::ReplanCollectionRow& row) {
            io::detail::append_row(text, format_, io::replan_collection_list, io::replan_collection_list.every_run(),
                                   columns_.data(), chunk.results[i].account_id, kept, row);
            ++rows;
        });
    }
    return rows;
}

}  // namespace arrears::cli
