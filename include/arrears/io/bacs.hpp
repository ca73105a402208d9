// Bacs Standard 18 (recovery-rules §14 "The bank's own format"): the fixed-width file that
// bureaux and banks take a Direct Debit submission as. Text in the Bacs character set, the
// payer's bank details checked, a multi-day file with a contra per processing day and the
// trailer's totals; and the bank files sent earlier read back (`--submitted`), so that no
// collection is ever submitted twice. Money stays integer pence into the 11-digit field.
#pragma once

#include <arrears/calendar.hpp>
#include <arrears/date.hpp>
#include <arrears/error.hpp>
#include <arrears/io/table.hpp>
#include <arrears/money.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrears::io {

// ---------------------------------------------------------------------------------------
// The Bacs character set (§14)

/// The width of a Bacs text field: the originator's name, the reference, the account name.
inline constexpr std::size_t bacs_field_width = 18;

/// True for a character of the Bacs set: `A`–`Z`, `0`–`9`, `.`, `&`, `/`, `-`, space.
constexpr bool is_bacs_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '&' || c == '/' || c == '-' || c == ' ';
}

/// `utf8` as a Bacs name field (§14) into `out`: upper case, letters without their accents
/// (`é` → `E`, `ŵ` → `W`; `ß` → `SS`, `Æ` → `AE`; combining accents dropped), every other
/// character a space (spaces are not collapsed), then at most `width` characters, trailing
/// spaces dropped (the field's padding). Returns true when the value was longer and was cut. Bytes that are
/// not UTF-8 become a space each.
bool to_bacs_name(std::string_view utf8, std::string& out, std::size_t width = bacs_field_width);

/// The payer's details as Bacs takes them (§14). Each check writes the Bacs form to `out`
/// and returns the reason the text cannot be used (empty when it can), phrased to follow
/// "account X: ", e.g. "sort code '12-34-5' is not six digits".
/// Sort code: six digits; `-` and spaces between them are ignored.
std::string check_sort_code(std::string_view text, std::array<char, 6>& out);
/// Account number: eight digits; seven are left-padded with `0`.
std::string check_account_number(std::string_view text, std::array<char, 8>& out);
/// Reference: never changed, only trimmed (spaces, tabs) and upper-cased: valid when it is
/// then 6–18 Bacs characters with at least 6 letters or digits, starts with a letter or
/// digit, does not start with `DDIC`, and its letters and digits are not all one character.
std::string check_reference(std::string_view text, std::string& out);

// ---------------------------------------------------------------------------------------
// The originator (the service user: the council)

/// The council's details as the file carries them (§14 `--sun`, `--originator-*`,
/// `--bacs-serial`, `--bacs-date`), checked by make_originator().
struct BacsOriginator {
    std::array<char, 6> sun{};        ///< Service User Number, six digits
    std::array<char, 6> sort_code{};  ///< the account the collections are credited to
    std::array<char, 8> account{};
    std::string name;              ///< Bacs form, 1–18 characters
    std::array<char, 6> serial{};  ///< the submission serial, six Bacs characters, not all zeros
    Date date{};                   ///< the day the file is made for submission

    friend bool operator==(const BacsOriginator&, const BacsOriginator&) = default;
};

/// Which of the originator's details make_originator() refused (so the command line can
/// name its option and Python its keyword).
enum class OriginatorField { sun, sort_code, account, name, serial };

/// An originator's detail that Bacs cannot take.
class OriginatorError : public InputError {
public:
    OriginatorError(OriginatorField field, const std::string& message) : InputError(message), field_(field) {}
    [[nodiscard]] OriginatorField field() const noexcept { return field_; }

private:
    OriginatorField field_;
};

/// Checks and converts the originator's details (text as typed). The name is mapped to the
/// Bacs character set and must then be 1–18 characters (never cut: it is the council's own);
/// the serial is upper-cased. Throws OriginatorError naming the value and the rule.
BacsOriginator make_originator(std::string_view sun, std::string_view sort_code, std::string_view account,
                               std::string_view name, std::string_view serial, Date date);

