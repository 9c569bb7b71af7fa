"""The history database's schema, its migrations and connection settings.

``PRAGMA user_version`` counts the steps of :data:`MIGRATIONS` already run.
To change the schema, append a step; never edit one that has shipped.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
"""How long a write waits for another hiptimer process holding the lock."""


MIGRATIONS: list[tuple[str, ...]] = [
    # 1: sessions, parts, measurements
    (
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            routine_id TEXT NOT NULL,
            routine_title TEXT NOT NULL DEFAULT '',
            level INTEGER,
            started_at TEXT NOT NULL,
            local_date TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'completed', 'ended_early', 'interrupted')),
            active_seconds REAL NOT NULL DEFAULT 0 CHECK (active_seconds >= 0),
            planned_parts INTEGER NOT NULL DEFAULT 0 CHECK (planned_parts >= 0),
            parts_done INTEGER NOT NULL DEFAULT 0,
            parts_skipped INTEGER NOT NULL DEFAULT 0,
            rating INTEGER CHECK (rating BETWEEN 0 AND 10),
            note TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX sessions_by_start ON sessions (started_at, id)",
        "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_at, id)",
        # Covers the heatmap, streak and minutes-per-week queries.
        "CREATE INDEX sessions_by_day ON sessions (local_date, status, parts_done, active_seconds)",
        "CREATE INDEX sessions_running ON sessions (status) WHERE status = 'running'",
        """
        CREATE TABLE parts (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            exercise_index INTEGER NOT NULL CHECK (exercise_index >= 0),
            exercise_id TEXT NOT NULL,
            exercise_name TEXT NOT NULL DEFAULT '',
            side TEXT NOT NULL CHECK (side IN ('left', 'right', 'none')),
            status TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
            dose TEXT NOT NULL DEFAULT '',
            active_seconds REAL NOT NULL DEFAULT 0 CHECK (active_seconds >= 0),
            ended_at TEXT NOT NULL,
            UNIQUE (session_id, exercise_index, side)
        )
        """,
        """
        CREATE TABLE measurements (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            test_id TEXT NOT NULL,
            taken_at TEXT NOT NULL,
            left_deg INTEGER CHECK (left_deg BETWEEN -180 AND 180),
            right_deg INTEGER CHECK (right_deg BETWEEN -180 AND 180),
            note TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX measurements_by_test ON measurements (test_id, taken_at)",
    ),
    # 2: the per-routine index also covers the routine summary (counts,
    # completions, minutes, latest title), so it never reads the table.
    (
        "DROP INDEX sessions_by_routine",
        "CREATE INDEX sessions_by_routine ON sessions"
        " (routine_id, started_at, id, status, active_seconds, routine_title)",
    ),
    # 3: a session that never began gets its own status ('never_started'), and
    # a session played faster than real time keeps its scale (time_scale). A
    # CHECK cannot be changed in place, so the table is rebuilt (migrate()
    # turns foreign keys off, or dropping it would delete every part).
    (
        """
        CREATE TABLE sessions_v3 (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            routine_id TEXT NOT NULL,
            routine_title TEXT NOT NULL DEFAULT '',
            level INTEGER,
            started_at TEXT NOT NULL,
            local_date TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'completed', 'ended_early', 'interrupted',
                                  'never_started')),
            active_seconds REAL NOT NULL DEFAULT 0 CHECK (active_seconds >= 0),
            planned_parts INTEGER NOT NULL DEFAULT 0 CHECK (planned_parts >= 0),
            parts_done INTEGER NOT NULL DEFAULT 0,
            parts_skipped INTEGER NOT NULL DEFAULT 0,
            rating INTEGER CHECK (rating BETWEEN 0 AND 10),
            note TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            time_scale REAL NOT NULL DEFAULT 1 CHECK (time_scale > 0)
        )
        """,
        "INSERT INTO sessions_v3 (id, uid, routine_id, routine_title, level, started_at,"
        " local_date, ended_at, status, active_seconds, planned_parts, parts_done,"
        " parts_skipped, rating, note, owner)"
        " SELECT id, uid, routine_id, routine_title, level, started_at, local_date, ended_at,"
        " status, active_seconds, planned_parts, parts_done, parts_skipped, rating, note, owner"
        " FROM sessions",
        "DROP TABLE sessions",
        "ALTER TABLE sessions_v3 RENAME TO sessions",
        "CREATE INDEX sessions_by_start ON sessions (started_at, id)",
        "CREATE INDEX sessions_by_routine ON sessions"
        " (routine_id, started_at, id, status, active_seconds, routine_title)",
        "CREATE INDEX sessions_by_day ON sessions (local_date, status, parts_done, active_seconds)",
        "CREATE INDEX sessions_running ON sessions (status) WHERE status = 'running'",
        # Sessions an earlier version recovered as interrupted that never recorded
        # a side or a second: their start failed. (Running ones are sorted out by
        # recover_unfinished, once their owner is known to be gone.)
        "UPDATE sessions SET status = 'never_started', ended_at = NULL"
        " WHERE status = 'interrupted' AND active_seconds = 0"
        " AND NOT EXISTS (SELECT 1 FROM parts WHERE parts.session_id = sessions.id)",
    ),
    # 4: the practice (issue 15): versions of the weekly plan, the pain check-in
    # after a session, and the answers to progression suggestions. See
    # hiptimer/storage/plans.py.
    (
        """
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            effective_from TEXT NOT NULL,
            path TEXT NOT NULL CHECK (path IN ('levels', 'program', 'custom')),
            routines TEXT NOT NULL,
            weekdays TEXT NOT NULL,
            at TEXT NOT NULL,
            step INTEGER NOT NULL DEFAULT 0 CHECK (step >= 0),
            step_since TEXT NOT NULL,
            retest_weeks INTEGER NOT NULL DEFAULT 4 CHECK (retest_weeks BETWEEN 1 AND 52)
        )
        """,
        "CREATE INDEX plans_by_start ON plans (effective_from, id)",
        """
        CREATE TABLE checkins (
            session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
            pain TEXT NOT NULL CHECK (pain IN ('none', 'mild', 'sharp')),
            recorded_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            decided_at TEXT NOT NULL,
            rule TEXT NOT NULL,
            kind TEXT NOT NULL,
            routine_id TEXT NOT NULL,
            exercise_id TEXT NOT NULL DEFAULT '',
            from_value TEXT NOT NULL DEFAULT '',
            to_value TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            see_therapist INTEGER NOT NULL DEFAULT 0,
            answer TEXT NOT NULL CHECK (answer IN ('accepted', 'declined'))
        )
        """,
        "CREATE INDEX decisions_by_time ON decisions (decided_at, id)",
    ),
]
"""Step ``i`` takes the schema from version ``i`` to ``i + 1``. Append only."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Run the missing migration steps in one transaction; return the version."""
    version = user_version(conn)
    if version >= SCHEMA_VERSION:
        if version > SCHEMA_VERSION:
            log.warning(
                "history schema %d is newer than this hiptimer knows (%d)", version, SCHEMA_VERSION
            )
        return version
    # A step may rebuild a table; with foreign keys on, dropping the old one
    # would cascade into its children. The pragma is ignored inside a
    # transaction, so it is switched before BEGIN, and the keys are checked
    # before COMMIT instead.
    foreign_keys = int(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = user_version(conn)  # another process may have migrated meanwhile
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {step + 1}")
                log.info("history schema migrated to version %d", step + 1)
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise sqlite3.IntegrityError(f"migration broke {len(broken)} foreign key(s)")
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    return SCHEMA_VERSION


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


# --------------------------------------------------------------------------
# Connections and errors


def connect_file(
    path: Path, *, read_only: bool = False, immutable: bool = False
) -> sqlite3.Connection:
    """A raw autocommit connection to the database file.

    ``read_only`` opens with ``mode=ro``; ``immutable`` adds ``immutable=1``
    (for read-only media: no locks, no WAL; only safe when nothing writes).
    """
    timeout = BUSY_TIMEOUT_MS / 1000
    if read_only:
        target = path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
        return sqlite3.connect(target, uri=True, timeout=timeout, isolation_level=None)
    return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)


def configure(conn: sqlite3.Connection) -> None:
    """Per-connection settings. Every connection needs them, not just the first."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode not in ("wal", "memory"):
        log.warning("history journal mode is %s, not WAL", mode)
    # FULL: a power cut after a commit still keeps it. Writes are a handful a minute.
    conn.execute("PRAGMA synchronous = FULL")


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Problems found by ``PRAGMA quick_check`` (empty when the file is sound)."""
    rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    return [] if rows == ["ok"] else rows
