"""The history database: the player's writes and the plain reads.

Standard library only (plus :mod:`hiptimer.core`); the UI reads plain frozen
records (:mod:`hiptimer.storage.records`) from here and never sees SQL.

Durability rules:

* Write as you go. Every public write is one short transaction that commits
  before the call returns (autocommit connection, ``synchronous=FULL``), so
  a crash or SIGKILL at any moment loses nothing already recorded.
* Several hiptimer processes may share the file: WAL, a busy timeout, and
  ``BEGIN IMMEDIATE`` for every multi-statement write (a deferred transaction
  that upgrades from reading to writing can fail at once under WAL).
* Schema changes are steps in :data:`hiptimer.storage.schema.MIGRATIONS`.
* Opening never fails; see :mod:`hiptimer.storage.opening`.

Why one module over 400 lines: it is one class over one connection, which
:meth:`HistoryStore.reconnect` and :meth:`HistoryStore.verify` may replace,
so every call reaches the database through it and runs guarded, in its own
transaction. Whatever is more than a row at a time lives beside it: figures
in :mod:`.statistics`, crash recovery in :mod:`.recovery`, bulk merging in
:mod:`.importer`, row mapping and value checks in :mod:`.rows`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from hiptimer.core.events import EndStatus, PartStatus
from hiptimer.core.model import Side
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage import recovery, statistics
from hiptimer.storage.errors import CorruptDatabase, HistoryError, describe, guarded
from hiptimer.storage.opening import (
    Connector,
    OpenResult,
    memory_connection,
    open_checked,
    open_database,
    reopen_read_only,
    start_over,
)
from hiptimer.storage.records import (
    MeasurementRecord,
    PartRecord,
    RoutineSummary,
    SessionRecord,
    SessionStatus,
    Streaks,
    WeekMinutes,
)
from hiptimer.storage.rows import (
    MEASUREMENT_COLUMNS,
    PART_COLUMNS,
    SESSION_COLUMNS,
    SHOWN,
    capped_note,
    check_degrees,
    check_rating,
    check_time_scale,
    enum_value,
    measurement_record,
    nonnegative,
    part_record,
    refresh_counts,
    session_record,
    to_iso,
)
from hiptimer.storage.schema import quick_check, rollback

log = logging.getLogger(__name__)


def _identity(path: Path | None) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``; None for none or in memory."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class HistoryStore:
    """The history database. Build it with :meth:`open`.

    Not thread-safe: use one store per thread (or process). Every method
    raises :class:`HistoryError` (never a raw ``sqlite3`` error); the player
    should write through :class:`~hiptimer.storage.writer.HistoryWriter`,
    which never raises.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        path: Path | None = None,
        connector: Connector | None = None,
        local_tz: tzinfo | None = None,
        owner: str | None = None,
        read_only: bool = False,
    ) -> None:
        self._conn = conn
        self._path = path
        self._connector = connector
        self._tz = local_tz
        self._owner = owner or recovery.default_owner()
        self._read_only = read_only
        self._identity = _identity(path)  # the file we opened, to notice it being deleted
        self._lost = False  # that file is gone and no new one could be made yet

    # -- opening and closing ------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        local_tz: tzinfo | None = None,
        owner: str | None = None,
        connector: Connector | None = None,
        check: bool = True,
        now: Callable[[], datetime] | None = None,
    ) -> OpenResult:
        """Open (creating or migrating) the history at ``path``; never raises.

        See :func:`~hiptimer.storage.opening.open_database` for what happens to
        damaged, read-only and unopenable files, and ``check``, ``connector``
        and ``now``. ``local_tz`` decides the calendar day of a session
        (default: the system's zone).
        """
        opened = open_database(path, connector=connector, check=check, now=now)
        store = cls(
            opened.conn,
            path=opened.path,
            connector=opened.connector,
            local_tz=local_tz,
            owner=owner,
            read_only=opened.read_only,
        )
        return OpenResult(store, opened.notice, opened.moved_aside, opened.persistent,
                          opened.salvaged)

    @guarded
    def verify(self, now: Callable[[], datetime] | None = None) -> str | None:
        """Run ``PRAGMA quick_check`` now (for stores opened with ``check=False``).

        If the file is damaged it is moved aside and a new one started, as
        :meth:`open` would have done; returns the notice for the user, or
        None when the file is sound.
        """
        try:
            problems = quick_check(self._conn)
        except sqlite3.DatabaseError as exc:
            if not isinstance(describe(exc, self.where), CorruptDatabase):
                raise
            problems = [str(exc)]
        if not problems or self._path is None or self._connector is None:
            return None
        log.error("history file %s is damaged: %s", self.where, "; ".join(problems[:3]))
        self._conn, notice = start_over(self._conn, self._path, self._connector, now or datetime.now)
        self._read_only = False
        return notice

    def reconnect(self, *, lost: bool = False) -> bool:
        """Open a fresh read-write connection (after read-only or cannot-open errors).

        Returns True when the new connection works; otherwise keeps the old one.
        ``lost``: the file was deleted or replaced under us. The old connection
        is closed first (while it is open, SQLite would read the deleted file's
        ``-wal`` and ``-shm`` into a new file of the same name, and closing it
        later would delete the new file's), and until a new file can be made
        reads see an empty history and writes keep failing as ``gone``.
        """
        if self._connector is None:
            return False
        if lost and not self._lost:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = memory_connection()
            self._lost = True
        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.parent.mkdir(parents=True, exist_ok=True)
        # Close the old connection first: connections to one file share SQLite's
        # view of its -shm, and one opened read-only keeps every later one
        # read-only too while it stays open.
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        try:
            conn = open_checked(self._connector, self.where, check=False)
        except (HistoryError, sqlite3.Error) as exc:
            log.info("history reconnect failed: %s", exc)
            # Reads go on from the file as it is, read-only, until a later try works.
            ro = reopen_read_only(self._path) if self._path is not None and not self._lost else None
            self._conn = ro or memory_connection()
            return False
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._conn = conn
        self._read_only = False
        self._lost = False
        self._identity = _identity(self._path)
        log.info("history reconnected to %s", self.where)
        return True

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def where(self) -> str:
        return str(self._path) if self._path else "(in memory)"

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def owner(self) -> str:
        return self._owner

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, committed on exit (before the call returns).

        For bulk work inside the storage package (merging an import); raw
        sqlite3 errors come out of it, so wrap callers in ``guarded``.
        """
        self._check_file()
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for several reads seen as one snapshot (a deferred
        transaction), for modules of the storage package such as ``plans``."""
        conn = self._conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            rollback(conn)

    def _check_file(self) -> None:
        """Refuse to write into a file that was deleted or replaced since it was opened:
        SQLite would carry on writing into the deleted one, and it would all be lost."""
        if self._identity is None or self._path is None:
            return
        if self._lost or _identity(self._path) != self._identity:
            raise HistoryError(
                f"The history file {self.where} was deleted or replaced while hiptimer was "
                "running.", kind="gone", transient=True)

    @guarded
    def session_id_for(self, uid: str) -> int | None:
        """The id of the session with ``uid``, or None."""
        row = self._conn.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
        return int(row[0]) if row else None

    @guarded
    def disown(self, uids: list[str]) -> None:
        """Give up ownership of running sessions (written for a process that is gone),
        so :meth:`recover_unfinished` settles them like any left behind."""
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE sessions SET owner = '' WHERE uid = ? AND status = 'running'",
                [(u,) for u in uids])

    def local_date(self, moment: datetime) -> date:
        """The calendar day of ``moment`` in the store's zone."""
        to_iso(moment)  # rejects naive times
        return moment.astimezone(self._tz).date()

    def today(self) -> date:
        return datetime.now(UTC).astimezone(self._tz).date()

    # -- writes used by the player ---------------------------------------------

    @guarded
    def start_session(self, session: SessionWrite) -> int:
        """Record a new running session; return its id. Idempotent by ``uid``."""
        if not session.routine_id:
            raise ValueError("routine_id must not be empty")
        planned = int(session.planned_parts)
        if planned < 0:
            raise ValueError(f"planned_parts must be zero or more; got {planned}")
        scale = check_time_scale(session.time_scale)
        uid = session.uid
        with self.transaction() as conn:
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
                    self.local_date(session.started_at).isoformat(),
                    planned,
                    self._owner,
                    scale,
                ),
            )
            row = conn.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
        return int(row[0])

    @guarded
    def record_part(self, session_id: int, part: PartWrite) -> None:
        """Record one exercise on one side.

        Recording the same side again keeps the later result, except that a
        side once done stays done (:func:`hiptimer.core.record.replaces`).
        """
        side = enum_value(part.side, Side, "side")
        status = enum_value(part.status, PartStatus, "status")
        seconds = nonnegative(part.active_seconds, "active_seconds")
        with self.transaction() as conn:
            self._require_session(conn, session_id)
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

    @staticmethod
    def _require_session(conn: sqlite3.Connection, session_id: int) -> str:
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise HistoryError(f"There is no session {session_id} in the history.", kind="invalid")
        return str(row[0])

    @guarded
    def finish_session(
        self,
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
        with self.transaction() as conn:
            self._require_session(conn, session_id)
            conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ? WHERE id = ?",
                (value, to_iso(ended_at), seconds, session_id),
            )

    @guarded
    def rate_session(self, session_id: int, *, rating: int | None, note: str = "") -> None:
        """Set how the session felt (0-10, or None) and a free note (cut at the note limit)."""
        rating = check_rating(rating)
        note = capped_note(note)
        with self.transaction() as conn:
            self._require_session(conn, session_id)
            conn.execute(
                "UPDATE sessions SET rating = ?, note = ? WHERE id = ?",
                (rating, note, session_id),
            )

    @guarded
    def abandon_session(self, session_id: int) -> None:
        """Withdraw a session whose row was written but which then failed to begin.

        It is kept as ``never_started``: never resumed, never counted. Refused
        once a side is recorded or the session has ended. Harmless twice.
        """
        with self.transaction() as conn:
            recovery.withdraw(conn, session_id, self._require_session(conn, session_id))

    @guarded
    def recover_unfinished(self) -> list[SessionRecord]:
        """Settle sessions left ``running`` by a dead process; return those now interrupted.

        Those that never recorded anything become ``never_started`` and are not
        returned: there is nothing to resume. See :mod:`hiptimer.storage.recovery`.
        """
        with self.transaction() as conn:
            interrupted = recovery.settle_unfinished(conn, self._owner)
        return [s for s in (self.session(i) for i in interrupted) if s is not None]

    @guarded
    def reopen_session(self, session_id: int) -> None:
        """Resume an interrupted session: it is ``running`` again, owned by us."""
        with self.transaction() as conn:
            status = self._require_session(conn, session_id)
            if status not in ("interrupted", "running"):
                raise HistoryError(
                    f"Session {session_id} is {status}; only an interrupted one can be resumed.",
                    kind="invalid",
                )
            conn.execute(
                "UPDATE sessions SET status = 'running', ended_at = NULL, owner = ? WHERE id = ?",
                (self._owner, session_id),
            )

    @guarded
    def add_measurement(self, measurement: MeasurementWrite) -> int:
        """Record a self-test result; return its id. Idempotent by ``uid``."""
        m = measurement
        if not m.test_id:
            raise ValueError("test_id must not be empty")
        left = check_degrees(m.left_deg, "left")
        right = check_degrees(m.right_deg, "right")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO measurements (uid, test_id, taken_at, left_deg, right_deg, note)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING",
                (m.uid, m.test_id, to_iso(m.taken_at), left, right, capped_note(m.note)),
            )
            row = conn.execute("SELECT id FROM measurements WHERE uid = ?", (m.uid,)).fetchone()
        return int(row[0])

    # -- reads ------------------------------------------------------------------
    # The pages list only sessions that began; session(), iter_sessions() and
    # the exports see every row.

    @guarded
    def session(self, session_id: int) -> SessionRecord | None:
        row = self._conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return session_record(row) if row else None

    @guarded
    def parts(self, session_id: int) -> list[PartRecord]:
        """The session's parts in the order they were done."""
        rows = self._conn.execute(
            f"SELECT {PART_COLUMNS} FROM parts WHERE session_id = ?"
            " ORDER BY exercise_index, ended_at, side",
            (session_id,),
        ).fetchall()
        return [part_record(r) for r in rows]

    @guarded
    def sessions(
        self,
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
        return [session_record(r) for r in self._conn.execute(sql, args)]

    @guarded
    def count_sessions(self, routine_id: str | None = None) -> int:
        if routine_id is None:
            row = self._conn.execute(f"SELECT count(*) FROM sessions WHERE {SHOWN}").fetchone()
        else:
            row = self._conn.execute(
                f"SELECT count(*) FROM sessions WHERE routine_id = ? AND {SHOWN}", (routine_id,)
            ).fetchone()
        return int(row[0])

    @guarded
    def measurements(self, test_id: str | None = None) -> list[MeasurementRecord]:
        """Self-test results, oldest first."""
        if test_id is None:
            rows = self._conn.execute(
                f"SELECT {MEASUREMENT_COLUMNS} FROM measurements ORDER BY taken_at, id"
            )
        else:
            rows = self._conn.execute(
                f"SELECT {MEASUREMENT_COLUMNS} FROM measurements WHERE test_id = ?"
                " ORDER BY taken_at, id",
                (test_id,),
            )
        return [measurement_record(r) for r in rows]

    def iter_sessions(self) -> Iterator[tuple[SessionRecord, list[PartRecord]]]:
        """Every session with its parts, oldest first, streamed in two passes
        walked side by side (no query per session)."""
        order = "s.started_at, s.id"
        try:
            sessions = self._conn.execute(
                f"SELECT {SESSION_COLUMNS} FROM sessions s ORDER BY {order}"
            )
            parts = self._conn.execute(
                "SELECT "
                + ", ".join(f"p.{c.strip()}" for c in PART_COLUMNS.split(","))
                + " FROM parts p JOIN sessions s ON s.id = p.session_id"
                f" ORDER BY {order}, p.exercise_index, p.ended_at, p.side"
            )
            pending = parts.fetchone()
            for row in sessions:
                record = session_record(row)
                mine: list[PartRecord] = []
                while pending is not None and pending[0] == record.id:
                    mine.append(part_record(pending))
                    pending = parts.fetchone()
                yield record, mine
        except sqlite3.Error as exc:
            raise describe(exc, self.where) from exc

    @guarded
    def integrity_check(self) -> list[str]:
        """Problems from ``PRAGMA integrity_check`` (empty when sound). Slow: full scan."""
        rows = [str(r[0]) for r in self._conn.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows

    # -- figures (see hiptimer.storage.statistics) ----------------------------------

    @guarded
    def day_counts(self, first: date, last: date) -> dict[date, int]:
        """Counted sessions per local day from ``first`` to ``last`` (days with none omitted)."""
        return statistics.day_counts(self._conn, first, last)

    @guarded
    def streaks(self, today: date | None = None) -> Streaks:
        """Current and longest runs of consecutive counted days up to ``today``."""
        return statistics.streaks(self._conn, today or self.today())

    @guarded
    def minutes_per_week(self, weeks: int = 12, today: date | None = None) -> list[WeekMinutes]:
        """Active minutes for each of the last ``weeks`` weeks, oldest first."""
        return statistics.minutes_per_week(self._conn, weeks, today or self.today())

    @guarded
    def routine_summaries(self) -> list[RoutineSummary]:
        """Each routine ever done: sessions, completions, minutes; most sessions first."""
        return statistics.routine_summaries(self._conn)
