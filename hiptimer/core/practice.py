"""A practice over weeks: the plan, which days are planned, adherence, the streak, today.

Standard library only. The plan is a path (Levels 1-3, the four-part program
of article 001, or the user's own routines), the days of the week, a time and
the current step on the path. Plans are kept as *versions*: editing the plan
or accepting a progression adds a version that applies from that day on, so
last month's adherence is judged against last month's plan.

Which days count: a planned day is *done* when a session that counts for its
day (completed, or at least one side done: see ``storage.records``) began on
it. Rest days are part of the plan: they are neither done nor missed, so they
never break the streak; a session on a rest day is welcome but is not a
planned session.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class PathKind(enum.Enum):
    """Which path the plan follows."""

    LEVELS = "levels"  # Level 1 -> 2 -> 3 (article 000)
    PROGRAM = "program"  # the four-part staged program (article 001)
    CUSTOM = "custom"  # the user's own routines, taken in turn


LEVEL_STEPS = ("level-1", "level-2", "level-3")
PROGRAM_STEPS = (
    "program-1-release-and-stretch",
    "program-2-joint-mobilization",
    "program-3-movement-and-strength",
    "program-4-strength-and-function",
)
PATH_STEPS: dict[PathKind, tuple[str, ...]] = {PathKind.LEVELS: LEVEL_STEPS, PathKind.PROGRAM: PROGRAM_STEPS}
PATH_NAMES = {
    PathKind.LEVELS: "Levels 1-3",
    PathKind.PROGRAM: "The four-part program",
    PathKind.CUSTOM: "My own routines",
}


class Pain(enum.Enum):
    """The after-session check-in: "Did anything hurt?"."""

    NONE = "none"
    MILD = "mild"  # mild, and it went away
    SHARP = "sharp"  # sharp, or it lasted


PAIN_WORDS = {Pain.NONE: "No", Pain.MILD: "Mild, went away", Pain.SHARP: "Sharp or lasted"}

DEFAULT_TIME = time(18, 0)
DEFAULT_RETEST_WEEKS = 4
MAX_ROUTINES = 20


@dataclass(frozen=True)
class Plan:
    """One version of the plan, applying from ``effective_from`` (a local day) on.

    ``routines`` is the path's steps in order (for a custom path: the user's
    routines, taken in turn); ``step`` the current one, reached on
    ``step_since``. ``weekdays`` are 0 (Monday) to 6.
    """

    path: PathKind
    routines: tuple[str, ...]
    weekdays: frozenset[int]
    effective_from: date
    at: time = DEFAULT_TIME
    step: int = 0
    step_since: date | None = None
    retest_weeks: int = DEFAULT_RETEST_WEEKS
    id: int = 0

    def __post_init__(self) -> None:
        if not self.routines:
            raise ValueError("a plan needs at least one routine")
        if len(self.routines) > MAX_ROUTINES:
            raise ValueError(f"a plan has at most {MAX_ROUTINES} routines")
        if not set(self.weekdays) <= set(range(7)):
            raise ValueError(f"weekdays are 0 (Monday) to 6; got {sorted(self.weekdays)}")
        if not 0 <= self.step < len(self.routines):
            raise ValueError(f"step {self.step} is outside the path's {len(self.routines)} steps")
        if not 1 <= self.retest_weeks <= 52:
            raise ValueError(f"re-test every 1-52 weeks; got {self.retest_weeks}")
        if self.step_since is None:
            object.__setattr__(self, "step_since", self.effective_from)

    @classmethod
    def for_path(cls, path: PathKind, weekdays: Collection[int], effective_from: date, *,
                 routines: Sequence[str] = (), at: time = DEFAULT_TIME,
                 retest_weeks: int = DEFAULT_RETEST_WEEKS) -> Plan:
        """A new plan at the first step of ``path`` (``routines`` only for a custom path)."""
        steps = PATH_STEPS.get(path, tuple(routines))
        return cls(path, tuple(steps), frozenset(weekdays), effective_from, at, 0, effective_from,
                   retest_weeks)

    @property
    def staged(self) -> bool:
        """True when the routines are steps to progress along (not a rotation)."""
        return self.path is not PathKind.CUSTOM

    @property
    def current_routine(self) -> str:
        return self.routines[self.step]

    @property
    def next_routine(self) -> str | None:
        if not self.staged or self.step + 1 >= len(self.routines):
            return None
        return self.routines[self.step + 1]

    @property
    def previous_routine(self) -> str | None:
        if not self.staged or self.step == 0:
            return None
        return self.routines[self.step - 1]

    def planned_on(self, day: date) -> bool:
        return day.weekday() in self.weekdays

    def with_step(self, step: int, day: date) -> Plan:
        """This plan moved to ``step`` from ``day`` on (a new version)."""
        return replace(self, step=step, effective_from=day, step_since=day, id=0)

    def days_text(self) -> str:
        if len(self.weekdays) == 7:
            return "every day"
        return ", ".join(WEEKDAY_SHORT[d] for d in sorted(self.weekdays)) or "no days"


@dataclass(frozen=True)
class PlanHistory:
    """Every version of the plan, oldest first; :meth:`on` finds the one for a day."""

    versions: tuple[Plan, ...] = ()
    _starts: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.versions, key=lambda p: (p.effective_from, p.id)))
        object.__setattr__(self, "versions", ordered)
        object.__setattr__(self, "_starts", tuple(p.effective_from for p in ordered))

    @property
    def current(self) -> Plan | None:
        return self.versions[-1] if self.versions else None

    @property
    def first_day(self) -> date | None:
        return self._starts[0] if self._starts else None

    def on(self, day: date) -> Plan | None:
        """The plan that applied on ``day`` (the last version from that day or before)."""
        i = bisect.bisect_right(self._starts, day)
        return self.versions[i - 1] if i else None

    def planned(self, day: date) -> bool:
        plan = self.on(day)
        return plan is not None and plan.planned_on(day)

    def between(self, first: date, last: date) -> list[Plan]:
        """The versions that applied at some point from ``first`` to ``last``."""
        out = []
        for i, plan in enumerate(self.versions):
            ends = self.versions[i + 1].effective_from if i + 1 < len(self.versions) else None
            if plan.effective_from <= last and (ends is None or ends > first):
                if ends is not None and ends == plan.effective_from:
                    continue  # replaced the same day: it never applied
                out.append(plan)
        return out


# --------------------------------------------------------------------------
# Adherence and the streak


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekAdherence:
    """Planned sessions done in one week (Monday first)."""

    week_start: date
    planned: int
    done: int

    @property
    def percent(self) -> int | None:
        """Done as a whole percentage of planned; None in a week with nothing planned."""
        if self.planned <= 0:
            return None
        return round(100 * self.done / self.planned)


def week_adherence(plans: PlanHistory, done_days: Collection[date], week_start: date,
                   today: date, *, first: date | None = None, last: date | None = None) -> WeekAdherence:
    """Adherence of the week starting ``week_start``, judged up to ``today``.

    Today counts as planned only once it is done: the day is not over.
    ``first`` and ``last`` leave out the days of the week outside a period.
    """
    planned = done = 0
    for i in range(7):
        day = week_start + timedelta(days=i)
        if day > today or (first and day < first) or (last and day > last) or not plans.planned(day):
            continue
        if day in done_days:
            planned += 1
            done += 1
        elif day < today:
            planned += 1
    return WeekAdherence(week_start, planned, done)


def weekly_adherence(plans: PlanHistory, done_days: Collection[date], first: date, last: date,
                     today: date) -> list[WeekAdherence]:
    """:func:`week_adherence` for every week touching ``first``..``last``, oldest first."""
    out = []
    week = monday_of(first)
    while week <= last:
        out.append(week_adherence(plans, done_days, week, today, first=first, last=last))
        week += timedelta(days=7)
    return out


def plan_streak(plans: PlanHistory, done_days: Collection[date], today: date) -> int:
    """Planned days done in a row, up to today.

    Rest days are skipped over (they neither add nor break); today, not yet
    done, does not break it either. Ends at the first planned day missed.
    """
    first = plans.first_day
    return 0 if first is None else streak_walk(plans, done_days, today, first)[0]


def streak_walk(plans: PlanHistory, done_days: Collection[date], today: date,
                earliest: date) -> tuple[int, bool]:
    """:func:`plan_streak` looking no further back than ``earliest``: (streak,
    True when it ran into ``earliest`` without a miss, so it may go on before)."""
    streak = 0
    day = today
    while day >= earliest:
        if plans.planned(day):
            if day in done_days:
                streak += 1
            elif day < today:
                return streak, False
        day -= timedelta(days=1)
    return streak, True


def next_planned_day(plans: PlanHistory, after: date) -> date | None:
    """The first planned day after ``after`` under the current plan (None: no days)."""
    plan = plans.current
    if plan is None or not plan.weekdays:
        return None
    for i in range(1, 8):
        day = after + timedelta(days=i)
        if plan.planned_on(day):
            return day
    return None


def routine_for(plan: Plan, last_routine: str | None) -> str:
    """What the plan asks for next: the current step, or (custom) the next in turn."""
    if plan.staged or last_routine not in plan.routines:
        return plan.current_routine if plan.staged else plan.routines[0]
    return plan.routines[(plan.routines.index(last_routine) + 1) % len(plan.routines)]


def retest_due(plan: Plan | None, last_measured: date | None, today: date) -> date | None:
    """When the next range-of-motion self-test is due (None without a plan).

    With no measurement yet it is due today: the first one is the baseline.
    """
    if plan is None:
        return None
    if last_measured is None:
        return today
    return last_measured + timedelta(weeks=plan.retest_weeks)
