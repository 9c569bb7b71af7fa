"""The history store: schema, the player's write calls, reads, recovery."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hiptimer.core.events import EndStatus, PartStatus
from hiptimer.core.model import Side
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.records import SessionStatus
from hiptimer.storage.schema import MIGRATIONS, SCHEMA_VERSION
from hiptimer.storage.store import HistoryStore


def test_new_file_is_migrated_to_the_latest_version(db_path, zone):
    """Opening a path that does not exist creates the file at the latest schema."""
    result = HistoryStore.open(db_path, local_tz=zone)
    result.store.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sessions", "parts", "measurements"} <= tables


def test_empty_existing_file_is_migrated(db_path, zone):
    """A zero-byte file (as left by a crash while creating it) becomes a valid history."""
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    result = HistoryStore.open(db_path, local_tz=zone)
    assert result.notice is None
    assert result.store.count_sessions() == 0


def test_reopening_keeps_data_and_version(db_path, add_session, zone):
    """A second open finds the rows and runs no migration again."""
    store = HistoryStore.open(db_path, local_tz=zone).store
    add_session(store, "2024-05-01")
    store.close()
    again = HistoryStore.open(db_path, local_tz=zone).store
    assert again.count_sessions() == 1


def test_connection_settings(file_store, db_path):
    """WAL journal, foreign keys on and a busy timeout on the store's connection."""
    conn = file_store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert sqlite3.connect(db_path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_part_for_missing_session_is_refused(store, at):
    """record_part on an unknown session id raises HistoryError, not a raw sqlite3 error."""
    with pytest.raises(HistoryError, match="no session 999"):
        store.record_part(999, PartWrite(0, "x", ended_at=at("2024-05-01")))


def test_memory_store_is_not_persistent():
    """ ":memory:" works and says it keeps nothing."""
    result = HistoryStore.open(":memory:")
    assert result.persistent is False
    assert result.store.count_sessions() == 0


def test_write_as_you_go_visible_to_second_connection(file_store, db_path, at):
    """Each call is committed before it returns: another connection sees it at once."""
    other = sqlite3.connect(db_path)
    sid = file_store.start_session(
        SessionWrite(
            routine_id="level-1",
            routine_title="Level 1",
            level=1,
            started_at=at("2024-05-01"),
            planned_parts=3,
        )
    )
    assert other.execute("SELECT status FROM sessions WHERE id = ?", (sid,)).fetchone() == (
        "running",
    )
    file_store.record_part(
        sid,
        PartWrite(
            exercise_index=0,
            exercise_id="ir-hang",
            exercise_name="Internal rotation hang",
            side=Side.NONE,
            status=PartStatus.DONE,
            dose="90 s hold",
            active_seconds=90.0,
            ended_at=at("2024-05-01", "09:02"),
        ),
    )
    assert other.execute("SELECT count(*) FROM parts").fetchone() == (1,)
    file_store.finish_session(
        sid, status="completed", ended_at=at("2024-05-01", "09:10"), active_seconds=300
    )
    assert other.execute("SELECT status FROM sessions").fetchone() == ("completed",)
    assert not file_store._conn.in_transaction


def test_session_round_trip(store, at):
    """What the player writes comes back as records with aware UTC times."""
    started = at("2024-05-01", "23:30")  # 21:30 UTC, still 1 May locally
    sid = store.start_session(
        SessionWrite(
            routine_id="level-2",
            routine_title="Level 2",
            level=None,
            started_at=started,
            planned_parts=4,
        )
    )
    store.record_part(
        sid,
        PartWrite(
            exercise_index=1,
            exercise_id="pigeon",
            exercise_name="Pigeon pose",
            side=Side.LEFT,
            status=PartStatus.SKIPPED,
            dose="60 s hold",
            active_seconds=0,
            ended_at=started + timedelta(minutes=3),
        ),
    )
    store.record_part(
        sid,
        PartWrite(
            exercise_index=0,
            exercise_id="band-ir",
            exercise_name="Band IR",
            side=Side.RIGHT,
            status=PartStatus.DONE,
            dose="10 x 5 s",
            active_seconds=80.5,
            ended_at=started + timedelta(minutes=2),
        ),
    )
    store.finish_session(
        sid,
        status=EndStatus.ENDED_EARLY,
        ended_at=started + timedelta(minutes=5),
        active_seconds=81,
    )
    store.rate_session(sid, rating=7, note="tight left hip")
    s = store.session(sid)
    assert s is not None
    assert s.started_at == started and s.started_at.tzinfo == UTC
    assert s.local_date.isoformat() == "2024-05-01"
    assert (s.status, s.level, s.rating, s.note) == (
        SessionStatus.ENDED_EARLY,
        None,
        7,
        "tight left hip",
    )
    assert (s.parts_done, s.parts_skipped, s.planned_parts) == (1, 1, 4)
    assert s.completion == 0.25
    parts = store.parts(sid)
    assert [p.exercise_index for p in parts] == [0, 1]  # in exercise order
    assert parts[0].side is Side.RIGHT and parts[0].status is PartStatus.DONE
    assert parts[1].side is Side.LEFT and parts[1].status is PartStatus.SKIPPED


def _part(at, status: PartStatus, seconds: float = 30, hm: str = "09:05") -> PartWrite:
    return PartWrite(
        exercise_index=0,
        exercise_id="ir-hang",
        status=status,
        active_seconds=seconds,
        ended_at=at("2024-05-01", hm),
    )


def test_record_part_again_replaces_it(store, at, add_session):
    """Recording the same exercise and side twice keeps one row, the latest."""
    sid = add_session(store, "2024-05-01", status="running", done=0)
    for status in (PartStatus.SKIPPED, PartStatus.DONE):
        store.record_part(sid, _part(at, status))
    parts = store.parts(sid)
    assert len(parts) == 1 and parts[0].status is PartStatus.DONE
    assert store.session(sid).parts_done == 1


def test_done_after_skipped_replaces_it(store, at, add_session):
    """A side skipped, then gone back to and done, is recorded done, with its time."""
    sid = add_session(store, "2024-05-01", status="running", done=0)
    store.record_part(sid, _part(at, PartStatus.SKIPPED, seconds=0, hm="09:01"))
    store.record_part(sid, _part(at, PartStatus.DONE, seconds=60, hm="09:03"))
    [part] = store.parts(sid)
    assert (part.status, part.active_seconds, part.ended_at) == (
        PartStatus.DONE,
        60,
        at("2024-05-01", "09:03"),
    )
    assert (store.session(sid).parts_done, store.session(sid).parts_skipped) == (1, 0)


def test_skipped_never_replaces_done(store, at, add_session):
    """Passing over a side already done (back, then skip forward) leaves it done."""
    sid = add_session(store, "2024-05-01", status="running", done=0)
    store.record_part(sid, _part(at, PartStatus.DONE, seconds=60, hm="09:03"))
    store.record_part(sid, _part(at, PartStatus.SKIPPED, seconds=0, hm="09:04"))
    [part] = store.parts(sid)
    assert (part.status, part.active_seconds) == (PartStatus.DONE, 60)
    assert (store.session(sid).parts_done, store.session(sid).parts_skipped) == (1, 0)


def test_running_session_time_is_sum_of_parts(store, add_session):
    """While running, the session's time grows with its parts, so a crash leaves it honest."""
    sid = add_session(store, "2024-05-01", status="running", done=2, seconds=120)
    assert store.session(sid).active_seconds == pytest.approx(120)


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        ("rate_session", {"rating": 11}),
        ("rate_session", {"rating": -1}),
        ("finish_session", {"status": "running", "ended_at": None, "active_seconds": 1}),
        ("record_part", {"exercise_index": 0, "exercise_id": "x", "side": "up", "ended_at": None}),
    ],
)
def test_bad_values_are_refused(store, call, kwargs, at, add_session):
    """Out-of-range ratings, unknown statuses and sides raise ValueError."""
    sid = add_session(store, "2024-05-01", status="running", done=0)
    kwargs = {
        k: (at("2024-05-01") if v is None and k == "ended_at" else v) for k, v in kwargs.items()
    }
    with pytest.raises(ValueError):
        if call == "record_part":
            store.record_part(sid, PartWrite(**kwargs))
        else:
            getattr(store, call)(sid, **kwargs)


