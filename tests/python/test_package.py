"""The package itself: typed, documented, and its docstring examples right."""

import doctest
import inspect
import pathlib
import pydoc

import pytest

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
        "accounts", "outage", "ledger", "payments", "mandates", "notice_date", "notice_days", "postal_days", "region",
        "holidays", "closures", "fy_start", "until", "strategy", "remainder", "cap", "extend", "when_none",
        "past_end", "skip_weeks", "no_double_payment", "min_recovery", "money", "threads", "date_format", "map",
        "notices", "keep", "language"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(parameters.values())[1:])


def test_recover_keywords_are_the_option_table():
    # The options of the recovery itself come from the library's table, as the command line's
    # do: every keyword of the table is one of recover's, with the table's default (as the
    # keyword's type) and its help in recover's docstring.
    parameters = inspect.signature(arrears.recover).parameters
    table = [o for o in arrears._core.options if o.keyword]
    assert [o.keyword for o in table] == [
        "outage", "notice_date", "notice_days", "postal_days", "fy_start", "until", "strategy", "remainder", "cap",
        "extend", "when_none", "past_end", "skip_weeks", "no_double_payment", "min_recovery"]
    defaults = {name: p.default for name, p in parameters.items() if name in {o.keyword for o in table}}
    assert defaults == {
        "outage": None, "notice_date": inspect.Parameter.empty, "notice_days": 10, "postal_days": 0,
        "fy_start": "04-01", "until": None, "strategy": "spread", "remainder": "first", "cap": None, "extend": True,
        "when_none": "next-year", "past_end": "continue", "skip_weeks": "rest", "no_double_payment": True,
        "min_recovery": None}
    assert parameters["strategy"].annotation == "Literal['spread', 'single']"
    doc = pydoc.render_doc(arrears.recover, renderer=pydoc.plaintext)
    assert "no_double_payment : bool\n" in doc and "past_end : {\"stop\", \"continue\"}\n" in doc
    # The help of --no-extend, worded for its keyword; --remainder in a help named as a keyword.
    assert "``False`` (``--no-extend``): never recover past the horizon" in doc
    assert "Default none, or 1.00 with ``remainder`` whole-pounds" in doc
    assert "<options:" not in doc


def test_recover_refuses_a_keyword_it_does_not_take():
    accounts = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01"}]
    with pytest.raises(TypeError, match=r"^recover\(\) got an unexpected keyword argument 'no_double_payments'$"):
        arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12",
                        no_double_payments=True)
    with pytest.raises(TypeError, match=r"^recover\(\) missing a required argument: 'notice_date'$"):
        arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"))


def test_every_public_function_has_the_numpy_sections_and_an_example():
    # help(arrears) is the analyst's reference: every function says what it takes, what it
    # gives back, what it raises, and shows at least one example that doctest runs.
    finder = doctest.DocTestFinder()
    for name in ["recover", "replan", "cashflow", "split", "financial_year", "write_workbook", "read_arudd", "read_mandates",
                 "letters", "collections", "bacs_file"]:
        function = getattr(arrears, name)
        doc = inspect.getdoc(function)
        for section in ("Parameters\n---", "Returns\n---", "Raises\n---", "Examples\n---"):
            assert section in doc, (name, section)
        assert sum(len(test.examples) for test in finder.find(function, name, module=False)) >= 1, name
        signature = inspect.signature(function)
        assert signature.return_annotation is not inspect.Signature.empty, name
        for parameter in signature.parameters.values():
            assert parameter.annotation is not inspect.Parameter.empty, (name, parameter.name)
            assert parameter.name in doc, (name, parameter.name)
