"""Salvage: every row still readable in a damaged history, copied into a fresh one.

Damage rarely reaches every page: random bytes over a few pages of a large
history usually hit an index or a handful of rows, and the rest reads fine.
So a damaged file is not discarded. Once it is moved aside (kept, never
deleted), :func:`salvage` works on a temporary copy of it, much like the
``sqlite3`` shell's ``.recover``: each table is read in rowid order, and where
a scan stops at a damaged page, the rows past it are found by a scan from
the other end and by looking each remaining rowid up on its own. Where a
damaged page higher in a table's tree hides whole leaf pages from SQLite,
the rows on those pages are read from the file directly (:mod:`.leaf_pages`).
Every row must also read back as a record (times, statuses, numbers, the
plan's days and routines), or it is left out: what is recovered is what the
pages can show.

A session whose table page is lost is rebuilt from the indexes, which hold
most of its columns (uid, routine, start, status, time, title, day, sides
done): it comes back without its rating and note. Ids are kept, so each side
and each pain answer still belongs to its session. The practice (plan
versions, pain answers, decisions on suggestions) is salvaged like the
sessions; a pain answer whose session is lost cannot be kept.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hiptimer.core.practice import Pain
from hiptimer.storage.leaf_pages import LeafRow, SqlValue, TableShape, read_leaf_rows, table_shape
from hiptimer.storage.rows import (
    DECISION_COLUMNS,
    PLAN_COLUMNS,
    Row,
    decision_record,
    from_iso,
    measurement_record,
    part_record,
    plan_record,
    session_record,
)

log = logging.getLogger(__name__)

MAX_PROBES = 200_000
"""Rowids looked up one by one per table, at most: bounds the work on a wild max(rowid)."""

Found = dict[str, SqlValue]
"""A row read from the damaged file, by column name (as :meth:`TableShape.rows_from` gives)."""
Leaves = Callable[[], list[LeafRow]]
"""The rows on the file's table leaf pages, read on first need."""


def _plan(row: Row) -> object:
    return plan_record(row), from_iso(row[10])


def _checkin(row: Row) -> object:
    return int(row[0]), Pain(row[1]), from_iso(row[2])


@dataclass(frozen=True)
class _Table:
    name: str
    columns: str  # the columns a record needs, in the order ``check`` reads them
    check: Callable[[Row], object]  # raises when the values do not make a record
    dense: bool = True  # rowids run 1, 2, 3...: one that cannot be read was a row


# In the order they are copied: a part or a pain answer after its session.
_TABLES = (
    _Table(
        "sessions",
        "id, uid, routine_id, routine_title, level, started_at, local_date, ended_at, status, "
        "active_seconds, planned_parts, parts_done, parts_skipped, rating, note, time_scale",
        session_record,
    ),
    _Table(
        "parts",
        "session_id, exercise_index, exercise_id, exercise_name, side, status, dose, "
        "active_seconds, ended_at",
        part_record,
    ),
    _Table("measurements", "id, uid, test_id, taken_at, left_deg, right_deg, note",
           measurement_record),
    _Table("plans", f"{PLAN_COLUMNS}, created_at", _plan),
    # Keyed by the session's id: most rowids never held a row.
    _Table("checkins", "session_id, pain, recorded_at", _checkin, dense=False),
    _Table("decisions", DECISION_COLUMNS, decision_record),
)
_DEFAULTS: Found = {"time_scale": 1.0, "owner": ""}


