"""What the history gives back: plain frozen records, no SQL.

Which days count: a session *counts* for a day (heatmap, streaks) when it was
completed or when at least one exercise part in it was done ("partly
completed"). The day is the local calendar day on which the session started,
fixed when it is recorded, so travelling later does not move old sessions.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from hiptimer.core import rom
from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side


class SessionStatus(enum.Enum):
    RUNNING = "running"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"
    INTERRUPTED = "interrupted"  # the app stopped (crash, kill, power) while running
    # The row was written but the session never ran: starting failed, or the app
    # stopped before any side was recorded. Never offered for resume, never counted.
    NEVER_STARTED = "never_started"


@dataclass(frozen=True)
class SessionRecord:
    id: int
    uid: str
    routine_id: str
    routine_title: str
    level: int | None
    started_at: datetime  # aware, UTC
    local_date: date  # the user's calendar day when it started
    ended_at: datetime | None
    status: SessionStatus
    active_seconds: float
    planned_parts: int
    parts_done: int
    parts_skipped: int
    rating: int | None
    note: str
    time_scale: float = 1.0  # above 1: played faster than real time (a test or demo run)

    @property
    def completion(self) -> float | None:
        """Done parts as a fraction of the planned parts (None if none were planned)."""
        if self.planned_parts <= 0:
            return None
        return min(1.0, self.parts_done / self.planned_parts)

    @property
    def counts(self) -> bool:
        """True when the session counts for its day: completed or partly completed."""
        return self.status is SessionStatus.COMPLETED or self.parts_done > 0


@dataclass(frozen=True)
class PartRecord:
    """One exercise on one side, done or skipped."""

    session_id: int
    exercise_index: int
    exercise_id: str
    exercise_name: str
    side: Side
    status: PartStatus
    dose: str
    active_seconds: float
    ended_at: datetime


@dataclass(frozen=True)
class MeasurementRecord:
    """A range-of-motion self-test result in degrees (None: side not measured)."""

    id: int
    uid: str
    test_id: str
    taken_at: datetime
    left_deg: int | None
    right_deg: int | None
    note: str

    @property
    def difference(self) -> int | None:
        """Absolute left-right difference, when both sides were measured."""
        return rom.difference(self)


@dataclass(frozen=True)
class RoutineSummary:
    routine_id: str
    title: str  # the title used by its latest session
    sessions: int
    completed: int
    minutes: float
    last_started_at: datetime


@dataclass(frozen=True)
class Streaks:
    """Runs of consecutive counted days (see the module docstring).

    ``current`` ends today, or yesterday when today has nothing yet: a streak
    is only broken once a whole day has passed without a session.
    """

    current: int
    longest: int
    last_day: date | None  # the latest counted day up to today


@dataclass(frozen=True)
class WeekMinutes:
    week_start: date  # a Monday
    minutes: float
