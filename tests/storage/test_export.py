"""CSV and JSON export, formula neutralising, and merging a JSON export back in."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import UTC, datetime

import pytest

from hiptimer.storage.export import (
    CSV_COLUMNS,
    ImportFormatError,
    export_csv,
    export_json,
    import_json,
    neutralise,
)
from hiptimer.storage.history import HistoryStore, SessionStatus


@pytest.fixture
def filled(store, at, add_session):
    """Two sessions (one with a hostile note), a running one, and two measurements."""
    sid = add_session(store, "2024-05-01", done=2, planned=3)
    store.rate_session(sid, rating=8, note='=HYPERLINK("http://x")')
    add_session(store, "2024-05-02", routine_id="level-2", status="ended_early", done=1)
    add_session(store, "2024-05-03", status="running", done=1)
    store.add_measurement(
        test_id="prone-ir", taken_at=at("2024-05-01"), left_deg=-5, right_deg=40, note="-cold"
    )
    store.add_measurement(
        test_id="seated-ir", taken_at=at("2024-05-02"), left_deg=None, right_deg=35
    )
    return store


def _csv(store) -> list[dict[str, str]]:
    out = io.StringIO()
    export_csv(store, out)
    out.seek(0)
    return list(csv.DictReader(out))


def test_csv_has_every_record(filled):
    """One row per session, per part and per measurement, parts right after their session."""
    rows = _csv(filled)
    assert [r["record"] for r in rows] == [
        "session", "part", "part",
        "session", "part",
        "session", "part",
        "measurement", "measurement",
    ]  # fmt: skip
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[1]["session_uid"] == rows[0]["uid"]


def test_csv_neutralises_formulas(filled):
    """Text that a spreadsheet would run as a formula gets a leading quote."""
    rows = _csv(filled)
    assert rows[0]["note"] == '\'=HYPERLINK("http://x")'
    measurement = next(r for r in rows if r["record"] == "measurement")
    assert measurement["note"] == "'-cold"


def test_csv_keeps_negative_degrees_as_numbers(filled):
    """A negative angle is a number, written plainly: -5, not '-5."""
    measurement = next(r for r in _csv(filled) if r["record"] == "measurement")
    assert measurement["left_deg"] == "-5"
    assert measurement["right_deg"] == "40"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_dangerous_starts(text):
    """Cells starting with = + - @ tab or CR are prefixed with a single quote."""
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", "", "2024-05-01", -5, 3.5, None])
def test_neutralise_leaves_the_rest(value):
    """Ordinary text, numbers (even negative) and empty cells pass unchanged."""
    assert neutralise(value) == value


def _json(store) -> str:
    out = io.StringIO()
    export_json(store, out, now=datetime(2024, 6, 1, tzinfo=UTC))
    return out.getvalue()


def test_json_is_valid_and_complete(filled):
    """The JSON export parses and holds every session, part and measurement."""
    doc = json.loads(_json(filled))
    assert doc["format"] == "hiptimer-history" and doc["version"] == 1
    assert [len(s["parts"]) for s in doc["sessions"]] == [2, 1, 1]
    assert len(doc["measurements"]) == 2


def test_empty_history_exports_valid_json():
    """An empty history is still a valid, importable document."""
    store = HistoryStore.open(":memory:").store
    doc = json.loads(_json(store))
    assert doc["sessions"] == [] and doc["measurements"] == []


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
        other.merge_sessions([items[0], (broken, items[1][1])])
    assert other.count_sessions() == 0
