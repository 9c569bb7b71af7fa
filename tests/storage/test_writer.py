"""The writer the player uses: a read-only file or a full disk queues writes, never raises.

Tests run as root here, and root ignores file permissions, so chmod alone
proves nothing. Read-only and full-disk cases are therefore made three
honest ways: SQLite's own ``mode=ro`` and ``max_page_count`` limits (always),
and, where mounting is allowed (root), a tiny real tmpfs that is remounted
read-only or filled up. As a normal user the chmod case runs instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from hiptimer.core.model import Side
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage.records import SessionStatus
from hiptimer.storage.schema import connect_file
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter


def _session(at, **changes) -> SessionWrite:
    """A one-part session of routine "r" on 1 May, with ``changes``."""
    fields = dict(routine_id="r", routine_title="R", started_at=at("2024-05-01"), planned_parts=1)
    return SessionWrite(**{**fields, **changes})


# -- read-only and full, made by SQLite's own limits ------------------------------------


class FlakyConnector:
    """Read-only connections until ``writable`` is set: a file whose permission is fixed."""

    def __init__(self, path):
        self.path = path
        self.writable = False
        self.calls = 0

    def __call__(self) -> sqlite3.Connection:
        self.calls += 1
        return connect_file(self.path, read_only=not self.writable)


def test_writer_queues_while_read_only_and_catches_up(db_path, zone, at):
    """The writer keeps the session going, queues in order, and writes it all once writable."""
    HistoryStore.open(db_path, local_tz=zone).store.close()
    connector = FlakyConnector(db_path)
    store = HistoryStore.open(db_path, local_tz=zone, connector=connector).store
    writer = HistoryWriter(store)

    handle = writer.start_session(
        SessionWrite(
            routine_id="level-1",
            routine_title="Level 1",
            level=1,
            started_at=at("2024-05-01"),
            planned_parts=2,
        )
    )
    assert handle < 0 and writer.session_id(handle) is None
    part = PartWrite(0, "a", side=Side.LEFT, ended_at=at("2024-05-01", "09:01"))
    assert writer.record_part(handle, part) is False
    writer.finish_session(
        handle, status="completed", ended_at=at("2024-05-01", "09:05"), active_seconds=60
    )
    assert writer.pending == 3
    assert "read-only" in writer.last_error and "3 waiting" in writer.last_error
    assert writer.retry() is False  # still read-only: nothing raised, nothing lost

    connector.writable = True
    assert writer.retry() is True
    assert writer.pending == 0 and writer.last_error == ""
    sid = writer.session_id(handle)
    assert sid is not None and sid > 0
    session = store.session(sid)
    assert session.status is SessionStatus.COMPLETED and session.parts_done == 1


def test_writer_retries_on_the_next_call(db_path, zone, at):
    """Without retry(), the next write call first flushes the queue, in order."""
    HistoryStore.open(db_path, local_tz=zone).store.close()
    connector = FlakyConnector(db_path)
    writer = HistoryWriter(HistoryStore.open(db_path, local_tz=zone, connector=connector).store)
    handle = writer.start_session(_session(at, planned_parts=2))
    connector.writable = True
    assert writer.record_part(handle, PartWrite(0, "a", ended_at=at("2024-05-01", "09:01")))
    assert writer.pending == 0
    assert len(writer.parts(handle)) == 1


def test_writer_returns_real_ids_when_all_is_well(store, at):
    """With a healthy store the handle is the session's real id."""
    writer = HistoryWriter(store)
    sid = writer.start_session(_session(at))
    assert sid > 0 and store.session(sid) is not None
    mid = writer.add_measurement(MeasurementWrite("prone-ir", at("2024-05-01"), 30, 40))
    assert mid > 0 and len(writer.measurements("prone-ir")) == 1


def test_writer_drops_a_call_that_can_never_succeed(store, at):
    """A bad value is logged and dropped, not retried forever, and never raised."""
    writer = HistoryWriter(store)
    sid = writer.start_session(_session(at))
    assert writer.rate_session(sid, rating=42) is True  # handled: dropped
    assert writer.pending == 0 and "rating" in writer.last_error
    assert writer.rate_session(sid, rating=4) is True
    assert store.session(sid).rating == 4 and writer.last_error == ""


# -- full disk -----------------------------------------------------------------------


def test_full_database_is_reported_and_retried(db_path, zone, at):
    """A database at its page limit fails with 'full'; the writer keeps the write until room."""
    raw: list[sqlite3.Connection] = []

    def connector() -> sqlite3.Connection:
        raw.append(connect_file(db_path))
        return raw[-1]

    store = HistoryStore.open(db_path, local_tz=zone, connector=connector).store
    conn = raw[-1]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    writer = HistoryWriter(store)
    handle = writer.start_session(_session(at, routine_title="R" * 20000))  # needs new pages
    assert handle < 0 and writer.pending == 1
    assert "full" in writer.last_error
    conn.execute("PRAGMA max_page_count = 1000000")  # space freed
    assert writer.retry()
    assert store.session(writer.session_id(handle)).routine_title.startswith("RRR")


