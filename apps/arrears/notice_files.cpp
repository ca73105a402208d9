// `--notices`, `--letters`, `--collections` and `--keep` of `arrears recover` (see
// notice_files.hpp).
#include "notice_files.hpp"

#include "bank_files.hpp"
#include "manifest.hpp"
#include "notify_file.hpp"
#include "options.hpp"

#include <arrears/io/file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace arrears::cli {

void add_notice_options(CLI::App& recover, NoticeArgs& a) {
    recover
        .add_option("--notices", a.notices,
                    "Write the advance notices here: one row per ok/extended account, "
                    "with the date to post it by (send_by; give a working "
                    "--notice-date, or send_by may be that non-working day)")
        ->type_name("FILE");
    recover
        .add_option("--keep", a.keep,
                    "Columns of the accounts file (payer name, address, reference) copied "
                    "into the notices, letters and collection file")
        ->type_name("COL[,COL...]")
        ->delimiter(',')
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    recover.add_flag("--raw-csv", a.raw_csv,
                     "Write the --notices CSV's text exactly; by default a cell "
                     "beginning with = + - @ or a tab gets a ' before it, so Excel "
                     "shows it as text rather than running it (OWASP CSV injection)");
    recover.add_option("--letters", a.letters, "Write one printable HTML letter per notice here (one per page)")
        ->type_name("FILE.html");
    recover
        .add_option("--letter-template", a.letter_template,
                    "HTML letter with {placeholders} in its text (a notice column, schedule_table, address_block, "
                    "resume_text ...), read in its declared charset; default: the bundled letter (arrears "
                    "letter-template prints it)")
        ->type_name("FILE");
    recover
        .add_option("--guarantee", a.guarantee,
                    "The Direct Debit Guarantee as your bank supplies it (an HTML fragment), for {guarantee} "
                    "in the letters; without it they show a placeholder and are not ready to send")
        ->type_name("FILE");
    recover
        .add_option("--guarantee-cy", a.guarantee_cy,
                    "Its Welsh, as your bank supplies it, for {guarantee_cy} (the Welsh and bilingual letters)")
        ->type_name("FILE");
    recover
        .add_option("--language", a.language,
                    "The bundled letter's language: en, cy (Welsh) or cy+en (bilingual, Welsh first); its Welsh is "
                    "a draft for your translator to check. An accounts column language (en, cy, cy+en) overrides it "
                    "for that payer. Welsh asked for (here or by the column): the notices gain schedule_text_cy and "
                    "missed_text_cy, the Notify file its _cy columns")
        ->type_name("en|cy|cy+en")
        ->capture_default_str();
    recover
        .add_option("--notify", a.notify,
                    "Write the GOV.UK Notify bulk letter upload here (always CSV): address_line_1-7 from the kept "
                    "name, address_line_1-6 and postcode (postcode last), then the letter's personalisation; a "
                    "notice whose address Notify would refuse is left out and reported; over 100,000 rows go on to "
                    "FILE-2.csv, ... (arrears notify-template prints the Notify template)")
        ->type_name("FILE.csv");
    recover
        .add_option("--collections", a.collections,
                    "Write the collection file for Bacs here: each collection "
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

void add_notice_outputs(const NoticeArgs& a, io::Format format, const NoticeSource& source, InputHashes& hashes,
                        RunOutputs& outputs) {
    if (!a.letter_template.empty() && a.letters.empty())
        throw UsageError(fmt::format("--letter-template '{}' needs --letters FILE.html", a.letter_template));
    if (a.raw_csv && a.notices.empty()) throw UsageError("--raw-csv needs --notices FILE (it is about that file only)");
    if (!a.guarantee.empty() && a.letters.empty())
        throw UsageError(fmt::format("--guarantee '{}' needs --letters FILE.html", a.guarantee));
    if (!a.guarantee_cy.empty() && a.letters.empty())
        throw UsageError(fmt::format("--guarantee-cy '{}' needs --letters FILE.html", a.guarantee_cy));
    io::Language language = io::Language::en;
    try {
        language = io::parse_language(a.language);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--language: {}", e.what()));
    }
    // With --letter-template the council's words are its own, in either language through the
    // plain and _cy placeholders (§13): --language then picks no letter, but still asks for
    // the notices' and the Notify file's Welsh.
    if (!a.keep.empty() && !a.any_output())
        throw UsageError("--keep needs --notices, --letters, --notify or --collections");
    std::string template_text;
    if (!a.letter_template.empty())
        template_text = read_input_file("--letter-template", a.letter_template, io::max_template_bytes,
                                        "a letter template", hashes);
    std::optional<std::string> guarantee;
    if (!a.guarantee.empty())
        guarantee =
            read_input_file("--guarantee", a.guarantee, io::max_template_bytes, "a Direct Debit Guarantee", hashes);
    std::optional<std::string> guarantee_cy;
    if (!a.guarantee_cy.empty())
        guarantee_cy = read_input_file("--guarantee-cy", a.guarantee_cy, io::max_template_bytes,
                                       "a Direct Debit Guarantee in Welsh", hashes);
    if (!a.notices.empty()) outputs.add<NoticesOutput>(source, format, a.notices);
    if (!a.letters.empty())
        outputs.add<LettersOutput>(source, a.letters, std::move(template_text), a.letter_template, std::move(guarantee),
                                   a.guarantee, language, std::move(guarantee_cy), a.guarantee_cy);
    if (!a.notify.empty()) outputs.add<NotifyOutput>(source, a.notify, language);
    if (!a.collections.empty()) outputs.add<CollectionsOutput>(source, format, a.collections);
}

void NoticeSource::set_accounts(const AccountsFile& accounts) {
    accounts_path_ = std::string(accounts.path);
    try {
        language_ = io::parse_language(args_.language);  // (a bad one: add_notice_outputs' usage error)
    } catch (const InputError&) {
        language_ = io::Language::en;
    }
    const auto column = std::find(accounts.header.begin(), accounts.header.end(), "language");
    language_column_ = column == accounts.header.end() ? -1 : static_cast<int>(column - accounts.header.begin());
    if (!args_.any_output()) return;
    // Every notice column a run may have (the _cy columns and `language` when Welsh is asked for).
    std::vector<std::string_view> outputs = io::notice_list.all_names();
    // (recover's and replan's collection files have the same columns, `action` and
    // `previous_amount` among them: a kept column of such a name would be written twice.)
    outputs.insert(outputs.end(), io::collection_columns.begin(), io::collection_columns.end());
    outputs.insert(outputs.end(), io::letter_placeholders.begin(), io::letter_placeholders.end());
    try {
        kept_ = io::KeptColumns(args_.keep, accounts.own, accounts.path, outputs);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--keep '{}': {}", fmt::join(args_.keep, ","), e.what()));
    }
}

io::Language NoticeSource::language(const Chunk& chunk, std::size_t row) const {
    if (language_column_ < 0) return language_;
    const std::string_view cell = io::trim_blanks(chunk.table.at(row, static_cast<std::size_t>(language_column_)));
    if (cell.empty()) return language_;
    try {
        return io::parse_language(cell);
    } catch (const InputError&) {
        return language_;  // (never: such a row is rejected, so it has no notice)
    }
}

bool NoticeSource::scheduled(const Chunk& chunk, std::size_t row, std::vector<std::string_view>& kept) const {
    if (replan_since_) {
        if (chunk.replans.empty() || (chunk.replans[row].changes.empty() && chunk.replans[row].unchanged.empty()))
            return false;
    } else {
        const Status status = chunk.results[row].summary.status;
        if (status != Status::ok && status != Status::extended) return false;
    }
    kept_.values(chunk.table, row, kept);
    return true;
}

bool NoticeSource::already_submitted(const Chunk& chunk, std::size_t account, const ScheduleRow& row,
                                     Date processing) const {
    return bank_ && bank_->guards() && bank_->submitted(chunk, account, row, processing).has_value();
}

void NoticeSource::add_collections(const Chunk& chunk, std::size_t i, std::span<const std::string_view> kept,
                                   HeldCollections::Part& out) const {
    const Calendar& calendar = recovery_.collection_calendar();
    const AccountResult& result = chunk.results[i];
    if (!bank_ || !bank_->guards()) {  // nothing to leave out: no check made a row
        out.add(result.account_id, kept, result, calendar);
        return;
    }
    out.add(result.account_id, kept, result, calendar, [&](const ScheduleRow& row) {
        return already_submitted(chunk, i, row, working_day_before(calendar, row.collection_date));
    });
}

// --notices

NoticesOutput::NoticesOutput(const NoticeSource& source, io::Format format, std::string path)
    : source_(source), format_(format), file_("--notices", std::move(path)) {}

void NoticesOutput::begin(const AccountsFile&) {
    // §13: with Welsh asked for, the notices gain schedule_text_cy and missed_text_cy, and
    // each payer's language (what picks the letter and the Notify file), so a notices file
    // read back (Python's letters, a mail merge) knows it.
    if (source_.welsh()) selection_ = io::notice_list.select({"schedule_text_cy", "missed_text_cy", "language"});
    const std::vector<std::string_view> names = io::notice_list.names(selection_);
    columns_ = source_.kept().columns(names);
    writer_.emplace(columns_, format_, file_.file());
}

void NoticesOutput::format(const Chunk& chunk) {
    std::string& out = text_[chunk];
    out.clear();
    std::vector<std::string_view> kept;
    Notice n;  // one for the chunk: its buffer is reused
    // §12: in the CSV (opened in Excel, used for mail merges) a text cell a spreadsheet
    // would take for a formula gets a ' before it, unless --raw-csv. The id and the kept
    // cells are the payer's text; the notice's own text cells (frequency, schedule_text)
    // begin with a letter or a digit.
    const bool guard = format_ == io::Format::csv && source_.neutralise();
    std::vector<std::string> store;
    std::size_t& count = count_[chunk];
    count = 0;
    for (std::size_t i = chunk.first; i < chunk.last; ++i) {
        if (!source_.scheduled(chunk, i, kept) || !source_.notice(chunk, i, n)) continue;
        ++count;
        std::string_view id = chunk.results[i].account_id;
        if (guard) {
            store.resize(kept.size() + 1);
            id = io::neutralised(id, store[0]);
            for (std::size_t k = 0; k < kept.size(); ++k) kept[k] = io::neutralised(kept[k], store[k + 1]);
        }
        io::format_notice(out, format_, columns_, id, kept, n, selection_);
    }
}

void NoticesOutput::write(const Block& block) {
    writing_to(file_, [&] {
        for (std::size_t c = 0; c < block.chunks; ++c) {
            writer_->append(text_.at(block.slot, c));
            rows_ += count_.at(block.slot, c);
        }
    });
    file_.start_writeback();
}

void NoticesOutput::finish(const RunRecord&) {
    writing_to(file_, [&] { writer_->finish(); });
    file_.finish();
}

void NoticesOutput::describe(Manifest& manifest, const RunRecord&) const {
    manifest.output(file_.path(), file_.bytes_path(), rows_);
}

// --letters

LettersOutput::LettersOutput(const NoticeSource& source, std::string path, std::string template_text,
                             std::string template_path, std::optional<std::string> guarantee,
                             std::string guarantee_path, io::Language language, std::optional<std::string> guarantee_cy,
                             std::string guarantee_cy_path)
    : source_(source),
      file_("--letters", std::move(path)),
      template_text_(std::move(template_text)),
      template_path_(std::move(template_path)),
      guarantee_(std::move(guarantee)),
      guarantee_cy_(std::move(guarantee_cy)),
      guarantee_path_(std::move(guarantee_path)),
      guarantee_cy_path_(std::move(guarantee_cy_path)),
      language_(language) {}

void LettersOutput::begin(const AccountsFile&) {
    columns_ = source_.kept().columns(io::notice_columns);
    std::optional<std::string> guarantee, guarantee_cy;
    try {
        if (guarantee_) guarantee = io::fragment_body(io::decode_html(*guarantee_, guarantee_path_));
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--guarantee: {}", e.what()));
    }
    try {
        if (guarantee_cy_) guarantee_cy = io::fragment_body(io::decode_html(*guarantee_cy_, guarantee_cy_path_));
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--guarantee-cy: {}", e.what()));
    }
    try {
        if (template_path_.empty()) {
            for (const auto& [l, name] : io::language_names)
                by_language_[static_cast<std::size_t>(l)].emplace(columns_, guarantee, l, guarantee_cy);
            letters_.emplace(columns_, std::move(guarantee), language_, std::move(guarantee_cy));
        } else
            letters_.emplace(io::decode_html(template_text_, template_path_), template_path_, columns_,
                             std::move(guarantee), std::move(guarantee_cy));
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--letter-template: {}", e.what()));
    }
    // §13: the Guarantee must be printed as the bank supplies it; the exit status is unchanged.
    if (letters_->guarantee_missing())
        std::fprintf(stderr,
                     "warning: the letters are not ready to send: they show a placeholder where the Direct Debit "
                     "Guarantee must be; give it as your bank supplies it with %s\n",
                     !letters_->uses_guarantee_cy() || guarantee_cy_ ? "--guarantee FILE"
                     : !letters_->uses_guarantee() || guarantee_     ? "--guarantee-cy FILE (its Welsh)"
                                                                     : "--guarantee FILE and --guarantee-cy FILE");
    put(file_.file(), letters_->begin(), file_.path());
}

void LettersOutput::format(const Chunk& chunk) {
    std::string& out = text_[chunk];
    out.clear();
    std::vector<std::string_view> kept, cells;
    Notice n;  // one for the chunk: its buffer is reused
    std::size_t& count = count_[chunk];
    count = 0;
    unsigned& used = used_[chunk];
    used = 0;
    for (std::size_t i = chunk.first; i < chunk.last; ++i) {
        if (!source_.scheduled(chunk, i, kept) || !source_.notice(chunk, i, n)) continue;
        ++count;
        const std::vector<std::string> text = io::notice_cells(chunk.results[i].account_id, kept, n);
        cells.assign(text.begin(), text.end());
        // §13: the payer's own language (the accounts' `language` column) picks the bundled
        // letter; a council's template says its own words.
        const io::Language l = source_.language(chunk, i);
        const auto k = static_cast<std::size_t>(l);
        if (template_path_.empty() && l != language_)
            by_language_[k]->render(out, cells);
        else
            letters_->render(out, cells);
        used |= 1u << k;
    }
}

void LettersOutput::write(const Block& block) {
    for (std::size_t c = 0; c < block.chunks; ++c) {
        put(file_.file(), text_.at(block.slot, c), file_.path());
        rows_ += count_.at(block.slot, c);
        languages_used_ |= used_.at(block.slot, c);
    }
}

void LettersOutput::finish(const RunRecord&) {
    // Payers whose own language is not the run's: their letters need the Guarantee in that
    // language too (begin() warned about the run's own).
    bool missing = false, uses = false;
    for (const auto& [l, name] : io::language_names)
        if (((languages_used_ >> static_cast<unsigned>(l)) & 1u) && template_path_.empty() && l != language_) {
            missing = missing || by_language_[static_cast<std::size_t>(l)]->guarantee_missing();
            uses = uses || by_language_[static_cast<std::size_t>(l)]->uses_guarantee();
        }
    // A --guarantee no letter shows (the template's, or every payer's bundled letter, e.g.
    // all Welsh: {guarantee_cy} only). Said once the payers' languages are known.
    if (guarantee_ && !uses && !letters_->uses_guarantee())
        std::fprintf(stderr,
                     "warning: --guarantee %s: the letter template has no {guarantee}, so the letters "
                     "do not show it\n",
                     guarantee_path_.c_str());
    if (missing && !letters_->guarantee_missing())
        std::fprintf(stderr,
                     "warning: the letters are not ready to send: the letters of payers whose language column asks "
                     "for %s show a placeholder where the Direct Debit Guarantee must be; give it as your bank "
                     "supplies it with %s\n",
                     language_ == io::Language::en ? "Welsh" : "another language",
                     guarantee_ ? "--guarantee-cy FILE (its Welsh)" : "--guarantee FILE");
    put(file_.file(), letters_->end(), file_.path());
    file_.finish();
}

void LettersOutput::describe(Manifest& manifest, const RunRecord&) const {
    manifest.output(file_.path(), file_.bytes_path(), rows_);
}

// --collections

CollectionsOutput::CollectionsOutput(const NoticeSource& source, io::Format format, std::string path)
    : source_(source), format_(format), file_("--collections", std::move(path)) {
    // Sorting by date holds the rows until the end: beyond a few megabytes, in a scratch
    // file beside the output (a device or standard output: the system's temporary folder).
    const std::filesystem::path bytes = file_.bytes_path();
    std::error_code ec;
    const std::filesystem::path folder = bytes.empty() ? std::filesystem::temp_directory_path(ec) : bytes.parent_path();
    held_.emplace(folder.empty() ? std::string(".") : folder.string(), held_collection_bytes);
}

void CollectionsOutput::begin(const AccountsFile&) {
    columns_ = source_.kept().columns(io::collection_columns);
    writer_.emplace(columns_, format_, file_.file());
}

void CollectionsOutput::format(const Chunk& chunk) {
    HeldCollections::Part& out = parts_[chunk];
    out.clear();
    std::vector<std::string_view> kept;
    for (std::size_t i = chunk.first; i < chunk.last; ++i)
        if (source_.scheduled(chunk, i, kept)) source_.add_collections(chunk, i, kept, out);
    out.format(format_, columns_, source_.recovery().collection_calendar());
}

void CollectionsOutput::write(const Block& block) {
    for (std::size_t c = 0; c < block.chunks; ++c) {
        HeldCollections::Part& in = parts_.at(block.slot, c);
        for (std::string& m : in.reported) reported_.push_back(std::move(m));
        rows_ += in.rows();
        writing_to(file_, [&] { held_->append(in); });
    }
}

void CollectionsOutput::finish(const RunRecord&) {
    writing_to(file_, [&] {
        std::size_t unsynced = 0;
        held_->write(*writer_, [&](std::size_t bytes) {
            if ((unsynced += bytes) < (64u << 20)) return;
            file_.start_writeback();
            unsynced = 0;
        });
        writer_->finish();
    });
    file_.finish();
}

void CollectionsOutput::describe(Manifest& manifest, const RunRecord&) const {
    manifest.output(file_.path(), file_.bytes_path(), rows_);
}

}  // namespace arrears::cli
