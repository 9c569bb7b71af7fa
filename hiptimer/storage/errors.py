"""What can go wrong with the history, in words a person can act on.

No raw ``sqlite3`` error leaves the storage package: :func:`describe` turns
each into a :class:`HistoryError` naming the file and whether trying again
later may help.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar


class HistoryError(Exception):
    """A history operation failed. ``message`` is written for the user.

    ``transient`` errors (read-only, disk full, cannot open, busy, I/O) may
    succeed later and are worth retrying; the others will fail again.
    """

    def __init__(self, message: str, *, kind: str = "other", transient: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.transient = transient


class CorruptDatabase(HistoryError):
    def __init__(self, message: str) -> None:
        super().__init__(message, kind="corrupt")


def describe(exc: sqlite3.Error, where: str) -> HistoryError:
    """Turn an sqlite3 error into a :class:`HistoryError` a person can act on."""
    # sqlite3 sets the name on the errors SQLite raises; one made in Python has none.
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc)
    low = text.lower()
    if name.startswith("SQLITE_READONLY") or "readonly" in low or "read-only" in low:
        return HistoryError(
            f"The history file {where} is read-only.", kind="readonly", transient=True
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in low:
        return HistoryError(
            f"The disk holding {where} is full. Free some space.", kind="full", transient=True
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in low:
        return HistoryError(
            f"The history file {where} could not be opened.", kind="cantopen", transient=True
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in low:
        return HistoryError(
            f"The history file {where} is busy in another hiptimer window.",
            kind="busy",
            transient=True,
        )
    if name.startswith("SQLITE_IOERR") or "disk i/o" in low:
        return HistoryError(
            f"The history file {where} could not be written ({text}).", kind="io", transient=True
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in low:
        return CorruptDatabase(f"The history file {where} is damaged ({text}).")
    if isinstance(exc, sqlite3.IntegrityError):
        return HistoryError(f"History refused a record: {text}.", kind="invalid")
    return HistoryError(f"History error in {where}: {text}.")


class Located(Protocol):
    """Anything that can say which history file it works on."""

    @property
    def where(self) -> str: ...


L = TypeVar("L", bound=Located)
P = ParamSpec("P")
R = TypeVar("R")


def guarded(method: Callable[Concatenate[L, P], R]) -> Callable[Concatenate[L, P], R]:
    """Let no raw sqlite3 error out of a store method (or a function taking the store first)."""

    @functools.wraps(method)
    def wrapper(owner: L, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(owner, *args, **kwargs)
        except sqlite3.Error as exc:
            raise describe(exc, owner.where) from exc

    return wrapper
