"""arrears.replan: keeping the recovery on course (recovery-rules §15) from Python.

The worked example of §15, the round trip (recover, then replan with nothing happened), and
the same figures as the command line's on its golden replan cases (tests/cli/cases/replan_*,
each checked by hand in its `case` file), §16's decision columns among them."""

import datetime as dt
import pathlib
import re
import shlex
import warnings
from decimal import Decimal

import pandas as pd
import pytest

import arrears

SOURCE = pathlib.Path(__file__).resolve().parents[2]
CASES = SOURCE / "tests" / "cli" / "cases"
INPUTS = SOURCE / "tests" / "cli" / "inputs"

# §15's worked example: 2 Feb 2026's 886.95 came back unpaid (ARUDD 0).
LEDGER = [{"account_id": "A-1001", "due_date": "2026-02-01", "amount": "886.95", "status": "unpaid", "reason": "0"}]


def read_text(path):
    """A CSV exactly as the command line reads it: every cell text, nothing turned into NaN."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def as_text(frame):
    """The frame's values as the command line writes them (money 1234.56, dates YYYY-MM-DD, empty '')."""
    out = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d").fillna("").tolist()
        else:
            out[column] = ["" if v is None or v is pd.NA else str(v) for v in values.astype(object)]
    return pd.DataFrame(out, columns=frame.columns)


@pytest.fixture
def plan_of_record(worked, westminster):
    """§11's recovery told at N1 = 12 Jan 2026: 354.78 on 2 Feb, 2 Mar and 1 Apr."""
    schedule, summary = arrears.recover([worked], **westminster)
    assert schedule["recovery_amount"].tolist() == [Decimal("354.78")] * 3
    return schedule, summary


def test_the_worked_example_of_section_15(worked, plan_of_record):
    # N2 = Mon 16 Feb 2026: E2 = Mon 2 Mar (10 working days), H2 = 31 Mar. R_open = 354.78
    # x 2 = 709.56 (2 Mar, 1 Apr), F = 886.95, P = 0: A2 = 1,596.51. The ceiling 532.16 (no
    # double payment) needs m = 4: 159651 / 4 = 39912 r 3 -> 399.13 x 3, 399.12.
    plan, plan_summary = plan_of_record
    schedule, summary, changes = arrears.replan([worked], plan=plan, plan_summary=plan_summary,
                                                since="2026-01-12", ledger=LEDGER, notice_date="2026-02-16")
    assert schedule["collection_date"].tolist() == [pd.Timestamp(d) for d in
                                                    ("2026-03-02", "2026-04-01", "2026-05-01", "2026-06-01")]
    assert schedule["recovery_amount"].tolist() == [Decimal("399.13")] * 3 + [Decimal("399.12")]
    assert schedule["total_amount"].tolist() == [Decimal("931.30")] * 3 + [Decimal("931.29")]
    assert schedule["arrears_after"].tolist() == [Decimal(x) for x in ("1197.38", "798.25", "399.12", "0.00")]
    row = summary.iloc[0]
    assert (row["status"], row["arrears"], row["shortfall"], row["changed"]) == (
        "extended", Decimal("1596.51"), Decimal("886.95"), "yes")
    assert (row["missed_count"], row["missed_amount"], row["paid_amount"]) == (1, Decimal("886.95"), Decimal("0.00"))
    assert list(summary.columns) == list(arrears._core.replan_summary_columns)
    # The changed collections: 2 Mar and 1 Apr were told 886.95; 1 May and 1 Jun (not in the
    # plan of record) their regular 532.17. Processing days: the Bacs working day before.
    assert changes["action"].tolist() == ["collect"] * 4
    assert changes["amount"].tolist() == [Decimal("931.30")] * 3 + [Decimal("931.29")]
    assert changes["previous_amount"].tolist() == [Decimal("886.95")] * 2 + [Decimal("532.17")] * 2
    assert changes["processing_date"].tolist() == [pd.Timestamp(d) for d in
                                                   ("2026-02-27", "2026-03-31", "2026-04-30", "2026-05-29")]
    assert list(changes.columns) == list(arrears._core.replan_collection_columns)
    assert summary.attrs["earliest_change"] == dt.date(2026, 3, 2)
    assert summary.attrs["horizon"] == dt.date(2026, 3, 31)
    assert (summary.attrs["changed_accounts"], summary.attrs["on_course_accounts"]) == (1, 0)
    assert summary.attrs["shortfall"] == Decimal("886.95")


