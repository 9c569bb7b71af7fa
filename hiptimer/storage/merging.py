"""Merging records into a history by uid, in one transaction: what an import applies.

Sessions (with their parts), measurements and the practice are added where
their uid is new and skipped where it is already there, so merging the same
records twice adds nothing the second time. The values come checked (by
:mod:`.importer`, or from a history's own records); the row checks of
:mod:`.rows` still refuse what the schema would not hold, and a failure rolls
the whole merge back. Also used to fill a history with sample data.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.storage import plans
from hiptimer.storage.errors import guarded
from hiptimer.storage.records import MeasurementRecord, PartRecord, SessionRecord, SessionStatus
from hiptimer.storage.rows import (
    PART_COLUMNS,
    check_degrees,
    check_rating,
    check_time_scale,
    enum_value,
    nonnegative,
    refresh_counts,
    to_iso,
)
from hiptimer.storage.store import HistoryStore


def _arriving_status(record: SessionRecord, parts: Sequence[PartRecord]) -> SessionStatus:
    """A ``running`` session from elsewhere: nothing here will finish it. With
    nothing recorded it never began; otherwise it was interrupted."""
    if record.status is not SessionStatus.RUNNING:
        return record.status
    if not parts and record.active_seconds == 0:
        return SessionStatus.NEVER_STARTED
    return SessionStatus.INTERRUPTED


@guarded
def merge_sessions(
    store: HistoryStore, items: Iterable[tuple[SessionRecord, Sequence[PartRecord]]]
) -> tuple[int, int]:
    """Add sessions whose uid is new, with their parts, in one transaction.

    Returns (added, skipped). A part listed twice for one exercise and side
    is kept once (the first).
    """
    with store.transaction() as conn:
        return _insert_sessions(conn, items)


def _insert_sessions(
    conn: sqlite3.Connection, items: Iterable[tuple[SessionRecord, Sequence[PartRecord]]]
) -> tuple[int, int]:
    added = skipped = 0
    for record, parts in items:
        cursor = conn.execute(
            "INSERT INTO sessions (uid, routine_id, routine_title, level, started_at,"
            " local_date, ended_at, status, active_seconds, planned_parts, rating, note,"
            " time_scale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (uid) DO NOTHING",
            (
                record.uid,
                record.routine_id,
                record.routine_title,
                record.level,
                to_iso(record.started_at),
                record.local_date.isoformat(),
                to_iso(record.ended_at) if record.ended_at else None,
                _arriving_status(record, parts).value,
                nonnegative(record.active_seconds, "active_seconds"),
                int(record.planned_parts),
                check_rating(record.rating),
                record.note,
                check_time_scale(record.time_scale),
            ),
        )
        if cursor.rowcount == 0:
            skipped += 1
            continue
        added += 1
        session_id = cursor.lastrowid
        assert session_id is not None
        conn.executemany(
            f"INSERT INTO parts ({PART_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (session_id, exercise_index, side) DO NOTHING",
            [
                (
                    session_id,
                    p.exercise_index,
                    p.exercise_id,
                    p.exercise_name,
                    enum_value(p.side, Side, "side"),
                    enum_value(p.status, PartStatus, "status"),
                    p.dose,
                    nonnegative(p.active_seconds, "active_seconds"),
                    to_iso(p.ended_at),
                )
                for p in parts
            ],
        )
        refresh_counts(conn, session_id)
    return added, skipped


@guarded
def merge_measurements(
    store: HistoryStore, items: Iterable[MeasurementRecord]
) -> tuple[int, int]:
    """Add measurements whose uid is new, in one transaction; (added, skipped)."""
    with store.transaction() as conn:
        return _insert_measurements(conn, items)


def _insert_measurements(
    conn: sqlite3.Connection, items: Iterable[MeasurementRecord]
) -> tuple[int, int]:
    added = skipped = 0
    for m in items:
        cursor = conn.execute(
            "INSERT INTO measurements (uid, test_id, taken_at, left_deg, right_deg, note)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING",
            (
                m.uid,
                m.test_id,
                to_iso(m.taken_at),
                check_degrees(m.left_deg, "left"),
                check_degrees(m.right_deg, "right"),
                m.note,
            ),
        )
        if cursor.rowcount:
            added += 1
        else:
            skipped += 1
    return added, skipped


@guarded
def merge_all(
    store: HistoryStore,
    sessions: Iterable[tuple[SessionRecord, Sequence[PartRecord]]],
    measurements: Iterable[MeasurementRecord],
    practice: plans.PracticeImport | None = None,
) -> tuple[int, int, int, int]:
    """Sessions, measurements and the practice (plans, check-ins, decisions; after
    the sessions its check-ins refer to) in one transaction: (added, skipped) for
    sessions and measurements."""
    with store.transaction() as conn:
        counts = (*_insert_sessions(conn, sessions), *_insert_measurements(conn, measurements))
        if practice:
            plans.merge_practice(conn, practice)
        return counts
