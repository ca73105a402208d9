"""Hypothesis: the invariants of recovery-rules §10 over generated plans and options.

Each example is a small portfolio with one set of options; every ok/extended account's
schedule is checked against the rules directly (E and H are worked out here from the
public Calendar and financial_year, not taken from the engine)."""

import datetime as dt
import itertools
import math
import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import arrears

settings.register_profile("arrears", deadline=None, database=None, max_examples=500,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("arrears")

FREQUENCIES = ["weekly", "fortnightly", "four-weekly", "monthly"]
CONVENTIONS = ["", "following", "preceding", "modified-following", "none"]
PERCENT_CAPS = ["100%", "50%", "33.3%", "10%", "150%", "0.5%", "2.25%"]


def money_text(pence):
    return f"{pence // 100}.{pence % 100:02d}"


@st.composite
def plans(draw, index):
    frequency = draw(st.sampled_from(FREQUENCIES))
    row = {"account_id": f"P{index}", "amount": money_text(draw(st.integers(1, 300_000))),
           "frequency": frequency,
           "first_due": draw(st.dates(dt.date(2023, 1, 1), dt.date(2026, 3, 31))).isoformat(),
           "convention": draw(st.sampled_from(CONVENTIONS))}
    if frequency == "monthly":
        row["day"] = draw(st.one_of(st.just(""), st.just("last"), st.integers(1, 31).map(str)))
    return row


@st.composite
def scenarios(draw):
    start = draw(st.dates(dt.date(2025, 1, 1), dt.date(2026, 9, 30)))
    end = start + dt.timedelta(days=draw(st.integers(0, 120)))
    notice = end + dt.timedelta(days=draw(st.integers(1, 60)))
    strategy = draw(st.sampled_from(["spread", "spread", "single"]))
    options = {
        "outage": (start, end), "notice_date": notice,
        "notice_days": draw(st.integers(0, 15)), "postal_days": draw(st.integers(0, 5)),
        "region": draw(st.sampled_from(["england-and-wales", "scotland", "northern-ireland"])),
        "fy_start": draw(st.sampled_from(["04-01", "04-06", "01-01"])),
        "strategy": strategy,
        "remainder": draw(st.sampled_from(["first", "last", "whole-pounds"])),
        "extend": draw(st.booleans()),
        "when_none": draw(st.sampled_from(["next-year", "single", "review"])),
        "closures": draw(st.lists(st.dates(start, notice + dt.timedelta(days=200)), max_size=3)),
    }
    if draw(st.booleans()):  # after the notice date (§16: on it is refused)
        options["until"] = notice + dt.timedelta(days=draw(st.integers(1, 500)))
    if strategy == "spread":
        options["cap"] = draw(st.one_of(st.none(), st.sampled_from(PERCENT_CAPS),
                                        st.integers(1, 100_000).map(money_text)))
    accounts = [draw(plans(i)) for i in range(draw(st.integers(1, 6)))]
    payments = [{"account_id": a["account_id"], "date": notice.isoformat(),
                 "amount": money_text(draw(st.integers(0, 200_000)))}
                for a in accounts if draw(st.integers(0, 3)) == 0]
    return accounts, payments, options


def cap_pence(cap, regular):
    if cap is None:
        return None
    if cap.endswith("%"):  # a percentage of the regular amount, rounded down (§8)
        return math.floor(Fraction(cap[:-1]) * regular / 100)
    return arrears._core.parse_money(cap)


@given(scenarios())
def test_invariants_of_section_10(scenario):
    accounts, payments, options = scenario
    schedule, summary = arrears.recover(accounts, payments=payments or None, money="pence", **options)
    assert summary["account_id"].tolist() == [a["account_id"] for a in accounts]

    notice_calendar = arrears.Calendar(options["region"], closures=options["closures"])
    collection_calendar = arrears.Calendar(closures=options["closures"])
    notice = options["notice_date"]
    earliest = notice_calendar.add_working_days(notice, options["notice_days"] + options["postal_days"])
    horizon = options.get("until") or arrears.financial_year(notice, options["fy_start"]).end
    by_account = {k: g for k, g in schedule.groupby("account_id", sort=False)}

    for account, row in zip(accounts, summary.itertuples(index=False)):
        rows = by_account.get(row.account_id)
        event(f"status {row.status}")
        assert row.status != "rejected", row.message
        if row.status not in ("ok", "extended"):
            assert rows is None, f"a {row.status} account has a schedule"
            continue
        rec = rows["recovery_amount"].to_numpy()
        dates = [d.date() for d in rows["collection_date"]]
        regular = arrears._core.parse_money(account["amount"])
        # Σ recovery = A
        assert rec.sum() == row.arrears
        # 0 <= recovery <= cap; with first/last, max - min <= 1p
        assert (rec >= 0).all()
        cap = cap_pence(options.get("cap"), regular)
        if cap is not None:
            assert (rec <= cap).all()
        positive = rec[rec > 0]
        assert row.instalments == len(positive) and row.max_recovery == positive.max()
        if options["remainder"] != "whole-pounds":
            assert positive.max() - positive.min() <= 1
        # no recovery before E; collection dates are working days (unless convention none)
        assert all(d >= earliest for d, r in zip(dates, rec) if r > 0)
        if account["convention"] != "none":
            assert all(collection_calendar.is_working_day(d) for d in dates)
        # arrears_after never rises and ends at 0
        after = rows["arrears_after"].to_numpy()
        assert after[0] == row.arrears - rec[0]
        assert (np.diff(after) <= 0).all() and after[-1] == 0
        assert (rows["total_amount"].to_numpy() == rows["regular_amount"].to_numpy() + rec).all()
        assert (rows["regular_amount"].to_numpy() == regular).all()
        # By default nobody pays double with spread (§8): every total under twice the regular.
        if options["strategy"] == "spread":
            assert (rows["total_amount"].to_numpy() < 2 * regular).all() and row.warnings is None
        # rows in date order, from N to max(H, last recovery)
        assert dates == sorted(dates) and dates[0] >= notice
        last = row.last_recovery_date.date()
        assert dates[-1] <= max(horizon, last)
        # extended exactly when recovery runs past H, and never with extend=False
        assert (row.status == "extended") == (last > horizon)
        assert options["extend"] or row.status == "ok"


# The columns that are counts, not money (the library's lists, io/columns.hpp).
COUNTS = {name for table in arrears._core.columns.values() for name, kind, _, _ in table if kind == "count"}


@given(scenarios())
@settings(max_examples=25)
def test_money_forms_agree(scenario):
    accounts, payments, options = scenario
    pence = arrears.recover(accounts, payments=payments or None, money="pence", **options)
    decimal = arrears.recover(accounts, payments=payments or None, money="decimal", **options)
    for p, d in zip(pence, decimal):
        for column in p.columns:
            if str(p[column].dtype) in ("int64", "Int64"):
                if column in COUNTS:
                    assert p[column].equals(d[column])
                    continue
                as_pence = [None if v is None else int(v.scaleb(2)) for v in d[column]]
                assert [None if pd.isna(v) else int(v) for v in p[column].astype(object)] == as_pence
            else:
                assert p[column].equals(d[column])


# Every combination of cap (none, fixed, percent), no_double_payment, min_recovery (none, a
# value), past_end and remainder: 72 parameter sets, each with its own generated examples.
LIMITS = list(itertools.product([None, "fixed", "percent"], [False, True], [None, "value"], ["stop", "continue"],
                                ["first", "last", "whole-pounds"]))


@st.composite
def limit_scenarios(draw, cap_kind, no_double, min_kind, past_end, remainder):
    accounts, payments, options = draw(scenarios())
    options.update(remainder=remainder, past_end=past_end)
    options.pop("cap", None)
    if cap_kind or no_double or min_kind:
        options["strategy"] = "spread"  # the limits are for spread (§8)
    if cap_kind == "fixed":
        options["cap"] = money_text(draw(st.integers(1, 100_000)))
    if cap_kind == "percent":
        options["cap"] = draw(st.sampled_from(PERCENT_CAPS))
    options["no_double_payment"] = no_double  # given either way: on by default for spread
    if min_kind:
        options["min_recovery"] = money_text(draw(st.integers(1, 20_000)))
    # Half the plans end around the notice date, so past_end matters (Council Tax ends in January).
    notice = options["notice_date"]
    for a in accounts:
        if draw(st.booleans()):
            end = notice + dt.timedelta(days=draw(st.integers(-120, 200)))
            if end.isoformat() >= a["first_due"]:
                a["end"] = end.isoformat()
    return accounts, payments, options


@pytest.mark.parametrize("cap_kind, no_double, min_kind, past_end, remainder", LIMITS)
@settings(max_examples=8)
@given(data=st.data())
def test_invariants_under_the_limits(cap_kind, no_double, min_kind, past_end, remainder, data):
    accounts, payments, options = data.draw(limit_scenarios(cap_kind, no_double, min_kind, past_end, remainder))
    schedule, summary = arrears.recover(accounts, payments=payments or None, money="pence", **options)
    by_account = {k: g for k, g in schedule.groupby("account_id", sort=False)}
    double_accounts = 0
    for account, row in zip(accounts, summary.itertuples(index=False)):
        assert row.status != "rejected", row.message
        rows = by_account.get(row.account_id)
        if row.status not in ("ok", "extended"):
            assert rows is None
            continue
        regular = arrears._core.parse_money(account["amount"])
        end = pd.Timestamp(account["end"]) if "end" in account else None
        rec = rows["recovery_amount"].to_numpy()
        total = rows["total_amount"].to_numpy()
        assert rec.sum() == row.arrears and (rec >= 0).all()
        # The ceiling of each collection (§8): the smaller of the cap (on the regular amount)
        # and, with no_double_payment, twice the plan amount less the collection's regular
        # part less 1p: regular - 1p on a collection of the plan, 2 x regular - 1p after its end.
        cap = cap_pence(options.get("cap"), regular)
        for r, regular_part in zip(rec, rows["regular_amount"].to_numpy()):
            ceilings = [c for c in (cap, 2 * regular - regular_part - 1 if no_double else None) if c is not None]
            assert not ceilings or r <= min(ceilings)
        # The floor: min_recovery, or 1.00 under whole-pounds; a single part is exempt.
        floor = (arrears._core.parse_money(options["min_recovery"]) if min_kind
                 else 100 if remainder == "whole-pounds" and options["strategy"] == "spread" else None)
        positive = rec[rec > 0]
        if floor is not None and len(positive) > 1:
            assert positive.min() >= floor
        if remainder != "whole-pounds":
            assert positive.max() - positive.min() <= 1
        # Rows after the plan's end: only with past_end continue, regular 0.00, with recovery.
        after_end = (rows["due_date"] > end).to_numpy() if end is not None else np.zeros(len(rows), bool)
        assert past_end == "continue" or not after_end.any()
        assert (rows["regular_amount"].to_numpy() == np.where(after_end, 0, regular)).all()
        assert (rec[after_end] > 0).all()
        assert (total == rows["regular_amount"].to_numpy() + rec).all()
        # double_payment exactly when a total reaches twice the regular amount; never with
        # no_double_payment.
        double = bool((total >= 2 * regular).any())
        assert (row.warnings == "double_payment") == double
        assert not (no_double and double)
        double_accounts += double
        after = rows["arrears_after"].to_numpy()
        assert (np.diff(after) <= 0).all() and after[-1] == 0
    assert summary.attrs["double_payment_accounts"] == double_accounts


# ---- §16: decisions for one account --------------------------------------------------------

@st.composite
def decided_accounts(draw):
    """A portfolio whose rows carry random decisions (§16), a first_amount (§4) and rent-free
    weeks, with run options of their own. The decisions are cells as a DataFrame holds them
    (text, dates, Decimal-like text, bools)."""
    accounts, payments, options = draw(scenarios())
    options["past_end"] = draw(st.sampled_from(["stop", "continue"]))
    options["skip_weeks"] = draw(st.sampled_from(["rest", "recover"]))
    if options["strategy"] == "spread":
        options["no_double_payment"] = draw(st.sampled_from([True, False]))
    notice = options["notice_date"]
    for a in accounts:
        if draw(st.booleans()):
            a["first_amount"] = money_text(draw(st.integers(1, 300_000)))
        if draw(st.booleans()):
            end = notice + dt.timedelta(days=draw(st.integers(-120, 200)))
            if end.isoformat() >= a["first_due"]:
                a["end"] = end.isoformat()
        if a["frequency"] != "monthly" and draw(st.booleans()):
            # two rent-free weeks among the plan's due dates near the notice (before any end)
            first = dt.date.fromisoformat(a["first_due"])
            step = {"weekly": 7, "fortnightly": 14, "four-weekly": 28}[a["frequency"]]
            k = max(0, (notice - first).days // step + draw(st.integers(-2, 6)))
            skip = [first + dt.timedelta(days=step * (k + i)) for i in (0, 1)]
            if "end" not in a or all(d.isoformat() <= a["end"] for d in skip):
                a["skip"] = ";".join(d.isoformat() for d in skip)
        cells = {
            "strategy": st.sampled_from(["spread", "single"]),
            "cap": st.one_of(st.sampled_from(PERCENT_CAPS), st.integers(1, 100_000).map(money_text)),
            "min_recovery": st.integers(1, 20_000).map(money_text),
            "no_double_payment": st.sampled_from([True, False, "yes", "no"]),
            "past_end": st.sampled_from(["stop", "continue"]),
            "skip_weeks": st.sampled_from(["rest", "recover"]),
            "until": st.integers(1, 500).map(lambda n: notice + dt.timedelta(days=n)),
            "hold_until": st.integers(-10, 400).map(lambda n: notice + dt.timedelta(days=n)),
            "review": st.just("breathing space: call first"),
        }
        for column, cell in cells.items():
            if draw(st.integers(0, 5)) == 0:
                a[column] = draw(cell)
    return accounts, payments, options


def _yes(cell):
    return cell is True or cell == "yes"


@given(decided_accounts())
@settings(max_examples=300)
def test_invariants_hold_for_each_account_under_its_own_decisions(scenario):
    accounts, payments, options = scenario
    frame = pd.DataFrame(accounts)
    with warnings.catch_warnings():  # the rows §16 refuses are checked below, one by one
        warnings.simplefilter("ignore", arrears.InputWarning)
        schedule, summary = arrears.recover(frame, payments=payments or None, money="pence", **options)
    assert summary["account_id"].tolist() == [a["account_id"] for a in accounts]
    notice_calendar = arrears.Calendar(options["region"], closures=options["closures"])
    notice = options["notice_date"]
    earliest = notice_calendar.add_working_days(notice, options["notice_days"] + options["postal_days"])
    by_account = {k: g for k, g in schedule.groupby("account_id", sort=False)}
    for account, row in zip(accounts, summary.itertuples(index=False)):
        rows = by_account.get(row.account_id)
        # The account's own options: the run's, each decision in its row replacing one (§16).
        strategy = account.get("strategy", options["strategy"]).lower()
        single_row = account.get("strategy", "").lower() == "single"
        cap = account.get("cap", None if single_row else options.get("cap"))
        min_recovery = account.get("min_recovery", None if single_row else options.get("min_recovery"))
        no_double = account.get("no_double_payment", None if single_row else options.get("no_double_payment"))
        refused = strategy == "single" and (account.get("cap") is not None or account.get("min_recovery") is not None
                                            or _yes(account.get("no_double_payment")))
        event(f"status {row.status}")
        if refused:  # §16: single with a cap, a min_recovery or no_double_payment yes in the row
            assert row.status == "rejected" and "cannot be used with strategy single" in row.message
            continue
        assert row.status != "rejected", row.message
        if "review" in account:
            assert (row.status, row.message) == ("review", "officer review: " + account["review"])
        if row.status not in ("ok", "extended"):
            assert rows is None, f"a {row.status} account has a schedule"
            continue
        promise = strategy == "spread" and (no_double is None or _yes(no_double))
        past_end = account.get("past_end", options["past_end"])
        skip_weeks = account.get("skip_weeks", options["skip_weeks"])
        horizon = account.get("until") or options.get("until") or arrears.financial_year(notice, options["fy_start"]).end
        start = max(earliest, account.get("hold_until", earliest))
        amount = arrears._core.parse_money(account["amount"])
        first_amount = arrears._core.parse_money(account.get("first_amount", account["amount"]))
        skips = set(account.get("skip", "").split(";")) - {""}
        rec = rows["recovery_amount"].to_numpy()
        regular = rows["regular_amount"].to_numpy()
        total = rows["total_amount"].to_numpy()
        due = [d.date().isoformat() for d in rows["due_date"]]
        dates = [d.date() for d in rows["collection_date"]]
        # Σ recovery = A; arrears_after falls to 0; totals add up.
        assert rec.sum() == row.arrears and (rec >= 0).all()
        after = rows["arrears_after"].to_numpy()
        assert (np.diff(after) <= 0).all() and after[-1] == 0
        assert (total == regular + rec).all()
        for d, r, g, t in zip(due, rec, regular, total):
            plan_amount = first_amount if d == account["first_due"] else amount
            recovery_only = ("end" in account and d > account["end"]) or d in skips
            # §4, §8: the regular part: the plan amount of the date (first_amount for the
            # first due date), none after the end (continue) or in a rent-free week (recover).
            assert g == (0 if recovery_only else plan_amount)
            if recovery_only:
                assert r > 0 and (past_end == "continue" if d > account.get("end", d) else skip_weeks == "recover")
            # §8: each part within the ceiling of its own collection; nobody pays double.
            if cap is not None and strategy == "spread":
                assert r <= cap_pence(cap, amount)  # a percentage cap stays on `amount`
            if promise:
                assert t < 2 * plan_amount
        # No recovery before E, nor before the account's hold_until (§16).
        assert all(d >= start for d, r in zip(dates, rec) if r > 0)
        if min_recovery is not None and strategy == "spread" and (rec > 0).sum() > 1:
            assert rec[rec > 0].min() >= arrears._core.parse_money(min_recovery)
        if strategy == "single":
            assert (rec > 0).sum() >= 1
        # extended exactly when recovery runs past the account's own H.
        last = row.last_recovery_date.date()
        assert (row.status == "extended") == (last > horizon)
        assert dates[-1] <= max(horizon, last)