@dataclass(frozen=True)
class Salvaged:
    """How much came across from a damaged history."""

    sessions: int = 0
    parts: int = 0
    measurements: int = 0
    unreadable: int = 0  # rows known to exist that could not be read, made sense of or kept
    rebuilt: int = 0  # sessions rebuilt from the indexes (without rating and note)
    plans: int = 0  # plan versions
    checkins: int = 0  # pain answers
    decisions: int = 0  # answers to suggestions

    @property
    def rows(self) -> int:
        return (self.sessions + self.parts + self.measurements + self.plans + self.checkins
                + self.decisions)

    def describe(self) -> str:
        """"500 sessions, 3412 sides and 37 measurements were recovered from it", and
        the practice where there was one ("..., with 2 plan versions and 40 pain answers")."""
        if not self.rows:
            return "nothing in it could be read"
        kinds = [_count(self.sessions, "session"), _count(self.parts, "side"),
                 _count(self.measurements, "measurement")]
        text = f"{', '.join(kinds[:2])} and {kinds[2]} were recovered from it"
        practice = [_count(n, noun) for n, noun in ((self.plans, "plan version"),
                                                    (self.checkins, "pain answer"),
                                                    (self.decisions, "answer to a suggestion"))
                    if n]
        if practice:
            text += ", with " + (" and ".join(practice) if len(practice) < 3
                                 else f"{practice[0]}, {practice[1]} and {practice[2]}")
        if self.rebuilt:
            text += (f"; {self.rebuilt} of the sessions were rebuilt from the file's indexes, "
                     "without their rating and note")
        if self.unreadable:
            rows = f"{self.unreadable} damaged row{'s' if self.unreadable != 1 else ''}"
            text += f"; {rows} could not be read"
        return text


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    plural = "answers to suggestions" if noun == "answer to a suggestion" else f"{noun}s"
    return f"{n} {plural}"


def salvage(damaged: Path, fresh: sqlite3.Connection) -> Salvaged:
    """Copy what can be read of the history file ``damaged`` into ``fresh`` (migrated, empty).

    Never raises for a damaged source: what cannot be read is counted, not fatal.
    ``damaged`` itself is not opened: SQLite works on a temporary copy beside it.
    """
    try:
        with _copy_of(damaged) as copy:
            source = sqlite3.connect(str(copy), isolation_level=None)  # a throwaway copy
            try:
                return _salvage(source, fresh, functools.cache(lambda: _leaf_rows(source, copy)))
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


def _leaf_rows(source: sqlite3.Connection, copy: Path) -> list[LeafRow]:
    """The rows on the copy's table leaf pages, its write-ahead log checkpointed into it first."""
    with contextlib.suppress(sqlite3.Error):
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return read_leaf_rows(copy)


def _salvage(source: sqlite3.Connection, fresh: sqlite3.Connection, leaves: Leaves) -> Salvaged:
    counts: dict[str, int] = {}
    unreadable = 0
    rebuilt = 0
    fresh.execute("BEGIN IMMEDIATE")
    try:
        for table in _TABLES:
            shape = table_shape(source, table.name, table.columns)
            if shape is None:
                counts[table.name] = 0
                continue
            rows, missing = _read_rows(source, table, shape, leaves)
            names = table.columns.replace(" ", "").split(",")
            if table.name == "sessions":
                # A row whose page is lost, or whose cells came back as nonsense:
                # rebuilt from the indexes where they still hold it.
                sound = [r for r in rows if _reads(table.check, names, r)]
                extra = _sessions_from_indexes(source, {r["id"] for r in sound})
                rebuilt = len(extra)
                missing = max(0, missing + len(rows) - len(sound) - rebuilt)
                rows = sorted([*sound, *extra], key=lambda r: r["id"])
            unreadable += missing
            placeholders = ", ".join("?" for _ in names)
            insert = f"INSERT OR IGNORE INTO {table.name} ({', '.join(names)}) VALUES ({placeholders})"
            added = 0
            for row in rows:
                values = [row.get(name, _DEFAULTS.get(name)) for name in names]
                try:
                    table.check(values)  # it must read back, or the pages would break on it
                    cursor = fresh.execute(insert, values)
                except (sqlite3.Error, ValueError, TypeError, OverflowError, KeyError):
                    unreadable += 1  # nonsense, or a part or pain answer whose session is lost
                    continue
                added += cursor.rowcount
            counts[table.name] = added
        others = _other_tables(fresh)
        for name in others:
            counts[name] = _copy_plain(source, fresh, name)
        fresh.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            fresh.execute("ROLLBACK")
        raise
    result = Salvaged(counts["sessions"], counts["parts"], counts["measurements"], unreadable,
                      rebuilt, counts["plans"], counts["checkins"], counts["decisions"])
    log.warning("salvaged from the damaged history: %s%s", result.describe(),
                "".join(f"; {counts[t]} {t} rows" for t in others))
    return result


