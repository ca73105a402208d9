// arrears: the command-line program of recovery-rules §12 for operations staff.
// `arrears recover` reads accounts (and a ledger or an outage window, and payments) from CSV
// exports and writes the revised schedule and the per-account summary; `arrears holidays`
// lists a region's bank holidays. Exit status: 0 every row processed, 1 the run finished but
// some rows were rejected or reported, 2 a usage error or unreadable file (nothing written).
#include <arrears.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/holiday_file.hpp>
#include <arrears/io/output.hpp>
#include <arrears/io/records.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace arrears;

constexpr int exit_ok = 0;        // every row processed
constexpr int exit_reported = 1;  // finished, but some rows were rejected or reported
constexpr int exit_usage = 2;     // usage error or unreadable file: nothing written

/// A bad option value, a bad combination of options or an unreadable input: exit 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ---- option values --------------------------------------------------------------------

// Runs a library parser on an option's value; its InputError becomes a UsageError that
// names the option and the value, e.g. "--cap '0': cap 0.00 is below 0.01".
template <class F>
auto option_value(std::string_view option, const std::string& value, F&& parse) -> decltype(parse(value)) {
    try {
        return parse(value);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("{} '{}': {}", option, value, e.what()));
    }
}

Date option_date(std::string_view option, const std::string& value) {
    const Date d = option_value(option, value, [](const std::string& s) { return parse_date(s); });
    option_value(option, value, [&](const std::string&) {
        require_calendar_year(d, "the date");
        return 0;
    });
    return d;
}

int option_int(std::string_view option, const std::string& value, int lo, int hi) {
    int v = 0;
    const char* end = value.data() + value.size();
    auto [p, ec] = std::from_chars(value.data(), end, v);
    if (value.empty() || ec != std::errc() || p != end || v < lo || v > hi)
        throw UsageError(fmt::format("{} '{}': expected a whole number from {} to {}", option, value, lo, hi));
    return v;
}

// `FROM..TO`, both dates, FROM <= TO.
Outage option_outage(const std::string& value) {
    const auto dots = value.find("..");
    if (dots == std::string::npos)
        throw UsageError(fmt::format("--outage '{}': expected FROM..TO, e.g. 2025-11-24..2026-01-09", value));
    Outage o;
    o.from = option_date("--outage", value.substr(0, dots));
    o.to = option_date("--outage", value.substr(dots + 2));
    if (o.to < o.from)
        throw UsageError(fmt::format("--outage '{}': the end {} is before the start {}", value, to_string(o.to),
                                     to_string(o.from)));
    return o;
}

std::vector<Date> option_closures(const std::vector<std::string>& values) {
    std::vector<Date> out;
    for (const std::string& v : values)
        if (!v.empty()) out.push_back(option_date("--closures", v));
    return out;
}

// The collection calendar is always England and Wales (Bacs works on its working days);
// the notice period is counted on the region's. Closures apply to both.
struct Calendars {
    Calendar collection;
    Calendar notice;
};

Calendars make_calendars(Region region, const std::string& holidays_path, const std::vector<Date>& closures) {
    io::OfficialHolidays official;
    if (!holidays_path.empty()) {
        try {
            official = io::load_govuk_holidays(holidays_path);
        } catch (const InputError& e) {
            throw UsageError(fmt::format("--holidays: {}", e.what()));
        }
    }
    return {Calendar(Region::england_and_wales, official.england_and_wales, closures),
            Calendar(region, official.division(region), closures)};
}

// ---- output files ----------------------------------------------------------------------