def test_the_worked_example_in_pence(worked, plan_of_record):
    plan, plan_summary = plan_of_record
    schedule, summary, changes = arrears.replan([worked], plan=plan, plan_summary=plan_summary,
                                                since="2026-01-12", ledger=LEDGER, notice_date="2026-02-16",
                                                money="pence")
    assert schedule["recovery_amount"].tolist() == [39913, 39913, 39913, 39912]
    assert summary.loc[0, ["arrears", "shortfall"]].tolist() == [159651, 88695]
    assert changes["previous_amount"].tolist() == [88695, 88695, 53217, 53217]
    assert summary.attrs["shortfall"] == 88695


def test_round_trip_changes_nothing(worked, westminster):
    # recover at N1, then replan at N2 with an empty ledger and no payments: F = P = 0, every
    # account keeps what it was told (changed no), and there is no changed collection.
    accounts = [dict(worked, account_id=f"A-{k}", amount=amount) for k, amount in
                enumerate(["532.17", "100.00", "1000.00", "25.50"])]
    accounts.append({"account_id": "W-1", "amount": "120.00", "frequency": "weekly", "first_due": "2025-04-07"})
    plan, plan_summary = arrears.recover(accounts, **westminster)
    assert set(plan_summary["status"]) <= {"ok", "extended"}
    for n2 in ("2026-01-19", "2026-02-16"):
        schedule, summary, changes = arrears.replan(
            accounts, plan=plan, plan_summary=plan_summary, since="2026-01-12",
            ledger=pd.DataFrame(columns=["account_id", "due_date", "amount", "status", "reason"]),
            notice_date=n2)
        assert summary["changed"].tolist() == ["no"] * len(accounts), n2
        assert summary["shortfall"].tolist() == [Decimal("0.00")] * len(accounts)
        assert len(changes) == 0
        assert (summary.attrs["changed_accounts"], summary.attrs["on_course_accounts"]) == (0, len(accounts))
        # The rows from N2 on are the plan of record's, amount for amount.
        later = plan[plan["collection_date"] >= pd.Timestamp(n2)]
        kept = schedule[schedule["recovery_amount"] > 0]
        assert kept[["account_id", "collection_date", "recovery_amount", "total_amount"]].values.tolist() == \
            later[later["recovery_amount"] > 0][["account_id", "collection_date", "recovery_amount",
                                                 "total_amount"]].values.tolist()


def case_arguments(name):
    """The `args:` of a golden case as (files, replan's keywords)."""
    line = next(x for x in (CASES / name / "case").read_text().splitlines() if x.startswith("args:"))
    words = shlex.split(line[len("args:"):])
    assert words[0] == "replan"
    options = dict(zip(words[1::2], words[2::2]))
    keywords = {"plan": options["--plan"], "plan_summary": options["--plan-summary"], "since": options["--since"],
                "ledger": options["--ledger"], "notice_date": options["--notice-date"]}
    if "--payments" in options:
        keywords["payments"] = options["--payments"]
    if "--keep" in options:
        keywords["keep"] = options["--keep"]
    return options["--accounts"], keywords


def cli_words(message, accounts):
    """The command line's `--plan line N` is Python's `plan row N`, and `<accounts file> line
    N` is `accounts row N` (rows read from a file are named by their line)."""
    message = re.sub(re.escape(accounts) + r" line (\d+)", r"accounts row \1", message)
    message = re.sub(r"\(first on line (\d+)\)", r"(first on row \1)", message)  # a duplicate's first row
    message = re.sub(r"--plan(-summary)? (\S+ )?line (\d+)",
                     lambda m: f"plan{'_summary' if m.group(1) else ''} row {m.group(3)}", message)
    return message


