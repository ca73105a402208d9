"""arrears.recover(..., notices=True), arrears.letters and arrears.collections: the advance
notices of recovery-rules §13 and the collection file of §14, on the worked example of §11."""

import pathlib
import warnings
from decimal import Decimal

import pandas as pd
import pytest

import arrears
import arrears._core
from arrears import InputError, InputWarning

D = Decimal
T = pd.Timestamp
NOTICE_COLUMNS = ["account_id", "notice_date", "send_by", "frequency", "regular_amount", "notice_kind",
                  "missed_count", "missed_dates", "missed_text", "missed_amount", "paid_amount",
                  "previous_catch_up", "credit", "changes", "first_changed", "last_changed", "catch_up_total", "resumes_on", "resume_amount",
                  "schedule_text"]


STOP = {"past_end": "stop"}


@pytest.fixture
def payers(worked):
    # W1 is the worked example of §11; NA1 starts after the outage (no_arrears); CT1 is the
    # ten-instalment Council Tax plan of §11, which with past_end stop (STOP: these tests show
    # that a review account has no notice; by default it is collected in Feb and Mar) has
    # nothing left (review).
    return [{**worked, "account_id": "W1", "name": " Ann <Smith> & Co ", "ref": "DD-1"},
            {"account_id": "NA1", "amount": "100.00", "frequency": "monthly", "first_due": "2026-01-15",
             "name": "Dan Green", "ref": ""},
            {"account_id": "CT1", "amount": "150.00", "frequency": "monthly", "first_due": "2025-04-01",
             "end": "2026-01-01", "name": "Carol White", "ref": "DD-3"}]


def test_the_worked_example_notice(payers, westminster):
    schedule, summary, notices = arrears.recover(payers, notices=True, keep=["name", "ref"], **westminster, **STOP)
    assert summary["status"].tolist() == ["extended", "no_arrears", "review"]
    assert list(notices.columns) == ["account_id", "name", "ref"] + NOTICE_COLUMNS[1:]
    # One notice, for the only ok/extended account.
    assert notices["account_id"].tolist() == ["W1"]
    n = notices.iloc[0]
    assert n["name"] == "Ann <Smith> & Co"  # trimmed as §12 reads it
    assert n["notice_date"] == T("2026-01-12")
    # 10 working days after Mon 19 Jan is Mon 2 Feb (20-23, 26-30 Jan, 2 Feb): §13.
    assert n["send_by"] == T("2026-01-19")
    assert n["frequency"] == "monthly"
    assert n["regular_amount"] == D("532.17")
    # §13: what was missed (1 Dec and Fri 2 Jan: 1 Jan is a bank holiday) and paid.
    assert n["notice_kind"] == "recovery"
    assert n["missed_count"] == 2
    assert n["missed_dates"] == "2025-12-01;2026-01-02"
    assert n["missed_text"] == "1 December 2025: £532.17\n2 January 2026: £532.17"
    assert n["missed_amount"] == D("1064.34") and n["paid_amount"] == D("0.00")
    # §13: previous_catch_up and credit are replan's (§15), empty in recover.
    assert pd.isna(n["previous_catch_up"]) and pd.isna(n["credit"])
    # Nobody pays double (§8, §11): 354.78 on 2 Feb, 2 Mar and Wed 1 Apr 2026.
    assert n["changes"] == 3
    assert n["first_changed"] == T("2026-02-02") and n["last_changed"] == T("2026-04-01")
    assert n["catch_up_total"] == D("1064.34")  # 2 x 532.17 missed
    assert n["resumes_on"] == T("2026-05-01") and n["resume_amount"] == D("532.17")
    assert n["schedule_text"] == ("2 February 2026: £532.17 regular + £354.78 catch-up = £886.95\n"
                                  "2 March 2026: £532.17 regular + £354.78 catch-up = £886.95\n"
                                  "1 April 2026: £532.17 regular + £354.78 catch-up = £886.95")


