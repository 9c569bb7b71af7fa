"""The write-ahead journal: history writes kept on disk until the database has them.

A small file beside the database (``history.sqlite3.pending.jsonl``), one JSON
line per write, appended and synced *before* the database is tried. When the
database has everything, the file is emptied; when it does not (a full disk,
a read-only file, a crash between the two), the next start replays it. Every
write it holds is harmless to repeat: sessions and measurements are keyed by
their ``uid``, and sides, ends and ratings by the session's uid.

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
from datetime import datetime
from pathlib import Path
from typing import Any

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
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


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def encode(name: str, uid: str, args: dict[str, Any]) -> str:
    """One journal line for the write ``name`` on the row ``uid``."""
    return json.dumps({"op": name, "uid": uid, "args": _plain(args)}, ensure_ascii=True)


def decode(line: str) -> tuple[str, str, dict[str, Any]]:
    """(name, uid, args) back from :func:`encode`; ValueError/KeyError/TypeError if it is not one."""
    doc = json.loads(line)
    name, uid, args = doc["op"], doc["uid"], dict(doc["args"])
    if not isinstance(name, str) or not isinstance(uid, str):
        raise ValueError("not a journal record")
    if name == "start_session":
        s = dict(args["session"])
        s["started_at"] = from_iso(s["started_at"])
        args["session"] = SessionWrite(**s)
    elif name == "add_measurement":
        m = dict(args["measurement"])
        m["taken_at"] = from_iso(m["taken_at"])
        args["measurement"] = MeasurementWrite(**m)
    elif name == "record_part":
        p = dict(args["part"])
        p["ended_at"] = from_iso(p["ended_at"])
        p["side"] = Side(p["side"])
        p["status"] = PartStatus(p["status"])
        args["part"] = PartWrite(**p)
    elif name == "finish_session":
        args["ended_at"] = from_iso(args["ended_at"])
    elif name not in ("rate_session", "reopen_session", "abandon_session"):
        raise ValueError(f"unknown journal record {name!r}")
    return name, uid, args


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
