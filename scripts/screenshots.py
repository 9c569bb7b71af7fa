#!/usr/bin/env python3
"""Make the README's screenshots from the app itself.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]

Renders offscreen at 1366x768 (a 14-inch laptop) into docs/images/ by default.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HIPTIMER_HOME", tempfile.mkdtemp(prefix="hiptimer-shots-"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from hiptimer.ui.screens import render_screens
from hiptimer.ui.theme import apply_theme


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs/images"
    app = QApplication([])
    apply_theme(app, os.environ.get("HIPTIMER_THEME", "dark"))
    for name, path in render_screens(out).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
