"""The practice in the history: migration 4, plan versions, pain check-ins, decisions, export."""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from hiptimer.core.practice import Pain, PathKind, Plan
from hiptimer.core.progression import Answer, Kind, Suggestion
from hiptimer.storage import plans
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.schema import MIGRATIONS, SCHEMA_VERSION
from hiptimer.storage.store import HistoryStore

NOW = datetime(2024, 5, 10, 12, tzinfo=UTC)
SUGGESTION = Suggestion("R7", Kind.NEXT_STEP, "level-1", "Try Level 2 next.", "", "level-1", "level-2")


def levels(start: str = "2024-05-01", **kw) -> Plan:
    return Plan.for_path(PathKind.LEVELS, {0, 2, 4}, date.fromisoformat(start), at=time(18, 30), **kw)


def test_migration_4_keeps_a_version_3_history(db_path, zone):
    """A file at schema 3 gains the practice tables with its sessions untouched."""
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    for step in MIGRATIONS[:3]:
        for statement in step:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO sessions (uid, routine_id, routine_title, started_at, local_date, status)"
        " VALUES ('u1', 'level-1', 'Level 1', '2024-05-01T07:00:00.000000+00:00', '2024-05-01', 'completed')"
    )
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    store = HistoryStore.open(db_path, local_tz=zone).store
    assert store.count_sessions() == 1
    assert plans.plan_history(store).current is None
    store.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 4
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"plans", "checkins", "decisions"} <= tables


def test_plan_versions_round_trip(store):
    """A saved plan comes back equal, and the newer version is current."""
    first = plans.save_plan(store, levels(), NOW)
    second = plans.save_plan(store, first.with_step(1, date(2024, 5, 20)), NOW)
    history = plans.plan_history(store)
    assert history.versions == (first, second)
    assert history.current.current_routine == "level-2"
    assert history.on(date(2024, 5, 19)) == first
    assert first.at == time(18, 30) and first.weekdays == frozenset({0, 2, 4})


def test_pain_is_stored_per_session_and_can_change(store, add_session):
    """The check-in is one answer per session: set, changed, cleared."""
    sid = add_session(store, "2024-05-01")
    plans.set_pain(store, sid, Pain.MILD, NOW)
    assert plans.pain_for(store, [sid]) == {sid: Pain.MILD}
    plans.set_pain(store, sid, Pain.SHARP, NOW)
    assert plans.pain_for(store, [sid]) == {sid: Pain.SHARP}
    plans.set_pain(store, sid, None, NOW)
    assert plans.pain_for(store, [sid]) == {}


def test_pain_for_a_missing_session_is_refused(store):
    """No session, no check-in: a clear HistoryError, not a raw sqlite error."""
    with pytest.raises(HistoryError):
        plans.set_pain(store, 999, Pain.NONE, NOW)


def test_the_database_refuses_an_unknown_pain(store, add_session):
    """The CHECK keeps only none, mild and sharp."""
    sid = add_session(store, "2024-05-01")
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
        conn.execute("INSERT INTO checkins VALUES (?, 'awful', '2024')", (sid,))


def test_decisions_are_recorded_with_their_answer(store):
    """Accepting or declining keeps the suggestion's words and values."""
    plans.record_decision(store, SUGGESTION, Answer.DECLINED, NOW)
    (d,) = plans.decisions(store)
    assert d.answer is Answer.DECLINED and d.suggestion == SUGGESTION and d.decided_at == NOW


def test_progression_facts_reach_back_to_the_last_pain(store, add_session):
    """The rules always see the latest painful session, even before the step began."""
    sore = add_session(store, "2024-04-01")
    plans.set_pain(store, sore, Pain.SHARP, NOW)
    add_session(store, "2024-05-02", status="ended_early", done=1)
    facts = plans.progression_facts(store, date(2024, 5, 1))
    assert [f.day for f in facts] == [date(2024, 4, 1), date(2024, 5, 2)]
    assert facts[0].pain is Pain.SHARP and facts[0].completed
    assert not facts[1].completed and facts[1].pain is None


def test_done_days_are_counted_days(store, add_session):
    """A day with only a session that recorded nothing is not done."""
    add_session(store, "2024-05-01")
    add_session(store, "2024-05-02", status="ended_early", done=0)
    assert plans.done_days(store, date(2024, 4, 1), date(2024, 6, 1)) == {date(2024, 5, 1)}


def test_practice_export_and_import_round_trip(store, add_session, zone):
    """Plans, check-ins (by session uid) and decisions come back into another history by uid, once."""
    sid = add_session(store, "2024-05-01")
    plans.save_plan(store, levels(), NOW)
    plans.set_pain(store, sid, Pain.MILD, NOW)
    plans.record_decision(store, SUGGESTION, Answer.ACCEPTED, NOW)
    doc = json.loads(json.dumps(plans.practice_json(store)))
    uid = store.session(sid).uid

    other = HistoryStore.open(":memory:", local_tz=zone).store
    from hiptimer.storage.export import export_json
    from hiptimer.storage.importer import import_json

    buf = io.StringIO()
    export_json(store, buf)
    import_json(other, io.StringIO(buf.getvalue()))
    assert json.loads(buf.getvalue())["practice"] == doc  # the export carries the practice
    assert plans.import_practice(other, plans.parse_practice(doc)) == 0  # already merged, by uid
    assert replace(plans.plan_history(other).current, id=0) == replace(plans.plan_history(store).current, id=0)
    other_sid = next(s.id for s, _ in other.iter_sessions() if s.uid == uid)
    assert plans.pain_for(other, [other_sid]) == {other_sid: Pain.MILD}
    assert [d.suggestion for d in plans.decisions(other)] == [SUGGESTION]


@pytest.mark.parametrize("bad", [
    {"plans": [{"uid": "p", "path": "hiking"}]},
    {"checkins": [{"session_uid": "s", "pain": "awful", "recorded_at": "2024-05-01T00:00:00+00:00"}]},
    {"decisions": ["not an object"]},
    "not an object",
])
def test_a_bad_practice_section_is_named(bad):
    """A bad entry raises ValueError naming where it is."""
    with pytest.raises(ValueError, match="practice"):
        plans.parse_practice(bad)


def test_csv_export_has_the_pain_of_each_session(store, add_session):
    """The CSV's last column holds the session's check-in; part rows leave it empty."""
    import csv

    from hiptimer.storage.export import export_csv

    sid = add_session(store, "2024-05-01", done=1, planned=1)
    add_session(store, "2024-05-02", done=1, planned=1)
    plans.set_pain(store, sid, Pain.SHARP, NOW)
    buf = io.StringIO()
    export_csv(store, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(rows[0])[-1] == "pain"
    sessions = [r for r in rows if r["record"] == "session"]
    assert [r["pain"] for r in sessions] == ["sharp", ""]
    assert all(r["pain"] == "" for r in rows if r["record"] == "part")
