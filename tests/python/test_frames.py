"""_core.take_objects, the gather that builds the result frames' object columns
(python/src/register_tables.cpp): the same cells as numpy's own `objects[codes]`."""
import decimal

import numpy as np
import pytest

from arrears import _core


def test_take_objects_gives_numpys_cells_for_int32_and_int64_codes():
    objects = np.array([decimal.Decimal("532.17"), "A-1001", None], dtype=object)
    for dtype in (np.int32, np.int64):
        codes = np.array([2, 0, 0, 1, 2], dtype=dtype)
        taken = _core.take_objects(objects, codes)
        assert taken.dtype == object
        # The same objects, not copies: cell 1 and cell 2 are the one Decimal("532.17").
        assert taken.tolist() == [None, decimal.Decimal("532.17"), decimal.Decimal("532.17"), "A-1001", None]
        assert taken[1] is objects[0] and taken[2] is objects[0]


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