# Golden replan cases: §15's worked example, the five statuses (a payment, a cancelled
# instruction, a kept review, an account on course), the round trip read from JSON, §16's
# decision columns and the combinations they refuse, plan rows that cannot be read (a bad
# missed_count too), and accounts rejected as read (their told catch-up back to regular).
PARITY_CASES = ["replan_worked_example", "replan_statuses", "replan_round_trip", "replan_decisions",
                "replan_decision_rejects", "replan_plan_reported", "replan_plan_summary_bad_count",
                "replan_rejected_as_read"]


@pytest.mark.parametrize("name", PARITY_CASES)
@pytest.mark.parametrize("given_as", ["paths", "frames"])
def test_same_figures_as_the_command_line(name, given_as, monkeypatch):
    """Every value of the golden case's schedule, summary and collection file, to the penny
    (compared as the command line writes them: exact pence both sides), from the files' paths
    and from frames read with dtype=str."""
    monkeypatch.chdir(INPUTS)
    accounts, keywords = case_arguments(name)
    if given_as == "frames":
        accounts = read_text(accounts)
        for key in ("ledger", "payments"):
            if key in keywords:
                keywords[key] = read_text(keywords[key])
        for key in ("plan", "plan_summary"):
            if keywords[key].endswith(".csv"):
                keywords[key] = read_text(keywords[key])
    expected = CASES / name / "expected"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", arrears.InputWarning)
        schedule, summary, changes = arrears.replan(accounts, **keywords)
    if (expected / "schedule.csv").is_file():
        cli = read_text(expected / "schedule.csv")
        pd.testing.assert_frame_equal(as_text(schedule), cli)
    cli = read_text(expected / "summary.csv")
    if given_as == "paths":
        cli["message"] = [cli_words(m, accounts) for m in cli["message"]]
        pd.testing.assert_frame_equal(as_text(summary), cli)
    else:  # (a frame's rows are named by their index: compared without the messages)
        pd.testing.assert_frame_equal(as_text(summary).drop(columns="message"), cli.drop(columns="message"))
    cli = read_text(expected / "collections.csv")
    if len(cli):
        pd.testing.assert_frame_equal(as_text(changes), cli)
    else:
        assert len(changes) == 0 and list(changes.columns) == list(cli.columns)
    # "N accounts changed, M on course; total shortfall X" of the command line's stderr.
    line = re.search(r"^([\d,]+) accounts? changed, ([\d,]+) on course; total shortfall (\S+)$",
                     (expected / "stderr").read_text(), re.M)
    assert (summary.attrs["changed_accounts"], summary.attrs["on_course_accounts"]) == (int(line[1]), int(line[2]))
    assert summary.attrs["shortfall"] == Decimal(line[3].replace(",", ""))


def test_decision_columns_change_the_replan(worked, plan_of_record):
    # §16 in replan: a cap of 200.00 in the account's row: m = 8 (7 parts: 228.07 > 200):
    # 159651 / 8 = 19956 r 3 -> 199.57 x 3, 199.56 x 5, the last on 1 Oct 2026.
    plan, plan_summary = plan_of_record
    schedule, summary, _ = arrears.replan([dict(worked, cap="200.00")], plan=plan, plan_summary=plan_summary,
                                          since="2026-01-12", ledger=LEDGER, notice_date="2026-02-16")
    assert schedule["recovery_amount"].tolist() == [Decimal("199.57")] * 3 + [Decimal("199.56")] * 5
    assert summary.loc[0, "last_recovery_date"] == pd.Timestamp("2026-10-01")
    # The run's cap does the same for every account.
    schedule, _, _ = arrears.replan([worked], plan=plan, plan_summary=plan_summary, since="2026-01-12",
                                    ledger=LEDGER, notice_date="2026-02-16", cap="200.00")
    assert len(schedule) == 8


