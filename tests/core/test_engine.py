"""The engine on a fake clock: deadlines, cues once each, controls, suspend."""

from __future__ import annotations

import pytest

from hiptimer.core.engine import Engine, State
from hiptimer.core.events import (
    Cue,
    CueDue,
    EndStatus,
    Finished,
    PartEnded,
    PartStatus,
    Paused,
    PauseReason,
    PhaseStarted,
    SecondChanged,
)
from hiptimer.core.model import Side, SidesMode
from hiptimer.core.plan import PhaseKind, compile_plan
from tests.factories import breathing, cycles, hold, paced, reps, routine
from tests.fakes import FakeClock


def make(*exercises, manual=False, **kw):
    clock = FakeClock()
    engine = Engine(compile_plan(routine(*exercises, **kw)), clock, manual_reps=manual)
    return engine, clock


def run(engine, clock, seconds, step=0.125):
    events = []
    for _ in range(round(seconds / step)):
        clock.advance(step)
        events += engine.tick()
    return events


def cues(events, cue=None):
    return [(e.cue, e.count) for e in events if isinstance(e, CueDue) and (cue is None or e.cue is cue)]


def test_start_enters_first_phase_with_its_full_seconds():
    """Start shows the first phase with all its seconds and the get-ready cue."""
    engine, _clock = make(hold(seconds=60, get_ready=10))
    events = engine.start()
    assert isinstance(events[0], PhaseStarted) and events[0].phase.kind is PhaseKind.GET_READY
    assert cues(events) == [(Cue.GET_READY, 0)]
    assert [e.seconds_left for e in events if isinstance(e, SecondChanged)] == [10]


def test_seconds_flip_once_each_in_order():
    """Ticked often, the display shows every second exactly once, never 0."""
    engine, clock = make(hold(seconds=20, get_ready=5))
    events = engine.start() + run(engine, clock, 25.5)
    shown = [e.seconds_left for e in events if isinstance(e, SecondChanged)]
    assert shown == [5, 4, 3, 2, 1, *range(20, 0, -1)]


def test_whole_routine_ends_exactly_at_total_time():
    """Finished fires at the plan's total time, to the tick."""
    engine, clock = make(hold(seconds=30), reps(n=2))
    t0 = clock.t
    engine.start()
    total = engine.plan.total_seconds
    run(engine, clock, total - 0.5)
    assert engine.state is State.RUNNING
    events = run(engine, clock, 0.5)
    assert any(isinstance(e, Finished) for e in events)
    finished = next(e for e in events if isinstance(e, Finished))
    assert finished.status is EndStatus.COMPLETED
    assert finished.active_seconds == pytest.approx(total)
    assert clock.t - t0 == pytest.approx(total)


def test_countdown_and_halfway_fire_once_each():
    """A 60 s hold gives halfway once and 3-2-1 once."""
    engine, clock = make(hold(seconds=60, get_ready=5))
    events = engine.start() + run(engine, clock, 70)
    hold_cues = [(e.cue, e.count) for e in events
                 if isinstance(e, CueDue) and e.phase.kind is PhaseKind.HOLD
                 and e.cue is not Cue.ROUTINE_DONE]
    assert hold_cues == [(Cue.GO, 0), (Cue.HALFWAY, 0), (Cue.COUNTDOWN, 3), (Cue.COUNTDOWN, 2),
                         (Cue.COUNTDOWN, 1)]


def test_cue_times_are_on_the_deadline_grid():
    """Countdown cues are due exactly 3, 2 and 1 s before the phase ends."""
    engine, clock = make(hold(seconds=20, get_ready=5))
    t0 = clock.t
    events = engine.start() + run(engine, clock, 30, step=0.37)
    ticks = [e.at - t0 for e in events if isinstance(e, CueDue) and e.cue is Cue.COUNTDOWN
             and e.phase.kind is PhaseKind.HOLD]
    assert ticks == pytest.approx([22, 23, 24])