/// An output written to a temporary file in the target's directory and renamed over the
/// target only by publish(), so a failed run never leaves a partial file. `-` is stdout; a
/// target that exists and is not a regular file (/dev/null, a pipe, a terminal, a link to
/// one) is written directly: renaming over it would replace the device or the link.
class OutputFile {
public:
    OutputFile(std::string option, std::string path) : option_(std::move(option)), path_(std::move(path)) {
        if (path_ == "-") {
            file_ = stdout;
            return;
        }
        if (struct stat st {}; ::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
            if (S_ISDIR(st.st_mode))
                throw UsageError(fmt::format("{} '{}': is a folder, not a file", option_, path_));
            file_ = std::fopen(path_.c_str(), "wb");
            if (!file_)
                throw UsageError(fmt::format("{} '{}': cannot write: {}", option_, path_, std::strerror(errno)));
            direct_ = true;
            return;
        }
        // A link to a file: the file it points to is replaced, and the link stays.
        std::error_code ec;
        const std::filesystem::path target =
            std::filesystem::is_symlink(path_, ec) ? std::filesystem::weakly_canonical(path_, ec) : std::filesystem::path(path_);
        target_ = ec ? path_ : target.string();
        const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
        temp_ = (dir / ("." + target.filename().string() + ".arrears-" + std::to_string(::getpid()) + ".tmp")).string();
        // O_EXCL: never write through someone else's file or link; 0666 lets the umask decide.
        const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            const int err = errno;
            temp_.clear();
            throw UsageError(fmt::format("{} '{}': cannot create a file in {}: {}", option_, path_, dir.string(),
                                         std::strerror(err)));
        }
        file_ = ::fdopen(fd, "wb");
        if (!file_) {
            ::close(fd);
            discard();
            throw UsageError(fmt::format("{} '{}': cannot write: {}", option_, path_, std::strerror(errno)));
        }
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile() { discard(); }

    [[nodiscard]] std::FILE* file() const noexcept { return file_; }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

