// The bank files sent before (`--submitted`, see io/bacs.hpp): SubmittedCollections reads
// earlier Bacs Standard 18 files and collection files (CSV or JSON), so that no collection is
// submitted twice (recovery-rules §14).
//
// A Standard 18 file's debit records are read at §14's positions (bacs_fields.hpp: [HSBC]
// "Standard Records", [FD] "Standard Record mapping": transaction code 16-17, amount 36-46,
// reference 65-82, processing day 101-106) and UHL1's processing day 5-10 ([HSBC] "UHL1
// Record", [FD] "UHL1 Record mapping") for a single-day file.
#include <arrears/io/bacs.hpp>

#include "bacs_fields.hpp"

#include <arrears/io/cells.hpp>
#include <arrears/io/csv.hpp>
#include <arrears/io/file.hpp>
#include <arrears/notice.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace arrears::io {

using namespace bacs_fields;

using arrears::to_string;  // dates (io has its own to_string for encodings)

namespace {

constexpr std::int32_t day_number(Date d) noexcept { return static_cast<std::int32_t>(d.time_since_epoch().count()); }
Date from_day_number(std::int32_t n) noexcept { return Date(date::days(n)); }

bool debit_code(std::string_view code) noexcept { return code == "01" || code == "17" || code == "18" || code == "19"; }

}  // namespace

std::size_t SubmittedCollections::add_file(const std::string& path, const Calendar& collection) {
    const std::string text = read_whole_file(path, path, max_submitted_bytes, "a bank file");
    return add_text(text, path, collection);
}

std::size_t SubmittedCollections::add_text(std::string_view text, std::string_view source, const Calendar& collection) {
    std::string_view start = text;
    if (start.substr(0, 3) == "\xEF\xBB\xBF") start.remove_prefix(3);
    const std::size_t first = start.find_first_not_of(" \t\r\n");
    if (start.substr(0, 4) == "VOL1") return add_bacs(text, source, collection);
    if (first != std::string_view::npos && start[first] == '[') return add_json(text, source);
    return add_csv(text, source);
}

std::size_t SubmittedCollections::add_bacs(std::string_view text, std::string_view source, const Calendar& collection) {
    const auto source_index = static_cast<std::uint32_t>(sources_.size());
    sources_.push_back(std::string(source) + " line");
    std::optional<Date> file_day;  // UHL1's processing day (a single-day file's records have none)
    std::size_t rows = 0;
    std::uint64_t line_number = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        const std::string where = std::string(source) + " line " + std::to_string(line_number) + ": ";
        const std::string_view name = line.substr(0, 4);
        if (name == "UHL1") {
            if (line.size() >= 10 && line.substr(4, 6) != "      ") {
                file_day = parse_bacs_date(line.substr(4, 6));
                if (!file_day)
                    throw InputError(where + "UHL1's processing day '" + std::string(line.substr(4, 6)) +
                                     "' is not ' YYDDD'");
            }
            continue;
        }
        if (name == "VOL1" || name == "HDR1" || name == "HDR2" || name == "EOF1" || name == "EOF2" || name == "UTL1" ||
            name == "UHL2" || name == "UTL2") {
            continue;
        }
        if (line.size() < 100)
            throw InputError(where + "a Standard 18 record is 100 or 106 characters, this line " +
                             std::to_string(line.size()));
        const std::string_view code = line.substr(at_code, 2);
        if (!debit_code(code)) continue;  // a contra (99), a credit, an instruction (0N, 0C, 0S)
        const std::string_view amount = line.substr(at_amount, amount_digits);
        if (!std::all_of(amount.begin(), amount.end(), is_digit))
            throw InputError(where + "amount '" + std::string(amount) + "' (positions 36-46) is not 11 digits");
        std::optional<Date> day = file_day;
        if (line.size() >= bacs_record_length && line.substr(at_processing, 6) != "      ") {
            day = parse_bacs_date(line.substr(at_processing, 6));
            if (!day)
                throw InputError(where + "processing day '" + std::string(line.substr(at_processing, 6)) +
                                 "' (positions 101-106) is not ' YYDDD'");
        }
        if (!day) throw InputError(where + "the record has no processing day, nor has the file's UHL1");
        std::string_view reference = line.substr(at_reference, bacs_field_width);
        while (!reference.empty() && reference.back() == ' ') reference.remove_suffix(1);
        while (!reference.empty() && reference.front() == ' ') reference.remove_prefix(1);
        std::int64_t pence = 0;
        for (char c : amount) pence = pence * 10 + (c - '0');
        Date collected;
        try {
            collected = working_day_after(collection, *day);
        } catch (const std::out_of_range&) {
            throw InputError(where + "processing day " + arrears::to_string(*day) + " is outside the calendar's years");
        }
        by_reference_.push_back(
            {std::string(reference), day_number(*day), day_number(collected), pence, source_index, line_number});
        ++rows;
    }
    return rows;
}

void SubmittedCollections::add_collection(std::string_view source, std::uint64_t line, std::string_view account_id,
                                          std::string_view date, std::string_view amount, std::string_view label) {
    const std::string where = std::string(source) + " " + std::string(label) + " " + std::to_string(line) + ": ";
    account_id = trim_cell(account_id);
    if (account_id.empty()) throw InputError(where + "account_id is empty");
    Date d;
    const char* why = nullptr;
    if (!try_parse_date(trim_cell(date), d, why))
        throw InputError(where + "collection_date '" + std::string(date) + "' is not a date: " + why);
    Money m;
    try {
        m = Money::parse(trim_cell(amount));
    } catch (const InputError& e) {
        throw InputError(where + "amount: " + e.what());
    }
    by_account_.push_back({std::string(account_id), day_number(d), day_number(d), m.pence(),
                           static_cast<std::uint32_t>(sources_.size() - 1), line});
}