def test_late_burst_fires_every_event_once_in_order():
    """One tick 30 s late still emits every boundary and cue, once, in order."""
    engine, clock = make(reps(n=3, hold_s=4, release=2, get_ready=5), switch=5)
    ref_engine, ref_clock = make(reps(n=3, hold_s=4, release=2, get_ready=5), switch=5)
    ref = ref_engine.start() + run(ref_engine, ref_clock, 9.875)
    burst = engine.start()
    clock.advance(9.875)
    burst += engine.tick()
    strip = [type(e).__name__ + (e.cue.value if isinstance(e, CueDue) else "")
             for e in burst if not isinstance(e, SecondChanged)]
    strip_ref = [type(e).__name__ + (e.cue.value if isinstance(e, CueDue) else "")
                 for e in ref if not isinstance(e, SecondChanged)]
    assert strip == strip_ref
    assert [e.at for e in burst if isinstance(e, CueDue)] == \
        pytest.approx([e.at for e in ref if isinstance(e, CueDue)])


def test_no_drift_with_irregular_ticks():
    """Ticks at irregular, late moments do not move the phase boundaries."""
    engine, clock = make(hold(seconds=45, get_ready=10), hold("b", seconds=30, get_ready=10))
    t0 = clock.t
    events = engine.start()
    import random

    rnd = random.Random(7)
    while engine.state is State.RUNNING:
        clock.advance(rnd.uniform(0.05, 1.9))
        events += engine.tick()
    starts = [e.at - t0 for e in events if isinstance(e, PhaseStarted)]
    assert starts == pytest.approx([0, 10, 55, 65])


def test_pause_shifts_the_deadline():
    """Time spent paused does not count; the phase resumes where it was."""
    engine, clock = make(hold(seconds=60, get_ready=5))
    engine.start()
    run(engine, clock, 15)
    assert engine.snapshot().seconds_left == 50
    events = engine.pause()
    assert any(isinstance(e, Paused) and e.reason is PauseReason.USER for e in events)
    clock.advance(300)
    assert engine.tick() == []
    assert engine.snapshot().seconds_left == 50
    engine.resume()
    run(engine, clock, 10)
    assert engine.snapshot().seconds_left == 40
    assert engine.active_seconds == pytest.approx(25)


def test_suspend_pauses_instead_of_racing():
    """A clock jump far beyond a tick pauses at the last tick."""
    engine, clock = make(hold(seconds=60, get_ready=5), hold("b", seconds=60))
    engine.start()
    run(engine, clock, 20)  # 15 s into the hold
    clock.advance(3600)
    events = engine.tick()
    assert [type(e) for e in events] == [Paused]
    assert events[0].reason is PauseReason.SUSPEND
    assert engine.phase.kind is PhaseKind.HOLD
    assert engine.snapshot().seconds_left == 45
    engine.resume()
    assert engine.snapshot().seconds_left == 45


def test_skip_ends_a_wait_then_a_side():
    """Skip during get-ready starts the work; skip during work leaves the side, marked skipped."""
    engine, clock = make(reps(n=3), switch=5)
    engine.start()
    engine.skip()
    assert engine.phase.kind is PhaseKind.REP_HOLD and engine.phase.side is Side.LEFT
    run(engine, clock, 4.5)  # rep 1 done
    events = engine.skip()
    assert engine.phase.kind is PhaseKind.SWITCH_SIDES
    parts = [e for e in events if isinstance(e, PartEnded)]
    assert [(p.side, p.status, p.reps_done) for p in parts] == [(Side.LEFT, PartStatus.SKIPPED, 1)]


def test_back_restarts_the_phase_or_goes_to_the_previous_block():
    """Back after 3 s restarts the phase; back at its start goes to the block before."""
    engine, clock = make(hold(seconds=60, get_ready=10), hold("b", seconds=30))
    engine.start()
    run(engine, clock, 30)  # 20 s into the hold
    engine.back()
    assert engine.phase.kind is PhaseKind.HOLD and engine.snapshot().seconds_left == 60
    engine.back()
    assert engine.phase.kind is PhaseKind.GET_READY


def test_back_across_sides_reopens_a_finished_side():
    """Going back into a finished side records it again when it ends again."""
    engine, clock = make(reps(n=1, hold_s=4, get_ready=5), switch=5)
    events = engine.start() + run(engine, clock, 10)  # left done, in switch
    assert [p.side for p in events if isinstance(p, PartEnded)] == [Side.LEFT]
    engine.back()  # 1 s into the switch: back to the left side's reps
    assert engine.phase.side is Side.LEFT and engine.phase.kind is PhaseKind.REP_HOLD
    events = run(engine, clock, 5)
    assert [p.side for p in events if isinstance(p, PartEnded)] == [Side.LEFT]


