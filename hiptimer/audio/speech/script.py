"""What the voice says at each cue: pure decisions from the plan, the cue and the chosen parts.

:class:`Script` turns a :class:`~hiptimer.core.events.CueDue` (with the
sounds :class:`~hiptimer.audio.mapping.CueMapper` chose for it, which track
the side last announced and are the bundled fallback) into
:class:`Utterance` values: a text, its priority, the bundled sounds to play
instead when the text is not rendered in time, and the beat it must end
before. :meth:`Script.texts` lists every phrase a plan will say, first
exercise first, so the renderer can work ahead.

======================= ============================================== ==========
cue                     says (parts)                                    priority
======================= ============================================== ==========
GET_READY (first)       "Get ready: Pigeon pose, left side" (names;     normal
                        cues only: "Get ready, left side"); with setup:
                        the set-up's first line                         low
NEXT_EXERCISE           "Next: Pigeon pose, left side"; setup as above  normal
GET_READY (settle)      "Get ready, left side"                          normal
GO                      "Left side. Hold", "7", "Last rep"; a new set   normal
                        with no rest before it: "Set 2 of 3. 1"
RELEASE / HALFWAY       "Release" / "Halfway"                           low
REST                    "Rest, 45 seconds. Then set 2 of 3." (sets)     normal
SWITCH_SIDES            "Switch sides: now the right side"              high
COUNTDOWN               "3", "2", "1" (countdown)                       low
ROUTINE_DONE            "Routine complete. 3 of 3 exercise sides done." high
======================= ============================================== ==========

Each utterance must end before the next beat it announces (the end of its
phase; a countdown number before the next second; the set-up line before
the countdown starts); the timeline enforces it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hiptimer.audio.mapping import CueMapper, CueSounds, VoicePriority
from hiptimer.audio.sounds import Sound
from hiptimer.audio.speech.options import Part
from hiptimer.core.events import Cue, CueDue, PartEnded, PartStatus
from hiptimer.core.model import Exercise, Side
from hiptimer.core.plan import SETTLE_LABEL, Phase, PhaseKind, Plan

COUNTDOWN_FROM = 3  # as core.engine: ticks in the last three seconds
COUNTDOWN_MIN_PHASE = 5
HALFWAY_MIN_HOLD = 30
_COUNTDOWN_KINDS = (PhaseKind.GET_READY, PhaseKind.NEXT_EXERCISE, PhaseKind.SWITCH_SIDES,
                    PhaseKind.REST, PhaseKind.HOLD, PhaseKind.REP_HOLD)
SETUP_MAX_CHARS = 160

_SIDE_WORD = {Side.LEFT: "left", Side.RIGHT: "right"}
_SIDE_SOUNDS = {Sound.VOICE_LEFT_SIDE: Side.LEFT, Sound.VOICE_RIGHT_SIDE: Side.RIGHT}


@dataclass(frozen=True)
class Utterance:
    """One phrase to speak for a cue."""

    text: str
    priority: VoicePriority
    fallback: tuple[Sound, ...] = ()  # bundled sounds that say the gist
    ends_within: float | None = None  # engine seconds after the cue's ``at``; None: no beat after
    patient: bool = False  # may wait for its render as long as its fallback would still fit


def spoken_name(exercise: Exercise) -> str:
    """The exercise's name as it should be read aloud: its ``spoken_name``, else its
    name with "90/90" read as "90 90"."""
    if exercise.spoken_name.strip():
        return exercise.spoken_name.strip()
    return re.sub(r"(\d)\s*/\s*(\d)", r"\1 \2", exercise.name).strip()


def first_line(setup: str) -> str:
    """The first sentence or line of a set-up text, kept short."""
    text = " ".join(setup.strip().splitlines()[:1]).strip()
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    line = match.group(1) if match else text
    return line if len(line) <= SETUP_MAX_CHARS else line[:SETUP_MAX_CHARS].rsplit(" ", 1)[0] + "."


def seconds_words(seconds: int) -> str:
    """"45 seconds", "1 minute", "1 minute 30 seconds"."""
    m, s = divmod(max(0, int(seconds)), 60)
    parts = []
    if m:
        parts.append(f"{m} minute" + ("s" if m != 1 else ""))
    if s or not m:
        parts.append(f"{s} second" + ("s" if s != 1 else ""))
    return " ".join(parts)


def _countdown(phase: Phase) -> bool:
    return phase.kind in _COUNTDOWN_KINDS and phase.duration >= COUNTDOWN_MIN_PHASE


class Script:
    """The words for one session's cues. Not thread-safe: the playback thread owns it."""

    def __init__(self, plan: Plan | None, parts: Iterable[Part]) -> None:
        self.plan = plan
        self.parts = frozenset(parts)
        self._done: set[tuple[int, Side]] = set()

    def part_ended(self, event: PartEnded) -> None:
        if event.status is PartStatus.DONE:
            self._done.add((event.exercise_index, event.side))
        else:
            self._done.discard((event.exercise_index, event.side))

    def restart(self) -> None:
        self._done.clear()

    # ------------------------------------------------------------ per cue

    def utterances(self, event: CueDue, sounds: CueSounds) -> list[Utterance]:
        parts = self.parts
        if not parts:
            return []
        cue, phase = event.cue, event.phase
        fallback = tuple(s for s, _ in sounds.voices)
        side_sound = next((s for s in fallback if s in _SIDE_SOUNDS), None)
        side = f"{_SIDE_WORD[_SIDE_SOUNDS[side_sound]]} side" if side_sound else ""
        normal, low, high = VoicePriority.NORMAL, VoicePriority.LOW, VoicePriority.HIGH
        beat = float(phase.duration)
        has = parts.__contains__
        out: list[Utterance] = []
        if cue in (Cue.GET_READY, Cue.NEXT_EXERCISE):
            settle = phase.label == SETTLE_LABEL
            first = cue is Cue.GET_READY
            exercise = self._exercise(phase)
            if has(Part.NAMES) and exercise is not None and not settle:
                head = f"{'Get ready' if first else 'Next'}: {spoken_name(exercise)}"
            elif has(Part.CUES):
                head = "Get ready" if first else "Next exercise"
            else:
                head = ""
            if head:
                out.append(Utterance(f"{head}, {side}" if side else head, normal, fallback, beat,
                                     patient=True))
            if has(Part.SETUP) and exercise is not None and not settle and exercise.setup.strip():
                margin = COUNTDOWN_FROM if _countdown(phase) else 0
                out.append(Utterance(first_line(exercise.setup), low, (), beat - margin))
        elif cue is Cue.GO:
            words: list[str] = []
            if side:
                words.append(side.capitalize())
            if has(Part.SETS) and self._new_set_without_rest(phase):
                words.append(f"Set {phase.set} of {phase.sets}")
            counted = phase.kind in (PhaseKind.REP_HOLD, PhaseKind.PACED_REP) and phase.reps != 1
            if not counted:
                if has(Part.CUES):
                    words.append("Hold")
            elif has(Part.REPS):
                words.append("Last rep" if event.last_rep else str(event.count or phase.rep))
            if words and (has(Part.CUES) or has(Part.REPS)):
                out.append(Utterance(". ".join(words), normal, fallback, beat))
        elif cue is Cue.RELEASE and has(Part.CUES):
            out.append(Utterance("Release", low, fallback, beat))
        elif cue is Cue.HALFWAY and has(Part.CUES):
            out.append(Utterance("Halfway", low, fallback, beat / 2))
        elif cue is Cue.REST and has(Part.CUES):
            text = "Rest"
            if has(Part.SETS) and phase.sets > 1:
                text = f"Rest, {seconds_words(phase.duration)}. Then set {phase.set} of {phase.sets}."
            out.append(Utterance(text, normal, fallback, beat))
        elif cue is Cue.SWITCH_SIDES and has(Part.CUES):
            text = f"Switch sides: now the {side}" if side else "Switch sides"
            out.append(Utterance(text, high, fallback, beat))
        elif cue is Cue.COUNTDOWN and has(Part.COUNTDOWN) and event.count:
            out.append(Utterance(str(event.count), low, (), 0.95))
        elif cue is Cue.ROUTINE_DONE and has(Part.CUES):
            text = "Routine complete."
            if has(Part.SUMMARY) and self.plan is not None:
                total = len(self.plan.parts())
                done = sum(1 for key in self.plan.parts() if key in self._done)
                text += f" {done} of {total} exercise {'side' if total == 1 else 'sides'} done."
            out.append(Utterance(text, high, fallback, None, patient=True))
        return out

    def _exercise(self, phase: Phase) -> Exercise | None:
        if self.plan is None:
            return None
        exercises = self.plan.routine.exercises
        if 0 <= phase.exercise_index < len(exercises) and \
                exercises[phase.exercise_index].id == phase.exercise_id:
            return exercises[phase.exercise_index]
        return None

    def _new_set_without_rest(self, phase: Phase) -> bool:
        """A later set's first rep with no REST phase announcing it (a dose with rest 0)."""
        if self.plan is None or phase.set <= 1 or phase.rep > 1:
            return False
        phases = self.plan.phases
        if not (0 <= phase.index < len(phases)) or phases[phase.index] != phase:
            return False
        for earlier in reversed(phases[:phase.index]):
            if earlier.exercise_index != phase.exercise_index:
                return False
            if earlier.kind is PhaseKind.REST:
                return False
            if earlier.set != phase.set:
                return True  # the previous set's last phase: no rest between
        return False

    # ------------------------------------------------------------ ahead of time

    def texts(self) -> list[tuple[int, str]]:
        """Every phrase the plan will say, as (exercise index, text), in speaking order,
        each once: the renderer's work list. Mirrors the engine's cues."""
        if self.plan is None or not self.parts:
            return []
        mapper = CueMapper()
        seen: set[str] = set()
        out: list[tuple[int, str]] = []
        phases = self.plan.phases

        def say(event: CueDue) -> None:
            for u in self.utterances(event, mapper.map(event)):
                if u.text not in seen:
                    seen.add(u.text)
                    out.append((event.phase.exercise_index, u.text))

        saved = set(self._done)
        self._done = set(self.plan.parts())  # the end as it usually is: every side done
        try:
            for p in phases:
                say(_start_cue(p))
                if p.kind is PhaseKind.HOLD and p.duration >= HALFWAY_MIN_HOLD:
                    say(CueDue(Cue.HALFWAY, p, 0.0, side=p.side))
                if Part.COUNTDOWN in self.parts and _countdown(p):
                    for n in range(COUNTDOWN_FROM, 0, -1):
                        say(CueDue(Cue.COUNTDOWN, p, 0.0, count=n, side=p.side))
            if phases:
                say(CueDue(Cue.ROUTINE_DONE, phases[-1], 0.0))
        finally:
            self._done = saved
        return out


def _start_cue(p: Phase) -> CueDue:
    """The cue the engine emits when ``p`` starts (as ``Engine._start_cue``)."""
    kinds = {PhaseKind.GET_READY: Cue.GET_READY, PhaseKind.NEXT_EXERCISE: Cue.NEXT_EXERCISE,
             PhaseKind.SWITCH_SIDES: Cue.SWITCH_SIDES, PhaseKind.REST: Cue.REST,
             PhaseKind.REP_RELEASE: Cue.RELEASE}
    cue = kinds.get(p.kind, Cue.GO)
    count = p.rep if cue in (Cue.GO, Cue.RELEASE) else 0
    last = cue is Cue.GO and p.reps > 1 and p.rep == p.reps
    return CueDue(cue, p, 0.0, count=count, side=p.side, last_rep=last)