def test_rejected_combinations_as_recover(plan_of_record, worked):
    # §16: single (the row's) with a cap in the row rejects the account, with recover's
    # message; an until on or before N2 rejects it too (in replan N2, not N1). (Columns count
    # over every row's keys: until is the 7th.)
    plan, plan_summary = plan_of_record
    rows = [dict(worked, strategy="single", cap="25.00"), dict(worked, account_id="A-2", until="2026-02-16")]
    with pytest.warns(arrears.InputWarning, match="2 account"):
        _, summary, changes = arrears.replan(rows, plan=plan, plan_summary=plan_summary, since="2026-01-12",
                                             ledger=LEDGER, notice_date="2026-02-16")
    assert summary["status"].tolist() == ["rejected", "rejected"]
    assert summary.loc[0, "message"] == ("accounts row 0, column 6 (cap): a cap 25.00 cannot be used with "
                                         "strategy single (column strategy)")
    assert summary.loc[1, "message"] == ("accounts row 1, column 7 (until): until 2026-02-16 is not after the "
                                         "notice date 2026-02-16")
    assert summary["changed"].tolist() == [None, None]


def test_refusals(worked, plan_of_record):
    plan, plan_summary = plan_of_record
    common = dict(plan=plan, plan_summary=plan_summary, ledger=LEDGER)
    with pytest.raises(arrears.InputError, match="must be after --since 2026-02-16"):
        arrears.replan([worked], since="2026-02-16", notice_date="2026-02-16", **common)
    with pytest.raises(arrears.InputError, match="^outage does not apply to replan"):
        arrears.replan([worked], since="2026-01-12", notice_date="2026-02-16", outage=("2025-11-24", "2026-01-09"),
                       **common)
    with pytest.raises(TypeError, match=r"^replan\(\) missing a required argument: 'notice_date'$"):
        arrears.replan([worked], since="2026-01-12", **common)
    with pytest.raises(arrears.InputError, match="^plan has no column 'collection_date'$"):
        arrears.replan([worked], since="2026-01-12", notice_date="2026-02-16",
                       **dict(common, plan=plan.drop(columns="collection_date")))
    # A plan of record in pence would be read as pounds: refused.
    pence_plan, pence_summary = arrears.recover([worked], outage=("2025-11-24", "2026-01-09"),
                                                notice_date="2026-01-12", money="pence")
    with pytest.raises(arrears.InputError, match="column 'regular_amount' holds integers"):
        arrears.replan([worked], since="2026-01-12", notice_date="2026-02-16",
                       **dict(common, plan=pence_plan))


def test_on_course_until_a_decision_changes_the_account(worked, plan_of_record):
    # Nothing failed or was paid (F = P = 0): the told 354.78 on 2 Mar and 1 Apr stand
    # (changed no) while they keep the account's own options; a cap of 200.00 decided since
    # does not keep them: A2 = R_open = 709.56 re-spread, 70956 / 4 = 17739 -> 177.39 on
    # 2 Mar, 1 Apr, 1 May and 1 Jun (3 parts, 236.52, are over the cap).
    plan, plan_summary = plan_of_record
    empty = pd.DataFrame(columns=["account_id", "due_date", "amount", "status", "reason"])
    common = dict(plan=plan, plan_summary=plan_summary, since="2026-01-12", ledger=empty, notice_date="2026-02-16")
    _, summary, changes = arrears.replan([dict(worked, cap="400.00")], **common)
    assert summary.loc[0, "changed"] == "no" and len(changes) == 0
    schedule, summary, changes = arrears.replan([dict(worked, cap="200.00")], **common)
    assert summary.loc[0, "changed"] == "yes"
    assert schedule["recovery_amount"].tolist() == [Decimal("177.39")] * 4
    assert changes["previous_amount"].tolist() == [Decimal("886.95")] * 2 + [Decimal("532.17")] * 2


# ---- issue 30: notices, the manifest, ragged CSV rows ------------------------------------


