"""How records map to SQLite rows: times as text, column lists, value checks.

Shared by the store, the statistics, the practice, the importer and salvage,
so a column is listed and a value is checked in one place.
"""

from __future__ import annotations

import enum
import json
import math
import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.core.practice import PathKind, Plan
from hiptimer.core.progression import Answer, Decision, Kind, Suggestion
from hiptimer.storage.records import MeasurementRecord, PartRecord, SessionRecord, SessionStatus

Row = Sequence[Any]  # sqlite3 gives rows untyped; the schema, not the type checker, fixes each value
"""A row as sqlite3 returns it, its values in the order of the SELECT's columns."""

RATING_MIN, RATING_MAX = 0, 10
DEGREES_MIN, DEGREES_MAX = -180, 180

SESSION_COLUMNS = (
    "id, uid, routine_id, routine_title, level, started_at, local_date, ended_at, status, "
    "active_seconds, planned_parts, parts_done, parts_skipped, rating, note, time_scale"
)
PART_COLUMNS = (
    "session_id, exercise_index, exercise_id, exercise_name, side, status, dose, "
    "active_seconds, ended_at"
)
MEASUREMENT_COLUMNS = "id, uid, test_id, taken_at, left_deg, right_deg, note"
PLAN_COLUMNS = "id, uid, effective_from, path, routines, weekdays, at, step, step_since, retest_weeks"
DECISION_COLUMNS = (
    "id, uid, decided_at, rule, kind, routine_id, exercise_id, from_value, to_value, text,"
    " see_therapist, answer"
)

COUNTS = "(status = 'completed' OR parts_done > 0)"
"""A counted session (see :mod:`hiptimer.storage.records`), as SQL."""

SHOWN = "status != 'never_started'"
"""A session the history page lists: one that at least began."""

NEVER_BEGAN = "(active_seconds = 0 AND NOT EXISTS (SELECT 1 FROM parts WHERE session_id = :id))"
"""Session ``:id`` recorded no side and no time: it never ran."""


# --------------------------------------------------------------------------
# Times


def to_iso(moment: datetime) -> str:
    """ISO-8601 in UTC with fixed width, so text order is time order."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"time must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# --------------------------------------------------------------------------
# Checks: each raises ValueError naming the field


def enum_value(value: object, kind: type[enum.Enum], what: str) -> str:
    try:
        return str(kind(value.value if isinstance(value, enum.Enum) else value).value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise ValueError(f"{what} must be one of {allowed}; got {value!r}") from None


def check_rating(rating: int | None) -> int | None:
    if rating is None:
        return None
    if isinstance(rating, bool) or not isinstance(rating, int):
        raise ValueError(f"rating must be an integer or None; got {rating!r}")
    if not RATING_MIN <= rating <= RATING_MAX:
        raise ValueError(f"rating must be {RATING_MIN}-{RATING_MAX}; got {rating}")
    return rating


def check_degrees(value: int | None, side: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{side}_deg must be an integer or None; got {value!r}")
    if not DEGREES_MIN <= value <= DEGREES_MAX:
        raise ValueError(f"{side}_deg must be {DEGREES_MIN}-{DEGREES_MAX}; got {value}")
    return value


def nonnegative(value: float, what: str) -> float:
    number = float(value)
    if not (number >= 0 and math.isfinite(number)):  # also catches NaN and infinity
        raise ValueError(f"{what} must be a finite number, zero or more; got {value!r}")
    return number


MAX_NOTE = 10_000
"""The note limit, in characters (the importer refuses longer; a typed note is cut)."""


def capped_note(note: str) -> str:
    """A note within :data:`MAX_NOTE`: a pasted book must not freeze the history page."""
    if not isinstance(note, str):  # a damaged or foreign row; never break a page on it
        note = "" if note is None else str(note)
    return note if len(note) <= MAX_NOTE else note[:MAX_NOTE]


def check_time_scale(value: float) -> float:
    number = float(value)
    if not (number > 0 and math.isfinite(number)):
        raise ValueError(f"time_scale must be a positive number; got {value!r}")
    return number


def finite_or_zero(value: object) -> float:
    """A stored number as a float; a non-finite one (written by an older version's
    import) reads as 0 rather than breaking every page that sums it."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


