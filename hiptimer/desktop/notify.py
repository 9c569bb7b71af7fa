"""Desktop notifications over D-Bus (org.freedesktop.Notifications).

:class:`Notifier` sends one notification at a time: each new one replaces
the previous (``replaces_id``) so a session leaves one bubble, not a stack.
It names the app, its icon and its desktop entry so the desktop groups and
themes it. Where there is no session bus or no notification service it does
nothing, says so once in the log, and never raises.

:class:`WindowNotifier` adds the policy: notify only while the window is
covered, only at the moments that matter, only when the setting is on; and
withdraw the bubble when the window comes back to the front.

PySide6 cannot mark a Python int as D-Bus ``uint32`` in a plain message, and
``Notify`` takes ``replaces_id`` as one; so the call goes through a
``QDBusInterface`` (which knows the signature from introspection) with typed
arguments. That call is synchronous, so it has a short timeout, and the
first failure turns notifications off for the rest of the run rather than
risk stalling the timer again.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QEvent, QMetaObject, QObject, Qt
from PySide6.QtDBus import QDBusConnection, QDBusInterface

from hiptimer.desktop import identity
from hiptimer.desktop.install import data_home
from hiptimer.desktop.notify_policy import Message, Moment, should_notify

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
MAX_TEXT = 1000  # characters of summary or body sent


def default_icon(env: Mapping[str, str] | None = None) -> str:
    """The icon name when the desktop can find it (install-desktop, a package), else the file.

    A notification server resolves a name in the icon theme only; before
    ``hiptimer install-desktop`` (a plain pip install) it gets the bundled
    PNG's file:// URI instead, which the spec also allows.
    """
    env = os.environ if env is None else env
    system = env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    folders = [data_home(env), *(Path(d) for d in system.split(":") if os.path.isabs(d))]
    for folder in folders:
        apps = folder / "icons" / "hicolor"
        if (apps / "scalable" / "apps" / f"{identity.ICON_NAME}.svg").is_file() or any(
                (apps / f"{n}x{n}" / "apps" / f"{identity.ICON_NAME}.png").is_file()
                for n in identity.ICON_SIZES):
            return identity.ICON_NAME
    return identity.icon_png(128).as_uri()


class Notifier(QObject):
    """Send, replace and withdraw this app's one desktop notification."""

    def __init__(self, bus: QDBusConnection | None = None, *, app_name: str = identity.APP_NAME,
                 icon: str | None = None, desktop_entry: str = identity.APP_ID,
                 timeout_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self.app_name = app_name
        self.icon = default_icon() if icon is None else icon
        self.desktop_entry = desktop_entry
        self.timeout_ms = timeout_ms
        self._iface: QDBusInterface | None = None
        self._markup = False
        self.disabled_reason = ""  # why notifications are off, once they are
        self.last_id = 0  # the server's id of the notification on screen, 0 for none
        self.capabilities: list[str] = []  # the server's, once it has answered (GetCapabilities)

    @property
    def available(self) -> bool:
        return not self.disabled_reason

    def connect_server(self) -> bool:
        """Reach the notification server now (it is otherwise reached on the first
        notification); True when it answered, with ``capabilities`` filled in."""
        return self._interface() is not None

    def _disable(self, reason: str) -> None:
        if not self.disabled_reason:
            self.disabled_reason = reason
            log.info("Desktop notifications are off: %s", reason)

    def _interface(self) -> QDBusInterface | None:
        if self._iface is not None or self.disabled_reason:
            return self._iface
        bus = self._bus if self._bus is not None else QDBusConnection.sessionBus()
        if not bus.isConnected():
            self._disable("no D-Bus session bus")
            return None
        iface = QDBusInterface(SERVICE, PATH, INTERFACE, bus, self)
        if not iface.isValid():
            self._disable(f"no notification service ({iface.lastError().message() or 'not found'})")
            return None
        iface.setTimeout(self.timeout_ms)
        caps = iface.call("GetCapabilities")
        args = caps.arguments()
        self.capabilities = [str(c) for c in args[0]] if args and isinstance(args[0], list) else []
        self._markup = "body-markup" in self.capabilities
        self._iface = iface
        return iface

    def notify(self, summary: str, body: str = "", *, transient: bool = True,
               actions: Sequence[str] = ()) -> bool:
        """Show ``summary`` and ``body``, replacing this app's previous notification.

        ``transient`` asks the server not to keep it in its history.
        ``actions`` alternates action keys and labels (the spec's list; key
        "default" is a click on the bubble). True when the server took it.
        """
        iface = self._interface()
        if iface is None:
            return False
        body = body[:MAX_TEXT]
        if self._markup:
            body = html.escape(body, quote=False)  # text from routine files is not markup
        hints: dict[str, object] = {"desktop-entry": self.desktop_entry, "suppress-sound": True}
        if transient:
            hints["transient"] = True
        try:
            new_id = QMetaObject.invokeMethod(
                iface, "Notify", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("uint"),
                Q_ARG(str, self.app_name), Q_ARG("uint", self.last_id), Q_ARG(str, self.icon),
                Q_ARG(str, summary[:MAX_TEXT]), Q_ARG(str, body), Q_ARG("QStringList", list(actions)),
                Q_ARG("QVariantMap", hints), Q_ARG(int, -1))
        except (RuntimeError, TypeError) as exc:  # a server whose Notify has another signature
            self._disable(f"Notify could not be called ({exc})")
            return False
        error = iface.lastError()
        if error.isValid():
            self._disable(f"Notify failed: {error.name()}: {error.message()}")
            return False
        self.last_id = int(new_id or 0)
        return True

    def withdraw(self) -> None:
        """Close the notification on screen, if any."""
        if not self.last_id or self._iface is None:
            return
        last, self.last_id = self.last_id, 0
        try:
            QMetaObject.invokeMethod(self._iface, "CloseNotification", Qt.ConnectionType.DirectConnection,
                                     Q_ARG("uint", last))
        except (RuntimeError, TypeError) as exc:
            log.info("CloseNotification could not be called: %s", exc)


class WindowNotifier(QObject):
    """Notify while ``window`` is covered; withdraw when it is back in front.

    ``enabled`` reads the setting each time (``lambda: settings.notifications``)
    and ``in_session`` whether a session is running, so nothing here caches
    state the window owns.
    """

    def __init__(self, window: QWidget, notifier: Notifier, enabled: Callable[[], bool],
                 in_session: Callable[[], bool] = lambda: True) -> None:
        super().__init__(window)
        self.window = window
        self.notifier = notifier
        self._enabled = enabled
        self._in_session = in_session
        window.installEventFilter(self)

    def covered(self) -> bool:
        w = self.window
        return not w.isVisible() or w.isMinimized() or not w.isActiveWindow()

    def notify(self, title: str, body: str, moment: Moment = Moment.NEXT_EXERCISE) -> bool:
        """Send (title, body) if the policy allows it now; True when sent."""
        w = self.window
        if not should_notify(moment, enabled=self._enabled(), in_session=self._in_session(),
                             visible=w.isVisible(), minimized=w.isMinimized(), active=w.isActiveWindow()):
            return False
        return self.notifier.notify(title, body, transient=moment is not Moment.SESSION_DONE)

    def notify_message(self, message: Message | None) -> bool:
        """:meth:`notify` for a :func:`~hiptimer.desktop.notify_policy.message_for_event` result."""
        return message is not None and self.notify(message.title, message.body, message.moment)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            # They are looking at the window again: the bubble has done its job.
            self.notifier.withdraw()
        return False
