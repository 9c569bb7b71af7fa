"""Pain answers go through the writer: a locked database queues them, and they land later.

The lock is real: a second connection to the same file holds SQLite's write
lock, as another hiptimer process writing would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from hiptimer.core.practice import Pain
from hiptimer.storage import plans
from hiptimer.storage.journal import journal_path
from hiptimer.storage.records import SessionStatus
from hiptimer.storage.schema import connect_file
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter
from tests.storage.test_writer import _session


def _quick_to_give_up(db_path, zone) -> HistoryStore:
    """A store on ``db_path`` that waits 50 ms for a lock instead of 5 s, so a held lock
    fails a write at once (the failure is the same, only sooner)."""
    raw: list[sqlite3.Connection] = []

    def connector() -> sqlite3.Connection:
        raw.append(connect_file(db_path))
        return raw[-1]

    store = HistoryStore.open(db_path, local_tz=zone, connector=connector).store
    raw[-1].execute("PRAGMA busy_timeout = 50")
    return store


@contextmanager
def _locked(db_path) -> Iterator[None]:
    """Another connection holds the database's write lock until the block ends."""
    other = connect_file(db_path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _finished_session(writer: HistoryWriter, at) -> int:
    sid = writer.start_session(_session(at))
    assert writer.finish_session(sid, status=SessionStatus.COMPLETED,
                                 ended_at=at("2024-05-01", "09:10"), active_seconds=60)
    return sid


def test_a_pain_answer_given_while_the_database_is_locked_is_stored_once_it_is_unlocked(
        db_path, zone, at):
    """The answer waits in the writer's queue while the lock is held and lands on the next retry."""
    store = _quick_to_give_up(db_path, zone)
    writer = HistoryWriter(store)
    sid = _finished_session(writer, at)
    with _locked(db_path):
        assert writer.set_pain(sid, Pain.MILD, at("2024-05-01", "09:11")) is False
        assert writer.pending == 1 and "busy" in writer.last_error
        assert writer.retry() is False  # still locked: nothing raised, nothing lost
        assert plans.pain_for(store, [sid]) == {}
    assert writer.retry() is True
    assert writer.pending == 0 and writer.last_error == ""
    assert plans.pain_for(store, [sid]) == {sid: Pain.MILD}
    writer.close()


def test_a_pain_answer_left_waiting_at_quit_is_stored_at_the_next_start(db_path, zone, at):
    """Quitting while the answer waits keeps it in the journal; the next writer stores it."""
    store = _quick_to_give_up(db_path, zone)
    writer = HistoryWriter(store)
    sid = _finished_session(writer, at)
    with _locked(db_path):
        writer.set_pain(sid, Pain.SHARP, at("2024-05-01", "09:11"))
        assert writer.pending == 1 and writer.kept
        writer.close()
    assert "set_pain" in journal_path(db_path).read_text()
    store = HistoryStore.open(db_path, local_tz=zone).store
    again = HistoryWriter(store)  # the next start
    assert again.pending == 0
    assert plans.pain_for(store, [sid]) == {sid: Pain.SHARP}
    again.close()


def test_a_pain_answer_for_a_session_still_waiting_is_stored_after_it(db_path, zone, at):
    """An answer for a session whose own row is still queued waits behind it, in order."""
    store = _quick_to_give_up(db_path, zone)
    writer = HistoryWriter(store)
    with _locked(db_path):
        handle = writer.start_session(_session(at))
        assert handle < 0
        assert writer.set_pain(handle, Pain.NONE, at("2024-05-01", "09:11")) is False
        assert writer.pending == 2
    assert writer.retry() is True
    sid = writer.session_id(handle)
    assert sid is not None and plans.pain_for(store, [sid]) == {sid: Pain.NONE}
    writer.close()


def test_clearing_a_pain_answer_goes_through_the_writer(store, at):
    """None clears the answer, as plans.set_pain does."""
    writer = HistoryWriter(store, journal=False)
    sid = _finished_session(writer, at)
    assert writer.set_pain(sid, Pain.MILD, at("2024-05-01", "09:11"))
    assert writer.set_pain(sid, None, at("2024-05-01", "09:12"))
    assert plans.pain_for(store, [sid]) == {}
