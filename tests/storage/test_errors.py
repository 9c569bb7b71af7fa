"""sqlite3 failures become HistoryErrors a person can act on."""

from __future__ import annotations

import sqlite3

import pytest

from hiptimer.core.record import SessionWrite
from hiptimer.storage.errors import CorruptDatabase, HistoryError, describe
from hiptimer.storage.schema import connect_file
from hiptimer.storage.store import HistoryStore


def test_describe_names_each_failure():
    """sqlite3 errors become sentences with the path and the right kind."""
    cases = {
        "attempt to write a readonly database": "readonly",
        "database or disk is full": "full",
        "unable to open database file": "cantopen",
        "database is locked": "busy",
        "database disk image is malformed": "corrupt",
    }
    for text, kind in cases.items():
        error = describe(sqlite3.OperationalError(text), "/x/history.sqlite3")
        assert error.kind == kind and "/x/history.sqlite3" in error.message
    assert isinstance(describe(sqlite3.DatabaseError("file is not a database"), "p"), HistoryError)
    assert isinstance(
        describe(sqlite3.DatabaseError("database disk image is malformed"), "p"), CorruptDatabase
    )


def test_read_only_connection_gives_a_clear_transient_error(db_path, zone, at):
    """Writing through a mode=ro connection raises a transient 'read-only' HistoryError."""
    HistoryStore.open(db_path, local_tz=zone).store.close()
    store = HistoryStore.open(
        db_path, local_tz=zone, connector=lambda: connect_file(db_path, read_only=True)
    ).store
    with pytest.raises(HistoryError) as info:
        store.start_session(
            SessionWrite(routine_id="r", routine_title="R", started_at=at("2024-05-01"), planned_parts=1)
        )
    assert info.value.kind == "readonly" and info.value.transient
    assert "read-only" in info.value.message
    assert not isinstance(info.value.__cause__, HistoryError)