# --------------------------------------------------------------------------
# Rows to records


def session_record(row: Row) -> SessionRecord:
    """A row selected with :data:`SESSION_COLUMNS`."""
    return SessionRecord(
        id=row[0],
        uid=row[1],
        routine_id=row[2],
        routine_title=row[3],
        level=row[4],
        started_at=from_iso(row[5]),
        local_date=date.fromisoformat(row[6]),
        ended_at=from_iso(row[7]) if row[7] else None,
        status=SessionStatus(row[8]),
        active_seconds=finite_or_zero(row[9]),
        planned_parts=int(row[10]),
        parts_done=int(row[11]),
        parts_skipped=int(row[12]),
        rating=row[13],
        note=capped_note(row[14]),  # one written before the limit must not freeze a page
        time_scale=float(row[15]),
    )


def part_record(row: Row) -> PartRecord:
    """A row selected with :data:`PART_COLUMNS`."""
    return PartRecord(
        session_id=row[0],
        exercise_index=row[1],
        exercise_id=row[2],
        exercise_name=row[3],
        side=Side(row[4]),
        status=PartStatus(row[5]),
        dose=row[6],
        active_seconds=finite_or_zero(row[7]),
        ended_at=from_iso(row[8]),
    )


def measurement_record(row: Row) -> MeasurementRecord:
    """A row selected with :data:`MEASUREMENT_COLUMNS`."""
    return MeasurementRecord(
        id=row[0],
        uid=row[1],
        test_id=row[2],
        taken_at=from_iso(row[3]),
        left_deg=row[4],
        right_deg=row[5],
        note=capped_note(row[6]),
    )


def plan_record(row: Row) -> Plan:
    """A row selected with :data:`PLAN_COLUMNS`."""
    return Plan(
        path=PathKind(row[3]),
        routines=tuple(json.loads(row[4])),
        weekdays=frozenset(int(d) for d in row[5].split(",") if d),
        effective_from=date.fromisoformat(row[2]),
        at=time.fromisoformat(row[6]),
        step=int(row[7]),
        step_since=date.fromisoformat(row[8]),
        retest_weeks=int(row[9]),
        id=int(row[0]),
    )


def decision_record(row: Row) -> Decision:
    """A row selected with :data:`DECISION_COLUMNS`."""
    suggestion = Suggestion(
        rule=row[3], kind=Kind(row[4]), routine_id=row[5], text=row[9], exercise_id=row[6],
        from_value=row[7], to_value=row[8], see_therapist=bool(row[10]),
    )
    return Decision(from_iso(row[2]), suggestion, Answer(row[11]), id=int(row[0]), uid=row[1])


# --------------------------------------------------------------------------
# Derived columns


def refresh_counts(conn: sqlite3.Connection, session_id: int) -> None:
    """Recount a session's done and skipped parts (and, while running, its time).

    Recount rather than increment, so a replaced or retried part stays right.
    While running, the session's time is the sum of its parts: a crash then
    still leaves an honest figure for the minutes chart.
    """
    conn.execute(
        "UPDATE sessions SET"
        " parts_done = (SELECT count(*) FROM parts WHERE session_id = :id AND status = 'done'),"
        " parts_skipped = (SELECT count(*) FROM parts"
        "   WHERE session_id = :id AND status = 'skipped'),"
        " active_seconds = CASE WHEN status = 'running' THEN max(active_seconds,"
        "   (SELECT coalesce(sum(active_seconds), 0) FROM parts WHERE session_id = :id))"
        "   ELSE active_seconds END"
        " WHERE id = :id",
        {"id": session_id},
    )
