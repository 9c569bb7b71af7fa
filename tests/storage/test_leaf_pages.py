"""Rows read from a file's leaf pages are the rows SQLite reads, values and all."""

from __future__ import annotations

import sqlite3

from hiptimer.core.record import MeasurementWrite, SessionWrite
from hiptimer.storage.leaf_pages import read_leaf_rows, table_shape
from hiptimer.storage.store import HistoryStore


def test_every_row_of_a_sound_file_reads_the_same_from_its_leaf_pages(db_path, at, add_session):
    """Integers, reals, NULLs, UTF-8 text and a note long enough to spill onto overflow pages."""
    store = HistoryStore.open(db_path).store
    for day in range(1, 29):
        add_session(store, f"2024-05-{day:02d}", done=3)
    long = store.start_session(SessionWrite("level-1", "Nível 1 — ☃", at("2024-06-01"), 1))
    store.rate_session(long, rating=7, note="ünïcödé " * 2500)
    store.add_measurement(MeasurementWrite("prone-ir", at("2024-06-02"), -5, None, note="cold"))
    store.close()

    rows = read_leaf_rows(db_path)
    conn = sqlite3.connect(db_path)
    for table in ("sessions", "parts", "measurements"):
        shape = table_shape(conn, table, ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({table})")))
        assert shape is not None
        mine = {rowid: tuple(row[c] for c in shape.columns) for rowid, row in shape.rows_from(rows)}
        theirs = {r[0]: tuple(r[1:]) for r in conn.execute(
            f"SELECT rowid, {', '.join(shape.columns)} FROM {table}")}
        assert mine == theirs, table
    conn.close()


def test_a_file_that_is_not_a_database_gives_no_rows(tmp_path):
    """Nothing is made up from bytes that are not SQLite's."""
    path = tmp_path / "noise.sqlite3"
    path.write_bytes(b"not a database at all" * 400)
    assert read_leaf_rows(path) == []
