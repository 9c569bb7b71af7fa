"""The write-ahead journal: history writes kept on disk until the database has them.

A small file beside the database (``history.sqlite3.pending.jsonl``), one JSON
line per write, appended and synced *before* the database is tried. When the
database has everything, the file is emptied; when it does not (a full disk,
a read-only file, a crash between the two), the next start replays it. Every
write it holds is harmless to repeat: sessions and measurements are keyed by
their ``uid``, and sides, ends, ratings and pain answers by the session's uid.

The journal is locked (``flock``) by the process that uses it, so a second
hiptimer process writes without one rather than replaying a live process's
writes. A torn last line (power cut mid-append) is skipped.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.core.practice import Pain
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage.rows import from_iso

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

SUFFIX = ".pending.jsonl"
MAX_BYTES = 4 * 1024 * 1024  # far above a day of writes; a bigger file is not ours


def journal_path(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


# -- the records ---------------------------------------------------------------------
# One class per writer call; its fields are the call's arguments, named as in
# the journal line's "args" (so the format is the same for every call).


@dataclass(frozen=True)
class StartSession:
    NAME: ClassVar[str] = "start_session"
    session: SessionWrite


@dataclass(frozen=True)
class AddMeasurement:
    NAME: ClassVar[str] = "add_measurement"
    measurement: MeasurementWrite


@dataclass(frozen=True)
class RecordPart:
    NAME: ClassVar[str] = "record_part"
    part: PartWrite


@dataclass(frozen=True)
class FinishSession:
    NAME: ClassVar[str] = "finish_session"
    status: str
    ended_at: datetime
    active_seconds: float


@dataclass(frozen=True)
class RateSession:
    NAME: ClassVar[str] = "rate_session"
    rating: int | None
    note: str = ""


@dataclass(frozen=True)
class ReopenSession:
    NAME: ClassVar[str] = "reopen_session"


@dataclass(frozen=True)
class AbandonSession:
    NAME: ClassVar[str] = "abandon_session"


@dataclass(frozen=True)
class SetPain:
    """The answer to "Did anything hurt?" after the session (None clears it)."""

    NAME: ClassVar[str] = "set_pain"
    pain: Pain | None
    recorded_at: datetime


Call = (StartSession | AddMeasurement | RecordPart | FinishSession | RateSession | ReopenSession
        | AbandonSession | SetPain)
"""One history write as the writer keeps it until the database has it."""


def _plain(value: object) -> object:
    """``value`` as JSON can hold it: times as ISO text, enums as their values."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def encode(uid: str, call: Call) -> str:
    """One journal line for ``call`` on the row ``uid``."""
    return json.dumps({"op": call.NAME, "uid": uid, "args": _plain(call)}, ensure_ascii=True)


def decode(line: str) -> tuple[str, Call]:
    """(uid, call) back from :func:`encode`; ValueError/KeyError/TypeError if it is not one."""
    doc = json.loads(line)
    name, uid, args = doc["op"], doc["uid"], dict(doc["args"])
    if not isinstance(name, str) or not isinstance(uid, str):
        raise ValueError("not a journal record")
    call: Call
    if name == StartSession.NAME:
        s = dict(args["session"])
        s["started_at"] = from_iso(s["started_at"])
        call = StartSession(SessionWrite(**s))
    elif name == AddMeasurement.NAME:
        m = dict(args["measurement"])
        m["taken_at"] = from_iso(m["taken_at"])
        call = AddMeasurement(MeasurementWrite(**m))
    elif name == RecordPart.NAME:
        p = dict(args["part"])
        p["ended_at"] = from_iso(p["ended_at"])
        p["side"] = Side(p["side"])
        p["status"] = PartStatus(p["status"])
        call = RecordPart(PartWrite(**p))
    elif name == FinishSession.NAME:
        args["ended_at"] = from_iso(args["ended_at"])
        call = FinishSession(**args)
    elif name == RateSession.NAME:
        call = RateSession(**args)
    elif name == ReopenSession.NAME:
        call = ReopenSession(**args)
    elif name == AbandonSession.NAME:
        call = AbandonSession(**args)
    elif name == SetPain.NAME:
        pain = args["pain"]
        call = SetPain(None if pain is None else Pain(pain), from_iso(args["recorded_at"]))
    else:
        raise ValueError(f"unknown journal record {name!r}")
    return uid, call


# -- the file --------------------------------------------------------------------------


class Journal:
    """The journal file, open and locked for this process; never raises."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.usable = False  # open and locked: appends can land
        self.lost = False  # the file was deleted and made again: its records are gone
        self._open()

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError as exc:
            log.warning("history journal %s cannot be opened: %s", self.path, exc)
            return
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                log.info("history journal %s is in use by another hiptimer; writing without it",
                         self.path)
                os.close(fd)
                return
        self._fd = fd
        self.usable = True

    def lines(self) -> list[str]:
        """The records in the file now (a torn last line left out)."""
        if self._fd is None:
            return []
        try:
            size = os.fstat(self._fd).st_size
            if size > MAX_BYTES:
                log.error("history journal %s is %d bytes; not replaying it", self.path, size)
                return []
            data = os.pread(self._fd, size, 0)
        except OSError as exc:
            log.error("history journal %s cannot be read: %s", self.path, exc)
            return []
        text = data.decode("utf-8", errors="replace")
        complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
        return [line for line in complete.split("\n") if line.strip()]

    def append(self, line: str) -> bool:
        """Add one record and sync it; False if it could not be made durable."""
        if not self._reattach():
            return False
        assert self._fd is not None
        data = (line + "\n").encode("utf-8")
        try:
            written = os.write(self._fd, data)
            if written != len(data):
                raise OSError("short write")
            os.fsync(self._fd)
        except OSError as exc:
            log.warning("history journal %s not written: %s", self.path, exc)
            self._truncate_to_records()
            return False
        return True

    def rewrite(self, lines: list[str]) -> bool:
        """Make the file hold exactly ``lines``; False if it could not."""
        if not self._reattach():
            return False
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, 0)
            if lines:
                data = ("\n".join(lines) + "\n").encode("utf-8")
                if os.write(self._fd, data) != len(data):
                    raise OSError("short write")
            os.fsync(self._fd)
        except OSError as exc:
            log.warning("history journal %s not rewritten: %s", self.path, exc)
            self._truncate_to_records()
            return False
        return True

    def clear(self) -> None:
        """Empty the file: everything in it has reached the database."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            if os.fstat(self._fd).st_size:
                os.ftruncate(self._fd, 0)
                os.fsync(self._fd)

    def close(self, *, remove: bool) -> None:
        """Release the file; ``remove`` deletes it (only when it is empty)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            if remove and os.fstat(self._fd).st_size == 0:
                self.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None
        self.usable = False

    def _reattach(self) -> bool:
        """Reopen the file if it was deleted under us (writes to it would vanish)."""
        if self._fd is None:
            self._open()
            return self._fd is not None
        try:
            gone = os.fstat(self._fd).st_nlink == 0
        except OSError:
            gone = True
        if gone:
            log.warning("history journal %s was deleted; making it again", self.path)
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
            self._open()
            self.lost = True
        return self._fd is not None

    def _truncate_to_records(self) -> None:
        """Cut a partial line left by a failed write, so the file stays whole lines."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            size = os.fstat(self._fd).st_size
            if size:
                tail = os.pread(self._fd, min(size, MAX_BYTES), max(0, size - MAX_BYTES))
                keep = size - len(tail) + tail.rfind(b"\n") + 1
                if keep != size:
                    os.ftruncate(self._fd, keep)