    /// Asks the kernel to start writing what has reached the file so far to disk, without
    /// waiting: finish()'s fsync then waits only for the end of the file, not all of it.
    void start_writeback() noexcept {
        if (temp_.empty() || !file_) return;  // only regular files are synced
        (void)::sync_file_range(::fileno(file_), 0, 0, SYNC_FILE_RANGE_WRITE);
    }
    /// Flushes, syncs and closes the temporary file: after this only publish() is left.
    void finish() {
        if (std::fflush(file_) != 0 || std::ferror(file_)) fail("cannot write");
        if (direct_) {
            const int rc = std::fclose(std::exchange(file_, nullptr));
            if (rc != 0) fail("cannot write");
            return;
        }
        if (temp_.empty()) return;
        if (::fsync(::fileno(file_)) != 0) fail("cannot write");
        const int rc = std::fclose(file_);
        file_ = nullptr;
        if (rc != 0) fail("cannot write");
    }
    /// Renames the finished temporary file over the target.
    void publish() {
        if (temp_.empty()) return;
        if (std::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot replace it");
        temp_.clear();
    }

private:
    [[noreturn]] void fail(const char* what) {
        const int err = errno;
        discard();
        throw UsageError(fmt::format("{} '{}': {}: {}", option_, path_, what, std::strerror(err)));
    }
    void discard() noexcept {
        if (direct_ && file_) std::fclose(std::exchange(file_, nullptr));
        if (temp_.empty()) return;
        if (file_) std::fclose(file_);
        file_ = nullptr;
        std::remove(temp_.c_str());
        temp_.clear();
    }

    std::string option_;
    std::string path_;
    std::string target_;  // what the temporary file replaces: path_, or the file a link points to
    std::string temp_;
    std::FILE* file_ = nullptr;
    bool direct_ = false;  // a device or pipe, written in place
};

// ---- the run ---------------------------------------------------------------------------

/// A line on stderr counting the accounts done, once a run has taken more than a second
/// (only when stderr is a terminal).
class Progress {
public:
    explicit Progress(bool enabled) {
        if (!enabled) return;
        reporter_ = std::thread([this] {
            using clock = std::chrono::steady_clock;
            const auto start = clock::now();
            bool shown = false;
            std::unique_lock lock(m_);
            while (!cv_.wait_for(lock, std::chrono::milliseconds(200), [&] { return finished_; })) {
                if (clock::now() - start < std::chrono::seconds(1)) continue;
                std::fprintf(stderr, "\rrecovering: %zu accounts", done_.load(std::memory_order_relaxed));
                std::fflush(stderr);
                shown = true;
            }
            if (shown) std::fputs("\r\033[K", stderr);
        });
    }
    ~Progress() { stop(); }
    void add(std::size_t n) noexcept { done_.fetch_add(n, std::memory_order_relaxed); }
    void stop() {
        if (!reporter_.joinable()) return;
        {
            std::lock_guard lock(m_);
            finished_ = true;
        }
        cv_.notify_one();
        reporter_.join();
    }

private:
    std::atomic<std::size_t> done_{0};
    std::mutex m_;
    std::condition_variable cv_;
    bool finished_ = false;
    std::thread reporter_;
};

/// Streams the accounts file a block at a time: rows are parsed and recovered, and the output
/// formatted, on `threads` threads; duplicates, ledger and payment rows and the writing are
/// handled in input order. Memory holds the file's text and one block, whatever the
/// portfolio's size, and the output is identical for any thread count.
template <class Consume>
void recover_stream(io::CsvReader& reader, const io::AccountColumns& columns, io::Attachments& attachments,
                    const Recovery& recovery, unsigned threads, bool progress, io::Format format,
                    bool schedule, bool summary, Consume&& consume) {
    constexpr std::size_t block = io::BlockRecovery::block_rows;
    constexpr std::size_t chunks_per_block = io::BlockRecovery::chunks(block);
    // Account rows are rarely under 40 bytes: room for the ids of the whole file.
    io::BlockRecovery recover(recovery, columns, reader.source(), attachments, threads, reader.size_bytes() / 40 + 16);

    io::TextTable table;
    // Two sets of result buffers: one block is written (on its own thread) while the next
    // is recovered into the other.
    struct Out {
        std::vector<AccountResult> results{block};
        std::vector<std::string> schedule_text{chunks_per_block}, summary_text{chunks_per_block};
    };
    std::array<Out, 2> outs;
    Progress shown(progress);  // before `writing`: a block still being written uses it
    std::future<void> writing;

    // A block holds at most about a million cells, however wide the header.
    const std::size_t rows_per_block =
        std::clamp<std::size_t>((std::size_t{1} << 20) / std::max<std::size_t>(1, reader.header().size()), 1, block);
    for (std::size_t k = 0; reader.next_block(table, rows_per_block); ++k) {
        auto& [results, schedule_text, summary_text] = outs[k % 2];
        const std::size_t n = table.rows();
        const std::size_t chunks = io::BlockRecovery::chunks(n);
        // Parse, settle duplicates and attachments, recover; each chunk formatted as it is done.
        recover.run(table, results, [&](std::size_t c, std::size_t lo, std::size_t hi) {
            const std::span<const AccountResult> part(results.data() + lo, hi - lo);
            schedule_text[c].clear();
            summary_text[c].clear();
            if (schedule) io::ResultWriter::format_rows(io::Table::schedule, format, part, schedule_text[c]);
            if (summary) io::ResultWriter::format_rows(io::Table::summary, format, part, summary_text[c]);
        });
        // In input order: write and count, while the next block is read and recovered
        if (writing.valid()) writing.get();
        writing = std::async(std::launch::async, [&consume, &shown, n, chunks, &o = outs[k % 2]] {
            consume(std::span<const AccountResult>(o.results.data(), n),
                    std::span<const std::string>(o.schedule_text.data(), chunks),
                    std::span<const std::string>(o.summary_text.data(), chunks));
            shown.add(n);
        });
    }
    if (writing.valid()) writing.get();
    shown.stop();
}

// 1234567 -> "1,234,567"
std::string grouped(std::string digits) {
    const std::size_t sign = !digits.empty() && digits[0] == '-' ? 1 : 0;
    const std::size_t dot = std::min(digits.find('.'), digits.size());
    for (std::size_t i = dot; i > sign + 3; i -= 3) digits.insert(i - 3, 1, ',');
    return digits;
}
std::string grouped(Money m) { return grouped(m.to_string()); }
std::string grouped(std::size_t n) { return grouped(std::to_string(n)); }
// "1 account", "2,410 accounts"
std::string accounts(std::size_t n) { return grouped(n) + (n == 1 ? " account" : " accounts"); }

/// What the human summary on stderr says, gathered block by block: accounts by status,
/// arrears, recovery per calendar month, and the rejected accounts' messages.
class RunStats {
public:
    /// `listed`: at most this many rejection messages are kept for stderr.
    explicit RunStats(std::size_t listed) : listed_(listed) {}

