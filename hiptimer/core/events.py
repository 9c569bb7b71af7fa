"""What the engine tells the outside world.

The engine emits these plain values; the Qt shell turns them into words on
screen and the audio layer into sounds. Nothing here knows about either.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hiptimer.core.model import Side
from hiptimer.core.plan import Phase


class Cue(enum.Enum):
    """A moment that deserves a sound. The audio layer picks the sound."""

    COUNTDOWN = "countdown"  # last three seconds of a timed phase; see ``CueDue.count``
    GO = "go"  # a hold, effort or rep begins
    RELEASE = "release"  # a release between reps, or rest inside a cycle
    REP_DONE = "rep_done"
    HALFWAY = "halfway"  # middle of a long hold
    SWITCH_SIDES = "switch_sides"
    REST = "rest"  # rest between sets
    GET_READY = "get_ready"  # first exercise: get into position
    NEXT_EXERCISE = "next_exercise"
    EXERCISE_DONE = "exercise_done"
    ROUTINE_DONE = "routine_done"


class PartStatus(enum.Enum):
    DONE = "done"
    SKIPPED = "skipped"


class PauseReason(enum.Enum):
    USER = "user"
    SUSPEND = "suspend"  # the clock jumped far beyond a tick


class EndStatus(enum.Enum):
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


@dataclass(frozen=True)
class PhaseStarted:
    phase: Phase
    at: float  # monotonic time the phase began (its scheduled start)


@dataclass(frozen=True)
class SecondChanged:
    """The whole seconds shown for the current phase changed."""

    phase: Phase
    seconds_left: int


@dataclass(frozen=True)
class CueDue:
    cue: Cue
    phase: Phase
    at: float  # monotonic time the cue was due (may be before now if ticks were late)
    count: int = 0  # 3, 2, 1 for COUNTDOWN; rep number for REP_DONE / GO
    side: Side = Side.NONE  # the side now starting (SWITCH_SIDES, GO on a new side)
    last_rep: bool = False


@dataclass(frozen=True)
class PartEnded:
    """An exercise on one side is finished (done) or passed over (skipped)."""

    exercise_index: int
    exercise_id: str
    side: Side
    status: PartStatus
    active_seconds: float
    reps_done: int
    sets_done: int


@dataclass(frozen=True)
class Paused:
    reason: PauseReason


@dataclass(frozen=True)
class Resumed:
    pass


@dataclass(frozen=True)
class Finished:
    status: EndStatus
    active_seconds: float


Event = PhaseStarted | SecondChanged | CueDue | PartEnded | Paused | Resumed | Finished
