// Fuzzes the CSV reader and the account/ledger/payment readers behind it: any bytes either
// give an InputError (nothing readable) or a table whose every row comes back as an account
// — accepted or rejected with a message — and every accepted account recovers within the
// section 10 invariants. Nothing is lost and nothing else may escape. The streaming
// CsvReader, through a buffer of 16 to 79 bytes in blocks of 1 to 4 rows, must give exactly the
// rows parse_csv() gives (and the same rows when it reads them again from a checkpoint), and
// BlockRecovery over those blocks (the command line's and the Python package's path) exactly
// the results of BlockRecovery over the whole table at once. Reading only some columns
// (CsvReader::read_only, read_csv_file's HeaderHook: issue 26) gives the same rows both ways,
// each cell of a column read as parse_csv's, and no row bad for a column not read.
#include <arrears/invariants.hpp>
#include <arrears/io/block_recovery.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/export_format.hpp>
#include <arrears/io/records.hpp>
#include <arrears/thread_pool.hpp>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

using namespace arrears;

namespace {
// The file at `path` (parse_csv gave `whole`) read decoding only the accounts file's columns
// (account_read_columns), whole and streamed: the same rows; a row whole has without error
// has none either, and the same cells in the columns read.
void compare_read_only(const std::string& path, const io::TextTable& whole, std::size_t buffer, std::size_t per_block) {
    const std::span<const std::string_view> names = io::account_read_columns;
    const io::TextTable some =
        io::read_csv_file(path, "fuzz.csv", io::Encoding::utf8,
                          [&](std::vector<std::string>& h) { return io::columns_read(h, h, names, {}); });
    const std::vector<char> read = io::columns_read(whole.header, whole.header, names, {});
    io::CsvReader reader(path, "fuzz.csv", io::Encoding::utf8, buffer);
    reader.read_only(names);
    io::TextTable block;
    std::size_t row = 0;
    if (some.rows() != whole.rows()) std::abort();
    while (reader.next_block(block, per_block)) {
        for (std::size_t r = 0; r < block.rows(); ++r, ++row) {
            if (row >= some.rows() || block.line[r] != some.line[row] || block.row_error[r] != some.row_error[row] ||
                block.error_column(r) != some.error_column(row) || block.has_cells(r) != some.has_cells(row))
                std::abort();
            if (whole.row_error[row].empty() && !some.row_error[row].empty()) std::abort();  // fewer checks, no more
            if (some.error_column(row) >= 0 && !read[static_cast<std::size_t>(some.error_column(row))]) std::abort();
            if (block.has_cells(r))
                for (std::size_t c = 0; c < block.width(); ++c) {
                    if (block.at(r, c) != some.at(row, c)) std::abort();
                    if (read[c] && whole.row_error[row].empty() && some.at(row, c) != whole.at(row, c)) std::abort();
                }
        }
    }
    if (row != some.rows()) std::abort();
}

// The bytes through CsvReader, a few rows a block (the size from the last byte, so every
// block boundary gets tried), compared with parse_csv's table row by row; with `expected`
// (the whole table's results), each block recovered by BlockRecovery is compared with them.
void compare_streamed(std::string_view text, const io::TextTable& whole, const Recovery& rec,
                      const std::vector<AccountResult>* expected) {
    static const std::string path = "/tmp/arrears-fuzz-csv-" + std::to_string(::getpid()) + ".csv";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return;
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    // A buffer of 16 to 79 bytes (from the first byte), so records are cut by refills anywhere.
    const std::size_t buffer = 16 + (text.empty() ? 0 : static_cast<unsigned char>(text.front()) % 64);
    io::CsvReader reader(path, "fuzz.csv", io::Encoding::utf8, buffer);  // must not throw: parse_csv did not
    if (reader.header() != whole.header) std::abort();
    const std::size_t per_block = 1 + (text.empty() ? 0 : static_cast<unsigned char>(text.back()) % 4);
    io::TextTable block;
    std::size_t row = 0;
    ThreadPool pool(2);
    std::optional<io::Attachments> none;
    std::optional<io::BlockRecovery> streamed;
    if (expected) {
        none.emplace();
        streamed.emplace(rec, io::AccountColumns::find(whole, "fuzz.csv"), "fuzz.csv", *none, pool);
    }
    std::vector<AccountResult> results;
    while (reader.next_block(block, per_block)) {
        if (block.rows() > per_block) std::abort();
        const std::size_t first = row;
        for (std::size_t r = 0; r < block.rows(); ++r, ++row) {
            if (row >= whole.rows() || block.line[r] != whole.line[row] || block.row_error[r] != whole.row_error[row])
                std::abort();
            if (block.row_error[r].empty())
                for (std::size_t c = 0; c < block.width(); ++c)
                    if (block.at(r, c) != whole.at(row, c)) std::abort();
        }
        if (streamed) {
            streamed->run(block, results);
            for (std::size_t r = 0; r < block.rows(); ++r)
                if (!(results[r] == (*expected)[first + r])) std::abort();  // streamed != whole-table result
        }
    }
    if (row != whole.rows()) std::abort();
    compare_read_only(path, whole, buffer, per_block);
    // Each row read again from its checkpoint (the duplicate index's confirmation) is the same.
    for (std::size_t r = 0; r < whole.rows(); ++r) {
        bool found = false;
        if (!reader.reread(whole.line[r],
                           [&](const io::TextTable& t) {
                               for (std::size_t i = 0; i < t.rows(); ++i) {
                                   if (t.line[i] != whole.line[r]) continue;
                                   found = true;
                                   if (t.row_error[i] != whole.row_error[r] || t.has_cells(i) != whole.has_cells(r))
                                       std::abort();
                                   if (t.has_cells(i))
                                       for (std::size_t c = 0; c < t.width(); ++c)
                                           if (t.at(i, c) != whole.at(r, c)) std::abort();
                               }
                           }) ||
            !found)
            std::abort();
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Recovery rec = [] {
        Options o;
        o.outage = Outage{make_date(2025, 11, 24), make_date(2026, 1, 9)};
        o.notice_date = make_date(2026, 1, 12);
        return Recovery(o, Calendar());
    }();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    io::TextTable table;
    try {
        table = io::parse_csv(text, "fuzz.csv");
    } catch (const InputError&) {
        return 0;
    }
    io::AccountColumns columns{};
    try {
        columns = io::AccountColumns::find(table, "fuzz.csv");
    } catch (const InputError&) {
        // A missing required column: the same bytes may still be a ledger or payments file.
        io::Attachments attachments;
        ThreadPool one(1);
        try {
            attachments.add(io::Attachments::Kind::ledger, table, "fuzz.csv", one);
        } catch (const InputError&) {}
        try {
            attachments.add(io::Attachments::Kind::payments, table, "fuzz.csv", one);
        } catch (const InputError&) {}
        (void)attachments.finish();
        compare_streamed(text, table, rec, nullptr);
        return 0;
    }
    // The whole table as one block: every row comes back, in order.
    io::Attachments none;
    ThreadPool one(1);
    io::BlockRecovery whole(rec, columns, "fuzz.csv", none, one);
    std::vector<AccountResult> results;
    whole.run(table, results);
    results.resize(table.rows());
    compare_streamed(text, table, rec, &results);
    Account a;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].summary.status == Status::rejected) {
            if (results[i].summary.message.empty()) std::abort();
            continue;
        }
        if (!io::parse_account_row(table, i, "fuzz.csv", columns, a).empty()) std::abort();  // accepted, so it parses
        for (const std::string& problem : check_invariants(a, results[i], rec)) {
            std::fprintf(stderr, "invariant broken: %s\n", problem.c_str());
            std::abort();
        }
    }
    return 0;
}
