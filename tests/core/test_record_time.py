"""A time-scaled session plays fast but is stamped with real time, and says it was scaled."""

from __future__ import annotations

from hiptimer.core.clock import ScaledClock
from hiptimer.core.engine import Engine
from hiptimer.core.plan import compile_plan
from hiptimer.core.record import SessionRecorder
from hiptimer.storage.store import HistoryStore
from tests.factories import hold, routine
from tests.fakes import FakeClock


def test_scaled_clock_runs_fast_but_tells_the_real_time():
    """ScaledClock scales monotonic() only; now() is the base clock's wall time."""
    base = FakeClock()
    clock = ScaledClock(60, base)
    start = clock.monotonic()
    base.advance(2)
    assert clock.monotonic() - start == 120
    assert clock.now() == base.now()


def test_scaled_session_is_stamped_in_real_time_and_marked():
    """A session played at 60x stores real start and end times and time_scale 60."""
    base = FakeClock()
    clock = ScaledClock(60, base)
    store = HistoryStore.open(":memory:").store
    plan = compile_plan(routine(hold("hang", seconds=60, get_ready=5)))
    engine = Engine(plan, clock)
    recorder = SessionRecorder(plan, store, clock, time_scale=60)
    sid = recorder.begin()
    started = base.now()
    for event in engine.start():
        recorder.handle(event)
    while not recorder.finished:
        base.advance(0.05)  # 3 s of session time per real twentieth
        for event in engine.tick():
            recorder.handle(event)
    session = store.session(sid)
    assert session.time_scale == 60
    assert session.started_at == started
    assert session.ended_at == base.now()  # about a second later, not 65 s
    assert (session.ended_at - session.started_at).total_seconds() < 2
    assert store.parts(sid)[0].ended_at <= base.now()