def test_the_worked_example_collection_file(payers, westminster):
    schedule, _ = arrears.recover(payers, **westminster, **STOP)
    rows = arrears.collections(schedule, payers, keep=["ref"])
    assert list(rows.columns) == ["account_id", "ref", "collection_date", "processing_date", "input_by", "amount",
                                  "regular_amount", "recovery_amount", "action", "previous_amount"]
    # §14: Bacs processes the working day before (Fri 30 Jan, Fri 27 Feb, Tue 31 Mar) and
    # takes the input the working day before that (Thu 29 Jan, Thu 26 Feb, Mon 30 Mar);
    # recover's action is always collect, with no previous amount (replan's columns).
    assert rows.values.tolist() == [
        ["W1", "DD-1", T("2026-02-02"), T("2026-01-30"), T("2026-01-29"), D("886.95"), D("532.17"), D("354.78"),
         "collect", None],
        ["W1", "DD-1", T("2026-03-02"), T("2026-02-27"), T("2026-02-26"), D("886.95"), D("532.17"), D("354.78"),
         "collect", None],
        ["W1", "DD-1", T("2026-04-01"), T("2026-03-31"), T("2026-03-30"), D("886.95"), D("532.17"), D("354.78"),
         "collect", None]]


def test_kept_columns_are_the_files_own_names_under_map(westminster):
    # An export read with map= (§12): keep names its own columns, tag_ref included (§13), and
    # collections() finds account_id where recover read it (the map kept in the attrs).
    exported = [{"tag_ref": "A-1", "DD Amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01",
                 "Payer": "Ann"}]
    schedule, _, notices = arrears.recover(exported, map={"account_id": "tag_ref", "amount": "DD Amount"},
                                           notices=True, keep=["tag_ref", "Payer"], **westminster)
    assert notices[["account_id", "tag_ref", "Payer"]].values.tolist() == [["A-1", "A-1", "Ann"]]
    rows = arrears.collections(schedule, exported, keep=["Payer"])
    # The worked example's three changed collections (§11), 532.17 + 354.78 each.
    assert rows[["account_id", "Payer", "collection_date", "amount"]].values.tolist() == [
        ["A-1", "Ann", T("2026-02-02"), D("886.95")], ["A-1", "Ann", T("2026-03-02"), D("886.95")],
        ["A-1", "Ann", T("2026-04-01"), D("886.95")]]


def test_collections_use_the_runs_closures(worked, westminster):
    # A closure on Fri 30 Jan 2026 moves the 2 Feb processing day to Thu 29 Jan and the
    # input day to Wed 28 Jan.
    schedule, _ = arrears.recover([worked], closures=["2026-01-30"], **westminster)
    rows = arrears.collections(schedule, [worked])
    assert rows.loc[0, ["processing_date", "input_by"]].tolist() == [T("2026-01-29"), T("2026-01-28")]


def test_a_sunday_collection_is_written_and_warned_about(worked, westminster):
    # Convention none keeps Sun 1 Feb and Sun 1 Mar 2026: Bacs cannot take them that day
    # (Wed 1 Apr, the third collection of the worked example's catch-up, it can).
    schedule, _ = arrears.recover([{**worked, "convention": "none"}], **westminster)
    with pytest.warns(InputWarning, match="2 collection\\(s\\) on a day that is not a working day"):
        rows = arrears.collections(schedule, [worked])
    assert rows["collection_date"].tolist() == [T("2026-02-01"), T("2026-03-01"), T("2026-04-01")]


def test_notices_in_pence(payers, westminster):
    _, _, notices = arrears.recover(payers, notices=True, money="pence", **westminster, **STOP)
    assert notices.loc[0, ["regular_amount", "catch_up_total", "resume_amount"]].tolist() == [53217, 106434, 53217]
    # The letters read pence as pence.
    assert "£1,064.34" in arrears.letters(notices, guarantee="<p>G</p>")


def test_kept_columns_that_are_missing_or_clash(payers, westminster):
    with pytest.raises(InputError, match="accounts has no column 'postcode'"):
        arrears.recover(payers, notices=True, keep=["postcode"], **westminster, **STOP)
    with pytest.raises(InputError, match="column 'send_by' is already a column of the output"):
        arrears.recover([{**p, "send_by": "x"} for p in payers], notices=True, keep=["send_by"], **westminster, **STOP)


