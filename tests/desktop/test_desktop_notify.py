"""Desktop notifications: what goes over D-Bus, and when the window lets it go."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QApplication, QWidget

from hiptimer.core.events import Cue, CueDue, EndStatus, Finished, PartEnded, PartStatus
from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind, compile_plan
from hiptimer.desktop import identity
from hiptimer.desktop.notify import Notifier, WindowNotifier
from hiptimer.desktop.notify_policy import Message, Moment, message_for_event, should_notify
from hiptimer.library.catalog import load_catalog
from tests.desktop.desktop_helpers import start_fake, stop
from tests.desktop.notification_mockup import render

_bus_count = 0


@pytest.fixture(autouse=True)
def xdg_data(tmp_path, monkeypatch):
    """Icon lookups see only folders of this test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "system-share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "share"


def installed() -> None:
    from hiptimer.desktop import install

    install.install(refresh=lambda _d: None)


def connect(address: str) -> QDBusConnection:
    """A connection of our own to the private bus (the session bus is per process)."""
    global _bus_count
    _bus_count += 1
    bus = QDBusConnection.connectToBus(address, f"hiptimer-test-{_bus_count}")
    assert bus.isConnected(), bus.lastError().message()
    return bus


def test_notify_sends_app_icon_summary_body_and_hints(qapp, fake_notifications):
    """Notify carries the app name, the icon name, the desktop entry, with the spec's signature."""
    installed()
    n = Notifier(connect(fake_notifications.address))
    assert n.notify("Next exercise", "Pigeon pose, left side")
    (call,) = fake_notifications.calls("Notify")
    assert call["app_name"] == "hiptimer"
    assert call["app_icon"] == identity.ICON_NAME == identity.APP_ID
    assert (call["summary"], call["body"]) == ("Next exercise", "Pigeon pose, left side")
    assert call["replaces_id"] == 0
    assert call["actions"] == []
    assert call["hints"]["desktop-entry"] == identity.APP_ID
    assert call["hints"]["suppress-sound"] is True  # the app plays its own cues
    assert call["expire_timeout"] == -1


def test_icon_is_the_bundled_file_until_the_desktop_knows_the_name(qapp, fake_notifications):
    """Before install-desktop the server gets a file:// URI of the bundled PNG, after it the name."""
    assert Notifier(connect(fake_notifications.address)).icon == identity.icon_png(128).as_uri()
    installed()
    assert Notifier(connect(fake_notifications.address)).icon == identity.ICON_NAME


def test_each_notification_replaces_the_last(qapp, fake_notifications):
    """The second call names the first's id, so a session leaves one bubble, not a stack."""
    n = Notifier(connect(fake_notifications.address))
    n.notify("Next exercise", "Pigeon pose")
    n.notify("Switch to the right side", "Pigeon pose")
    first, second = fake_notifications.calls("Notify")
    assert first["replaces_id"] == 0
    assert second["replaces_id"] == first["id"] != 0
    assert n.last_id == first["id"]


def test_withdraw_closes_the_bubble(qapp, fake_notifications):
    """withdraw() sends CloseNotification for the one on screen, then nothing more."""
    n = Notifier(connect(fake_notifications.address))
    n.notify("Session complete", "Level 1: 4 min of exercise", transient=False)
    n.withdraw()
    n.withdraw()
    (call,) = fake_notifications.calls("Notify")
    assert "transient" not in call["hints"]
    assert fake_notifications.calls("CloseNotification") == [
        {"method": "CloseNotification", "id": call["id"]}]


def test_body_is_escaped_where_the_server_reads_markup(qapp, private_bus, tmp_path):
    """Routine text like "<b>" or "&" shows as typed on a server with body-markup."""
    record = tmp_path / "markup.jsonl"
    proc = start_fake(private_bus, record, ["body", "body-markup"])
    try:
        n = Notifier(connect(private_bus))
        n.notify("Next exercise", "Knee <b>drops</b> & rocks")
    finally:
        stop(proc)
    from tests.desktop.desktop_helpers import FakeServer

    (call,) = FakeServer(private_bus, record, proc).calls("Notify")
    assert call["body"] == "Knee &lt;b&gt;drops&lt;/b&gt; &amp; rocks"


def test_no_service_means_nothing_happens_and_one_log_line(qapp, private_bus, caplog):
    """A bus without a notification server: notify returns False, no error, one log line."""
    n = Notifier(connect(private_bus))
    with caplog.at_level(logging.INFO, logger="hiptimer.desktop.notify"):
        assert [n.notify("a", "b") for _ in range(3)] == [False, False, False]
        n.withdraw()
    assert not n.available and "no notification service" in n.disabled_reason
    assert len([r for r in caplog.records if "notifications are off" in r.message]) == 1


def test_no_bus_means_nothing_happens_and_one_log_line(qapp, caplog):
    """No session bus at all: the same quiet no-op."""
    bus = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "hiptimer-test-nobus")
    n = Notifier(bus)
    with caplog.at_level(logging.INFO, logger="hiptimer.desktop.notify"):
        assert not n.notify("a", "b") and not n.notify("a", "b")
    assert n.disabled_reason == "no D-Bus session bus"
    assert len([r for r in caplog.records if "notifications are off" in r.message]) == 1


