"""Rows read straight from the table leaf pages of a damaged SQLite file.

When a page high up in a table's b-tree is damaged, SQLite cannot reach the
leaf pages below it, though they may be whole: every row of the table seems
lost. :func:`read_leaf_rows` reads every table leaf page of the file the way
the file format describes (https://www.sqlite.org/fileformat2.html) and
decodes each cell: its rowid and the values of its record. Pages on the
freelist (no longer part of any table) are left out, and so is any cell that
does not decode cleanly.

Which table a row belongs to is not written on its page: :class:`TableShape`
takes the rows with as many columns as the table declares (every hiptimer
table has a different number), and :mod:`.salvage` checks each one as a
record of that table before keeping it.
"""

from __future__ import annotations

import logging
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SqlValue = int | float | str | bytes | None

MAX_FILE_BYTES = 512 * 1024 * 1024
"""A larger file is not read this way (a history is a few megabytes)."""

_TABLE_LEAF = 0x0D
_ENCODINGS = {1: "utf-8", 2: "utf-16-le", 3: "utf-16-be"}


class _Bad(Exception):
    """A cell or page that does not decode: skipped."""


@dataclass(frozen=True)
class LeafRow:
    page: int
    rowid: int
    values: tuple[SqlValue, ...]


@dataclass(frozen=True)
class TableShape:
    """A table as the damaged file declares it."""

    declared: tuple[str, ...]  # every column, in the order its records hold them
    key: str | None  # the INTEGER PRIMARY KEY column: a record holds NULL, the rowid is its value
    columns: list[str]  # the columns wanted of it that the table has

    def rows_from(self, rows: list[LeafRow]) -> Iterator[tuple[int, dict[str, SqlValue]]]:
        """(rowid, the wanted columns' values) of the rows with as many columns as the table."""
        place = {name: i for i, name in enumerate(self.declared)}
        for leaf in rows:
            if len(leaf.values) == len(self.declared):
                yield leaf.rowid, {c: leaf.rowid if c == self.key else leaf.values[place[c]]
                                   for c in self.columns}


def table_shape(source: sqlite3.Connection, table: str, wanted: str) -> TableShape | None:
    """How the damaged file declares ``table``, with those of the comma-separated ``wanted``
    columns it has (None: no such table can be read)."""
    try:
        info = source.execute(f"PRAGMA table_info({table})").fetchall()
    except sqlite3.Error as exc:
        log.warning("salvage: the %s table cannot be read: %s", table, exc)
        return None
    if not info:
        return None
    declared = tuple(str(r[1]) for r in sorted(info))
    keys = [r for r in info if r[5]]
    key = str(keys[0][1]) if len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER" else None
    return TableShape(declared, key, [c for c in wanted.replace(" ", "").split(",") if c in declared])


