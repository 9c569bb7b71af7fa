"""Baseline process of the running-cost row: a bare window whose label changes once a second.

``python benchmarks/probe_window.py`` shows a 1280x760 ``QMainWindow`` with
one large label, and a periodic 1000 ms QTimer sets the label to the next
number: the least a countdown window can do. It runs until killed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setWindowTitle("bare countdown")
    label = QLabel("90")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = label.font()
    font.setPixelSize(200)
    label.setFont(font)
    window.setCentralWidget(label)
    window.resize(1280, 760)
    window.show()
    count = [90]

    def tick() -> None:
        count[0] = count[0] - 1 if count[0] > 1 else 90
        label.setText(str(count[0]))

    timer = QTimer(window)
    timer.setInterval(1000)
    timer.timeout.connect(tick)
    timer.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
