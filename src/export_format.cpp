// UK dates and column maps of councils' exports (see io/export_format.hpp).
#include <arrears/io/cells.hpp>
#include <arrears/io/export_format.hpp>

#include <arrears/error.hpp>

#include <algorithm>

namespace arrears::io {

DateFormat parse_date_format(std::string_view text) {
    if (text == "YYYY-MM-DD") return DateFormat::iso;
    if (text == "DD/MM/YYYY") return DateFormat::day_month_year;
    throw InputError("unknown date format '" + std::string(text) + "' (expected YYYY-MM-DD or DD/MM/YYYY)");
}

namespace {

/// YYYY-MM-DD of ten digits and dashes naming a real day, read in one pass; false for
/// anything else (which try_parse_date then reads, for its message).
bool plain_iso_date(std::string_view s, Date& out) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    unsigned v[8];
    constexpr int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int k = 0; k < 8; ++k) {
        v[k] = static_cast<unsigned>(static_cast<unsigned char>(s[static_cast<std::size_t>(at[k])]) - '0');
        if (v[k] > 9) return false;
    }
    const int y = static_cast<int>(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]);
    const unsigned m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
    if (m < 1 || m > 12 || d < 1) return false;
    const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    constexpr unsigned char month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > month_days[m - 1] + (m == 2 && leap ? 1u : 0u)) return false;
    // Days from 1970-01-01 (H. Hinnant's days_from_civil, years 0-9999 here).
    const int yy = m <= 2 ? y - 1 : y;
    const int era = (yy >= 0 ? yy : yy - 399) / 400;
    const auto yoe = static_cast<unsigned>(yy - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    out = Date(date::days(era * 146097 + static_cast<int>(doe) - 719468));
    return true;
}

// 1-`most` digits at s[i...] into v; false when there are none or more.
bool digits(std::string_view s, std::size_t& i, std::size_t most, int& v) {
    const std::size_t start = i;
    v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < most) v = v * 10 + (s[i++] - '0');
    return i > start && (i == s.size() || s[i] < '0' || s[i] > '9');
}

}  // namespace

bool try_parse_date_cell(std::string_view s, DateFormat format, Date& out, std::string& why) {
    // The common case first: YYYY-MM-DD, which has no '/' to look for. (Whatever it rejects
    // is read again below, for the message.)
    if (plain_iso_date(s, out)) return true;
    const bool slashed = s.find('/') != std::string_view::npos;
    if (!slashed || format == DateFormat::iso) {
        const char* reason = "";
        if (try_parse_date(s, out, reason)) return true;
        why = reason;
        if (slashed) why += " (--date-format DD/MM/YYYY reads day/month/year)";
        return false;
    }
    int d = 0, m = 0, y = 0;
    std::size_t i = 0;
    const bool day_month =
        digits(s, i, 2, d) && i < s.size() && s[i++] == '/' && digits(s, i, 2, m) && i < s.size() && s[i++] == '/';
    const std::size_t year_at = i;
    if (!day_month || !digits(s, i, 4, y) || i != s.size() || i - year_at != 4) {
        why = "expected DD/MM/YYYY (or YYYY-MM-DD)";
        return false;
    }
    const date::year_month_day ymd{date::year(y), date::month(static_cast<unsigned>(m)),
                                   date::day(static_cast<unsigned>(d))};
    if (!ymd.ok()) {
        why = "no such date";
        return false;
    }
    out = Date(ymd);
    return true;
}

void ColumnMap::add(std::string_view spec) {
    const std::size_t eq = spec.find('=');
    const std::string_view ours = eq == std::string_view::npos ? std::string_view() : trim_cell(spec.substr(0, eq));
    const std::string_view theirs = eq == std::string_view::npos ? std::string_view() : trim_cell(spec.substr(eq + 1));
    if (ours.empty() || theirs.empty())
        throw InputError("expected OURS=THEIRS (our column name, '=', the file's column name)");
    add(std::string(ours), std::string(theirs));
}

