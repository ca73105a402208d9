"""What the whole-portfolio CLI tests (determinism, notices_portfolio, bundled_portfolio,
letters_print) share: a list of failures that `check` adds to, CSV bytes read as rows, and
the report at the end (every failure on a line of its own, or one `ok:` line; exit 1 or 0)."""

import csv
import io

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def rows(data):
    """The rows of a CSV file's bytes (UTF-8), as dicts by column name."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def finish(ok_line, most=50):
    """Prints the first `most` failures, or `ok_line` when there are none; the exit status."""
    for f in failures[:most]:
        print("FAILED:", f)
    if not failures:
        print(ok_line)
    return 1 if failures else 0
