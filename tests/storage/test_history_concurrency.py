"""Two hiptimer instances on one history file must neither fail nor corrupt it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hiptimer.core.model import Side
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage.store import HistoryStore

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SESSIONS = 60
PARTS = 4


def _work(path, name: str, errors: list[BaseException]) -> None:
    try:
        store = HistoryStore.open(path, owner=f"test:{name}").store
        t0 = datetime(2024, 5, 1, tzinfo=UTC)
        for i in range(SESSIONS):
            start = t0 + timedelta(hours=i)
            sid = store.start_session(
                SessionWrite(
                    routine_id=name, routine_title=name, started_at=start, planned_parts=PARTS
                )
            )
            for k in range(PARTS):
                store.record_part(
                    sid,
                    PartWrite(
                        exercise_index=k,
                        exercise_id=f"e{k}",
                        side=Side.LEFT,
                        active_seconds=5,
                        ended_at=start + timedelta(minutes=k),
                    ),
                )
            store.finish_session(
                sid, status="completed", ended_at=start + timedelta(minutes=9), active_seconds=20
            )
            store.add_measurement(MeasurementWrite(name, start, i % 90, 1))
        store.close()
    except BaseException as exc:  # reported by the test
        errors.append(exc)


def _check(path, names) -> None:
    store = HistoryStore.open(path).store
    assert store.integrity_check() == []
    for name in names:
        assert store.count_sessions(name) == SESSIONS
        assert len(store.measurements(name)) == SESSIONS
    assert all(s.parts_done == PARTS for s in store.sessions(limit=10_000))
    store.close()


def test_two_threads_with_their_own_stores(db_path):
    """Two stores on the same file, writing at the same time from two threads."""
    HistoryStore.open(db_path).store.close()
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_work, args=(db_path, n, errors)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    _check(db_path, ("a", "b"))


def test_two_processes_writing_at_once(db_path):
    """Two processes hammering the same file both succeed; the file stays sound."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.path[:0] = [{str(HERE)!r}, {str(ROOT)!r}]
        from pathlib import Path
        from test_history_concurrency import _work
        errors = []
        _work(Path(sys.argv[1]), sys.argv[2], errors)
        if errors:
            raise errors[0]
        """
    )
    # Both start on a missing file, so they also race to create and migrate it.
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(db_path), name], cwd=ROOT)
        for name in ("p", "q")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    _check(db_path, ("p", "q"))
