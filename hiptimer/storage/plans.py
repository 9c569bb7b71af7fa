"""The practice in the history database: plan versions, pain check-ins, decisions.

Tables of schema step 4 (:mod:`.schema`). Plain functions taking the
:class:`~hiptimer.storage.store.HistoryStore` first; like the store's
methods they raise ``HistoryError`` (never a raw sqlite3 error) and each
write is one short transaction. The values are the core's
(:mod:`hiptimer.core.practice`, :mod:`hiptimer.core.progression`).

In an export the practice is one ``"practice"`` object (:func:`practice_json`)
merged back by uid (:func:`parse_practice`, :func:`merge_practice`): plans
and decisions by their own uid, a check-in by its session's uid.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import TypeVar

from hiptimer.core.practice import Pain, PathKind, Plan, PlanHistory
from hiptimer.core.progression import Answer, Decision, Kind, SessionFact, Suggestion
from hiptimer.storage.errors import HistoryError, guarded
from hiptimer.storage.intake import Json
from hiptimer.storage.records import SessionRecord
from hiptimer.storage.rows import (
    COUNTS,
    DECISION_COLUMNS,
    PLAN_COLUMNS,
    SESSION_COLUMNS,
    SHOWN,
    decision_record,
    from_iso,
    plan_record,
    session_record,
    to_iso,
)
from hiptimer.storage.store import HistoryStore

FACTS_LIMIT = 500
"""At most this many recent sessions are read for the progression rules."""

LIMITS = {"plans": 10_000, "checkins": 200_000, "decisions": 100_000}
"""The most entries of each kind an imported ``"practice"`` may hold."""

T = TypeVar("T")


# --------------------------------------------------------------------------
# Plans


def _plan_values(plan: Plan) -> tuple[str | int, ...]:
    return (
        plan.effective_from.isoformat(),
        plan.path.value,
        json.dumps(list(plan.routines)),
        ",".join(str(d) for d in sorted(plan.weekdays)),
        plan.at.strftime("%H:%M"),
        plan.step,
        (plan.step_since or plan.effective_from).isoformat(),
        plan.retest_weeks,
    )


@guarded
def save_plan(store: HistoryStore, plan: Plan, now: datetime) -> Plan:
    """Add ``plan`` as the newest version (it applies from its ``effective_from``)."""
    with store.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO plans (uid, created_at, effective_from, path, routines, weekdays, at, step,"
            " step_since, retest_weeks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), to_iso(now), *_plan_values(plan)),
        )
    return replace(plan, id=int(cursor.lastrowid or 0))


@guarded
def plan_history(store: HistoryStore) -> PlanHistory:
    with store.reading() as conn:
        rows = conn.execute(f"SELECT {PLAN_COLUMNS} FROM plans ORDER BY effective_from, id").fetchall()
    return PlanHistory(tuple(plan_record(r) for r in rows))


# --------------------------------------------------------------------------
# Pain check-ins


@guarded
def set_pain(store: HistoryStore, session_id: int, pain: Pain | None, now: datetime) -> None:
    """Record "Did anything hurt?" for a session (None clears the answer)."""
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
            raise HistoryError(f"There is no session {session_id} in the history.", kind="invalid")
        if pain is None:
            conn.execute("DELETE FROM checkins WHERE session_id = ?", (session_id,))
            return
        conn.execute(
            "INSERT INTO checkins (session_id, pain, recorded_at) VALUES (?, ?, ?)"
            " ON CONFLICT (session_id) DO UPDATE SET pain = excluded.pain,"
            " recorded_at = excluded.recorded_at",
            (session_id, Pain(pain).value, to_iso(now)),
        )


@guarded
def pain_for(store: HistoryStore, session_ids: Iterable[int]) -> dict[int, Pain]:
    """The check-in of each of these sessions that has one."""
    ids = list(session_ids)
    out: dict[int, Pain] = {}
    with store.reading() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for sid, pain in conn.execute(
                f"SELECT session_id, pain FROM checkins WHERE session_id IN ({marks})", chunk
            ):
                out[int(sid)] = Pain(pain)
    return out


@guarded
def pain_by_uid(store: HistoryStore) -> dict[str, str]:
    """Session uid -> pain answer, for the exports."""
    with store.reading() as conn:
        return dict(conn.execute(
            "SELECT s.uid, c.pain FROM checkins c JOIN sessions s ON s.id = c.session_id"
        ).fetchall())


# --------------------------------------------------------------------------
# Decisions


@guarded
def record_decision(store: HistoryStore, suggestion: Suggestion, answer: Answer, now: datetime) -> Decision:
    """Record the user's answer to a suggestion."""
    uid = str(uuid.uuid4())
    s = suggestion
    with store.transaction() as conn:
        cursor = conn.execute(
            f"INSERT INTO decisions ({DECISION_COLUMNS.replace('id, uid', 'uid', 1)})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (uid, to_iso(now), s.rule, s.kind.value, s.routine_id, s.exercise_id, s.from_value,
             s.to_value, s.text, int(s.see_therapist), Answer(answer).value),
        )
    return Decision(now, suggestion, Answer(answer), id=int(cursor.lastrowid or 0), uid=uid)