def test_restart_exercise_goes_to_its_get_ready():
    engine, clock = make(hold(), reps(n=3))
    engine.start()
    engine.skip()
    engine.skip()  # into exercise 2's next-exercise
    engine.skip()
    run(engine, clock, 6)
    engine.restart_exercise()
    assert engine.phase.kind is PhaseKind.NEXT_EXERCISE and engine.phase.exercise_index == 1


def test_add_time_extends_and_restarts_the_countdown():
    """+10 s during the last seconds pushes the end out and re-arms 3-2-1."""
    engine, clock = make(hold(seconds=20, get_ready=5))
    engine.start()
    events = run(engine, clock, 22.5)  # 2.5 s left: countdown 3 fired
    assert cues(events, Cue.COUNTDOWN)[-1] == (Cue.COUNTDOWN, 3)
    engine.add_time(10)
    assert engine.snapshot().seconds_left == 13
    events = run(engine, clock, 12.5)
    assert cues(events, Cue.COUNTDOWN) == [(Cue.COUNTDOWN, 3), (Cue.COUNTDOWN, 2), (Cue.COUNTDOWN, 1)]
    assert engine.state is State.FINISHED


def test_manual_reps_wait_for_confirm():
    """In manual-rep mode a paced rep waits after its tempo until confirmed."""
    engine, clock = make(paced(n=2, sides=SidesMode.NONE, get_ready=5), manual=True)
    engine.start()
    run(engine, clock, 5 + 6 + 10)
    assert engine.phase.rep == 1 and engine.snapshot().waiting_for_rep
    events = engine.confirm_rep()
    assert engine.phase.rep == 2
    assert (Cue.REP_DONE, 1) in cues(events)
    engine.confirm_rep()  # early confirm during the tempo also counts
    assert engine.state is State.FINISHED


def test_confirm_does_nothing_outside_manual_mode():
    engine, clock = make(paced(n=2, sides=SidesMode.NONE, get_ready=5))
    engine.start()
    run(engine, clock, 6)
    assert engine.confirm_rep() == []
    assert engine.phase.rep == 1


def test_finish_early_marks_the_side_in_progress_skipped():
    engine, clock = make(hold(seconds=30), reps(n=3))
    events = engine.start() + run(engine, clock, 42)  # hold done, in next exercise
    assert engine.phase.kind is PhaseKind.NEXT_EXERCISE
    events += engine.skip()
    run(engine, clock, 2)
    events = engine.finish_early()
    assert [(p.exercise_index, p.side, p.status) for p in events if isinstance(p, PartEnded)] == [
        (1, Side.LEFT, PartStatus.SKIPPED)]
    assert isinstance(events[-1], Finished) and events[-1].status is EndStatus.ENDED_EARLY


def test_every_part_ends_done_in_a_full_run():
    """A full run ends every exercise side once, all done, and says routine done last."""
    engine, clock = make(hold(), reps(sets=2, rest=10), paced(), cycles(), breathing())
    events = engine.start() + run(engine, clock, engine.plan.total_seconds + 1, step=0.5)
    parts = [(p.exercise_index, p.side) for p in events if isinstance(p, PartEnded)]
    assert parts == engine.plan.parts()
    assert all(p.status is PartStatus.DONE for p in events if isinstance(p, PartEnded))
    assert cues(events)[-1] == (Cue.ROUTINE_DONE, 0)


def test_next_wakeup_is_the_next_second_boundary():
    engine, clock = make(hold(seconds=60, get_ready=10))
    engine.start()
    clock.advance(0.3)
    engine.tick()
    assert engine.next_wakeup() == pytest.approx(clock.t + 0.7)


def test_last_rep_is_flagged():
    engine, clock = make(reps(n=3, sides=SidesMode.LEFT))
    events = engine.start() + run(engine, clock, 30)
    gos = [e for e in events if isinstance(e, CueDue) and e.cue is Cue.GO]
    assert [g.last_rep for g in gos] == [False, False, True]


def test_switch_sides_cue_names_the_new_side():
    engine, clock = make(reps(n=1))
    events = engine.start() + run(engine, clock, 12)
    switch = [e for e in events if isinstance(e, CueDue) and e.cue is Cue.SWITCH_SIDES]
    assert len(switch) == 1 and switch[0].side is Side.RIGHT
