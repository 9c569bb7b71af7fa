"""Opening the history file whatever state it is in; never raises.

* ``":memory:"`` gives a private in-memory database.
* A file that is not a database, or (with ``check``) fails ``PRAGMA
  quick_check``, is renamed ``<name>.corrupt-YYYYMMDD-HHMMSS`` (with its
  ``-wal`` and ``-shm``), a new history starts, and every row still readable
  in the damaged file is copied into it (:mod:`.salvage`); the notice says
  where the file went and how much was recovered. Nothing is ever deleted.
* A file that cannot be written is opened read-only, so past history still
  shows; writes then fail as transient and the writer keeps retrying
  (reconnecting read-write each time).
* If it cannot be opened at all, an in-memory database stands in and
  ``persistent`` is False.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hiptimer.storage.errors import CorruptDatabase, HistoryError, describe
from hiptimer.storage.salvage import Salvaged, salvage
from hiptimer.storage.schema import (
    BUSY_TIMEOUT_MS,
    SCHEMA_VERSION,
    configure,
    connect_file,
    migrate,
    quick_check,
    user_version,
)

if TYPE_CHECKING:
    from hiptimer.storage.store import HistoryStore

log = logging.getLogger(__name__)

MEMORY = ":memory:"
SQLITE_MAGIC = b"SQLite format 3\x00"

Connector = Callable[[], sqlite3.Connection]


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
    salvaged: Salvaged | None = None  # set when a damaged file was salvaged

    @property
    def unreadable(self) -> bool:
        """True when the history on disk could not be read: it is held in memory
        only, or it was damaged and nothing in it could be recovered. An export
        made now would be empty for the wrong reason."""
        if not self.persistent:
            return True
        return self.salvaged is not None and self.salvaged.rows == 0


@dataclass
class Opened:
    """A configured, migrated connection and how it came to be."""

    conn: sqlite3.Connection
    path: Path | None = None  # None: in memory
    connector: Connector | None = None  # how to connect again (None: cannot)
    read_only: bool = False
    notice: str | None = None
    moved_aside: tuple[Path, ...] = ()
    persistent: bool = True
    salvaged: Salvaged | None = None


def open_database(
    path: str | os.PathLike[str],
    *,
    connector: Connector | None = None,
    check: bool = True,
    now: Callable[[], datetime] | None = None,
) -> Opened:
    """Open (creating or migrating) the history at ``path``, as the module docstring says.

    ``quick_check`` reads the whole file (about 10 ms per MB). With
    ``check=False`` opening costs the same at any size; verify later instead.
    ``connector`` replaces the connection factory (tests inject faults with
    it). ``now`` stamps the moved-aside name.
    """
    if os.fspath(path) == MEMORY:
        return Opened(memory_connection(connector), persistent=False)

    file = Path(path)
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
    primary = connector or functools.partial(connect_file, file)
    where = str(file)

    def found(conn: sqlite3.Connection, notice: str | None = None, *, read_only: bool = False,
              moved: Sequence[Path] = ()) -> Opened:
        return Opened(conn, file, primary, read_only, notice, tuple(moved))

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
        conn = open_checked(primary, where, check=check, before_close=aside)
        if connector is None and _not_writable(file):
            # SQLite quietly opens a write-protected file read-only; say so now,
            # not at the first failed write.
            return found(conn, _read_only_notice(f"The history file {where} is read-only."))
        return found(conn)
    except CorruptDatabase as exc:
        log.error("%s", exc.message)
        try:
            aside()  # if not done already (or the rename failed while open, as on Windows)
        except OSError as move_exc:
            log.error("could not move the damaged history aside: %s", move_exc)
            return _in_memory(
                f"The history file {where} is damaged and could not be moved aside "
                f"({move_exc}). This run's history is kept in memory only."
            )
        try:
            fresh = open_checked(primary, where, check=False)
        except HistoryError as again:
            notice = moved_notice(moved)
            log.error("could not start a new history: %s", again.message)
            return _in_memory(f"{notice} {again.message} This run's history is kept in memory only.")
        recovered = salvage(moved[0], fresh)
        opened = found(fresh, moved_notice(moved, recovered), moved=moved)
        opened.salvaged = recovered
        return opened
    except HistoryError as exc:
        if exc.kind == "cantopen" and _not_writable(file):
            exc = HistoryError(f"The history file {where} is read-only.", kind="readonly")
        log.error("history could not be opened for writing: %s", exc.message)
        if connector is None and file.exists():
            conn = _open_read_only(file)
            if conn is not None:
                return found(conn, _read_only_notice(exc.message), read_only=True)
        return _in_memory(
            f"{exc.message} This run's history is kept in memory only and will not be saved."
        )


def open_checked(
    connector: Connector,
    where: str,
    *,
    check: bool = True,
    before_close: Callable[[], None] | None = None,
) -> sqlite3.Connection:
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
    return conn


def start_over(
    conn: sqlite3.Connection,
    path: Path,
    connector: Connector,
    when: Callable[[], datetime],
) -> tuple[sqlite3.Connection, str]:
    """Move a damaged history aside (closing ``conn``) and begin a new one.

    Returns the new connection (in memory if the new file cannot be made) and
    the notice for the user.
    """
    moved: tuple[Path, ...] = ()
    with contextlib.suppress(OSError):  # renaming an open file fails on Windows
        moved = move_aside(path, when())
    with contextlib.suppress(sqlite3.Error):
        conn.close()
    if not moved:
        moved = move_aside(path, when())
    try:
        fresh = open_checked(connector, str(path), check=False)
    except HistoryError:
        fresh = memory_connection()
    recovered = salvage(moved[0], fresh)
    return fresh, moved_notice(moved, recovered)


def memory_connection(connector: Connector | None = None) -> sqlite3.Connection:
    conn = connector() if connector else sqlite3.connect(MEMORY, isolation_level=None)
    configure(conn)
    migrate(conn)
    return conn


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


def moved_notice(moved: Sequence[Path], recovered: Salvaged | None = None) -> str:
    if recovered is None or not recovered.rows:
        return (
            f"The history file was damaged, so it was moved aside to {moved[0]} "
            "(nothing was deleted) and a new history was started."
        )
    return (
        f"The history file was damaged, so it was moved aside to {moved[0]} "
        f"(nothing was deleted) and a new history was started: {recovered.describe()}."
    )


def _in_memory(notice: str) -> Opened:
    return Opened(memory_connection(), notice=notice, persistent=False)


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


def reopen_read_only(file: Path) -> sqlite3.Connection | None:
    """A read-only connection to ``file`` again (after a failed reconnect), or None."""
    return _open_read_only(file)


def _open_read_only(file: Path) -> sqlite3.Connection | None:
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
                return conn
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
