"""setuptools glue for pyproject.toml: the compiled module `arrears._core` is built by this
project's CMake (python/CMakeLists.txt), which also installs the package's Python files, so
the list of files and the build flags live in one place. Offline: needs cmake, a C++20
compiler and the Debian -dev packages of scripts/setup."""

import os
import re
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def version():
    """The version from include/arrears/version.hpp, where it is written once."""
    text = (ROOT / "include/arrears/version.hpp").read_text(encoding="utf-8")
    parts = [re.search(rf"#define ARREARS_VERSION_{p} ([0-9]+)", text) for p in ("MAJOR", "MINOR", "PATCH")]
    if not all(parts):
        raise RuntimeError("include/arrears/version.hpp defines no ARREARS_VERSION_MAJOR/MINOR/PATCH")
    return ".".join(m.group(1) for m in parts)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        package_root = Path(self.get_ext_fullpath(ext.name)).resolve().parent.parent
        build = Path(self.build_temp).resolve() / "cmake"
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                        "-DARREARS_BUILD_TESTS=OFF", "-DARREARS_BUILD_CLI=OFF", "-DARREARS_BUILD_EXAMPLES=OFF",
                        "-DARREARS_BUILD_PYTHON=ON", "-DARREARS_WERROR=OFF",
                        f"-DPython_EXECUTABLE={sys.executable}",
                        f"-DARREARS_PYTHON_INSTALL_DIR={package_root}"], check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "arrears_python", "-j", jobs], check=True)
        subprocess.run(["cmake", "--install", str(build), "--component", "python"], check=True)


setup(version=version(),
      ext_modules=[Extension("arrears._core", sources=[])],
      cmdclass={"build_ext": CMakeBuild},
      zip_safe=False)
