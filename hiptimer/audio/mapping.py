"""Which sounds an engine cue deserves: pure decisions, no threads, no I/O.

What plays for each :class:`~hiptimer.core.events.CueDue` (voice priority in
brackets; see :class:`VoicePriority`):

============== ===================== =================================================
cue            beep                  voice
============== ===================== =================================================
COUNTDOWN 3, 2 tick                  -
COUNTDOWN 1    tick_final            -
GO             go                    HOLD phase: "Hold"; REP_HOLD / PACED_REP: the rep
                                     number, "Last rep" on the last one; a REP_HOLD of
                                     a single rep: "Hold" [normal]. When the GO starts a
                                     side not yet announced (alternating sides), the
                                     side first: "Left side" [normal]
RELEASE        release               "Release" [low]
REP_DONE       rep_done              -
HALFWAY        halfway               "Halfway" [low]
SWITCH_SIDES   switch_sides          "Switch sides", "Right side" / "Left side" [high]
REST           rest                  "Rest" [normal]
GET_READY      -                     "Get ready", then the side if it has one [normal]
NEXT_EXERCISE  next_exercise         "Next exercise", then the side [normal]
EXERCISE_DONE  exercise_done         -
ROUTINE_DONE   routine_done          "Routine complete" [high]
============== ===================== =================================================

When several cues fall due at the same instant only the beep ranked highest
in :data:`BEEP_RANK` sounds; :mod:`hiptimer.audio.timeline` applies that.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hiptimer.audio.sounds import Sound
from hiptimer.core.events import Cue, CueDue
from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind


class VoicePriority(enum.IntEnum):
    LOW = 0  # "Release", "Halfway": nice to hear, useless when late
    NORMAL = 1  # "Hold", rep numbers, "Rest", "Get ready"...
    HIGH = 2  # "Switch sides" + side, "Routine complete": never dropped


BEEP_RANK: dict[Sound, int] = {
    s: rank
    for rank, s in enumerate(
        (
            Sound.TICK,
            Sound.TICK_FINAL,
            Sound.HALFWAY,
            Sound.REP_DONE,
            Sound.RELEASE,
            Sound.GO,
            Sound.REST,
            Sound.EXERCISE_DONE,
            Sound.NEXT_EXERCISE,
            Sound.SWITCH_SIDES,
            Sound.ROUTINE_DONE,
        )
    )
}
"""Beeps from least to most telling: of beeps due together, the highest plays."""

NEVER_DROPPED_BEEPS = frozenset({Sound.SWITCH_SIDES, Sound.ROUTINE_DONE})
COUNTDOWN_BEEPS = frozenset({Sound.TICK, Sound.TICK_FINAL})

_SIDE_VOICE = {Side.LEFT: Sound.VOICE_LEFT_SIDE, Side.RIGHT: Sound.VOICE_RIGHT_SIDE}

_BEEPS: dict[Cue, Sound] = {
    Cue.GO: Sound.GO,
    Cue.RELEASE: Sound.RELEASE,
    Cue.REP_DONE: Sound.REP_DONE,
    Cue.HALFWAY: Sound.HALFWAY,
    Cue.SWITCH_SIDES: Sound.SWITCH_SIDES,
    Cue.REST: Sound.REST,
    Cue.NEXT_EXERCISE: Sound.NEXT_EXERCISE,
    Cue.EXERCISE_DONE: Sound.EXERCISE_DONE,
    Cue.ROUTINE_DONE: Sound.ROUTINE_DONE,
}


@dataclass(frozen=True)
class CueSounds:
    """What one cue asks for: at most one beep, and voices in speaking order."""

    beep: Sound | None = None
    voices: tuple[tuple[Sound, VoicePriority], ...] = ()


def beep_for(event: CueDue) -> Sound | None:
    """The beep of a cue (None for GET_READY, which is spoken only)."""
    if event.cue is Cue.COUNTDOWN:
        return Sound.TICK_FINAL if event.count == 1 else Sound.TICK
    return _BEEPS.get(event.cue)


class CueMapper:
    """Turns a CueDue into sounds; remembers which side was last announced.

    A side is spoken where it changes (get ready, switch sides, next exercise)
    and at a GO on a side not yet announced, which is how alternating-side
    exercises learn the side of each rep, without repeating it after
    "Switch sides ... Right side".
    """

    def __init__(self) -> None:
        self._announced: tuple[int, Side] | None = None

    def _side(self, event: CueDue, side: Side,
              priority: VoicePriority) -> list[tuple[Sound, VoicePriority]]:
        voice = _SIDE_VOICE.get(side)
        if voice is None:
            return []
        self._announced = (event.phase.exercise_index, side)
        return [(voice, priority)]

    def map(self, event: CueDue) -> CueSounds:
        cue, phase = event.cue, event.phase
        side = event.side if event.side is not Side.NONE else phase.side
        normal, high, low = VoicePriority.NORMAL, VoicePriority.HIGH, VoicePriority.LOW
        voices: list[tuple[Sound, VoicePriority]] = []
        if cue is Cue.GO:
            if event.side is not Side.NONE and \
                    self._announced != (phase.exercise_index, event.side):
                voices += self._side(event, event.side, normal)
            if phase.kind is PhaseKind.HOLD or (phase.kind is PhaseKind.REP_HOLD
                                                and phase.reps == 1):
                voices.append((Sound.VOICE_HOLD, normal))
            elif phase.kind in (PhaseKind.REP_HOLD, PhaseKind.PACED_REP) and phase.reps != 1:
                if event.last_rep:
                    voices.append((Sound.VOICE_LAST_REP, normal))
                else:
                    number = Sound.number(event.count or phase.rep)
                    if number is not None:
                        voices.append((number, normal))
        elif cue is Cue.RELEASE:
            voices.append((Sound.VOICE_RELEASE, low))
        elif cue is Cue.HALFWAY:
            voices.append((Sound.VOICE_HALFWAY, low))
        elif cue is Cue.SWITCH_SIDES:
            voices += [(Sound.VOICE_SWITCH_SIDES, high), *self._side(event, side, high)]
        elif cue is Cue.REST:
            voices.append((Sound.VOICE_REST, normal))
        elif cue is Cue.GET_READY:
            voices += [(Sound.VOICE_GET_READY, normal), *self._side(event, side, normal)]
        elif cue is Cue.NEXT_EXERCISE:
            voices += [(Sound.VOICE_NEXT_EXERCISE, normal), *self._side(event, side, normal)]
        elif cue is Cue.ROUTINE_DONE:
            voices.append((Sound.VOICE_ROUTINE_COMPLETE, high))
        return CueSounds(beep_for(event), tuple(voices))
