"""A JSON export (see :mod:`.export`) read, checked and merged back into a history.

The file is read and checked whole (types, finite numbers, ranges, lengths,
encodings, depth: the limits are in :mod:`.intake`) before anything is
written; this module names the first bad field, in :class:`ImportFormatError`.
What passes is merged by :mod:`.merging`, by ``uid`` and in one transaction:
anything already there is skipped, so importing the same file twice adds
nothing the second time, and a bad file changes nothing.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO, TypeVar

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.core.text import strip_bidi
from hiptimer.storage import intake, merging, plans
from hiptimer.storage.export import FORMAT_NAME, FORMAT_VERSION
from hiptimer.storage.intake import Json
from hiptimer.storage.records import MeasurementRecord, PartRecord, SessionRecord, SessionStatus
from hiptimer.storage.rows import check_time_scale, from_iso
from hiptimer.storage.store import HistoryStore

log = logging.getLogger(__name__)

E = TypeVar("E", bound=enum.Enum)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _phrase(sessions: int, measurements: int) -> str:
    """"1 session and 2 measurements"; only the kinds that are there."""
    kinds = [_plural(sessions, "session")] if sessions else []
    kinds += [_plural(measurements, "measurement")] if measurements else []
    return " and ".join(kinds)


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

    def describe(self) -> str:
        """What the import did, as a phrase to put in a sentence ("3 sessions added,
        2 already there"): lower case, no full stop."""
        added = _phrase(self.sessions_added, self.measurements_added)
        there = _phrase(self.sessions_skipped, self.measurements_skipped)
        if not added and not there:
            return "nothing to import: the file holds no sessions or measurements"
        if not there:
            return f"{added} added"
        if not added:
            return f"nothing new: {there} already there"
        # One kind on both sides reads best without repeating the noun.
        only_sessions = not (self.measurements_added or self.measurements_skipped)
        only_measurements = not (self.sessions_added or self.sessions_skipped)
        if only_sessions or only_measurements:
            return f"{added} added, {self.skipped} already there"
        return f"{added} added; {there} already there"

    def __str__(self) -> str:
        return self.describe()


class ImportFormatError(ValueError):
    """The file is not a hiptimer history export; the message says where and why."""


def import_file(store: HistoryStore, path: str | Path) -> ImportResult:
    """As :func:`import_json`, reading ``path`` within the limits of :mod:`.intake`
    (a regular file, not over the file limit, UTF-8)."""
    try:
        data = intake.read_file(path)
    except intake.IntakeError as exc:
        raise ImportFormatError(str(exc)) from None
    return _import(store, data)


def import_json(store: HistoryStore, stream: TextIO) -> ImportResult:
    """Merge a JSON export into ``store``; entries already present (same uid) are skipped.

    Raises :class:`ImportFormatError` naming the first bad entry; then nothing
    is imported. Store failures raise :class:`~hiptimer.storage.errors.HistoryError`.
    """
    try:
        text = stream.read(intake.MAX_FILE_BYTES + 1)
    except UnicodeError as exc:
        raise ImportFormatError(f"not UTF-8 text: {exc}") from None
    return _import(store, text)


def _import(store: HistoryStore, data: bytes | str) -> ImportResult:
    try:
        doc = intake.parse(data)
    except intake.IntakeError as exc:
        raise ImportFormatError(str(exc)) from None
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
        for i, item in enumerate(_list(doc, "sessions", intake.MAX_SESSIONS))
    ]
    measurements = [
        _parse_measurement(item, f"measurements[{i}]")
        for i, item in enumerate(_list(doc, "measurements", intake.MAX_MEASUREMENTS))
    ]
    try:
        practice = plans.parse_practice(doc.get("practice"))
    except ValueError as exc:
        raise ImportFormatError(str(exc)) from None
    try:
        s_added, s_skipped, m_added, m_skipped = merging.merge_all(store, sessions, measurements, practice)
    except (ValueError, OverflowError, UnicodeError) as exc:
        # The checks above should have caught it; the transaction was rolled back.
        raise ImportFormatError(f"a record could not be stored ({exc}); nothing was imported") from None
    result = ImportResult(s_added, s_skipped, m_added, m_skipped)
    log.info("imported history: %s", result)
    return result


# --------------------------------------------------------------------------
# Reading the file


def _list(doc: Mapping[str, Json], key: str, limit: int) -> list[Json]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise ImportFormatError(f"{key}: expected a list")
    if len(value) > limit:
        raise ImportFormatError(
            f"{key}: expected at most {limit} entries (the {key} limit), got {len(value)}"
        )
    return value


