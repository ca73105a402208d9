"""examples/walkthrough.py runs from start to end and draws its chart."""

import os
import pathlib
import subprocess
import sys

SOURCE = pathlib.Path(os.environ.get("ARREARS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


def test_walkthrough_runs_and_writes_the_chart(tmp_path):
    env = {**os.environ, "ARREARS_OUT": str(tmp_path), "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, str(SOURCE / "examples" / "walkthrough.py")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "earliest changed collection (E): 2026-01-26" in done.stdout
    assert "3010 accounts" in done.stdout
    # The promise options on the bundled portfolio: with the defaults 650 accounts pay double
    # and 460 Council Tax accounts (ten instalments to January) are in review; with them, none.
    assert "default: 650 accounts pay double, 460 Council Tax accounts in review" in done.stdout
    assert "promise: 0 accounts pay double, 0 Council Tax accounts in review" in done.stdout
    chart = tmp_path / "cashflow.png"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
