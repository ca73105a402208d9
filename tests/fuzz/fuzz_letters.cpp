// Fuzzes letter templates and their filling (io/letters.hpp). Input: a template, then '\0',
// then a notice row's cells separated by '\0' (the notice columns with a kept column `payer
// name` after account_id); an empty template means the bundled letter. Any template gives an
// InputError or a checked template, and any row an InputError or HTML. Property: inserted values are escaped, so the
// row with every '<' in its cells turned into 'x' fills to a document with exactly as many '<' as the row itself gives.
#include <arrears/error.hpp>
#include <arrears/io/letters.hpp>
#include <arrears/io/notices.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace arrears;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

std::optional<std::string> fill(const io::Letters& letters, const std::vector<std::string>& row) {
    try {
        return io::letters_html(letters, std::span(&row, 1));
    } catch (const InputError&) {
        return std::nullopt;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = text.find('\0');
    const std::string_view template_text = text.substr(0, nul);
    std::vector<std::string> row;
    if (nul != std::string_view::npos)
        for (std::string_view rest = text.substr(nul + 1);;) {
            const std::size_t at = rest.find('\0');
            row.emplace_back(rest.substr(0, at));
            if (at == std::string_view::npos) break;
            rest.remove_prefix(at + 1);
        }
    std::vector<std::string_view> columns(io::notice_columns.begin(), io::notice_columns.end());
    columns.insert(columns.begin() + 1, "payer name");
    row.resize(columns.size());

    std::optional<io::Letters> letters;
    try {
        if (template_text.empty())
            letters.emplace(columns);
        else
            letters.emplace(io::decode_html(template_text, "fuzz.html"), "fuzz.html", columns);
    } catch (const InputError&) {
        return 0;
    }
    const std::optional<std::string> html = fill(*letters, row);
    if (!html) return 0;
    std::vector<std::string> safe = row;
    for (std::string& cell : safe) std::replace(cell.begin(), cell.end(), '<', 'x');
    const std::optional<std::string> safe_html = fill(*letters, safe);
    check(safe_html.has_value());
    check(std::count(html->begin(), html->end(), '<') == std::count(safe_html->begin(), safe_html->end(), '<'));
    return 0;
}
