"""``hiptimer remind``: one desktop notification about today's plan, with no window.

Run by the systemd user timer or the autostart entry that
:mod:`hiptimer.desktop.reminders` writes. It reads the plan and today's
history (Qt-free, :mod:`hiptimer.coach`), and when a session is planned today
and not yet done sends one freedesktop notification ("Level 2 is planned
today, 5 minutes") through :class:`~hiptimer.desktop.notify.Notifier`. A click
on it (the "default" action, or "Start") opens the app on that routine; so
the command waits, a bounded time, for the click or for the bubble to close,
with a ``QCoreApplication`` and no window. ``--retest`` sends the
range-of-motion re-test reminder instead, only when it is due.

Uses Qt (QtDBus), so ``hiptimer.cli`` never imports it: ``hiptimer.__main__``
dispatches here.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from collections.abc import Callable
from typing import TextIO

from PySide6.QtCore import SLOT, QCoreApplication, QEventLoop, QObject, QTimer, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from hiptimer.core.today import Reminder, reminder
from hiptimer.desktop.install import launcher_command
from hiptimer.desktop.notify import INTERFACE, PATH, SERVICE, Notifier

log = logging.getLogger(__name__)

DEFAULT_WAIT_S = 900.0
START_ACTIONS = ("default", "start")


def launch_app(routine_id: str | None) -> None:
    """Start the window on ``routine_id``, detached from this short-lived process."""
    argv = [*launcher_command(), *(["--routine", routine_id] if routine_id else [])]
    subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


class _Waiter(QObject):
    """Waits for ActionInvoked / NotificationClosed about one notification id."""

    def __init__(self, bus: QDBusConnection) -> None:
        super().__init__()
        self.notification_id = 0
        self.action: str | None = None
        self.closed = False
        self.loop = QEventLoop()
        for name in ("ActionInvoked", "NotificationClosed"):
            bus.connect(SERVICE, PATH, INTERFACE, name, self, SLOT("on_signal(QDBusMessage)"))

    @Slot(QDBusMessage)
    def on_signal(self, message: QDBusMessage) -> None:
        args = message.arguments()
        if not args or int(args[0]) != self.notification_id:
            return
        if message.member() == "ActionInvoked" and len(args) > 1:
            self.action = str(args[1])
        self.closed = True
        self.loop.quit()


def send(message: Reminder, *, bus: QDBusConnection | None = None, wait_s: float = DEFAULT_WAIT_S,
         launch: Callable[[str | None], None] = launch_app) -> tuple[bool, str | None]:
    """Send ``message``; wait up to ``wait_s`` for a click. Returns (sent, action clicked)."""
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])  # kept alive while we wait
    connection = bus if bus is not None else QDBusConnection.sessionBus()
    notifier = Notifier(connection, timeout_ms=5000)
    waiter = _Waiter(connection) if connection.isConnected() else None
    # Without the server's "actions" a click does nothing: then there is nothing to wait for.
    clickable = notifier.connect_server() and "actions" in notifier.capabilities
    actions = ["default", "Start", "start", "Start"] if message.routine_id and clickable else []
    sent = notifier.notify(message.title, message.body, transient=False, actions=actions)
    if not sent or waiter is None or not actions or wait_s <= 0:
        return sent, None
    waiter.notification_id = notifier.last_id
    QTimer.singleShot(int(wait_s * 1000), waiter.loop.quit)
    waiter.loop.exec()
    if waiter.action in START_ACTIONS:
        launch(message.routine_id)
    del app
    return sent, waiter.action


def run(args: argparse.Namespace, out: TextIO) -> int:
    """The ``remind`` command: decide (Qt-free), then notify."""
    from hiptimer.coach.coach import open_user_coach

    coach, notice = open_user_coach()
    if notice:
        sys.stderr.write(f"{notice}\n")
    try:
        today = coach.today()
        titles = coach.titles()
        durations = coach.durations(today.plan)
    finally:
        coach.store.close()
    message = reminder(today, titles, durations, retest=args.retest)
    if message is None:
        if today.plan is None:
            out.write("No plan, so no reminder. Set one in the window (Plan > Edit plan) "
                      "or with `hiptimer plan`.\n")
        elif args.retest:
            out.write("The range-of-motion re-test is not due yet.\n")
        elif today.done_today:
            out.write("Today's session is already done: no reminder.\n")
        else:
            out.write("Nothing is planned today: no reminder.\n")
        return 0
    sent, action = send(message, wait_s=args.wait)
    if not sent:
        out.write(f"Could not show a notification: {message.title}\n")
        return 1
    out.write(f"Reminded: {message.title}\n")
    if action in START_ACTIONS:
        out.write(f"Opening hiptimer on {message.routine_id}.\n")
    return 0

