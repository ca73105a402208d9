// The GOV.UK Notify bulk letter upload and its template (see notify.hpp).
#include <arrears/io/notify.hpp>

#include <arrears/io/letters.hpp>
#include <arrears/io/output.hpp>
#include <arrears/money.hpp>

#include <algorithm>
#include <cctype>

namespace arrears::io {

namespace {

bool alpha(char c) noexcept { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The personalisation columns of §13, in order, and the notice column each is made from
// (empty: made otherwise). `twin`: it has a `_cy` twin when Welsh is asked for.
struct Personal {
    std::string_view name, from;
    bool twin;
};
constexpr Personal personal[] = {{"account_id", "account_id", false},
                                 {"reference", "", false},
                                 {"notice_kind", "notice_kind", false},
                                 {"notice_date", "notice_date", true},
                                 {"send_by", "send_by", true},
                                 {"frequency", "frequency", true},
                                 {"regular_amount", "regular_amount", true},
                                 {"missed_text", "missed_text", true},
                                 {"missed_amount", "missed_amount", true},
                                 {"paid_amount", "paid_amount", true},
                                 {"catch_up_total", "catch_up_total", true},
                                 {"schedule", "schedule_text", true},
                                 {"first_changed", "first_changed", true},
                                 {"last_changed", "last_changed", true},
                                 {"resume_text", "", true}};

// What Notify shows for an empty cell: it refuses an upload with an empty placeholder.
constexpr std::string_view empty_cell = "-";

// A column name as Notify matches it: letter case, spaces, `_` and `-` ignored (so
// `Address Line 7` is its `address_line_7`; Notify refuses an upload naming one twice).
std::string notify_key(std::string_view name) {
    std::string key;
    for (char c : name)
        if (c != ' ' && c != '_' && c != '-') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

}  // namespace

bool is_uk_postcode(std::string_view t) noexcept {
    std::string s;
    for (char c : t)
        if (c != ' ') s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (s == "GIR0AA") return true;
    // The inward code: a digit and two letters; the outward code before it: A9, A99, A9A,
    // AA9, AA99, AA9A.
    if (s.size() < 5 || s.size() > 7) return false;
    const std::string_view in = std::string_view(s).substr(s.size() - 3),
                           out = std::string_view(s).substr(0, s.size() - 3);
    if (!digit(in[0]) || !alpha(in[1]) || !alpha(in[2])) return false;
    if (!alpha(out[0])) return false;
    const std::string_view rest = out.substr(1);
    if (rest.size() == 1) return digit(rest[0]);  // A9
    if (rest.size() == 2)
        return (digit(rest[0]) && (digit(rest[1]) || alpha(rest[1]))) ||            // A99, A9A
               (alpha(rest[0]) && digit(rest[1]));                                  // AA9
    return alpha(rest[0]) && digit(rest[1]) && (digit(rest[2]) || alpha(rest[2]));  // AA99, AA9A
}

std::vector<std::string> notify_address(std::span<const std::string_view> lines) {
    std::vector<std::string> out(lines.begin(), lines.end());
    if (out.size() <= 7) return out;
    // §13: the middle ones joined with ", " into the sixth; the last (the postcode) stays last.
    std::string sixth = out[5];
    for (std::size_t k = 6; k + 1 < out.size(); ++k) sixth += ", " + out[k];
    std::vector<std::string> seven(out.begin(), out.begin() + 5);
    seven.push_back(std::move(sixth));
    seven.push_back(out.back());
    return seven;
}

std::string notify_refusal(std::span<const std::string> lines) {
    if (lines.size() < 3)
        return "the address has " + std::to_string(lines.size()) + (lines.size() == 1 ? " line" : " lines") +
               " (name, address lines and postcode); Notify needs at least 3";
    if (!is_uk_postcode(lines.back()))
        return "the address's last line '" + lines.back() + "' is not a UK postcode, which Notify needs last";
    static constexpr std::string_view refused = "@()=[]\"\\/,<>~";
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const std::string& l = lines[k];
        if (!l.empty() && refused.find(l.front()) != std::string_view::npos)
            return "Notify's address_line_" + std::to_string(k + 1) + " '" + l + "' starts with '" + l.front() +
                   "', which Notify refuses";
        std::string lower;
        for (char c : l) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower.find("no fixed abode") != std::string::npos)
            return "Notify's address_line_" + std::to_string(k + 1) + " '" + l +
                   "' says no fixed abode, which Notify cannot post";
    }
    return {};
}

NotifyRows::NotifyRows(std::span<const std::string_view> columns, bool welsh, bool replan)
    : columns_(columns.begin(), columns.end()), welsh_(welsh), replan_(replan) {
    for (int k = 1; k <= 7; ++k) names_.push_back("address_line_" + std::to_string(k));
    for (const Personal& p : personal) {
        names_.emplace_back(p.name);
        if (welsh && p.twin) names_.push_back(std::string(p.name) + "_cy");
    }
    if (replan)
        for (std::string_view n : {"heading", "why_text"}) {
            names_.emplace_back(n);
            if (welsh) names_.push_back(std::string(n) + "_cy");
        }
    // §13 Welsh asked for: each payer's language (a notices column then) follows.
    if (const auto at = std::find(columns_.begin(), columns_.end(), "language"); welsh && at != columns_.end()) {
        language_ = static_cast<int>(at - columns_.begin());
        names_.emplace_back("language");
    }
    address_.assign(std::size(notify_address_columns), -1);
    // Notify's own columns (and `postcode`, which it takes as an address column): a kept
    // column that Notify would read as one of them is written as `kept_NAME`.
    std::vector<std::string> taken{notify_key("postcode")};
    for (const std::string& n : names_) taken.push_back(notify_key(n));
    // The kept columns come after account_id and before the first notice column; those
    // other than the address's and `reference` follow the personalisation (§13).
    for (std::size_t i = 1; i < columns_.size() && columns_[i] != "notice_date"; ++i) {
        const std::string& c = columns_[i];
        const auto* a = std::find(std::begin(notify_address_columns), std::end(notify_address_columns), c);
        if (a != std::end(notify_address_columns)) {
            address_[static_cast<std::size_t>(a - std::begin(notify_address_columns))] = static_cast<int>(i);
            continue;
        }
        if (c == "reference") {
            reference_ = static_cast<int>(i);
            continue;
        }
        std::string name = c;
        while (std::find(taken.begin(), taken.end(), notify_key(name)) != taken.end()) name = "kept_" + name;
        taken.push_back(notify_key(name));
        other_kept_.push_back(static_cast<int>(i));
        names_.push_back(std::move(name));
    }
    for (std::size_t k = 0; k < names_.size(); ++k) {
        if (k > 0) header_ += ',';
        append_csv_field(header_, names_[k]);
    }
    header_ += '\n';
}

std::string NotifyRows::cells(std::vector<std::string>& out, std::span<const std::string_view> cells) const {
    out.clear();
    auto cell = [&](int column) {
        return column >= 0 && static_cast<std::size_t>(column) < cells.size() ? cells[static_cast<std::size_t>(column)]
                                                                              : std::string_view();
    };
    auto named = [&](std::string_view name) {
        const auto at = std::find(columns_.begin(), columns_.end(), name);
        return at == columns_.end() ? std::string_view() : cell(static_cast<int>(at - columns_.begin()));
    };
    std::vector<std::string_view> present;
    for (int a : address_)
        if (!cell(a).empty()) present.push_back(cell(a));
    std::vector<std::string> lines = notify_address(present);
    if (std::string why = notify_refusal(lines); !why.empty()) return why;
    lines.resize(7);
    out = std::move(lines);
    auto put = [&](std::string value) { out.push_back(value.empty() ? std::string(empty_cell) : std::move(value)); };
    for (const Personal& p : personal) {
        for (int cy = 0; cy <= (welsh_ && p.twin ? 1 : 0); ++cy) {
            if (p.name == "reference")
                put(std::string(cell(reference_)));
            else if (p.name == "resume_text")
                put(resume_sentence(
                    named("resumes_on"), named("resume_amount"), named("last_changed"), cy == 1,
                    named("notice_kind") == "catch_up_stops" ? LetterKind::catch_up_stops : LetterKind::recovery));
            else
                put(cell_words(p.from, named(p.from), cy == 1));
        }
    }
    if (replan_) {
        ReplanWords words[2];
        for (int cy = 0; cy <= (welsh_ ? 1 : 0); ++cy)
            words[cy] = replan_words(named("notice_kind"), named("missed_count"), named("missed_text"),
                                     named("paid_amount"), named("previous_catch_up"), named("catch_up_total"),
                                     named("credit"), named("first_changed"), cy == 1);
        for (int cy = 0; cy <= (welsh_ ? 1 : 0); ++cy) put(words[cy].heading);
        for (int cy = 0; cy <= (welsh_ ? 1 : 0); ++cy) put(words[cy].why);
    }
    if (language_ >= 0) put(std::string(cell(language_)));
    for (int k : other_kept_) put(std::string(cell(k)));
    return {};
}

ReplanWords replan_words(std::string_view kind, std::string_view missed_count, std::string_view missed_text,
                         std::string_view paid_amount, std::string_view previous_catch_up,
                         std::string_view catch_up_total, std::string_view credit, std::string_view first_changed,
                         bool cy) {
    const bool stops = kind == "catch_up_stops";
    ReplanWords w;
    std::string& t = w.why;
    auto sentence = [&](const std::string& s) {
        if (!t.empty()) t.push_back(' ');
        t.append(s);
    };
    const bool any_previous = !previous_catch_up.empty() && Money::parse(previous_catch_up) > Money();
    const std::string previous = cell_words("previous_catch_up", previous_catch_up),
                      from = cell_words("first_changed", first_changed, cy);
    if (stops) {
        w.heading = cy ? "Mae eich taliadau ychwanegol Debyd Uniongyrchol yn dod i ben"
                       : "Your Direct Debit catch-up payments are stopping";
        sentence(cy ? "Fe wnaethom ysgrifennu atoch o'r blaen i ddweud y byddem yn ychwanegu taliadau ychwanegol at "
                      "eich casgliadau Debyd Uniongyrchol."
                    : "We wrote to you before to say that we would add catch-up payments to your Direct Debit "
                      "collections.");
        if (any_previous)  // (never "£0.00 was still to be collected")
            sentence(cy ? "O'r taliadau ychwanegol hynny, roedd " + previous + " yn dal i'w gasglu."
                        : "Of that catch-up, " + previous + " was still to be collected.");
    } else {
        w.heading = cy ? "Eich casgliadau Debyd Uniongyrchol diwygiedig" : "Your revised Direct Debit collections";
        sentence(cy ? "Fe wnaethom ysgrifennu atoch o'r blaen i ddweud beth y byddem yn ei gasglu drwy Ddebyd "
                      "Uniongyrchol. Ers hynny, mae pethau wedi newid, felly rydym wedi cyfrifo eich casgliadau eto. "
                      "Mae'r llythyr hwn yn disodli'r symiau yn ein llythyr diwethaf o " +
                          from + " ymlaen."
                    : "We wrote to you before to tell you what we would collect by Direct Debit. Since then, things "
                      "have changed, so we have worked out your collections again. This letter replaces the amounts "
                      "in our last letter from " +
                          from + " onwards.");
    }
    if (!missed_count.empty() && missed_count != "0") {
        // The missed collections' lines joined with "; " (one paragraph).
        const std::string lines = cell_words("missed_text", missed_text, cy);
        std::string list;
        for (char c : lines) {
            if (c == '\n')
                list.append("; ");
            else
                list.push_back(c);
        }
        const bool one = missed_count == "1";
        sentence(
            cy ? (one ? "Ers ein llythyr diwethaf, mae'r casgliad hwn wedi'i ddychwelyd heb ei dalu gan eich banc: "
                      : "Ers ein llythyr diwethaf, mae'r casgliadau hyn wedi'u dychwelyd heb eu talu gan eich "
                        "banc: ") +
                     list + "."
               : (one ? "Since our last letter, this collection came back unpaid from your bank: "
                      : "Since our last letter, these collections came back unpaid from your bank: ") +
                     list + ".");
    }
    if (!paid_amount.empty() && Money::parse(paid_amount) > Money()) {
        const std::string paid = cell_words("paid_amount", paid_amount);
        sentence(cy ? "Rydych wedi talu " + paid +
                          " ers hynny mewn ffordd arall (diolch), felly rydym wedi tynnu "
                          "hynny i ffwrdd."
                    : "You have since paid " + paid + " in another way (thank you), so we have taken that off.");
    }
    if (stops) {
        sentence(cy ? "Felly nid oes mwy o daliadau ychwanegol i'w talu, ac o " + from +
                          " byddwn yn rhoi'r gorau i'w casglu."
                    : "So there is no more catch-up to pay, and from " + from + " we will stop collecting it.");
        if (!credit.empty() && Money::parse(credit) > Money()) {
            const std::string c = cell_words("credit", credit);
            sentence(cy ? "Mae eich cyfrif bellach " + c + " mewn credyd: rydych wedi talu " + c +
                              " yn fwy nag sydd arnoch. [Dywedwch beth sy'n digwydd i'r credyd: byddwn yn ei ad-dalu "
                              "i chi, neu'n ei dynnu oddi ar eich bil nesaf.]"
                        : "Your account is now " + c + " in credit: you have paid " + c +
                              " more than you owe. [Say what happens to the credit: we will refund it to you, or "
                              "take it off your next bill.]");
        }
    } else {
        const std::string total = cell_words("catch_up_total", catch_up_total);
        if (any_previous)  // (never "£0.00 was still to be collected")
            sentence(cy ? "O'r taliadau ychwanegol yn ein llythyr diwethaf, roedd " + previous + " yn dal i'w gasglu."
                        : "Of the catch-up in our last letter, " + previous + " was still to be collected.");
        sentence(cy ? "Gyda'r newidiadau hyn, mae " + total +
                          " i'w dalu nawr. Yn hytrach na'i gymryd i gyd ar unwaith, byddwn yn ei ychwanegu at eich "
                          "casgliadau nesaf."
                    : "With these changes there is now " + total +
                          " to pay. Rather than take it all at once, we will add it to your next collections.");
    }
    return w;
}

std::string NotifyRows::append(std::string& out, std::span<const std::string_view> cells) const {
    std::vector<std::string> row;
    if (std::string why = this->cells(row, cells); !why.empty()) return why;
    for (std::size_t k = 0; k < row.size(); ++k) {
        if (k > 0) out += ',';
        append_csv_field(out, row[k]);
    }
    out += '\n';
    return {};
}

namespace {

// The letter of the bundled template (letters.cpp) in Notify's formatting: `#` a heading,
// `*` a bullet, `***` a page break; the address block is Notify's own (address_line_1 …).
constexpr std::string_view notify_en = R"(The amounts we collect by Direct Debit are changing

Date: ((notice_date))
Your account number: ((account_id))
Direct Debit reference: ((reference))

Dear account holder,

# Why this is happening

Because of a problem with our systems [say briefly what happened], we could not collect some of your Direct Debit payments. This was not your fault, and we are sorry.

We did not collect:

((missed_text))

That is ((missed_amount)) in all. Payments you have made to us in another way since then (thank you): ((paid_amount)). We have taken these off, which leaves ((catch_up_total)) to pay. Rather than take it all at once, we will add it to your next collections.

# What we will collect

Your regular ((frequency)) payment is ((regular_amount)). These are the collections that change, with what we will collect on each date (regular payment + catch-up = total):

((schedule))

Where a line shows only a catch-up, the instalments of your bill for the year have ended, so on that date we collect only the catch-up.

((resume_text))

# What you need to do

Nothing else: your Direct Debit stays in place and we will collect these amounts on the dates shown. Please make sure there is enough money in your account on each of those dates.

# If you cannot afford these amounts

Please call us on [telephone] as soon as you can, and before ((first_changed)) if possible. We can agree smaller payments over a longer time.

# Is this letter really from us?

We will never ask for your bank details by email, text message or phone call. If you are not sure this letter is from us, call us on the number shown on our website, [website], not on a number given in an email or text message.

# Contact us

[Team name], telephone [telephone] ([opening hours]), email [email]. Please quote your account number, ((account_id)). If you would like this letter in large print, Braille, audio or another language, please ask us.

Yours sincerely,

[Name]
[Job title]

# The Direct Debit Guarantee

[The Direct Debit Guarantee goes here, exactly as your bank supplies it. Do not send this letter without it.]
)";

// Its Welsh (a draft for the council's translator to check, as the bundled Welsh letter).
constexpr std::string_view notify_cy = R"(Mae'r symiau rydym yn eu casglu drwy Ddebyd Uniongyrchol yn newid

[Welsh text: a draft for the council's translator to check before it is sent. Delete this line.]

Dyddiad: ((notice_date_cy))
Rhif eich cyfrif: ((account_id))
Cyfeirnod Debyd Uniongyrchol: ((reference))

Annwyl ddeiliad y cyfrif,

# Pam mae hyn yn digwydd

Oherwydd problem gyda'n systemau [dywedwch yn fyr beth ddigwyddodd], ni fu modd i ni gasglu rhai o'ch taliadau Debyd Uniongyrchol. Nid eich bai chi oedd hyn, ac mae'n ddrwg gennym.

Ni wnaethom gasglu:

((missed_text_cy))

Cyfanswm hyn yw ((missed_amount_cy)). Taliadau rydych wedi'u gwneud i ni mewn ffordd arall ers hynny (diolch): ((paid_amount_cy)). Rydym wedi tynnu'r rhain i ffwrdd, sy'n gadael ((catch_up_total_cy)) i'w dalu. Yn hytrach na'i gymryd i gyd ar unwaith, byddwn yn ei ychwanegu at eich casgliadau nesaf.

# Beth fyddwn yn ei gasglu

Eich taliad ((frequency_cy)) arferol yw ((regular_amount_cy)). Dyma'r casgliadau sy'n newid, gyda'r hyn y byddwn yn ei gasglu ar bob dyddiad (taliad arferol + taliad ychwanegol = cyfanswm):

((schedule_cy))

Lle mae llinell yn dangos taliad ychwanegol yn unig, mae rhandaliadau eich bil ar gyfer y flwyddyn wedi dod i ben, felly ar y dyddiad hwnnw dim ond y taliad ychwanegol y byddwn yn ei gasglu.

((resume_text_cy))

# Beth sydd angen i chi ei wneud

Dim byd arall: mae eich Debyd Uniongyrchol yn aros yn ei le a byddwn yn casglu'r symiau hyn ar y dyddiadau a ddangosir. Gwnewch yn siŵr bod digon o arian yn eich cyfrif ar bob un o'r dyddiadau hynny.

# Os na allwch fforddio'r symiau hyn

Ffoniwch ni ar [rhif ffôn] cyn gynted ag y gallwch, a chyn ((first_changed_cy)) os yw'n bosibl. Gallwn gytuno ar daliadau llai dros gyfnod hirach.

# Ai ni sydd wedi anfon y llythyr hwn?

Ni fyddwn byth yn gofyn am fanylion eich banc drwy e-bost, neges destun na galwad ffôn. Os nad ydych yn siŵr mai ni anfonodd y llythyr hwn, ffoniwch ni ar y rhif sydd ar ein gwefan, [gwefan], nid ar rif a roddwyd mewn e-bost neu neges destun.

# Cysylltu â ni

[Enw'r tîm], ffôn [rhif ffôn] ([oriau agor]), e-bost [e-bost]. Nodwch rif eich cyfrif, ((account_id)). Os hoffech gael y llythyr hwn mewn print bras, Braille, sain neu iaith arall, gofynnwch i ni.

Yn gywir,

[Enw]
[Teitl swydd]

# Gwarant Debyd Uniongyrchol

[Mae Gwarant Debyd Uniongyrchol yn mynd yma, yn union fel y mae eich banc yn ei roi. Peidiwch ag anfon y llythyr hwn hebddo.]
)";

// `arrears replan`'s letter (§15), one template for its two kinds: ((heading)) and
// ((why_text)) carry the words that differ (NotifyRows with `replan`), as the bundled
// letters' `revised` and `catch_up_stops` say them.
constexpr std::string_view notify_replan_en = R"(((heading))

Date: ((notice_date))
Your account number: ((account_id))
Direct Debit reference: ((reference))

Dear account holder,

# Why your collections are changing

((why_text))

# What we will collect

Your regular ((frequency)) payment is ((regular_amount)). Collections before ((first_changed)) stay as our last letter said. These are the collections that change, with what we will now collect on each date:

((schedule))

((resume_text))

# What you need to do

Nothing else: your Direct Debit stays in place and we will collect these amounts on the dates shown. Please make sure there is enough money in your account on each of those dates.

# If you cannot afford these amounts, or have a question

Please call us on [telephone] as soon as you can, and before ((first_changed)) if possible. We can agree smaller payments over a longer time.

# Is this letter really from us?

We will never ask for your bank details by email, text message or phone call. If you are not sure this letter is from us, call us on the number shown on our website, [website], not on a number given in an email or text message.

# Contact us

[Team name], telephone [telephone] ([opening hours]), email [email]. Please quote your account number, ((account_id)). If you would like this letter in large print, Braille, audio or another language, please ask us.

Yours sincerely,

[Name]
[Job title]

# The Direct Debit Guarantee

[The Direct Debit Guarantee goes here, exactly as your bank supplies it. Do not send this letter without it.]
)";

constexpr std::string_view notify_replan_cy = R"(((heading_cy))

[Welsh text: a draft for the council's translator to check before it is sent. Delete this line.]

Dyddiad: ((notice_date_cy))
Rhif eich cyfrif: ((account_id))
Cyfeirnod Debyd Uniongyrchol: ((reference))

Annwyl ddeiliad y cyfrif,

# Pam mae eich casgliadau'n newid

((why_text_cy))

# Beth fyddwn yn ei gasglu

Eich taliad ((frequency_cy)) arferol yw ((regular_amount_cy)). Mae casgliadau cyn ((first_changed_cy)) yn aros fel y dywedodd ein llythyr diwethaf. Dyma'r casgliadau sy'n newid, gyda'r hyn y byddwn yn ei gasglu nawr ar bob dyddiad:

((schedule_cy))

((resume_text_cy))

# Beth sydd angen i chi ei wneud

Dim byd arall: mae eich Debyd Uniongyrchol yn aros yn ei le a byddwn yn casglu'r symiau hyn ar y dyddiadau a ddangosir. Gwnewch yn siŵr bod digon o arian yn eich cyfrif ar bob un o'r dyddiadau hynny.

# Os na allwch fforddio'r symiau hyn, neu os oes gennych gwestiwn

Ffoniwch ni ar [rhif ffôn] cyn gynted ag y gallwch, a chyn ((first_changed_cy)) os yw'n bosibl. Gallwn gytuno ar daliadau llai dros gyfnod hirach.

# Ai ni sydd wedi anfon y llythyr hwn?

Ni fyddwn byth yn gofyn am fanylion eich banc drwy e-bost, neges destun na galwad ffôn. Os nad ydych yn siŵr mai ni anfonodd y llythyr hwn, ffoniwch ni ar y rhif sydd ar ein gwefan, [gwefan], nid ar rif a roddwyd mewn e-bost neu neges destun.

# Cysylltu â ni

[Enw'r tîm], ffôn [rhif ffôn] ([oriau agor]), e-bost [e-bost]. Nodwch rif eich cyfrif, ((account_id)). Os hoffech gael y llythyr hwn mewn print bras, Braille, sain neu iaith arall, gofynnwch i ni.

Yn gywir,

[Enw]
[Teitl swydd]

# Gwarant Debyd Uniongyrchol

[Mae Gwarant Debyd Uniongyrchol yn mynd yma, yn union fel y mae eich banc yn ei roi. Peidiwch ag anfon y llythyr hwn hebddo.]
)";

}  // namespace

std::string notify_template(std::string_view language, bool replan) {
    const Language l = parse_language(language);
    const std::string_view en_text = replan ? notify_replan_en : notify_en,
                           cy_text = replan ? notify_replan_cy : notify_cy;
    if (l == Language::en) return std::string(en_text);
    if (l == Language::cy) return std::string(cy_text);
    // Bilingual, Welsh first: the English after a page break, its heading as a heading.
    std::string en(en_text);
    en.insert(0, "# ");
    return std::string(cy_text) + "\n***\n\n" + en;
}

}  // namespace arrears::io
