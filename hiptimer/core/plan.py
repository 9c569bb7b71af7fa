"""Compile a routine into an immutable timeline of phases.

Every phase knows its exercise, side, rep, set and duration, so the total
time of a routine is exact before it starts.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from hiptimer.core.model import (
    DoseChoice,
    DoseKind,
    Exercise,
    Routine,
    Side,
    SidesMode,
    TempoStage,
)

SETTLE_LABEL = "SETTLE"
"""The label of a settle phase: a GET_READY wait inside an exercise, before a side's work."""


class PhaseKind(enum.Enum):
    GET_READY = "get_ready"  # before the first exercise; also a side's settle (label SETTLE)
    NEXT_EXERCISE = "next_exercise"  # before every later exercise: get into position
    HOLD = "hold"
    REP_HOLD = "rep_hold"  # the hold inside a rep, or the effort of a cycle
    REP_RELEASE = "rep_release"  # release between reps, or the rest of a cycle
    PACED_REP = "paced_rep"  # one rep or breath moved to the tempo stages
    REST = "rest"  # between sets
    SWITCH_SIDES = "switch_sides"

    @property
    def is_work(self) -> bool:
        """True for phases where the exercise itself is being done."""
        return self in (PhaseKind.HOLD, PhaseKind.REP_HOLD, PhaseKind.PACED_REP)


@dataclass(frozen=True)
class Phase:
    index: int
    kind: PhaseKind
    duration: int  # seconds
    start: int  # seconds from the start of the routine
    exercise_index: int
    exercise_id: str
    side: Side
    rep: int = 0  # 1-based; 0 where it does not apply
    reps: int = 0
    set: int = 0  # 1-based; 0 where it does not apply
    sets: int = 0
    tempo: tuple[TempoStage, ...] = ()
    label: str = ""  # the routine's own word for this phase, e.g. "DRIVE", "INHALE"
    manual: bool = False  # in manual-rep mode this phase waits for the user's confirm

    @property
    def end(self) -> int:
        return self.start + self.duration

    def stage_at(self, elapsed: float) -> tuple[TempoStage, float] | None:
        """The tempo stage at ``elapsed`` seconds into the phase, and its time left."""
        t = 0.0
        for stage in self.tempo:
            if elapsed < t + stage.seconds:
                return stage, t + stage.seconds - elapsed
            t += stage.seconds
        return None


@dataclass(frozen=True)
class Plan:
    routine: Routine
    phases: tuple[Phase, ...]
    doses: tuple[ResolvedDose, ...]

    @property
    def total_seconds(self) -> int:
        return self.phases[-1].end if self.phases else 0

    def phases_of(self, exercise_index: int, side: Side | None = None) -> Iterator[Phase]:
        for p in self.phases:
            if p.exercise_index == exercise_index and (side is None or p.side == side):
                yield p

    def parts(self) -> list[tuple[int, Side]]:
        """Each (exercise index, side) in the order they are worked."""
        seen: list[tuple[int, Side]] = []
        for p in self.phases:
            if p.kind.is_work or p.kind is PhaseKind.REP_RELEASE:
                key = (p.exercise_index, p.side)
                if key not in seen:
                    seen.append(key)
        return seen


@dataclass(frozen=True)
class ResolvedDose:
    """The numbers used for one exercise after the user's choices."""

    hold: int
    reps: int
    sets: int

    def describe(self, exercise: Exercise) -> str:
        return describe_dose(exercise, self)


def resolve(exercise: Exercise, choice: DoseChoice | None = None) -> ResolvedDose:
    dose = exercise.dose
    choice = choice or DoseChoice()
    hold = 0
    if dose.hold is not None:
        hold = dose.hold.clamp(choice.hold) if choice.hold is not None else dose.hold.default
    reps = 1
    if dose.reps is not None:
        reps = dose.reps.clamp(choice.reps) if choice.reps is not None else dose.reps.default
    sets = dose.sets.clamp(choice.sets) if choice.sets is not None else dose.sets.default
    return ResolvedDose(hold=hold, reps=reps, sets=sets)


def describe_dose(exercise: Exercise, rd: ResolvedDose) -> str:
    """A short dose line such as ``10 x 4 s hold, each side``."""
    d = exercise.dose
    if d.kind is DoseKind.HOLD:
        text = f"{format_duration(rd.hold)} hold"
    elif d.kind is DoseKind.REPS:
        text = f"{rd.reps} reps x {rd.hold} s hold"
    elif d.kind is DoseKind.CYCLES:
        text = f"{rd.reps} x {rd.hold} s {d.effort_label.lower() or 'effort'}, {d.release} s rest"
    elif d.kind is DoseKind.BREATHING:
        text = f"{rd.reps} slow breaths"
    else:
        tempo = "/".join(str(s.seconds) for s in d.tempo)
        text = f"{rd.reps} reps ({tempo} s tempo)"
    if rd.sets > 1:
        text = f"{rd.sets} sets of {text}"
    suffix = {
        SidesMode.BOTH: ", each side",
        SidesMode.ALTERNATE: ", each side, alternating",
        SidesMode.LEFT: ", left only",
        SidesMode.RIGHT: ", right only",
        SidesMode.NONE: "",
    }[exercise.sides]
    return text + suffix


