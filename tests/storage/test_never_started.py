"""Sessions whose row was written but which never ran: never resumed, never counted."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from hiptimer.core.record import SessionWrite
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.records import SessionStatus
from hiptimer.storage.schema import MIGRATIONS
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter


@pytest.fixture
def crashed(db_path, zone):
    """A store owned by a process that is gone (its running sessions are stale)."""
    store = HistoryStore.open(db_path, local_tz=zone, owner="elsewhere:1").store
    yield store
    store.close()


@pytest.fixture
def fresh(db_path, zone):
    """The next start's store on the same file."""
    store = HistoryStore.open(db_path, local_tz=zone).store
    yield store
    store.close()


def test_recover_marks_an_empty_dead_session_never_started(crashed, fresh, add_session):
    """A running row with no side and no time, whose owner is gone, is not offered for resume."""
    sid = add_session(crashed, "2024-05-01", status="running", done=0)
    assert fresh.recover_unfinished() == []
    assert fresh.session(sid).status is SessionStatus.NEVER_STARTED


def test_recover_still_offers_a_session_with_a_recorded_side(crashed, fresh, add_session):
    """A dead session that recorded a side is interrupted and offered, as before."""
    empty = add_session(crashed, "2024-05-01", status="running", done=0)
    begun = add_session(crashed, "2024-05-01", "10:00", status="running", done=1)
    assert [s.id for s in fresh.recover_unfinished()] == [begun]
    assert fresh.session(empty).status is SessionStatus.NEVER_STARTED


def test_never_started_sessions_count_nowhere(store, add_session):
    """Streaks, calendar, minutes, routine totals and the table leave never-started rows out."""
    add_session(store, "2024-05-01")
    sid = add_session(store, "2024-05-02", status="running", done=0)
    store.abandon_session(sid)
    assert store.day_counts(date(2024, 5, 1), date(2024, 5, 2)) == {date(2024, 5, 1): 1}
    assert store.streaks(date(2024, 5, 2)).current == 1
    assert [s.sessions for s in store.routine_summaries()] == [1]
    assert store.count_sessions() == 1 == len(store.sessions())
    assert store.session(sid).status is SessionStatus.NEVER_STARTED


def test_abandon_marks_a_failed_start_never_started(store, add_session):
    """abandon_session withdraws a running session that recorded nothing; twice is harmless."""
    sid = add_session(store, "2024-05-01", status="running", done=0)
    store.abandon_session(sid)
    store.abandon_session(sid)
    assert store.session(sid).status is SessionStatus.NEVER_STARTED
    with pytest.raises(HistoryError, match="only an interrupted"):
        store.reopen_session(sid)


@pytest.mark.parametrize(("status", "done"), [("running", 1), ("completed", 0)])
def test_abandon_refuses_a_session_that_began(store, add_session, status, done):
    """A session with a recorded side, or one that ended, cannot be withdrawn."""
    sid = add_session(store, "2024-05-01", status=status, done=done)
    with pytest.raises(HistoryError, match="has begun"):
        store.abandon_session(sid)


def test_writer_abandons_a_session_whose_start_is_still_queued(db_path, zone, at):
    """Abandoning through the writer waits behind the queued start, then marks it."""
    HistoryStore.open(db_path, local_tz=zone).store.close()
    writable = [False]

    def connector():
        from hiptimer.storage.schema import connect_file

        return connect_file(db_path, read_only=not writable[0])

    store = HistoryStore.open(db_path, local_tz=zone, connector=connector).store
    writer = HistoryWriter(store)
    handle = writer.start_session(
        SessionWrite(routine_id="r", routine_title="R", started_at=at("2024-05-01"), planned_parts=1)
    )
    assert handle < 0 and writer.abandon_session(handle) is False
    writable[0] = True
    assert writer.retry()
    assert store.session(writer.session_id(handle)).status is SessionStatus.NEVER_STARTED


def test_migration_repairs_empty_interrupted_rows_and_keeps_parts(db_path, zone):
    """Upgrading a schema-2 file keeps every part, and marks interrupted rows that
    never recorded anything (left by the old start bug) never_started."""
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = ON")
    for step in MIGRATIONS[:2]:
        for statement in step:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    started = "2024-05-01T07:00:00.000000+00:00"
    for uid in ("empty", "begun"):
        conn.execute(
            "INSERT INTO sessions (uid, routine_id, started_at, local_date, status, ended_at)"
            " VALUES (?, 'level-1', ?, '2024-05-01', 'interrupted', ?)",
            (uid, started, started),
        )
    conn.execute(
        "INSERT INTO parts (session_id, exercise_index, exercise_id, side, status, ended_at)"
        " SELECT id, 0, 'ir-hang', 'none', 'done', started_at FROM sessions WHERE uid = 'begun'"
    )
    conn.commit()
    conn.close()
    store = HistoryStore.open(db_path, local_tz=zone).store
    statuses = {s.uid: s.status for s, _ in store.iter_sessions()}
    assert statuses == {"empty": SessionStatus.NEVER_STARTED, "begun": SessionStatus.INTERRUPTED}
    [(begun, parts)] = [(s, p) for s, p in store.iter_sessions() if s.uid == "begun"]
    assert len(parts) == 1 and begun.time_scale == 1.0
    assert store.integrity_check() == []
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
