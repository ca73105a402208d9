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


def test_every_public_function_has_the_numpy_sections_and_an_example():
    # help(arrears) is the analyst's reference: every function says what it takes, what it
    # gives back, what it raises, and shows at least one example that doctest runs.
    finder = doctest.DocTestFinder()
    for name in ["recover", "cashflow", "split", "financial_year", "write_workbook", "read_arudd", "letters",
                 "collections", "bacs_file"]:
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
