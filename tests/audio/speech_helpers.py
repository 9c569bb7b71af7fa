"""Helpers for the speech tests: routines with unheard-of names, a session driven in (scaled) real time."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field, replace

from hiptimer.audio.scheduler import CueScheduler
from hiptimer.core.clock import ScaledClock
from hiptimer.core.engine import Engine
from hiptimer.core.events import CueDue, Event, Finished
from hiptimer.core.model import Exercise, Routine, SidesMode
from hiptimer.core.plan import Plan
from tests.audio.audio_helpers import need
from tests.factories import hold, reps, routine

UNHEARD = ("Zebra crossing stretch", "Lighthouse keeper lunge", "Marmalade knee circle")


def need_espeak() -> None:
    need(shutil.which("espeak-ng") is not None,
         "espeak-ng is not installed (apt install espeak-ng)")


def named(exercise: Exercise, name: str, **changes: object) -> Exercise:
    return replace(exercise, name=name, **changes)  # type: ignore[arg-type]


def zebra_routine() -> Routine:
    """Three exercises whose names are in no bundled sound: a hold, reps, a hold both sides."""
    return routine(
        named(hold("zebra", seconds=6, sides=SidesMode.NONE, get_ready=5), UNHEARD[0]),
        named(reps("lighthouse", n=2, hold_s=3, release=2, sides=SidesMode.NONE,
                   get_ready=5), UNHEARD[1]),
        named(hold("marmalade", seconds=6, sides=SidesMode.BOTH, get_ready=5), UNHEARD[2]),
        switch=5, rid="zebra")


def long_routine(n: int = 40) -> Routine:
    """``n`` exercises with distinct names, each both sides: many phrases to render."""
    words = ("amber", "birch", "cobalt", "delta", "ember", "fjord", "garnet", "harbor")
    return routine(*(
        named(hold(f"ex{i}", seconds=10, sides=SidesMode.BOTH, get_ready=5),
              f"{words[i % len(words)].title()} stretch number {i + 1}")
        for i in range(n)), switch=5, rid=f"long{n}")


@dataclass
class Session:
    """What a driven session did: every event with the clock time it was handed over."""

    plan: Plan
    clock: ScaledClock
    start: float = 0.0
    events: list[tuple[float, Event]] = field(default_factory=list)

    def cues(self) -> list[CueDue]:
        return [e for _, e in self.events if isinstance(e, CueDue)]


def scaled_clock(scale: float) -> ScaledClock:
    return ScaledClock(scale)


def drive(audio: CueScheduler, plan: Plan, clock: ScaledClock, *, until: float | None = None,
          prepare: bool = True, time_scale: float = 1.0) -> Session:
    """Run the real engine over ``plan`` on ``clock`` (the scheduler's clock too), handing
    every event to ``audio`` the moment it is due, as the app's runner does.

    ``until``: stop after this many plan seconds. Returns the session's events.
    """
    engine = Engine(plan, clock)
    session = Session(plan, clock)
    if prepare:
        audio.prepare(plan, time_scale)
    session.start = clock.monotonic()
    batch = engine.start()
    while True:
        now = clock.monotonic()
        for e in batch:
            session.events.append((now, e))
            audio.handle(e)
        if any(isinstance(e, Finished) for e in batch):
            break
        if until is not None and now - session.start >= until:
            break
        wake = engine.next_wakeup()
        if wake is None:
            break
        time.sleep(max(0.0, (wake - clock.monotonic()) / clock.scale))
        batch = engine.tick()
    return session
