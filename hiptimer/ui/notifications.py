"""Desktop notifications during a session, when the window is covered."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from hiptimer.storage.settings import Settings


class SessionNotifications(QObject):
    """Next exercise, switch sides, done: told on the desktop while the window is covered.

    The D-Bus notifier is built on first use: the session bus is not needed
    to show the window.
    """

    def __init__(self, window: QWidget, settings: Settings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._notifier: QObject | None = None

    @Slot(object, object)
    def on_moment(self, event: object, routine: object) -> None:
        if not self._settings.notifications:
            return
        from hiptimer.desktop.notify_policy import message_for_event

        message = message_for_event(event, routine)
        if message is None:
            return
        if self._notifier is None:
            from hiptimer.desktop.notify import Notifier, WindowNotifier

            self._notifier = WindowNotifier(self._window, Notifier(),
                                            enabled=lambda: self._settings.notifications,
                                            in_session=lambda: True)
        self._notifier.notify_message(message)