def test_the_bundled_letter(payers, westminster):
    _, _, notices = arrears.recover(payers, notices=True, keep=["name", "ref"], **westminster, **STOP)
    with pytest.warns(InputWarning, match="the letters are not ready to send"):
        html = arrears.letters(notices)
    assert html.startswith("<!DOCTYPE html>")
    assert html.count('<section class="letter" lang="en-GB">') == 1  # each letter says its language
    assert '<p class="address">Ann &lt;Smith&gt; &amp; Co</p>' in html  # escaped, in the address block
    assert '<p class="details">Ref: DD-1</p>' in html  # another kept column: labelled
    assert "<td>2 February 2026</td><td>£532.17</td><td>£354.78</td><td>£886.95</td>" in html
    assert "From 1 May 2026 your collections return to the regular amount of £532.17." in html
    assert "break-before: page" in html and "font-size: 12pt" in html
    assert "[The Direct Debit Guarantee goes here" in html


def test_the_guarantee_as_the_bank_supplies_it(payers, westminster, tmp_path):
    # §13: guarantee= (text, or a file read in its declared character set) fills {guarantee};
    # no warning then.
    _, _, notices = arrears.recover(payers, notices=True, keep=["name"], **westminster, **STOP)
    fragment = "<ul><li>This Guarantee is offered by all banks and building societies</li></ul>"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = arrears.letters(notices, guarantee=fragment)
    assert "<h2>The Direct Debit Guarantee</h2>\n" + fragment in html
    assert "[The Direct Debit Guarantee goes here" not in html
    path = tmp_path / "guarantee.htm"
    path.write_bytes(b'<html><head><meta charset="windows-1252"></head><body><p>\x93Guarantee\x94</p></body></html>')
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = arrears.letters(notices, guarantee=path)
    assert "<h2>The Direct Debit Guarantee</h2>\n<p>\u201cGuarantee\u201d</p>" in html


def test_a_template_of_ones_own(payers, westminster, tmp_path):
    _, _, notices = arrears.recover(payers, notices=True, keep=["name"], **westminster, **STOP)
    body = "<p>{name}: {catch_up_total} by {last_changed} {{not a placeholder}}</p>"
    # A <style> with doubled braces (written for the old rule) has them undoubled.
    template = f"<html><head><style>p {{{{ margin: 0 }}}}</style></head><body>{body}</body></html>"
    # Each letter in a <div> that starts a new printed page, but the first (§13).
    expected = ('<html><head><meta charset="utf-8">\n<style>.arrears-letter + .arrears-letter { break-before: page; '
                'page-break-before: always; }</style><style>p { margin: 0 }</style></head><body>'
                '<div class="arrears-letter">\n<p>Ann &lt;Smith&gt; '
                "&amp; Co: £1,064.34 by 1 April 2026 {not a placeholder}</p></div>\n</body></html>")
    assert arrears.letters(notices, template) == expected
    path = tmp_path / "letter.html"
    path.write_text(template, encoding="utf-8")
    assert arrears.letters(notices, pathlib.Path(path)) == expected


def test_a_word_template_in_windows_1252(payers, westminster, tmp_path):
    # Issue 24: Word's "Web Page, Filtered" keeps charset=windows-1252, a typed £ is the byte
    # A3 and Word's CSS has single braces. The letters are UTF-8, declare it, and show £.
    _, _, notices = arrears.recover(payers, notices=True, keep=["name"], **westminster, **STOP)
    word = (b'<html>\r\n<head>\r\n<meta http-equiv=Content-Type content="text/html; charset=windows-1252">\r\n'
            b"<style>\r\np.MsoNormal {margin:0cm; font-size:12.0pt;}\r\n</style>\r\n</head>\r\n"
            b"<body lang=EN-GB style='word-wrap:break-word'>\r\n<p class=MsoNormal>A fee of \xa35 \x96 "
            b"{catch_up_total}</p>\r\n</body>\r\n</html>")
    path = tmp_path / "word.htm"
    path.write_bytes(word)
    html = arrears.letters(notices, path)
    html.encode("utf-8")  # valid UTF-8 (a str from the bytes)
    assert '<head>\r\n<meta charset="utf-8">\n<style>.arrears-letter' in html
    assert '</style>\r\n<style>\r\np.MsoNormal {margin:0cm; font-size:12.0pt;}' in html
    assert "windows-1252" not in html
    assert "A fee of £5 \u2013 £1,064.34</p>" in html
    path.write_bytes(word.replace(b"windows-1252", b"koi8-r"))
    with pytest.raises(InputError, match="declares the character set 'koi8-r', which arrears cannot read"):
        arrears.letters(notices, path)


