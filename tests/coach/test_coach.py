"""The coach: today from a real history, and accepted suggestions applied."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hiptimer.coach import coach as coach_module
from hiptimer.coach.coach import Coach
from hiptimer.core.events import EndStatus, PartStatus
from hiptimer.core.practice import Pain, PathKind, Plan
from hiptimer.core.progression import Answer, Kind, Suggestion
from hiptimer.core.record import PartWrite, SessionWrite
from hiptimer.library.catalog import load_catalog
from hiptimer.storage import plans as stored
from hiptimer.storage.store import HistoryStore

TODAY = date(2026, 11, 27)  # a Friday


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def store(tmp_path):
    s = HistoryStore.open(tmp_path / "h.sqlite3").store
    yield s
    s.close()


def add(store: HistoryStore, day: date, routine: str = "level-1", pain: Pain | None = Pain.NONE) -> int:
    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    sid = store.start_session(SessionWrite(routine, routine, at, 1))
    store.record_part(sid, PartWrite(0, "ir-hang", at + timedelta(minutes=2), "Hang", status=PartStatus.DONE))
    store.finish_session(sid, status=EndStatus.COMPLETED, ended_at=at + timedelta(minutes=3), active_seconds=90)
    store.rate_session(sid, rating=8)
    if pain is not None:
        stored.set_pain(store, sid, pain, at)
    return sid


def test_a_streak_longer_than_the_first_read_is_counted_whole(store, catalog, monkeypatch):
    """Every day done for 40 days with a 10-day first read: the streak is still 40."""
    monkeypatch.setattr(coach_module, "STREAK_WINDOW_DAYS", 10)
    first = TODAY - timedelta(days=39)
    stored.save_plan(store, Plan.for_path(PathKind.LEVELS, range(7), first), datetime.now(UTC))
    for i in range(40):
        add(store, first + timedelta(days=i))
    assert Coach(store, catalog).today(TODAY).streak == 40


def test_a_custom_plan_takes_routines_in_turn(store, catalog):
    """After Level 2 the custom plan of Level 1, 2 offers Level 1."""
    stored.save_plan(store, Plan.for_path(PathKind.CUSTOM, range(7), TODAY - timedelta(days=5),
                                          routines=("level-1", "level-2")), datetime.now(UTC))
    add(store, TODAY - timedelta(days=2), "level-1")
    add(store, TODAY - timedelta(days=1), "level-2")
    assert Coach(store, catalog).today(TODAY).routine_id == "level-1"


def test_accepting_a_step_back_adds_a_plan_version(store, catalog):
    """Accepted R1 at Level 2: the plan is at Level 1 from today; the old version stays."""
    stored.save_plan(store, Plan.for_path(PathKind.LEVELS, range(7), TODAY - timedelta(days=30)).with_step(
        1, TODAY - timedelta(days=30)), datetime.now(UTC))
    add(store, TODAY - timedelta(days=1), "level-2", Pain.SHARP)
    coach = Coach(store, catalog)
    s = coach.today(TODAY).outlook.suggestion
    assert s is not None and s.kind is Kind.STEP_BACK and s.to_value == "level-1"
    coach.answer(s, Answer.ACCEPTED, TODAY)
    history = stored.plan_history(store)
    assert history.current.current_routine == "level-1" and history.current.effective_from == TODAY
    assert history.on(TODAY - timedelta(days=1)).current_routine == "level-2"
    assert coach.today(TODAY).outlook.suggestion is None  # asked once for that pain


def test_accepting_shorter_holds_sets_each_to_the_minimum(store, catalog):
    """An accepted SHORTER_HOLD writes the article's shortest hold for each adjustable exercise."""
    written = []
    coach = Coach(store, catalog, set_hold=lambda r, e, h: written.append((r, e, h)))
    s = Suggestion("R1", Kind.SHORTER_HOLD, "level-1", "Shorter.", "", "", "shortest", True)
    coach.answer(s, Answer.ACCEPTED, TODAY)
    assert ("level-1", "ir-hang", 60) in written
    assert stored.decisions(store)[0].answer is Answer.ACCEPTED


def test_declining_changes_nothing_but_the_record(store, catalog):
    """A declined suggestion leaves the plan and doses alone."""
    stored.save_plan(store, Plan.for_path(PathKind.LEVELS, range(7), TODAY), datetime.now(UTC))
    written = []
    coach = Coach(store, catalog, set_hold=lambda *a: written.append(a))
    s = Suggestion("R7", Kind.NEXT_STEP, "level-1", "Next.", "", "level-1", "level-2")
    coach.answer(s, Answer.DECLINED, TODAY)
    assert stored.plan_history(store).current.current_routine == "level-1" and written == []
