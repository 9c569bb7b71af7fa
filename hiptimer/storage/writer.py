"""The writer the player uses: never raises, journals every write, retries failed ones.

Why one module over 400 lines: one class whose queue, journal and id mapping
change together on every call; the journal file itself is :mod:`.journal`.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from hiptimer.core.events import EndStatus
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage.errors import HistoryError, describe
from hiptimer.storage.journal import Journal, decode, encode, journal_path
from hiptimer.storage.records import MeasurementRecord, PartRecord, SessionRecord, SessionStatus
from hiptimer.storage.store import HistoryStore

log = logging.getLogger(__name__)

MAX_REMEMBERED = 10_000
"""Writes of this run kept to write again if the database file is deleted under us."""

_RECONNECT_KINDS = ("readonly", "cantopen", "gone")


@dataclass(eq=False)  # compared by identity: two identical calls are two writes
class _Op:
    """One store call, kept until it is written.

    ``uid`` is the row it concerns: the session's (the measurement's for
    ``add_measurement``), so the call means the same after a restart or in a
    new database file. ``handle`` is what the caller was given for a row
    this call creates.
    """

    name: str  # the store method it calls
    uid: str
    args: dict[str, Any] = field(default_factory=dict)
    handle: int | None = None

    @property
    def creates(self) -> bool:
        return self.name in ("start_session", "add_measurement")


class HistoryWriter:
    """What the player writes through: never raises, never loses order, never forgets.

    Each call is first appended to a journal beside the database
    (:mod:`~hiptimer.storage.journal`) and synced, then tried on the store.
    If the store fails with a transient error (read-only, disk full, cannot
    open, busy, the file deleted) the call is queued; every later call, and
    :meth:`retry`, first replays the queue in order. While anything is queued,
    new calls queue behind it so the history stays in order. When the queue is
    empty the journal is emptied; a journal left by a run that could not
    finish its writes is replayed when the next writer starts.

    :meth:`start_session` always returns a usable handle: the real id when the
    row was written, otherwise a negative handle mapped to the real id once
    the queued row lands. Pass the handle back to the other methods.

    Errors that retrying cannot fix (a bad value, an unknown session) drop
    that one call, are logged, and show in :attr:`last_error`.

    If the database file is deleted or replaced while the app runs, the next
    write notices, a new file is made, and every write of this run goes into
    it again (they are keyed by uid, so repeating them is harmless).

    The writer owns no timer; the Qt shell calls :meth:`retry` periodically
    while :attr:`pending` is above zero.
    """

    def __init__(self, store: HistoryStore, *, journal: Path | bool | None = True) -> None:
        """``journal``: True for the file beside the store's database, a path, or
        False/None for none (an in-memory store never has one)."""
        self._store = store
        self._queue: list[_Op] = []
        self._done: list[_Op] = []  # written this run, in order (see MAX_REMEMBERED)
        self._uids: dict[int, str] = {}  # handle or real id -> session uid
        self._ids: dict[str, int] = {}  # session uid -> real id in the current file
        self._measurements: dict[str, int] = {}  # measurement uid -> real id
        self._next_handle = -1
        self._last_error = ""
        self._last_kind = ""
        self._replayed: set[str] = set()  # sessions replayed from an earlier run's journal
        self._journal: Journal | None = None
        self._unjournaled: list[_Op] = []  # queued calls the journal does not hold yet
        where = journal_path(store.path) if journal is True and store.path else (
            journal if isinstance(journal, Path) else None)
        if where is not None:
            self._journal = Journal(where)
            self._replay()

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

    @property
    def journal_path(self) -> Path | None:
        """Where writes wait on disk, if this writer keeps a journal."""
        return self._journal.path if self._journal is not None and self._journal.usable else None

    @property
    def kept(self) -> bool:
        """Whether every waiting write is safe in the journal (so quitting loses nothing)."""
        if not self._queue:
            return True
        return self.journal_path is not None and not self._unjournaled

    def session_id(self, handle: int) -> int | None:
        """The real id behind a handle, or None while its row is not written."""
        uid = self._uids.get(handle)
        if uid is None:
            return handle if handle >= 0 else None
        return self._ids.get(uid)

    # -- the player's calls ---------------------------------------------------------

    def start_session(self, session: SessionWrite) -> int:
        """As :meth:`HistoryStore.start_session`; returns the id or a pending handle.

        The row's uid makes a retry after an unclear failure harmless.
        """
        handle = self._new_handle(session.uid)
        self._submit(_Op("start_session", session.uid, {"session": session}, handle))
        real = self._ids.get(session.uid)
        if real is not None:
            self._uids[real] = session.uid
            return real
        return handle

    def record_part(self, session: int, part: PartWrite) -> bool:
        """As :meth:`HistoryStore.record_part`; False if it had to be queued."""
        return self._submit_for(session, "record_part", {"part": part})

    def finish_session(
        self,
        session: int,
        *,
        status: EndStatus | SessionStatus | str,
        ended_at: datetime,
        active_seconds: float,
    ) -> bool:
        value = status.value if isinstance(status, EndStatus | SessionStatus) else str(status)
        return self._submit_for(session, "finish_session", {
            "status": value, "ended_at": ended_at, "active_seconds": active_seconds})

    def rate_session(self, session: int, *, rating: int | None, note: str = "") -> bool:
        return self._submit_for(session, "rate_session", {"rating": rating, "note": note})

    def reopen_session(self, session: int) -> bool:
        return self._submit_for(session, "reopen_session", {})

    def abandon_session(self, session: int) -> bool:
        """As :meth:`HistoryStore.abandon_session`: the session failed to begin."""
        return self._submit_for(session, "abandon_session", {})

    def add_measurement(self, measurement: MeasurementWrite) -> int:
        """As :meth:`HistoryStore.add_measurement`; returns the id or a pending handle."""
        handle = self._new_handle(measurement.uid)
        op = _Op("add_measurement", measurement.uid, {"measurement": measurement}, handle)
        self._submit(op)
        return self._measurements.get(measurement.uid, handle)

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
        self._catch_up_journal()  # the journal may have room again before the database
        self._flush()
        return not self._queue

    def close(self) -> None:
        """Close the store. Writes still queued stay in the journal for the next start."""
        if self._queue:
            if self.kept:
                log.warning("closing the history with %d write(s) not saved; kept in %s for "
                            "the next start", len(self._queue), self.journal_path)
            else:
                log.error("closing the history with %d write(s) not saved and not kept",
                          len(self._queue))
        if self._journal is not None:
            self._journal.close(remove=not self._queue)
        self._store.close()

    # -- machinery ---------------------------------------------------------------

    def _new_handle(self, uid: str) -> int:
        handle = self._next_handle
        self._next_handle -= 1
        self._uids[handle] = uid
        return handle

    def _session_uid(self, session: int) -> str | None:
        uid = self._uids.get(session)
        if uid is None and session >= 0:
            try:
                record = self._store.session(session)
            except Exception as exc:
                self._note_failure(exc)
                return None
            if record is not None:
                uid = self._uids[session] = record.uid
                self._ids[uid] = session
        return uid

    def _submit_for(self, session: int, name: str, args: dict[str, Any]) -> bool:
        uid = self._session_uid(session)
        if uid is None:
            self._last_error = f"History refused a record: there is no session {session}."
            self._last_kind = "invalid"
            log.error("dropped history write %s: unknown session handle %s", name, session)
            return True  # handled: dropped, as retrying cannot fix it
        return self._submit(_Op(name, uid, args))

    def _submit(self, op: _Op) -> bool:
        self._queue.append(op)
        self._keep(op)
        self._flush()
        return op not in self._queue

    def _keep(self, op: _Op) -> None:
        """Write ``op`` ahead into the journal, after any calls it has not taken yet.

        Appends only: a journal that the disk stops growing keeps what it has
        (rewriting it then could leave it empty), and catches up later.
        """
        if self._journal is None:
            return
        self._unjournaled.append(op)
        self._catch_up_journal()

    def _catch_up_journal(self) -> None:
        journal = self._journal
        if journal is None or not self._queue:
            return
        if journal.lost:  # deleted under us and made again: it holds nothing
            journal.lost = False
            self._unjournaled = list(self._queue)
        while self._unjournaled:
            op = self._unjournaled[0]
            try:
                line = encode(op.name, op.uid, op.args)
            except (TypeError, ValueError) as exc:  # a value JSON cannot hold: the store decides
                log.error("history journal: %s not kept: %s", op.name, exc)
                self._unjournaled.pop(0)
                continue
            if not journal.append(line):
                return
            self._unjournaled.pop(0)

    def _rewrite_journal(self) -> None:
        """Make the journal hold the queue in order (after the queue was reordered)."""
        if self._journal is not None:
            lines = [encode(o.name, o.uid, o.args) for o in self._queue]
            self._unjournaled = [] if self._journal.rewrite(lines) else list(self._queue)

    def _replay(self) -> None:
        """Queue and write what an earlier run left in the journal."""
        assert self._journal is not None
        for line in self._journal.lines():
            try:
                name, uid, args = decode(line)
            except (ValueError, KeyError, TypeError) as exc:
                log.error("skipping a damaged history journal line: %s", exc)
                continue
            if name == "reopen_session":
                continue  # would make the session ours; it stays interrupted instead
            if name == "start_session":
                self._replayed.add(uid)
            self._queue.append(_Op(name, uid, args))
        if not self._queue:
            self._journal.clear()
            return
        log.warning("replaying %d history write(s) left in %s", len(self._queue), self._journal.path)
        self._flush()

    def _flush(self) -> None:
        renewed = False  # a deleted file is made again at most once per flush
        if self._queue and self._last_kind in _RECONNECT_KINDS:
            gone = self._last_kind == "gone"
            if self._store.reconnect(lost=gone) and gone:
                self._write_again()
                renewed = True
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
                    if (self._last_kind == "gone" and not renewed
                            and self._store.reconnect(lost=True)):
                        self._write_again()
                        renewed = True
                        continue
                    break  # keep it, and everything after it, for the next try
                log.error("dropped history write %s: %s", op.name, message)
                self._queue.pop(0)
                self._forget_unjournaled(op)
                continue
            self._queue.pop(0)
            self._forget_unjournaled(op)
            self._remember(op)
            if self._last_kind:
                log.info("history write succeeded again")
                self._last_error = ""
                self._last_kind = ""
        if not self._queue:
            if self._journal is not None:
                self._journal.clear()
                self._unjournaled = []
            if self._replayed:
                self._disown_replayed()

    def _write_again(self) -> None:
        log.warning("the history file %s was deleted or replaced while hiptimer ran; writing "
                    "this run's %d write(s) into a new one", self._store.where, len(self._done))
        self._ids.clear()
        self._measurements.clear()
        self._queue[:0] = [_Op(o.name, o.uid, o.args) for o in self._done]
        self._done.clear()
        self._rewrite_journal()

    def _forget_unjournaled(self, op: _Op) -> None:
        if self._unjournaled and self._unjournaled[0] is op:
            self._unjournaled.pop(0)
        elif op in self._unjournaled:
            self._unjournaled.remove(op)

    def _remember(self, op: _Op) -> None:
        self._done.append(op)
        if len(self._done) > MAX_REMEMBERED:
            del self._done[0]

    def _run(self, op: _Op) -> None:
        store = self._store
        if op.name == "start_session":
            self._ids[op.uid] = store.start_session(op.args["session"])
            return
        if op.name == "add_measurement":
            self._measurements[op.uid] = store.add_measurement(op.args["measurement"])
            return
        real = self._ids.get(op.uid)
        if real is None:
            real = store.session_id_for(op.uid)
            if real is None:
                raise HistoryError("Its session could not be recorded.", kind="invalid")
            self._ids[op.uid] = real
        getattr(store, op.name)(real, **op.args)

    def _disown_replayed(self) -> None:
        """Sessions replayed from a dead run's journal are not this run's: let the
        start-up recovery mark the unfinished ones interrupted (or never started)."""
        uids = sorted(self._replayed)
        self._replayed.clear()
        try:
            self._store.disown(uids)
        except Exception as exc:
            self._note_failure(exc)

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
            kept = f" Kept in {self.journal_path} meanwhile." if self.kept and self._queue else ""
            self._last_error = (
                f"History not saved yet: {error.message} "
                f"hiptimer will keep trying ({waiting} waiting).{kept}"
            )
            log.warning("history write failed, queued: %s", error.message)
        else:
            self._last_error = error.message
            log.error("history write failed: %s", error.message)
        self._last_kind = error.kind
        return error
