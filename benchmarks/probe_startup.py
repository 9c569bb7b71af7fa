"""Child process of the start-up row: print when the first window was painted, then exit.

``python benchmarks/probe_startup.py app --routine level-1`` runs the real
entry point (:func:`hiptimer.__main__.main`) with those arguments;
``python benchmarks/probe_startup.py bare`` shows a plain ``QMainWindow`` of
the same size. Both go through this same file, so they pay the same for it.

The QApplication is created here first (with the arguments the app would
give it, which the app then reuses) so that an event filter can watch for
the first ``QEvent.Paint``. A zero-delay timer posted from that paint event
fires once the whole paint pass is done and flushed: that moment, on
``time.monotonic()`` (comparable across processes), is written to stdout and
the process ends at once with ``os._exit`` (nothing after the first frame is
measured, and no dialog can keep it alive).

Kept small and free of other imports on purpose: its own cost is part of
both figures.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class FirstPaint(QObject):
    """Application-wide event filter that reports the end of the first paint pass."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        os.write(1, f"{time.monotonic():.6f}\n".encode())
        os._exit(0)


def main() -> int:
    mode, args = sys.argv[1], sys.argv[2:]
    # The same arguments hiptimer.app.main would pass to QApplication.
    app = QApplication([sys.argv[0], *args[:1]])
    watcher = FirstPaint()
    app.installEventFilter(watcher)
    if mode == "bare":
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.setCentralWidget(QLabel("bare window"))
        window.resize(1280, 760)
        window.show()
        return app.exec()
    from hiptimer.__main__ import main as hiptimer_main

    return hiptimer_main(args)


if __name__ == "__main__":
    sys.exit(main())