    void add(std::span<const AccountResult> results) {
        for (const AccountResult& r : results) add(r);
    }

    [[nodiscard]] std::size_t rejected() const noexcept { return count(Status::rejected); }

    /// The rejected accounts (as many as are kept), then the summary paragraph and table.
    [[nodiscard]] std::string report(const Recovery& recovery, const std::string& summary_path) const {
        std::string out = rejected_lines_;
        if (rejected() > listed_)
            out += fmt::format("... and {} more rejected accounts: see {}\n", grouped(rejected() - listed_), summary_path);
        std::string line = accounts(accounts_);
        const char* sep = ": ";
        for (Status s : statuses)
            if (count(s)) {
                line += fmt::format("{}{} {}", sep, grouped(count(s)), to_string(s));
                sep = ", ";
            }
        out += line + "\n";
        out += fmt::format("total arrears {}, of which {} scheduled for recovery on {}", grouped(total_),
                           grouped(scheduled_), accounts(count(Status::ok) + count(Status::extended)));
        if (count(Status::in_credit))
            out += fmt::format("; {} in credit on {}", grouped(credit_), accounts(count(Status::in_credit)));
        out += fmt::format("\nnotice {}, first changeable collection {}, horizon {}\n",
                           to_string(recovery.options().notice_date), to_string(recovery.earliest_change()),
                           to_string(recovery.horizon()));
        if (by_month_.empty()) return out;
        std::vector<std::array<std::string, 3>> rows;
        std::size_t collections = 0;
        Money sum;
        for (const auto& [ym, cell] : by_month_) {
            rows.push_back({fmt::format("{:04}-{:02}", ym / 12, ym % 12 + 1), grouped(cell.first), grouped(cell.second)});
            collections += cell.first;
            sum += cell.second;
        }
        rows.push_back({"total", grouped(collections), grouped(sum)});
        std::array<std::size_t, 3> w{5, 11, 8};  // the headings' widths
        for (const auto& r : rows)
            for (std::size_t c = 0; c < 3; ++c) w[c] = std::max(w[c], r[c].size());
        out += "recovery by month of collection:\n";
        out += fmt::format("  {:<{}}  {:>{}}  {:>{}}\n", "month", w[0], "collections", w[1], "recovery", w[2]);
        for (const auto& r : rows) out += fmt::format("  {:<{}}  {:>{}}  {:>{}}\n", r[0], w[0], r[1], w[1], r[2], w[2]);
        return out;
    }

private:
    static constexpr std::array statuses{Status::ok,     Status::extended,  Status::no_arrears, Status::in_credit,
                                         Status::review, Status::cancelled, Status::rejected};

    [[nodiscard]] std::size_t count(Status s) const noexcept { return by_status_[static_cast<std::size_t>(s)]; }

