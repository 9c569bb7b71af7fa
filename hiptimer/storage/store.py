"""The history database as the app calls it: the player's writes, the reads, the figures.

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

:class:`HistoryStore` is the history's calls: each runs guarded (no raw
sqlite3 error leaves it) over the one connection :mod:`.history_file` keeps
usable. The SQL lives beside it: the player's writes in :mod:`.recording`,
the plain reads in :mod:`.queries`, figures in :mod:`.statistics`, sessions
left behind in :mod:`.recovery`, bulk merging in :mod:`.merging`, row
mapping and value checks in :mod:`.rows`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from hiptimer.core.events import EndStatus
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage import queries, recording, recovery, statistics
from hiptimer.storage.errors import describe, guarded
from hiptimer.storage.history_file import HistoryFile
from hiptimer.storage.opening import Connector, OpenResult, open_database
from hiptimer.storage.records import (
    MeasurementRecord,
    PartRecord,
    RoutineSummary,
    SessionRecord,
    SessionStatus,
    Streaks,
    WeekMinutes,
)
from hiptimer.storage.rows import to_iso


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
        self._file = HistoryFile(conn, path=path, connector=connector, read_only=read_only)
        self._tz = local_tz
        self._owner = owner or recovery.default_owner()

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

    def verify(self, now: Callable[[], datetime] | None = None) -> str | None:
        """Run ``PRAGMA quick_check`` now (for stores opened with ``check=False``).

        If the file is damaged it is moved aside and a new one started, as
        :meth:`open` would have done; returns the notice for the user, or
        None when the file is sound.
        """
        return self._file.verify(now)

    def reconnect(self, *, lost: bool = False) -> bool:
        """Open a fresh read-write connection (after read-only or cannot-open errors);
        True when it works. ``lost``: the file was deleted or replaced under us.
        See :meth:`HistoryFile.reconnect <hiptimer.storage.history_file.HistoryFile.reconnect>`."""
        return self._file.reconnect(lost=lost)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def where(self) -> str:
        return self._file.where

    @property
    def path(self) -> Path | None:
        return self._file.path

    @property
    def read_only(self) -> bool:
        return self._file.read_only

    @property
    def owner(self) -> str:
        return self._owner

    @property
    def _conn(self) -> sqlite3.Connection:
        """The connection now (reconnecting or verifying may have replaced it)."""
        return self._file.conn

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One immediate transaction, committed on exit (before the call returns).

        For the writes inside the storage package (recording, merging, the
        practice); raw sqlite3 errors come out of it, so wrap callers in ``guarded``.
        """
        return self._file.transaction()

    def reading(self) -> AbstractContextManager[sqlite3.Connection]:
        """The connection for several reads seen as one snapshot (a deferred
        transaction), for modules of the storage package such as ``plans``."""
        return self._file.reading()

    @guarded
    def session_id_for(self, uid: str) -> int | None:
        """The id of the session with ``uid``, or None."""
        return queries.session_id_for(self._conn, uid)

    def local_date(self, moment: datetime) -> date:
        """The calendar day of ``moment`` in the store's zone."""
        to_iso(moment)  # rejects naive times
        return moment.astimezone(self._tz).date()

    def today(self) -> date:
        return datetime.now(UTC).astimezone(self._tz).date()

    # -- writes used by the player (the SQL is in hiptimer.storage.recording) ----------

    @guarded
    def start_session(self, session: SessionWrite) -> int:
        """Record a new running session; return its id. Idempotent by ``uid``."""
        return recording.start_session(self.transaction, session, local_date=self.local_date,
                                       owner=self._owner)

    @guarded
    def record_part(self, session_id: int, part: PartWrite) -> None:
        """Record one exercise on one side.

        Recording the same side again keeps the later result, except that a
        side once done stays done (:func:`hiptimer.core.record.replaces`).
        """
        recording.record_part(self.transaction, session_id, part)

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
        recording.finish_session(self.transaction, session_id, status=status, ended_at=ended_at,
                                 active_seconds=active_seconds)

    @guarded
    def rate_session(self, session_id: int, *, rating: int | None, note: str = "") -> None:
        """Set how the session felt (0-10, or None) and a free note (cut at the note limit)."""
        recording.rate_session(self.transaction, session_id, rating=rating, note=note)

    @guarded
    def add_measurement(self, measurement: MeasurementWrite) -> int:
        """Record a self-test result; return its id. Idempotent by ``uid``."""
        return recording.add_measurement(self.transaction, measurement)

    # -- sessions left behind (see hiptimer.storage.recovery) -----------------------

    @guarded
    def abandon_session(self, session_id: int) -> None:
        """Withdraw a session whose row was written but which then failed to begin.

        It is kept as ``never_started``: never resumed, never counted. Refused
        once a side is recorded or the session has ended. Harmless twice.
        """
        with self.transaction() as conn:
            recovery.withdraw(conn, session_id, recording.require_session(conn, session_id))

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
            recovery.reopen(conn, session_id, recording.require_session(conn, session_id),
                            self._owner)

    @guarded
    def disown(self, uids: list[str]) -> None:
        """Give up ownership of running sessions (written for a process that is gone),
        so :meth:`recover_unfinished` settles them like any left behind."""
        with self.transaction() as conn:
            recovery.disown(conn, uids)

    # -- reads (the SQL is in hiptimer.storage.queries) --------------------------
    # The pages list only sessions that began; session(), iter_sessions() and
    # the exports see every row.

    @guarded
    def session(self, session_id: int) -> SessionRecord | None:
        return queries.session(self._conn, session_id)

    @guarded
    def parts(self, session_id: int) -> list[PartRecord]:
        """The session's parts in the order they were done."""
        return queries.parts(self._conn, session_id)

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
        return queries.sessions(self._conn, routine_id, limit=limit, before=before)

    @guarded
    def count_sessions(self, routine_id: str | None = None) -> int:
        return queries.count_sessions(self._conn, routine_id)

    @guarded
    def measurements(self, test_id: str | None = None) -> list[MeasurementRecord]:
        """Self-test results, oldest first."""
        return queries.measurements(self._conn, test_id)

    def iter_sessions(self) -> Iterator[tuple[SessionRecord, list[PartRecord]]]:
        """Every session with its parts, oldest first, streamed (no query per session)."""
        try:
            yield from queries.iter_sessions(self._conn)
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