# -- real file systems (root: tmpfs mounts; otherwise chmod) -------------------------------


def _mount(*args: str) -> bool:
    if shutil.which("mount") is None:
        return False
    proc = subprocess.run(["mount", *args], capture_output=True)
    return proc.returncode == 0


@pytest.fixture
def tiny_fs(tmp_path):
    """A 256 KiB tmpfs, or skip where mounting is not allowed."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", str(mnt)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_real_full_disk(tiny_fs, zone, at):
    """On a truly full file system writes queue with 'disk is full' and land once space is freed."""
    path = tiny_fs / "history.sqlite3"
    store = HistoryStore.open(path, local_tz=zone).store
    writer = HistoryWriter(store)
    filler = tiny_fs / "filler"
    with contextlib.suppress(OSError), open(filler, "wb") as f:
        while True:
            f.write(b"\0" * 4096)
            f.flush()
    handle = writer.start_session(_session(at, routine_title="R" * 30000))
    assert writer.pending == 1, "the write should not fit"
    assert "full" in writer.last_error or "could not be written" in writer.last_error
    filler.unlink()
    assert writer.retry(), writer.last_error
    assert store.session(writer.session_id(handle)) is not None
    assert store.integrity_check() == []
    store.close()


def test_real_read_only_file_system(tiny_fs, zone, at, add_session):
    """A history on a file system remounted read-only opens read-only with a notice,
    shows past sessions, queues new ones, and writes them when it is writable again."""
    path = tiny_fs / "history.sqlite3"
    store = HistoryStore.open(path, local_tz=zone).store
    add_session(store, "2024-04-30")
    store.close()
    assert _mount("-o", "remount,ro", str(tiny_fs))
    result = HistoryStore.open(path, local_tz=zone)
    assert result.notice and "read-only" in result.notice, result.notice
    assert result.store.count_sessions() == 1  # past history still shows
    writer = HistoryWriter(result.store)
    handle = writer.start_session(_session(at))
    assert writer.pending == 1 and "read-only" in writer.last_error
    # Writable again, with room for the database's write-ahead log and the journal.
    assert _mount("-o", "remount,rw,size=4m", str(tiny_fs))
    assert writer.retry(), writer.last_error
    assert result.store.session(writer.session_id(handle)) is not None
    assert result.store.count_sessions() == 2
    result.store.close()


_CHMOD_CHILD = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from hiptimer.core.record import SessionWrite
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter
folder = Path(sys.argv[1]) / "ro"
path = folder / "history.sqlite3"
at = datetime(2024, 5, 1, 18, tzinfo=timezone.utc)
store = HistoryStore.open(path).store
store.start_session(SessionWrite(routine_id="r", routine_title="R", started_at=at, planned_parts=1))
store.close()
path.chmod(0o444)
folder.chmod(0o555)
result = HistoryStore.open(path)
assert result.notice, "no notice for a read-only history"
assert result.store.count_sessions() == 1
writer = HistoryWriter(result.store)
writer.start_session(SessionWrite(routine_id="r", routine_title="R", started_at=at, planned_parts=1))
assert writer.pending == 1 and writer.last_error, (writer.pending, writer.last_error)
print("ok", result.notice)
"""


def test_chmod_read_only_as_a_normal_user():
    """As a normal user, a read-only file and folder give the read-only notice and queue writes.

    Root ignores permissions, so under root the check runs in a child without the
    capabilities that let root write to read-only files.
    """
    import sys
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="hiptimer-ro-"))
    command = [sys.executable, "-c", _CHMOD_CHILD, str(work)]
    if os.geteuid() == 0:
        # Root overrides file permissions through two capabilities; drop them.
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to run this check as root"
        command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *command]
    env = {**os.environ, "HOME": str(work), "HIPTIMER_HOME": str(work / "home")}
    try:
        proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=str(work),
                              timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("ok") and "read-only" in proc.stdout
    finally:
        subprocess.run(["chmod", "-R", "u+rwx", str(work)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


def test_queued_write_keeps_no_reference_to_the_caller(db_path, zone, at):
    """A failed write leaves no exception cycle that keeps the caller's objects alive
    (in the app, a widget freed mid-paint by the cyclic collector crashes Qt)."""
    import gc
    import weakref

    HistoryStore.open(db_path, local_tz=zone).store.close()
    store = HistoryStore.open(
        db_path, local_tz=zone, connector=lambda: connect_file(db_path, read_only=True)
    ).store
    writer = HistoryWriter(store)

    class Caller:
        def start(self):
            return writer.start_session(_session(at))

    gc.collect()
    gc.disable()
    try:
        caller = Caller()
        ref = weakref.ref(caller)
        assert caller.start() < 0
        del caller
        assert ref() is None, "the caller is kept alive by a reference cycle"
    finally:
        gc.enable()