@pytest.mark.parametrize("name", ["replan_notices", "replan_notices_in_credit"])
def test_notices_as_the_command_line(name, monkeypatch):
    """notices=True: every cell of the golden case's notices file, to the penny. replan_notices
    (hand check in its case file): A-1001 revised, previous_catch_up 709.56, catch_up_total
    1596.51, 399.13 x 3 + 399.12 from 2 Mar; A-1002 catch_up_stops (paid 709.56), back to the
    regular 532.17 on 2 Mar and 1 Apr; no notice for the cancelled, review and on-course
    accounts. replan_notices_in_credit: catch_up_stops with credit 290.44 (A2 = 709.56 -
    1,000.00)."""
    monkeypatch.chdir(INPUTS)
    accounts, keywords = case_arguments(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", arrears.InputWarning)
        schedule, summary, changes, notices = arrears.replan(accounts, notices=True, **keywords)
    cli = read_text(CASES / name / "expected" / "notices.csv")
    pd.testing.assert_frame_equal(as_text(notices), cli)
    # Typed as recover's notices: money Decimal, dates datetime64.
    assert notices.loc[0, "previous_catch_up"] == Decimal("709.56")
    assert notices.loc[0, "notice_date"] == pd.Timestamp("2026-02-16")
    if name == "replan_notices":
        assert notices["notice_kind"].tolist() == ["revised", "catch_up_stops"]
        assert notices.loc[0, "catch_up_total"] == Decimal("1596.51") and pd.isna(notices.loc[0, "credit"])
    else:
        assert notices.loc[0, "credit"] == Decimal("290.44")
    # Without the keyword: the three frames, as before.
    assert len(arrears.replan(accounts, **keywords)) == 3


def test_no_notices_when_nothing_changed(worked, plan_of_record):
    # The round trip: nothing failed or was paid, so nobody is told anything new (§15).
    plan, plan_summary = plan_of_record
    empty = pd.DataFrame(columns=["account_id", "due_date", "amount", "status", "reason"])
    *_, notices = arrears.replan([worked], plan=plan, plan_summary=plan_summary, since="2026-01-12", ledger=empty,
                                 notice_date="2026-02-16", notices=True)
    assert len(notices) == 0
    assert list(notices.columns) == list(read_text(CASES / "replan_notices" / "expected" / "notices.csv").columns)


def test_manifest_of_the_worked_example(monkeypatch):
    """summary.attrs["manifest"]: --manifest's keys (§12), on §15's worked example read from
    its files: one account, extended, A2 = 1,596.51 all scheduled; the files named with their
    SHA-256 and rows (worked.csv 1, the plan 3 rows, its summary 1, the ledger 1)."""
    import hashlib
    monkeypatch.chdir(INPUTS)
    accounts, keywords = case_arguments("replan_worked_example")
    _, summary, _ = arrears.replan(accounts, **keywords)
    m = summary.attrs["manifest"]
    assert m["version"] == arrears.__version__
    assert m["statuses"] == {"ok": 0, "extended": 1, "no_arrears": 0, "in_credit": 0, "review": 0,
                             "cancelled": 0, "rejected": 0}
    assert (m["arrears"], m["scheduled"]) == ("1596.51", "1596.51")
    assert [(i["path"], i["rows"]) for i in m["inputs"]] == [
        ("worked.csv", 1), ("replan-worked-plan.csv", 3), ("replan-worked-plan-summary.csv", 1),
        ("replan-worked-ledger.csv", 1)]
    for i in m["inputs"]:
        assert i["sha256"] == hashlib.sha256(pathlib.Path(i["path"]).read_bytes()).hexdigest()
    assert m["arguments"]["since"] == "2026-01-12" and m["arguments"]["notice_date"] == "2026-02-16"
    assert m["arguments"]["notices"] is False
    assert not {"accounts", "plan", "plan_summary", "ledger", "threads"} & set(m["arguments"])
    assert m["outputs"] == [] and m["reported"] == []


def test_manifest_of_frames(worked, plan_of_record):
    # Frames have no path: path and sha256 null, rows their length; the ledger's row count 1.
    plan, plan_summary = plan_of_record
    _, summary, _ = arrears.replan([worked], plan=plan, plan_summary=plan_summary, since="2026-01-12",
                                   ledger=LEDGER, notice_date="2026-02-16")
    assert summary.attrs["manifest"]["inputs"] == [
        {"path": None, "sha256": None, "rows": 1}, {"path": None, "sha256": None, "rows": 3},
        {"path": None, "sha256": None, "rows": 1}, {"path": None, "sha256": None, "rows": 1}]


def test_a_ragged_row_rejects_that_row_only(tmp_path, monkeypatch):
    """A CSV row with more or fewer fields than the header: that row rejected (accounts) or
    reported (ledger, payments) with the command line's words (csv_broken_rows' golden case),
    the call going on: the worked account still comes out with §15's figures."""
    monkeypatch.chdir(INPUTS)
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,amount,frequency,first_due\n"
                        "A-1001,532.17,monthly,2025-04-01\n"
                        "A-2,100.00,monthly,2025-04-01,extra\n"  # line 3: 5 fields
                        "A-3,100.00\n")  # line 4: 2 fields
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("account_id,due_date,amount,status,reason\n"
                      "A-1001,2026-02-01,886.95,unpaid,0\n"
                      "A-1001,2026-03-01,886.95\n")  # line 3: 3 fields
    payments = tmp_path / "payments.csv"
    payments.write_text("account_id,date,amount\nA-1001,2026-02-10\n")  # line 2: 2 fields
    with pytest.warns(arrears.InputWarning) as caught:
        schedule, summary, changes = arrears.replan(
            str(accounts), plan="replan-worked-plan.csv", plan_summary="replan-worked-plan-summary.csv",
            since="2026-01-12", ledger=str(ledger), payments=str(payments), notice_date="2026-02-16")
    assert summary["status"].tolist() == ["extended", "rejected", "rejected"]
    assert summary.loc[1, "account_id"] is None  # (its fields may be shifted: no id read, as the CLI)
    # The row named once (issue 30): "accounts row 3" is the file's line 3, as the command
    # line's "accounts.csv line 3: expected 4 fields (one per header column), found 5".
    assert summary.loc[1, "message"] == "accounts row 3: expected 4 fields (one per header column), found 5"
    assert summary.loc[2, "message"] == "accounts row 4: expected 4 fields (one per header column), found 2"
    # A-1001 as §15's worked example (the ragged ledger and payment rows not used).
    assert summary.loc[0, "arrears"] == Decimal("1596.51")
    assert schedule["recovery_amount"].tolist() == [Decimal("399.13")] * 3 + [Decimal("399.12")]
    problems = summary.attrs["problems"]
    assert sorted(problems) == ["ledger row 3: expected 5 fields (one per header column), found 3",
                                "payments row 2: expected 3 fields (one per header column), found 2"]
    assert any("2 account(s) rejected" in str(w.message) for w in caught)
    assert summary.attrs["manifest"]["statuses"]["rejected"] == 2


