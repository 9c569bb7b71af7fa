"""Problems 3, 4, 5 and 6: an import is checked whole and lands whole, or not at all."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess

import pytest

from hiptimer.core.record import SessionWrite
from hiptimer.storage import intake
from hiptimer.storage.export import export_csv
from hiptimer.storage.importer import ImportFormatError, import_file, import_json
from hiptimer.storage.store import HistoryStore
from tests.faults.conftest import session_write
from tests.test_end_to_end import app_env, hiptimer_exe


def _session(i: int, **changes) -> dict:
    fields = {"uid": f"s{i}", "routine_id": "level-1", "routine_title": "Level 1",
              "started_at": "2026-05-01T09:00:00+00:00", "status": "completed",
              "planned_parts": 3, "active_seconds": 250.0, "parts": []}
    return {**fields, **changes}


def _doc(sessions=(), measurements=()) -> str:
    return json.dumps({"format": "hiptimer-history", "version": 1,
                       "sessions": list(sessions), "measurements": list(measurements)})


@pytest.fixture
def store(db_path):
    s = HistoryStore.open(db_path).store
    yield s
    s.close()


def test_a_bad_record_after_fifty_good_sessions_adds_none_of_them(store):
    """A record the store cannot encode, after 50 good sessions: refused, nothing added."""
    bad = {"uid": "m1", "test_id": "prone-ir", "taken_at": "2026-05-01T09:00:00+00:00",
           "left_deg": 10, "right_deg": 12, "note": "\ud800"}
    text = _doc([_session(i) for i in range(50)], [bad])
    with pytest.raises(ImportFormatError, match=r"measurements\[0\]\.note"):
        import_json(store, io.StringIO(text))
    assert store.count_sessions() == 0 and store.measurements() == []


HOSTILE = {  # field: the value as it appears in the file
    "1e999 seconds": ("active_seconds", "1e999"),
    "NaN seconds": ("active_seconds", "NaN"),
    "Infinity seconds": ("active_seconds", "Infinity"),
    "-Infinity seconds": ("active_seconds", "-Infinity"),
    "1e400 seconds": ("active_seconds", "1e400"),
    "10^30 seconds": ("active_seconds", "1" + "0" * 30),
    "10^400 planned": ("planned_parts", "1" + "0" * 400),
    "negative seconds": ("active_seconds", "-5"),
    "a week and more": ("active_seconds", str(intake.MAX_SECONDS + 1)),
    "year 1 east of UTC": ("started_at", '"0001-01-01T00:00:00+05:00"'),
    "year 9999 west of UTC": ("started_at", '"9999-12-31T23:59:59-05:00"'),
    "no zone": ("started_at", '"2026-05-01T09:00:00"'),
    "rating 11": ("rating", "11"),
    "level 10^30": ("level", "1" + "0" * 30),
    "note over the limit": ("note", json.dumps("x" * (intake.MAX_NOTE + 1))),
    "title over the limit": ("routine_title", json.dumps("x" * (intake.MAX_NAME + 1))),
    "NUL in a name": ("routine_id", json.dumps("level\x001")),
    "time scale inf": ("time_scale", "1e999"),
}


@pytest.mark.parametrize(("field", "raw"), HOSTILE.values(), ids=HOSTILE.keys())
def test_non_finite_out_of_range_and_oversized_values_are_refused(store, field, raw):
    """Each hostile value is refused with the field named, and nothing is added."""
    session = {k: v for k, v in _session(0).items() if k != field}
    member = f'"{field}": {raw}, '
    text = _doc([session]).replace('{"uid": "s0"', "{" + member + '"uid": "s0"', 1)
    with pytest.raises(ImportFormatError, match=rf"sessions\[0\]\.{field}|finite|digits"):
        import_json(store, io.StringIO(text))
    assert store.count_sessions() == 0


def test_the_limits_are_named_in_the_message(store):
    """A refusal by size says which limit it hit."""
    text = _doc([_session(0, note="x" * (intake.MAX_NOTE + 1))])
    with pytest.raises(ImportFormatError, match="the note limit"):
        import_json(store, io.StringIO(text))


def test_the_largest_note_allowed_goes_in(store):
    """A note right at the limit is accepted."""
    import_json(store, io.StringIO(_doc([_session(0, note="x" * intake.MAX_NOTE)])))
    assert len(store.sessions()[0].note) == intake.MAX_NOTE


def test_a_file_over_the_file_limit_is_refused_unread(store, tmp_path):
    """A file above the file limit is refused by its size."""
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(intake.MAX_FILE_BYTES + 1)  # sparse: no time spent writing it
    with pytest.raises(ImportFormatError, match="file limit"):
        import_file(store, big)


def test_a_cell_with_a_carriage_return_cannot_start_a_formula(store):
    """A note "fine\\r=cmd" comes back from a CSV reader as one cell, not a formula."""
    sid = store.start_session(session_write())
    store.rate_session(sid, rating=None, note="fine\r=cmd|' /C calc'!A0")
    out = io.StringIO(newline="")
    export_csv(store, out)
    cells = [c for row in csv.reader(io.StringIO(out.getvalue(), newline="")) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    assert "fine\r=cmd|' /C calc'!A0" in cells


def _cli_import(tmp_path, path) -> subprocess.CompletedProcess:
    return subprocess.run([hiptimer_exe(), "history", "--import", str(path)],
                          env=app_env(tmp_path), capture_output=True, text=True, timeout=60)


BAD_FILES = {
    "malformed JSON": b'{"format": "hiptimer-history", "version": 1, "sessions": [',
    "a list, not an export": b"[1, 2, 3]",
    "sessions not a list": b'{"format": "hiptimer-history", "version": 1, "sessions": {}}',
    "a session not an object": b'{"format": "hiptimer-history", "version": 1, "sessions": [7]}',
    "UTF-16": _doc([_session(0)]).encode("utf-16"),
    "Latin-1": _doc([_session(0, note="caf\u00e9")]).replace("\\u00e9", "\u00e9").encode("latin-1"),
    "100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "a lone surrogate": _doc([_session(0, note="\ud800")]).encode("utf-8", "surrogatepass"),
    "NaN": _doc([_session(0)]).replace("250.0", "NaN").encode(),
}


@pytest.mark.slow
@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_history_import_never_prints_a_traceback(tmp_path, content):
    """`hiptimer history --import` on a bad file: one line naming the file, exit 1."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    proc = _cli_import(tmp_path, bad)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith(f"hiptimer: {bad}:") and "nothing was imported" in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["folder", "fifo", "missing"])
def test_history_import_of_a_non_file_says_so(tmp_path, kind):
    """A folder, a FIFO or a missing path is refused at once, without a traceback."""
    path = tmp_path / "thing.json"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    proc = _cli_import(tmp_path, path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr


def test_store_writes_refuse_infinity(store):
    """The store itself refuses a non-finite time, whatever the caller."""
    sid = store.start_session(SessionWrite(routine_id="r", routine_title="R",
                                           started_at=session_write().started_at, planned_parts=1))
    with pytest.raises(ValueError, match="finite"):
        store.finish_session(sid, status="completed", ended_at=session_write().started_at,
                             active_seconds=float("inf"))
