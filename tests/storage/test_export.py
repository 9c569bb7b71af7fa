"""CSV and JSON export, and formula neutralising."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from hiptimer.core.record import SessionWrite
from hiptimer.storage.export import CSV_COLUMNS, export_csv, export_json, neutralise
from hiptimer.storage.store import HistoryStore


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


def test_time_scale_is_exported(store, at):
    """A session played faster than real time says so in CSV and JSON."""
    store.start_session(
        SessionWrite(
            routine_id="r",
            routine_title="R",
            started_at=at("2024-05-01"),
            planned_parts=1,
            time_scale=40.0,
        )
    )
    assert _csv(store)[0]["time_scale"] == "40.0"
    assert json.loads(_json(store))["sessions"][0]["time_scale"] == 40.0


def test_never_started_sessions_are_exported_as_such(store, add_session):
    """A session that never began is exported with status never_started."""
    sid = add_session(store, "2024-05-01", status="running", done=0)
    store.abandon_session(sid)
    assert _csv(store)[0]["status"] == "never_started"
    assert json.loads(_json(store))["sessions"][0]["status"] == "never_started"
