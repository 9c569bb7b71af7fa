"""Sessions left behind: by a process that died, or by a start that failed; resuming one.

A session row is written when a session starts, so a crash leaves it
``running``. At the next start :func:`settle_unfinished` sorts such rows out
once their owner is known to be gone: one that recorded a side (or any time)
becomes ``interrupted`` and can be resumed; one that recorded nothing never
ran (its start failed, or the app stopped during the first get-ready) and
becomes ``never_started``: there is nothing to resume and nothing to count.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3

from hiptimer.storage.errors import HistoryError
from hiptimer.storage.rows import NEVER_BEGAN

log = logging.getLogger(__name__)


def default_owner() -> str:
    """Identifies this process in ``sessions.owner`` so a second instance can
    tell a live session from one left behind by a crash."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    # Only POSIX has a harmless probe; on Windows os.kill(pid, 0) would terminate it.
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _owner_gone(owner: str, me: str, host: str) -> bool:
    """Whether a running session's owner is gone: not us, and not a live process here."""
    if owner == me:
        return False
    owner_host, _, pid = owner.rpartition(":")
    return not (owner_host == host and pid.isdigit() and _pid_alive(int(pid)))


def settle_unfinished(conn: sqlite3.Connection, me: str) -> list[int]:
    """Mark running sessions whose owner is gone; return the ids now ``interrupted``.

    Call inside a write transaction. A session owned by another live process
    on this host (a second hiptimer window) is left alone, and so are ``me``'s.
    """
    host = socket.gethostname()
    rows = conn.execute("SELECT id, owner FROM sessions WHERE status = 'running'").fetchall()
    stale = [sid for sid, owner in rows if _owner_gone(str(owner), me, host)]
    interrupted: list[int] = []
    for session_id in stale:
        began = conn.execute(
            f"SELECT NOT {NEVER_BEGAN} FROM sessions WHERE id = :id", {"id": session_id}
        ).fetchone()[0]
        if not began:
            conn.execute("UPDATE sessions SET status = 'never_started' WHERE id = ?", (session_id,))
            continue
        # ended_at: the last part's time, else the start; the true end is unknown.
        conn.execute(
            "UPDATE sessions SET status = 'interrupted', ended_at = coalesce("
            " (SELECT max(ended_at) FROM parts WHERE session_id = :id), started_at)"
            " WHERE id = :id",
            {"id": session_id},
        )
        interrupted.append(session_id)
    if stale:
        log.info(
            "unfinished sessions: %d interrupted, %d never started",
            len(interrupted),
            len(stale) - len(interrupted),
        )
    return interrupted


def withdraw(conn: sqlite3.Connection, session_id: int, status: str) -> None:
    """Mark a running session that failed to begin ``never_started``.

    Call inside a write transaction with the session's current ``status``.
    Refused once a side is recorded or the session has ended: then it did
    begin. Withdrawing twice is harmless.
    """
    if status == "never_started":
        return
    recorded = conn.execute(
        "SELECT 1 FROM parts WHERE session_id = ? LIMIT 1", (session_id,)
    ).fetchone()
    if status != "running" or recorded:
        raise HistoryError(
            f"Session {session_id} has begun ({status}); it cannot be withdrawn.", kind="invalid"
        )
    conn.execute(
        "UPDATE sessions SET status = 'never_started', ended_at = NULL, active_seconds = 0"
        " WHERE id = ?",
        (session_id,),
    )


def reopen(conn: sqlite3.Connection, session_id: int, status: str, owner: str) -> None:
    """Make an interrupted session ``running`` again, owned by ``owner`` (it is resumed).

    Call inside a write transaction with the session's current ``status``.
    """
    if status not in ("interrupted", "running"):
        raise HistoryError(
            f"Session {session_id} is {status}; only an interrupted one can be resumed.",
            kind="invalid",
        )
    conn.execute(
        "UPDATE sessions SET status = 'running', ended_at = NULL, owner = ? WHERE id = ?",
        (owner, session_id),
    )


def disown(conn: sqlite3.Connection, uids: list[str]) -> None:
    """Give up ownership of running sessions (written for a process that is gone),
    so :func:`settle_unfinished` settles them like any left behind.

    Call inside a write transaction.
    """
    conn.executemany(
        "UPDATE sessions SET owner = '' WHERE uid = ? AND status = 'running'",
        [(u,) for u in uids])
