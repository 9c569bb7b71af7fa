"""Build hook: copy the top-level routines/ and assets/ into the wheel.

The product keeps routines and assets at the repository root; an installed
wheel needs them inside the package, so build_py copies them to
``hiptimer/_data`` in the build tree. A source checkout reads them in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("routines", "assets")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "hiptimer" / "_data"
        for name in BUNDLED:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, target / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("*.pyc", "__pycache__"))


setup(cmdclass={"build_py": BuildWithData})