    void add(const AccountResult& r) {
        const Summary& s = r.summary;
        ++accounts_;
        ++by_status_[static_cast<std::size_t>(s.status)];
        if (s.arrears && *s.arrears > Money()) total_ += *s.arrears;
        if (s.status == Status::in_credit) credit_ -= *s.arrears;
        if (s.status == Status::rejected && count(Status::rejected) <= listed_) {
            rejected_lines_ += r.account_id.empty() ? "rejected: " : "rejected " + r.account_id + ": ";
            rejected_lines_ += s.message + "\n";
        }
        if (s.status != Status::ok && s.status != Status::extended) return;
        scheduled_ += *s.arrears;
        for (const ScheduleRow& row : r.schedule) {
            if (row.recovery_amount == Money()) continue;
            // Most rows fall in the month of the row before: find the month's cell only on a change.
            if (!month_cell_ || row.collection_date < month_first_ || row.collection_date > month_last_) {
                const date::year_month_day ymd(row.collection_date);
                month_first_ = Date(ymd.year() / ymd.month() / 1);
                month_last_ = Date(ymd.year() / ymd.month() / date::last);
                month_cell_ = &by_month_[static_cast<int>(ymd.year()) * 12 +
                                         static_cast<int>(static_cast<unsigned>(ymd.month())) - 1];
            }
            ++month_cell_->first;
            month_cell_->second += row.recovery_amount;
        }
    }

    std::size_t listed_;
    std::size_t accounts_ = 0;
    std::array<std::size_t, statuses.size()> by_status_{};
    Money total_, scheduled_, credit_;
    std::map<int, std::pair<std::size_t, Money>> by_month_;  // year*12 + month-1 -> collections, recovery
    std::pair<std::size_t, Money>* month_cell_ = nullptr;  // the cell of [month_first_, month_last_]
    Date month_first_{}, month_last_{};
    std::string rejected_lines_;
};

struct RecoverArgs {
    std::string accounts, outage, ledger, payments, notice_date;
    std::string notice_days = "10", postal_days = "0";
    std::string region = "england-and-wales", holidays;
    std::vector<std::string> closures;
    std::string fy_start = "04-01", until;
    std::string strategy = "spread", remainder = "first", cap, when_none = "next-year";
    bool no_extend = false;
    std::string schedule, summary, format = "csv", threads = "0";
};

io::TextTable read_table(std::string_view option, const std::string& path) {
    try {
        return io::read_csv_file(path);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("{}: {}", option, e.what()));
    }
}

