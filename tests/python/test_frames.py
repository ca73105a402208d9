"""_core.take_objects, the gather that builds the result frames' object columns
(python/src/register_tables.cpp): the same cells as numpy's own `objects[codes]`, each
object's references counted by fill_object_cells (python/src/tables.hpp), the one place
references are counted by hand; and the result's object columns over _core's own memory
(ObjectColumn), whose cells that function fills."""
import decimal
import gc
import sys

import numpy as np
import pandas as pd
import pytest

import arrears
from arrears import _core, _frames


def test_take_objects_gives_numpys_cells_for_int32_and_int64_codes():
    objects = np.array([decimal.Decimal("532.17"), "A-1001", None], dtype=object)
    for dtype in (np.int32, np.int64):
        codes = np.array([2, 0, 0, 1, 2], dtype=dtype)
        taken = _core.take_objects(objects, codes)
        assert taken.dtype == object
        # The same objects, not copies: cell 1 and cell 2 are the one Decimal("532.17").
        assert taken.tolist() == [None, decimal.Decimal("532.17"), decimal.Decimal("532.17"), "A-1001", None]
        assert taken[1] is objects[0] and taken[2] is objects[0]


@pytest.mark.parametrize("threads", [1, 2])
def test_each_cell_holds_one_counted_reference(threads):
    # fill_object_cells counts each object's cells and adds that many references at once;
    # a count one off either way leaves the object with a reference too many (never freed)
    # or too few (freed while a cell still holds it). 200,000 cells (four chunks of 65,536:
    # with threads=2 they are written on two threads, the GIL released): `a` in 140,000 of
    # them, `c` in 60,000, `b` in none.
    a, b, c = object(), object(), object()
    objects = np.array([a, b, c], dtype=object)
    codes = np.repeat(np.array([0, 2, 0], dtype=np.int64), [70_000, 60_000, 70_000])
    before = [sys.getrefcount(x) for x in (a, b, c)]
    taken = _core.take_objects(objects, codes, threads=threads)
    after = [sys.getrefcount(x) for x in (a, b, c)]
    assert [after[k] - before[k] for k in range(3)] == [140_000, 0, 60_000]
    assert taken[0] is a and taken[69_999] is a and taken[70_000] is c and taken[-1] is a
    del taken
    gc.collect()
    assert [sys.getrefcount(x) for x in (a, b, c)] == before


def test_a_code_outside_the_objects_counts_nothing():
    # The codes are checked before any count changes: the IndexError leaves every count as it was.
    a = object()
    before = sys.getrefcount(a)
    with pytest.raises(IndexError, match="code 1 outside 1 objects"):
        _core.take_objects(np.array([a], dtype=object), np.array([0, 0, 1], dtype=np.int32))
    assert sys.getrefcount(a) == before


def test_take_objects_of_no_codes_is_empty():
    assert len(_core.take_objects(np.array(["x"], dtype=object), np.zeros(0, dtype=np.int64))) == 0


def test_take_objects_refuses_a_code_outside_the_objects():
    objects = np.array(["a", "b"], dtype=object)
    with pytest.raises(IndexError, match="code 2 outside 2 objects"):
        _core.take_objects(objects, np.array([0, 2], dtype=np.int64))
    with pytest.raises(IndexError, match="code -1 outside 2 objects"):
        _core.take_objects(objects, np.array([-1], dtype=np.int32))


def test_take_objects_refuses_arrays_of_other_kinds():
    with pytest.raises(TypeError, match="object array"):
        _core.take_objects(np.arange(3), np.array([0]))
    with pytest.raises(TypeError, match="integer codes"):
        _core.take_objects(np.array(["a"], dtype=object), np.array([0.0]))


def test_all_str_is_true_only_when_every_cell_is_a_str():
    # The fast path of _frames._series_cells: a frame's own column is read as it is only
    # when every cell is a str (read_csv(dtype=str, keep_default_na=False) gives such columns).
    assert _core.all_str(np.array(["A-1", "", " x "], dtype=object))
    assert not _core.all_str(np.array(["A-1", None], dtype=object))
    assert not _core.all_str(np.array(["A-1", float("nan")], dtype=object))
    assert not _core.all_str(np.array([decimal.Decimal("1.00")], dtype=object))
    assert _core.all_str(np.array([], dtype=object))
    with pytest.raises(TypeError, match="object array"):
        _core.all_str(np.array([1, 2]))