def format_duration(seconds: float) -> str:
    """``45 s``, ``1 min``, ``1 min 30 s``, ``1 h 02 min``."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    if h:
        return f"{h} h {m:02d} min"
    return f"{m} min" if sec == 0 else f"{m} min {sec} s"


class _Builder:
    def __init__(self) -> None:
        self.phases: list[Phase] = []
        self.t = 0

    def add(self, kind: PhaseKind, duration: int, **kw: object) -> None:
        if duration <= 0:
            return
        phase = Phase(index=len(self.phases), kind=kind, duration=duration, start=self.t, **kw)  # type: ignore[arg-type]
        self.phases.append(phase)
        self.t += duration


def _sides_for(mode: SidesMode) -> list[Side]:
    return {
        SidesMode.NONE: [Side.NONE],
        SidesMode.BOTH: [Side.LEFT, Side.RIGHT],
        SidesMode.ALTERNATE: [Side.LEFT, Side.RIGHT],
        SidesMode.LEFT: [Side.LEFT],
        SidesMode.RIGHT: [Side.RIGHT],
    }[mode]


def _rep_phases(
    b: _Builder, ex: Exercise, rd: ResolvedDose, common: dict[str, object], rep: int, last_of_side: bool
) -> None:
    """The phases of one rep on one side."""
    d = ex.dose
    if d.kind is DoseKind.HOLD:
        b.add(PhaseKind.HOLD, rd.hold, **common)
    elif d.kind in (DoseKind.REPS, DoseKind.CYCLES):
        b.add(PhaseKind.REP_HOLD, rd.hold, rep=rep, label=d.effort_label, manual=ex.self_paced, **common)
        if not last_of_side:
            b.add(PhaseKind.REP_RELEASE, d.release, rep=rep, label=d.release_label, **common)
    else:
        duration = sum(s.seconds for s in d.tempo)
        b.add(PhaseKind.PACED_REP, duration, rep=rep, tempo=d.tempo, manual=ex.self_paced, **common)


def _settle(b: _Builder, ex: Exercise, side: Side, set_no: int, sets: int, reps: int,
            base: dict[str, object]) -> None:
    """Hold the position before a side's work, when the exercise asks for it.

    A settle is a wait, not work: it is a GET_READY phase labelled SETTLE, so
    the player shows the set-up and counts down into the first rep, and the
    side's history starts with its first rep.
    """
    b.add(PhaseKind.GET_READY, ex.settle, side=side, set=set_no, sets=sets, reps=reps,
          label=SETTLE_LABEL, **base)


def compile_plan(routine: Routine, choices: Mapping[str, DoseChoice] | None = None) -> Plan:
    """Turn ``routine`` into its timeline, using ``choices`` by exercise id."""
    choices = choices or {}
    b = _Builder()
    doses: list[ResolvedDose] = []
    for ei, ex in enumerate(routine.exercises):
        rd = resolve(ex, choices.get(ex.id))
        doses.append(rd)
        sides = _sides_for(ex.sides)
        reps = rd.reps if ex.dose.kind is not DoseKind.HOLD else 1
        base = {"exercise_index": ei, "exercise_id": ex.id}
        first_side = sides[0]
        kind = PhaseKind.GET_READY if ei == 0 else PhaseKind.NEXT_EXERCISE
        b.add(kind, ex.get_ready, side=first_side, **base)
        for set_no in range(1, rd.sets + 1):
            if set_no > 1:
                b.add(PhaseKind.REST, ex.dose.rest, side=first_side, set=set_no, sets=rd.sets,
                      rep=0, reps=reps, **base)
            if ex.sides is SidesMode.ALTERNATE:
                # The sides take turns rep by rep, so there is one settle per set.
                _settle(b, ex, first_side, set_no, rd.sets, reps, base)
                for rep in range(1, reps + 1):
                    for si, side in enumerate(sides):
                        common = {**base, "side": side, "reps": reps, "set": set_no, "sets": rd.sets}
                        last = rep == reps and si == len(sides) - 1
                        _rep_phases(b, ex, rd, common, rep, last_of_side=last)
            else:
                for si, side in enumerate(sides):
                    if si > 0:
                        b.add(PhaseKind.SWITCH_SIDES, routine.switch_for(ex), side=side, set=set_no,
                              sets=rd.sets, reps=reps, **base)
                    _settle(b, ex, side, set_no, rd.sets, reps, base)
                    for rep in range(1, reps + 1):
                        common = {**base, "side": side, "reps": reps, "set": set_no, "sets": rd.sets}
                        _rep_phases(b, ex, rd, common, rep, last_of_side=rep == reps)
    return Plan(routine=routine, phases=tuple(b.phases), doses=tuple(doses))