// ---------------------------------------------------------------------------------------
// The payer's bank details

/// A payer's details for a standard record, all in Bacs form.
struct BacsPayee {
    std::array<char, 6> sort_code{};
    std::array<char, 8> account{};
    std::string reference;  ///< trimmed and upper-cased, 6–18 characters
    std::string name;       ///< the account holder's name, at most 18 characters
    bool name_cut = false;  ///< the name was longer and was cut
};

/// Where the bank details are among the accounts file's columns (after `--map`): -1 for a
/// column it lacks. `account_name` falls back to `name` row by row (§14).
struct BankColumns {
    int sort_code = -1, account_number = -1, account_name = -1, name = -1, reference = -1;
    /// The columns of `header` named `sort_code`, `account_number`, `account_name`, `name`,
    /// `reference`.
    static BankColumns find(const std::vector<std::string>& header);
    /// The columns a Bacs file needs that are missing, as "sort_code, account_number", or
    /// empty (`account_name` or `name`, either one, counts as the name).
    [[nodiscard]] std::string missing() const;
};

/// The new sort code and account number the latest ADDACS transfer gives an account (§14
/// "Mandates"); an empty one keeps the accounts file's.
struct TransferredDetails {
    std::string_view sort_code, account_number;
};

/// The latest ADDACS transfer of each account (§14 "Mandates"): its new sort code and
/// account number replace the accounts file's in the Bacs file. Fed the `transferred`
/// events of a mandates table; a transfer lacking one of the new details keeps the earlier
/// one (an earlier transfer's, or the accounts file's).
class BankTransfers {
public:
    struct Details {
        std::string sort_code, account_number;  ///< empty: the accounts file's
    };
    /// A `transferred` event, in the mandates table's order (equal dates keep that order).
    void add(std::string_view account_id, Date effective, std::string_view new_sort_code,
             std::string_view new_account_number);
    /// Settles each account's latest details; before find().
    void finish();
    /// The account's details after its transfers, or nullptr when it has none.
    [[nodiscard]] const Details* find(std::string_view account_id) const;
    /// The same as bank_details() takes them (both empty when the account has none).
    [[nodiscard]] TransferredDetails moved(std::string_view account_id) const {
        const Details* d = find(account_id);
        return d ? TransferredDetails{d->sort_code, d->account_number} : TransferredDetails{};
    }
    [[nodiscard]] bool empty() const noexcept { return events_.empty(); }

private:
    struct Event {
        std::string account_id;
        Date effective;
        std::size_t order;
        Details details;
    };
    std::vector<Event> events_;
    std::vector<std::pair<std::string, Details>> settled_;  // by account_id
};

/// The bank details of the account of row `row` of `accounts` for the Bacs file: the
/// accounts file's columns, with the latest ADDACS transfer's new sort code and account
/// number (`moved`: a mandates table's, BankTransfers::moved or the account's mandate state)
/// in their place. Writes `out` and returns the reason the account's collections cannot go
/// into the file ("no sort code", "reference 'AB' is shorter than 6 characters", ...), or
/// empty. bank_details(bank_cells(accounts, row, columns, moved), out): the command line and
/// Python call those two themselves (the cells found as an account is read, checked later).
std::string bank_details(const TextTable& accounts, std::size_t row, const BankColumns& columns,
                         TransferredDetails moved, BacsPayee& out);

/// A payer's bank details as bank_details() checks them: each cell trimmed; the sort code and
/// account number the latest ADDACS transfer's where it gives one (`moved_sort_code`,
/// `moved_account`: a refusal then says so), else the accounts file's; the name
/// `account_name`'s, or `name`'s when that is empty (§14).
struct BankCells {
    std::string_view sort_code, account_number, name, reference;
    bool moved_sort_code = false, moved_account = false;
};
/// The cells of row `row` of `accounts` with `moved` in their place (views into both).
BankCells bank_cells(const TextTable& accounts, std::size_t row, const BankColumns& columns, TransferredDetails moved);
/// bank_details() of cells already found: the one place a payer's details are checked, for
/// the command line and Python alike (BacsBatch::finish, check_details).
std::string bank_details(const BankCells& cells, BacsPayee& out);

