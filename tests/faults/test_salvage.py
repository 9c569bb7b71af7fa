"""Problem 2: a damaged history is salvaged, not discarded; an export never hides a failed read."""

from __future__ import annotations

import random
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from hiptimer.core.record import MeasurementWrite
from hiptimer.storage.store import HistoryStore
from tests.sample_history import fill_history
from tests.test_end_to_end import app_env, hiptimer_exe

PLACES = range(10)  # where in the file the 8 KB of noise lands (seeds)


@pytest.fixture(scope="module")
def five_hundred(tmp_path_factory) -> bytes:
    """The bytes of a closed history with 500 sessions and 37 measurements."""
    path = tmp_path_factory.mktemp("big") / "history.sqlite3"
    store = HistoryStore.open(path).store
    assert fill_history(store, 500, end=datetime(2026, 11, 1, tzinfo=UTC)) == 500
    for i in range(37):
        store.add_measurement(MeasurementWrite(
            "prone-ir", datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=i), 30, 35))
    store.close()
    return path.read_bytes()


def _damaged(good: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    data = bytearray(good)
    middle = len(data) // 2 + rng.randrange(-len(data) // 4, len(data) // 4)
    data[middle:middle + 8192] = rng.randbytes(8192)
    return bytes(data)


@pytest.mark.parametrize("seed", PLACES)
def test_8_kb_of_damage_in_500_sessions_loses_none_of_them(five_hundred, db_path, seed):
    """Every session and measurement still readable in a damaged file comes back."""
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(_damaged(five_hundred, seed))
    opened = HistoryStore.open(db_path)
    assert opened.moved_aside and opened.moved_aside[0].read_bytes() == _damaged(five_hundred, seed)
    assert opened.store.count_sessions() == 500
    assert len(opened.store.measurements()) == 37
    assert "500 sessions" in (opened.notice or "") and "37 measurements" in opened.notice
    opened.store.close()


def _export(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([hiptimer_exe(), "history", "--format", "json"], env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("content", [b"SQLite format 3\x00" + bytes(range(256)) * 256,
                                     b"not a database at all" * 400])
def test_export_refuses_to_write_an_empty_file_from_an_unreadable_history(tmp_path, content):
    """`history` on a history it could not read exits 1 with a message and no output."""
    env = app_env(tmp_path)
    data = tmp_path / "home" / "data"
    data.mkdir(parents=True)
    (data / "history.sqlite3").write_bytes(content)
    proc = _export(env)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "could not be read" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_export_of_a_damaged_history_carries_what_was_salvaged(tmp_path, five_hundred):
    """`history` on a damaged file exports the salvaged sessions, exit 0."""
    env = app_env(tmp_path)
    data = tmp_path / "home" / "data"
    data.mkdir(parents=True)
    (data / "history.sqlite3").write_bytes(_damaged(five_hundred, 0))
    proc = _export(env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count('"uid"') >= 500 and "recovered" in proc.stderr
