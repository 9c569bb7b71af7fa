"""History and measurements out to CSV and JSON (the way back in is :mod:`.importer`).

* CSV is one table for spreadsheets: the ``record`` column says whether a
  row is a ``session``, one of its ``part`` rows (exercise x side, right
  after its session) or a ``measurement``. Text cells that a spreadsheet
  would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return) get a leading single quote; numbers are written as
  numbers, so a negative angle stays ``-5``.
* JSON keeps everything, nested: sessions with their parts, measurements,
  and the practice (plan versions, pain check-ins, progression decisions).

Every session row is exported, with its ``status`` as stored: a session that
never began says ``never_started``; ``time_scale`` above 1 marks one played
faster than real time (its times are real, its active seconds are not).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TextIO

from hiptimer.storage import plans
from hiptimer.storage.records import MeasurementRecord, PartRecord, SessionRecord
from hiptimer.storage.rows import to_iso
from hiptimer.storage.store import HistoryStore

FORMAT_NAME = "hiptimer-history"
FORMAT_VERSION = 1

CSV_COLUMNS = (
    "record",
    "uid",
    "session_uid",
    "routine_id",
    "routine_title",
    "level",
    "started_at",
    "ended_at",
    "status",
    "active_seconds",
    "planned_parts",
    "parts_done",
    "rating",
    "exercise_index",
    "exercise_id",
    "exercise_name",
    "side",
    "dose",
    "test_id",
    "taken_at",
    "left_deg",
    "right_deg",
    "note",
    "time_scale",  # added later: last, so older spreadsheets keep their columns
    "pain",  # the after-session check-in (none, mild, sharp), added with the practice
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """Defuse a text cell a spreadsheet would treat as a formula; leave numbers alone."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


# --------------------------------------------------------------------------
# CSV


def export_csv(store: HistoryStore, stream: TextIO) -> int:
    """Write every session, part and measurement to ``stream``; return the row count."""
    # "\r\n" (RFC 4180) also makes the writer quote any cell holding a lone
    # carriage return; with "\n" such a cell went out unquoted, and a reader
    # split it, so "fine\r=cmd" became a new cell starting with "=".
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    rows = 0
    for row in _csv_rows(store):
        writer.writerow({k: neutralise(v) for k, v in row.items()})
        rows += 1
    return rows


def _csv_rows(store: HistoryStore) -> Iterator[dict[str, object]]:
    pains = plans.pain_by_uid(store)
    for session, parts in store.iter_sessions():
        yield {
            "record": "session",
            "uid": session.uid,
            "routine_id": session.routine_id,
            "routine_title": session.routine_title,
            "level": session.level,
            "started_at": to_iso(session.started_at),
            "ended_at": to_iso(session.ended_at) if session.ended_at else None,
            "status": session.status.value,
            "active_seconds": round(session.active_seconds, 1),
            "planned_parts": session.planned_parts,
            "parts_done": session.parts_done,
            "rating": session.rating,
            "note": session.note,
            "time_scale": session.time_scale,
            "pain": pains.get(session.uid),
        }
        for part in parts:
            yield {
                "record": "part",
                "session_uid": session.uid,
                "ended_at": to_iso(part.ended_at),
                "status": part.status.value,
                "active_seconds": round(part.active_seconds, 1),
                "exercise_index": part.exercise_index,
                "exercise_id": part.exercise_id,
                "exercise_name": part.exercise_name,
                "side": part.side.value,
                "dose": part.dose,
            }
    for m in store.measurements():
        yield {
            "record": "measurement",
            "uid": m.uid,
            "test_id": m.test_id,
            "taken_at": to_iso(m.taken_at),
            "left_deg": m.left_deg,
            "right_deg": m.right_deg,
            "note": m.note,
        }


# --------------------------------------------------------------------------
# JSON


def export_json(store: HistoryStore, stream: TextIO, *, now: datetime | None = None) -> int:
    """Write the whole history as one JSON document, streamed; return the session count."""
    exported = to_iso(now or datetime.now(UTC))
    stream.write("{\n")
    stream.write(f'  "format": {json.dumps(FORMAT_NAME)},\n')
    stream.write(f'  "version": {FORMAT_VERSION},\n')
    stream.write(f'  "exported_at": {json.dumps(exported)},\n')
    stream.write('  "sessions": [')
    count = 0
    for session, parts in store.iter_sessions():
        stream.write(",\n    " if count else "\n    ")
        stream.write(json.dumps(_session_json(session, parts), ensure_ascii=False))
        count += 1
    stream.write("\n  ],\n" if count else "],\n")
    stream.write('  "measurements": [')
    measurements = store.measurements()
    for i, m in enumerate(measurements):
        stream.write(",\n    " if i else "\n    ")
        stream.write(json.dumps(_measurement_json(m), ensure_ascii=False))
    stream.write("\n  ],\n" if measurements else "],\n")
    # The plan versions, pain check-ins and progression decisions (storage.plans).
    stream.write(f'  "practice": {json.dumps(plans.practice_json(store), ensure_ascii=False)}\n}}\n')
    return count


def _session_json(session: SessionRecord, parts: Iterable[PartRecord]) -> dict[str, object]:
    return {
        "uid": session.uid,
        "routine_id": session.routine_id,
        "routine_title": session.routine_title,
        "level": session.level,
        "started_at": to_iso(session.started_at),
        "local_date": session.local_date.isoformat(),
        "ended_at": to_iso(session.ended_at) if session.ended_at else None,
        "status": session.status.value,
        "active_seconds": session.active_seconds,
        "planned_parts": session.planned_parts,
        "rating": session.rating,
        "note": session.note,
        "time_scale": session.time_scale,
        "parts": [
            {
                "exercise_index": p.exercise_index,
                "exercise_id": p.exercise_id,
                "exercise_name": p.exercise_name,
                "side": p.side.value,
                "status": p.status.value,
                "dose": p.dose,
                "active_seconds": p.active_seconds,
                "ended_at": to_iso(p.ended_at),
            }
            for p in parts
        ],
    }


def _measurement_json(m: MeasurementRecord) -> dict[str, object]:
    return {
        "uid": m.uid,
        "test_id": m.test_id,
        "taken_at": to_iso(m.taken_at),
        "left_deg": m.left_deg,
        "right_deg": m.right_deg,
        "note": m.note,
    }
