// `--notices`, `--letters`, `--collections` and `--keep` of `arrears recover` (see
// notice_files.hpp).
#include "notice_files.hpp"

#include "options.hpp"

#include <arrears/io/file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace arrears::cli {

void add_notice_options(CLI::App& recover, NoticeArgs& a) {
    recover.add_option("--notices", a.notices, "Write the advance notices here: one row per ok/extended account, "
                                               "with the date to post it by (send_by; give a working "
                                               "--notice-date, or send_by may be that non-working day)")
        ->type_name("FILE");
    recover.add_option("--keep", a.keep, "Columns of the accounts file (payer name, address, reference) copied "
                                         "into the notices, letters and collection file")
        ->type_name("COL[,COL...]")->delimiter(',')->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    recover.add_option("--letters", a.letters, "Write one printable HTML letter per notice here (one per page)")
        ->type_name("FILE.html");
    recover.add_option("--letter-template", a.letter_template,
                       "HTML letter with {placeholders} (a notice column, schedule_table); default: a bundled "
                       "plain letter (arrears letter-template prints it)")
        ->type_name("FILE");
    recover.add_option("--collections", a.collections, "Write the collection file for Bacs here: each collection "
                                                       "with recovery, its processing and input-by days")
        ->type_name("FILE");
}

namespace {

// The collection file's bytes held in memory before they go to the scratch file.
constexpr std::size_t held_collection_bytes = std::size_t{8} << 20;

void put(std::FILE* f, std::string_view text, const std::string& path) {
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), f) != text.size())
        throw UsageError(fmt::format("{}: write failed: {}", path, std::strerror(errno)));
}

}  // namespace

NoticeOutputs::NoticeOutputs(const NoticeArgs& a, io::Format format, const Recovery& recovery)
    : args_(a), format_(format), recovery_(recovery) {
    if (!a.letter_template.empty() && a.letters.empty())
        throw UsageError(fmt::format("--letter-template '{}' needs --letters FILE.html", a.letter_template));
    if (!a.keep.empty() && !a.any_output())
        throw UsageError("--keep needs --notices, --letters or --collections");
    // Outputs naming inputs or each other: check_outputs (output_files.hpp), before this.
    if (!a.letter_template.empty()) {
        try {
            template_text_ = io::read_whole_file(a.letter_template, a.letter_template);
        } catch (const InputError& e) {
            throw UsageError(fmt::format("--letter-template: {}", e.what()));
        }
    }
    if (!a.notices.empty()) notices_.emplace("--notices", a.notices);
    if (!a.letters.empty()) letters_.emplace("--letters", a.letters);
    if (!a.collections.empty()) {
        collections_.emplace("--collections", a.collections);
        // Sorting by date holds the rows until the end: beyond a few megabytes, in a scratch
        // file beside the output (a device or standard output: the system's temporary folder).
        const std::filesystem::path bytes = collections_->bytes_path();
        std::error_code ec;
        const std::filesystem::path folder =
            bytes.empty() ? std::filesystem::temp_directory_path(ec) : bytes.parent_path();
        collection_rows_.emplace(folder.empty() ? std::string(".") : folder.string(), held_collection_bytes);
    }
}

void NoticeOutputs::set_accounts(const std::vector<std::string>& header, const std::string& source) {
    if (!any()) return;
    std::vector<std::string_view> outputs(io::notice_columns.begin(), io::notice_columns.end());
    outputs.insert(outputs.end(), io::collection_columns.begin(), io::collection_columns.end());
    outputs.emplace_back("schedule_table");
    try {
        kept_ = io::KeptColumns(args_.keep, header, source, outputs);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--keep '{}': {}", fmt::join(args_.keep, ","), e.what()));
    }
    notice_columns_ = kept_.columns(io::notice_columns);
    collection_columns_ = kept_.columns(io::collection_columns);
    if (notices_) notice_writer_.emplace(notice_columns_, format_, notices_->file());
    if (collections_) collection_writer_.emplace(collection_columns_, format_, collections_->file());
    if (!letters_) return;
    try {
        if (args_.letter_template.empty()) letter_maker_.emplace(notice_columns_);
        else letter_maker_.emplace(template_text_, args_.letter_template, notice_columns_);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--letter-template: {}", e.what()));
    }
    put(letters_->file(), letter_maker_->begin(), letters_->path());
}

void NoticeOutputs::format_chunk(std::size_t slot, std::size_t c, const io::TextTable& table,
                                 const io::BlockRecovery& block, std::span<const AccountResult> results,
                                 std::size_t lo, std::size_t hi) {
    Chunk& out = slots_[slot][c];
    out.notices.clear();
    out.letters.clear();
    out.collections.clear();
    if (!any()) return;
    std::vector<std::string_view> kept, cells;
    Notice n;  // one for the chunk: its buffer is reused
    for (std::size_t i = lo; i < hi; ++i) {
        const AccountResult& r = results[i];
        if (r.summary.status != Status::ok && r.summary.status != Status::extended) continue;
        kept_.values(table, i, kept);
        if ((notices_ || letters_) && make_notice(r, block.account(i).plan, recovery_, n)) {
            if (notices_) io::format_notice(out.notices, format_, notice_columns_, r.account_id, kept, n);
            if (letters_) {
                const std::vector<std::string> text = io::notice_cells(r.account_id, kept, n);
                cells.assign(text.begin(), text.end());
                letter_maker_->render(out.letters, cells);
            }
        }
        if (collections_) out.collections.add(r.account_id, kept, r, recovery_.collection_calendar());
    }
    if (collections_) out.collections.format(format_, collection_columns_, recovery_.collection_calendar());
}

void NoticeOutputs::consume(std::size_t slot, std::size_t chunks) {
    for (std::size_t c = 0; c < chunks; ++c) {
        Chunk& in = slots_[slot][c];
        if (notice_writer_) writing_to(*notices_, [&] { notice_writer_->append(in.notices); });
        if (letters_) put(letters_->file(), in.letters, letters_->path());
        for (std::string& m : in.collections.reported) reported_.push_back(std::move(m));
        if (collection_rows_) writing_to(*collections_, [&] { collection_rows_->append(in.collections); });
    }
    if (notices_) notices_->start_writeback();
}

void NoticeOutputs::finish() {
    if (notice_writer_) writing_to(*notices_, [&] { notice_writer_->finish(); });
    if (collection_writer_)
        writing_to(*collections_, [&] {
            std::size_t unsynced = 0;
            collection_rows_->write(*collection_writer_, [&](std::size_t bytes) {
                if ((unsynced += bytes) < (64u << 20)) return;
                collections_->start_writeback();
                unsynced = 0;
            });
            collection_writer_->finish();
        });
    if (letters_) put(letters_->file(), letter_maker_->end(), letters_->path());
    for (auto* f : {&notices_, &letters_, &collections_})
        if (*f) (*f)->finish();
}

void NoticeOutputs::describe(Manifest& manifest, std::size_t notices, std::size_t collections) const {
    if (notices_) manifest.output(notices_->path(), notices_->bytes_path(), notices);
    if (letters_) manifest.output(letters_->path(), letters_->bytes_path(), notices);
    if (collections_) manifest.output(collections_->path(), collections_->bytes_path(), collections);
}

void NoticeOutputs::publish() {
    for (auto* f : {&notices_, &letters_, &collections_})
        if (*f) (*f)->publish();
}

}  // namespace arrears::cli