std::size_t SubmittedCollections::add_csv(std::string_view text, std::string_view source) {
    const TextTable t = parse_csv(text, source);
    const int id = t.column("account_id"), date = t.column("collection_date"), amount = t.column("amount");
    if (id < 0 || date < 0 || amount < 0)
        throw InputError(std::string(source) +
                         ": neither a Standard 18 file (it does not begin with VOL1) nor a collection file "
                         "(its header lacks account_id, collection_date or amount)");
    sources_.push_back(std::string(source) + " line");
    for (std::size_t r = 0; r < t.rows(); ++r) {
        if (!t.row_error[r].empty())
            throw InputError(std::string(source) + " line " + std::to_string(t.line[r]) + ": " + t.row_error[r]);
        add_collection(source, t.line[r], t.at(r, static_cast<std::size_t>(id)),
                       t.at(r, static_cast<std::size_t>(date)), t.at(r, static_cast<std::size_t>(amount)), "line");
    }
    return t.rows();
}

std::size_t SubmittedCollections::add_json(std::string_view text, std::string_view source) {
    // A collection file in JSON (§12 --format json): an array of objects whose values are
    // strings (or null). Read event by event, so a large file is never held as a tree.
    struct Reader : nlohmann::json_sax<nlohmann::json> {
        SubmittedCollections& into;
        std::string_view source;
        int depth = 0;
        std::size_t rows = 0;
        std::string field, id, date, amount;
        bool has_id = false, has_date = false, has_amount = false;
        Reader(SubmittedCollections& s, std::string_view src) : into(s), source(src) {}

        [[noreturn]] void bad(const std::string& why) const {
            throw InputError(std::string(source) + " row " + std::to_string(rows + 1) + ": " + why);
        }
        bool value(const std::string& v) {
            if (depth != 2) bad("not an array of objects");
            if (field == "account_id")
                id = v, has_id = true;
            else if (field == "collection_date")
                date = v, has_date = true;
            else if (field == "amount")
                amount = v, has_amount = true;
            return true;
        }
        bool null() override { return depth == 2 ? true : (bad("not an array of objects"), false); }
        bool boolean(bool) override { return value(""); }
        bool number_integer(number_integer_t) override { return other_number(); }
        bool number_unsigned(number_unsigned_t) override { return other_number(); }
        bool number_float(number_float_t, const string_t&) override { return other_number(); }
        bool other_number() {
            if (field == "amount" || field == "collection_date" || field == "account_id")
                bad(field + " is a number: collection files hold money and dates as strings");
            return value("");
        }
        bool string(string_t& v) override { return value(v); }
        bool binary(binary_t&) override { return value(""); }
        bool start_object(std::size_t) override {
            if (++depth != 2) bad("not an array of objects");
            has_id = has_date = has_amount = false;
            return true;
        }
        bool end_object() override {
            --depth;
            if (!has_id || !has_date || !has_amount) bad("the object lacks account_id, collection_date or amount");
            into.add_collection(source, rows + 1, id, date, amount, "row");
            ++rows;
            return true;
        }
        bool start_array(std::size_t) override {
            if (++depth != 1) bad("not an array of objects");
            return true;
        }
        bool end_array() override {
            --depth;
            return true;
        }
        bool key(string_t& k) override {
            field = k;
            return true;
        }
        bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
            throw InputError(std::string(source) + ": not readable JSON at byte " + std::to_string(position) + " (" +
                             e.what() + ")");
        }
    };
    sources_.push_back(std::string(source) + " row");
    Reader reader(*this, source);
    nlohmann::json::sax_parse(text.begin(), text.end(), &reader);
    return reader.rows;
}

void SubmittedCollections::finish() {
    const auto order = [](const Entry& a, const Entry& b) { return std::tie(a.key, a.day) < std::tie(b.key, b.day); };
    std::stable_sort(by_account_.begin(), by_account_.end(), order);
    std::stable_sort(by_reference_.begin(), by_reference_.end(), order);
}

std::optional<SubmittedCollections::Earlier> SubmittedCollections::find(std::string_view account_id,
                                                                        std::string_view reference,
                                                                        Date collection_date, Date processing,
                                                                        Money amount) const {
    const Entry* first = nullptr;
    auto look = [&](const std::vector<Entry>& list, std::string_view key, Date day) -> const Entry* {
        if (key.empty()) return nullptr;
        const std::int32_t n = day_number(day);
        auto it = std::lower_bound(list.begin(), list.end(), std::pair(key, n), [](const Entry& e, const auto& k) {
            return std::pair(std::string_view(e.key), e.day) < k;
        });
        for (; it != list.end() && it->key == key && it->day == n; ++it) {
            if (it->pence == amount.pence()) return &*it;
            if (!first) first = &*it;
        }
        return nullptr;
    };
    const Entry* same = look(by_account_, account_id, collection_date);
    if (!same) same = look(by_reference_, reference, processing);
    const Entry* e = same ? same : first;
    if (!e) return std::nullopt;
    return Earlier{Money(e->pence), from_day_number(e->collected), sources_[e->source] + " " + std::to_string(e->line)};
}

std::string submitted_message(std::string_view id, Money amount, Date collection_date,
                              const SubmittedCollections::Earlier& earlier) {
    const std::string which = "submitted: account " + std::string(id) + "'s collection of " + money_words(amount) +
                              " on " + to_string(collection_date);
    if (earlier.amount == amount)
        return which + " is already in " + earlier.where + ": left out of this run's bank files";
    return which + " conflicts with " + earlier.where + ": recall the earlier debit of " + money_words(earlier.amount) +
           " on " + to_string(earlier.collection_date) + " first; left out of this run's bank files";
}
}  // namespace arrears::io
