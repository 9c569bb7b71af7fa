"""Reading an import file before any of it is trusted: size, encoding, depth, numbers.

Every limit has a name, and a refusal says which one was hit, e.g.
``sessions[3].note: expected at most 10000 characters (the note limit), got 104857600``.
The limits are far above anything hiptimer itself writes, and low enough that
the history pages stay quick with the largest file they let in.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn, TypeAlias

from hiptimer.storage import rows

Json: TypeAlias = "dict[str, Json] | list[Json] | str | int | float | bool | None"
"""A parsed JSON document or any value in one."""

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The file limit: a ten-year history with notes exports to well under 10 MB."""
MAX_DEPTH = 20
"""The depth limit: an export nests four deep (document, sessions, a session, parts)."""
MAX_SESSIONS = 100_000
MAX_MEASUREMENTS = 100_000
MAX_PARTS = 1_000
"""The parts limit, per session: the longest bundled routine has 20 sides."""
MAX_NOTE = rows.MAX_NOTE
"""The note limit, in characters."""
MAX_NAME = 200
"""The name limit, in characters: ids, titles, exercise names, doses, uids."""
MAX_SECONDS = 7 * 24 * 3600
"""The seconds limit: no session or side lasts a week."""
MAX_COUNT = 10_000
"""The count limit: planned parts and exercise positions."""
MAX_LEVEL = 99
MAX_TIME_SCALE = 1000.0
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
_MAX_DIGITS = 30  # a longer number literal is refused before it is converted

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


class IntakeError(ValueError):
    """The file cannot be read as an export; the message says why, naming the limit."""


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file no larger than :data:`MAX_FILE_BYTES`.

    Opened without blocking, so a FIFO or a device is refused, not waited on.
    """
    name = os.fspath(path)
    try:
        # O_NONBLOCK is POSIX only and O_BINARY Windows only: each is 0 where it does not exist.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise IntakeError(f"cannot read it: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise IntakeError(f"cannot read it: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise IntakeError("it is a folder" if stat.S_ISDIR(info.st_mode) else
                          "it is not a regular file (a FIFO, device or socket)")
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > MAX_FILE_BYTES:
            raise IntakeError(
                f"it is {info.st_size} bytes; the file limit is {MAX_FILE_BYTES} bytes"
            )
        try:
            data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise IntakeError(f"cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise IntakeError(f"it is over the file limit of {MAX_FILE_BYTES} bytes")
    return data


def parse(data: bytes | str) -> Json:
    """A JSON document, refused unless UTF-8, no deeper than :data:`MAX_DEPTH`,
    and holding only finite numbers of sane length."""
    if isinstance(data, str):
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise IntakeError(f"not UTF-8 text (at character {exc.start})") from None
    else:
        raw = data
    if len(raw) > MAX_FILE_BYTES:
        raise IntakeError(f"it is over the file limit of {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IntakeError(f"not UTF-8 text (at byte {exc.start})") from None
    depth = nesting(raw)
    if depth > MAX_DEPTH:
        raise IntakeError(f"nested {depth} deep; the depth limit is {MAX_DEPTH}")
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_float, parse_int=_int)
    except IntakeError:
        raise
    except json.JSONDecodeError as exc:
        raise IntakeError(f"not JSON: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise IntakeError(f"not JSON: {exc}") from None


def nesting(raw: bytes) -> int:
    """How deep brackets nest outside strings (no recursion; linear in the size)."""
    deepest = depth = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b'""', raw)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _no_constant(name: str) -> NoReturn:
    raise IntakeError(f"not a finite number: {name} (numbers must be finite)")


def _float(text: str) -> float:
    if len(text) > _MAX_DIGITS:
        raise IntakeError(f"a number of {len(text)} characters: {text[:20]}...")
    value = float(text)
    if not math.isfinite(value):
        raise IntakeError(f"not a finite number: {text}")
    return value


def _int(text: str) -> int:
    if len(text) > _MAX_DIGITS:
        raise IntakeError(f"a number of {len(text)} digits: {text[:20]}...")
    return int(text)


def clean_text(value: str) -> str | None:
    """``value`` if it can be stored as UTF-8 text without NUL; else None."""
    if "\x00" in value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None  # a lone surrogate from a "\\ud800" escape
    return value


def in_range(moment: datetime) -> bool:
    """Whether a time is between :data:`EARLIEST` and :data:`LATEST` (and convertible)."""
    try:
        return EARLIEST <= moment.astimezone(UTC) < LATEST
    except (OverflowError, ValueError):
        return False


def regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