// ---------------------------------------------------------------------------------------
// The file

/// Each record ends with CR LF; the labels are 80 characters, the data records 106.
inline constexpr std::size_t bacs_label_length = 80;
inline constexpr std::size_t bacs_record_length = 106;
inline constexpr std::size_t bacs_line = bacs_record_length + 2;  ///< a data record with its CR LF
/// A standard record held for sorting (BacsBatch::Form::held) without what every record of
/// one originator shares (the codes, the originator's fields, CR LF): the payer's sort code
/// and account number (14 characters), the amount (11 digits), the reference and the account
/// name (18 each), the processing day (` YYDDD`), each as the record writes it.
/// BacsWriter::held_records() writes the whole record back.
inline constexpr std::size_t bacs_held_length = 14 + 11 + 2 * 18 + 6;

/// ` YYDDD`: a date as Standard 18 writes it (year in two digits, day of the year).
void put_bacs_date(char* at, Date d) noexcept;
/// The date of a ` YYDDD` field (years 95–99 are 1995–1999, the rest 2000–2094), or none
/// when the text is not one.
std::optional<Date> parse_bacs_date(std::string_view field) noexcept;

/// Appends the standard record (transaction code 17, a regular collection) of one debit of
/// `amount` from `payee`, processed on `processing`, with its CR LF. Throws InputError when
/// the amount is not 1p to 999,999,999.99 (the 11-digit field).
void append_debit_record(std::string& out, const BacsOriginator& originator, const BacsPayee& payee, Money amount,
                         Date processing);

/// Writes one multi-day Standard 18 file as it goes: the labels `VOL1`, `HDR1`, `HDR2`,
/// `UHL1` on construction; the standard records, in ascending processing days, each day
/// followed by its contra (the day's total credited to the originator); then `EOF1`, `EOF2`
/// and `UTL1` with the totals (contras are the credits). The same input gives the same bytes.
class BacsWriter {
public:
    using Sink = std::function<void(std::string_view)>;
    BacsWriter(const BacsOriginator& originator, Sink sink);

    /// One debit (append_debit_record's), on or after the last one's processing day.
    void debit(const BacsPayee& payee, Money amount, Date processing);
    /// Standard records already made by append_debit_record() for this originator, in any
    /// pieces (a record may be split between two calls): each is passed on, its amount and
    /// processing day tallied, and a day's contra written when the next day begins. Throws
    /// std::logic_error for text that is not such records or a day before the last one's.
    void records(std::string_view text);
    /// The same as records() for the held form of those records (bacs_held_length
    /// characters each, BacsBatch::Form::held), in any pieces: each is written whole.
    void held_records(std::string_view text);
    /// The last day's contra and the trailer labels. Throws InputError when a total or a
    /// count is beyond its field (a day's total 11 digits, the file's 13, counts 7).
    void finish();

    [[nodiscard]] std::size_t debits() const noexcept { return debits_; }
    [[nodiscard]] std::size_t days() const noexcept { return days_; }  ///< contras written
    [[nodiscard]] Money total() const noexcept { return Money(total_); }
    [[nodiscard]] std::optional<Date> first_day() const noexcept { return first_day_; }
    [[nodiscard]] std::optional<Date> last_day() const noexcept { return last_day_; }

private:
    void record(const char* line);
    void contra();

    const BacsOriginator& originator_;
    Sink sink_;
    std::string carry_;       // a record split between two records() calls
    std::string held_carry_;  // a held record split between two held_records() calls
    std::string model_;       // a standard record of this originator, the payer's fields to fill in
    std::string expanded_;    // held records written whole
    std::string scratch_;
    char day_field_[6] = {};  // the current day's ` YYDDD`
    bool in_day_ = false;
    std::int64_t day_total_ = 0, total_ = 0;
    std::size_t debits_ = 0, days_ = 0;
    std::optional<Date> first_day_, last_day_;
};

