"""Turn engine events into history writes, as they happen.

The sink is any object with the history store's write methods (the SQLite
store's retrying writer in the app, a list-backed fake nowhere: tests use the
real store on ``:memory:``). A session row is written when the session
starts, one row per exercise side as it ends, and the end when it ends, so a
crash loses nothing already finished.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from hiptimer.core.clock import Clock
from hiptimer.core.events import EndStatus, Event, Finished, PartEnded, PartStatus
from hiptimer.core.plan import Plan

log = logging.getLogger(__name__)


class HistorySink(Protocol):
    def start_session(self, *, routine_id: str, routine_title: str, level: int | None,
                      started_at: datetime, planned_parts: int) -> int: ...

    def record_part(self, session_id: int, *, exercise_index: int, exercise_id: str,
                    exercise_name: str, side: str, status: str, dose: str,
                    active_seconds: float, ended_at: datetime) -> bool | None: ...

    def finish_session(self, session_id: int, *, status: str, ended_at: datetime,
                       active_seconds: float) -> None: ...


class SessionRecorder:
    """Feeds one session's events into a :class:`HistorySink`."""

    def __init__(self, plan: Plan, sink: HistorySink, clock: Clock,
                 session_id: int | None = None) -> None:
        self.plan = plan
        self.sink = sink
        self.clock = clock
        self.session_id = session_id
        self.parts: list[PartEnded] = []
        self.finished: Finished | None = None

    def begin(self) -> int:
        """Write the session row (unless resuming one) and return its id."""
        if self.session_id is None:
            r = self.plan.routine
            self.session_id = self.sink.start_session(
                routine_id=r.id, routine_title=r.title, level=r.level,
                started_at=self.clock.now(), planned_parts=len(self.plan.parts()))
        return self.session_id

    def handle(self, event: Event) -> None:
        if self.session_id is None:
            return
        if isinstance(event, PartEnded):
            self.parts = [p for p in self.parts
                          if (p.exercise_index, p.side) != (event.exercise_index, event.side)]
            self.parts.append(event)
            ex = self.plan.routine.exercises[event.exercise_index]
            dose = self.plan.doses[event.exercise_index].describe(ex)
            written = self.sink.record_part(
                self.session_id, exercise_index=event.exercise_index, exercise_id=ex.id,
                exercise_name=ex.name, side=event.side.value, status=event.status.value,
                dose=dose, active_seconds=event.active_seconds, ended_at=self.clock.now())
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
            self.sink.finish_session(self.session_id, status=event.status.value,
                                     ended_at=self.clock.now(), active_seconds=event.active_seconds)

    @property
    def done(self) -> int:
        return sum(1 for p in self.parts if p.status is PartStatus.DONE)

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.parts if p.status is PartStatus.SKIPPED)

    @property
    def completed(self) -> bool:
        return self.finished is not None and self.finished.status is EndStatus.COMPLETED