class _Reader:
    """Typed field access that names the field in every error."""

    def __init__(self, item: Json, where: str) -> None:
        if not isinstance(item, dict):
            raise ImportFormatError(f"{where}: expected an object")
        self.item: dict[str, Json] = item
        self.where = where

    def fail(self, key: str, expected: str) -> ImportFormatError:
        got = self.item.get(key)
        shown = f"{len(got)} characters" if isinstance(got, str) and len(got) > 60 else repr(got)
        return ImportFormatError(f"{self.where}.{key}: expected {expected}, got {shown}")

    def text(self, key: str, *, required: bool = True, limit: int = intake.MAX_NAME,
             what: str = "name") -> str:
        value = self.item.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value):
            raise self.fail(key, "text")
        if len(value) > limit:
            raise self.fail(key, f"at most {limit} characters (the {what} limit)")
        if intake.clean_text(value) is None:
            raise self.fail(key, "text without NUL or unpaired surrogate characters")
        return strip_bidi(value)  # direction overrides would reorder the words shown

    def integer(self, key: str, *, optional: bool = False, low: int = 0,
                high: int = intake.MAX_COUNT) -> int | None:
        value = self.item.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"a whole number from {low} to {high}"
                            + (" or null" if optional else ""))
        return value

    def number(self, key: str) -> float:
        value = self.item.get(key, 0)
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not 0 <= value <= intake.MAX_SECONDS):
            raise self.fail(key, f"a number of seconds from 0 to {intake.MAX_SECONDS} "
                            "(the seconds limit)")
        return float(value)

    def scale(self, key: str) -> float:
        value = self.item.get(key, 1)  # exports before time_scale existed: real time
        try:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError
            if value > intake.MAX_TIME_SCALE:
                raise ValueError
            return check_time_scale(value)
        except (ValueError, OverflowError):
            raise self.fail(key, f"a positive number up to {intake.MAX_TIME_SCALE:g}") from None

    def moment(self, key: str, *, optional: bool = False) -> datetime | None:
        value = self.item.get(key)
        if value is None and optional:
            return None
        try:
            parsed = (datetime.fromisoformat(value)
                      if isinstance(value, str) and len(value) <= 40 else None)
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None or parsed.utcoffset() is None:
            raise self.fail(key, "an ISO-8601 time with a zone")
        if not intake.in_range(parsed):
            raise self.fail(key, f"a time from {intake.EARLIEST.year} to {intake.LATEST.year - 1}")
        return from_iso(value)

    def choice(self, key: str, kind: type[E]) -> E:
        try:
            return kind(self.item.get(key))
        except ValueError:
            allowed = ", ".join(str(m.value) for m in kind)
            raise self.fail(key, f"one of {allowed}") from None


def _parse_session(
    store: HistoryStore, item: Json, where: str
) -> tuple[SessionRecord, list[PartRecord]]:
    r = _Reader(item, where)
    started = r.moment("started_at")
    assert started is not None
    local = r.item.get("local_date")
    try:
        local_date = (date.fromisoformat(local)
                      if isinstance(local, str) and len(local) <= 10 else None)
    except ValueError:
        local_date = None
    if local_date is not None and not intake.EARLIEST.year <= local_date.year < intake.LATEST.year:
        local_date = None
    rating = r.integer("rating", optional=True, high=10)
    planned = r.integer("planned_parts")
    assert planned is not None
    raw_parts = r.item.get("parts", [])
    if not isinstance(raw_parts, list):
        raise r.fail("parts", "a list")
    if len(raw_parts) > intake.MAX_PARTS:
        raise ImportFormatError(f"{where}.parts: expected at most {intake.MAX_PARTS} entries "
                                f"(the parts limit), got {len(raw_parts)}")
    record = SessionRecord(
        id=0,
        uid=r.text("uid"),
        routine_id=r.text("routine_id"),
        routine_title=r.text("routine_title", required=False),
        level=r.integer("level", optional=True, high=intake.MAX_LEVEL),
        started_at=started,
        local_date=local_date or store.local_date(started),
        ended_at=r.moment("ended_at", optional=True),
        status=r.choice("status", SessionStatus),
        active_seconds=r.number("active_seconds"),
        planned_parts=planned,
        parts_done=0,
        parts_skipped=0,
        rating=rating,
        note=r.text("note", required=False, limit=intake.MAX_NOTE, what="note"),
        time_scale=r.scale("time_scale"),
    )
    return record, [_parse_part(p, f"{where}.parts[{i}]") for i, p in enumerate(raw_parts)]


def _parse_part(item: Json, where: str) -> PartRecord:
    r = _Reader(item, where)
    index = r.integer("exercise_index")
    assert index is not None
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


def _parse_measurement(item: Json, where: str) -> MeasurementRecord:
    r = _Reader(item, where)
    taken = r.moment("taken_at")
    assert taken is not None
    degrees: dict[str, int | None] = {}
    for key in ("left_deg", "right_deg"):
        degrees[key] = r.integer(key, optional=True, low=-180, high=180)
    return MeasurementRecord(
        id=0,
        uid=r.text("uid"),
        test_id=r.text("test_id"),
        taken_at=taken,
        left_deg=degrees["left_deg"],
        right_deg=degrees["right_deg"],
        note=r.text("note", required=False, limit=intake.MAX_NOTE, what="note"),
    )
