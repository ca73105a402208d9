// What the readers of Bacs reports (ARUDD in arudd.cpp, ADDACS and AUDDIS in mandates.cpp)
// share: the report's bytes decoded by the encoding it declares, parsed by pugixml without a
// DTD and without ever expanding or fetching an entity, what kind of report it is, and the
// lines of its elements. Private to the arrears_bacs_reports library (it shows pugixml).
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace arrears::io::detail {

/// The kinds of report `BACSDocument/Data` holds (recovery-rules §14; domain.md "Reports from
/// Bacs").
enum class BacsReportKind {
    arudd,            ///< Data/ARUDD: returned debits
    addacs,           ///< MessagingAdvices, advice-type ADDACS: changes to instructions
    auddis_accepted,  ///< advice-type AUDACC: new instructions lodged
    auddis_rejected,  ///< advice-type AUDREJ: new instructions (or a whole file) refused
    other,            ///< anything else (another advice-type, or no Bacs report at all)
};

/// A Bacs report read from its bytes: `load` throws InputError naming `source` when the
/// bytes are not readable XML in the encoding the report declares (UTF-8 when it declares
/// none; ISO-8859-1 and windows-1252 too, as real reports are sent), or when it declares
/// entities in a DTD (a Bacs report never does; they are not expanded, so such a report
/// cannot be read as its writer meant: an XML external entity is never fetched).
class BacsXml {
public:
    void load(std::string_view bytes, std::string_view source);

    pugi::xml_node data() const { return doc_.child("BACSDocument").child("Data"); }
    /// What Data holds: ARUDD, or MessagingAdvices whose MessagingHeader names one kind of
    /// advice (`other` when blocks disagree or one names another kind; see advice_type()).
    BacsReportKind kind() const noexcept { return kind_; }
    /// The advice-type a MessagingHeader gives (for messages about an `other` report).
    const std::string& advice_type() const noexcept { return advice_type_; }

    /// The line of `node` in the file (1 for the first). Counted on from the previous call,
    /// so that reading every element takes one pass over the text: call it in document order.
    std::uint64_t line_of(pugi::xml_node node);

private:
    std::string text_;  // the report in UTF-8, as pugixml parsed it (offsets are into it)
    pugi::xml_document doc_;
    BacsReportKind kind_ = BacsReportKind::other;
    std::string advice_type_;
    std::size_t counted_to_ = 0;
    std::uint64_t line_ = 1;
};

/// "an ARUDD report (returned debits)", "an ADDACS report (changes to Direct Debit
/// Instructions)", ...: what a report of that kind is, for the message that a command was
/// given the wrong one.
std::string describe(BacsReportKind kind);

/// The whole file at `path`; InputError naming it when it cannot be read or holds more than
/// `max_bytes` (`what` names the report in that message: "a Bacs ARUDD report").
std::string read_report_file(const std::string& path, std::size_t max_bytes, std::string_view what);

}  // namespace arrears::io::detail
