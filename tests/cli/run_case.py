#!/usr/bin/python3
"""Runs one golden test of the `arrears` command line (see README.md in this folder).

    run_case.py ARREARS CASE_DIR [--update]

CASE_DIR/case holds `#` comments (the hand check), one `args:` line (shell words; `{out}` is
a fresh empty output folder) and one `exit:` line. The program runs in tests/cli/inputs with
stdin empty and stdout/stderr captured (so never a terminal). The test passes when the exit
status matches, stdout and stderr equal CASE_DIR/expected/stdout and .../stderr (absent means
empty; the output folder's path reads as `{out}`), and the output folder then holds exactly
the other files of CASE_DIR/expected, byte for byte. Files in CASE_DIR/before/ are copied
into the output folder first, to show that a failed run leaves them untouched.

A workbook the run writes (NAME.xlsx) is compared as the text of its sheets, expected/NAME.xlsx.txt
(sheets_text: each sheet's name, then its rows as CSV, cells as the CSV outputs write them), so
its expected rows can be checked by hand like any other file's.

--update rewrites CASE_DIR/expected from this run: check every changed file by hand.
"""

import csv
import datetime
import io
from decimal import Decimal

import difflib
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
INPUTS = HERE / "inputs"


def read_case(case_dir):
    args, exit_code = None, None
    for line in (case_dir / "case").read_text(encoding="utf-8").splitlines():
        if line.startswith("args:"):
            args = shlex.split(line[len("args:"):])
        elif line.startswith("exit:"):
            exit_code = int(line[len("exit:"):])
    if args is None or exit_code is None:
        sys.exit(f"{case_dir}/case needs an args: line and an exit: line")
    return args, exit_code


def files_in(folder):
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sheets_text(data, out):
    """The workbook `data` (xlsx bytes) as text: for each sheet in order, a line `== NAME ==`,
    then its rows as CSV, each cell as Excel shows it, so that its type shows too (§12: dates
    and money are typed cells, never text): a date cell of format dd/mm/yyyy as 02/03/2026, a
    money cell (£#,##0.00) as £1,596.51 or -£5.00, a whole number without a point, a text cell
    as its text (a text "2026-03-02" or "931.30" would stand out), empty for a blank; the output
    folder's path reads `{out}` (the run sheet's arguments)."""
    import openpyxl  # python3-openpyxl (scripts/setup); only a case with a workbook needs it

    def cell(c):
        v = c.value
        if v is None:
            return ""
        if isinstance(v, datetime.datetime):
            return v.strftime("%d/%m/%Y") if c.number_format == "dd/mm/yyyy" else f"{v.date().isoformat()} ({c.number_format})"
        if c.number_format == "£#,##0.00":
            pounds = Decimal(str(v))  # the cell's number as written (from exact pence)
            return f"{'-' if pounds < 0 else ''}£{abs(pounds):,.2f}"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    text = io.StringIO()
    book = openpyxl.load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        text.write(f"== {ws.title} ==\n")
        csv.writer(text, lineterminator="\n").writerows([cell(c) for c in row] for row in ws.iter_rows())
    return text.getvalue().replace(str(out), "{out}").encode("utf-8")


def show(name, expected, actual):
    e = expected.decode("utf-8", "replace").splitlines(keepends=True)
    a = actual.decode("utf-8", "replace").splitlines(keepends=True)
    diff = "".join(difflib.unified_diff(e, a, f"expected/{name}", f"actual/{name}"))
    return diff or f"{name}: bytes differ (line ends or encoding)\n"


def main():
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] != "--update"):
        sys.exit(__doc__)
    program, case_dir = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    update = len(sys.argv) == 4
    args, exit_code = read_case(case_dir)

    with tempfile.TemporaryDirectory(prefix="arrears-cli-") as tmp:
        out = pathlib.Path(tmp) / "out"
        out.mkdir()
        for name, data in files_in(case_dir / "before").items():
            (out / name).write_bytes(data)
        argv = [program] + [a.replace("{out}", str(out)) for a in args]
        env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LANGUAGE") and not k.startswith("LC_")}
        env["LC_ALL"] = "C.UTF-8"
        done = subprocess.run(argv, cwd=INPUTS, stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=120)
        actual = files_in(out)
        for name in [n for n in actual if n.endswith(".xlsx")]:
            actual[name + ".txt"] = sheets_text(actual.pop(name), out)
        actual["stdout"] = done.stdout.replace(str(out).encode(), b"{out}")
        actual["stderr"] = done.stderr.replace(str(out).encode(), b"{out}")

    if update:
        expected_dir = case_dir / "expected"
        shutil.rmtree(expected_dir, ignore_errors=True)
        expected_dir.mkdir()
        for name, data in actual.items():
            if name in ("stdout", "stderr") and not data:
                continue
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes(data)
        print(f"{case_dir.name}: exit {done.returncode} (case says {exit_code}); expected/ rewritten")
        return 0

    expected = files_in(case_dir / "expected")
    expected.setdefault("stdout", b"")
    expected.setdefault("stderr", b"")
    problems = []
    if done.returncode != exit_code:
        problems.append(f"exit status {done.returncode}, expected {exit_code}\n")
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(f"{name}: expected in the output folder but not written\n")
        elif name not in expected:
            problems.append(f"{name}: written but not expected (a failed run must write nothing)\n")
        elif expected[name] != actual[name]:
            problems.append(show(name, expected[name], actual[name]))
    if problems:
        print(f"FAILED {case_dir.name}: {shlex.join(argv)}")
        print("".join(problems), end="")
        return 1
    print(f"ok {case_dir.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
