"""The player's writes as SQL: a session started, a side, its end, its rating, a measurement.

Each function checks its values first (a ValueError names the field), then
writes in one immediate transaction opened by ``begin``
(:meth:`HistoryStore.transaction <hiptimer.storage.store.HistoryStore.transaction>`),
committed before it returns. Raw sqlite3 errors come out; the store's
methods, which call these, turn them into ``HistoryError``. Sessions left
behind by a crash or a failed start, and resuming one, are :mod:`.recovery`'s.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime

from hiptimer.core.events import EndStatus, PartStatus
from hiptimer.core.model import Side
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.records import SessionStatus
from hiptimer.storage.rows import (
    PART_COLUMNS,
    capped_note,
    check_degrees,
    check_rating,
    check_time_scale,
    enum_value,
    nonnegative,
    refresh_counts,
    to_iso,
)

Begin = Callable[[], AbstractContextManager[sqlite3.Connection]]
"""Opens one immediate transaction, committed on a clean exit."""


def require_session(conn: sqlite3.Connection, session_id: int) -> str:
    """The session's status; ``HistoryError`` (invalid) when there is no such session."""
    row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise HistoryError(f"There is no session {session_id} in the history.", kind="invalid")
    return str(row[0])


def start_session(begin: Begin, session: SessionWrite, *, local_date: Callable[[datetime], date],
                  owner: str) -> int:
    """Record a new running session; return its id. Idempotent by ``uid``.

    ``local_date`` gives the calendar day of the start; ``owner`` is the
    process writing it (:func:`hiptimer.storage.recovery.default_owner`).
    """
    if not session.routine_id:
        raise ValueError("routine_id must not be empty")
    planned = int(session.planned_parts)
    if planned < 0:
        raise ValueError(f"planned_parts must be zero or more; got {planned}")
    scale = check_time_scale(session.time_scale)
    uid = session.uid
    with begin() as conn:
        conn.execute(
            "INSERT INTO sessions (uid, routine_id, routine_title, level, started_at,"
            " local_date, planned_parts, owner, time_scale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (uid) DO NOTHING",
            (
                uid,
                session.routine_id,
                session.routine_title,
                session.level,
                to_iso(session.started_at),
                local_date(session.started_at).isoformat(),
                planned,
                owner,
                scale,
            ),
        )
        row = conn.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
    return int(row[0])


def record_part(begin: Begin, session_id: int, part: PartWrite) -> None:
    """Record one exercise on one side (see :meth:`HistoryStore.record_part
    <hiptimer.storage.store.HistoryStore.record_part>` for which result is kept)."""
    side = enum_value(part.side, Side, "side")
    status = enum_value(part.status, PartStatus, "status")
    seconds = nonnegative(part.active_seconds, "active_seconds")
    with begin() as conn:
        require_session(conn, session_id)
        conn.execute(
            f"INSERT INTO parts ({PART_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (session_id, exercise_index, side) DO UPDATE SET"
            " exercise_id = excluded.exercise_id, exercise_name = excluded.exercise_name,"
            " status = excluded.status, dose = excluded.dose,"
            " active_seconds = excluded.active_seconds, ended_at = excluded.ended_at"
            " WHERE excluded.status = 'done' OR parts.status = 'skipped'",
            (
                session_id,
                int(part.exercise_index),
                part.exercise_id,
                part.exercise_name,
                side,
                status,
                part.dose,
                seconds,
                to_iso(part.ended_at),
            ),
        )
        refresh_counts(conn, session_id)


def finish_session(
    begin: Begin,
    session_id: int,
    *,
    status: EndStatus | SessionStatus | str,
    ended_at: datetime,
    active_seconds: float,
) -> None:
    """Close a session as completed or ended early."""
    value = enum_value(status, SessionStatus, "status")
    if value not in (SessionStatus.COMPLETED.value, SessionStatus.ENDED_EARLY.value):
        raise ValueError(f"a session finishes completed or ended_early; got {value!r}")
    seconds = nonnegative(active_seconds, "active_seconds")
    with begin() as conn:
        require_session(conn, session_id)
        conn.execute(
            "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ? WHERE id = ?",
            (value, to_iso(ended_at), seconds, session_id),
        )


def rate_session(begin: Begin, session_id: int, *, rating: int | None, note: str = "") -> None:
    """Set how the session felt (0-10, or None) and a free note (cut at the note limit)."""
    rating = check_rating(rating)
    note = capped_note(note)
    with begin() as conn:
        require_session(conn, session_id)
        conn.execute(
            "UPDATE sessions SET rating = ?, note = ? WHERE id = ?",
            (rating, note, session_id),
        )


def add_measurement(begin: Begin, measurement: MeasurementWrite) -> int:
    """Record a self-test result; return its id. Idempotent by ``uid``."""
    m = measurement
    if not m.test_id:
        raise ValueError("test_id must not be empty")
    left = check_degrees(m.left_deg, "left")
    right = check_degrees(m.right_deg, "right")
    with begin() as conn:
        conn.execute(
            "INSERT INTO measurements (uid, test_id, taken_at, left_deg, right_deg, note)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING",
            (m.uid, m.test_id, to_iso(m.taken_at), left, right, capped_note(m.note)),
        )
        row = conn.execute("SELECT id FROM measurements WHERE uid = ?", (m.uid,)).fetchone()
    return int(row[0])
