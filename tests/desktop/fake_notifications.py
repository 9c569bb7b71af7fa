"""A fake org.freedesktop.Notifications service that records what it is sent.

Run on a private bus (``DBUS_SESSION_BUS_ADDRESS``):

    python tests/desktop/fake_notifications.py RECORD_FILE [CAPABILITY...]

Prints "ready" once it owns the name, then appends one JSON object per call
to RECORD_FILE: the method and its arguments. Qt delivers a call only when
its D-Bus signature matches the slot's types exactly (``replaces_id`` must
be ``u``, not ``i``), so a recorded call had the spec's signature. Like a
real server it returns a new id for ``replaces_id`` 0 and the same id when
replacing. With ``FAKE_NOTIFICATIONS_CLICK=KEY`` in its environment it
emits ``ActionInvoked(id, KEY)`` a moment after each notification, as a
person clicking it would.
"""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage


class FakeNotifications(QObject):
    def __init__(self, record: str, caps: list[str]) -> None:
        super().__init__()
        self.record = record
        self.caps = caps
        self.next_id = 1
        self.click = os.environ.get("FAKE_NOTIFICATIONS_CLICK", "")  # an action key to "click"

    def _write(self, entry: dict) -> None:
        with open(self.record, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):
        if replaces_id:
            new_id = replaces_id
        else:
            new_id = self.next_id
            self.next_id += 1
        self._write({"method": "Notify", "app_name": app_name, "replaces_id": replaces_id,
                     "app_icon": app_icon, "summary": summary, "body": body, "actions": list(actions),
                     "hints": {k: v for k, v in hints.items()}, "expire_timeout": timeout, "id": new_id})
        if self.click:  # act as a person clicking the bubble's action a moment later
            QTimer.singleShot(100, lambda: self._signal("ActionInvoked", new_id, self.click))
        return new_id

    def _signal(self, name: str, *args) -> None:
        message = QDBusMessage.createSignal("/org/freedesktop/Notifications",
                                            "org.freedesktop.Notifications", name)
        message.setArguments(list(args))
        QDBusConnection.sessionBus().send(message)

    @Slot(result="QStringList")
    def GetCapabilities(self):
        return self.caps

    @Slot("uint")
    def CloseNotification(self, notification_id):
        self._write({"method": "CloseNotification", "id": notification_id})

    @Slot(result="QStringList")
    def GetServerInformation(self):
        return ["fake", "hiptimer tests", "1", "1.2"]


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        print("no bus", flush=True)
        return 1
    service = FakeNotifications(sys.argv[1], sys.argv[2:])
    ok = bus.registerObject("/org/freedesktop/Notifications", "org.freedesktop.Notifications", service,
                            QDBusConnection.RegisterOption.ExportAllSlots)
    ok = ok and bus.registerService("org.freedesktop.Notifications")
    print("ready" if ok else "failed", flush=True)
    return app.exec() if ok else 1


if __name__ == "__main__":
    sys.exit(main())
