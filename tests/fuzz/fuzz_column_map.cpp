// Fuzzes the --map column mapping (io/export_format.hpp ColumnMap). Input: `--map` specs, one
// a line, then an empty line, then a header's cells separated by '\t'. Properties: a spec
// gives a pair or an InputError; applying keeps the header's length; each cell becomes ""
// (an own OURS ignored), stays as it was, or becomes the OURS of a pair whose THEIRS it is;
// and the order of the --map options does not change the result.
#include <arrears/error.hpp>
#include <arrears/io/export_format.hpp>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (;;) {
        const std::size_t at = s.find(sep);
        out.push_back(s.substr(0, at));
        if (at == std::string_view::npos) return out;
        s.remove_prefix(at + 1);
    }
}

// The header after the specs (in this order), or nothing when some step throws.
std::optional<std::vector<std::string>> mapped(const std::vector<std::string_view>& specs,
                                               const std::vector<std::string>& header) {
    arrears::io::ColumnMap map;
    std::vector<std::string> h = header;
    try {
        for (std::string_view s : specs) map.add(s);
        map.apply(h, "fuzz.csv");
    } catch (const arrears::InputError&) {
        return std::nullopt;
    }
    return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t blank = text.find("\n\n");
    if (blank == std::string_view::npos) return 0;
    std::vector<std::string_view> specs = split(text.substr(0, blank), '\n');
    if (specs.size() > 8) return 0;
    std::vector<std::string> header;
    for (std::string_view cell : split(text.substr(blank + 2), '\t')) header.emplace_back(cell);

    const auto result = mapped(specs, header);
    std::vector<std::string_view> reversed(specs.rbegin(), specs.rend());
    const auto result_reversed = mapped(reversed, header);
    check(result.has_value() == result_reversed.has_value());
    if (!result) return 0;
    check(*result == *result_reversed);
    check(result->size() == header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string& now = (*result)[c];
        if (now.empty() || now == header[c]) continue;
        bool from_pair = false;
        for (std::string_view s : specs) {
            arrears::io::ColumnMap one;
            one.add(s);  // (each spec was added without error above)
            std::vector<std::string> h{header[c]};
            one.apply(h, "fuzz.csv");
            from_pair = from_pair || h[0] == now;
        }
        check(from_pair);
    }
    return 0;
}
