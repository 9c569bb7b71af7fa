"""What the report for the physical therapist says, gathered Qt-free.

:func:`gather` reads one period of the history (sessions with their pain
check-ins, completion per exercise, measurements, plan versions, decisions)
into plain records; :mod:`hiptimer.report.pdf` lays them out on pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hiptimer.core.model import SelfTest
from hiptimer.core.practice import Pain, Plan, WeekAdherence, weekly_adherence
from hiptimer.core.progression import Decision
from hiptimer.library.catalog import Catalog
from hiptimer.storage import plans as stored
from hiptimer.storage.records import MeasurementRecord, SessionStatus
from hiptimer.storage.rows import SESSION_COLUMNS, SHOWN, session_record
from hiptimer.storage.store import HistoryStore

STATUS_WORDS = {
    SessionStatus.COMPLETED: "completed",
    SessionStatus.ENDED_EARLY: "ended early",
    SessionStatus.INTERRUPTED: "interrupted",
    SessionStatus.RUNNING: "running",
    SessionStatus.NEVER_STARTED: "never started",
}


@dataclass(frozen=True)
class ReportSession:
    day: date
    started_at: datetime  # aware
    routine_id: str
    routine_title: str
    status: SessionStatus
    sides_done: int
    sides_skipped: int
    planned_parts: int
    minutes: float
    rating: int | None
    pain: Pain | None
    note: str


@dataclass(frozen=True)
class ExerciseCompletion:
    exercise_id: str
    name: str
    done: int
    skipped: int

    @property
    def percent(self) -> int | None:
        total = self.done + self.skipped
        return round(100 * self.done / total) if total else None


@dataclass(frozen=True)
class ReportData:
    first: date
    last: date
    made_at: datetime
    plans: tuple[Plan, ...]
    weeks: tuple[WeekAdherence, ...]
    sessions: tuple[ReportSession, ...]
    exercises: tuple[ExerciseCompletion, ...]
    measurements: tuple[MeasurementRecord, ...]
    self_tests: tuple[SelfTest, ...]
    decisions: tuple[Decision, ...]
    titles: dict[str, str]
    scaled_left_out: int = 0  # time-scaled sessions (demos, tests) in the period, not reported

    @property
    def planned(self) -> int:
        return sum(w.planned for w in self.weeks)

    @property
    def planned_done(self) -> int:
        return sum(w.done for w in self.weeks)

    @property
    def completed(self) -> int:
        return sum(1 for s in self.sessions if s.status is SessionStatus.COMPLETED)

    @property
    def minutes(self) -> float:
        return sum(s.minutes for s in self.sessions)

    @property
    def mean_feel(self) -> float | None:
        rated = [s.rating for s in self.sessions if s.rating is not None]
        return sum(rated) / len(rated) if rated else None

    def pain_count(self, pain: Pain) -> int:
        return sum(1 for s in self.sessions if s.pain is pain)


def gather(store: HistoryStore, catalog: Catalog, first: date, last: date, *,
           now: datetime, today: date | None = None) -> ReportData:
    """Everything in the report for the days ``first`` to ``last`` (local days, inclusive)."""
    if last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    today = today or store.today()
    history = stored.plan_history(store)
    with store.reading() as conn:
        # A period that starts before anything was recorded or planned starts at
        # the first record instead: no pages of empty weeks.
        (oldest,) = conn.execute(f"SELECT min(local_date) FROM sessions s WHERE s.{SHOWN}").fetchone()
        starts = [date.fromisoformat(oldest)] if oldest else []
        starts += [v.effective_from for v in history.versions]
        starts += [store.local_date(m.taken_at) for m in store.measurements()[:1]]
        if starts and first < min(starts) <= last:
            first = min(starts)
        rows = conn.execute(
            f"SELECT {SESSION_COLUMNS}, c.pain FROM sessions s LEFT JOIN checkins c ON c.session_id = s.id"
            f" WHERE s.local_date BETWEEN ? AND ? AND s.{SHOWN} AND s.time_scale = 1"
            " ORDER BY s.started_at, s.id",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        (scaled,) = conn.execute(
            f"SELECT count(*) FROM sessions s WHERE s.local_date BETWEEN ? AND ? AND s.{SHOWN}"
            " AND s.time_scale != 1", (first.isoformat(), last.isoformat())).fetchone()
        parts = conn.execute(
            "SELECT p.exercise_id, max(p.exercise_name), sum(p.status = 'done'), sum(p.status = 'skipped')"
            " FROM parts p JOIN sessions s ON s.id = p.session_id"
            f" WHERE s.local_date BETWEEN ? AND ? AND s.{SHOWN} AND s.time_scale = 1"
            " GROUP BY p.exercise_id ORDER BY min(s.started_at), p.exercise_id",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
    sessions = []
    for row in rows:
        s = session_record(row[:-1])
        sessions.append(ReportSession(
            s.local_date, s.started_at, s.routine_id, s.routine_title or s.routine_id, s.status,
            s.parts_done, s.parts_skipped, s.planned_parts, s.active_seconds / 60, s.rating,
            Pain(row[-1]) if row[-1] else None, s.note))
    done = {s.day for s in sessions if s.status is SessionStatus.COMPLETED or s.sides_done > 0}
    weeks = weekly_adherence(history, done, first, last, today) if history.versions else []
    measurements = tuple(m for m in store.measurements() if first <= store.local_date(m.taken_at) <= last)
    tests = {m.test_id for m in measurements}
    start = datetime.combine(first, datetime.min.time()).astimezone()
    end = datetime.combine(last + timedelta(days=1), datetime.min.time()).astimezone()
    return ReportData(
        first=first, last=last, made_at=now,
        plans=tuple(history.between(first, last)),
        weeks=tuple(weeks),
        sessions=tuple(sessions),
        exercises=tuple(ExerciseCompletion(r[0], r[1] or r[0], int(r[2]), int(r[3])) for r in parts),
        measurements=measurements,
        self_tests=tuple(t for t in catalog.self_tests if t.id in tests),
        decisions=tuple(stored.decisions(store, start, end)),
        titles={r.id: r.title for r in catalog.routines},
        scaled_left_out=int(scaled),
    )
