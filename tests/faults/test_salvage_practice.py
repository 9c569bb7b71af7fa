"""A damaged history gives back its practice too: plan versions, pain answers, decisions.

Each test damages a real, closed history file (random bytes over whole pages,
found with SQLite's ``dbstat`` table) and opens it as the app does; what
comes back is compared with what was written.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from hiptimer.core.practice import Pain, PathKind, Plan
from hiptimer.core.progression import Answer, Decision, Kind, Suggestion
from hiptimer.storage import plans
from hiptimer.storage.plans import PracticeImport
from hiptimer.storage.store import HistoryStore
from tests.sample_history import fill_history

NOW = datetime(2026, 11, 2, 12, tzinfo=UTC)
PRACTICE = ("plans", "checkins", "decisions")


def _plan(i: int) -> Plan:
    if i % 5 == 4:
        return Plan.for_path(PathKind.CUSTOM, range(i % 7 + 1), date(2026, 1, 1) + timedelta(days=i),
                             routines=(f"custom-{i}", "level-1"), at=time(7, i % 60))
    return Plan.for_path(PathKind.LEVELS, range(i % 7 + 1), date(2026, 1, 1) + timedelta(days=i))


def _decision(i: int) -> Decision:
    kinds = list(Kind)
    suggestion = Suggestion(rule=f"R{i % 9}", kind=kinds[i % len(kinds)], routine_id="level-1",
                            text=f"Suggestion {i}: " + "hold a little longer " * 8,
                            exercise_id="ir-hang", from_value="60", to_value="75",
                            see_therapist=i % 11 == 0)
    answer = Answer.ACCEPTED if i % 3 else Answer.DECLINED
    return Decision(NOW + timedelta(minutes=i), suggestion, answer, uid=str(uuid.uuid4()))


def _fill(store: HistoryStore, sessions: int, plan_versions: int, decisions: int) -> None:
    assert fill_history(store, sessions, end=datetime(2026, 11, 1, tzinfo=UTC)) == sessions
    pains = [Pain.NONE, Pain.MILD, Pain.SHARP]
    checkins = tuple((s.uid, pains[s.id % 3], s.started_at + timedelta(minutes=20))
                     for s, _ in store.iter_sessions())
    made = tuple((str(uuid.uuid4()), NOW, _plan(i)) for i in range(plan_versions))
    plans.import_practice(store, PracticeImport(made, checkins, tuple(_decision(i) for i in range(decisions))))


def _practice(store: HistoryStore) -> dict[str, dict]:
    """Everything of the practice, keyed by what survives a salvage (uids, session uids)."""
    uid_of = {s.id: s.uid for s, _ in store.iter_sessions()}
    return {
        "plans": {(p.effective_from, p.path, p.routines, p.weekdays, p.at): p
                  for p in (plans.plan_history(store).versions)},
        "checkins": {uid_of[sid]: pain for sid, pain in plans.pain_for(store, list(uid_of)).items()},
        "decisions": {d.uid: d for d in plans.decisions(store)},
    }


def _comparable(practice: dict[str, dict]) -> dict[str, dict]:
    """Plans without their ids (a salvaged plan keeps its id, but compare by content)."""
    out = dict(practice)
    out["plans"] = {k: (v.step, v.step_since, v.retest_weeks) for k, v in practice["plans"].items()}
    out["decisions"] = {k: (v.decided_at, v.suggestion, v.answer) for k, v in practice["decisions"].items()}
    return out


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[bytes, dict[str, dict], dict[str, list[tuple[int, str]]]]:
    """A closed history of 300 sessions, each with a pain answer, 40 plan versions and
    150 decisions: its bytes, its practice, and the pages (number, kind) of each table."""
    path = tmp_path_factory.mktemp("practice") / "history.sqlite3"
    store = HistoryStore.open(path).store
    _fill(store, 300, 40, 150)
    truth = _practice(store)
    store.close()
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, pageno, pagetype FROM dbstat ORDER BY pageno").fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find a table's pages")
    finally:
        conn.close()
    pages: dict[str, list[tuple[int, str]]] = {}
    for name, number, kind in rows:
        pages.setdefault(name, []).append((number, kind))
    for table in PRACTICE:
        assert any(kind == "internal" for _, kind in pages[table]), f"{table} fits one page"
    return path.read_bytes(), truth, pages


def _open_damaged(good: bytes, pages: list[int], db_path: Path, seed: int = 0):
    """Write ``good`` with random bytes over each of ``pages`` to ``db_path`` and open it."""
    size = int.from_bytes(good[16:18], "big")
    data = bytearray(good)
    rng = random.Random(seed)
    for number in pages:
        data[(number - 1) * size:number * size] = rng.randbytes(size)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(bytes(data))
    opened = HistoryStore.open(db_path)
    assert opened.moved_aside, "the damage went unnoticed"
    return opened


def _first(pages: list[tuple[int, str]], kind: str) -> int:
    return next(number for number, k in pages if k == kind)


def test_damage_to_the_sessions_loses_nothing_of_the_practice(history, db_path):
    """With a page of sessions destroyed, every plan, pain answer and decision comes back."""
    good, truth, pages = history
    opened = _open_damaged(good, [_first(pages["sessions"], "leaf")], db_path)
    store = opened.store
    assert store.count_sessions() == 300  # rebuilt from the indexes, ids kept
    assert _comparable(_practice(store)) == _comparable(truth)
    assert "40 plan versions, 300 pain answers and 150 answers to suggestions" in opened.notice
    store.close()


@pytest.mark.parametrize("table", PRACTICE)
def test_a_damaged_page_above_the_practice_loses_none_of_it(history, db_path, table):
    """A table's top page destroyed hides its whole leaves from SQLite; they are read anyway."""
    good, truth, pages = history
    opened = _open_damaged(good, [_first(pages[table], "internal")], db_path)
    assert _comparable(_practice(opened.store)) == _comparable(truth)
    assert opened.salvaged.unreadable == 0
    opened.store.close()


