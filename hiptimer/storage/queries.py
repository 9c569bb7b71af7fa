"""The read side of the history: sessions, their parts and measurements as frozen records.

Plain functions over a connection, as in :mod:`.statistics`;
:class:`~hiptimer.storage.store.HistoryStore` offers each as a method and
turns sqlite3 errors into ``HistoryError``. The pages list only sessions
that began (:data:`~hiptimer.storage.rows.SHOWN`); :func:`session`,
:func:`iter_sessions` and the exports see every row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from hiptimer.storage.records import MeasurementRecord, PartRecord, SessionRecord
from hiptimer.storage.rows import (
    MEASUREMENT_COLUMNS,
    PART_COLUMNS,
    SESSION_COLUMNS,
    SHOWN,
    measurement_record,
    part_record,
    session_record,
    to_iso,
)


def session_id_for(conn: sqlite3.Connection, uid: str) -> int | None:
    """The id of the session with ``uid``, or None."""
    row = conn.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
    return int(row[0]) if row else None


def session(conn: sqlite3.Connection, session_id: int) -> SessionRecord | None:
    row = conn.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    return session_record(row) if row else None


def parts(conn: sqlite3.Connection, session_id: int) -> list[PartRecord]:
    """The session's parts in the order they were done."""
    rows = conn.execute(
        f"SELECT {PART_COLUMNS} FROM parts WHERE session_id = ?"
        " ORDER BY exercise_index, ended_at, side",
        (session_id,),
    ).fetchall()
    return [part_record(r) for r in rows]


def sessions(
    conn: sqlite3.Connection,
    routine_id: str | None = None,
    *,
    limit: int = 100,
    before: SessionRecord | None = None,
) -> list[SessionRecord]:
    """Newest first, one page. Pass the last record of a page as ``before``
    for the next (keyset paging: each page costs the same however deep)."""
    where: list[str] = [SHOWN]
    args: list[str | int] = []
    if routine_id is not None:
        where.append("routine_id = ?")
        args.append(routine_id)
    if before is not None:
        where.append("(started_at, id) < (?, ?)")
        args += [to_iso(before.started_at), before.id]
    sql = f"SELECT {SESSION_COLUMNS} FROM sessions WHERE " + " AND ".join(where)
    sql += " ORDER BY started_at DESC, id DESC LIMIT ?"
    args.append(int(limit))
    return [session_record(r) for r in conn.execute(sql, args)]


def count_sessions(conn: sqlite3.Connection, routine_id: str | None = None) -> int:
    if routine_id is None:
        row = conn.execute(f"SELECT count(*) FROM sessions WHERE {SHOWN}").fetchone()
    else:
        row = conn.execute(
            f"SELECT count(*) FROM sessions WHERE routine_id = ? AND {SHOWN}", (routine_id,)
        ).fetchone()
    return int(row[0])


def measurements(conn: sqlite3.Connection, test_id: str | None = None) -> list[MeasurementRecord]:
    """Self-test results, oldest first."""
    if test_id is None:
        rows = conn.execute(f"SELECT {MEASUREMENT_COLUMNS} FROM measurements ORDER BY taken_at, id")
    else:
        rows = conn.execute(
            f"SELECT {MEASUREMENT_COLUMNS} FROM measurements WHERE test_id = ?"
            " ORDER BY taken_at, id",
            (test_id,),
        )
    return [measurement_record(r) for r in rows]


def iter_sessions(conn: sqlite3.Connection) -> Iterator[tuple[SessionRecord, list[PartRecord]]]:
    """Every session with its parts, oldest first, streamed in two passes
    walked side by side (no query per session). Raw sqlite3 errors come out."""
    order = "s.started_at, s.id"
    rows = conn.execute(f"SELECT {SESSION_COLUMNS} FROM sessions s ORDER BY {order}")
    part_rows = conn.execute(
        "SELECT "
        + ", ".join(f"p.{c.strip()}" for c in PART_COLUMNS.split(","))
        + " FROM parts p JOIN sessions s ON s.id = p.session_id"
        f" ORDER BY {order}, p.exercise_index, p.ended_at, p.side"
    )
    pending = part_rows.fetchone()
    for row in rows:
        record = session_record(row)
        mine: list[PartRecord] = []
        while pending is not None and pending[0] == record.id:
            mine.append(part_record(pending))
            pending = part_rows.fetchone()
        yield record, mine
