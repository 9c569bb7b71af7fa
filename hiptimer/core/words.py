"""The words the app shows for a phase, without Qt.

The player's big word and ``hiptimer show`` both come from here, so the
command line prints exactly what the screen will say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiptimer.core.plan import Phase, PhaseKind

if TYPE_CHECKING:
    from hiptimer.core.engine import Snapshot

WAIT_WORDS = {
    PhaseKind.GET_READY: "GET READY",
    PhaseKind.NEXT_EXERCISE: "GET READY",
    PhaseKind.SWITCH_SIDES: "SWITCH SIDES",
    PhaseKind.REST: "REST",
}


def phase_word(phase: Phase, snap: Snapshot | None = None) -> str:
    """The big word for a phase right now: GET READY, HOLD, DRIVE, INHALE, SETTLE...

    With ``snap`` (the engine's snapshot) a paced rep shows the stage it is
    in, and a finished self-paced rep asks for the user's confirm.
    """
    kind = phase.kind
    if kind is PhaseKind.GET_READY:
        # A settle inside an exercise carries its own label.
        return phase.label or WAIT_WORDS[kind]
    if kind in WAIT_WORDS:
        return WAIT_WORDS[kind]
    if kind is PhaseKind.HOLD:
        return "HOLD"
    if kind is PhaseKind.REP_HOLD:
        return phase.label or "HOLD"
    if kind is PhaseKind.REP_RELEASE:
        return phase.label or "RELEASE"
    if snap is not None and snap.waiting_for_rep:
        return "REP DONE? ENTER"
    if snap is not None and phase.tempo:
        stage = phase.stage_at(snap.elapsed_in_phase)
        if stage is not None:
            return stage[0].label.upper()
    if phase.tempo:
        return phase.tempo[0].label.upper()
    return "MOVE"


def phase_words(phase: Phase) -> str:
    """Every word a phase shows, in order, for a printed timeline.

    A paced rep or breath lists its stages with their seconds
    (``INHALE 4 s / EXHALE 6 s``); any other phase is its one word.
    """
    if phase.kind is PhaseKind.PACED_REP and phase.tempo:
        return " / ".join(f"{s.label.upper()} {s.seconds} s" for s in phase.tempo)
    return phase_word(phase)
