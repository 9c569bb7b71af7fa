"""Where an interrupted session picks up again."""

from __future__ import annotations

from collections.abc import Iterable

from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind, Plan


def resume_point(plan: Plan, done: Iterable[tuple[int, Side]]) -> int:
    """The phase to resume at: the get-ready in front of the first side not yet recorded.

    ``done`` holds (exercise index, side) of every side already in the history.
    """
    finished = set(done)
    for ei, side in plan.parts():
        if (ei, side) in finished:
            continue
        first = next(plan.phases_of(ei, side)).index
        # Step back over the waits in front of it (get ready, switch sides),
        # so the user has time to get into position; a release belongs to the
        # previous rep, not to the way in.
        while first > 0:
            before = plan.phases[first - 1]
            if before.kind.is_work or before.exercise_index != ei or before.kind is PhaseKind.REP_RELEASE:
                break
            first -= 1
        return first
    return 0
