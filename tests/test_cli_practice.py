"""`hiptimer plan`, `today` and `reminders` on the command line, against a real history."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from hiptimer import cli
from hiptimer.core.events import EndStatus, PartStatus
from hiptimer.core.model import Side
from hiptimer.core.practice import Pain, PathKind, Plan
from hiptimer.core.record import PartWrite, SessionWrite
from hiptimer.desktop import reminders
from hiptimer.paths import user_paths
from hiptimer.storage import plans as stored
from hiptimer.storage.settings import load_settings, save_settings
from hiptimer.storage.store import HistoryStore
from tests.desktop.test_reminders import FakeSystemctl


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(list(argv), out), out.getvalue()


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    fake = FakeSystemctl()
    monkeypatch.setattr(reminders, "run_systemctl", fake)
    return fake


def add_done_session(store: HistoryStore, started: datetime, routine: str = "level-1",
                     rating: int = 8, pain: Pain | None = Pain.NONE) -> int:
    sid = store.start_session(SessionWrite(routine_id=routine, routine_title=routine, level=1,
                                           started_at=started, planned_parts=1))
    store.record_part(sid, PartWrite(0, "ir-hang", started + timedelta(minutes=2), "Internal rotation hang",
                                     Side.NONE, PartStatus.DONE, "90 s", 90.0))
    store.finish_session(sid, status=EndStatus.COMPLETED, ended_at=started + timedelta(minutes=5),
                         active_seconds=90)
    store.rate_session(sid, rating=rating)
    if pain is not None:
        stored.set_pain(store, sid, pain, started)
    return sid


def test_plan_is_set_and_shown():
    """A three-day Levels plan is saved and described back."""
    code, text = run("plan", "--path", "levels", "--days", "mon,wed,fri", "--time", "18:30")
    assert code == 0 and "Plan saved." in text
    code, text = run("plan")
    assert "Levels 1-3" in text and "Days: Mon, Wed, Fri at 18:30" in text


def test_plan_rejects_bad_days():
    """An unknown day is an argument error naming it."""
    with pytest.raises(SystemExit):
        run("plan", "--days", "mon,blursday")


def test_custom_plan_needs_known_routines():
    """A custom plan with an unknown routine id is refused."""
    code, text = run("plan", "--path", "custom", "--routines", "level-1,nope")
    assert code == 2 and "nope" in text


def test_today_without_a_plan():
    """No plan: today says how to make one."""
    code, text = run("today")
    assert code == 0 and text.startswith("No plan yet")


def test_today_week_line_agrees_with_todays_planned_session():
    """A plan set today for every day: today's session is planned, and the week line counts it."""
    code, _ = run("plan", "--path", "levels", "--days", "mon,tue,wed,thu,fri,sat,sun")
    assert code == 0
    code, text = run("today")
    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith("Today: Level 1: Hang and pull")
    week = next(line for line in lines if line.startswith("This week:"))
    assert "nothing planned" not in week
    # The plan starts today, so the days ahead of today in this week are its planned days.
    store = HistoryStore.open(user_paths().ensure().database).store
    today = store.today()
    store.close()
    assert week == f"This week: 0 of {7 - today.weekday()} planned sessions done."


def test_today_shows_plan_adherence_and_streak():
    """After two planned days done, today prints the week and the streak."""
    paths = user_paths().ensure()
    store = HistoryStore.open(paths.database).store
    today = store.today()
    start = today - timedelta(days=today.weekday())  # this Monday
    stored.save_plan(store, Plan.for_path(PathKind.LEVELS, range(7), start - timedelta(days=7)),
                     datetime.now(UTC))
    for back in (1, 2):
        day = today - timedelta(days=back)
        add_done_session(store, datetime(day.year, day.month, day.day, 12, tzinfo=UTC).astimezone(UTC))
    store.close()
    code, text = run("today")
    assert code == 0
    assert "Streak: 2 planned sessions in a row" in text
    assert "This week:" in text and "Today: Level 1: Hang and pull" in text


def _good_month() -> None:
    """A Levels plan for a month with eight good, pain-free sessions of Level 1."""
    paths = user_paths().ensure()
    store = HistoryStore.open(paths.database).store
    today = store.today()
    stored.save_plan(store, Plan.for_path(PathKind.LEVELS, range(7), today - timedelta(days=30)),
                     datetime.now(UTC))
    for back in range(2, 26, 3):
        day = today - timedelta(days=back)
        add_done_session(store, datetime(day.year, day.month, day.day, 12, tzinfo=UTC))
    store.close()


def test_today_accept_longer_hold_saves_the_dose():
    """Accepting a longer hold saves it as the user's dose and records the decision."""
    _good_month()
    code, text = run("today")
    assert "Suggestion (ours, not automatic): Internal rotation hang: try holding 105 s" in text
    code, text = run("today", "--accept")
    assert code == 0 and "Recorded: accepted." in text
    paths = user_paths()
    assert load_settings(paths.settings_file).dose_choices("level-1")["ir-hang"].hold == 105
    store = HistoryStore.open(paths.database).store
    (decision,) = stored.decisions(store)
    assert decision.suggestion.to_value == "105"
    store.close()


def test_today_accept_next_step_moves_the_plan_on():
    """With every hold at its longest, accepting the next step adds a plan version at Level 2."""
    _good_month()
    paths = user_paths()
    settings = load_settings(paths.settings_file)
    settings.set_dose("level-1", "ir-hang", hold=120)
    settings.set_dose("level-1", "er-knee-to-shoulder", hold=5)
    save_settings(settings, paths.settings_file)
    code, text = run("today")
    assert "try Level 2: Band turn and pigeon next" in text
    code, text = run("today", "--accept")
    store = HistoryStore.open(paths.database).store
    assert stored.plan_history(store).current.current_routine == "level-2"
    store.close()
    assert "Today: Level 2" in run("today")[1]
    code, text = run("today", "--decline")
    assert code == 1 and "no suggestion" in text


def test_reminders_enable_status_disable(xdg):
    """enable writes the timers for the plan; status says so; disable removes them."""
    code, text = run("reminders", "enable")
    assert code == 1 and "Set a plan first" in text
    run("plan", "--path", "levels", "--days", "tue,thu,sat", "--time", "07:15")
    code, text = run("reminders", "enable")
    assert code == 0 and "systemd user timers" in text and "Tue, Thu, Sat at 07:15" in text
    code, text = run("reminders", "status")
    assert "Reminders are on" in text
    run("plan", "--days", "mon")
    timer = reminders.unit_dir() / "hiptimer-remind.timer"
    assert "OnCalendar=Mon *-*-* 07:15:00" in timer.read_text()  # a new plan updates the timers
    code, text = run("reminders", "disable")
    assert code == 0 and not timer.exists()
    assert "off" in run("reminders", "status")[1]


def test_commands_stay_qt_free():
    """today, plan and reminders never load Qt."""
    code = ("import sys, io; from hiptimer import cli; cli.main(['today'], io.StringIO());"
            "cli.main(['reminders', 'status'], io.StringIO()); assert 'PySide6' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
