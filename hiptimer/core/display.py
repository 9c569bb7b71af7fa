"""What the player shows, decided without Qt.

:func:`present` turns the engine's snapshot and the plan into texts and
colour roles (:class:`Tone`); the Qt view only paints them. Keeping the
decisions here lets plain tests check every phase's words, and keeps the
view from growing rules of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from hiptimer.core.engine import Snapshot, State
from hiptimer.core.model import Side
from hiptimer.core.plan import Phase, PhaseKind, Plan
from hiptimer.core.tones import Tone, side_tone
from hiptimer.core.words import phase_word

WAITS = (PhaseKind.GET_READY, PhaseKind.NEXT_EXERCISE, PhaseKind.REST, PhaseKind.SWITCH_SIDES)


def phase_tone(phase: Phase) -> Tone:
    """The colour of a phase: work in its side's colour, the rest by what it is."""
    kind = phase.kind
    if kind.is_work:
        return side_tone(phase.side)
    if kind is PhaseKind.REP_RELEASE:
        return Tone.RELEASE
    if kind is PhaseKind.REST:
        return Tone.REST
    return Tone.READY


def side_text(side: Side) -> str:
    return {Side.LEFT: "LEFT SIDE", Side.RIGHT: "RIGHT SIDE"}.get(side, "")


def clock_text(seconds: float) -> str:
    """Whole seconds as m:ss, or h:mm:ss from an hour."""
    s = max(0, round(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def rep_position(phase: Phase, elapsed: float) -> float:
    """Where the figure is in a paced rep: 0 -> 1 over the first stage, back to 0 after."""
    if not phase.tempo:
        return 0.0
    out = phase.tempo[0].seconds
    back = sum(s.seconds for s in phase.tempo[1:])
    if elapsed <= out or back <= 0:
        return max(0.0, min(1.0, elapsed / max(out, 1e-9)))
    return max(0.0, 1.0 - (elapsed - out) / back)


@dataclass(frozen=True)
class PlayerDisplay:
    """Everything the player paints for one moment of a session."""

    exercise: str
    phase_word: str
    phase_tone: Tone
    paused: bool
    side: str
    side_tone: Tone
    countdown: str
    fraction: float  # of the ring still to run
    rep: str
    set: str
    then: str
    card_title: str
    card_name: str
    card_text: str
    image: str
    image_side: Side
    animate: bool  # a paced rep whose figure moves with the tempo
    progress: int  # seconds of the routine behind us
    time_left: str
    manual_rep_now: bool  # the Rep done button counts now


def present(snap: Snapshot, plan: Plan, manual_reps: bool = False) -> PlayerDisplay | None:
    """Turn a snapshot into what the player shows, or None before the first phase."""
    phase = snap.phase
    if phase is None:
        return None
    ex = plan.routine.exercises[phase.exercise_index]
    paused = snap.state is State.PAUSED
    # A settle (a labelled get-ready inside the exercise) shows how to hold the position.
    waiting = phase.kind in WAITS and not (phase.kind is PhaseKind.GET_READY and phase.label)

    if phase.kind is PhaseKind.SWITCH_SIDES:
        side = f"NOW: {side_text(phase.side)}"
    elif phase.kind is PhaseKind.REST and phase.side is not Side.NONE:
        side = f"NEXT: {side_text(phase.side)}"
    else:
        side = side_text(phase.side)

    shown = snap.seconds_left
    fraction = 0.0 if snap.waiting_for_rep else shown / max(1, phase.duration)
    if phase.kind is PhaseKind.PACED_REP and phase.tempo and not snap.waiting_for_rep:
        stage = phase.stage_at(snap.elapsed_in_phase)
        if stage is not None:
            shown = max(1, int(-(-stage[1] // 1)))
    countdown = "\u2713" if snap.waiting_for_rep else str(shown)

    rep = f"REP {phase.rep} / {phase.reps}" if phase.rep and phase.reps > 1 else ""
    if phase.kind is PhaseKind.REST:
        rep = f"Next: set {phase.set} of {phase.sets}"

    if waiting:
        card_title, card_name, card_text = "NEXT UP", f"{ex.name}  \u2014  {_dose(plan, phase)}", ex.setup
    else:
        card_title, card_name = "HOW TO", ""
        card_text = "\n".join(f"\u2022 {s}" for s in ex.steps)
        if ex.form:
            card_text += "\n\nKeep in mind: " + " ".join(ex.form)

    return PlayerDisplay(
        exercise=ex.name,
        phase_word=phase_word(phase, snap),
        phase_tone=phase_tone(phase),
        paused=paused,
        side=side,
        side_tone=side_tone(phase.side),
        countdown=countdown,
        fraction=fraction,
        rep=rep,
        set=f"SET {phase.set} / {phase.sets}" if phase.sets > 1 else "",
        then=then_text(plan, phase),
        card_title=card_title,
        card_name=card_name,
        card_text=card_text,
        image=ex.image,
        image_side=phase.side,
        animate=phase.kind is PhaseKind.PACED_REP and not paused and not snap.waiting_for_rep,
        progress=int(min(plan.total_seconds, snap.progress)),
        time_left=f"{clock_text(snap.remaining_total)} left",
        manual_rep_now=manual_reps and phase.kind is PhaseKind.PACED_REP,
    )


def then_text(plan: Plan, phase: Phase) -> str:
    """A short line saying what comes after this phase."""
    if phase.index + 1 >= len(plan.phases):
        return "Then: finished"
    nxt = plan.phases[phase.index + 1]
    if nxt.exercise_index != phase.exercise_index:
        return f"Then: {plan.routine.exercises[nxt.exercise_index].name}"
    word = phase_word(nxt).capitalize()
    if nxt.kind is PhaseKind.PACED_REP:
        word = f"Rep {nxt.rep}"
    if nxt.kind is PhaseKind.SWITCH_SIDES:
        word = f"Switch to the {nxt.side.value} side"
    elif nxt.side is not phase.side and nxt.side is not Side.NONE:
        word += f", {nxt.side.value} side"
    return f"Then: {word} ({nxt.duration} s)"


def _dose(plan: Plan, phase: Phase) -> str:
    ex = plan.routine.exercises[phase.exercise_index]
    return plan.doses[phase.exercise_index].describe(ex)