int run_recover(const RecoverArgs& a) {
    // Every option first, so a usage error stops the run before anything is read or written.
    if (a.outage.empty() == a.ledger.empty())
        throw UsageError(a.outage.empty() ? "one of --outage FROM..TO and --ledger FILE is required"
                                          : "--outage and --ledger cannot be used together: give one of them");
    Options o;
    o.notice_date = option_date("--notice-date", a.notice_date);
    o.notice_days = option_int("--notice-days", a.notice_days, 0, 365);
    o.postal_days = option_int("--postal-days", a.postal_days, 0, 365);
    if (!a.outage.empty()) {
        o.outage = option_outage(a.outage);
        if (!(o.notice_date > o.outage->to))
            throw UsageError(fmt::format("--notice-date '{}' must be after the outage, which ends {} (--outage '{}')",
                                         a.notice_date, to_string(o.outage->to), a.outage));
    }
    const Region region = option_value("--region", a.region, [](const std::string& s) { return parse_region(s); });
    const std::vector<Date> closures = option_closures(a.closures);
    o.year_start = option_value("--fy-start", a.fy_start, [](const std::string& s) { return YearStart::parse(s); });
    if (!a.until.empty()) {
        o.until = option_date("--until", a.until);
        if (*o.until < o.notice_date)
            throw UsageError(fmt::format("--until '{}' is before --notice-date '{}'", a.until, a.notice_date));
    }
    o.strategy = option_value("--strategy", a.strategy, [](const std::string& s) { return parse_strategy(s); });
    o.remainder = option_value("--remainder", a.remainder, [](const std::string& s) { return parse_remainder(s); });
    if (!a.cap.empty()) {
        if (o.strategy == Strategy::single)
            throw UsageError(fmt::format("--cap '{}' cannot be used with --strategy single (a cap is for spread)", a.cap));
        o.cap = option_value("--cap", a.cap, [](const std::string& s) { return Cap::parse(s); });
    }
    o.extension = a.no_extend ? Extension::forbidden : Extension::allowed;
    o.when_none = option_value("--when-none", a.when_none, [](const std::string& s) { return parse_when_none(s); });
    const io::Format format = option_value("--format", a.format, [](const std::string& s) { return io::parse_format(s); });
    const unsigned threads = static_cast<unsigned>(option_int("--threads", a.threads, 0, 1024));
    if (!a.schedule.empty() && a.schedule == a.summary)
        throw UsageError(fmt::format("--schedule and --summary both name '{}': give two files", a.schedule));

    Calendars cal = make_calendars(region, a.holidays, closures);
    std::optional<Recovery> recovery;
    try {
        recovery.emplace(o, std::move(cal.collection), std::move(cal.notice));
    } catch (const InputError& e) {
        throw UsageError(e.what());
    } catch (const std::out_of_range& e) {
        throw UsageError(e.what());
    }

    // Outputs are created (as temporary files) before the work, so an unwritable directory
    // is found at once; they replace their targets only after everything has succeeded.
    std::optional<OutputFile> schedule_out, summary_out;
    if (!a.schedule.empty()) schedule_out.emplace("--schedule", a.schedule);
    if (!a.summary.empty()) summary_out.emplace("--summary", a.summary);
    if (a.schedule.empty() && a.summary.empty()) schedule_out.emplace("--schedule", "-");

    // Ledger and payments first (usually small), then the accounts stream past them.
    io::Attachments attachments;
    auto hold = [&](std::string_view option, const std::string& path, auto add) {
        if (path.empty()) return;
        const io::TextTable table = read_table(option, path);
        try {
            add(table, path);
        } catch (const InputError& e) {
            throw UsageError(fmt::format("{}: {}", option, e.what()));
        }
    };
    hold("--ledger", a.ledger, [&](const io::TextTable& t, const std::string& s) { attachments.add_ledger(t, s); });
    hold("--payments", a.payments, [&](const io::TextTable& t, const std::string& s) { attachments.add_payments(t, s); });
    std::optional<io::CsvReader> reader;
    io::AccountColumns columns{};
    try {
        reader.emplace(a.accounts);
        io::TextTable header_only;
        header_only.header = reader->header();
        columns = io::AccountColumns::find(header_only, a.accounts);
    } catch (const InputError& e) {
        throw UsageError(fmt::format("--accounts: {}", e.what()));
    }

    // Recover, write and gather the summary block by block. Rejected accounts are all listed
    // on stderr unless a summary file holds them; skipped ledger and payments rows come first.
    const bool summary_file = summary_out && summary_out->path() != "-";
    RunStats stats(summary_file ? 20 : std::numeric_limits<std::size_t>::max());
    std::optional<io::ResultWriter> schedule_writer, summary_writer;
    if (schedule_out) schedule_writer.emplace(io::Table::schedule, format, schedule_out->file());
    if (summary_out) summary_writer.emplace(io::Table::summary, format, summary_out->file());
    try {
        recover_stream(*reader, columns, attachments, *recovery, threads, ::isatty(2) != 0, format,
                       schedule_writer.has_value(), summary_writer.has_value(),
                       [&](std::span<const AccountResult> block, std::span<const std::string> schedule_text,
                           std::span<const std::string> summary_text) {
                           if (schedule_writer)
                               for (const std::string& t : schedule_text) schedule_writer->append(t);
                           if (summary_writer)
                               for (const std::string& t : summary_text) summary_writer->append(t);
                           stats.add(block);
                           if (schedule_out) schedule_out->start_writeback();
                           if (summary_out) summary_out->start_writeback();
                       });
        if (schedule_writer) schedule_writer->finish();
        if (summary_writer) summary_writer->finish();
    } catch (const io::WriteError& e) {
        throw UsageError(fmt::format("{}: {}", schedule_out ? schedule_out->path() : summary_out->path(), e.what()));
    }
    const std::vector<std::string> reported = attachments.finish();
    // Both files are complete on disk before either replaces its target.
    if (schedule_out) schedule_out->finish();
    if (summary_out) summary_out->finish();
    if (schedule_out) schedule_out->publish();
    if (summary_out) summary_out->publish();

    std::string report;
    for (const std::string& m : reported) report += "skipped: " + m + "\n";
    report += stats.report(*recovery, summary_out ? summary_out->path() : "");
    std::fputs(report.c_str(), stderr);
    return reported.empty() && stats.rejected() == 0 ? exit_ok : exit_reported;
}

