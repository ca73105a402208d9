"""arrears.recover's residents'-promise keywords (recovery-rules §8, §9, §11): past_end
(continue by default), no_double_payment (on by default for spread) and min_recovery; ARUDD
4; the double-payment count in summary.attrs."""

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

import arrears
from arrears import InputError
from conftest import feb_and_mar_2026

D = Decimal
T = pd.Timestamp

# §11's Council Tax: £150.00 monthly on the 1st, ten instalments, the last due 1 Jan 2026.
COUNCIL_TAX = {"account_id": "CT-150", "amount": "150.00", "frequency": "monthly", "first_due": "2025-04-01",
               "end": "2026-01-01"}


def recovery_by_date(schedule):
    """{collection date: recovery} of the rows that carry recovery."""
    rows = schedule[schedule["recovery_amount"] > 0]
    return dict(zip(rows["collection_date"], rows["recovery_amount"]))


def test_worked_example_with_no_double_payment(worked, westminster):
    # §11: the ceiling is 532.17 - 0.01 = 532.16; over 2 each part is 532.17, so m = 3:
    # 1064.34 / 3 = 354.78 exactly, on 2 Feb, 2 Mar and Wed 1 Apr 2026 (past H: extended).
    schedule, summary = arrears.recover([worked], no_double_payment=True, **westminster)
    assert recovery_by_date(schedule) == {T("2026-02-02"): D("354.78"), T("2026-03-02"): D("354.78"),
                                          T("2026-04-01"): D("354.78")}
    assert summary.loc[0, "status"] == "extended"
    assert summary.loc[0, "warnings"] is None  # the largest total, 886.95, is under 1064.34
    assert summary.attrs["double_payment_accounts"] == 0
    # The default is the same promise.
    for a, b in zip(arrears.recover([worked], **westminster), (schedule, summary)):
        pd.testing.assert_frame_equal(a, b)


def test_worked_example_pays_double_only_when_allowed(worked, westminster):
    # §11 with no_double_payment=False (--allow-double-payment): 532.17 + 532.17 on 2 Feb and
    # 2 Mar: twice the regular amount, one account.
    _, summary = arrears.recover([worked], no_double_payment=False, **westminster)
    assert summary.loc[0, ["status", "warnings"]].tolist() == ["ok", "double_payment"]
    assert summary.attrs["double_payment_accounts"] == 1


def test_worked_example_with_a_50_percent_cap(worked, westminster):
    # §11: cap 266.08; over 4 two parts are 266.09, so m = 5: 212.87 x 4 and 212.86 on 1 Jun.
    schedule, summary = arrears.recover([worked], cap="50%", **westminster)
    assert recovery_by_date(schedule) == {T("2026-02-02"): D("212.87"), T("2026-03-02"): D("212.87"),
                                          T("2026-04-01"): D("212.87"), T("2026-05-01"): D("212.87"),
                                          T("2026-06-01"): D("212.86")}
    assert summary.loc[0, "status"] == "extended"


def test_council_tax_ending_in_january(westminster):
    # §11: 1 Dec and 2 Jan (due 1 Jan <= end) missed, A = 300.00. With the default past_end
    # continue: 150.00 on Mon 2 Feb and Mon 2 Mar 2026 (the 1sts are Sundays), rows with
    # regular 0.00 and total 150.00, status ok, no warning (a continued collection's ceiling
    # is twice 150.00 less 1p, 299.99; 150.00 < 2 x 150.00).
    schedule, summary = arrears.recover([COUNCIL_TAX], **westminster)
    assert schedule.drop(columns="account_id").to_dict("list") == feb_and_mar_2026("0.00", "150.00", "150.00")
    assert summary.loc[0, ["status", "instalments", "warnings", "message"]].tolist() == ["ok", 2, None, None]
    # Stop: nothing left, review.
    _, summary = arrears.recover([COUNCIL_TAX], past_end="stop", **westminster)
    assert summary.loc[0, "status"] == "review"
    assert summary.loc[0, "message"] == ("no collection between 2026-01-26 and 2027-03-31 can carry the recovery: "
                                         "the plan ends 2026-01-01 (past_end stop)")


def test_a_continued_collection_is_held_to_twice_the_plan_amount_less_1p(westminster):
    # §8: with until 28 Feb only Mon 2 Feb (continued, no regular part) is before H: 300.00
    # there would total twice 150.00, over the ceiling 299.99, so m = 2: 150.00 on 2 Feb and
    # 2 Mar (extended). Allowed: all 300.00 on 2 Feb, warning double_payment.
    schedule, summary = arrears.recover([COUNCIL_TAX], until="2026-02-28", **westminster)
    assert recovery_by_date(schedule) == {T("2026-02-02"): D("150.00"), T("2026-03-02"): D("150.00")}
    assert summary.loc[0, ["status", "warnings"]].tolist() == ["extended", None]
    schedule, summary = arrears.recover([COUNCIL_TAX], until="2026-02-28", no_double_payment=False, **westminster)
    assert recovery_by_date(schedule) == {T("2026-02-02"): D("300.00")}
    assert summary.loc[0, ["status", "warnings"]].tolist() == ["ok", "double_payment"]


