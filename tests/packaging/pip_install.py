#!/usr/bin/python3
"""The analyst's install (issue 15), offline, as the README shows it (test `python_pip_install`):

    python3 -m venv --system-site-packages v && v/bin/pip install --no-build-isolation --no-index .
    python3 -m build --no-isolation --wheel

run on a copy of the source tree (so the tree under test gets no build/ or egg-info of
setuptools'), then checks what was installed: the version from include/arrears/version.hpp,
the license and the dependencies in the metadata, the wheel's files, and that the installed
package recovers the worked example of recovery-rules §11. Then the analyst's notebook, as
the README says (issue 26): the venv made a Jupyter kernel and the walkthrough run in it,

    v/bin/python -m ipykernel install --user --name arrears-venv --display-name "Python (arrears venv)"
    jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=arrears-venv examples/walkthrough.ipynb

with HOME in the temporary folder and no PYTHONPATH, after checking that Debian's `python3`
kernel cannot import the package there (the ModuleNotFoundError analysts met), so only the
venv's kernel can have run it. Needs jupyter-nbconvert (scripts/setup).

    pip_install.py SOURCE_DIR
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PYTHON = "/usr/bin/python3"  # Debian's, where numpy and pandas are (the venv sees them)


def run(argv, **kw):
    print("+", " ".join(map(str, argv)), flush=True)
    return subprocess.run(argv, check=True, **kw)


def main():
    source = Path(sys.argv[1]).resolve()
    text = (source / "include/arrears/version.hpp").read_text()
    version = ".".join(re.search(rf"#define ARREARS_VERSION_{p} ([0-9]+)", text).group(1)
                       for p in ("MAJOR", "MINOR", "PATCH"))
    env = dict(os.environ, CMAKE_BUILD_PARALLEL_LEVEL="2", PIP_NO_INPUT="1")
    env.pop("PYTHONPATH", None)
    with tempfile.TemporaryDirectory(prefix="arrears-pip-") as tmp:
        tmp = Path(tmp)
        tree = tmp / "arrears"
        shutil.copytree(source, tree, ignore=shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__",
                                                                     ".hypothesis", "corpus"))
        venv = tmp / "v"
        run([PYTHON, "-m", "venv", "--system-site-packages", venv], env=env)
        run([venv / "bin/pip", "install", "--no-build-isolation", "--no-index", "."], cwd=tree, env=env)
        check = (
            "import arrears, importlib.metadata as md, sys\n"
            f"assert arrears.__version__ == {version!r}, arrears.__version__\n"
            "assert arrears.__file__.startswith(sys.prefix), arrears.__file__\n"
            "meta = md.metadata('arrears')\n"
            f"assert meta['Version'] == {version!r}, meta['Version']\n"
            "assert meta['License'] == 'MIT', meta['License']\n"
            "assert sorted(md.requires('arrears')) == ['numpy', 'pandas'], md.requires('arrears')\n"
            # The worked example (recovery-rules §11) under the promise by default (§8): 532.17
            # monthly, two missed (1064.34); each part under the 532.16 ceiling, so three of
            # 354.78 on 2 Feb, 2 Mar and 1 Apr 2026 (1064.34 / 3).
            "s, u = arrears.recover([{'account_id': 'A', 'amount': '532.17', 'frequency': 'monthly',\n"
            "                         'first_due': '2025-04-01'}], outage=('2025-11-24', '2026-01-09'),\n"
            "                        notice_date='2026-01-12', money='pence')\n"
            "assert list(s['recovery_amount']) == [35478, 35478, 35478], list(s['recovery_amount'])\n"
            "print('installed', arrears.__version__, 'at', arrears.__file__)\n")
        run([venv / "bin/python", "-c", check], cwd=tmp, env=env)
        notebook(tree, venv, tmp, env)

        dist = tmp / "dist"
        run([PYTHON, "-m", "build", "--no-isolation", "--wheel", "--outdir", dist], cwd=tree, env=env)
        wheels = sorted(dist.glob(f"arrears-{version}-*.whl"))
        assert len(wheels) == 1, wheels
        names = zipfile.ZipFile(wheels[0]).namelist()
        for wanted in ("arrears/__init__.py", "arrears/py.typed", "arrears/_core.pyi"):
            assert wanted in names, (wanted, names)
        assert any(re.fullmatch(r"arrears/_core\..*\.so", n) for n in names), names
        assert any(n.endswith(".dist-info/LICENSE") for n in names), names
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = zipfile.ZipFile(wheels[0]).read(metadata).decode()
        assert f"Version: {version}\n" in meta and "License: MIT\n" in meta, meta[:500]
        print("wheel", wheels[0].name, "with", len(names), "files")
    print("1 passed, 0 failed")


def notebook(tree, venv, tmp, env):
    """The walkthrough run by `jupyter nbconvert` in the venv's kernel, as the README says."""
    jupyter = shutil.which("jupyter")
    assert jupyter, "jupyter not found: scripts/setup installs jupyter-nbconvert"
    env = dict(env, HOME=str(tmp / "home"), MPLCONFIGDIR=str(tmp / "mpl"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    for name in ("JUPYTER_PATH", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                 "MPLBACKEND"):
        env.pop(name, None)
    (tmp / "home").mkdir()
    run([venv / "bin/python", "-m", "ipykernel", "install", "--user", "--name", "arrears-venv",
         "--display-name", "Python (arrears venv)"], cwd=tree, env=env)
    spec = json.loads((tmp / "home/.local/share/jupyter/kernels/arrears-venv/kernel.json").read_text())
    assert spec["argv"][0] == str(venv / "bin/python"), spec["argv"]
    command = [jupyter, "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=arrears-venv",
               "examples/walkthrough.ipynb"]
    # Debian's python3 kernel has no arrears here (unless it was installed for /usr/bin/python3
    # on this machine): the notebook stops at `import arrears`, as it did for analysts.
    if subprocess.run([PYTHON, "-c", "import arrears"], cwd=tmp, env=env, capture_output=True).returncode != 0:
        failed = subprocess.run(command[:5] + ["--ExecutePreprocessor.kernel_name=python3", command[-1],
                                               "--output", "python3-kernel"], cwd=tree, env=env,
                                capture_output=True, text=True)
        assert failed.returncode != 0 and "No module named 'arrears'" in failed.stderr, failed.stderr[-2000:]
        print("Debian's python3 kernel: No module named 'arrears', as expected")
    run(command, cwd=tree, env=env)
    executed = json.loads((tree / "examples/walkthrough.nbconvert.ipynb").read_text())
    text = "".join(part for cell in executed["cells"] if cell["cell_type"] == "code" for out in cell["outputs"]
                   for part in (out.get("text", "") if out["output_type"] == "stream"
                                else out.get("data", {}).get("text/plain", "")))
    errors = [out for cell in executed["cells"] if cell["cell_type"] == "code" for out in cell["outputs"]
              if out["output_type"] == "error"]
    assert not errors, errors
    # The bundled portfolio's 3,010 accounts (examples/data/README.md), the promise's counts as
    # tests/python/test_notebook.py checks them, and the chart drawn.
    assert "3010 accounts" in text, text[:2000]
    assert "without the promise: 650 accounts pay double, 460 Council Tax accounts in review" in text, text[-3000:]
    assert any("image/png" in out.get("data", {}) for cell in executed["cells"] if cell["cell_type"] == "code"
               for out in cell["outputs"]), "no chart"
    assert (tree / "examples/westminster.xlsx").exists()
    print("notebook ran in the venv's kernel arrears-venv")


if __name__ == "__main__":
    main()
