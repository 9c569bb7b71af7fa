"""The pinned PySide6 does not leak references to None on label updates.

PySide6 6.12.0 on CPython 3.11 lowers ``sys.getrefcount(None)`` by one on
every ``setText``/``setValue``/``setToolTip``; a 10 Hz countdown then dies
after minutes with "none_dealloc". The pin in pyproject avoids it; this test
keeps it avoided.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QProgressBar


def test_settext_20000_times_keeps_none_refcount(qtbot):
    label = QLabel()
    bar = QProgressBar()
    bar.setRange(0, 20000)
    qtbot.addWidget(label)
    qtbot.addWidget(bar)
    label.show()
    before = sys.getrefcount(None)
    for i in range(20000):
        label.setText(str(i))
        bar.setValue(i)
        if i % 1000 == 0:
            label.setToolTip(f"tip {i}")
            qtbot.wait(1)  # let the event loop run, as in the app
    after = sys.getrefcount(None)
    # Other code may take references meanwhile; a leak would drop it by ~40,000.
    assert after >= before - 100, (before, after)
