"""hiptimer.storage stays free of Qt, audio and ui."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_storage_modules_load_no_qt():
    """Importing every storage module of ours loads neither PySide6 nor hiptimer.ui/audio."""
    code = (
        "import sys\n"
        "import hiptimer.storage.store, hiptimer.storage.writer, hiptimer.storage.export\n"
        "import hiptimer.storage.importer, hiptimer.storage.service, hiptimer.storage.schema\n"
        "banned = ('PySide6', 'hiptimer.ui', 'hiptimer.audio')\n"
        "bad = [m for m in sys.modules if m.startswith(banned)]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
