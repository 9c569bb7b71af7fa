"""The routine model: what a routine file says, as immutable values.

Standard library only. The YAML loader in :mod:`hiptimer.library` builds
these; the plan compiler turns them into a timeline of phases.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Side(enum.Enum):
    """Which leg a phase works. ``NONE`` for both legs at once."""

    NONE = "none"
    LEFT = "left"
    RIGHT = "right"


class SidesMode(enum.Enum):
    """How an exercise uses the two sides."""

    NONE = "none"  # both legs together, or no side at all
    BOTH = "both"  # each set: all its reps on the left, then on the right
    ALTERNATE = "alternate"  # left rep, right rep, left rep...
    LEFT = "left"  # one side only
    RIGHT = "right"


class DoseKind(enum.Enum):
    HOLD = "hold"  # one timed hold (60 s, 1-2 min)
    REPS = "reps"  # reps with a hold inside each and a release between
    PACED = "paced"  # reps moved to a tempo (2 s out, 4 s back)
    CYCLES = "cycles"  # effort then rest, repeated (10 s drive x 5)
    BREATHING = "breathing"  # breaths paced by inhale / exhale stages


EQUIPMENT = ("band", "ball", "chair", "swivel-chair", "wall", "foam-roll", "block")


@dataclass(frozen=True)
class Amount:
    """A dose figure: a default and the range the article allows.

    ``minimum == maximum == default`` when the article gives one number.
    """

    default: int
    minimum: int
    maximum: int

    @classmethod
    def fixed(cls, value: int) -> Amount:
        return cls(value, value, value)

    @property
    def adjustable(self) -> bool:
        return self.minimum != self.maximum

    def clamp(self, value: int) -> int:
        return max(self.minimum, min(self.maximum, value))


@dataclass(frozen=True)
class TempoStage:
    """One part of a paced rep or breath, e.g. ``("return", 4)``."""

    label: str
    seconds: int


@dataclass(frozen=True)
class Dose:
    """How much of an exercise: the shape depends on ``kind``.

    * HOLD: ``hold`` seconds.
    * REPS: ``reps`` x (``hold`` seconds, then ``release`` seconds).
    * PACED: ``reps`` x the ``tempo`` stages.
    * CYCLES: ``reps`` x (``hold`` seconds effort, ``release`` seconds rest).
    * BREATHING: ``reps`` breaths x the ``tempo`` stages.

    Every kind may have ``sets`` with ``rest`` seconds between them.
    """

    kind: DoseKind
    hold: Amount | None = None
    reps: Amount | None = None
    release: int = 0
    tempo: tuple[TempoStage, ...] = ()
    sets: Amount = field(default_factory=lambda: Amount.fixed(1))
    rest: int = 0
    effort_label: str = ""
    release_label: str = ""


@dataclass(frozen=True)
class Source:
    title: str
    author: str
    publisher: str
    article: str  # the article's file in the project's seed collection
    notes: str = ""

    @property
    def credited(self) -> str:
        """Who the credit names: the author's full name, or else the site.

        A first name on its own (one word) reads like "by Mark", so the
        publisher is named instead.
        """
        author = self.author.strip()
        if len(author.split()) >= 2 or not self.publisher.strip():
            return author
        return self.publisher.strip()

    @property
    def credit(self) -> str:
        """The credit line as shown: the title in quotes, then who is credited."""
        who = self.credited
        return f"\u201c{self.title}\u201d, {who}" if who else f"\u201c{self.title}\u201d"


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    image: str
    setup: str
    steps: tuple[str, ...]
    dose: Dose
    sides: SidesMode = SidesMode.BOTH
    get_ready: int = 10
    form: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    dose_note: str = ""  # where the dose came from, or that it is our choice
    self_paced: bool = False  # reps are counted by the user (manual mode)
    switch: int | None = None  # seconds to change sides; None: the routine's switch_sides
    settle: int = 0  # seconds to hold the position on each side before the work starts
    spoken_name: str = ""  # how the name is read aloud ("90/90" -> "ninety ninety"); "" for name


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    summary: str
    source: Source
    safety: str
    exercises: tuple[Exercise, ...]
    level: int | None = None
    equipment: tuple[str, ...] = ()
    switch_sides: int = 5
    path: str = ""  # file it came from, for messages

    def switch_for(self, exercise: Exercise) -> int:
        """Seconds to change sides in ``exercise``: its own ``switch``, else the routine's."""
        return self.switch_sides if exercise.switch is None else exercise.switch

    def exercise(self, exercise_id: str) -> Exercise:
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        raise KeyError(exercise_id)


@dataclass(frozen=True)
class SelfTest:
    """A range-of-motion self-test with its normal values, in degrees."""

    id: str
    name: str
    image: str
    position: str
    steps: tuple[str, ...]
    normal_min: int
    normal_max: int
    source: Source
    measure: str = ""  # what angle to read, in our words
    caveats: tuple[str, ...] = ()  # the article's limits on what the number means
    safety: str = ""  # the self-tests file's safety note


@dataclass(frozen=True)
class DoseChoice:
    """The user's picks inside an exercise's ranges (None: use the default)."""

    hold: int | None = None
    reps: int | None = None
    sets: int | None = None
