"""History and measurements to CSV and JSON, and JSON back in.

* CSV is one table for spreadsheets: the ``record`` column says whether a
  row is a ``session``, one of its ``part`` rows (exercise x side, right
  after its session) or a ``measurement``. Text cells that a spreadsheet
  would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return) get a leading single quote; numbers are written as
  numbers, so a negative angle stays ``-5``.
* JSON keeps everything, nested: sessions with their parts, measurements.
  :func:`import_json` merges such a file, skipping anything whose ``uid`` is
  already there, so importing twice adds nothing the second time. The whole
  import is one transaction per kind: a bad file changes nothing.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TextIO

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.storage.history import (
    HistoryStore,
    MeasurementRecord,
    PartRecord,
    SessionRecord,
    SessionStatus,
    from_iso,
    to_iso,
)

log = logging.getLogger(__name__)

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
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ImportResult:
    sessions_added: int = 0
    sessions_skipped: int = 0
    measurements_added: int = 0
    measurements_skipped: int = 0

    @property
    def added(self) -> int:
        return self.sessions_added + self.measurements_added

    @property
    def skipped(self) -> int:
        return self.sessions_skipped + self.measurements_skipped


class ImportFormatError(ValueError):
    """The file is not a hiptimer history export; the message says where and why."""


def neutralise(cell: object) -> object:
    """Defuse a text cell a spreadsheet would treat as a formula; leave numbers alone."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


# --------------------------------------------------------------------------
# CSV


def export_csv(store: HistoryStore, stream: TextIO) -> int:
    """Write every session, part and measurement to ``stream``; return the row count."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for row in _csv_rows(store):
        writer.writerow({k: neutralise(v) for k, v in row.items()})
        rows += 1
    return rows


def _csv_rows(store: HistoryStore) -> Iterator[dict[str, object]]:
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
    stream.write("\n  ]\n}\n" if measurements else "]\n}\n")
    return count


def _session_json(session: SessionRecord, parts: Iterable[PartRecord]) -> dict[str, Any]:
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


def _measurement_json(m: MeasurementRecord) -> dict[str, Any]:
    return {
        "uid": m.uid,
        "test_id": m.test_id,
        "taken_at": to_iso(m.taken_at),
        "left_deg": m.left_deg,
        "right_deg": m.right_deg,
        "note": m.note,
    }


def import_json(store: HistoryStore, stream: TextIO) -> ImportResult:
    """Merge a JSON export into ``store``; entries already present (same uid) are skipped.

    Raises :class:`ImportFormatError` naming the first bad entry; then nothing
    is imported. Store failures raise :class:`~hiptimer.storage.history.HistoryError`.
    """
    try:
        doc = json.load(stream)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"not JSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ImportFormatError(
            f'not a hiptimer history export (expected "format": "{FORMAT_NAME}")'
        )
    version = doc.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportFormatError(
            f"export version {version!r} is not one this hiptimer reads (up to {FORMAT_VERSION})"
        )
    sessions = [
        _parse_session(store, item, f"sessions[{i}]")
        for i, item in enumerate(_list(doc, "sessions"))
    ]
    measurements = [
        _parse_measurement(item, f"measurements[{i}]")
        for i, item in enumerate(_list(doc, "measurements"))
    ]
    s_added, s_skipped = store.merge_sessions(sessions)
    m_added, m_skipped = store.merge_measurements(measurements)
    result = ImportResult(s_added, s_skipped, m_added, m_skipped)
    log.info("imported history: %s", result)
    return result


def _list(doc: Mapping[str, Any], key: str) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise ImportFormatError(f"{key}: expected a list")
    return value


class _Reader:
    """Typed field access that names the field in every error."""

    def __init__(self, item: Any, where: str) -> None:
        if not isinstance(item, dict):
            raise ImportFormatError(f"{where}: expected an object")
        self.item = item
        self.where = where

    def fail(self, key: str, expected: str) -> ImportFormatError:
        return ImportFormatError(
            f"{self.where}.{key}: expected {expected}, got {self.item.get(key)!r}"
        )

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.item.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value):
            raise self.fail(key, "text")
        return value

    def integer(self, key: str, *, optional: bool = False) -> int | None:
        value = self.item.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "a whole number" + (" or null" if optional else ""))
        return value

    def number(self, key: str) -> float:
        value = self.item.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.fail(key, "a number of seconds (0 or more)")
        return float(value)

    def moment(self, key: str, *, optional: bool = False) -> datetime | None:
        value = self.item.get(key)
        if value is None and optional:
            return None
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise self.fail(key, "an ISO-8601 time with a zone")
        return from_iso(value)

    def choice(self, key: str, kind: type[Any]) -> Any:
        try:
            return kind(self.item.get(key))
        except ValueError:
            allowed = ", ".join(str(m.value) for m in kind)
            raise self.fail(key, f"one of {allowed}") from None


def _parse_session(
    store: HistoryStore, item: Any, where: str
) -> tuple[SessionRecord, list[PartRecord]]:
    r = _Reader(item, where)
    started = r.moment("started_at")
    assert started is not None
    local = item.get("local_date")
    try:
        local_date = date.fromisoformat(local) if isinstance(local, str) else None
    except ValueError:
        local_date = None
    rating = r.integer("rating", optional=True)
    if rating is not None and not 0 <= rating <= 10:
        raise r.fail("rating", "0-10 or null")
    planned = r.integer("planned_parts")
    assert planned is not None
    if planned < 0:
        raise r.fail("planned_parts", "0 or more")
    raw_parts = item.get("parts", [])
    if not isinstance(raw_parts, list):
        raise r.fail("parts", "a list")
    record = SessionRecord(
        id=0,
        uid=r.text("uid"),
        routine_id=r.text("routine_id"),
        routine_title=r.text("routine_title", required=False),
        level=r.integer("level", optional=True),
        started_at=started,
        local_date=local_date or store.local_date(started),
        ended_at=r.moment("ended_at", optional=True),
        status=r.choice("status", SessionStatus),
        active_seconds=r.number("active_seconds"),
        planned_parts=planned,
        parts_done=0,
        parts_skipped=0,
        rating=rating,
        note=r.text("note", required=False),
    )
    return record, [_parse_part(p, f"{where}.parts[{i}]") for i, p in enumerate(raw_parts)]


def _parse_part(item: Any, where: str) -> PartRecord:
    r = _Reader(item, where)
    index = r.integer("exercise_index")
    assert index is not None
    if index < 0:
        raise r.fail("exercise_index", "0 or more")
    ended = r.moment("ended_at")
    assert ended is not None
    return PartRecord(
        session_id=0,
        exercise_index=index,
        exercise_id=r.text("exercise_id"),
        exercise_name=r.text("exercise_name", required=False),
        side=r.choice("side", Side),
        status=r.choice("status", PartStatus),
        dose=r.text("dose", required=False),
        active_seconds=r.number("active_seconds"),
        ended_at=ended,
    )


def _parse_measurement(item: Any, where: str) -> MeasurementRecord:
    r = _Reader(item, where)
    taken = r.moment("taken_at")
    assert taken is not None
    degrees: dict[str, int | None] = {}
    for key in ("left_deg", "right_deg"):
        value = r.integer(key, optional=True)
        if value is not None and not -180 <= value <= 180:
            raise r.fail(key, "-180 to 180 or null")
        degrees[key] = value
    return MeasurementRecord(
        id=0,
        uid=r.text("uid"),
        test_id=r.text("test_id"),
        taken_at=taken,
        left_deg=degrees["left_deg"],
        right_deg=degrees["right_deg"],
        note=r.text("note", required=False),
    )
