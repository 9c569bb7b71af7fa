"""Problem 1 and the deleted database: a write the disk refused is kept, on disk, until it lands."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from hiptimer.core.model import Side
from hiptimer.storage.journal import journal_path
from hiptimer.storage.records import SessionStatus
from hiptimer.storage.schema import connect_file
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter
from tests.faults.conftest import part_write, session_write


class Refusing:
    """Connections SQLite opens read-only until ``writable``: a disk that refuses writes."""

    def __init__(self, path):
        self.path = path
        self.writable = False

    def __call__(self) -> sqlite3.Connection:
        return connect_file(self.path, read_only=not self.writable)


def _refusing_writer(db_path) -> tuple[HistoryWriter, Refusing]:
    HistoryStore.open(db_path).store.close()
    refusing = Refusing(db_path)
    store = HistoryStore.open(db_path, connector=refusing).store
    return HistoryWriter(store, journal=journal_path(db_path)), refusing


def test_unsaved_writes_survive_quitting_and_land_at_the_next_start(db_path):
    """Writes refused until quit are replayed from the journal by the next start."""
    writer, _ = _refusing_writer(db_path)
    handle = writer.start_session(session_write())
    writer.record_part(handle, part_write(Side.LEFT))
    assert writer.pending == 2 and writer.kept
    writer.close()

    store = HistoryStore.open(db_path).store
    again = HistoryWriter(store)  # the next start
    assert again.pending == 0
    (session,) = store.sessions()
    assert [p.side for p in store.parts(session.id)] == [Side.LEFT]
    assert [s.status for s in again.recover_unfinished()] == [SessionStatus.INTERRUPTED]
    again.close()


def test_the_journal_is_written_before_the_database_is_tried(db_path):
    """Each write is on disk in the journal before the store is asked."""
    writer, _ = _refusing_writer(db_path)
    writer.start_session(session_write())
    assert "start_session" in journal_path(db_path).read_text()
    writer.close()


def test_the_journal_is_emptied_once_everything_is_written(db_path):
    """Once the database has every write the journal is empty, and gone after close."""
    writer, refusing = _refusing_writer(db_path)
    writer.start_session(session_write())
    refusing.writable = True
    assert writer.retry()
    assert journal_path(db_path).read_text() == ""
    writer.close()
    assert not journal_path(db_path).exists()


def test_a_torn_last_journal_line_is_skipped(db_path):
    """A power cut mid-append leaves half a line; the whole lines before it still replay."""
    writer, _ = _refusing_writer(db_path)
    writer.start_session(session_write())
    writer.close()
    with open(journal_path(db_path), "a") as fh:
        fh.write('{"op": "record_part", "uid": "x", "ar')
    store = HistoryStore.open(db_path).store
    writer = HistoryWriter(store)
    assert writer.pending == 0 and store.count_sessions() == 1
    writer.close()


@pytest.mark.parametrize("what", ["the file", "the file, -wal and -shm", "the folder"])
def test_deleting_the_database_mid_session_is_noticed_and_nothing_is_lost(db_path, what):
    """A database deleted while the app runs is made again with every write of the run."""
    store = HistoryStore.open(db_path).store
    writer = HistoryWriter(store)
    handle = writer.start_session(session_write())
    assert writer.record_part(handle, part_write(Side.LEFT))
    if what == "the folder":
        shutil.rmtree(db_path.parent)
    else:
        for suffix in ("", "-wal", "-shm") if "-wal" in what else ("",):
            os.unlink(f"{db_path}{suffix}")
    assert writer.record_part(handle, part_write(Side.RIGHT, minute=2))
    writer.close()
    fresh = HistoryStore.open(db_path)
    assert fresh.notice is None  # a sound file, not a salvaged one
    (session,) = fresh.store.sessions()
    assert [p.side for p in fresh.store.parts(session.id)] == [Side.LEFT, Side.RIGHT]
    assert fresh.store.integrity_check() == []


@pytest.mark.slow
def test_an_export_includes_writes_left_in_the_journal(tmp_path):
    """`hiptimer history` replays a journal left behind, so the export has those sessions."""
    import json
    import subprocess

    from tests.test_end_to_end import app_env, hiptimer_exe

    env = app_env(tmp_path)
    writer, _ = _refusing_writer(tmp_path / "home" / "data" / "history.sqlite3")
    writer.start_session(session_write(uid="left-behind"))
    writer.close()
    out = subprocess.run([hiptimer_exe(), "history", "--format", "json"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert [s["uid"] for s in json.loads(out.stdout)["sessions"]] == ["left-behind"]


@pytest.mark.slow
def test_deleting_the_database_while_the_program_plays_loses_no_side(tmp_path):
    """The installed program: the history file deleted mid-session, every side still recorded."""
    import json
    import subprocess
    import time

    from tests.test_end_to_end import app_env, hiptimer_exe

    env = app_env(tmp_path, HIPTIMER_AUDIO_DISABLE="simpleaudio,command",
                  HIPTIMER_SPEECH_DISABLE="all")
    home = tmp_path / "home"
    log_file = home / "log" / "hiptimer.log"
    proc = subprocess.Popen([hiptimer_exe(), "--routine", "level-1", "--start", "--time-scale", "30",
                             "--quit-when-done"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (log_file.exists() and "Recorded part" in log_file.read_text()):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        (home / "data" / "history.sqlite3").unlink()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out = subprocess.run([hiptimer_exe(), "history", "--format", "json"], env=env,
                         capture_output=True, text=True, timeout=60)
    (session,) = json.loads(out.stdout)["sessions"]
    assert session["status"] == "completed" and len(session["parts"]) == 3
    assert "deleted or replaced" in log_file.read_text()
