"""Made-up but plausible history, for tests and benchmarks (a dev tool, not product).

Deterministic for a given seed. Writes through the importer's bulk merge, so
twenty thousand sessions take seconds, not a commit each.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.storage.merging import merge_sessions
from hiptimer.storage.records import PartRecord, SessionRecord, SessionStatus
from hiptimer.storage.store import HistoryStore


@dataclass(frozen=True)
class _Exercise:
    id: str
    name: str
    sided: bool
    dose: str
    seconds: float


@dataclass(frozen=True)
class _Routine:
    id: str
    title: str
    level: int | None
    exercises: tuple[_Exercise, ...]

    @property
    def planned_parts(self) -> int:
        return sum(2 if e.sided else 1 for e in self.exercises)


ROUTINES: tuple[_Routine, ...] = (
    _Routine(
        "level-1",
        "Level 1: Hang and pull",
        1,
        (
            _Exercise("ir-hang", "Internal rotation hang", False, "90 s hold", 90),
            _Exercise("er-knee-to-shoulder", "External rotation knee pull", True, "10 × 4 s", 70),
        ),
    ),
    _Routine(
        "level-2",
        "Level 2: Band turn and pigeon",
        2,
        (
            _Exercise("band-assisted-ir", "Band-assisted internal rotation", True, "10 × 5 s", 80),
            _Exercise("pigeon", "Pigeon pose", True, "60 s hold", 60),
        ),
    ),
    _Routine(
        "level-3",
        "Level 3: 90/90 get-up",
        3,
        (_Exercise("ninety-ninety-get-up", "90/90 get-up to half kneeling", True, "6 reps", 75),),
    ),
    _Routine(
        "five-internal-rotation-moves",
        "Five internal rotation moves",
        None,
        (
            _Exercise("sidelying-ir", "Side-lying foot lift over a foam roll", True, "20 reps", 60),
            _Exercise("ninety-ninety-rotation", "90/90 switches", False, "10 reps", 50),
            _Exercise("pigeon", "Pigeon pose", True, "45 s hold", 45),
            _Exercise(
                "seated-ir-band", "Seated internal rotation against a band", True, "10 reps", 40
            ),
        ),
    ),
)


def sample_sessions(
    count: int,
    *,
    end: datetime,
    store: HistoryStore,
    seed: int = 7,
    per_day: float = 1.0,
) -> Iterator[tuple[SessionRecord, list[PartRecord]]]:
    """``count`` sessions ending before ``end`` (aware), newest last.

    ``per_day`` is the mean number of sessions on a day with any; about one
    day in four is left empty, with a few longer breaks.
    """
    rng = random.Random(seed)
    day_starts: list[datetime] = []
    day = end.replace(hour=0, minute=0, second=0, microsecond=0)
    while len(day_starts) < count:
        day -= timedelta(days=1)
        if rng.random() < 0.27 or (day.day in (3, 4, 5) and day.month % 4 == 0):
            continue
        n = max(1, round(rng.gauss(per_day, 0.5)))
        for k in range(n):
            hour = rng.choice((7, 8, 12, 18, 19, 20, 21)) + k
            day_starts.append(day.replace(hour=min(hour, 23), minute=rng.randrange(60)))
    day_starts = sorted(day_starts[:count])
    for started in day_starts:
        yield _one_session(rng, started, store)


def _one_session(
    rng: random.Random, started: datetime, store: HistoryStore
) -> tuple[SessionRecord, list[PartRecord]]:
    routine = rng.choices(ROUTINES, weights=(5, 3, 1, 2))[0]
    roll = rng.random()
    if roll < 0.80:
        status = SessionStatus.COMPLETED
    elif roll < 0.92:
        status = SessionStatus.ENDED_EARLY
    else:
        status = SessionStatus.INTERRUPTED
    parts: list[PartRecord] = []
    at = started + timedelta(seconds=15)
    planned = routine.planned_parts
    stop_after = planned if status is SessionStatus.COMPLETED else rng.randrange(0, planned)
    total = 0.0
    for index, ex in enumerate(routine.exercises):
        for side in (Side.LEFT, Side.RIGHT) if ex.sided else (Side.NONE,):
            if len(parts) >= stop_after:
                break
            skipped = rng.random() < 0.06
            seconds = 0.0 if skipped else ex.seconds * rng.uniform(0.95, 1.1)
            at += timedelta(seconds=seconds + 12)
            total += seconds
            parts.append(
                PartRecord(
                    session_id=0,
                    exercise_index=index,
                    exercise_id=ex.id,
                    exercise_name=ex.name,
                    side=side,
                    status=PartStatus.SKIPPED if skipped else PartStatus.DONE,
                    dose=ex.dose,
                    active_seconds=round(seconds, 1),
                    ended_at=at,
                )
            )
    rating = (
        rng.choice((None, None, 6, 7, 7, 8, 8, 9, 10)) if status.value != "interrupted" else None
    )
    note = rng.choice(("", "", "", "", "Left hip felt tight today.", "Easier than last week."))
    record = SessionRecord(
        id=0,
        uid=uuid.UUID(int=rng.getrandbits(128), version=4).hex,
        routine_id=routine.id,
        routine_title=routine.title,
        level=routine.level,
        started_at=started,
        local_date=store.local_date(started),
        ended_at=at + timedelta(seconds=5),
        status=status,
        active_seconds=round(total, 1),
        planned_parts=planned,
        parts_done=0,
        parts_skipped=0,
        rating=rating,
        note=note,
    )
    return record, parts


def fill_history(
    store: HistoryStore,
    count: int,
    *,
    end: datetime,
    seed: int = 7,
    per_day: float = 1.0,
    batch: int = 2000,
) -> int:
    """Add ``count`` sample sessions to ``store`` in a few big transactions."""
    added = 0
    chunk: list[tuple[SessionRecord, list[PartRecord]]] = []
    for item in sample_sessions(count, end=end, store=store, seed=seed, per_day=per_day):
        chunk.append(item)
        if len(chunk) >= batch:
            added += merge_sessions(store, chunk)[0]
            chunk = []
    if chunk:
        added += merge_sessions(store, chunk)[0]
    return added