def test_an_unknown_placeholder_is_named(payers, westminster):
    _, _, notices = arrears.recover(payers, notices=True, **westminster, **STOP)
    with pytest.raises(InputError, match=r"line 2: unknown placeholder \{payer\}"):
        arrears.letters(notices, "<html><body>\n<p>Dear {payer},</p></body></html>")


def test_a_kept_column_that_would_be_a_placeholder_is_refused(westminster):
    # Issue 25 point 9 (§13): a kept column is the letters' placeholder of its name with every
    # character but letters, digits and _ made _. `first changed` would be {first_changed}
    # (the letter would print the payer's cell for the first changed collection's date) and
    # `schedule-table` {schedule_table} (the table the Direct Debit Guarantee requires): an
    # InputError, as --keep's usage error (cases/usage_keep_placeholder_*).
    accounts = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01",
                 "first changed": "never", "schedule-table": "none"}]
    for keep, output in (("first changed", "first_changed"), ("schedule-table", "schedule_table")):
        with pytest.raises(InputError, match=rf"^column '{keep}' would be the placeholder \{{{output}\}} of the "
                                             rf"letters, which is already the output's '{output}'; rename the "
                                             r"column in the accounts file$"):
            arrears.recover(accounts, notices=True, keep=[keep], **westminster)