def test_result_object_columns_hold_and_release_their_references():
    # The schedule's account_id column is made of the summary's own str objects, in memory
    # the capsule behind the arrays frees; each cell holds one reference while a frame (or a
    # view) lives, and numpy's assignment keeps the counts right. W1 (532.17 monthly, the
    # §11 example) has 3 schedule rows (2 February, 2 March and 1 April 2026: nobody pays
    # double), so its id is referred to by: our local, the summary cell and 3 schedule cells.
    account = "".join(["W", "1"])  # a str of its own, not an interned constant
    accounts = [{"account_id": account, "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01"}]
    before = sys.getrefcount(account)
    schedule, summary = arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12",
                                        money="pence")
    assert schedule["account_id"].tolist() == ["W1", "W1", "W1"]
    assert summary["account_id"][0] is schedule["account_id"][0] is schedule["account_id"][2] is account
    assert sys.getrefcount(account) == before + 4
    del schedule, summary
    gc.collect()
    assert sys.getrefcount(account) == before


def test_an_object_column_of_ours_keeps_counts_right_through_numpy():
    # take_objects' result is such a column: numpy's assignment releases a cell's reference
    # and takes the new one; a view keeps the memory (and its cells' references) alive.
    account = "".join(["A", "-1"])
    before = sys.getrefcount(account)
    column = _core.take_objects(np.array([account], dtype=object), np.array([0, 0, 0], dtype=np.int64))
    assert column.tolist() == ["A-1"] * 3 and column.flags.writeable
    assert sys.getrefcount(account) == before + 3  # (the 1-cell array it was taken from is gone)
    column[0] = "A-2"
    assert sys.getrefcount(account) == before + 2
    view = column[1:]
    del column
    gc.collect()
    assert sys.getrefcount(account) == before + 2  # the view keeps both cells
    assert view.tolist() == ["A-1", "A-1"]
    del view
    gc.collect()
    assert sys.getrefcount(account) == before


OUTAGE = {"outage": ("2025-11-24", "2026-01-09"), "notice_date": "2026-01-12", "money": "pence"}


def test_an_object_column_of_mixed_cells_is_read_as_it_is():
    # A frame's object columns reach _core as they are (no pass over them first); a cell
    # that is not a str is made text as it is read, by the package's _cell. Here: an int
    # account_id, a Decimal and an int amount (whole pounds), a Timestamp and a NaN (empty:
    # no end) in one frame. Each account pays 532.17 (or 532.00) monthly from 1 April 2025;
    # the outage misses December and January (§11): arrears 2 x 532.17 = 1064.34 and
    # 2 x 532 = 1064.00, both recovered without paying double on 2 Feb, 2 Mar and 1 Apr 2026
    # (106434 / 3 = 35478; 106400 = 3 x 35466 + 2: 35467, 35467, 35466 pence).
    accounts = pd.DataFrame({
        "account_id": [1001, "A-2"],
        "amount": [decimal.Decimal("532.17"), 532],
        "frequency": ["monthly", "monthly"],
        "first_due": [pd.Timestamp("2025-04-01"), "2025-04-01"],
        "end": [float("nan"), ""],
    }, dtype=object)
    assert (accounts.dtypes == object).all()
    schedule, summary = arrears.recover(accounts, **OUTAGE)
    assert summary["account_id"].tolist() == ["1001", "A-2"]
    assert summary["status"].tolist() == ["extended", "extended"]
    assert summary["arrears"].tolist() == [106434, 106400]
    assert schedule["account_id"].tolist() == ["1001"] * 3 + ["A-2"] * 3
    assert schedule["recovery_amount"].tolist() == [35478, 35478, 35478, 35467, 35467, 35466]
    # The same text a CSV holds gives the same frames.
    as_text = accounts.assign(account_id=["1001", "A-2"], amount=["532.17", "532"],
                              first_due=["2025-04-01", "2025-04-01"], end=["", ""])
    for a, b in zip(arrears.recover(as_text, **OUTAGE), (schedule, summary)):
        pd.testing.assert_frame_equal(a, b)


