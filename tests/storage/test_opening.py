"""Opening a history in whatever state it is in: damaged, unreadable, nowhere to put it."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from hiptimer.storage.store import HistoryStore

STAMP = datetime(2024, 5, 1, 12, 30, 5)


def _stamp() -> datetime:
    return STAMP


# -- damaged files --------------------------------------------------------------------


def test_not_a_database_is_moved_aside(db_path, zone):
    """A file that is not SQLite is renamed with a timestamp; a new history starts."""
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database at all" * 200)
    result = HistoryStore.open(db_path, local_tz=zone, now=_stamp)
    moved = db_path.with_name("history.sqlite3.corrupt-20240501-123005")
    assert result.moved_aside[0] == moved
    assert moved.read_bytes().startswith(b"this is not a database")  # nothing deleted
    assert str(moved) in (result.notice or "")
    assert result.persistent and result.store.count_sessions() == 0
    assert db_path.exists()


def test_wal_and_shm_move_with_the_damaged_file(db_path, zone):
    """The -wal and -shm files go aside with the main file, under the same stamp."""
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage" * 1000)
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).write_bytes(b"x" * 100)
    result = HistoryStore.open(db_path, local_tz=zone, now=_stamp)
    names = sorted(p.name for p in result.moved_aside)
    assert names == [
        "history.sqlite3.corrupt-20240501-123005",
        "history.sqlite3.corrupt-20240501-123005-shm",
        "history.sqlite3.corrupt-20240501-123005-wal",
    ]


def test_second_damage_in_the_same_second_gets_its_own_name(db_path, zone):
    """Moving aside never overwrites an earlier moved-aside file."""
    db_path.parent.mkdir(parents=True)
    for _ in range(2):
        db_path.write_bytes(b"garbage" * 1000)
        HistoryStore.open(db_path, local_tz=zone, now=_stamp).store.close()
    aside = sorted(p.name for p in db_path.parent.glob("*.corrupt-*"))
    assert aside == [
        "history.sqlite3.corrupt-20240501-123005",
        "history.sqlite3.corrupt-20240501-123005-1",
    ]


def _damage_pages(path, first_page: int = 3) -> None:
    """Overwrite everything after the first pages with noise, as a bad disk might."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for i in range(first_page * page, len(data), 7):
        data[i] = (i * 31) % 251
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged_file(db_path, zone, add_session):
    """A real history whose inner pages were garbled after a clean close."""
    store = HistoryStore.open(db_path, local_tz=zone).store
    for day in range(1, 29):
        add_session(store, f"2024-02-{day:02d}", done=6, planned=6)
    store.close()
    assert not db_path.with_name(db_path.name + "-wal").exists()  # checkpointed on close
    # Garble the rows, past every table's and index's first page, so the schema
    # still reads: only quick_check (at open, or verify later) sees the damage.
    with sqlite3.connect(db_path) as conn:
        last_root = conn.execute("SELECT max(rootpage) FROM sqlite_master").fetchone()[0]
    conn.close()
    _damage_pages(db_path, first_page=last_root)
    return db_path


def test_failing_quick_check_is_moved_aside(damaged_file, zone):
    """A file that opens but fails PRAGMA quick_check is moved aside at open."""
    result = HistoryStore.open(damaged_file, local_tz=zone, now=_stamp)
    assert result.moved_aside and "moved aside" in (result.notice or "")
    assert result.store.count_sessions() == 28  # salvaged from the damaged copy
    assert result.store.integrity_check() == []


def test_verify_later_moves_a_damaged_file_aside(damaged_file, zone):
    """Opened without the check, verify() finds the damage and starts a new file."""
    result = HistoryStore.open(damaged_file, local_tz=zone, check=False, now=_stamp)
    store = result.store
    notice = store.verify(now=_stamp)
    assert notice and "corrupt-20240501-123005" in notice
    assert store.count_sessions() == 28  # salvaged from the damaged copy
    assert store.verify() is None


def test_sound_file_passes_verify(file_store):
    """verify() on a healthy file returns None and changes nothing."""
    assert file_store.verify() is None


# -- nowhere to write ---------------------------------------------------------------


def test_folder_that_cannot_exist_falls_back_to_memory(tmp_path, zone):
    """If the folder cannot be created the app still runs, in memory, and says so."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = HistoryStore.open(blocker / "history.sqlite3", local_tz=zone)
    assert result.persistent is False
    assert "memory" in (result.notice or "")
    assert result.store.count_sessions() == 0