def test_notices_exist_for_every_scheduled_account_and_no_other(westminster):
    # A mixed portfolio: weekly, fortnightly and monthly plans, some paid off, some ended.
    accounts = []
    for i in range(60):
        accounts.append({"account_id": f"P{i}", "amount": f"{10 + 7 * i}.{i % 100:02d}",
                         "frequency": ["weekly", "fortnightly", "four-weekly", "monthly"][i % 4],
                         "first_due": f"2025-0{1 + i % 9}-{1 + i % 28:02d}",
                         "end": "2026-01-05" if i % 7 == 0 else ""})
    payments = [{"account_id": f"P{i}", "date": "2026-01-10", "amount": "5000.00"} for i in range(0, 60, 5)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        _, summary, notices = arrears.recover(accounts, payments=payments, notices=True, **westminster)
    scheduled = summary.loc[summary["status"].isin(["ok", "extended"]), "account_id"].tolist()
    assert len(scheduled) > 20 and len(scheduled) < 60
    assert notices["account_id"].tolist() == scheduled
    assert (notices["send_by"] >= T("2026-01-12")).all()


def test_the_councils_copy_is_the_bundled_letter(payers, westminster):
    # `arrears letter-template` prints bundled_letter() for a council to edit (test_cli_parity
    # checks that); as a template it gives the same letters as the bundled letter itself, by
    # default too, where CT1's plan has ended (its collections after the plan's end have no
    # regular part and no resumes_on: issue 24's "From  your collections return to the
    # regular amount of ." is gone).
    copy = arrears._core.bundled_letter()
    for options in (STOP, {}):
        _, _, notices = arrears.recover(payers, notices=True, keep=["name"], **westminster, **options)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            assert arrears.letters(notices, copy) == arrears.letters(notices)
    ct1 = arrears.letters(notices[notices["account_id"] == "CT1"], copy, guarantee="<p>G</p>")
    assert "From  your" not in ct1 and "amount of ." not in ct1 and "£0.00" not in ct1
    assert "no further collections" not in ct1
    assert "Your Direct Debit stays in place for your next bill, so please do not cancel it." in ct1
    assert "<td>\u2013</td>" in ct1


def test_welsh_and_bilingual_letters(payers, westminster):
    # §13 (the Welsh Language Standards): language="cy" gives the bundled Welsh letter (dates
    # with Welsh months, "misol", the table's Welsh headings), "cy+en" Welsh first then
    # English; guarantee_cy= fills {guarantee_cy}. W1: 354.78 on 2 Feb, 2 Mar, 1 Apr 2026.
    _, _, notices = arrears.recover(payers, notices=True, keep=["name"], **westminster, **STOP)
    with pytest.warns(InputWarning, match="not ready to send"):
        welsh = arrears.letters(notices, language="cy", guarantee="<p>G</p>")
    assert "Dyddiad: 12 Ionawr 2026" in welsh and "Eich taliad arferol (misol) yw £532.17" in welsh
    assert "<td>2 Chwefror 2026</td><td>£532.17</td><td>£354.78</td><td>£886.95</td>" in welsh
    assert "<th scope=\"col\">Taliad ychwanegol</th>" in welsh and "February" not in welsh
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        both = arrears.letters(notices, language="cy+en", guarantee="<p>G</p>", guarantee_cy="<p>G-cy</p>")
    assert both.index("Annwyl Ann") < both.index("Dear Ann") and both.index("<p>G-cy</p>") < both.index("<p>G</p>")
    # A _cy placeholder in a council's own template is always Welsh, a plain one English.
    mine = arrears.letters(notices, "<html><body><p>{first_changed_cy} / {first_changed}: {frequency_cy}</p></body>"
                                    "</html>")
    assert "<p>2 Chwefror 2026 / 2 February 2026: misol</p>" in mine
    with pytest.raises(InputError, match="unknown language 'fr'"):
        arrears.letters(notices, language="fr")
    # With a template of one's own the language picks no letter (§13): the template's words.
    assert "<p>W1</p>" in arrears.letters(notices, "<html><body><p>{account_id}</p></body></html>", language="cy")


def test_missed_and_paid_are_told_not_only_the_balance(westminster):
    # Issue 24's R-100004: £642.54 monthly, missed 1 Dec 2025 and Fri 2 Jan 2026 (1,285.08),
    # paid £626.60 in cash on 7 Jan: A = 658.48, 329.24 on 2 Feb and 2 Mar. The notice
    # carries both figures and each missed collection, as the golden notices_missed_and_paid.
    accounts = [{"account_id": "R-100004", "amount": "642.54", "frequency": "monthly", "first_due": "2023-04-01"}]
    payments = [{"account_id": "R-100004", "date": "2026-01-07", "amount": "626.60"}]
    _, summary, notices = arrears.recover(accounts, payments=payments, notices=True, **westminster)
    n = notices.iloc[0]
    assert (n["missed_count"], n["missed_amount"], n["paid_amount"], n["catch_up_total"]) == (
        2, D("1285.08"), D("626.60"), D("658.48"))
    assert n["missed_text"] == "1 December 2025: £642.54\n2 January 2026: £642.54"
    letter = arrears.letters(notices, template="<html><body><p>{missed_text} less {paid_amount}</p></body></html>")
    assert "1 December 2025: £642.54<br>\n2 January 2026: £642.54 less £626.60" in letter


def test_a_reported_payment_puts_its_account_in_review(westminster):
    # Issue 24's R-100007, §5 "Nothing lost": a £20 cash payment dated 16/12/2025 among ISO
    # dates is reported; her account goes to review (no notice) instead of being asked £20
    # too much, and the manifest lists the row (§12 `reported`).
    accounts = [{"account_id": "R-100007", "amount": "741.60", "frequency": "monthly", "first_due": "2024-11-01"}]
    payments = [{"account_id": "R-100007", "date": "16/12/2025", "amount": "20.00"}]
    with pytest.warns(InputWarning):
        _, summary, notices = arrears.recover(accounts, payments=payments, notices=True, **westminster)
    s = summary.iloc[0]
    assert s["status"] == "review"
    assert s["arrears"] == D("1483.20")  # 2 x 741.60, the unread payment not taken off
    assert s["message"].startswith("payments row 0, column 2 (date): invalid date '16/12/2025'")  # (rows counted from 0, as the table's index)
    assert s["message"].endswith(": arrears not trusted")
    assert notices.empty
    reported = summary.attrs["manifest"]["reported"]
    assert len(reported) == 1 and reported[0]["account_id"] == "R-100007" and reported[0]["line"] == 0
