// The GOV.UK bank-holidays.json loader (nlohmann::json).
#include <arrears/io/file.hpp>
#include <arrears/io/holiday_file.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace arrears::io {

namespace {

// Line and column (1-based) of byte offset `byte` in `text`.
std::string position(std::string_view text, std::size_t byte) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else
            ++col;
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

std::vector<Holiday> read_division(const nlohmann::json& div, const std::string& where) {
    if (!div.is_object()) throw InputError(where + ": expected an object with \"events\"");
    auto ev = div.find("events");
    if (ev == div.end() || !ev->is_array()) throw InputError(where + ": expected an \"events\" array");
    std::vector<Holiday> out;
    out.reserve(ev->size());
    std::size_t i = 0;
    for (const auto& e : *ev) {
        std::string at = where + ".events[" + std::to_string(i++) + "]";
        if (!e.is_object()) throw InputError(at + ": expected an object");
        auto d = e.find("date");
        if (d == e.end() || !d->is_string()) throw InputError(at + ".date: expected a date string");
        auto t = e.find("title");
        if (t == e.end() || !t->is_string()) throw InputError(at + ".title: expected a string");
        const std::string& ds = d->get_ref<const std::string&>();
        Date date;
        const char* why = "";
        if (!try_parse_date(ds, date, why)) throw InputError(at + ".date: invalid date " + quote_text(ds) + ": " + why);
        int y = year_of(date);
        if (y < first_calendar_year || y > last_calendar_year)
            throw InputError(at + ".date: " + ds + " is outside the years 1995-2099");
        out.push_back({date, t->get<std::string>()});
    }
    return out;
}

}  // namespace

OfficialHolidays parse_govuk_holidays(std::string_view json, std::string_view source) {
    const std::string src(source);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(json.begin(), json.end());
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(src + ": not valid JSON at " + position(json, e.byte == 0 ? 0 : e.byte - 1));
    } catch (const nlohmann::json::exception& e) {
        // e.g. a number too large to hold (out_of_range 406): still the file's fault
        throw InputError(src + ": not a usable JSON file (" + e.what() + ")");
    }
    if (!doc.is_object())
        throw InputError(src + ": expected an object with england-and-wales, scotland, northern-ireland");
    OfficialHolidays out;
    bool any = false;
    for (Region r : {Region::england_and_wales, Region::scotland, Region::northern_ireland}) {
        std::string key(to_string(r));
        auto it = doc.find(key);
        if (it == doc.end()) continue;
        any = true;
        std::vector<Holiday> hs = read_division(*it, src + ": " + key);
        switch (r) {
        case Region::england_and_wales:
            out.england_and_wales = std::move(hs);
            break;
        case Region::scotland:
            out.scotland = std::move(hs);
            break;
        case Region::northern_ireland:
            out.northern_ireland = std::move(hs);
            break;
        }
    }
    if (!any) throw InputError(src + ": no division (england-and-wales, scotland or northern-ireland) found");
    return out;
}

OfficialHolidays load_govuk_holidays(const std::string& path) {
    return parse_govuk_holidays(read_whole_file(path, path, max_holiday_file_bytes, "a GOV.UK holiday file"), path);
}

}  // namespace arrears::io

namespace arrears::io {

std::vector<std::string> stale_list_warnings(const OfficialHolidays& official, std::span<const Region> divisions,
                                             std::string_view source) {
    std::vector<std::string> out;
    std::vector<Region> done;
    for (Region region : divisions) {
        if (std::find(done.begin(), done.end(), region) != done.end()) continue;
        done.push_back(region);
        const std::vector<Holiday>& list = official.division(region);
        std::set<int> years;
        for (const Holiday& h : list) years.insert(static_cast<int>(date::year_month_day(h.date).year()));
        for (int y : years) {
            if (y < first_calendar_year || y > last_calendar_year) continue;
            std::map<Date, std::string> listed;  // the list's weekday holidays of the year
            for (const Holiday& h : list)
                if (static_cast<int>(date::year_month_day(h.date).year()) == y && !detail::is_weekend(h.date))
                    listed.emplace(h.date, h.name);
            std::map<Date, std::pair<std::string, bool>> differ;  // date -> (name, the rules have it)
            for (const Holiday& h : rule_holidays(region, y)) {
                if (detail::is_weekend(h.date) || listed.erase(h.date)) continue;
                differ.emplace(h.date, std::pair(h.name, true));
            }
            for (auto& [d, name] : listed) differ.emplace(d, std::pair(std::move(name), false));
            for (const auto& [d, why] : differ)
                out.push_back(std::string(source) + ", " + std::string(to_string(region)) + ": the list " +
                              (why.second ? "lacks " : "has ") + to_string(d) + " \"" + why.first +
                              (why.second ? "\", a holiday the rules have (proclaimed after the list was saved?)"
                                          : "\", a holiday the rules lack") +
                              "; the run uses the list");
        }
    }
    return out;
}

}  // namespace arrears::io
