"""Ctrl+C and logout: SIGINT, SIGTERM and SIGHUP reach the window as a Qt signal.

Python runs a signal handler only between bytecodes, and Qt's event loop runs
in C, so a plain handler would wait for the next Python callback: on an idle
window, forever (the app kept running and recording after Ctrl+C). Here
:func:`signal.set_wakeup_fd` writes each signal's number to a socket that a
``QSocketNotifier`` watches, so the event loop wakes at once and
:attr:`SignalBridge.received` is emitted on the GUI thread, where the window
can end the session as ended early, save, and quit with exit status 0.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

log = logging.getLogger(__name__)

QUIT_SIGNALS: tuple[signal.Signals, ...] = tuple(
    s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s is not None
)


class SignalBridge(QObject):
    """Turns POSIX signals into :attr:`received` on the GUI thread. Build it on the main thread."""

    received = Signal(int)  # the signal number

    def __init__(self, signals: Iterable[signal.Signals] = QUIT_SIGNALS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
        for number in signals:
            self._previous[int(number)] = signal.signal(number, self._handle)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_ready)

    @staticmethod
    def _handle(number: int, frame: FrameType | None) -> None:
        # Nothing to do here: the wakeup fd already carries the number to the loop.
        return

    @Slot()
    def _on_ready(self) -> None:
        try:
            data = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        for number in dict.fromkeys(data):  # each signal once, in order
            log.warning("received %s", _name(number))
            self.received.emit(int(number))

    def close(self) -> None:
        """Put the previous handlers and wakeup fd back."""
        self._notifier.setEnabled(False)
        for number, handler in self._previous.items():
            with contextlib.suppress(ValueError, TypeError, OSError):
                signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        with contextlib.suppress(ValueError):
            signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
