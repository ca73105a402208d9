"""The package itself: typed, documented, and its docstring examples right."""

import doctest
import inspect
import pathlib

import arrears
import arrears._core


def test_package_is_typed():
    package = pathlib.Path(arrears.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_core.pyi").exists()
    assert arrears.__version__ == arrears._core.__version__ == "0.1.0"


def test_public_api_is_documented():
    for name in arrears.__all__:
        obj = getattr(arrears, name)
        if name == "__version__":
            continue
        assert inspect.getdoc(obj), name
    for name, member in inspect.getmembers(arrears.Calendar, inspect.isfunction):
        if not name.startswith("_"):
            assert inspect.getdoc(member), name


def test_docstring_examples():
    # The examples in the docstrings (NumPy style) are run as they are written.
    result = doctest.testmod(arrears, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 25
    assert result.failed == 0


def test_recover_signature_mirrors_the_command_line():
    # `arrears recover`'s options, spelt the Python way (§12); --no-extend is extend=False.
    parameters = inspect.signature(arrears.recover).parameters
    assert list(parameters) == [
        "accounts", "outage", "ledger", "payments", "notice_date", "notice_days", "postal_days", "region",
        "holidays", "closures", "fy_start", "until", "strategy", "remainder", "cap", "extend", "when_none",
        "past_end", "no_double_payment", "min_recovery", "money", "threads", "date_format", "map", "notices",
        "keep"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(parameters.values())[1:])
