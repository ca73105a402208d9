// The collection file of a whole run (recovery-rules §14), sorted by collection date then
// input order. Each chunk's rows are formatted on a worker thread, already in that order
// (a run of rows per date); the runs are gathered per date in input order, beyond a budget
// in a scratch file beside the output, so memory stays bounded at any portfolio size, and
// written date by date at the end.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/io/detail/spilled_buckets.hpp>
#include <arrears/io/output.hpp>
#include <arrears/notice.hpp>

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::cli {

class HeldCollections {
public:
    /// The rows of one chunk of accounts, made on a worker thread.
    class Part {
    public:
        /// The rows of `result` (id `id`, kept cells `kept`) that carry recovery, but those
        /// `leave_out` is true for (a collection already submitted, §14). The views must stay
        /// valid until format().
        void add(std::string_view id, std::span<const std::string_view> kept, const AccountResult& result,
                 const Calendar& collection, const std::function<bool(const ScheduleRow&)>& leave_out = {});
        /// The rows added since the last clear().
        [[nodiscard]] std::size_t rows() const noexcept { return pending_.size(); }
        /// Formats the rows added since the last clear(), by collection date then input order.
        void format(io::Format format, std::span<const std::string_view> columns, const Calendar& collection);
        void clear();

        std::string text;                                   // the rows, formatted
        std::vector<io::detail::SpilledBuckets::Run> runs;  // each date (days) and where its rows end
        std::vector<std::string> reported;                  // collections Bacs cannot take that day

    private:
        struct Pending {
            Date date;
            std::uint32_t account;  // which account's cells
            const ScheduleRow* row;
        };
        std::vector<Pending> pending_, sorted_;
        std::string keys_;                     // each account's key cells, formatted
        std::vector<std::size_t> key_ends_;    // where each account's end
        std::vector<std::string_view> cells_;  // each account's id and kept cells
        std::vector<std::uint32_t> count_;
        std::size_t width_ = 1;
    };

    /// Spills to a scratch file in `folder` beyond `budget` bytes held.
    HeldCollections(std::string folder, std::size_t budget) : buckets_(std::move(folder), budget) {}
    /// Takes a part's rows, in input order (its text without a copy: the part is left with
    /// another buffer, to be reused).
    void append(Part& part);
    /// Writes every row, by collection date then input order, to `writer`; `written` is
    /// told of each piece's size (to start the writeback as the file grows).
    void write(io::ResultWriter& writer, const std::function<void(std::size_t)>& written);

private:
    io::detail::SpilledBuckets buckets_;
};

}  // namespace arrears::cli
