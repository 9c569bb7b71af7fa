"""The writer the player uses: never raises, journals every write, retries failed ones.

:class:`HistoryWriter` is what the app writes the history through: it gives
each call a handle at once, tries it on the store, and decides what a failure
means (wait and retry, reconnect, make a deleted file again, or drop a write
that can never succeed). The writes waiting meanwhile, and the journal that
keeps them on disk, are :mod:`.write_queue`'s.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from hiptimer.core.events import EndStatus
from hiptimer.core.practice import Pain
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage import plans
from hiptimer.storage.errors import HistoryError, describe
from hiptimer.storage.journal import (
    AbandonSession,
    AddMeasurement,
    Call,
    FinishSession,
    Journal,
    RateSession,
    RecordPart,
    ReopenSession,
    SetPain,
    StartSession,
    journal_path,
)
from hiptimer.storage.records import MeasurementRecord, PartRecord, SessionRecord, SessionStatus
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.write_queue import Pending, WriteQueue

log = logging.getLogger(__name__)

_RECONNECT_KINDS = ("readonly", "cantopen", "gone")


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
        self._uids: dict[int, str] = {}  # handle or real id -> session uid
        self._ids: dict[str, int] = {}  # session uid -> real id in the current file
        self._measurements: dict[str, int] = {}  # measurement uid -> real id
        self._next_handle = -1
        self._last_error = ""
        self._last_kind = ""
        self._replayed: set[str] = set()  # sessions replayed from an earlier run's journal
        where = journal_path(store.path) if journal is True and store.path else (
            journal if isinstance(journal, Path) else None)
        self._queue = WriteQueue(Journal(where) if where is not None else None)
        if where is not None:
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
        return self._queue.journal_path

    @property
    def kept(self) -> bool:
        """Whether every waiting write is safe in the journal (so quitting loses nothing)."""
        return self._queue.kept

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
        self._submit(Pending(session.uid, StartSession(session)))
        real = self._ids.get(session.uid)
        if real is not None:
            self._uids[real] = session.uid
            return real
        return handle

    def record_part(self, session: int, part: PartWrite) -> bool:
        """As :meth:`HistoryStore.record_part`; False if it had to be queued."""
        return self._submit_for(session, RecordPart(part))

    def finish_session(
        self,
        session: int,
        *,
        status: EndStatus | SessionStatus | str,
        ended_at: datetime,
        active_seconds: float,
    ) -> bool:
        value = status.value if isinstance(status, EndStatus | SessionStatus) else str(status)
        return self._submit_for(session, FinishSession(value, ended_at, active_seconds))

    def rate_session(self, session: int, *, rating: int | None, note: str = "") -> bool:
        return self._submit_for(session, RateSession(rating, note))

    def set_pain(self, session: int, pain: Pain | None, recorded_at: datetime) -> bool:
        """As :func:`hiptimer.storage.plans.set_pain`: the answer to "Did anything hurt?"
        (None clears it); False if it had to be queued."""
        return self._submit_for(session, SetPain(pain, recorded_at))

    def reopen_session(self, session: int) -> bool:
        return self._submit_for(session, ReopenSession())

    def abandon_session(self, session: int) -> bool:
        """As :meth:`HistoryStore.abandon_session`: the session failed to begin."""
        return self._submit_for(session, AbandonSession())

    def add_measurement(self, measurement: MeasurementWrite) -> int:
        """As :meth:`HistoryStore.add_measurement`; returns the id or a pending handle."""
        handle = self._new_handle(measurement.uid)
        self._submit(Pending(measurement.uid, AddMeasurement(measurement)))
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
        self._queue.catch_up()  # the journal may have room again before the database
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
        self._queue.close()
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

    def _submit_for(self, session: int, call: Call) -> bool:
        uid = self._session_uid(session)
        if uid is None:
            self._last_error = f"History refused a record: there is no session {session}."
            self._last_kind = "invalid"
            log.error("dropped history write %s: unknown session handle %s", call.NAME, session)
            return True  # handled: dropped, as retrying cannot fix it
        return self._submit(Pending(uid, call))

    def _submit(self, write: Pending) -> bool:
        self._queue.add(write)
        self._flush()
        return write not in self._queue

    def _replay(self) -> None:
        """Queue and write what an earlier run left in the journal."""
        queued = self._queue.replay()
        self._replayed.update(w.uid for w in queued if isinstance(w.call, StartSession))
        if not queued:
            return
        log.warning("replaying %d history write(s) left in %s", len(queued), self.journal_path)
        self._flush()

    def _flush(self) -> None:
        renewed = False  # a deleted file is made again at most once per flush
        if self._queue and self._last_kind in _RECONNECT_KINDS:
            gone = self._last_kind == "gone"
            if self._store.reconnect(lost=gone) and gone:
                self._write_again()
                renewed = True
        while (write := self._queue.head) is not None:
            try:
                self._run(write)
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
                log.error("dropped history write %s: %s", write.name, message)
                self._queue.dropped(write)
                continue
            self._queue.landed(write)
            if self._last_kind:
                log.info("history write succeeded again")
                self._last_error = ""
                self._last_kind = ""
        if not self._queue:
            self._queue.settled()
            if self._replayed:
                self._disown_replayed()

    def _write_again(self) -> None:
        self._ids.clear()
        self._measurements.clear()
        count = self._queue.write_again()
        log.warning("the history file %s was deleted or replaced while hiptimer ran; writing "
                    "this run's %d write(s) into a new one", self._store.where, count)

    def _run(self, write: Pending) -> None:
        """Make one waiting write on the store; raises what the store raises."""
        store, call = self._store, write.call
        if isinstance(call, StartSession):
            self._ids[write.uid] = store.start_session(call.session)
            return
        if isinstance(call, AddMeasurement):
            self._measurements[write.uid] = store.add_measurement(call.measurement)
            return
        real = self._ids.get(write.uid)
        if real is None:
            real = store.session_id_for(write.uid)
            if real is None:
                raise HistoryError("Its session could not be recorded.", kind="invalid")
            self._ids[write.uid] = real
        match call:
            case RecordPart(part=part):
                store.record_part(real, part)
            case FinishSession(status=status, ended_at=ended_at, active_seconds=seconds):
                store.finish_session(real, status=status, ended_at=ended_at, active_seconds=seconds)
            case RateSession(rating=rating, note=note):
                store.rate_session(real, rating=rating, note=note)
            case ReopenSession():
                store.reopen_session(real)
            case AbandonSession():
                store.abandon_session(real)
            case SetPain(pain=pain, recorded_at=recorded_at):
                plans.set_pain(store, real, pain, recorded_at)

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
