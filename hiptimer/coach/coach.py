"""What the Today card, ``hiptimer today`` and ``hiptimer remind`` ask of the practice."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from hiptimer.core.model import DoseChoice, Routine
from hiptimer.core.plan import compile_plan
from hiptimer.core.practice import Plan, PlanHistory, monday_of, plan_streak, routine_for, streak_walk
from hiptimer.core.progression import Answer, Decision, Kind, Outlook, Suggestion, shortest_holds, suggest
from hiptimer.core.today import LastSession, Today, build_today
from hiptimer.library.catalog import Catalog
from hiptimer.storage import plans as stored
from hiptimer.storage.records import SessionStatus
from hiptimer.storage.store import HistoryStore

log = logging.getLogger(__name__)

DoseReader = Callable[[str], Mapping[str, DoseChoice]]
HoldWriter = Callable[[str, str, int], None]

STREAK_WINDOW_DAYS = 90
"""Days of history read first for the streak (more only when it reaches further)."""


@dataclass
class Coach:
    """The practice over one store and catalog.

    ``doses`` reads the user's saved dose picks for a routine id and
    ``set_hold`` saves one (the window passes its settings object's; the
    command line its settings file's).
    """

    store: HistoryStore
    catalog: Catalog
    doses: DoseReader = lambda _routine_id: {}
    set_hold: HoldWriter | None = None
    now: Callable[[], datetime] = lambda: datetime.now(UTC)

    # -- reads -------------------------------------------------------------------

    def titles(self) -> dict[str, str]:
        return {r.id: r.title for r in self.catalog.routines}

    def durations(self, plan: Plan | None) -> dict[str, int]:
        """Seconds of each routine of the plan, with the user's doses."""
        out: dict[str, int] = {}
        for rid in plan.routines if plan else ():
            routine = self.catalog.get(rid)
            if routine is not None:
                out[rid] = compile_plan(routine, dict(self.doses(rid))).total_seconds
        return out

    def plans(self) -> PlanHistory:
        return stored.plan_history(self.store)

    def today(self, day: date | None = None, plans: PlanHistory | None = None) -> Today:
        """Everything the Today card shows, for ``day`` (default: the store's today)."""
        day = day or self.store.today()
        plans = plans if plans is not None else self.plans()
        plan = plans.current
        first = min(plans.first_day or day, day)
        # Most days the streak ends within a few weeks: read those first, and
        # the whole plan's days only when the streak reaches further back.
        start = max(first, monday_of(day) - timedelta(days=STREAK_WINDOW_DAYS))
        done = stored.done_days(self.store, start, day)
        streak, more = streak_walk(plans, done, day, start)
        if more and start > first:
            done = stored.done_days(self.store, first, day)
            streak = plan_streak(plans, done, day)
        last_read = stored.last_session(self.store)
        last = None
        if last_read is not None:
            s = last_read.session
            last = LastSession(s.local_date, s.routine_id, s.routine_title or s.routine_id,
                               s.status is SessionStatus.COMPLETED, s.parts_done, s.planned_parts,
                               s.rating, last_read.pain)
        last_in_turn = None
        if plan is not None and not plan.staged:
            turn = stored.last_session(self.store, plan.routines)
            last_in_turn = turn.session.routine_id if turn else None
        measured = stored.last_measured(self.store)
        outlook = self.outlook(plan, routine_for(plan, last_in_turn), day) if plan is not None else None
        return build_today(plans, done, day, last=last, last_in_turn=last_in_turn,
                           last_measured=self.store.local_date(measured) if measured else None,
                           outlook=outlook, streak=streak)

    def outlook(self, plan: Plan, routine_id: str | None, day: date) -> Outlook:
        routine = self.catalog.get(routine_id) if routine_id else None
        since = plan.step_since if plan.staged else None
        facts = stored.progression_facts(self.store, since)
        return suggest(plan, routine, dict(self.doses(routine.id)) if routine else {}, facts,
                       stored.decisions(self.store), day, titles=self.titles())

    # -- writes ------------------------------------------------------------------

    def save_plan(self, plan: Plan) -> Plan:
        return stored.save_plan(self.store, plan, self.now())

    def answer(self, suggestion: Suggestion, answer: Answer, day: date | None = None) -> Decision:
        """Record the user's answer; when accepted, apply it (a new plan version or a dose)."""
        decision = stored.record_decision(self.store, suggestion, answer, self.now())
        if answer is Answer.ACCEPTED:
            self._apply(suggestion, day or self.store.today())
        return decision

    def _apply(self, s: Suggestion, day: date) -> None:
        plan = self.plans().current
        if s.kind in (Kind.NEXT_STEP, Kind.STEP_BACK) and plan is not None and s.to_value in plan.routines:
            self.save_plan(plan.with_step(plan.routines.index(s.to_value), day))
        elif s.kind is Kind.LONGER_HOLD and self.set_hold is not None:
            self.set_hold(s.routine_id, s.exercise_id, int(s.to_value))
        elif s.kind is Kind.SHORTER_HOLD and self.set_hold is not None:
            routine: Routine | None = self.catalog.get(s.routine_id)
            for ex_id, hold in (shortest_holds(routine) if routine else {}).items():
                self.set_hold(s.routine_id, ex_id, hold)
        # ARTICLE_NOTE and PAUSE change nothing here: they are for the person to follow.


def open_user_coach() -> tuple[Coach, str | None]:
    """The coach over the user's own history, routines and settings (command line).

    Returns it with the store's opening notice (a damaged file moved aside), if any.
    Close ``coach.store`` when done.
    """
    from hiptimer.library.catalog import load_catalog
    from hiptimer.paths import user_paths
    from hiptimer.storage.settings import load_settings, save_settings

    paths = user_paths().ensure()
    opened = HistoryStore.open(paths.database)
    catalog = load_catalog(user=paths.user_routines)

    def doses(routine_id: str) -> dict[str, DoseChoice]:
        return load_settings(paths.settings_file).dose_choices(routine_id)

    def set_hold(routine_id: str, exercise_id: str, hold: int) -> None:
        settings = load_settings(paths.settings_file)
        settings.set_dose(routine_id, exercise_id, hold=hold)
        save_settings(settings, paths.settings_file)

    return Coach(opened.store, catalog, doses, set_hold), opened.notice
