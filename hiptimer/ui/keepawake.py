"""Keep the screen on while a session runs.

Linux: the freedesktop ScreenSaver ``Inhibit`` call on the session bus
(GNOME, KDE, Xfce and most others implement it). macOS: ``caffeinate -d``
for as long as the session runs. Windows: ``SetThreadExecutionState``.
Where none exists, nothing happens and nothing breaks.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys

log = logging.getLogger(__name__)

_SERVICE = "org.freedesktop.ScreenSaver"
_PATH = "/org/freedesktop/ScreenSaver"


class ScreenKeeper:
    """``hold()`` while a session runs, ``release()`` on pause and at the end."""

    def __init__(self, app_name: str = "hiptimer") -> None:
        self.app_name = app_name
        self._cookie: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._held = False

    def hold(self, reason: str = "Following a routine") -> None:
        if self._held:
            return
        try:
            if sys.platform.startswith("linux") or "bsd" in sys.platform:
                self._hold_dbus(reason)
            elif sys.platform == "darwin":
                self._hold_caffeinate()
            elif sys.platform == "win32":  # pragma: no cover - Windows only
                self._hold_windows(True)
        except Exception:  # never let this stop a session
            log.exception("Could not keep the screen awake")
        self._held = True

    def release(self) -> None:
        if not self._held:
            return
        try:
            if self._cookie is not None:
                self._call("UnInhibit", self._cookie)
                self._cookie = None
            if self._proc is not None:
                self._proc.terminate()
                self._proc = None
            if sys.platform == "win32":  # pragma: no cover - Windows only
                self._hold_windows(False)
        except Exception:
            log.exception("Could not release the screen-awake hold")
        self._held = False

    # -- back ends -----------------------------------------------------------
    def _call(self, method: str, *args: object) -> object:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return None
        iface = QDBusInterface(_SERVICE, _PATH, _SERVICE, bus)
        if not iface.isValid():
            return None
        reply = iface.call(method, *args)
        if reply.type() == QDBusMessage.MessageType.ErrorMessage:
            log.info("ScreenSaver.%s failed: %s", method, reply.errorMessage())
            return None
        values = reply.arguments()
        return values[0] if values else None

    def _hold_dbus(self, reason: str) -> None:
        cookie = self._call("Inhibit", self.app_name, reason)
        if isinstance(cookie, int):
            self._cookie = cookie
            log.info("Screen saver inhibited over D-Bus (cookie %s)", cookie)
        else:
            log.info("No screen saver service on the session bus; the screen may dim")

    def _hold_caffeinate(self) -> None:  # pragma: no cover - macOS only
        exe = shutil.which("caffeinate")
        if exe:
            self._proc = subprocess.Popen([exe, "-d"])

    def _hold_windows(self, on: bool) -> None:  # pragma: no cover - Windows only
        import ctypes

        es_continuous, es_display = 0x80000000, 0x00000002
        flags = es_continuous | (es_display if on else 0)
        ctypes.windll.kernel32.SetThreadExecutionState(flags)  # type: ignore[attr-defined]