def read_leaf_rows(path: Path) -> list[LeafRow]:
    """Every row on the table leaf pages of the database file at ``path`` ([] if unreadable).

    Reads the main file only: checkpoint a write-ahead log into it first.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return []
        data = path.read_bytes()
    except OSError as exc:
        log.warning("salvage: %s cannot be read page by page: %s", path, exc)
        return []
    try:
        file = _File(data)
    except _Bad as exc:
        log.warning("salvage: %s has no readable header: %s", path, exc)
        return []
    try:
        return list(file.rows())
    except Exception:  # damage this reader did not foresee: what SQLite read still stands
        log.exception("salvage: the leaf pages of %s could not be read", path)
        return []


class _File:
    def __init__(self, data: bytes) -> None:
        if len(data) < 100 or not data.startswith(b"SQLite format 3\x00"):
            raise _Bad("not an SQLite file")
        self.data = data
        size = struct.unpack(">H", data[16:18])[0]
        self.page_size = 65536 if size == 1 else size
        if self.page_size < 512 or self.page_size & (self.page_size - 1):
            raise _Bad(f"page size {self.page_size}")
        self.usable = self.page_size - data[20]
        if self.usable < 480:
            raise _Bad(f"usable page size {self.usable}")
        self.pages = len(data) // self.page_size
        self.encoding = _ENCODINGS.get(struct.unpack(">I", data[56:60])[0], "utf-8")

    def page(self, number: int) -> bytes:
        if not 1 <= number <= self.pages:
            raise _Bad(f"no page {number}")
        start = (number - 1) * self.page_size
        return self.data[start:start + self.page_size]

    def freelist(self) -> set[int]:
        """The pages on the freelist (as far as it can be followed)."""
        free: set[int] = set()
        trunk = struct.unpack(">I", self.data[32:36])[0]
        while trunk and trunk not in free and len(free) <= self.pages:
            try:
                page = self.page(trunk)
            except _Bad:
                break
            free.add(trunk)
            count = min(struct.unpack(">I", page[4:8])[0], (self.usable - 8) // 4)
            free.update(struct.unpack(">I", page[8 + 4 * i:12 + 4 * i])[0] for i in range(count))
            trunk = struct.unpack(">I", page[0:4])[0]
        return free

    def rows(self) -> Iterator[LeafRow]:
        free = self.freelist()
        for number in range(1, self.pages + 1):
            if number in free:
                continue
            page = self.page(number)
            head = 100 if number == 1 else 0
            if page[head] != _TABLE_LEAF:
                continue
            cells = struct.unpack(">H", page[head + 3:head + 5])[0]
            pointers = head + 8
            if pointers + 2 * cells > self.usable:
                continue
            for i in range(cells):
                offset = struct.unpack(">H", page[pointers + 2 * i:pointers + 2 * i + 2])[0]
                try:
                    rowid, values = self._cell(page, offset)
                except (_Bad, IndexError, struct.error, UnicodeDecodeError):
                    continue
                yield LeafRow(number, rowid, values)

    def _cell(self, page: bytes, offset: int) -> tuple[int, tuple[SqlValue, ...]]:
        if not 8 <= offset < self.usable:
            raise _Bad("cell outside the page")
        size, offset = _varint(page, offset)
        rowid, offset = _varint(page, offset)
        if rowid >= 1 << 63:
            rowid -= 1 << 64
        if size > MAX_FILE_BYTES:
            raise _Bad("payload size")
        return rowid, _record(self._payload(page, offset, size), self.encoding)

    def _payload(self, page: bytes, offset: int, size: int) -> bytes:
        """The cell's payload, following its overflow pages when it has any."""
        most = self.usable - 35
        if size <= most:
            local = size
        else:
            least = (self.usable - 12) * 32 // 255 - 23
            local = least + (size - least) % (self.usable - 4)
            if local > most:
                local = least
        if offset + local > self.usable:
            raise _Bad("payload outside the page")
        parts = [page[offset:offset + local]]
        if local < size:
            if offset + local + 4 > self.usable:
                raise _Bad("overflow pointer outside the page")
            following = struct.unpack(">I", page[offset + local:offset + local + 4])[0]
            got, seen = local, set()
            while got < size:
                if following in seen:
                    raise _Bad("overflow loop")
                seen.add(following)
                overflow = self.page(following)
                chunk = overflow[4:self.usable][:size - got]
                parts.append(chunk)
                got += len(chunk)
                following = struct.unpack(">I", overflow[0:4])[0]
        return b"".join(parts)


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    """The varint at ``offset`` and the offset after it."""
    value = 0
    for i in range(8):
        byte = data[offset + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, offset + i + 1
    return (value << 8) | data[offset + 8], offset + 9


_INTS = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _record(payload: bytes, encoding: str) -> tuple[SqlValue, ...]:
    header, offset = _varint(payload, 0)
    if not offset <= header <= len(payload):
        raise _Bad("record header")
    types: list[int] = []
    while offset < header:
        kind, offset = _varint(payload, offset)
        types.append(kind)
    if offset != header:
        raise _Bad("record header")
    values: list[SqlValue] = []
    at = header
    for kind in types:
        if kind == 0:
            values.append(None)
        elif kind in _INTS:
            width = _INTS[kind]
            values.append(int.from_bytes(payload[at:at + width], "big", signed=True))
            at += width
        elif kind == 7:
            values.append(struct.unpack(">d", payload[at:at + 8])[0])
            at += 8
        elif kind in (8, 9):
            values.append(kind - 8)
        elif kind >= 12:
            width = (kind - 12) // 2
            raw = payload[at:at + width]
            values.append(raw.decode(encoding) if kind % 2 else bytes(raw))
            at += width
        else:
            raise _Bad(f"serial type {kind}")
        if at > len(payload):
            raise _Bad("record longer than its payload")
    if at != len(payload):
        raise _Bad("record shorter than its payload")
    return tuple(values)
