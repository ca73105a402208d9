// The accounts by their Direct Debit references (see io/payer_references.hpp).
#include <arrears/io/payer_references.hpp>

#include <arrears/io/cells.hpp>

#include <algorithm>
#include <unordered_map>

namespace arrears::io {

namespace {

// §14: references compare after §12's trimming, ignoring (ASCII) letter case.
std::string fold(std::string_view s) {
    std::string out(trim_cell(s));
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool by_key(const std::pair<std::string, std::size_t>& a, const std::pair<std::string, std::size_t>& b) {
    return a.first < b.first;
}

}  // namespace

PayerReferences::PayerReferences(const TextTable& t, std::string_view source, const AccountColumns& columns,
                                 int reference)
    : table_(t), source_(source), rows_(t.rows()) {
    std::unordered_map<std::string_view, std::uint64_t> first_line;  // account_id -> its first line
    for (std::size_t r = 0; r < t.rows(); ++r) {
        rows_[r].rejection = parse_account_row(t, r, source, columns, rows_[r].account);
        const std::string_view id = account_id_cell(t, r, columns);
        if (!id.empty()) {
            const auto [at, fresh] = first_line.emplace(id, t.line[r]);
            if (!fresh && rows_[r].rejection.empty())
                rows_[r].rejection = duplicate_message(t, r, source, columns, id, at->second);
        }
        if (t.has_cells(r)) by_ref_.emplace_back(fold(t.at(r, static_cast<std::size_t>(reference))), r);
    }
    std::stable_sort(by_ref_.begin(), by_ref_.end(), by_key);
}

const Account* PayerReferences::find(std::string_view ref, std::string& why) const {
    const std::string key = fold(ref);
    const auto [lo, hi] = std::equal_range(by_ref_.begin(), by_ref_.end(), std::pair(key, std::size_t{0}), by_key);
    if (key.empty() || lo == hi) {
        why = key.empty() ? "no reference" : "no account has this reference";
        return nullptr;
    }
    if (hi - lo > 1) {
        std::string lines;
        for (auto k = lo; k != hi; ++k) lines += (lines.empty() ? "" : ", ") + std::to_string(table_.line[k->second]);
        why = "several accounts have this reference (" + source_ + " " + table_.row_label + "s " + lines + ")";
        return nullptr;
    }
    const Row& row = rows_[lo->second];
    if (!row.rejection.empty()) {
        why = "its account (" + source_ + " " + table_.row_label + " " + std::to_string(table_.line[lo->second]) +
              ") was rejected: " + row.rejection;
        return nullptr;
    }
    return &row.account;
}

}  // namespace arrears::io