struct HolidaysArgs {
    std::string region = "england-and-wales", holidays, year, to_year;
};

int run_holidays(const HolidaysArgs& a) {
    const Region region = option_value("--region", a.region, [](const std::string& s) { return parse_region(s); });
    const int from = option_int("--year", a.year, first_calendar_year, last_calendar_year);
    const int to = a.to_year.empty() ? from : option_int("--to-year", a.to_year, first_calendar_year, last_calendar_year);
    if (to < from) throw UsageError(fmt::format("--to-year '{}' is before --year '{}'", a.to_year, a.year));
    const Calendars cal = make_calendars(region, a.holidays, {});
    std::vector<Holiday> all;
    for (int y = from; y <= to; ++y)
        for (Holiday& h : cal.notice.holidays(y)) all.push_back(std::move(h));
    const std::string text = io::holidays_text(all);
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
        throw UsageError(fmt::format("cannot write the holidays: {}", std::strerror(errno)));
    return exit_ok;
}

constexpr const char* recover_footer = R"(Example (the worked example of the recovery rules, section 11):
  accounts.csv:
    account_id,amount,frequency,first_due
    A-1001,532.17,monthly,2025-04-01

  arrears recover --accounts accounts.csv --outage 2025-11-24..2026-01-09 \
                  --notice-date 2026-01-12 --schedule schedule.csv --summary summary.csv

  The collections of 1 Dec 2025 and 2 Jan 2026 were missed (arrears 1064.34); after 10
  working days' notice the first changeable collection is 26 Jan 2026, so schedule.csv
  has 2026-02-02 and 2026-03-02, each 532.17 regular + 532.17 recovery. Add --cap 50%
  and the recovery is 212.87 on five collections to 2026-06-01 (status extended).

Exit status: 0 every row processed; 1 finished, but some rows were rejected (see the
summary) or reported on stderr; 2 usage error or unreadable file, and nothing is written.)";

constexpr const char* holidays_footer = R"(Example:
  arrears holidays --region scotland --year 2026
prints
  date,name
  2026-01-01,New Year's Day
  2026-01-02,2nd January
  ...
  2026-11-30,St Andrew's Day
  2026-12-25,Christmas Day
  2026-12-28,Boxing Day)";

}  // namespace