def test_a_ragged_plan_row_is_reported(tmp_path, monkeypatch):
    # The plan of record read from a file: a ragged row is reported in plan_problems, not an
    # exception. Its account_id field still names A-1001 (as on the command line:
    # tests/cli/cases/replan_plan_ragged), so A-1001 goes to review (§5), its arrears still
    # §15's A2 = 709.56 + 886.95 = 1,596.51; a ragged row with no account_id names none.
    monkeypatch.chdir(INPUTS)
    plan = tmp_path / "plan.csv"
    plan.write_text(pathlib.Path("replan-worked-plan.csv").read_text() + "A-1001,2026-05-01\n"  # line 5
                    ",2026-06-01\n")  # line 6
    with pytest.warns(arrears.InputWarning):
        _, summary, changes = arrears.replan("worked.csv", plan=str(plan),
                                             plan_summary="replan-worked-plan-summary.csv", since="2026-01-12",
                                             ledger="replan-worked-ledger.csv", notice_date="2026-02-16")
    # Each named once (issue 30), as the command line's "--plan line 5: expected 7 fields
    # (one per header column), found 2" (tests/cli/cases/replan_plan_ragged).
    assert summary.attrs["plan_problems"] == ["plan row 5: expected 7 fields (one per header column), found 2",
                                              "plan row 6: expected 7 fields (one per header column), found 2"]
    assert summary.loc[0, ["status", "arrears"]].tolist() == ["review", Decimal("1596.51")]
    assert summary.loc[0, "message"] == ("plan row 5: expected 7 fields (one per header column), found 2: "
                                         "arrears not trusted")
    # Its catch-up from E2 (2 Mar, 1 Apr, told 886.95) back to the regular 532.17.
    assert changes[["collection_date", "amount", "action"]].astype(str).values.tolist() == [
        ["2026-03-02", "532.17", "regular"], ["2026-04-01", "532.17", "regular"]]