def _other_tables(fresh: sqlite3.Connection) -> list[str]:
    """Tables besides those above (added by later migrations), in the order they were made."""
    known = {t.name for t in _TABLES}
    return [str(r[0]) for r in fresh.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY rowid") if r[0] not in known]


def _copy_plain(source: sqlite3.Connection, fresh: sqlite3.Connection, table: str) -> int:
    """Every readable row of a table this module knows nothing more about, column for column."""
    try:
        wanted = ", ".join(str(r[1]) for r in fresh.execute(f"PRAGMA table_info({table})"))
    except sqlite3.Error:
        return 0
    shape = table_shape(source, table, wanted)
    if shape is None or not shape.columns:
        return 0
    # Not from loose leaf pages: with no record to check them against, a row of
    # another table with as many columns could pass for one of this.
    rows, _ = _read_rows(source, _Table(table, wanted, _anything), shape, lambda: [])
    columns = shape.columns
    insert = (f"INSERT OR IGNORE INTO {table} ({', '.join(columns)})"
              f" VALUES ({', '.join('?' for _ in columns)})")
    added = 0
    for row in rows:
        try:
            added += fresh.execute(insert, [row[c] for c in columns]).rowcount
        except sqlite3.Error:
            continue
    return added


def _anything(row: Row) -> object:
    return row


def _reads(check: Callable[[Row], object], names: list[str], row: Found) -> bool:
    try:
        check([row.get(name, _DEFAULTS.get(name)) for name in names])
    except (ValueError, TypeError, OverflowError, KeyError):
        return False
    return True


def _read_rows(
    source: sqlite3.Connection, table: _Table, shape: TableShape, leaves: Leaves
) -> tuple[list[Found], int]:
    """Every readable row of ``table`` by rowid, and how many rowids could not be read."""
    columns = shape.columns
    select = f"SELECT rowid, {', '.join(columns)} FROM {table.name}"
    found: dict[int, Found] = {}
    complete = _scan(source, f"{select} ORDER BY rowid", columns, found)
    if complete:
        return [found[k] for k in sorted(found)], 0
    _scan(source, f"{select} ORDER BY rowid DESC", columns, found)
    scanned = len(found)
    for rowid, row in shape.rows_from(leaves()):
        found.setdefault(rowid, row)
    top = _max_rowid(source, table.name, found)
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
    if not table.dense:
        missing = 0  # a rowid that cannot be looked up may never have held a row
    log.warning("salvage: %s had damaged pages; %d rows read (%d from its loose leaf pages), "
                "%d rowids unreadable", table.name, len(found), len(found) - scanned, missing)
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


def _sessions_from_indexes(source: sqlite3.Connection, have: set[SqlValue]) -> list[Found]:
    """Sessions missing from the table's pages, put together from covering index scans."""
    pieces: dict[int, Found] = {}
    for index, columns, backwards in _SESSION_INDEXES:
        found: dict[int, Found] = {}
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
          found: dict[int, Found]) -> bool:
    """Read rows until the end or the first damaged page; True if it reached the end."""
    try:
        for row in source.execute(sql):
            found.setdefault(int(row[0]), dict(zip(columns, row[1:], strict=True)))
    except sqlite3.Error as exc:
        log.info("salvage scan stopped: %s", exc)
        return False
    return True


def _max_rowid(source: sqlite3.Connection, table: str, found: dict[int, Found]) -> int:
    seen = max(found, default=0)
    try:
        top = source.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
    except sqlite3.Error:
        return seen
    return max(seen, int(top or 0))
