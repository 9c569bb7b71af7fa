"""The writer the player uses: never raises, queues and retries failed writes."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from hiptimer.core.events import EndStatus
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage.errors import HistoryError, describe
from hiptimer.storage.records import MeasurementRecord, PartRecord, SessionRecord, SessionStatus
from hiptimer.storage.store import HistoryStore

log = logging.getLogger(__name__)


@dataclass(eq=False)  # compared by identity: two identical calls are two writes
class _Op:
    """One store call, kept until it is written.

    ``create`` adds a row (a session or a measurement) and returns its id,
    which ``handle`` then stands for; ``write`` changes the session that
    ``handle`` stands for, given its real id.
    """

    name: str  # the store method it calls, for the log
    handle: int
    create: Callable[[HistoryStore], int] | None = None
    write: Callable[[HistoryStore, int], object] | None = None


class HistoryWriter:
    """What the player writes through: never raises, never loses order.

    Each call is tried at once. If the store fails with a transient error
    (read-only, disk full, cannot open, busy) the call is queued; every later
    call, and :meth:`retry`, first replays the queue in order. While anything
    is queued, new calls queue behind it so the history stays in order.

    :meth:`start_session` always returns a usable handle: the real id when the
    row was written, otherwise a negative handle mapped to the real id once
    the queued row lands. Pass the handle back to the other methods.

    Errors that retrying cannot fix (a bad value, an unknown session) drop
    that one call, are logged, and show in :attr:`last_error`.

    The writer owns no timer; the Qt shell calls :meth:`retry` periodically
    while :attr:`pending` is above zero.
    """

    def __init__(self, store: HistoryStore) -> None:
        self._store = store
        self._queue: list[_Op] = []
        self._ids: dict[int, int] = {}  # negative handle -> real id
        self._dropped: set[int] = set()  # handles whose creating call was dropped
        self._next_handle = -1
        self._last_error = ""
        self._last_kind = ""

    @property
    def store(self) -> HistoryStore:
        return self._store

    @property
    def pending(self) -> int:
        """How many calls wait to be written."""
        return len(self._queue)

    @property
    def last_error(self) -> str:
        """A sentence for the user about the latest failure; empty when all is written."""
        return self._last_error

    def session_id(self, handle: int) -> int | None:
        """The real id behind a handle, or None while its row is not written."""
        if handle >= 0:
            return handle
        return self._ids.get(handle)

    # -- the player's calls ---------------------------------------------------------

    def start_session(self, session: SessionWrite) -> int:
        """As :meth:`HistoryStore.start_session`; returns the id or a pending handle.

        The row's uid makes a retry after an unclear failure harmless.
        """
        return self._submit_creating("start_session", lambda store: store.start_session(session))

    def record_part(self, session: int, part: PartWrite) -> bool:
        """As :meth:`HistoryStore.record_part`; False if it had to be queued."""
        return self._submit(_Op("record_part", session, write=lambda store, sid: store.record_part(sid, part)))

    def finish_session(
        self,
        session: int,
        *,
        status: EndStatus | SessionStatus | str,
        ended_at: datetime,
        active_seconds: float,
    ) -> bool:
        return self._submit(_Op("finish_session", session, write=lambda store, sid: store.finish_session(
            sid, status=status, ended_at=ended_at, active_seconds=active_seconds)))

    def rate_session(self, session: int, *, rating: int | None, note: str = "") -> bool:
        return self._submit(_Op("rate_session", session, write=lambda store, sid: store.rate_session(
            sid, rating=rating, note=note)))

    def reopen_session(self, session: int) -> bool:
        return self._submit(_Op("reopen_session", session, write=lambda store, sid: store.reopen_session(sid)))

    def abandon_session(self, session: int) -> bool:
        """As :meth:`HistoryStore.abandon_session`: the session failed to begin."""
        return self._submit(_Op("abandon_session", session,
                                write=lambda store, sid: store.abandon_session(sid)))

    def add_measurement(self, measurement: MeasurementWrite) -> int:
        """As :meth:`HistoryStore.add_measurement`; returns the id or a pending handle."""
        return self._submit_creating("add_measurement", lambda store: store.add_measurement(measurement))

    def measurements(self, test_id: str | None = None) -> list[MeasurementRecord]:
        """As the store's, but an error gives [] and :attr:`last_error`."""
        try:
            return self._store.measurements(test_id)
        except Exception as exc:
            self._note_failure(exc)
            return []

    def recover_unfinished(self) -> list[SessionRecord]:
        """As the store's, but an error gives [] and :attr:`last_error`."""
        try:
            return self._store.recover_unfinished()
        except Exception as exc:
            self._note_failure(exc)
            return []

    def parts(self, session: int) -> list[PartRecord]:
        real = self.session_id(session)
        if real is None:
            return []
        try:
            return self._store.parts(real)
        except Exception as exc:
            self._note_failure(exc)
            return []

    def retry(self) -> bool:
        """Try the queue again; True when nothing is left waiting."""
        self._flush()
        return not self._queue

    def close(self) -> None:
        """Close the store. Writes still queued are lost (and were logged as failing)."""
        if self._queue:
            log.error("closing the history with %d write(s) not saved", len(self._queue))
        self._store.close()

    # -- machinery ---------------------------------------------------------------

    def _submit_creating(self, name: str, create: Callable[[HistoryStore], int]) -> int:
        handle = self._next_handle
        self._next_handle -= 1
        self._submit(_Op(name, handle, create=create))
        real = self._ids.get(handle)
        if real is not None and real >= 0:
            # Written at once: hand out the real id and forget the alias.
            del self._ids[handle]
            return real
        return handle

    def _submit(self, op: _Op) -> bool:
        self._queue.append(op)
        self._flush()
        return op not in self._queue

    def _flush(self) -> None:
        if self._queue and self._last_kind in ("readonly", "cantopen"):
            self._store.reconnect()
        while self._queue:
            op = self._queue[0]
            try:
                self._run(op)
            except Exception as exc:
                # Keep no reference to the exception past this block: its
                # traceback would tie up the caller's frames (and any widgets
                # in them) until the cyclic garbage collector runs.
                transient, message = self._failure(exc)
                if transient:
                    break  # keep it, and everything after it, for the next try
                log.error("dropped history write %s: %s", op.name, message)
                if op.create is not None:
                    self._dropped.add(op.handle)
                self._queue.pop(0)
                continue
            self._queue.pop(0)
            if self._last_kind:
                log.info("history write succeeded again")
                self._last_error = ""
                self._last_kind = ""

    def _run(self, op: _Op) -> None:
        if op.create is not None:
            self._ids[op.handle] = op.create(self._store)
            return
        if op.handle in self._dropped:
            raise HistoryError("Its session could not be recorded.", kind="invalid")
        real = self.session_id(op.handle)
        if real is None:
            raise HistoryError(f"Unknown session handle {op.handle}.", kind="invalid")
        assert op.write is not None
        op.write(self._store, real)

    def _failure(self, exc: Exception) -> tuple[bool, str]:
        error = self._note_failure(exc)
        return error.transient, error.message

    def _note_failure(self, exc: Exception) -> HistoryError:
        if isinstance(exc, HistoryError):
            error = exc
        elif isinstance(exc, sqlite3.Error):
            error = describe(exc, self._store.where)
        else:
            error = HistoryError(f"History refused a record: {exc}", kind="invalid")
        if error.transient:
            waiting = len(self._queue)
            self._last_error = (
                f"History not saved yet: {error.message} "
                f"hiptimer will keep trying ({waiting} waiting)."
            )
            log.warning("history write failed, queued: %s", error.message)
        else:
            self._last_error = error.message
            log.error("history write failed: %s", error.message)
        self._last_kind = error.kind
        return error
