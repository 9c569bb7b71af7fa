"""Merging a JSON export back in: by uid, all or nothing, with a result in words."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import UTC, datetime

import pytest

from hiptimer.core.record import SessionWrite
from hiptimer.storage.export import export_json
from hiptimer.storage.importer import ImportFormatError, ImportResult, import_json
from hiptimer.storage.merging import merge_sessions
from hiptimer.storage.records import SessionStatus
from hiptimer.storage.store import HistoryStore


def _json(store) -> str:
    out = io.StringIO()
    export_json(store, out, now=datetime(2024, 6, 1, tzinfo=UTC))
    return out.getvalue()


def test_json_round_trip_into_an_empty_store(filled, zone):
    """Importing an export into an empty history reproduces it."""
    text = _json(filled)
    other = HistoryStore.open(":memory:", local_tz=zone).store
    result = import_json(other, io.StringIO(text))
    assert (result.sessions_added, result.measurements_added) == (3, 2)
    assert result.skipped == 0

    def key(store):
        sessions = [
            (s.uid, s.routine_id, s.started_at, s.local_date, s.status, s.rating, s.note,
             s.parts_done, tuple((p.exercise_index, p.side, p.status, p.ended_at)
                                 for p in store.parts(s.id)))
            for s in store.sessions(limit=100)
        ]  # fmt: skip
        return sessions, [(m.uid, m.left_deg, m.right_deg, m.note) for m in store.measurements()]

    mine, theirs = key(filled), key(other)
    # The running session arrives as interrupted: nothing here will finish it.
    fixed = [
        s[:4] + ((SessionStatus.INTERRUPTED,) if s[4] is SessionStatus.RUNNING else (s[4],)) + s[5:]
        for s in mine[0]
    ]
    assert theirs == (fixed, mine[1])


def test_importing_twice_adds_nothing_the_second_time(filled, zone):
    """Merging is by uid: a second import of the same file skips everything."""
    text = _json(filled)
    other = HistoryStore.open(":memory:", local_tz=zone).store
    import_json(other, io.StringIO(text))
    again = import_json(other, io.StringIO(text))
    assert again.added == 0 and again.skipped == 5
    assert other.count_sessions() == 3


def test_import_into_the_same_store_adds_nothing(filled):
    """Importing a history's own export changes nothing."""
    result = import_json(filled, io.StringIO(_json(filled)))
    assert result.added == 0 and filled.count_sessions() == 3


def test_import_merges_new_entries_only(filled, zone, at, add_session):
    """Two histories exported and merged hold the union, each entry once."""
    other = HistoryStore.open(":memory:", local_tz=zone).store
    add_session(other, "2024-04-01")
    import_json(other, io.StringIO(_json(filled)))
    result = import_json(filled, io.StringIO(_json(other)))
    assert result.sessions_added == 1 and result.sessions_skipped == 3
    assert filled.count_sessions() == other.count_sessions() == 4


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ("not json", "not JSON"),
        ('{"format": "other"}', "not a hiptimer history export"),
        ('{"format": "hiptimer-history", "version": 99}', "version 99"),
        (
            '{"format": "hiptimer-history", "version": 1, "sessions": [{"uid": "a"}]}',
            "sessions[0].started_at",
        ),
        (
            '{"format": "hiptimer-history", "version": 1, "measurements": ['
            '{"uid": "m", "test_id": "t", "taken_at": "2024-05-01T09:00:00+00:00",'
            ' "left_deg": 500, "right_deg": 1}]}',
            "measurements[0].left_deg",
        ),
    ],
)
def test_bad_import_names_the_problem_and_changes_nothing(store, doc, message):
    """A bad file raises ImportFormatError naming the field; nothing is imported."""
    with pytest.raises(ImportFormatError, match=message.replace("[", r"\[")):
        import_json(store, io.StringIO(doc))
    assert store.count_sessions() == 0 and store.measurements() == []


def test_duplicate_part_in_a_file_is_kept_once(store):
    """A part listed twice for the same exercise and side is imported once."""
    part = {
        "exercise_index": 0, "exercise_id": "e", "side": "left", "status": "done",
        "active_seconds": 1, "ended_at": "2024-05-01T09:01:00+00:00",
    }  # fmt: skip
    session = {
        "uid": "s1", "routine_id": "r", "started_at": "2024-05-01T09:00:00+00:00",
        "status": "completed", "planned_parts": 1, "active_seconds": 1, "parts": [part, part],
    }  # fmt: skip
    doc = {"format": "hiptimer-history", "version": 1, "sessions": [session]}
    import_json(store, io.StringIO(json.dumps(doc)))
    assert len(store.parts(store.sessions()[0].id)) == 1