@guarded
def decisions(store: HistoryStore, first: datetime | None = None,
              last: datetime | None = None) -> list[Decision]:
    """Decisions oldest first, optionally from ``first`` up to (not including) ``last``."""
    where, args = [], []
    if first is not None:
        where.append("decided_at >= ?")
        args.append(to_iso(first))
    if last is not None:
        where.append("decided_at < ?")
        args.append(to_iso(last))
    sql = f"SELECT {DECISION_COLUMNS} FROM decisions"
    sql += (" WHERE " + " AND ".join(where)) if where else ""
    with store.reading() as conn:
        rows = conn.execute(sql + " ORDER BY decided_at, id", args).fetchall()
    return [decision_record(r) for r in rows]


# --------------------------------------------------------------------------
# What the Today card and the rules read


@guarded
def done_days(store: HistoryStore, first: date, last: date) -> set[date]:
    """The days from ``first`` to ``last`` with a counted session."""
    with store.reading() as conn:
        rows = conn.execute(
            f"SELECT DISTINCT local_date FROM sessions WHERE local_date BETWEEN ? AND ? AND {COUNTS}",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
    return {date.fromisoformat(r[0]) for r in rows}


@guarded
def progression_facts(store: HistoryStore, since: date | None, limit: int = FACTS_LIMIT) -> list[SessionFact]:
    """Recent sessions for :func:`hiptimer.core.progression.suggest`, oldest first.

    From ``since`` (None: the latest ``limit``), and never starting after the
    latest session that reported pain, so the rules always see it.
    """
    with store.reading() as conn:
        row = conn.execute(
            "SELECT s.local_date FROM checkins c JOIN sessions s ON s.id = c.session_id"
            " WHERE c.pain != 'none' ORDER BY s.started_at DESC, s.id DESC LIMIT 1"
        ).fetchone()
        start = since
        if row is not None and start is not None:
            start = min(start, date.fromisoformat(row[0]))
        rows = conn.execute(
            "SELECT s.started_at, s.local_date, s.routine_id, s.status, s.parts_skipped, s.rating, c.pain"
            " FROM sessions s LEFT JOIN checkins c ON c.session_id = s.id"
            f" WHERE s.local_date >= ? AND s.{SHOWN}"
            " ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
            ((start or date.min).isoformat(), int(limit)),
        ).fetchall()
    return [
        SessionFact(from_iso(r[0]), date.fromisoformat(r[1]), r[2], r[3] == "completed" and not r[4],
                    r[5], Pain(r[6]) if r[6] else None)
        for r in reversed(rows)
    ]


@dataclass(frozen=True)
class LastRead:
    session: SessionRecord
    pain: Pain | None


@guarded
def last_session(store: HistoryStore, routine_ids: Iterable[str] | None = None) -> LastRead | None:
    """The newest session that began (of these routines, if given), with its pain answer."""
    where, args = [SHOWN], []
    if routine_ids is not None:
        ids = list(routine_ids)
        where.append(f"routine_id IN ({','.join('?' * len(ids))})")
        args += ids
    with store.reading() as conn:
        row = conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE {' AND '.join(where)}"
            " ORDER BY started_at DESC, id DESC LIMIT 1", args,
        ).fetchone()
        if row is None:
            return None
        pain = conn.execute("SELECT pain FROM checkins WHERE session_id = ?", (row[0],)).fetchone()
    return LastRead(session_record(row), Pain(pain[0]) if pain else None)


@guarded
def last_measured(store: HistoryStore) -> datetime | None:
    with store.reading() as conn:
        row = conn.execute("SELECT max(taken_at) FROM measurements").fetchone()
    return from_iso(row[0]) if row and row[0] else None


# --------------------------------------------------------------------------
# Export and import


@guarded
def practice_json(store: HistoryStore) -> dict[str, list[dict[str, object]]]:
    """The practice for a JSON export: plans, check-ins (by session uid), decisions."""
    with store.reading() as conn:
        plans = conn.execute(f"SELECT {PLAN_COLUMNS}, created_at FROM plans ORDER BY id").fetchall()
        rows = conn.execute(f"SELECT {DECISION_COLUMNS} FROM decisions ORDER BY id").fetchall()
        checkins = conn.execute(
            "SELECT s.uid, c.pain, c.recorded_at FROM checkins c JOIN sessions s ON s.id = c.session_id"
            " ORDER BY s.started_at, s.id"
        ).fetchall()
    return {
        "plans": [
            {"uid": r[1], "created_at": r[10], "effective_from": r[2], "path": r[3],
             "routines": json.loads(r[4]), "weekdays": [int(d) for d in r[5].split(",") if d],
             "at": r[6], "step": r[7], "step_since": r[8], "retest_weeks": r[9]}
            for r in plans
        ],
        "checkins": [{"session_uid": u, "pain": p, "recorded_at": t} for u, p, t in checkins],
        "decisions": [
            {"uid": r[1], "decided_at": r[2], "rule": r[3], "kind": r[4], "routine_id": r[5],
             "exercise_id": r[6], "from_value": r[7], "to_value": r[8], "text": r[9],
             "see_therapist": bool(r[10]), "answer": r[11]}
            for r in rows
        ],
    }


