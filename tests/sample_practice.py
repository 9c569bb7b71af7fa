"""A made-up but plausible year of practice, for the report's tests, the benchmark and the sample PNG.

Deterministic for a seed: a Levels 1-3 plan (Monday to Saturday, Sunday
rest) from ``first``; one session on most days; feel ratings; pain check-ins
(mostly none, some mild, two sharp ones, each followed by a step back);
range-of-motion measurements every four weeks; the progression decisions
that go with the plan's steps. Written in bulk through :mod:`hiptimer.storage.merging`
and :func:`hiptimer.storage.plans.merge_practice`.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.core.practice import LEVEL_STEPS, Pain, PathKind, Plan
from hiptimer.core.progression import Answer, Decision, Kind, Suggestion
from hiptimer.storage import plans
from hiptimer.storage.merging import merge_measurements, merge_sessions
from hiptimer.storage.records import MeasurementRecord, PartRecord, SessionRecord, SessionStatus
from hiptimer.storage.store import HistoryStore

EXERCISES = {
    "level-1": (("ir-hang", "Internal rotation hang", False, 90), ("er-knee-to-shoulder",
                "External rotation knee pull", True, 70)),
    "level-2": (("band-assisted-ir", "Band-assisted internal rotation", True, 80),
                ("pigeon", "Pigeon pose", True, 45)),
    "level-3": (("ninety-ninety-get-up", "90/90 get-up to half kneeling", True, 75),),
}
TITLES = {"level-1": "Level 1: Hang and pull", "level-2": "Level 2: Band turn and pigeon",
          "level-3": "Level 3: 90/90 get-up"}
NOTES = ("", "", "", "", "Stiff in the morning", "Felt easy", "Left side tighter", "Short on time")


@dataclass(frozen=True)
class SampleYear:
    first: date
    last: date
    sessions: int
    pains: dict[str, Pain]  # session uid -> answer
    plan_steps: tuple[tuple[date, int], ...]


def fill_practice_year(store: HistoryStore, first: date, days: int = 365, *, seed: int = 3) -> SampleYear:
    rng = random.Random(seed)
    last = first + timedelta(days=days - 1)
    # The path: Level 1, then 2 after six weeks, back to 1 after a sharp pain, on again, then 3.
    steps = [(first, 0), (first + timedelta(days=42), 1), (first + timedelta(days=120), 0),
             (first + timedelta(days=150), 1), (first + timedelta(days=250), 2)]
    sharp_days = {first + timedelta(days=119), first + timedelta(days=300)}
    steps.append((first + timedelta(days=301), 1))
    steps.sort()
    sessions: list[tuple[SessionRecord, list[PartRecord]]] = []
    pains: dict[str, Pain] = {}
    day = first
    while day <= last:
        if rng.random() < 0.12 and day not in sharp_days:  # a day off
            day += timedelta(days=1)
            continue
        step = max(s for d, s in steps if d <= day)
        routine = LEVEL_STEPS[step]
        started = datetime.combine(day, time(17 + rng.randrange(3), rng.randrange(60)), UTC)
        roll = rng.random()
        status = SessionStatus.COMPLETED if roll < 0.88 else SessionStatus.ENDED_EARLY
        parts, at, total = [], started + timedelta(seconds=15), 0.0
        planned = sum(2 if sided else 1 for _, _, sided, _ in EXERCISES[routine])
        stop = planned if status is SessionStatus.COMPLETED else rng.randrange(1, planned)
        for index, (ex_id, name, sided, seconds) in enumerate(EXERCISES[routine]):
            for side in (Side.LEFT, Side.RIGHT) if sided else (Side.NONE,):
                if len(parts) >= stop:
                    break
                skipped = status is SessionStatus.COMPLETED and rng.random() < 0.04
                spent = 0.0 if skipped else seconds * rng.uniform(0.95, 1.05)
                at += timedelta(seconds=spent + 10)
                total += spent
                parts.append(PartRecord(0, index, ex_id, name, side,
                                        PartStatus.SKIPPED if skipped else PartStatus.DONE,
                                        f"{seconds} s", round(spent, 1), at))
        uid = str(uuid.UUID(int=rng.getrandbits(128)))
        rating = min(10, max(0, round(rng.gauss(7.4, 1.3))))
        if day in sharp_days:
            pain, rating = Pain.SHARP, 3
        else:
            pain = Pain.MILD if rng.random() < 0.06 else Pain.NONE
        if rng.random() < 0.05:
            pain = None  # the check-in was skipped
        if pain is not None:
            pains[uid] = pain
        sessions.append((SessionRecord(0, uid, routine, TITLES[routine], step + 1, started, day,
                                       at + timedelta(seconds=5), status, round(total, 1), planned, 0, 0,
                                       rating, rng.choice(NOTES)), parts))
        day += timedelta(days=1)
    merge_sessions(store, sessions)
    measurements = []
    for k, when in enumerate(first + timedelta(weeks=w) for w in range(0, days // 7 + 1, 4)):
        if when > last:
            break
        moment = datetime.combine(when, time(9), UTC)
        for test_id, base in (("prone-ir", 30), ("seated-ir-flexion", 25)):
            left = base + k + rng.randrange(-2, 3)
            right = base + 4 + k // 2 + rng.randrange(-2, 3)
            measurements.append(MeasurementRecord(0, str(uuid.UUID(int=rng.getrandbits(128))), test_id, moment,
                                                  left, right, ""))
    merge_measurements(store, measurements)
    versions, decisions = [], []
    previous = None
    for when, step in steps:
        plan = Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset(range(6)), first if previous is None else when,
                    time(18, 0), step, when)
        versions.append((str(uuid.UUID(int=rng.getrandbits(128))), datetime.combine(when, time(8), UTC), plan))
        if previous is not None:
            back = step < previous
            kind = Kind.STEP_BACK if back else Kind.NEXT_STEP
            text = (f"Go back to {TITLES[LEVEL_STEPS[step]]} for now. Please see a physical therapist "
                    "before you go on." if back else
                    f"You have done {TITLES[LEVEL_STEPS[previous]]} well for a while: try "
                    f"{TITLES[LEVEL_STEPS[step]]} next.")
            s = Suggestion("R1" if back else "R7", kind, LEVEL_STEPS[previous], text, "",
                           LEVEL_STEPS[previous], LEVEL_STEPS[step], see_therapist=back)
            decisions.append(Decision(datetime.combine(when, time(7, 30), UTC), s, Answer.ACCEPTED,
                                      uid=str(uuid.UUID(int=rng.getrandbits(128)))))
        previous = step
    hold = Suggestion("R5", Kind.LONGER_HOLD, "level-1", "Internal rotation hang: try holding 105 s instead "
                      "of 90 s (the article allows up to 120 s).", "ir-hang", "90", "105")
    decisions.append(Decision(datetime.combine(first + timedelta(days=20), time(7), UTC), hold, Answer.DECLINED,
                              uid=str(uuid.UUID(int=rng.getrandbits(128)))))
    decisions.sort(key=lambda d: d.decided_at)
    checkins = tuple((uid, pain, datetime.combine(first, time(20), UTC)) for uid, pain in pains.items())
    plans.import_practice(store, plans.PracticeImport(tuple(versions), checkins, tuple(decisions)))
    return SampleYear(first, last, len(sessions), pains, tuple(steps))