/// The labels and trailer of a file (exposed for tests): `VOL1`, `HDR1`, `HDR2`, `UHL1`; and
/// `EOF1`, `EOF2`, `UTL1` with the totals in pence and the counts of debits and contras.
std::string bacs_header_labels(const BacsOriginator& originator);
std::string bacs_trailer_labels(const BacsOriginator& originator, std::int64_t debit_pence, std::int64_t credit_pence,
                                std::size_t debit_count, std::size_t credit_count);

// ---------------------------------------------------------------------------------------
// The records of a run's collections

/// The Bacs records of some accounts' collections (a chunk of a run, or a whole table), made
/// as the command line and Python both make them (§14): each collection whose processing day
/// is after the originator's date and at most 31 days after it, from an account whose bank
/// details Bacs can take; the others reported (too late for the file; bad details) or
/// counted (later: for a later run). Records are sorted by collection date, then the order
/// the accounts were given in.
class BacsBatch {
public:
    /// One collection of an account.
    struct Due {
        Date collection_date, processing;
        Money amount;
    };
    /// `collection`: the collection calendar; `report_closed`: also report collections on a
    /// day that is not a working day of it (when no collection file says so already).
    /// How finish() writes the records: whole standard records (bacs_line characters each),
    /// or the held form (bacs_held_length each, for BacsWriter::held_records()), about 40%
    /// fewer bytes to sort, spill and read back in a large run.
    enum class Form { records, held };
    BacsBatch(const BacsOriginator& originator, const Calendar& collection, bool report_closed,
              Form form = Form::records)
        : originator_(originator), calendar_(collection), report_closed_(report_closed), form_(form) {}

    /// Empties the batch for the next accounts, keeping its buffers.
    void clear();
    /// The collections of account `id` (those already submitted left out), in date order,
    /// and its bank details as found (copied: checked by bank_details() in finish(), and only
    /// when a collection falls in the file).
    void add(std::string_view id, std::span<const Due> collections, const BankCells& details);
    /// Checks each account's bank details (an account whose details cannot be used has its
    /// collections left out, reported where add() would have reported them), then formats
    /// the records of everything added into `text` (in the batch's Form), by collection date
    /// then order added, with `runs` (each collection date, as a day number, and where its
    /// records end). The checks are here, not in add(), so that the command line can do them
    /// on the thread that writes a block rather than on the threads that recover the next.
    void finish();

    std::string text;
    std::vector<std::pair<std::int64_t, std::size_t>> runs;
    std::vector<std::string> reported;  ///< "bacs: account W3's collection of ... is left out ...: why"
    std::size_t later = 0;              ///< collections processed more than 31 days after the date
    std::size_t names_cut = 0;          ///< accounts in the file whose name was cut
    std::size_t left_out = 0;           ///< collections reported and not in the file (too late, bad details)

private:
    struct Pending {
        Date collection_date, processing;
        std::uint32_t payee;
        Money amount;
    };
    // An account's details as add() copied them (offsets into cells_, in BankCells' order,
    // the account id last), what its collections in the file come to, and where in
    // `reported` its refusal goes.
    struct Deferred {
        std::array<std::size_t, 6> at;  // where each text starts; the next ends it
        std::size_t first_pending, count, reported_at;
        Money in_file;
        bool moved_sort_code, moved_account;
    };
    static constexpr std::uint32_t refused = UINT32_MAX;  // a Pending's payee whose details were refused
    void check_details();
    const BacsOriginator& originator_;
    const Calendar& calendar_;
    bool report_closed_;
    Form form_;
    std::vector<Pending> pending_, sorted_;
    std::vector<std::size_t> count_;
    std::vector<Deferred> deferred_;  // one an account with a collection in the file, by payee
    std::string cells_;
    std::vector<std::string> checked_;  // check_details()' reported, merged
    std::vector<BacsPayee> payees_;     // [0, payees_used_) this batch's; the rest kept for their buffers
    std::size_t payees_used_ = 0;
    static constexpr std::size_t payer_width = 6 + 8 + 2 * bacs_field_width;
    std::string payer_fields_;  // each payee's fields as a record holds them
};

