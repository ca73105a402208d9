// The collection file's rows of a whole run (recovery-rules §14), held until the end because
// the file is sorted by collection date: compactly (24 bytes a row, and each account's id
// and kept cells once), not as text, so a million accounts' rows cost tens of megabytes.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/io/output.hpp>
#include <arrears/notice.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::cli {

class HeldCollections {
public:
    /// One collection carrying recovery; `account` numbers the accounts with such rows.
    struct Row {
        Date collection_date;
        std::uint32_t account;
        Money regular, recovery;
    };
    /// The rows of one chunk of accounts, made on a worker thread.
    struct Part {
        std::string cells;                    // each account's id and kept cells, back to back
        std::vector<std::uint32_t> cell_ends;  // where each cell ends in `cells`
        std::vector<Row> rows;                 // `account` counts this part's accounts
        std::vector<std::string> reported;     // collections Bacs cannot take that day
        void clear();
        /// The rows of `result` (id `id`, kept cells `kept`) that carry recovery.
        void add(std::string_view id, std::span<const std::string_view> kept, const AccountResult& result,
                 const Calendar& collection);
    };

    explicit HeldCollections(std::size_t kept_columns = 0) : width_(kept_columns + 1) {}
    /// Takes a part's rows, in input order (the part is left to be reused).
    void append(Part& part);
    /// Writes every row, by collection date then input order, to `writer` in `format`.
    void write(io::ResultWriter& writer, io::Format format, std::span<const std::string_view> columns,
               const Calendar& collection) const;

private:
    std::size_t width_;
    std::string cells_;
    std::vector<std::uint64_t> cell_ends_;
    std::vector<Row> rows_;
    std::uint32_t accounts_ = 0;
};

}  // namespace arrears::cli