def test_a_missing_cell_shared_by_many_rows_is_made_text_once(monkeypatch):
    # Missing cells are mostly one object (numpy's nan here): _core converts a column's last
    # cell again only when the next one is another object. 1,000 rows of NaN `end`: _cell is
    # called for those once (and for nothing else: every other cell is a str).
    calls = []
    real = _frames._cell

    def counting(value, kind):
        calls.append(kind)
        return real(value, kind)

    monkeypatch.setattr(_frames, "_cell", counting)
    n = 1000
    accounts = pd.DataFrame({"account_id": [f"A-{i}" for i in range(n)], "amount": ["10.00"] * n,
                             "frequency": ["monthly"] * n, "first_due": ["2025-04-01"] * n,
                             "end": np.array([np.nan] * n, dtype=object)})
    _, summary = arrears.recover(accounts, **OUTAGE)
    assert (summary["arrears"] == 2000).all()  # December and January, 10.00 each
    # (The blank-row scan stops at each row's account_id, which has text: `end` is made
    # text only as the rows are read.)
    assert calls == ["date"]


def test_a_row_of_missing_cells_is_blank_in_an_object_frame():
    # §12: a row whose cells are all empty is skipped; None and NaN cells are empty.
    accounts = pd.DataFrame({"account_id": np.array(["X-1", None], dtype=object),
                             "amount": np.array(["100.00", np.nan], dtype=object),
                             "frequency": np.array(["monthly", None], dtype=object),
                             "first_due": np.array(["2025-04-01", np.nan], dtype=object)})
    _, summary = arrears.recover(accounts, **OUTAGE)
    assert summary["account_id"].tolist() == ["X-1"]


def test_a_converter_that_gives_no_str_is_a_type_error():
    table = (["account_id"], [np.array([1], dtype=object)], np.arange(1), [lambda v: 1])
    with pytest.raises(TypeError, match="column 'account_id' row 0: the converter gave int, not str"):
        _core.blank_rows(table)


def test_a_table_needs_one_converter_per_column():
    cells = [np.array(["A-1"], dtype=object), np.array(["x"], dtype=object)]
    with pytest.raises(ValueError, match=r"one converter \(or None\) per header name"):
        _core.blank_rows((["account_id", "note"], cells, np.arange(1), [None]))
    with pytest.raises(ValueError, match=r"\(header, columns, row numbers\[, converters\[, row errors\]\]\)"):
        _core.blank_rows((["account_id"],))
    # The fifth, {position: why} (a CSV row not split into the header's fields), names a row.
    with pytest.raises(ValueError, match="^a table's row error names no row$"):
        _core.blank_rows((["account_id"], cells[:1], np.arange(1), [None], {1: "expected 1 field"}))


def test_an_id_that_fails_at_the_end_counts_no_reference():
    # The summary's account_ids are all made (the caller's str, or the text of a cell that is
    # not one) before any is counted (one reference for the summary cell and one per
    # schedule row); if an id's text cannot be made (its third conversion: the blank-row
    # scan, the read, the summary; the last cell converted is remembered, so W3 is not asked
    # again), no count has changed. W1 has 2 schedule rows (§11).
    class Flaky:
        def __init__(self, text):
            self.text, self.calls = text, 0

        def __str__(self):
            self.calls += 1
            if self.calls >= 3:
                raise RuntimeError("no text the third time")
            return self.text

    account = "".join(["W", "1"])
    flaky = [Flaky("W2"), Flaky("W3")]
    accounts = pd.DataFrame({"account_id": [account, *flaky], "amount": ["532.17"] * 3,
                             "frequency": ["monthly"] * 3, "first_due": ["2025-04-01"] * 3}, dtype=object)
    before = sys.getrefcount(account)
    with pytest.raises(RuntimeError, match="no text the third time"):
        arrears.recover(accounts, **OUTAGE)
    gc.collect()
    assert [f.calls for f in flaky] == [3, 2]
    assert sys.getrefcount(account) == before


