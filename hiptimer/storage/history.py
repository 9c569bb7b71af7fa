"""Session history and range-of-motion measurements, kept in SQLite.

Standard library only (plus :mod:`hiptimer.core`); the UI reads plain frozen
records from here and never sees SQL.

Durability rules:

* Write as you go. Every public write is one short transaction that commits
  before the call returns (autocommit connection, ``synchronous=FULL``), so
  a crash or SIGKILL at any moment loses nothing already recorded.
* Several hiptimer processes may share the file: WAL, a busy timeout, and
  ``BEGIN IMMEDIATE`` for every multi-statement write (a deferred transaction
  that upgrades from reading to writing can fail at once under WAL).
* Schema changes are steps in :data:`MIGRATIONS`; ``PRAGMA user_version``
  counts how many have run. Add a step at the end, never edit an old one.
* A damaged file is moved aside (never deleted) and a new one started; see
  :meth:`HistoryStore.open`.

Which days count: a session *counts* for a day (heatmap, streaks) when it was
completed or when at least one exercise part in it was done ("partly
completed"). The day is the local calendar day on which the session started,
fixed when it is recorded, so travelling later does not move old sessions.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import logging
import os
import socket
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from hiptimer.core.events import EndStatus, PartStatus
from hiptimer.core.model import Side
from hiptimer.storage.schema import (
    BUSY_TIMEOUT_MS,
    SCHEMA_VERSION,
    configure,
    connect_file,
    migrate,
    quick_check,
    rollback,
    user_version,
)

log = logging.getLogger(__name__)

MEMORY = ":memory:"

RATING_MIN, RATING_MAX = 0, 10
DEGREES_MIN, DEGREES_MAX = -180, 180

P = ParamSpec("P")
R = TypeVar("R")


# --------------------------------------------------------------------------
# Values


class SessionStatus(enum.Enum):
    RUNNING = "running"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"
    INTERRUPTED = "interrupted"  # the app stopped (crash, kill, power) while running


@dataclass(frozen=True)
class SessionRecord:
    id: int
    uid: str
    routine_id: str
    routine_title: str
    level: int | None
    started_at: datetime  # aware, UTC
    local_date: date  # the user's calendar day when it started
    ended_at: datetime | None
    status: SessionStatus
    active_seconds: float
    planned_parts: int
    parts_done: int
    parts_skipped: int
    rating: int | None
    note: str

    @property
    def completion(self) -> float | None:
        """Done parts as a fraction of the planned parts (None if none were planned)."""
        if self.planned_parts <= 0:
            return None
        return min(1.0, self.parts_done / self.planned_parts)

    @property
    def counts(self) -> bool:
        """True when the session counts for its day: completed or partly completed."""
        return self.status is SessionStatus.COMPLETED or self.parts_done > 0


@dataclass(frozen=True)
class PartRecord:
    """One exercise on one side, done or skipped."""

    session_id: int
    exercise_index: int
    exercise_id: str
    exercise_name: str
    side: Side
    status: PartStatus
    dose: str
    active_seconds: float
    ended_at: datetime


@dataclass(frozen=True)
class MeasurementRecord:
    """A range-of-motion self-test result in degrees (None: side not measured)."""

    id: int
    uid: str
    test_id: str
    taken_at: datetime
    left_deg: int | None
    right_deg: int | None
    note: str

    @property
    def difference(self) -> int | None:
        """Absolute left-right difference, when both sides were measured."""
        if self.left_deg is None or self.right_deg is None:
            return None
        return abs(self.left_deg - self.right_deg)


@dataclass(frozen=True)
class RoutineSummary:
    routine_id: str
    title: str  # the title used by its latest session
    sessions: int
    completed: int
    minutes: float
    last_started_at: datetime


@dataclass(frozen=True)
class Streaks:
    """Runs of consecutive counted days (see the module docstring).

    ``current`` ends today, or yesterday when today has nothing yet: a streak
    is only broken once a whole day has passed without a session.
    """

    current: int
    longest: int
    last_day: date | None  # the latest counted day up to today


@dataclass(frozen=True)
class WeekMinutes:
    week_start: date  # a Monday
    minutes: float


@dataclass(frozen=True)
class OpenResult:
    """What :meth:`HistoryStore.open` gives back.

    ``store`` is always usable. ``notice`` is a sentence for the user when
    something was wrong (file moved aside, read-only, kept in memory only).
    """

    store: HistoryStore
    notice: str | None = None
    moved_aside: tuple[Path, ...] = ()
    persistent: bool = True  # False: nothing will reach the disk this run


class HistoryError(Exception):
    """A history operation failed. ``message`` is written for the user.

    ``transient`` errors (read-only, disk full, cannot open, busy, I/O) may
    succeed later and are worth retrying; the others will fail again.
    """

    def __init__(self, message: str, *, kind: str = "other", transient: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.transient = transient


class CorruptDatabase(HistoryError):
    def __init__(self, message: str) -> None:
        super().__init__(message, kind="corrupt")


Connector = Callable[[], sqlite3.Connection]


def describe(exc: sqlite3.Error, where: str) -> HistoryError:
    """Turn an sqlite3 error into a :class:`HistoryError` a person can act on."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc)
    low = text.lower()
    if name.startswith("SQLITE_READONLY") or "readonly" in low or "read-only" in low:
        return HistoryError(
            f"The history file {where} is read-only.", kind="readonly", transient=True
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in low:
        return HistoryError(
            f"The disk holding {where} is full. Free some space.", kind="full", transient=True
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in low:
        return HistoryError(
            f"The history file {where} could not be opened.", kind="cantopen", transient=True
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in low:
        return HistoryError(
            f"The history file {where} is busy in another hiptimer window.",
            kind="busy",
            transient=True,
        )
    if name.startswith("SQLITE_IOERR") or "disk i/o" in low:
        return HistoryError(
            f"The history file {where} could not be written ({text}).", kind="io", transient=True
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in low:
        return CorruptDatabase(f"The history file {where} is damaged ({text}).")
    if isinstance(exc, sqlite3.IntegrityError):
        return HistoryError(f"History refused a record: {text}.", kind="invalid")
    return HistoryError(f"History error in {where}: {text}.")


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Let no raw sqlite3 error out of a public store method."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            store = args[0]
            assert isinstance(store, HistoryStore)
            raise describe(exc, store.where) from exc

    return wrapper


# --------------------------------------------------------------------------
# Conversions


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


def _enum_value(value: Any, kind: type[enum.Enum], what: str) -> str:
    try:
        return str(kind(value.value if isinstance(value, enum.Enum) else value).value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise ValueError(f"{what} must be one of {allowed}; got {value!r}") from None


def _check_rating(rating: int | None) -> int | None:
    if rating is None:
        return None
    if isinstance(rating, bool) or not isinstance(rating, int):
        raise ValueError(f"rating must be an integer or None; got {rating!r}")
    if not RATING_MIN <= rating <= RATING_MAX:
        raise ValueError(f"rating must be {RATING_MIN}-{RATING_MAX}; got {rating}")
    return rating


def _check_degrees(value: int | None, side: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{side}_deg must be an integer or None; got {value!r}")
    if not DEGREES_MIN <= value <= DEGREES_MAX:
        raise ValueError(f"{side}_deg must be {DEGREES_MIN}-{DEGREES_MAX}; got {value}")
    return value


def _nonnegative(value: float, what: str) -> float:
    number = float(value)
    if not number >= 0:  # also catches NaN
        raise ValueError(f"{what} must be zero or more; got {value!r}")
    return number


def default_owner() -> str:
    """Identifies this process in ``sessions.owner`` so a second instance can
    tell a live session from one left behind by a crash."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    # Only POSIX has a harmless probe; on Windows os.kill(pid, 0) would terminate it.
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


_SESSION_COLUMNS = (
    "id, uid, routine_id, routine_title, level, started_at, local_date, ended_at, status, "
    "active_seconds, planned_parts, parts_done, parts_skipped, rating, note"
)
_PART_COLUMNS = (
    "session_id, exercise_index, exercise_id, exercise_name, side, status, dose, "
    "active_seconds, ended_at"
)
_MEASUREMENT_COLUMNS = "id, uid, test_id, taken_at, left_deg, right_deg, note"
# A counted session; see the module docstring.
_COUNTS = "(status = 'completed' OR parts_done > 0)"


def _session(row: Sequence[Any]) -> SessionRecord:
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
        active_seconds=float(row[9]),
        planned_parts=int(row[10]),
        parts_done=int(row[11]),
        parts_skipped=int(row[12]),
        rating=row[13],
        note=row[14],
    )


def _part(row: Sequence[Any]) -> PartRecord:
    return PartRecord(
        session_id=row[0],
        exercise_index=row[1],
        exercise_id=row[2],
        exercise_name=row[3],
        side=Side(row[4]),
        status=PartStatus(row[5]),
        dose=row[6],
        active_seconds=float(row[7]),
        ended_at=from_iso(row[8]),
    )


def _measurement(row: Sequence[Any]) -> MeasurementRecord:
    return MeasurementRecord(
        id=row[0],
        uid=row[1],
        test_id=row[2],
        taken_at=from_iso(row[3]),
        left_deg=row[4],
        right_deg=row[5],
        note=row[6],
    )


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --------------------------------------------------------------------------
# The store


@dataclass
class _Opened:
    conn: sqlite3.Connection
    read_only: bool = False


class HistoryStore:
    """The history database. Build it with :meth:`open`.

    Not thread-safe: use one store per thread (or process). Every method
    raises :class:`HistoryError` (never a raw ``sqlite3`` error); the player
    should write through :class:`HistoryWriter`, which never raises.
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
        self._owner = owner or default_owner()
        self._read_only = read_only

    # -- opening ----------------------------------------------------------

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

        * ``":memory:"`` gives a private in-memory store.
        * A file that is not a database, or (with ``check``) fails ``PRAGMA
          quick_check``, is renamed ``<name>.corrupt-YYYYMMDD-HHMMSS`` (with
          its ``-wal`` and ``-shm``) and a new history starts; ``notice`` says
          where it went.
        * A file that cannot be written is opened read-only, so past history
          still shows; writes then fail as transient and :class:`HistoryWriter`
          keeps retrying (reconnecting read-write each time).
        * If it cannot be opened at all, an in-memory store stands in and
          ``persistent`` is False.

        ``quick_check`` reads the whole file (about 10 ms per MB). With
        ``check=False`` opening costs the same at any size; call
        :meth:`verify` once the window is up instead.

        ``local_tz`` decides the calendar day of a session (default: the
        system's zone). ``connector`` replaces the connection factory (tests
        inject faults with it). ``now`` stamps the moved-aside name.
        """
        if os.fspath(path) == MEMORY:
            conn = connector() if connector else sqlite3.connect(MEMORY, isolation_level=None)
            configure(conn)
            migrate(conn)
            return OpenResult(cls(conn, local_tz=local_tz, owner=owner), persistent=False)

        file = Path(path)
        with contextlib.suppress(OSError):
            file.parent.mkdir(parents=True, exist_ok=True)
        primary = connector or functools.partial(connect_file, file)
        where = str(file)

        def build(
            opened: _Opened, notice: str | None = None, moved: tuple[Path, ...] = ()
        ) -> OpenResult:
            store = cls(
                opened.conn,
                path=file,
                connector=primary,
                local_tz=local_tz,
                owner=owner,
                read_only=opened.read_only,
            )
            return OpenResult(store, notice, moved)

        def memory(notice: str) -> OpenResult:
            return _memory_result(cls, local_tz, owner, notice)

        stamp = now or datetime.now
        moved: list[Path] = []

        def aside() -> None:
            # Rename while SQLite still holds the file: closing a connection to
            # a damaged file would otherwise delete its -wal and -shm.
            if not moved:
                moved.extend(move_aside(file, stamp()))

        try:
            if not _has_sqlite_header(file):
                raise CorruptDatabase(f"The history file {where} is not an SQLite database.")
            opened = _open_checked(primary, where, check=check, before_close=aside)
            if connector is None and _not_writable(file):
                # SQLite quietly opens a write-protected file read-only; say so now,
                # not at the first failed write.
                return build(opened, _read_only_notice(f"The history file {where} is read-only."))
            return build(opened)
        except CorruptDatabase as exc:
            log.error("%s", exc.message)
            try:
                aside()  # if not done already (or the rename failed while open, as on Windows)
            except OSError as move_exc:
                log.error("could not move the damaged history aside: %s", move_exc)
                return memory(
                    f"The history file {where} is damaged and could not be moved aside "
                    f"({move_exc}). This run's history is kept in memory only."
                )
            notice = _moved_notice(moved)
            try:
                return build(_open_checked(primary, where, check=False), notice, tuple(moved))
            except HistoryError as again:
                log.error("could not start a new history: %s", again.message)
                return memory(
                    f"{notice} {again.message} This run's history is kept in memory only."
                )
        except HistoryError as exc:
            if exc.kind == "cantopen" and _not_writable(file):
                exc = HistoryError(f"The history file {where} is read-only.", kind="readonly")
            log.error("history could not be opened for writing: %s", exc.message)
            if connector is None and file.exists():
                opened = _open_read_only(file)
                if opened is not None:
                    return build(opened, _read_only_notice(exc.message))
            return memory(
                f"{exc.message} This run's history is kept in memory only and will not be saved."
            )

    @_guarded
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
        moved: tuple[Path, ...] = ()
        with contextlib.suppress(OSError):  # renaming an open file fails on Windows
            moved = move_aside(self._path, (now or datetime.now)())
        self.close()
        if not moved:
            moved = move_aside(self._path, (now or datetime.now)())
        try:
            opened = _open_checked(self._connector, self.where, check=False)
        except HistoryError:
            conn = sqlite3.connect(MEMORY, isolation_level=None)
            configure(conn)
            migrate(conn)
            opened = _Opened(conn)
        self._conn = opened.conn
        self._read_only = False
        return _moved_notice(moved)

    def reconnect(self) -> bool:
        """Open a fresh read-write connection (after read-only or cannot-open errors).

        Returns True when the new connection works; otherwise keeps the old one.
        """
        if self._connector is None:
            return False
        try:
            opened = _open_checked(self._connector, self.where, check=False)
        except (HistoryError, sqlite3.Error) as exc:
            log.info("history reconnect failed: %s", exc)
            return False
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._conn = opened.conn
        self._read_only = False
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
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, committed on exit (before the call returns)."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise

    def local_date(self, moment: datetime) -> date:
        """The calendar day of ``moment`` in the store's zone."""
        to_iso(moment)  # rejects naive times
        return moment.astimezone(self._tz).date()

    def today(self) -> date:
        return datetime.now(UTC).astimezone(self._tz).date()

    # -- writes used by the player ---------------------------------------------

    @_guarded
    def start_session(
        self,
        *,
        routine_id: str,
        routine_title: str,
        level: int | None = None,
        started_at: datetime,
        planned_parts: int,
        uid: str | None = None,
    ) -> int:
        """Record a new running session; return its id. Idempotent by ``uid``."""
        if not routine_id:
            raise ValueError("routine_id must not be empty")
        if int(planned_parts) < 0:
            raise ValueError(f"planned_parts must be zero or more; got {planned_parts}")
        uid = uid or uuid.uuid4().hex
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sessions (uid, routine_id, routine_title, level, started_at,"
                " local_date, planned_parts, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (uid) DO NOTHING",
                (
                    uid,
                    routine_id,
                    routine_title,
                    level,
                    to_iso(started_at),
                    self.local_date(started_at).isoformat(),
                    int(planned_parts),
                    self._owner,
                ),
            )
            row = conn.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
        return int(row[0])

    @_guarded
    def record_part(
        self,
        session_id: int,
        *,
        exercise_index: int,
        exercise_id: str,
        exercise_name: str = "",
        side: Side | str = Side.NONE,
        status: PartStatus | str = PartStatus.DONE,
        dose: str = "",
        active_seconds: float = 0.0,
        ended_at: datetime,
    ) -> None:
        """Record one exercise on one side. Recording the same part again replaces it."""
        side_value = _enum_value(side, Side, "side")
        status_value = _enum_value(status, PartStatus, "status")
        seconds = _nonnegative(active_seconds, "active_seconds")
        with self._write() as conn:
            self._require_session(conn, session_id)
            conn.execute(
                f"INSERT INTO parts ({_PART_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (session_id, exercise_index, side) DO UPDATE SET"
                " exercise_id = excluded.exercise_id, exercise_name = excluded.exercise_name,"
                " status = excluded.status, dose = excluded.dose,"
                " active_seconds = excluded.active_seconds, ended_at = excluded.ended_at",
                (
                    session_id,
                    int(exercise_index),
                    exercise_id,
                    exercise_name,
                    side_value,
                    status_value,
                    dose,
                    seconds,
                    to_iso(ended_at),
                ),
            )
            self._refresh_counts(conn, session_id)

    @staticmethod
    def _refresh_counts(conn: sqlite3.Connection, session_id: int) -> None:
        # Recount rather than increment, so a replaced or retried part stays right.
        # While running, the session's time is the sum of its parts: a crash
        # then still leaves an honest figure for the minutes chart.
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

    @staticmethod
    def _require_session(conn: sqlite3.Connection, session_id: int) -> str:
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise HistoryError(f"There is no session {session_id} in the history.", kind="invalid")
        return str(row[0])

    @_guarded
    def finish_session(
        self,
        session_id: int,
        *,
        status: EndStatus | SessionStatus | str,
        ended_at: datetime,
        active_seconds: float,
    ) -> None:
        """Close a session as completed or ended early."""
        value = _enum_value(status, SessionStatus, "status")
        if value not in (SessionStatus.COMPLETED.value, SessionStatus.ENDED_EARLY.value):
            raise ValueError(f"a session finishes completed or ended_early; got {value!r}")
        seconds = _nonnegative(active_seconds, "active_seconds")
        with self._write() as conn:
            self._require_session(conn, session_id)
            conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ? WHERE id = ?",
                (value, to_iso(ended_at), seconds, session_id),
            )

    @_guarded
    def rate_session(self, session_id: int, *, rating: int | None, note: str = "") -> None:
        """Set how the session felt (0-10, or None) and a free note."""
        rating = _check_rating(rating)
        with self._write() as conn:
            self._require_session(conn, session_id)
            conn.execute(
                "UPDATE sessions SET rating = ?, note = ? WHERE id = ?",
                (rating, note, session_id),
            )

    @_guarded
    def recover_unfinished(self) -> list[SessionRecord]:
        """Mark sessions left ``running`` by a dead process ``interrupted``; return them.

        A session whose owner is another live process on this host (a second
        hiptimer window) is left alone, and so are this process's own.
        """
        host = socket.gethostname()
        with self._write() as conn:
            rows = conn.execute(
                "SELECT id, owner FROM sessions WHERE status = 'running'"
            ).fetchall()
            stale: list[int] = []
            for session_id, owner in rows:
                if owner == self._owner:
                    continue
                owner_host, _, pid = str(owner).rpartition(":")
                if owner_host == host and pid.isdigit() and _pid_alive(int(pid)):
                    continue
                stale.append(session_id)
            for session_id in stale:
                # ended_at: the last part's time, else the start; the true end is unknown.
                conn.execute(
                    "UPDATE sessions SET status = 'interrupted', ended_at = coalesce("
                    " (SELECT max(ended_at) FROM parts WHERE session_id = :id), started_at)"
                    " WHERE id = :id",
                    {"id": session_id},
                )
        if stale:
            log.info("marked %d unfinished session(s) interrupted", len(stale))
        return [s for s in (self.session(i) for i in stale) if s is not None]

    @_guarded
    def reopen_session(self, session_id: int) -> None:
        """Resume an interrupted session: it is ``running`` again, owned by us."""
        with self._write() as conn:
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

    @_guarded
    def add_measurement(
        self,
        *,
        test_id: str,
        taken_at: datetime,
        left_deg: int | None,
        right_deg: int | None,
        note: str = "",
        uid: str | None = None,
    ) -> int:
        """Record a self-test result; return its id. Idempotent by ``uid``."""
        if not test_id:
            raise ValueError("test_id must not be empty")
        left = _check_degrees(left_deg, "left")
        right = _check_degrees(right_deg, "right")
        uid = uid or uuid.uuid4().hex
        with self._write() as conn:
            conn.execute(
                "INSERT INTO measurements (uid, test_id, taken_at, left_deg, right_deg, note)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING",
                (uid, test_id, to_iso(taken_at), left, right, note),
            )
            row = conn.execute("SELECT id FROM measurements WHERE uid = ?", (uid,)).fetchone()
        return int(row[0])

    # -- reads ------------------------------------------------------------------

    @_guarded
    def session(self, session_id: int) -> SessionRecord | None:
        row = self._conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return _session(row) if row else None

    @_guarded
    def parts(self, session_id: int) -> list[PartRecord]:
        """The session's parts in the order they were done."""
        rows = self._conn.execute(
            f"SELECT {_PART_COLUMNS} FROM parts WHERE session_id = ?"
            " ORDER BY exercise_index, ended_at, side",
            (session_id,),
        ).fetchall()
        return [_part(r) for r in rows]

    @_guarded
    def sessions(
        self,
        routine_id: str | None = None,
        *,
        limit: int = 100,
        before: SessionRecord | None = None,
    ) -> list[SessionRecord]:
        """Newest first, one page. Pass the last record of a page as ``before``
        for the next (keyset paging: each page costs the same however deep)."""
        where: list[str] = []
        args: list[Any] = []
        if routine_id is not None:
            where.append("routine_id = ?")
            args.append(routine_id)
        if before is not None:
            where.append("(started_at, id) < (?, ?)")
            args += [to_iso(before.started_at), before.id]
        sql = f"SELECT {_SESSION_COLUMNS} FROM sessions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started_at DESC, id DESC LIMIT ?"
        args.append(int(limit))
        return [_session(r) for r in self._conn.execute(sql, args)]

    @_guarded
    def count_sessions(self, routine_id: str | None = None) -> int:
        if routine_id is None:
            row = self._conn.execute("SELECT count(*) FROM sessions").fetchone()
        else:
            row = self._conn.execute(
                "SELECT count(*) FROM sessions WHERE routine_id = ?", (routine_id,)
            ).fetchone()
        return int(row[0])

    @_guarded
    def routine_summaries(self) -> list[RoutineSummary]:
        """Each routine ever done: sessions, completions, minutes; most sessions first."""
        # With a single max() aggregate SQLite takes the bare routine_title
        # from the row holding that max: the latest title.
        rows = self._conn.execute(
            "SELECT routine_id, routine_title, count(*),"
            " sum(status = 'completed'), sum(active_seconds) / 60.0, max(started_at)"
            " FROM sessions GROUP BY routine_id ORDER BY count(*) DESC, routine_id"
        ).fetchall()
        return [
            RoutineSummary(r[0], r[1] or r[0], int(r[2]), int(r[3]), float(r[4]), from_iso(r[5]))
            for r in rows
        ]

    @_guarded
    def day_counts(self, first: date, last: date) -> dict[date, int]:
        """Counted sessions per local day from ``first`` to ``last`` (days with none omitted)."""
        rows = self._conn.execute(
            f"SELECT local_date, count(*) FROM sessions WHERE local_date BETWEEN ? AND ?"
            f" AND {_COUNTS} GROUP BY local_date",
            (first.isoformat(), last.isoformat()),
        )
        return {date.fromisoformat(d): int(n) for d, n in rows}

    @_guarded
    def streaks(self, today: date | None = None) -> Streaks:
        """Current and longest runs of consecutive counted days.

        Days after ``today`` (a clock set wrong) are ignored. The current
        streak is 0 once a whole day has passed without a counted session.
        """
        today = today or self.today()
        row = self._conn.execute(
            f"""
            WITH days AS (
                SELECT DISTINCT local_date AS d FROM sessions
                WHERE local_date <= :today AND {_COUNTS}
            ),
            runs AS (
                SELECT d, julianday(d) - row_number() OVER (ORDER BY d) AS grp FROM days
            ),
            islands AS (SELECT max(d) AS last, count(*) AS n FROM runs GROUP BY grp)
            SELECT (SELECT max(n) FROM islands),
                   (SELECT last FROM islands ORDER BY last DESC LIMIT 1),
                   (SELECT n FROM islands ORDER BY last DESC LIMIT 1)
            """,
            {"today": today.isoformat()},
        ).fetchone()
        longest, last, latest_run = row
        if last is None:
            return Streaks(0, 0, None)
        last_day = date.fromisoformat(last)
        current = int(latest_run) if (today - last_day).days <= 1 else 0
        return Streaks(current, int(longest), last_day)

    @_guarded
    def minutes_per_week(self, weeks: int = 12, today: date | None = None) -> list[WeekMinutes]:
        """Active minutes for each of the last ``weeks`` weeks (Monday first),
        oldest first, ending with the week holding ``today``. Every session
        counts, finished or not: the time was spent."""
        today = today or self.today()
        first = monday_of(today) - timedelta(weeks=max(1, weeks) - 1)
        rows = self._conn.execute(
            "SELECT date(local_date, '-' || ((CAST(strftime('%w', local_date) AS INTEGER) + 6)"
            " % 7) || ' days') AS week, sum(active_seconds)"
            " FROM sessions WHERE local_date BETWEEN ? AND ? GROUP BY week",
            (first.isoformat(), today.isoformat()),
        )
        seconds = {date.fromisoformat(w): float(s) for w, s in rows}
        return [
            WeekMinutes(
                first + timedelta(weeks=i), seconds.get(first + timedelta(weeks=i), 0.0) / 60
            )
            for i in range(max(1, weeks))
        ]

    @_guarded
    def measurements(self, test_id: str | None = None) -> list[MeasurementRecord]:
        """Self-test results, oldest first."""
        if test_id is None:
            rows = self._conn.execute(
                f"SELECT {_MEASUREMENT_COLUMNS} FROM measurements ORDER BY taken_at, id"
            )
        else:
            rows = self._conn.execute(
                f"SELECT {_MEASUREMENT_COLUMNS} FROM measurements WHERE test_id = ?"
                " ORDER BY taken_at, id",
                (test_id,),
            )
        return [_measurement(r) for r in rows]

    # -- whole-history access for export and import ----------------------------

    def iter_sessions(self) -> Iterator[tuple[SessionRecord, list[PartRecord]]]:
        """Every session with its parts, oldest first, streamed in two passes
        walked side by side (no query per session)."""
        order = "s.started_at, s.id"
        try:
            sessions = self._conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions s ORDER BY {order}"
            )
            parts = self._conn.execute(
                "SELECT "
                + ", ".join(f"p.{c.strip()}" for c in _PART_COLUMNS.split(","))
                + f" FROM parts p JOIN sessions s ON s.id = p.session_id"
                f" ORDER BY {order}, p.exercise_index, p.ended_at, p.side"
            )
            pending = parts.fetchone()
            for row in sessions:
                record = _session(row)
                mine: list[PartRecord] = []
                while pending is not None and pending[0] == record.id:
                    mine.append(_part(pending))
                    pending = parts.fetchone()
                yield record, mine
        except sqlite3.Error as exc:
            raise describe(exc, self.where) from exc

    @_guarded
    def merge_sessions(
        self, items: Iterable[tuple[SessionRecord, Sequence[PartRecord]]]
    ) -> tuple[int, int]:
        """Add sessions whose uid is new, with their parts, in one transaction.

        Returns (added, skipped). A ``running`` session from elsewhere comes
        in as ``interrupted``: nothing here will finish it.
        """
        added = skipped = 0
        with self._write() as conn:
            for record, parts in items:
                status = record.status
                if status is SessionStatus.RUNNING:
                    status = SessionStatus.INTERRUPTED
                cursor = conn.execute(
                    "INSERT INTO sessions (uid, routine_id, routine_title, level, started_at,"
                    " local_date, ended_at, status, active_seconds, planned_parts, rating, note)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING",
                    (
                        record.uid,
                        record.routine_id,
                        record.routine_title,
                        record.level,
                        to_iso(record.started_at),
                        record.local_date.isoformat(),
                        to_iso(record.ended_at) if record.ended_at else None,
                        status.value,
                        _nonnegative(record.active_seconds, "active_seconds"),
                        int(record.planned_parts),
                        _check_rating(record.rating),
                        record.note,
                    ),
                )
                if cursor.rowcount == 0:
                    skipped += 1
                    continue
                added += 1
                session_id = cursor.lastrowid
                conn.executemany(
                    f"INSERT INTO parts ({_PART_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (session_id, exercise_index, side) DO NOTHING",
                    [
                        (
                            session_id,
                            p.exercise_index,
                            p.exercise_id,
                            p.exercise_name,
                            _enum_value(p.side, Side, "side"),
                            _enum_value(p.status, PartStatus, "status"),
                            p.dose,
                            _nonnegative(p.active_seconds, "active_seconds"),
                            to_iso(p.ended_at),
                        )
                        for p in parts
                    ],
                )
                self._refresh_counts(conn, session_id)
        return added, skipped

    @_guarded
    def merge_measurements(self, items: Iterable[MeasurementRecord]) -> tuple[int, int]:
        """Add measurements whose uid is new, in one transaction; (added, skipped)."""
        added = skipped = 0
        with self._write() as conn:
            for m in items:
                cursor = conn.execute(
                    "INSERT INTO measurements (uid, test_id, taken_at, left_deg, right_deg, note)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING",
                    (
                        m.uid,
                        m.test_id,
                        to_iso(m.taken_at),
                        _check_degrees(m.left_deg, "left"),
                        _check_degrees(m.right_deg, "right"),
                        m.note,
                    ),
                )
                if cursor.rowcount:
                    added += 1
                else:
                    skipped += 1
        return added, skipped

    @_guarded
    def integrity_check(self) -> list[str]:
        """Problems from ``PRAGMA integrity_check`` (empty when sound). Slow: full scan."""
        rows = [str(r[0]) for r in self._conn.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows


def _open_checked(
    connector: Connector,
    where: str,
    *,
    check: bool = True,
    before_close: Callable[[], None] | None = None,
) -> _Opened:
    """Connect, configure, check and migrate; CorruptDatabase if the file is damaged.

    ``before_close`` runs when the file turns out damaged, before the
    connection is closed (to move the files aside untouched).
    """
    try:
        conn = connector()
    except sqlite3.Error as exc:
        raise describe(exc, where) from exc
    try:
        configure(conn)
        if check:
            problems = quick_check(conn)
            if problems:
                raise CorruptDatabase(
                    f"The history file {where} is damaged: {'; '.join(problems[:3])}"
                )
        migrate(conn)
    except BaseException as exc:
        error = describe(exc, where) if isinstance(exc, sqlite3.Error) else exc
        if isinstance(error, CorruptDatabase) and before_close is not None:
            try:
                before_close()
            except OSError as move_exc:
                log.warning("could not move the damaged file while open: %s", move_exc)
        with contextlib.suppress(sqlite3.Error):
            conn.close()
        if error is exc:
            raise
        raise error from exc
    return _Opened(conn)


SQLITE_MAGIC = b"SQLite format 3\x00"


def _has_sqlite_header(file: Path) -> bool:
    """False for a non-empty file that is plainly not SQLite (checked before SQLite
    touches it, since closing such a connection deletes the -wal and -shm)."""
    try:
        with open(file, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return True
    except OSError:
        return True  # let SQLite report what is wrong
    return head == b"" or head == SQLITE_MAGIC


def _read_only_notice(problem: str) -> str:
    return (
        f"{problem} Past sessions are shown, but new ones cannot be saved until it is "
        "fixed; hiptimer keeps trying."
    )


def _moved_notice(moved: Sequence[Path]) -> str:
    return (
        f"The history file was damaged, so it was moved aside to {moved[0]} "
        "(nothing was deleted) and a new history was started."
    )


def _open_read_only(file: Path) -> _Opened | None:
    """A read-only connection, if the file opens that way and needs no migration.

    ``mode=ro`` first. On a read-only file system SQLite cannot create the
    ``-shm`` that WAL reading needs, so then ``immutable=1`` (no locks, no
    WAL), but only when no ``-wal`` holds changes it would ignore.
    """
    wal = Path(f"{file}-wal")
    attempts = [False]
    if not wal.exists() or wal.stat().st_size == 0:
        attempts.append(True)
    for immutable in attempts:
        try:
            conn = connect_file(file, read_only=True, immutable=immutable)
        except sqlite3.Error as exc:
            log.error("read-only open failed: %s", exc)
            continue
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if user_version(conn) == SCHEMA_VERSION:
                return _Opened(conn, read_only=True)
        except sqlite3.Error as exc:
            log.error("read-only open failed: %s", exc)
        conn.close()
    return None


def _not_writable(file: Path) -> bool:
    """True when the file, or the folder that must hold its -wal, cannot be written."""
    folder = file.parent
    if file.exists() and not os.access(file, os.W_OK):
        return True
    return folder.exists() and not os.access(folder, os.W_OK)


def _memory_result(
    cls: type[HistoryStore], local_tz: tzinfo | None, owner: str | None, notice: str
) -> OpenResult:
    conn = sqlite3.connect(MEMORY, isolation_level=None)
    configure(conn)
    migrate(conn)
    return OpenResult(cls(conn, local_tz=local_tz, owner=owner), notice, persistent=False)


def move_aside(path: Path, when: datetime) -> tuple[Path, ...]:
    """Rename a damaged database and its ``-wal``/``-shm`` out of the way.

    ``history.sqlite3`` becomes ``history.sqlite3.corrupt-YYYYMMDD-HHMMSS``
    (``-1``, ``-2``... if that exists). Returns the new names, main file first.
    """
    stamp = when.strftime("%Y%m%d-%H%M%S")
    base = path.with_name(f"{path.name}.corrupt-{stamp}")
    target = base
    n = 0
    while any(Path(f"{target}{s}").exists() for s in ("", "-wal", "-shm")):
        n += 1
        target = base.with_name(f"{base.name}-{n}")
    moved: list[Path] = []
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            dest = Path(f"{target}{suffix}")
            os.replace(source, dest)
            moved.append(dest)
    if not moved or moved[0] != target:
        moved.insert(0, target)
    log.warning("moved damaged history aside to %s", target)
    return tuple(moved)