@pytest.mark.parametrize("table", PRACTICE)
def test_a_damaged_practice_page_loses_only_the_rows_on_it(history, db_path, table):
    """One leaf of a practice table destroyed: the rest of it, and the other tables, come back
    unchanged; what is lost is counted where ids count up."""
    good, truth, pages = history
    opened = _open_damaged(good, [_first(pages[table], "leaf")], db_path)
    got = _comparable(_practice(opened.store))
    want = _comparable(truth)
    for other in PRACTICE:
        if other != table:
            assert got[other] == want[other], other
    kept, lost = got[table], set(want[table]) - set(got[table])
    assert all(want[table][k] == v for k, v in kept.items())  # nothing came back altered
    assert lost and kept
    if table != "checkins":  # a pain answer's id is its session's: a gap says nothing
        assert opened.salvaged.unreadable >= len(lost)
    opened.store.close()


def test_a_garbled_plan_is_left_out_not_kept_to_break_the_practice(history, db_path):
    """A plan whose stored values no longer make a plan (damaged bytes inside it) is left out;
    the other plans come back and the plan history reads."""
    good, truth, pages = history
    target = b'"custom-4"'
    assert good.count(target) == 1
    data = good.replace(target, b'"custom-4[')  # the same length: the page still parses
    opened = _open_damaged(data, [_first(pages["sessions"], "leaf")], db_path)
    got = plans.plan_history(opened.store).versions
    assert len(got) == len(truth["plans"]) - 1
    assert all("custom-4" not in p.routines for p in got)
    assert opened.salvaged.unreadable >= 1
    opened.store.close()


def test_a_plan_alone_is_salvaged_and_the_history_counts_as_read(tmp_path, db_path):
    """A history holding only a plan (no session yet) is not taken for unreadable when its
    file is damaged elsewhere: the plan comes back and the notice says so."""
    source = tmp_path / "plan-only.sqlite3"
    store = HistoryStore.open(source).store
    plans.save_plan(store, _plan(0), NOW)
    store.close()
    conn = sqlite3.connect(source)
    try:
        (sessions_page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sessions'").fetchone()
    finally:
        conn.close()
    opened = _open_damaged(source.read_bytes(), [sessions_page], db_path)
    assert not opened.unreadable
    assert "1 plan version" in opened.notice
    assert plans.plan_history(opened.store).current is not None
    opened.store.close()