@dataclass(frozen=True)
class PracticeImport:
    plans: tuple[tuple[str, datetime, Plan], ...] = ()
    checkins: tuple[tuple[str, Pain, datetime], ...] = ()
    decisions: tuple[Decision, ...] = ()

    def __len__(self) -> int:
        return len(self.plans) + len(self.checkins) + len(self.decisions)


def _field(item: Mapping[str, Json], key: str, kind: type[T], where: str) -> T:
    value = item.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"{where}.{key}: expected {kind.__name__}, got {value!r}")
    return value


def parse_practice(section: Json, where: str = "practice") -> PracticeImport:
    """Check a ``"practice"`` object of an export; ValueError names the bad field."""
    if section is None:
        return PracticeImport()
    if not isinstance(section, dict):
        raise ValueError(f"{where}: expected an object")
    for key, limit in LIMITS.items():
        items = section.get(key) or []
        if not isinstance(items, list):
            raise ValueError(f"{where}.{key}: expected a list")
        if len(items) > limit:
            raise ValueError(f"{where}.{key}: expected at most {limit} entries, got {len(items)}")
    plans, checkins, made = [], [], []
    try:
        for i, p in enumerate(section.get("plans") or []):
            w = f"{where}.plans[{i}]"
            if not isinstance(p, dict):
                raise ValueError(f"{w}: expected an object")
            plan = Plan(
                path=PathKind(_field(p, "path", str, w)),
                routines=tuple(str(r) for r in _field(p, "routines", list, w)),
                weekdays=frozenset(int(d) for d in _field(p, "weekdays", list, w)),
                effective_from=date.fromisoformat(_field(p, "effective_from", str, w)),
                at=time.fromisoformat(_field(p, "at", str, w)),
                step=_field(p, "step", int, w),
                step_since=date.fromisoformat(_field(p, "step_since", str, w)),
                retest_weeks=_field(p, "retest_weeks", int, w),
            )
            plans.append((_field(p, "uid", str, w), from_iso(_field(p, "created_at", str, w)), plan))
        for i, c in enumerate(section.get("checkins") or []):
            w = f"{where}.checkins[{i}]"
            if not isinstance(c, dict):
                raise ValueError(f"{w}: expected an object")
            checkins.append((_field(c, "session_uid", str, w), Pain(_field(c, "pain", str, w)),
                             from_iso(_field(c, "recorded_at", str, w))))
        for i, d in enumerate(section.get("decisions") or []):
            w = f"{where}.decisions[{i}]"
            if not isinstance(d, dict):
                raise ValueError(f"{w}: expected an object")
            s = Suggestion(
                rule=_field(d, "rule", str, w), kind=Kind(_field(d, "kind", str, w)),
                routine_id=_field(d, "routine_id", str, w), text=_field(d, "text", str, w),
                exercise_id=_field(d, "exercise_id", str, w), from_value=_field(d, "from_value", str, w),
                to_value=_field(d, "to_value", str, w), see_therapist=bool(d.get("see_therapist")),
            )
            made.append(Decision(from_iso(_field(d, "decided_at", str, w)), s,
                                 Answer(_field(d, "answer", str, w)), uid=_field(d, "uid", str, w)))
    except (TypeError, ValueError) as exc:
        raise ValueError(str(exc) if str(exc).startswith(where) else f"{where}: {exc}") from None
    return PracticeImport(tuple(plans), tuple(checkins), tuple(made))


def merge_practice(conn: sqlite3.Connection, practice: PracticeImport) -> int:
    """Add what is new (by uid; a check-in only where the session has none), inside
    the caller's transaction, after the sessions are merged. Returns how many rows."""
    added = 0
    for uid, created, plan in practice.plans:
        cur = conn.execute(
            "INSERT INTO plans (uid, created_at, effective_from, path, routines, weekdays, at, step,"
            " step_since, retest_weeks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING",
            (uid, to_iso(created), *_plan_values(plan)),
        )
        added += cur.rowcount
    for session_uid, pain, recorded in practice.checkins:
        cur = conn.execute(
            "INSERT INTO checkins (session_id, pain, recorded_at)"
            " SELECT id, ?, ? FROM sessions WHERE uid = ? ON CONFLICT (session_id) DO NOTHING",
            (pain.value, to_iso(recorded), session_uid),
        )
        added += cur.rowcount
    for d in practice.decisions:
        s = d.suggestion
        cur = conn.execute(
            f"INSERT INTO decisions ({DECISION_COLUMNS.replace('id, uid', 'uid', 1)})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING",
            (d.uid, to_iso(d.decided_at), s.rule, s.kind.value, s.routine_id, s.exercise_id,
             s.from_value, s.to_value, s.text, int(s.see_therapist), d.answer.value),
        )
        added += cur.rowcount
    return added


@guarded
def import_practice(store: HistoryStore, practice: PracticeImport) -> int:
    """:func:`merge_practice` in a transaction of its own."""
    with store.transaction() as conn:
        return merge_practice(conn, practice)