int main(int argc, char** argv) {
    CLI::App app("arrears: recover missed Direct Debit collections and spread the arrears over the\n"
                 "remaining collections of the financial year (UK councils and housing providers).",
                 "arrears");
    app.set_version_flag("--version", std::string("arrears ") + arrears::version);
    app.require_subcommand(1);
    app.footer("Run 'arrears recover --help' or 'arrears holidays --help' for a worked example.");

    RecoverArgs ra;
    CLI::App* recover = app.add_subcommand("recover", "Work out arrears and write revised schedules and a summary");
    recover->add_option("--accounts", ra.accounts, "accounts.csv: account_id, amount, frequency, first_due "
                                                   "[, day, end, skip, convention]")
        ->required()->type_name("FILE");
    recover->add_option("--outage", ra.outage, "Outage window: collections dated in it were missed")
        ->type_name("FROM..TO");
    recover->add_option("--ledger", ra.ledger, "ledger.csv: account_id, due_date, amount, status, reason "
                                               "(instead of --outage)")
        ->type_name("FILE");
    recover->add_option("--payments", ra.payments, "payments.csv: account_id, date, amount (paid by other means)")
        ->type_name("FILE");
    recover->add_option("--notice-date", ra.notice_date, "The date payers are told of the new amounts")
        ->required()->type_name("DATE");
    recover->add_option("--notice-days", ra.notice_days, "Working days of notice (the Direct Debit Guarantee)")
        ->type_name("N")->capture_default_str();
    recover->add_option("--postal-days", ra.postal_days, "Working days added for the post")
        ->type_name("N")->capture_default_str();
    recover->add_option("--region", ra.region, "Calendar for the notice period: england-and-wales, scotland, "
                                               "northern-ireland (collections are on Bacs days, England and Wales)")
        ->type_name("REGION")->capture_default_str();
    recover->add_option("--holidays", ra.holidays, "GOV.UK bank-holidays.json; replaces the rules for the years it covers")
        ->type_name("FILE");
    recover->add_option("--closures", ra.closures, "Extra non-working days, comma separated")
        ->type_name("DATE[,DATE...]")->delimiter(',')->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    recover->add_option("--fy-start", ra.fy_start, "Financial-year start (04-06 for the tax year)")
        ->type_name("MM-DD")->capture_default_str();
    recover->add_option("--until", ra.until, "Horizon: recover by this date instead of the financial year's end")
        ->type_name("DATE");
    recover->add_option("--strategy", ra.strategy, "spread over the remaining collections, or single (all on the first)")
        ->type_name("spread|single")->capture_default_str();
    recover->add_option("--remainder", ra.remainder, "Where the odd pennies go: first, last, whole-pounds (Council Tax)")
        ->type_name("RULE")->capture_default_str();
    recover->add_option("--cap", ra.cap, "Most recovery per collection: an amount (25.00) or a percentage of the "
                                         "regular amount (50%)")
        ->type_name("AMOUNT|PCT%");
    recover->add_flag("--no-extend", ra.no_extend, "Never recover past the horizon: such accounts go to review");
    recover->add_option("--when-none", ra.when_none, "No collection before the horizon: next-year, single or review")
        ->type_name("RULE")->capture_default_str();
    recover->add_option("--schedule", ra.schedule, "Write the revised schedule here (- for standard output, the "
                                                   "default when --summary is not given either)")
        ->type_name("FILE");
    recover->add_option("--summary", ra.summary, "Write the per-account summary here (- for standard output)")->type_name("FILE");
    recover->add_option("--format", ra.format, "Output format: csv or json")->type_name("csv|json")->capture_default_str();
    recover->add_option("--threads", ra.threads, "Worker threads (0: every core); the output is the same for any number")
        ->type_name("N")->default_str("0 (every core)");
    recover->footer(recover_footer);

    HolidaysArgs ha;
    CLI::App* holidays = app.add_subcommand("holidays", "Print a region's bank holidays as date,name CSV");
    holidays->add_option("--region", ha.region, "england-and-wales, scotland or northern-ireland")
        ->type_name("REGION")->capture_default_str();
    holidays->add_option("--holidays", ha.holidays, "GOV.UK bank-holidays.json; replaces the rules for the years it covers")
        ->type_name("FILE");
    holidays->add_option("--year", ha.year, "First calendar year (1995-2099)")->required()->type_name("YEAR");
    holidays->add_option("--to-year", ha.to_year, "Last calendar year (default: --year)")->type_name("YEAR");
    holidays->footer(holidays_footer);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        const char* name = recover->parsed() ? "arrears recover" : holidays->parsed() ? "arrears holidays" : "arrears";
        std::fprintf(stderr, "%s: %s\nRun '%s --help' for the options.\n", name, e.what(), name);
        return exit_usage;
    }

    const char* command = recover->parsed() ? "arrears recover" : "arrears holidays";
    try {
        return recover->parsed() ? run_recover(ra) : run_holidays(ha);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "%s: %s\n", command, e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", command, e.what());
    }
    return exit_usage;
}