def test_a_server_that_goes_away_turns_notifications_off(qapp, private_bus, tmp_path):
    """If the server dies mid-session the next call fails once, quietly, and no more are tried."""
    proc = start_fake(private_bus, tmp_path / "r.jsonl", ["body"])
    n = Notifier(connect(private_bus), timeout_ms=500)
    assert n.notify("one", "")
    stop(proc)
    assert not n.notify("two", "")
    assert not n.available


def test_the_fake_server_refuses_a_signed_replaces_id(qapp, fake_notifications):
    """The fake is as strict as GNOME's: "i" where the spec says "u" is an error, so what it
    recorded above came with the spec's signature."""
    from PySide6.QtDBus import QDBusMessage

    msg = QDBusMessage.createMethodCall("org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                        "org.freedesktop.Notifications", "Notify")
    msg.setArguments(["hiptimer", 0, "icon", "s", "b", [], {}, -1])
    assert msg.signature() != "susssasa{sv}i"
    reply = connect(fake_notifications.address).call(msg)
    assert reply.type() == QDBusMessage.MessageType.ErrorMessage
    assert fake_notifications.calls("Notify") == []


# -- the policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(("visible", "minimized", "active", "expected"), [
    (True, False, True, False),  # they are looking at it
    (True, False, False, True),  # another window in front
    (True, True, False, True),  # minimised
    (False, False, False, True),  # hidden
])
def test_only_a_covered_window_notifies(visible, minimized, active, expected):
    """The window's state decides."""
    assert should_notify(Moment.NEXT_EXERCISE, enabled=True, in_session=True, visible=visible,
                         minimized=minimized, active=active) is expected


def test_setting_off_or_unimportant_moments_never_notify():
    """The notifications setting and the moment both gate it; session end counts after the session."""
    covered = {"visible": False, "minimized": False, "active": False}
    assert not should_notify(Moment.SWITCH_SIDES, enabled=False, in_session=True, **covered)
    assert not should_notify(Moment.OTHER, enabled=True, in_session=True, **covered)
    assert not should_notify(Moment.NEXT_EXERCISE, enabled=True, in_session=False, **covered)
    assert should_notify(Moment.SESSION_DONE, enabled=True, in_session=False, **covered)


def test_messages_for_session_events():
    """Next exercise, switch sides and the end have words; other events have none."""
    routine = load_catalog().find("level-1")
    plan = compile_plan(routine)
    nxt = next(p for p in plan.phases if p.kind is PhaseKind.NEXT_EXERCISE)
    switch = next(p for p in plan.phases if p.kind is PhaseKind.SWITCH_SIDES)
    name = routine.exercises[switch.exercise_index].name
    m = message_for_event(CueDue(Cue.NEXT_EXERCISE, nxt, 0.0, side=nxt.side), routine)
    assert m is not None and m.moment is Moment.NEXT_EXERCISE and m.title == "Next exercise"
    assert routine.exercises[nxt.exercise_index].name in m.body
    m = message_for_event(CueDue(Cue.SWITCH_SIDES, switch, 0.0, side=Side.RIGHT), routine)
    assert m == Message(Moment.SWITCH_SIDES, "Switch to the right side", name)
    m = message_for_event(Finished(EndStatus.COMPLETED, 255.0), routine)
    assert m == Message(Moment.SESSION_DONE, "Session complete", f"{routine.title}: 4 min of exercise")
    assert message_for_event(CueDue(Cue.GO, nxt, 0.0), routine) is None
    assert message_for_event(PartEnded(0, "x", Side.LEFT, PartStatus.DONE, 1.0, 0, 0), routine) is None


class _Window(QWidget):
    pass


def test_window_notifier_follows_the_window_and_the_setting(qtbot, fake_notifications):
    """Hidden window: sent; setting off: not; window activated again: the bubble is withdrawn."""
    w = _Window()
    qtbot.addWidget(w)
    enabled = [True]
    wn = WindowNotifier(w, Notifier(connect(fake_notifications.address)), lambda: enabled[0])
    assert wn.covered()  # never shown
    assert wn.notify("Switch to the left side", "Pigeon pose", Moment.SWITCH_SIDES)
    enabled[0] = False
    assert not wn.notify("Next exercise", "Knee drops")
    enabled[0] = True
    assert not wn.notify_message(Message(Moment.OTHER, "x", "y"))
    QApplication.sendEvent(w, QEvent(QEvent.Type.WindowActivate))
    assert [c["summary"] for c in fake_notifications.calls("Notify")] == ["Switch to the left side"]
    assert len(fake_notifications.calls("CloseNotification")) == 1


def test_notification_as_received_renders(qtbot, fake_notifications, tmp_path):
    """A mock-up of the received bubble draws, icon and all (HIPTIMER_NOTIFICATION_PNG=path keeps it)."""
    installed()
    n = Notifier(connect(fake_notifications.address))
    n.notify("Switch to the right side", "External rotation knee pull")
    (call,) = fake_notifications.calls("Notify")
    out = Path(os.environ.get("HIPTIMER_NOTIFICATION_PNG", tmp_path / "notification.png"))
    image = render(call, out, [tmp_path / "share"])
    assert out.is_file() and image.width() == 420 and image.height() >= 60
    # The icon was found: its green ring shows near the left edge.
    greens = [image.pixelColor(x, y) for x in range(16, 64) for y in range(14, 62)]
    assert any(c.green() > 150 and c.red() < 100 for c in greens)
