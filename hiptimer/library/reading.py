"""Reading a routine file: bytes -> text -> a YAML node tree, or located errors.

The file is composed with PyYAML's safe composer (libyaml's when present)
into nodes, which keep their line and column for every later message. A file
that is not UTF-8, holds control characters, or is not YAML at all fails
here, with the line and column of the problem.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml
from yaml.nodes import Node

from hiptimer.library.errors import LocatedError, RoutineFileError

# libyaml's composer is many times faster and keeps the same line marks.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# What YAML allows in a stream (YAML 1.1, section 5.1); anything else is refused.
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _where(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _check_printable(text: str, file: str) -> None:
    """Refuse control characters with their place, before PyYAML reports them unlocated."""
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return
    line, col = _where(text, bad.start())
    code = f"U+{ord(bad.group()):04X}"
    raise RoutineFileError([LocatedError(
        file, line, col, "",
        f"not valid YAML: control character {code} is not allowed; delete it or retype the line")])


def compose(text: str, file: str) -> Node:
    _check_printable(text, file)
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.reader.ReaderError as exc:
        line, col = _where(text, max(0, min(exc.position, len(text))))
        raise RoutineFileError([LocatedError(file, line, col, "", f"not valid YAML: {exc.reason}")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        problem = exc.problem or exc.context or "not valid YAML"
        raise RoutineFileError([LocatedError(file, line, col, "", f"not valid YAML: {problem}")]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise RoutineFileError([LocatedError(file, 0, 0, "", f"not valid YAML: {exc}")]) from None
    if node is None:
        raise RoutineFileError([LocatedError(file, 1, 1, "", "the file is empty")])
    return node


MAX_FILE_BYTES = 256 * 1024
"""The file limit: the longest bundled routine is 10 KB."""


def _refuse(path: Path, message: str) -> RoutineFileError:
    return RoutineFileError([LocatedError(str(path), 0, 0, "", message)])


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file within :data:`MAX_FILE_BYTES`, read without blocking.

    Opened with ``O_NONBLOCK`` and checked with ``fstat`` before reading, so a
    FIFO, a device (or a link to one) or a folder is refused at once instead of
    hanging the app or reading until memory runs out.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _refuse(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise _refuse(path, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(path, "expected a routine file, found a folder")
        raise _refuse(path, "expected a regular file, found a FIFO, device or socket")
    with os.fdopen(fd, "rb") as fh:
        try:
            if info.st_size > MAX_FILE_BYTES:
                raise _refuse(path, f"expected at most {MAX_FILE_BYTES} bytes (the file limit), "
                              f"got {info.st_size}")
            raw = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise _refuse(path, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _refuse(path, f"expected at most {MAX_FILE_BYTES} bytes (the file limit)")
    return raw


def read_text(path: Path) -> str:
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RoutineFileError(
            [LocatedError(str(path), line, 1, "", "expected UTF-8 text, found bytes that are not")]
        ) from None