# ---- issue 30: keep= and map=, as the command line's --keep and --map --------------------


def test_keep_as_the_command_line(monkeypatch):
    """keep=: the golden case replan_collections_keep (`--keep name,reference`, hand check in
    its case file): the kept columns after account_id in the collections, every cell as the
    command line's collections.csv (A-1001 "Ms A Example", "DD-A1001": 931.30 on 2 Mar, 1 Apr,
    1 May and 931.29 on 1 Jun, previous 886.95, 886.95, 532.17, 532.17; A-1002 collect 532.17
    twice; A-1003 withdraw 0.00 twice), and in the notices of the changed accounts (A-1001
    revised, A-1002 catch_up_stops), as `arrears replan --notices --keep` gives them."""
    monkeypatch.chdir(INPUTS)
    accounts, keywords = case_arguments("replan_collections_keep")
    assert keywords.pop("keep") == "name,reference"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", arrears.InputWarning)
        _, _, changes, notices = arrears.replan(accounts, keep=["name", "reference"], notices=True, **keywords)
    cli = read_text(CASES / "replan_collections_keep" / "expected" / "collections.csv")
    assert list(cli.columns[:3]) == ["account_id", "name", "reference"]
    pd.testing.assert_frame_equal(as_text(changes), cli)
    assert changes.loc[0, ["account_id", "name", "reference"]].tolist() == ["A-1001", "Ms A Example", "DD-A1001"]
    # The notices: kept columns after account_id, the rest as replan_notices' (no --keep).
    assert notices[["account_id", "name", "reference"]].values.tolist() == [
        ["A-1001", "Ms A Example", "DD-A1001"], ["A-1002", "Mr B Example", "DD-A1002"]]
    plain = read_text(CASES / "replan_notices" / "expected" / "notices.csv")
    pd.testing.assert_frame_equal(as_text(notices).drop(columns=["name", "reference"]), plain)
    # A string is split at commas, as --keep's value.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", arrears.InputWarning)
        _, _, by_text = arrears.replan(accounts, keep="name, reference", **keywords)
    pd.testing.assert_frame_equal(by_text, changes)


def test_keep_refusals(worked, plan_of_record):
    # As recover's keep: a column the accounts lack, or an output column's name, is an InputError.
    plan, plan_summary = plan_of_record
    keywords = dict(plan=plan, plan_summary=plan_summary, since="2026-01-12", ledger=LEDGER,
                    notice_date="2026-02-16")
    with pytest.raises(arrears.InputError, match="postcode"):
        arrears.replan([worked], keep=["postcode"], **keywords)
    with pytest.raises(arrears.InputError, match="previous_amount"):
        arrears.replan([{**worked, "previous_amount": "x"}], keep=["previous_amount"], **keywords)


