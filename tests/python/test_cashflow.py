"""arrears.cashflow: monthly totals for the cash forecast."""

from decimal import Decimal as D

import pandas as pd

import arrears

from conftest import WESTMINSTER, WORKED


def test_worked_example_cashflow():
    schedule, _ = arrears.recover([WORKED], cap="50%", **WESTMINSTER)
    flow = arrears.cashflow(schedule)
    assert list(flow.columns) == ["month", "collections", "regular_amount", "recovery_amount", "total_amount"]
    # §11 with cap 50%: 212.87 on 2 Feb, 2 Mar, 1 Apr, 1 May; 212.86 on 1 Jun; 532.17 regular each.
    assert flow["month"].astype(str).tolist() == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    assert flow["collections"].tolist() == [1] * 5
    assert flow["regular_amount"].tolist() == [D("532.17")] * 5
    assert flow["recovery_amount"].tolist() == [D("212.87")] * 4 + [D("212.86")]
    assert flow["total_amount"].tolist() == [D("745.04")] * 4 + [D("745.03")]
    assert sum(flow["recovery_amount"]) == D("1064.34")


def test_cashflow_adds_accounts_and_keeps_the_money_form():
    second = {**WORKED, "account_id": "B", "amount": "100.00"}
    for money in ["decimal", "pence"]:
        schedule, _ = arrears.recover([WORKED, second], money=money, **WESTMINSTER)
        flow = arrears.cashflow(schedule)
        # Two accounts, collections on 2 Feb, 2 Mar and 1 Apr (nobody pays double, §11):
        # recovery 354.78 + 66.67 in Feb and Mar, 354.78 + 66.66 in Apr; regular 632.17 each.
        expected = [D("421.45"), D("421.45"), D("421.44")] if money == "decimal" else [42145, 42145, 42144]
        assert flow["recovery_amount"].tolist() == expected
        assert flow["collections"].tolist() == [2, 2, 2]
        if money == "pence":
            assert flow["total_amount"].tolist() == [105362, 105362, 105361]


def test_cashflow_of_an_empty_schedule():
    frame = pd.DataFrame(columns=["account_id", "amount", "frequency", "first_due"])
    schedule, _ = arrears.recover(frame, **WESTMINSTER)
    flow = arrears.cashflow(schedule)
    assert flow.empty
    assert list(flow.columns) == ["month", "collections", "regular_amount", "recovery_amount", "total_amount"]
