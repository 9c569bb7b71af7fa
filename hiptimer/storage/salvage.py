"""Salvage: every row still readable in a damaged history, copied into a fresh one.

Damage rarely reaches every page: random bytes over a few pages of a large
history usually hit an index or a handful of rows, and the rest reads fine.
So a damaged file is not discarded. Once it is moved aside (kept, never
deleted), :func:`salvage` works on a temporary copy of it, much like the
``sqlite3`` shell's ``.recover``: each table is read in rowid order, and where
a scan stops at a damaged page, the rows past it are found by a scan from
the other end and by looking each remaining rowid up on its own. Every row
must also read back as a record (times, statuses, numbers), or it is left out:
what is recovered is what the pages can show.

A session whose table page is lost is rebuilt from the indexes, which hold
most of its columns (uid, routine, start, status, time, title, day, sides
done): it comes back without its rating and note. Ids are kept, so each side
still belongs to its session.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hiptimer.storage.rows import measurement_record, part_record, session_record

log = logging.getLogger(__name__)

MAX_PROBES = 200_000
"""Rowids looked up one by one per table, at most: bounds the work on a wild max(rowid)."""

# table -> the columns a record needs, in the order its mapper reads them
_TABLES: tuple[tuple[str, str, Callable[[Sequence[Any]], object]], ...] = (
    (
        "sessions",
        "id, uid, routine_id, routine_title, level, started_at, local_date, ended_at, status, "
        "active_seconds, planned_parts, parts_done, parts_skipped, rating, note, time_scale",
        session_record,
    ),
    (
        "parts",
        "session_id, exercise_index, exercise_id, exercise_name, side, status, dose, "
        "active_seconds, ended_at",
        part_record,
    ),
    ("measurements", "id, uid, test_id, taken_at, left_deg, right_deg, note", measurement_record),
)
_DEFAULTS = {"time_scale": 1.0, "owner": ""}


@dataclass(frozen=True)
class Salvaged:
    """How much came across from a damaged history."""

    sessions: int = 0
    parts: int = 0
    measurements: int = 0
    unreadable: int = 0  # rows known to exist that could not be read or made sense of
    rebuilt: int = 0  # sessions rebuilt from the indexes (without rating and note)

    @property
    def rows(self) -> int:
        return self.sessions + self.parts + self.measurements

    def describe(self) -> str:
        """"500 sessions, 3412 sides and 37 measurements were recovered from it"."""
        if not self.rows:
            return "nothing in it could be read"
        kinds = [f"{self.sessions} session{'s' if self.sessions != 1 else ''}",
                 f"{self.parts} side{'s' if self.parts != 1 else ''}",
                 f"{self.measurements} measurement{'s' if self.measurements != 1 else ''}"]
        text = f"{', '.join(kinds[:2])} and {kinds[2]} were recovered from it"
        if self.rebuilt:
            text += (f"; {self.rebuilt} of the sessions were rebuilt from the file's indexes, "
                     "without their rating and note")
        if self.unreadable:
            rows = f"{self.unreadable} damaged row{'s' if self.unreadable != 1 else ''}"
            text += f"; {rows} could not be read"
        return text


def salvage(damaged: Path, fresh: sqlite3.Connection) -> Salvaged:
    """Copy what can be read of the history file ``damaged`` into ``fresh`` (migrated, empty).

    Never raises for a damaged source: what cannot be read is counted, not fatal.
    ``damaged`` itself is not opened: SQLite works on a temporary copy beside it.
    """
    try:
        with _copy_of(damaged) as copy:
            source = sqlite3.connect(str(copy), isolation_level=None)  # a throwaway copy
            try:
                return _salvage(source, fresh)
            finally:
                source.close()
    except (OSError, sqlite3.Error) as exc:
        log.error("salvage of %s failed: %s", damaged, exc)
        return Salvaged()


@contextlib.contextmanager
def _copy_of(damaged: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=".hiptimer-salvage-", dir=damaged.parent) as tmp:
        copy = Path(tmp) / "history.sqlite3"
        shutil.copyfile(damaged, copy)
        wal = Path(f"{damaged}-wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        yield copy


def _salvage(source: sqlite3.Connection, fresh: sqlite3.Connection) -> Salvaged:
    counts: dict[str, int] = {}
    unreadable = 0
    rebuilt = 0
    fresh.execute("BEGIN IMMEDIATE")
    try:
        for table, wanted, mapper in _TABLES:
            columns = _columns(source, table, wanted)
            if columns is None:
                counts[table] = 0
                continue
            rows, missing = _read_rows(source, table, columns)
            names = wanted.replace(" ", "").split(",")
            if table == "sessions":
                # A row whose page is lost, or whose cells came back as nonsense:
                # rebuilt from the indexes where they still hold it.
                sound = [r for r in rows if _reads(mapper, names, r)]
                extra = _sessions_from_indexes(source, {r["id"] for r in sound})
                rebuilt = len(extra)
                missing = max(0, missing + len(rows) - len(sound) - rebuilt)
                rows = sorted([*sound, *extra], key=lambda r: r["id"])
            unreadable += missing
            placeholders = ", ".join("?" for _ in names)
            insert = f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) VALUES ({placeholders})"
            added = 0
            for row in rows:
                values = [row.get(name, _DEFAULTS.get(name)) for name in names]
                try:
                    mapper(values)  # it must read back, or the pages would break on it
                    cursor = fresh.execute(insert, values)
                except (sqlite3.Error, ValueError, TypeError, OverflowError, KeyError):
                    unreadable += 1
                    continue
                added += cursor.rowcount
            counts[table] = added
        others = _other_tables(fresh)
        for table in others:
            counts[table] = _copy_plain(source, fresh, table)
        fresh.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            fresh.execute("ROLLBACK")
        raise
    result = Salvaged(counts["sessions"], counts["parts"], counts["measurements"], unreadable,
                      rebuilt)
    log.warning("salvaged from the damaged history: %s%s", result.describe(),
                "".join(f"; {counts[t]} {t} rows" for t in others))
    return result


def _other_tables(fresh: sqlite3.Connection) -> list[str]:
    """Tables besides the three above (added by later migrations), in the order they were made."""
    known = {t for t, _, _ in _TABLES}
    return [str(r[0]) for r in fresh.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY rowid") if r[0] not in known]


def _copy_plain(source: sqlite3.Connection, fresh: sqlite3.Connection, table: str) -> int:
    """Every readable row of a table this module knows nothing more about, column for column."""
    try:
        wanted = ", ".join(str(r[1]) for r in fresh.execute(f"PRAGMA table_info({table})"))
    except sqlite3.Error:
        return 0
    columns = _columns(source, table, wanted)
    if not columns:
        return 0
    rows, _ = _read_rows(source, table, columns)
    insert = (f"INSERT OR IGNORE INTO {table} ({', '.join(columns)})"
              f" VALUES ({', '.join('?' for _ in columns)})")
    added = 0
    for row in rows:
        try:
            added += fresh.execute(insert, [row[c] for c in columns]).rowcount
        except sqlite3.Error:
            continue
    return added


def _reads(mapper: Callable[[Sequence[Any]], object], names: list[str],
           row: dict[str, Any]) -> bool:
    try:
        mapper([row.get(name, _DEFAULTS.get(name)) for name in names])
    except (ValueError, TypeError, OverflowError, KeyError):
        return False
    return True


def _columns(source: sqlite3.Connection, table: str, wanted: str) -> list[str] | None:
    """The wanted columns that the damaged file's table has (None: no such table readable)."""
    try:
        have = {str(r[1]) for r in source.execute(f"PRAGMA table_info({table})")}
    except sqlite3.Error as exc:
        log.warning("salvage: the %s table cannot be read: %s", table, exc)
        return None
    if not have:
        return None
    return [c for c in wanted.replace(" ", "").split(",") if c in have]