def test_map_reads_a_councils_own_column_names(worked, plan_of_record):
    """map=: §15's worked example with the accounts' and the ledger's columns under an
    export's own names (Ref for account_id, "DD Amount" for amount, Due for due_date): the
    same figures as test_the_worked_example_of_section_15 (A2 1,596.51 = 709.56 + 886.95;
    399.13 x 3 + 399.12 from 2 Mar; previous 886.95, 886.95, 532.17, 532.17). keep names the
    export's own column (Ref), as --keep does."""
    plan, plan_summary = plan_of_record
    accounts = [{"Ref": worked["account_id"], "DD Amount": worked["amount"], "frequency": worked["frequency"],
                 "first_due": worked["first_due"]}]
    ledger = [{"Ref": "A-1001", "Due": "2026-02-01", "amount": "886.95", "status": "unpaid", "reason": "0"}]
    schedule, summary, changes = arrears.replan(
        accounts, plan=plan, plan_summary=plan_summary, since="2026-01-12", ledger=ledger,
        notice_date="2026-02-16", map={"account_id": "Ref", "amount": "DD Amount", "due_date": "Due"}, keep=["Ref"])
    assert schedule["recovery_amount"].tolist() == [Decimal("399.13")] * 3 + [Decimal("399.12")]
    assert summary.loc[0, ["account_id", "status", "arrears", "shortfall", "changed"]].tolist() == [
        "A-1001", "extended", Decimal("1596.51"), Decimal("886.95"), "yes"]
    assert changes["previous_amount"].tolist() == [Decimal("886.95")] * 2 + [Decimal("532.17")] * 2
    assert changes["Ref"].tolist() == ["A-1001"] * 4
    # A misspelt OURS is recover's (and the command line's usage_replan_map_unknown_ours) error.
    with pytest.raises(arrears.InputError, match=r"arrears reads no column 'frist_due' \(did you mean 'first_due'\?\)"):
        arrears.replan(accounts, plan=plan, plan_summary=plan_summary, since="2026-01-12", ledger=ledger,
                       notice_date="2026-02-16", map={"account_id": "Ref", "frist_due": "Start"})


def test_map_of_files_given_by_path(tmp_path, monkeypatch):
    # map= on a path read as the command line reads it: replan_worked_example's files with the
    # accounts' account_id header renamed to Ref give its figures (A2 1,596.51, extended).
    monkeypatch.chdir(INPUTS)
    accounts = tmp_path / "accounts.csv"
    text = pathlib.Path("worked.csv").read_text()
    accounts.write_text(text.replace("account_id", "Ref", 1))
    _, summary, changes = arrears.replan(str(accounts), plan="replan-worked-plan.csv",
                                         plan_summary="replan-worked-plan-summary.csv", since="2026-01-12",
                                         ledger="replan-worked-ledger.csv", notice_date="2026-02-16",
                                         map={"account_id": "Ref"})
    assert summary.loc[0, ["account_id", "status", "arrears"]].tolist() == ["A-1001", "extended", Decimal("1596.51")]
    assert changes["amount"].tolist() == [Decimal("931.30")] * 3 + [Decimal("931.29")]


def test_map_keeps_a_ragged_rows_text_out_of_the_id(tmp_path, monkeypatch):
    # A row of the accounts file with one field ("A-1002", of the header's fields) is rejected
    # with no account_id, as the command line rejects it ("accounts row 3: expected N fields
    # ... found 1"), also when map= reads account_id from Ref: the row's text is held in a
    # cell that is not Ref, so it never becomes an account_id (review of issue 30's map=).
    monkeypatch.chdir(INPUTS)
    accounts = tmp_path / "accounts.csv"
    text = pathlib.Path("worked.csv").read_text().replace("account_id", "Ref", 1)
    accounts.write_text(text.rstrip("\n") + "\nA-1002\n")
    fields = len(text.splitlines()[0].split(","))
    _, summary, _ = arrears.replan(str(accounts), plan="replan-worked-plan.csv",
                                   plan_summary="replan-worked-plan-summary.csv", since="2026-01-12",
                                   ledger="replan-worked-ledger.csv", notice_date="2026-02-16",
                                   map={"account_id": "Ref"})
    assert summary.loc[0, ["account_id", "status"]].tolist() == ["A-1001", "extended"]
    assert summary.loc[1, "status"] == "rejected"
    assert summary.loc[1, "account_id"] in (None, "")
    assert summary.loc[1, "message"] == f"accounts row 3: expected {fields} fields (one per header column), found 1"
