"""Child process of the start-up row: print when the first window was painted, then exit.

``python benchmarks/probe_startup.py app --routine level-1`` runs the real
entry point (:func:`hiptimer.__main__.main`) with those arguments;
``python benchmarks/probe_startup.py bare`` shows a plain ``QMainWindow`` of
the same size; ``app-ready`` runs the app like ``app`` and prints a second
moment, when the window is complete (routines read, history open, sound
started: everything built after the first frame). Both go through this same file, so they pay the same for it.

The QApplication is created here first (with the arguments the app would
give it, which the app then reuses) so that a zero-interval timer can watch
from the first turn of the event loop for a top-level window whose native
window is exposed. A window paints while it handles its first expose event,
so the first turn of the loop that finds one exposed comes after the first
paint pass: that moment, on ``time.monotonic()`` (comparable across
processes), is written to stdout and the process ends at once with
``os._exit`` (nothing after the first frame is measured, and no dialog can
keep it alive).

Why not an event filter on the application, watching for the first paint
event: such a filter runs Python for every event of every object in the
process, so it taxes a window with many widgets far more than a bare one.
Building hiptimer's first window took 70 ms with one installed and 18 ms
without, a cost of the measurement, not of the app.

Kept small and free of other imports on purpose: its own cost is part of
both figures.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class FirstFrame(QObject):
    """Polls, on each idle turn of the event loop, for an exposed top-level window.

    With ``ready``, it then goes on polling until a top-level window says it
    is complete (hiptimer's main window sets ``attached`` once the routines,
    the history and the sound are in) and prints that moment too.
    """

    def __init__(self, app: QApplication, ready: bool) -> None:
        super().__init__()
        self.app = app
        self.ready = ready
        self.shown = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(0)

    def check(self) -> None:
        for widget in self.app.topLevelWidgets():
            handle = widget.windowHandle()
            if not self.shown and widget.isVisible() and handle is not None and handle.isExposed():
                os.write(1, f"{time.monotonic():.6f}\n".encode())
                self.shown = True
                if not self.ready:
                    os._exit(0)
            if self.shown and getattr(widget, "attached", False):
                os.write(1, f"{time.monotonic():.6f}\n".encode())
                os._exit(0)


def main() -> int:
    mode, args = sys.argv[1], sys.argv[2:]
    # The same arguments hiptimer.app.main gives QApplication (its
    # hiptimer.ui.theme.QT_STYLE_ARGS, not imported here: the bare window must
    # not pay for hiptimer's modules), for both windows.
    app = QApplication([sys.argv[0], "-style", "Fusion"])
    watcher = FirstFrame(app, ready=mode == "app-ready")  # noqa: F841  (kept alive until the end)
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
