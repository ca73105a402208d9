"""Hypothesis: the invariants of recovery-rules §10 over generated plans and options.

Each example is a small portfolio with one set of options; every ok/extended account's
schedule is checked against the rules directly (E and H are worked out here from the
public Calendar and financial_year, not taken from the engine)."""

import datetime as dt
import itertools
import math
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
    if draw(st.booleans()):
        options["until"] = notice + dt.timedelta(days=draw(st.integers(0, 500)))
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
    if no_double:
        options["no_double_payment"] = True
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
        # The ceiling: the smaller of the cap and, with no_double_payment, regular - 1p.
        ceilings = [c for c in (cap_pence(options.get("cap"), regular),
                                regular - 1 if no_double else None) if c is not None]
        if ceilings:
            assert rec.max() <= min(ceilings)
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
