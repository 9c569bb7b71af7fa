"""When a desktop notification is worth sending, and what it says. Qt-free.

A notification is for someone who cannot see the window: it is hidden,
minimised, or another window is in front. It is sent only at the moments
that change what they should be doing (the next exercise, switching sides,
the end of the session), never for every countdown, and not at all when the
``notifications`` setting is off.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hiptimer.core.events import Cue, CueDue, EndStatus, Event, Finished
from hiptimer.core.model import Routine, Side
from hiptimer.desktop.titles import clean_part


class Moment(enum.Enum):
    NEXT_EXERCISE = "next_exercise"
    SWITCH_SIDES = "switch_sides"
    SESSION_DONE = "session_done"
    OTHER = "other"  # anything else: never notified


WORTH_NOTIFYING = frozenset({Moment.NEXT_EXERCISE, Moment.SWITCH_SIDES, Moment.SESSION_DONE})


def window_covered(visible: bool, minimized: bool, active: bool) -> bool:
    """The person cannot be looking at the window."""
    return not visible or minimized or not active


def should_notify(moment: Moment, *, enabled: bool, in_session: bool, visible: bool,
                  minimized: bool, active: bool) -> bool:
    """Notify only when enabled, at a moment that matters, during a session, while covered.

    The end of a session counts as "during" it: that notification comes as
    the session stops.
    """
    if not enabled or moment not in WORTH_NOTIFYING:
        return False
    if not in_session and moment is not Moment.SESSION_DONE:
        return False
    return window_covered(visible, minimized, active)


@dataclass(frozen=True)
class Message:
    moment: Moment
    title: str
    body: str


_SIDE_WORDS = {Side.LEFT: "left", Side.RIGHT: "right"}


def message_for_event(event: Event, routine: Routine) -> Message | None:
    """The notification for an engine event, or None for events that get none.

    Titles are short imperatives a glance can take in; the body names the
    exercise (from the routine file, cleaned to one bounded line).
    """
    if isinstance(event, CueDue):
        index = event.phase.exercise_index
        name = clean_part(routine.exercises[index].name) if 0 <= index < len(routine.exercises) else ""
        if event.cue is Cue.NEXT_EXERCISE:
            side = _SIDE_WORDS.get(event.side)
            body = f"{name}, {side} side" if side and name else name
            return Message(Moment.NEXT_EXERCISE, "Next exercise", body or "Get into position")
        if event.cue is Cue.SWITCH_SIDES:
            side = _SIDE_WORDS.get(event.side)
            title = f"Switch to the {side} side" if side else "Switch sides"
            return Message(Moment.SWITCH_SIDES, title, name)
        return None
    if isinstance(event, Finished):
        title = "Session complete" if event.status is EndStatus.COMPLETED else "Session ended"
        minutes = round(event.active_seconds / 60)
        length = f"{minutes} min" if minutes >= 1 else f"{round(event.active_seconds)} s"
        return Message(Moment.SESSION_DONE, title, f"{clean_part(routine.title)}: {length} of exercise")
    return None
