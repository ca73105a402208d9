"""examples/walkthrough.ipynb runs top to bottom in a Jupyter kernel, from examples/, and draws its chart.

The kernel is Debian's ipykernel on /usr/bin/python3 (the "python3" kernel spec); it inherits
this process's environment, so PYTHONPATH (set by CTest to <build>/python) makes the package
importable in it."""

import asyncio
import os
import pathlib
import sys

import nbclient
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager

SOURCE = pathlib.Path(os.environ.get("ARREARS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
NOTEBOOK = SOURCE / "examples" / "walkthrough.ipynb"


@pytest.fixture
def jupyter_home(tmp_path, monkeypatch):
    # A clean Jupyter: no user kernel specs or config of whoever runs the tests, and the
    # connection files in a folder we may write (HOME may be read-only in a sandbox).
    for name in ("HOME", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "IPYTHONDIR",
                 "MPLCONFIGDIR"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    # The notebook chooses the inline backend itself; CTest's MPLBACKEND=Agg must not win.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    # The kernel runs in examples/: a relative PYTHONPATH (a run by hand) must still find the package.
    path = os.environ.get("PYTHONPATH", "")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(os.path.abspath(p) for p in path.split(os.pathsep) if p))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # ipykernel's debugger: no frozen-modules warning
    return tmp_path


def outputs_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "".join(parts)


def test_the_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_the_python3_kernel_is_this_interpreter(jupyter_home):
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert os.path.realpath(spec.argv[0]) == os.path.realpath(sys.executable)


def test_walkthrough_notebook_runs_and_draws_the_chart(jupyter_home, tmp_path):
    # Run in a copy of examples/ (the notebook writes westminster.xlsx beside itself).
    import shutil
    folder = tmp_path / "examples"
    shutil.copytree(NOTEBOOK.parent / "data", folder / "data")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    # Raises CellExecutionError, with the cell and its traceback, on any error. asyncio.run
    # closes its event loop (client.execute() leaves one open).
    asyncio.run(client.async_execute())

    errors = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
              if out["output_type"] == "error"]
    assert errors == []
    by_source = {cell.source.splitlines()[0]: cell for cell in nb.cells if cell.cell_type == "code"}
    text = "\n".join(outputs_text(cell) for cell in nb.cells if cell.cell_type == "code")

    # The bundled portfolio (examples/data/README.md): 3,010 accounts; the first collection
    # that changes is Monday 26 January 2026, 10 working days after the notice of 12 January.
    assert "3010 accounts" in text
    assert "earliest changed collection: 2026-01-26" in text
    # The promise (§8): the defaults keep it, so no account pays double and no Council Tax
    # account (ten instalments to January) is in review for its plan's end (C-500006 is, for
    # its reported payments row: §5); without it (no_double_payment=False, past_end="stop")
    # 650 accounts pay double (R-100007 is in review for its reported row; R-900008's `Monthly`
    # read since issue 26) and 460 Council Tax accounts are in review.
    assert "default: 0 accounts pay double, 1 Council Tax accounts in review" in text
    assert "without the promise: 650 accounts pay double, 460 Council Tax accounts in review" in text

    chart = by_source["labels = both[\"month\"].astype(str).tolist()"]
    assert any("image/png" in out.get("data", {}) for out in chart.outputs), chart.outputs

    letter = by_source["HTML(arrears.letters(one))"]
    assert any("text/html" in out.get("data", {}) for out in letter.outputs)

    # The accounts in review without the promise, with their money (summed from the summary:
    # the same 182,265.15 the command line's stderr states).
    assert "461 accounts in review holding £182,265.15 of arrears" in text
    # Cash in by month: the catch-up after 31 March with the promise is April's and May's,
    # 164,866.47 (the command line's "recovery after the year end" line for this run).
    assert "catch-up after the year end with the promise: £164,866.47" in text

    workbook = outputs_text(by_source['workbook = pathlib.Path("westminster.xlsx")'])
    assert workbook == "['schedule', 'summary', 'cash flow', 'notices', 'run']"
    assert (folder / "westminster.xlsx").exists()
