"""Turn engine events into history writes, as they happen.

The sink is any object with the history's write methods (the SQLite store's
retrying writer in the app; tests use the real store on ``:memory:``). A
session row is written when the session starts, one row per exercise side as
it ends, and the end when it ends, so a crash loses nothing already finished.

The rows travel as the frozen dataclasses below, so each write's fields are
declared once, here, and the storage layer imports them from core.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from hiptimer.core.clock import Clock
from hiptimer.core.events import EndStatus, Event, Finished, PartEnded, PartStatus
from hiptimer.core.model import Side
from hiptimer.core.plan import Plan

log = logging.getLogger(__name__)


def new_uid() -> str:
    """A fresh row identity: makes a retried write harmless and merging by uid possible."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class SessionWrite:
    """A session as it starts. ``time_scale`` above 1: played faster than real time."""

    routine_id: str
    routine_title: str
    started_at: datetime  # aware; real wall-clock time
    planned_parts: int
    level: int | None = None
    time_scale: float = 1.0
    uid: str = field(default_factory=new_uid)


@dataclass(frozen=True)
class PartWrite:
    """One exercise on one side as it ends, done or skipped."""

    exercise_index: int
    exercise_id: str
    ended_at: datetime  # aware; real wall-clock time
    exercise_name: str = ""
    side: Side = Side.NONE
    status: PartStatus = PartStatus.DONE
    dose: str = ""
    active_seconds: float = 0.0


@dataclass(frozen=True)
class MeasurementWrite:
    """A range-of-motion self-test result in degrees (None: side not measured)."""

    test_id: str
    taken_at: datetime  # aware
    left_deg: int | None
    right_deg: int | None
    note: str = ""
    uid: str = field(default_factory=new_uid)


def replaces(earlier: PartStatus, later: PartStatus) -> bool:
    """Whether a side recorded again keeps the later result.

    Doing a side counts: a later DONE replaces an earlier SKIPPED, but passing
    over a side already done (going back, then skipping forward) leaves it done.
    """
    return later is PartStatus.DONE or earlier is PartStatus.SKIPPED


class HistorySink(Protocol):
    """What the recorder writes to. Positional parameters may have any name there."""

    def start_session(self, session: SessionWrite, /) -> int: ...

    def record_part(self, session_id: int, part: PartWrite, /) -> bool | None: ...

    def finish_session(self, session_id: int, /, *, status: EndStatus, ended_at: datetime,
                       active_seconds: float) -> bool | None: ...


class SessionRecorder:
    """Feeds one session's events into a :class:`HistorySink`.

    Stamps come from ``clock.now()``, which is real wall-clock time even when
    the session plays faster (``time_scale``, stored with the session).
    """

    def __init__(self, plan: Plan, sink: HistorySink, clock: Clock,
                 session_id: int | None = None, *, time_scale: float = 1.0,
                 earlier: Iterable[PartEnded] = ()) -> None:
        self.plan = plan
        self.sink = sink
        self.clock = clock
        self.session_id = session_id
        self.time_scale = time_scale
        # A resumed session starts with the sides recorded before it stopped, so
        # its summary counts them (they are in the history already; not rewritten).
        self.parts: list[PartEnded] = []
        for part in earlier:
            self._keep(part)
        self.finished: Finished | None = None

    def begin(self) -> int:
        """Write the session row (unless resuming one) and return its id."""
        if self.session_id is None:
            r = self.plan.routine
            self.session_id = self.sink.start_session(SessionWrite(
                routine_id=r.id, routine_title=r.title, level=r.level,
                started_at=self.clock.now(), planned_parts=len(self.plan.parts()),
                time_scale=self.time_scale))
        return self.session_id

    def handle(self, event: Event) -> None:
        if self.session_id is None:
            return
        if isinstance(event, PartEnded):
            self._keep(event)
            ex = self.plan.routine.exercises[event.exercise_index]
            dose = self.plan.doses[event.exercise_index].describe(ex)
            written = self.sink.record_part(self.session_id, PartWrite(
                exercise_index=event.exercise_index, exercise_id=ex.id, exercise_name=ex.name,
                side=event.side, status=event.status, dose=dose,
                active_seconds=event.active_seconds, ended_at=self.clock.now()))
            # Logged once the write is committed (a crash test reads these lines
            # to know which sides must be in the database).
            if written is not False:
                log.info("Recorded part: session %s exercise %d %s side %s", self.session_id,
                         event.exercise_index, ex.id, event.side.value)
            else:
                log.warning("Part not written yet (queued for retry): exercise %d side %s",
                            event.exercise_index, event.side.value)
        elif isinstance(event, Finished):
            self.finished = event
            self.sink.finish_session(self.session_id, status=event.status,
                                     ended_at=self.clock.now(), active_seconds=event.active_seconds)

    def _keep(self, event: PartEnded) -> None:
        """Remember the side's result by the same rule the history applies."""
        key = (event.exercise_index, event.side)
        for i, p in enumerate(self.parts):
            if (p.exercise_index, p.side) == key:
                if replaces(p.status, event.status):
                    del self.parts[i]
                    self.parts.append(event)
                return
        self.parts.append(event)

    @property
    def done(self) -> int:
        return sum(1 for p in self.parts if p.status is PartStatus.DONE)

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.parts if p.status is PartStatus.SKIPPED)

    @property
    def completed(self) -> bool:
        return self.finished is not None and self.finished.status is EndStatus.COMPLETED