def _read_rows(
    source: sqlite3.Connection, table: str, columns: list[str]
) -> tuple[list[dict[str, Any]], int]:
    """Every readable row of ``table`` by rowid, and how many rowids could not be read."""
    select = f"SELECT rowid, {', '.join(columns)} FROM {table}"
    found: dict[int, dict[str, Any]] = {}
    complete = _scan(source, f"{select} ORDER BY rowid", columns, found)
    if complete:
        return [found[k] for k in sorted(found)], 0
    _scan(source, f"{select} ORDER BY rowid DESC", columns, found)
    top = _max_rowid(source, table, found)
    missing = 0
    probes = 0
    for rowid in range(1, top + 1):
        if rowid in found:
            continue
        probes += 1
        if probes > MAX_PROBES:
            break
        try:
            row = source.execute(f"{select} WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.Error:
            missing += 1
            continue
        if row is not None:
            found[rowid] = dict(zip(columns, row[1:], strict=True))
    log.warning("salvage: %s had damaged pages; %d rows read, %d rowids unreadable",
                table, len(found), missing)
    return [found[k] for k in sorted(found)], missing


# index -> (the columns it covers, rowid first; its key order for a scan from the end)
_SESSION_INDEXES = (
    ("sqlite_autoindex_sessions_1", ("id", "uid"), "uid DESC"),
    ("sessions_by_routine",
     ("id", "routine_id", "started_at", "status", "active_seconds", "routine_title"),
     "routine_id DESC, started_at DESC, id DESC"),
    ("sessions_by_day", ("id", "local_date", "status", "parts_done", "active_seconds"),
     "local_date DESC, status DESC, parts_done DESC, active_seconds DESC"),
)


def _sessions_from_indexes(source: sqlite3.Connection, have: set[int]) -> list[dict[str, Any]]:
    """Sessions missing from the table's pages, put together from covering index scans."""
    pieces: dict[int, dict[str, Any]] = {}
    for index, columns, backwards in _SESSION_INDEXES:
        found: dict[int, dict[str, Any]] = {}
        select = f"SELECT {', '.join(columns)} FROM sessions INDEXED BY {index}"
        if not _scan(source, select, list(columns[1:]), found):
            _scan(source, f"{select} ORDER BY {backwards}", list(columns[1:]), found)
        for rowid, values in found.items():
            if rowid not in have:
                pieces.setdefault(rowid, {"id": rowid}).update(values)
    rows = []
    for rowid, row in pieces.items():
        if not all(k in row for k in ("routine_id", "started_at", "status")):
            continue
        # The uid's own index may be damaged too: a made-up one still identifies the row.
        row.setdefault("uid", f"salvaged-{rowid}-{row['started_at']}")
        row.setdefault("local_date", str(row["started_at"])[:10])
        row.setdefault("routine_title", "")
        row.setdefault("active_seconds", 0.0)
        row.setdefault("parts_done", 0)
        row.update(level=None, ended_at=None, planned_parts=row["parts_done"], parts_skipped=0,
                   rating=None, note="")
        rows.append(row)
    if rows:
        log.warning("salvage: %d sessions rebuilt from the indexes", len(rows))
    return rows


def _scan(source: sqlite3.Connection, sql: str, columns: list[str],
          found: dict[int, dict[str, Any]]) -> bool:
    """Read rows until the end or the first damaged page; True if it reached the end."""
    try:
        for row in source.execute(sql):
            found.setdefault(int(row[0]), dict(zip(columns, row[1:], strict=True)))
    except sqlite3.Error as exc:
        log.info("salvage scan stopped: %s", exc)
        return False
    return True


def _max_rowid(source: sqlite3.Connection, table: str, found: dict[int, dict[str, Any]]) -> int:
    seen = max(found, default=0)
    try:
        top = source.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
    except sqlite3.Error:
        return seen
    return max(seen, int(top or 0))