def test_an_error_reading_a_later_block_stops_the_call_cleanly():
    # _core reads block k + 1 (16,384 rows a block) while block k is recovered on other
    # threads; a cell whose text cannot be made (its __str__ raises) in the second block
    # raises from the call, after the first block's work has finished, and a later call works.
    class Unprintable:
        def __str__(self):
            raise RuntimeError("no text for this cell")

    n = 20_000
    frequency = np.array(["monthly"] * n, dtype=object)
    frequency[19_000] = Unprintable()
    accounts = pd.DataFrame({"account_id": [f"A-{i}" for i in range(n)], "amount": ["10.00"] * n,
                             "frequency": frequency, "first_due": ["2025-04-01"] * n})
    with pytest.raises(RuntimeError, match="no text for this cell"):
        arrears.recover(accounts, **OUTAGE)
    accounts.loc[19_000, "frequency"] = "weekly"
    _, summary = arrears.recover(accounts, **OUTAGE)
    assert summary["status"].isin(["ok", "extended"]).all()


def test_shared_text_cells_are_counted_once_per_cell():
    # A status or warnings str is one object shared by every cell that says it; its
    # references are counted in bulk. Three W accounts are ok, with the double_payment
    # warning (double payments allowed, each pays 532.17 + 532.17 on 2 Feb and 2 Mar 2026,
    # §11); X is rejected (1.234 has three decimal places).
    accounts = [{"account_id": f"W{i}", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01"}
                for i in range(3)]
    accounts.append({"account_id": "X", "amount": "1.234", "frequency": "monthly", "first_due": "2025-04-01"})
    with pytest.warns(arrears.InputWarning):
        _, summary = arrears.recover(accounts, no_double_payment=False, **OUTAGE)
    ok, rejected, warned = summary["status"][0], summary["status"][3], summary["warnings"][0]
    assert (ok, rejected, warned) == ("ok", "rejected", "double_payment")
    assert summary["warnings"][3] is None and summary["message"][0] is None
    assert summary["message"][3].startswith("accounts row 3, column 2 (amount): invalid amount '1.234'")
    with_cells = [sys.getrefcount(x) for x in (ok, rejected, warned)]
    del summary
    gc.collect()
    # The cells held 3, 1 and 3 references (and nothing else did: the strs are _core's own).
    after = [sys.getrefcount(x) for x in (ok, rejected, warned)]
    assert [a - b for a, b in zip(with_cells, after)] == [3, 1, 3]


def test_a_schedule_that_outgrows_its_first_columns_keeps_every_row():
    # The schedule's columns start with room for 5 rows an account and move when a block
    # needs more (python/src/tables.hpp ColumnGrid). 20,000 weekly accounts of £12.50 (two
    # blocks of 16,384 rows) make 12 rows each: 240,000 rows against room for 100,000.
    n = 20_000
    accounts = pd.DataFrame({"account_id": [f"W-{i}" for i in range(n)], "amount": "12.50",
                             "frequency": "weekly", "first_due": "2025-04-07"})
    schedule, summary = arrears.recover(accounts, outage="2025-11-24..2026-01-09",
                                        notice_date="2026-01-12", money="pence")
    assert len(schedule) == 12 * n
    # Seven weekly collections missed (24 Nov to 5 Jan): 7 x 1250 = 8750 pence, taken back
    # in 10 instalments of 875 from 26 Jan (the notice of 12 Jan, 10 working days); the
    # collections of 12 and 19 Jan, before the earliest revised collection, stay 1250 (§6).
    totals = [1250, 1250] + [2125] * 10
    after = [8750, 8750] + [8750 - 875 * k for k in range(1, 11)]
    assert schedule["total_amount"].to_numpy().reshape(n, 12).tolist() == [totals] * n
    assert schedule["arrears_after"].to_numpy().reshape(n, 12).tolist() == [after] * n
    assert (schedule["account_id"].to_numpy().reshape(n, 12) == np.array([f"W-{i}" for i in range(n)])[:, None]).all()
    assert schedule["due_date"].iloc[-1] == pd.Timestamp("2026-03-30")
    assert summary["arrears"].tolist() == [8750] * n