def test_merge_is_all_or_nothing(filled, zone):
    """If one entry is refused mid-merge, none of the batch is kept."""
    items = list(filled.iter_sessions())
    broken = dataclasses.replace(items[1][0], rating=11)
    other = HistoryStore.open(":memory:", local_tz=zone).store
    with pytest.raises(ValueError):
        merge_sessions(other, [items[0], (broken, items[1][1])])
    assert other.count_sessions() == 0


def test_time_scale_survives_the_round_trip(store, zone, at):
    """A time-scaled session keeps its time_scale through export and import."""
    store.start_session(
        SessionWrite(
            routine_id="r",
            routine_title="R",
            started_at=at("2024-05-01"),
            planned_parts=1,
            time_scale=40.0,
        )
    )
    other = HistoryStore.open(":memory:", local_tz=zone).store
    import_json(other, io.StringIO(_json(store)))
    assert [s.time_scale for s, _ in other.iter_sessions()] == [40.0]


def test_an_export_without_time_scale_imports_as_real_time(store):
    """Files exported before time_scale existed import as real-time sessions."""
    session = {
        "uid": "s1", "routine_id": "r", "started_at": "2024-05-01T09:00:00+00:00",
        "status": "completed", "planned_parts": 1, "active_seconds": 1,
    }  # fmt: skip
    doc = {"format": "hiptimer-history", "version": 1, "sessions": [session]}
    import_json(store, io.StringIO(json.dumps(doc)))
    assert [s.time_scale for s, _ in store.iter_sessions()] == [1.0]


@pytest.mark.parametrize("scale", [0, -2, "fast", True])
def test_a_bad_time_scale_is_refused(store, scale):
    """time_scale must be a positive number; the error names the field."""
    session = {
        "uid": "s1", "routine_id": "r", "started_at": "2024-05-01T09:00:00+00:00",
        "status": "completed", "planned_parts": 1, "time_scale": scale,
    }  # fmt: skip
    doc = {"format": "hiptimer-history", "version": 1, "sessions": [session]}
    with pytest.raises(ImportFormatError, match=r"sessions\[0\]\.time_scale"):
        import_json(store, io.StringIO(json.dumps(doc)))


def test_never_started_sessions_import_as_such(store, add_session, zone):
    """A session that never began arrives never_started."""
    sid = add_session(store, "2024-05-01", status="running", done=0)
    store.abandon_session(sid)
    other = HistoryStore.open(":memory:", local_tz=zone).store
    import_json(other, io.StringIO(_json(store)))
    assert [s.status for s, _ in other.iter_sessions()] == [SessionStatus.NEVER_STARTED]


def test_an_empty_running_session_imports_as_never_started(store):
    """A running session from elsewhere with nothing recorded arrives never_started, not interrupted."""
    session = {
        "uid": "s1", "routine_id": "r", "started_at": "2024-05-01T09:00:00+00:00",
        "status": "running", "planned_parts": 2, "active_seconds": 0, "parts": [],
    }  # fmt: skip
    doc = {"format": "hiptimer-history", "version": 1, "sessions": [session]}
    import_json(store, io.StringIO(json.dumps(doc)))
    assert [s.status for s, _ in store.iter_sessions()] == [SessionStatus.NEVER_STARTED]


# -- the result in words


@pytest.mark.parametrize(
    ("result", "text"),
    [
        (ImportResult(1, 0, 2, 0), "1 session and 2 measurements added"),
        (ImportResult(3, 2, 0, 0), "3 sessions added, 2 already there"),
        (ImportResult(0, 0, 1, 1), "1 measurement added, 1 already there"),
        (ImportResult(1, 0, 0, 1), "1 session added; 1 measurement already there"),
        (
            ImportResult(2, 1, 1, 3),
            "2 sessions and 1 measurement added; 1 session and 3 measurements already there",
        ),
        (ImportResult(0, 3, 0, 2), "nothing new: 3 sessions and 2 measurements already there"),
        (ImportResult(0, 1, 0, 0), "nothing new: 1 session already there"),
        (ImportResult(), "nothing to import: the file holds no sessions or measurements"),
    ],
)
def test_describe_says_what_happened_in_words(result, text):
    """describe() counts with the right singular or plural and no Python repr."""
    assert result.describe() == text


def test_str_is_the_description():
    """str() of a result is its description, so a message box shows words."""
    assert str(ImportResult(1, 0, 0, 0)) == "1 session added"
