"""A wheel built from the repository carries the routines, images, sounds and schema."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_carries_the_bundled_files(tmp_path):
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path),
                          str(ROOT)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    (wheel,) = tmp_path.glob("hiptimer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in (("routines", "*.yaml"), ("assets/images", "*.svg"),
                            ("assets/sounds", "*.wav")):
        expected = {f"hiptimer/_data/{folder}/{p.name}" for p in (ROOT / folder).glob(pattern)}
        assert expected and expected <= names, sorted(expected - names)
    assert "hiptimer/library/routine.schema.json" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "hiptimer = hiptimer.__main__:main" in text
