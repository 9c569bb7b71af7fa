"""One run with the real QTimer and the real (scaled) clock, end to end."""

from __future__ import annotations

import time

from hiptimer.core.clock import ScaledClock
from hiptimer.core.engine import Engine, State
from hiptimer.core.events import Finished, SecondChanged
from hiptimer.core.plan import compile_plan
from hiptimer.ui.runner import SessionRunner
from tests.factories import hold, reps, routine


def test_tiny_routine_runs_to_the_end_on_the_real_timer(qtbot):
    """A 3 s + 2 s routine at 1x plays through on QTimer with every second shown once."""
    plan = compile_plan(routine(hold(seconds=2, get_ready=1), reps(n=1, hold_s=3, get_ready=1),
                                switch=1))
    clock = ScaledClock(1.0)
    events = []
    runner = SessionRunner(Engine(plan, clock), 1.0, [events.append])
    t0 = time.monotonic()
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        runner.start()
    elapsed = time.monotonic() - t0
    assert runner.state is State.FINISHED
    assert abs(elapsed - plan.total_seconds) < 1.0  # generous: shared, noisy machines
    shown = [(e.phase.index, e.seconds_left) for e in events if isinstance(e, SecondChanged)]
    expected = [(p.index, s) for p in plan.phases for s in range(p.duration, 0, -1)]
    assert shown == expected
    assert isinstance(events[-1], Finished)
