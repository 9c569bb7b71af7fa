"""The recorder writes what happened on each side, through the real store."""

from __future__ import annotations

import pytest

from hiptimer.core.engine import Engine
from hiptimer.core.events import EndStatus, PartStatus
from hiptimer.core.model import Side, SidesMode
from hiptimer.core.plan import PhaseKind, compile_plan
from hiptimer.core.record import SessionRecorder, replaces
from hiptimer.storage.store import HistoryStore
from tests.factories import hold, routine
from tests.fakes import FakeClock


@pytest.fixture
def store():
    s = HistoryStore.open(":memory:").store
    yield s
    s.close()


class Session:
    """One two-sided hold (left 20 s, switch, right 20 s) recorded as it is played."""

    def __init__(self, store: HistoryStore) -> None:
        self.clock = FakeClock()
        plan = compile_plan(routine(hold("hang", seconds=20, sides=SidesMode.BOTH, get_ready=5)))
        self.engine = Engine(plan, self.clock)
        self.recorder = SessionRecorder(plan, store, self.clock)
        self.recorder.begin()
        self.feed(self.engine.start())

    def feed(self, events) -> None:
        for event in events:
            self.recorder.handle(event)

    def wait(self, seconds: float) -> None:
        for _ in range(int(seconds * 4)):
            self.clock.advance(0.25)
            self.feed(self.engine.tick())

    def kind(self) -> PhaseKind:
        return self.engine.phase.kind

    def statuses(self, store: HistoryStore) -> dict[Side, PartStatus]:
        return {p.side: p.status for p in store.parts(self.recorder.session_id)}


def test_a_skipped_side_done_after_going_back_is_recorded_done(store):
    """Skip the left side, go back to it and hold it through: the history says done."""
    s = Session(store)
    s.feed(s.engine.skip())  # past get ready
    s.feed(s.engine.skip())  # pass over the left side
    assert s.statuses(store) == {Side.LEFT: PartStatus.SKIPPED}
    s.feed(s.engine.back())  # back to the left hold
    assert (s.kind(), s.engine.phase.side) == (PhaseKind.HOLD, Side.LEFT)
    s.wait(21)
    assert s.statuses(store) == {Side.LEFT: PartStatus.DONE}
    assert store.session(s.recorder.session_id).parts_skipped == 0
    assert [p.status for p in s.recorder.parts] == [PartStatus.DONE]


def test_passing_over_a_done_side_again_keeps_it_done(store):
    """Hold the left side through, go back to it and skip it: it stays done."""
    s = Session(store)
    s.wait(5.25 + 20)  # get ready, then the whole left hold
    assert s.statuses(store) == {Side.LEFT: PartStatus.DONE}
    s.feed(s.engine.back())  # from the switch back into the left hold
    assert (s.kind(), s.engine.phase.side) == (PhaseKind.HOLD, Side.LEFT)
    s.feed(s.engine.skip())
    assert s.statuses(store) == {Side.LEFT: PartStatus.DONE}
    assert s.recorder.done == 1 and s.recorder.skipped == 0


def test_finishing_writes_the_end(store):
    """The session's end and status are written when the engine finishes."""
    s = Session(store)
    s.wait(5 + 20 + 5 + 20 + 1)
    record = store.session(s.recorder.session_id)
    assert record.status.value == EndStatus.COMPLETED.value and record.parts_done == 2
    assert s.recorder.completed


@pytest.mark.parametrize(
    ("earlier", "later", "kept"),
    [
        (PartStatus.SKIPPED, PartStatus.DONE, PartStatus.DONE),
        (PartStatus.DONE, PartStatus.SKIPPED, PartStatus.DONE),
        (PartStatus.SKIPPED, PartStatus.SKIPPED, PartStatus.SKIPPED),
        (PartStatus.DONE, PartStatus.DONE, PartStatus.DONE),
    ],
)
def test_replace_rule(earlier, later, kept):
    """A later done replaces a skip; a later skip never replaces a done."""
    assert (later if replaces(earlier, later) else earlier) is kept
