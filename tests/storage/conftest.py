"""Fixtures for the history store tests: fixed zone, fixed times, both kinds of file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage.opening import MEMORY
from hiptimer.storage.store import HistoryStore

# A zone two hours east of UTC, so day boundaries are not UTC's.
ZONE = timezone(timedelta(hours=2))


def _at(day: str, hm: str = "09:00") -> datetime:
    """An aware time in ZONE, e.g. at("2024-05-01", "23:30")."""
    return datetime.fromisoformat(f"{day}T{hm}:00").replace(tzinfo=ZONE)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture(params=["file", "memory"])
def store(request, db_path) -> Iterator[HistoryStore]:
    """A fresh store on a real file and in memory."""
    target = db_path if request.param == "file" else MEMORY
    result = HistoryStore.open(target, local_tz=ZONE)
    assert result.notice is None
    yield result.store
    result.store.close()


@pytest.fixture
def file_store(db_path) -> Iterator[HistoryStore]:
    result = HistoryStore.open(db_path, local_tz=ZONE)
    assert result.notice is None
    yield result.store
    result.store.close()


def _add_session(
    store: HistoryStore,
    day: str,
    hm: str = "09:00",
    *,
    routine_id: str = "level-1",
    status: str = "completed",
    done: int = 3,
    planned: int = 3,
    seconds: float = 300.0,
) -> int:
    """A session with ``done`` done parts, finished with ``status`` (or left running)."""
    start = _at(day, hm)
    sid = store.start_session(
        SessionWrite(
            routine_id=routine_id,
            routine_title=f"Routine {routine_id}",
            level=1,
            started_at=start,
            planned_parts=planned,
        )
    )
    for i in range(done):
        store.record_part(
            sid,
            PartWrite(
                exercise_index=i,
                exercise_id=f"ex-{i}",
                exercise_name=f"Exercise {i}",
                side=Side.NONE,
                status=PartStatus.DONE,
                dose="60 s hold",
                active_seconds=seconds / max(done, 1),
                ended_at=start + timedelta(minutes=i + 1),
            ),
        )
    if status == "interrupted":
        # What recover_unfinished does after a crash (it spares our own sessions).
        store._conn.execute("UPDATE sessions SET status = 'interrupted' WHERE id = ?", (sid,))
    elif status != "running":
        store.finish_session(
            sid, status=status, ended_at=start + timedelta(minutes=10), active_seconds=seconds
        )
    return sid


@pytest.fixture
def zone():
    return ZONE


@pytest.fixture
def at():
    """``at("2024-05-01", "23:30")``: an aware time in the test zone."""
    return _at


@pytest.fixture
def add_session():
    """``add_session(store, day, hm, routine_id=, status=, done=, planned=, seconds=)``."""
    return _add_session


@pytest.fixture
def filled(store, at, add_session):
    """Two sessions (one with a hostile note), a running one, and two measurements."""
    sid = add_session(store, "2024-05-01", done=2, planned=3)
    store.rate_session(sid, rating=8, note='=HYPERLINK("http://x")')
    add_session(store, "2024-05-02", routine_id="level-2", status="ended_early", done=1)
    add_session(store, "2024-05-03", status="running", done=1)
    store.add_measurement(MeasurementWrite("prone-ir", at("2024-05-01"), -5, 40, note="-cold"))
    store.add_measurement(MeasurementWrite("seated-ir", at("2024-05-02"), None, 35))
    return store
