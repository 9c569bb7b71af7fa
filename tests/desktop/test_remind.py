"""``hiptimer remind``: one notification about today's plan, on a private D-Bus with a fake server."""

from __future__ import annotations

import os
import subprocess
import sys
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from hiptimer.core.events import EndStatus, PartStatus
from hiptimer.core.model import Side
from hiptimer.core.practice import PathKind, Plan
from hiptimer.core.record import PartWrite, SessionWrite
from hiptimer.core.today import Reminder
from hiptimer.desktop import remind
from hiptimer.paths import user_paths
from hiptimer.storage import plans as stored
from hiptimer.storage.store import HistoryStore
from tests.desktop.desktop_helpers import FakeServer, start_fake, stop

ROOT = Path(__file__).resolve().parents[2]
_count = 0


def connect(address: str) -> QDBusConnection:
    global _count
    _count += 1
    bus = QDBusConnection.connectToBus(address, f"hiptimer-remind-{_count}")
    assert bus.isConnected(), bus.lastError().message()
    return bus


def plan_every_day(*, done_today: bool = False) -> None:
    """A Levels plan with every day planned, in this test's history (``HIPTIMER_HOME``)."""
    paths = user_paths().ensure()
    store = HistoryStore.open(paths.database).store
    today = store.today()
    stored.save_plan(store, Plan.for_path(PathKind.LEVELS, range(7), today - timedelta(days=3),
                                          at=time(7, 0)), datetime.now(UTC))
    if done_today:
        now = datetime.now(UTC)
        sid = store.start_session(SessionWrite("level-1", "Level 1", now, 1, level=1))
        store.record_part(sid, PartWrite(0, "ir-hang", now, "Internal rotation hang", Side.NONE,
                                         PartStatus.DONE, "90 s", 90.0))
        store.finish_session(sid, status=EndStatus.COMPLETED, ended_at=now, active_seconds=90)
    store.close()


@pytest.fixture
def clickable(private_bus, tmp_path):
    """A fake notification server that offers actions (clickable bubbles)."""
    record = tmp_path / "clickable.jsonl"
    proc = start_fake(private_bus, record, ["body", "actions"])
    try:
        yield FakeServer(private_bus, record, proc)
    finally:
        stop(proc)


def test_send_names_the_routine_and_offers_start(qapp, clickable):
    """The notification carries the title, a persistent bubble, and a Start action."""
    launched = []
    sent, action = remind.send(Reminder("Level 2 is planned today, 5 minutes", "Open hiptimer.", "level-2"),
                               bus=connect(clickable.address), wait_s=0, launch=launched.append)
    assert sent and action is None
    (call,) = clickable.calls("Notify")
    assert call["summary"] == "Level 2 is planned today, 5 minutes"
    assert call["actions"] == ["default", "Start", "start", "Start"]
    assert "transient" not in call["hints"]
    assert launched == []


def test_a_click_opens_the_app_on_that_routine(qapp, private_bus, tmp_path, monkeypatch):
    """ActionInvoked for our notification launches the window with --routine."""
    monkeypatch.setenv("FAKE_NOTIFICATIONS_CLICK", "default")
    record = tmp_path / "calls.jsonl"
    proc = start_fake(private_bus, record, ["body", "actions"])
    try:
        launched = []
        sent, action = remind.send(Reminder("Level 1 is planned today", "", "level-1"),
                                   bus=connect(private_bus), wait_s=10, launch=launched.append)
    finally:
        stop(proc)
    assert sent and action == "default"
    assert launched == ["level-1"]


def test_no_click_means_no_launch_after_the_wait(qapp, clickable):
    """Without a click the command gives up after its wait and opens nothing."""
    launched = []
    sent, action = remind.send(Reminder("Level 1 is planned today", "", "level-1"),
                               bus=connect(clickable.address), wait_s=0.3, launch=launched.append)
    assert sent and action is None and launched == []


def test_a_server_without_actions_gets_none_and_no_wait(qapp, fake_notifications):
    """A server that cannot show actions gets a plain bubble, and the command does not wait."""
    started = clock.monotonic()
    sent, action = remind.send(Reminder("Level 1 is planned today", "", "level-1"),
                               bus=connect(fake_notifications.address), wait_s=30, launch=lambda _r: None)
    assert sent and action is None and clock.monotonic() - started < 10
    (call,) = fake_notifications.calls("Notify")
    assert call["actions"] == []


def _run_remind(address: str, home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "HIPTIMER_HOME": str(home),
           "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "hiptimer", "remind", "--wait", "0", *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.slow
def test_command_reminds_of_todays_planned_session(fake_notifications, private_home):
    """`hiptimer remind` with the app closed sends one notification naming today's routine and length."""
    plan_every_day()
    result = _run_remind(fake_notifications.address, private_home)
    assert result.returncode == 0, result.stderr
    (call,) = fake_notifications.calls("Notify")
    assert call["summary"].startswith("Level 1: Hang and pull is planned today, ")
    assert call["summary"].endswith("minutes")
    assert call["app_name"] == "hiptimer"
    assert "Reminded:" in result.stdout


@pytest.mark.slow
def test_command_stays_quiet_when_today_is_done(fake_notifications, private_home):
    """Once today's session is done, `hiptimer remind` sends nothing."""
    plan_every_day(done_today=True)
    result = _run_remind(fake_notifications.address, private_home)
    assert result.returncode == 0, result.stderr
    assert fake_notifications.calls("Notify") == []
    assert "already done" in result.stdout


@pytest.mark.slow
def test_retest_reminder_only_when_due(fake_notifications, private_home):
    """`remind --retest` speaks when no measurement was ever taken (the baseline is due)."""
    plan_every_day()
    result = _run_remind(fake_notifications.address, private_home, "--retest")
    assert result.returncode == 0, result.stderr
    (call,) = fake_notifications.calls("Notify")
    assert call["summary"] == "Time for a range-of-motion re-test"