def test_ct10_148_with_past_end_continue(westminster):
    # 148.00 to 1 Jan 2026: A = 296.00, stop -> review; continue -> 148.00 on 2 Feb and 2 Mar.
    ct10 = {**COUNCIL_TAX, "account_id": "CT-10", "amount": "148.00"}
    _, summary = arrears.recover([ct10], past_end="stop", **westminster)
    assert summary.loc[0, "status"] == "review"
    schedule, summary = arrears.recover([ct10], money="pence", **westminster)
    assert schedule[["regular_amount", "recovery_amount", "total_amount"]].values.tolist() == [[0, 14800, 14800],
                                                                                            [0, 14800, 14800]]
    assert schedule["collection_date"].tolist() == [T("2026-02-02"), T("2026-03-02")]
    assert summary.loc[0, "status"] == "ok" and summary.loc[0, "warnings"] is None


def test_weekly_council_tax_under_whole_pounds():
    # £1.50 weekly on Mondays from 7 Apr 2025; outage 1-20 Apr misses 7 and 14 Apr: A = 3.00.
    # E = Wed 7 May 2025 (10 working days after Tue 22 Apr; Mon 5 May a bank holiday). Over
    # the 47 Mondays to 30 Mar 2026, 3.00/47 rounds to 0 pounds (3.00 on one, 0.00 on the
    # rest): under the default floor of 1.00, so m = 3 (over 4-6 some part is still 0.00):
    # 1.00 on 12 May, 19 May and 26 May, the spring bank holiday, taken Tue 27 May.
    ctw = [{"account_id": "CT-W", "amount": "1.50", "frequency": "weekly", "first_due": "2025-04-07"}]
    options = {"outage": ("2025-04-01", "2025-04-20"), "notice_date": "2025-04-22", "remainder": "whole-pounds"}
    schedule, summary = arrears.recover(ctw, **options)
    assert summary.attrs["earliest_change"] == dt.date(2025, 5, 7)
    assert recovery_by_date(schedule) == {T("2025-05-12"): D("1.00"), T("2025-05-19"): D("1.00"),
                                          T("2025-05-27"): D("1.00")}
    assert summary.loc[0, ["status", "instalments"]].tolist() == ["ok", 3]
    # A minimum of 5.00: 3.00 is below it, so it goes on one collection (a single part is
    # exempt), which pays double: only when allowed.
    schedule, _ = arrears.recover(ctw, min_recovery="5.00", no_double_payment=False, **options)
    assert recovery_by_date(schedule) == {T("2025-05-12"): D("3.00")}
    # With the promise no split keeps both limits: review, naming them.
    schedule, summary = arrears.recover(ctw, min_recovery="5.00", **options)
    assert schedule.empty and summary.loc[0, "status"] == "review"
    assert summary.loc[0, "message"] == ("no split of the arrears 3.00 over the 99 collections up to 2027-03-31 "
                                         "keeps the ceiling 1.49 (no double payment on 1.50) and the floor 5.00 "
                                         "(min recovery)")


def test_arudd_4_sends_the_account_to_review():
    # A disputed advance notice: nothing more may be collected until it is settled (§5).
    accounts = [{"account_id": "L-4", "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01"}]
    ledger = [{"account_id": "L-4", "due_date": "2025-12-01", "amount": "100.00", "status": "unpaid", "reason": "4"}]
    schedule, summary = arrears.recover(accounts, ledger=ledger, notice_date="2026-01-12")
    assert schedule.empty
    assert summary.loc[0, ["status", "arrears"]].tolist() == ["review", D("100.00")]
    assert summary.loc[0, "message"] == ("ARUDD 4: advance notice disputed; nothing more may be collected until "
                                         "the dispute is settled")


def test_limits_that_cannot_be_kept_name_themselves(worked, westminster):
    # Only 2 Feb and 2 Mar lie before H, and 532.17 on each is over the ceiling 532.16.
    _, summary = arrears.recover([worked], no_double_payment=True, extend=False, **westminster)
    assert summary.loc[0, "status"] == "review"
    assert summary.loc[0, "message"] == ("no split of the arrears 1064.34 over the 2 collections up to the horizon "
                                         "2026-03-31 keeps the ceiling 532.16 (no double payment on 532.17) "
                                         "(extension not allowed)")


@pytest.mark.parametrize("options, message", [
    ({"min_recovery": "0.00"}, "min recovery 0.00 is below 0.01"),
    ({"min_recovery": "-5"}, "min recovery -5.00 is below 0.01"),
    ({"min_recovery": "5.001"}, "'5.001'"),
    ({"past_end": "go-on"}, "unknown past-end rule 'go-on' (expected stop or continue)"),
    ({"strategy": "single", "no_double_payment": True}, "no double payment cannot be used with strategy single"),
    ({"strategy": "single", "min_recovery": "5.00"}, "a min recovery 5.00 cannot be used with strategy single"),
    ({"strategy": "single", "cap": "25.00"}, "a cap 25.00 cannot be used with strategy single"),
])
def test_bad_limits_are_input_errors(worked, westminster, options, message):
    with pytest.raises(InputError) as caught:
        arrears.recover([worked], **westminster, **options)
    assert message in str(caught.value)


def test_no_double_payment_must_be_a_bool(worked, westminster):
    with pytest.raises(TypeError, match="no_double_payment"):
        arrears.recover([worked], no_double_payment="yes", **westminster)