def test_naive_times_are_refused(store):
    """Times must be timezone-aware."""
    with pytest.raises(ValueError, match="timezone-aware"):
        store.start_session(
            SessionWrite(
                routine_id="r", routine_title="R", started_at=datetime(2024, 5, 1), planned_parts=1
            )
        )


def test_rating_can_be_cleared(store, add_session):
    """rate_session(rating=None) removes the rating."""
    sid = add_session(store, "2024-05-01")
    store.rate_session(sid, rating=5, note="")
    store.rate_session(sid, rating=None, note="n")
    assert store.session(sid).rating is None


def test_start_session_is_idempotent_by_uid(store, at):
    """Starting with a uid already present returns the same id (safe to retry)."""
    kw = dict(routine_id="r", routine_title="R", started_at=at("2024-05-01"), planned_parts=1)
    assert store.start_session(SessionWrite(**kw, uid="abc")) == store.start_session(
        SessionWrite(**kw, uid="abc")
    )
    assert store.count_sessions() == 1


def test_paging_is_newest_first_and_complete(store, add_session):
    """Keyset pages walk every session exactly once, newest first; the filter applies."""
    for day in range(1, 21):
        add_session(store, f"2024-05-{day:02d}", routine_id="a" if day % 2 else "b")
        add_session(store, f"2024-05-{day:02d}", "09:00", routine_id="a")  # same start time
    seen = []
    page = store.sessions(limit=7)
    while page:
        seen += page
        page = store.sessions(limit=7, before=page[-1])
    assert len(seen) == len({s.id for s in seen}) == 40 == store.count_sessions()
    keys = [(s.started_at, s.id) for s in seen]
    assert keys == sorted(keys, reverse=True)
    only_b = store.sessions("b", limit=100)
    assert len(only_b) == 10 == store.count_sessions("b")
    assert {s.routine_id for s in only_b} == {"b"}


