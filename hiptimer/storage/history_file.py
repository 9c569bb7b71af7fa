"""The store's one connection to the history file, kept usable while the file changes under it.

:class:`HistoryFile` holds the connection that every call of
:class:`~hiptimer.storage.store.HistoryStore` goes through, and replaces it
when it stops working: a read-write connection again after read-only or
cannot-open errors (:meth:`HistoryFile.reconnect`), a new file after one found
damaged (:meth:`HistoryFile.verify`), and an empty stand-in while a file
deleted under us cannot be made again. It refuses to write into a file that
was deleted or replaced since it was opened. Opening the file in the first
place is :mod:`.opening`'s.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from hiptimer.storage.errors import CorruptDatabase, HistoryError, describe, guarded
from hiptimer.storage.opening import (
    Connector,
    memory_connection,
    open_checked,
    reopen_read_only,
    start_over,
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


class HistoryFile:
    """One connection to the history at ``path`` (None: in memory), and how to make it again.

    ``connector`` opens a new raw connection to the same file (None: it cannot
    be opened again). Not thread-safe, like the store that owns it.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        path: Path | None = None,
        connector: Connector | None = None,
        read_only: bool = False,
    ) -> None:
        self.conn = conn
        """The connection now; read it for every call, as it may be replaced."""
        self._path = path
        self._connector = connector
        self._read_only = read_only
        self._identity = _identity(path)  # the file we opened, to notice it being deleted
        self._lost = False  # that file is gone and no new one could be made yet

    @property
    def where(self) -> str:
        return str(self._path) if self._path else "(in memory)"

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @guarded
    def verify(self, now: Callable[[], datetime] | None = None) -> str | None:
        """Run ``PRAGMA quick_check`` now (for stores opened with ``check=False``).

        If the file is damaged it is moved aside and a new one started, as
        opening would have done; returns the notice for the user, or None when
        the file is sound.
        """
        try:
            problems = quick_check(self.conn)
        except sqlite3.DatabaseError as exc:
            if not isinstance(describe(exc, self.where), CorruptDatabase):
                raise
            problems = [str(exc)]
        if not problems or self._path is None or self._connector is None:
            return None
        log.error("history file %s is damaged: %s", self.where, "; ".join(problems[:3]))
        self.conn, notice = start_over(self.conn, self._path, self._connector, now or datetime.now)
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
                self.conn.close()
            self.conn = memory_connection()
            self._lost = True
        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.parent.mkdir(parents=True, exist_ok=True)
        # Close the old connection first: connections to one file share SQLite's
        # view of its -shm, and one opened read-only keeps every later one
        # read-only too while it stays open.
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        try:
            conn = open_checked(self._connector, self.where, check=False)
        except (HistoryError, sqlite3.Error) as exc:
            log.info("history reconnect failed: %s", exc)
            # Reads go on from the file as it is, read-only, until a later try works.
            ro = reopen_read_only(self._path) if self._path is not None and not self._lost else None
            self.conn = ro or memory_connection()
            return False
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        self.conn = conn
        self._read_only = False
        self._lost = False
        self._identity = _identity(self._path)
        log.info("history reconnected to %s", self.where)
        return True

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, committed on exit (before the call returns).

        Raw sqlite3 errors come out of it, so wrap callers in ``guarded``.
        """
        self._check_file()
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for several reads seen as one snapshot (a deferred transaction)."""
        conn = self.conn
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