// ---------------------------------------------------------------------------------------
// Collections already submitted (§14 `--submitted`)

/// The collections of bank files sent before: earlier Standard 18 files (this program's
/// `--bacs`, or any other with transaction codes 01, 17, 18 or 19) and collection files
/// (`--collections`, CSV or JSON). A collection of this run is already submitted when one of
/// them holds its account and day: a collection file the same `account_id` and
/// `collection_date`, a Standard 18 record the same reference (Bacs form) and processing day.
/// The most bytes a bank file of `--submitted` may hold: it is read whole, and a Standard 18
/// debit takes 106 bytes (a collection file's row about as many), so 256 MiB holds over two
/// million collections, far more than any Service User submits at once.
inline constexpr std::size_t max_submitted_bytes = std::size_t{256} << 20;

class SubmittedCollections {
public:
    /// An earlier debit of a collection.
    struct Earlier {
        Money amount;
        Date collection_date;  ///< a Standard 18 record's: the working day after its processing day
        std::string where;     ///< "bacs-jan.txt line 5"
    };

    /// Reads the file at `path` (named `path` in messages) and returns its data records.
    /// Its kind is found from its first bytes: `VOL1` a Standard 18 file, `[` a JSON
    /// collection file, anything else a CSV one. `collection` is the collection calendar
    /// (a Standard 18 record's collection date is its next working day). Throws InputError
    /// naming the file (and line) when it is unreadable or none of these, or holds more than
    /// max_submitted_bytes.
    std::size_t add_file(const std::string& path, const Calendar& collection);
    /// As add_file() for the file's text.
    std::size_t add_text(std::string_view text, std::string_view source, const Calendar& collection);
    /// Sorts what was read for find(); after the last add.
    void finish();

    /// The earlier debit of account `account_id` (its reference `reference` in Bacs form,
    /// empty when it has none) collected on `collection_date`, processed on `processing`:
    /// of several, the first of the same `amount`, else the first. Thread-safe after finish().
    [[nodiscard]] std::optional<Earlier> find(std::string_view account_id, std::string_view reference,
                                              Date collection_date, Date processing, Money amount) const;
    [[nodiscard]] bool empty() const noexcept { return by_account_.empty() && by_reference_.empty(); }
    /// True when a Standard 18 file was read: its records are found by reference.
    [[nodiscard]] bool has_bacs_records() const noexcept { return !by_reference_.empty(); }

private:
    struct Entry {
        std::string key;         // account_id, or the reference
        std::int32_t day;        // collection date (by account) or processing day (by reference)
        std::int32_t collected;  // the collection date
        std::int64_t pence;
        std::uint32_t source;  // index into sources_
        std::uint64_t line;
    };
    std::size_t add_bacs(std::string_view text, std::string_view source, const Calendar& collection);
    std::size_t add_csv(std::string_view text, std::string_view source);
    std::size_t add_json(std::string_view text, std::string_view source);
    void add_collection(std::string_view source_name, std::uint64_t line, std::string_view account_id,
                        std::string_view date, std::string_view amount, std::string_view label);

    std::vector<std::string> sources_;
    std::vector<Entry> by_account_, by_reference_;
};

/// The report of account `id`'s collection of `amount` on `collection_date` that `earlier`
/// already holds: the same amount ("is already in FILE line N: left out of this run's bank
/// files") or another ("conflicts with ...: recall the earlier debit of £X on DATE first").
std::string submitted_message(std::string_view id, Money amount, Date collection_date,
                              const SubmittedCollections::Earlier& earlier);

}  // namespace arrears::io