def test_routine_summaries(store, at, add_session):
    """Counts, completions, minutes and the latest title per routine."""
    add_session(store, "2024-05-01", routine_id="a", seconds=600)
    add_session(store, "2024-05-02", routine_id="a", status="ended_early", done=1, seconds=60)
    add_session(store, "2024-05-03", routine_id="b")
    summaries = {s.routine_id: s for s in store.routine_summaries()}
    assert summaries["a"].sessions == 2 and summaries["a"].completed == 1
    assert summaries["a"].minutes == pytest.approx(11)
    assert summaries["a"].last_started_at == at("2024-05-02")
    assert summaries["b"].title == "Routine b"
    assert [s.routine_id for s in store.routine_summaries()] == ["a", "b"]


def test_measurements(store, at):
    """Measurements come back oldest first, filtered by test, with the difference."""
    store.add_measurement(MeasurementWrite("prone-ir", at("2024-05-02"), 30, 44))
    store.add_measurement(MeasurementWrite("prone-ir", at("2024-05-01"), None, 40, note="no left"))
    store.add_measurement(MeasurementWrite("seated-ir", at("2024-05-01"), 25, 30))
    prone = store.measurements("prone-ir")
    assert [m.taken_at for m in prone] == [at("2024-05-01"), at("2024-05-02")]
    assert prone[0].left_deg is None and prone[0].difference is None
    assert prone[1].difference == 14
    assert len(store.measurements()) == 3
    with pytest.raises(ValueError):
        store.add_measurement(MeasurementWrite("x", at("2024-05-01"), 400, 1))


# -- recovery ----------------------------------------------------------------------


def test_recover_marks_dead_owners_sessions_interrupted(db_path, at, add_session, zone):
    """A running session from a process that is gone becomes interrupted, with its parts."""
    crashed = HistoryStore.open(db_path, local_tz=zone, owner="elsewhere:1").store
    sid = add_session(crashed, "2024-05-01", status="running", done=2)
    crashed.close()
    store = HistoryStore.open(db_path, local_tz=zone).store
    recovered = store.recover_unfinished()
    assert [s.id for s in recovered] == [sid]
    assert recovered[0].status is SessionStatus.INTERRUPTED
    assert recovered[0].ended_at == at("2024-05-01", "09:02")  # the last part's end
    assert len(store.parts(sid)) == 2
    assert store.recover_unfinished() == []