void ColumnMap::add(std::string ours, std::string theirs) {
    // One column of a file can be read as one of ours only.
    for (const Pair& pair : pairs_)
        if (pair.theirs == theirs && pair.ours != ours)
            throw InputError("--map " + pair.ours + "=" + theirs + " and --map " + ours + "=" + theirs +
                             ": one column '" + theirs + "' cannot be read as both '" + pair.ours + "' and '" + ours +
                             "'");
    pairs_.push_back({std::move(ours), std::move(theirs)});
}

void ColumnMap::apply(std::vector<std::string>& header, std::string_view source) {
    std::vector<bool> here(pairs_.size());
    for (std::size_t p = 0; p < pairs_.size(); ++p) {
        Pair& pair = pairs_[p];
        here[p] = std::find(header.begin(), header.end(), pair.theirs) != header.end();
        if (!here[p]) continue;
        pair.found = true;
        // Another THEIRS of the same OURS in this file: which one is meant cannot be told.
        for (std::size_t q = 0; q < p; ++q)
            if (here[q] && pairs_[q].ours == pair.ours)
                throw InputError(std::string(source) + ": columns '" + pairs_[q].theirs + "' and '" + pair.theirs +
                                 "' are both mapped to '" + pair.ours + "' (--map): keep one of them");
    }
    // Each column at once, whatever the order of the pairs: a mapped THEIRS (its first
    // column) becomes its OURS, else the file's own OURS of a mapped pair is ignored ("").
    std::vector<std::string> renamed = header;
    for (std::size_t c = 0; c < header.size(); ++c) {
        bool mapped = false, ignored = false;
        for (std::size_t p = 0; p < pairs_.size(); ++p) {
            if (!here[p]) continue;
            if (header[c] == pairs_[p].theirs && std::find(header.begin(), header.end(), pairs_[p].theirs) ==
                                                     header.begin() + static_cast<std::ptrdiff_t>(c)) {
                renamed[c] = pairs_[p].ours;
                mapped = true;
            }
            ignored = ignored || header[c] == pairs_[p].ours;
        }
        if (ignored && !mapped) renamed[c].clear();
    }
    header = std::move(renamed);
}

namespace {

// The edit distance of a and b (insertions, deletions, substitutions and swaps of two
// neighbours, each 1), letter case ignored: how far a misspelling is from a name.
std::size_t distance(std::string_view a, std::string_view b) {
    auto low = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = low(a[i - 1]) == low(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && low(a[i - 1]) == low(b[j - 2]) && low(a[i - 2]) == low(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

}  // namespace

void ColumnMap::check_ours(std::span<const std::string_view> known, std::span<const std::string> also) const {
    for (const Pair& pair : pairs_) {
        if (std::find(known.begin(), known.end(), pair.ours) != known.end() ||
            std::find(also.begin(), also.end(), pair.ours) != also.end())
            continue;
        std::string list, nearest;
        std::size_t best = 3;  // a name two edits away, at most, is suggested
        for (std::string_view k : known) {
            list += (list.empty() ? "" : ", ") + std::string(k);
            if (pair.ours.size() > 64) continue;
            if (const std::size_t d = distance(pair.ours, k); d < best && d < std::max<std::size_t>(2, k.size() / 2)) {
                best = d;
                nearest = std::string(k);
            }
        }
        throw InputError("--map " + pair.ours + "=" + pair.theirs + ": arrears reads no column '" + pair.ours + "'" +
                         (nearest.empty() ? "" : " (did you mean '" + nearest + "'?)") + "; OURS is one of: " + list);
    }
}

void ColumnMap::check_all_found() const {
    for (const Pair& pair : pairs_)
        if (!pair.found)
            throw InputError("--map " + pair.ours + "=" + pair.theirs + ": no input file has a column '" + pair.theirs +
                             "'");
}

}  // namespace arrears::io