def test_recover_leaves_a_live_instances_session_alone(db_path, add_session, zone):
    """A session owned by another live process on this host (a second window) stays running."""
    import socket

    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        other = HistoryStore.open(
            db_path, local_tz=zone, owner=f"{socket.gethostname()}:{live.pid}"
        ).store
        sid = add_session(other, "2024-05-01", status="running")
        store = HistoryStore.open(db_path, local_tz=zone).store
        assert store.recover_unfinished() == []
        assert store.session(sid).status is SessionStatus.RUNNING
    finally:
        live.kill()
        live.wait()
    assert [s.id for s in store.recover_unfinished()] == [sid]


def test_recover_leaves_own_running_session_alone(store, add_session):
    """recover_unfinished never interrupts this process's own session."""
    sid = add_session(store, "2024-05-01", status="running")
    assert store.recover_unfinished() == []
    assert store.session(sid).status is SessionStatus.RUNNING


def test_reopen_interrupted_session(db_path, at, add_session, zone):
    """An interrupted session can be resumed: running again, then finished normally."""
    crashed = HistoryStore.open(db_path, local_tz=zone, owner="elsewhere:1").store
    sid = add_session(crashed, "2024-05-01", status="running", done=1)
    store = HistoryStore.open(db_path, local_tz=zone).store
    store.recover_unfinished()
    store.reopen_session(sid)
    s = store.session(sid)
    assert s.status is SessionStatus.RUNNING and s.ended_at is None
    store.finish_session(
        sid, status="completed", ended_at=at("2024-05-01", "10:00"), active_seconds=9
    )
    assert store.session(sid).status is SessionStatus.COMPLETED
    with pytest.raises(HistoryError, match="only an interrupted"):
        store.reopen_session(sid)


def test_sigkill_loses_nothing_already_recorded(db_path):
    """A process killed mid-session leaves its session and parts; recovery marks it."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from datetime import datetime, timedelta, timezone
        from hiptimer.core.model import Side
        from hiptimer.core.record import PartWrite, SessionWrite
        from hiptimer.storage.store import HistoryStore
        store = HistoryStore.open({str(db_path)!r}).store
        t = datetime(2024, 5, 1, 9, tzinfo=timezone.utc)
        sid = store.start_session(SessionWrite(routine_id="level-1", routine_title="L1", level=1,
                                               started_at=t, planned_parts=3))
        for i in range(2):
            store.record_part(sid, PartWrite(exercise_index=i, exercise_id=f"e{{i}}",
                                             side=Side.LEFT, active_seconds=10,
                                             ended_at=t + timedelta(minutes=i + 1)))
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root))
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True)
    assert proc.returncode == -9, proc.stderr.decode()
    store = HistoryStore.open(db_path).store
    recovered = store.recover_unfinished()
    assert len(recovered) == 1 and recovered[0].parts_done == 2
    assert store.integrity_check() == []


def test_migrates_a_version_one_file(db_path, zone):
    """A file left at schema 1 is brought up to date with its rows intact."""
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO sessions (uid, routine_id, routine_title, started_at, local_date)"
        " VALUES ('u1', 'level-1', 'Level 1', '2024-05-01T07:00:00.000000+00:00', '2024-05-01')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = HistoryStore.open(db_path, local_tz=zone).store
    assert store.count_sessions("level-1") == 1
    assert store.routine_summaries()[0].title == "Level 1"
    plan = store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT routine_id, count(*), sum(active_seconds) FROM sessions"
        " GROUP BY routine_id"
    ).fetchall()
    assert "COVERING INDEX sessions_by_routine" in str(plan)
    store.close()
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_opened_as_is(db_path, zone):
    """A file from a newer hiptimer (higher user_version) opens without migrating back."""
    HistoryStore.open(db_path, local_tz=zone).store.close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    result = HistoryStore.open(db_path, local_tz=zone)
    assert result.notice is None and result.store.count_sessions() == 0


@pytest.mark.parametrize("scale", [0, -1, float("nan"), float("inf")])
def test_time_scale_must_be_positive_and_finite(store, at, scale):
    """A session's time_scale is a positive finite number."""
    with pytest.raises(ValueError, match="time_scale"):
        store.start_session(
            SessionWrite(
                routine_id="r",
                routine_title="R",
                started_at=at("2024-05-01"),
                planned_parts=1,
                time_scale=scale,
            )
        )
