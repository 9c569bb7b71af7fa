"""Today, as the Today card, ``hiptimer today`` and the reminder say it.

Standard library only: :func:`build_today` puts the plan, the counted days,
the last session, the last measurement and the progression outlook
together; :func:`today_lines` and :func:`reminder` turn that into words.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from hiptimer.core.practice import (
    PAIN_WORDS,
    PATH_NAMES,
    WEEKDAY_NAMES,
    Pain,
    Plan,
    PlanHistory,
    WeekAdherence,
    monday_of,
    next_planned_day,
    plan_streak,
    retest_due,
    routine_for,
    week_adherence,
)
from hiptimer.core.progression import Outlook


@dataclass(frozen=True)
class LastSession:
    day: date
    routine_id: str
    title: str
    completed: bool
    parts_done: int
    planned_parts: int
    rating: int | None
    pain: Pain | None


@dataclass(frozen=True)
class Today:
    day: date
    plan: Plan | None
    planned_today: bool
    routine_id: str | None  # what the plan asks for today, or on the next planned day
    done_today: bool
    next_day: date | None  # the next planned day after today
    week: WeekAdherence  # planned days done, judged up to today (today counts once done)
    week_planned: int  # every planned day of this week, Monday to Sunday, today and later too
    streak: int
    last: LastSession | None
    retest_due: date | None
    outlook: Outlook

    @property
    def retest_overdue(self) -> bool:
        return self.retest_due is not None and self.retest_due <= self.day


def build_today(plans: PlanHistory, done_days: Collection[date], today: date, *,
                last: LastSession | None, last_in_turn: str | None, last_measured: date | None,
                outlook: Outlook | None = None, streak: int | None = None) -> Today:
    """Everything the Today card shows. ``last_in_turn`` is the latest routine of
    a custom plan done (for taking them in turn); ``streak``, when given, was
    counted already (over more days than ``done_days`` holds)."""
    plan = plans.current
    planned = plan is not None and plan.planned_on(today)
    routine = routine_for(plan, last_in_turn) if plan is not None else None
    return Today(
        day=today,
        plan=plan,
        planned_today=planned,
        routine_id=routine,
        done_today=today in done_days,
        next_day=next_planned_day(plans, today),
        week=week_adherence(plans, done_days, monday_of(today), today),
        week_planned=sum(1 for i in range(7) if plans.planned(monday_of(today) + timedelta(days=i))),
        streak=plan_streak(plans, done_days, today) if streak is None else streak,
        last=last,
        retest_due=retest_due(plan, last_measured, today),
        outlook=outlook or Outlook(None),
    )


def _title(titles: Mapping[str, str], routine_id: str | None) -> str:
    if routine_id is None:
        return "-"
    return titles.get(routine_id, routine_id)


def _minutes(seconds: int | None) -> str:
    if not seconds:
        return ""
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def headline(t: Today, titles: Mapping[str, str], durations: Mapping[str, int] | None = None) -> str:
    """One line: what to do today, and why."""
    if t.plan is None:
        return "No plan yet: choose a path, the days and a time (Plan > Edit plan, or the Today card)."
    name = _title(titles, t.routine_id)
    length = _minutes((durations or {}).get(t.routine_id or ""))
    length = f" ({length})" if length else ""
    weekday = WEEKDAY_NAMES[t.day.weekday()]
    if t.planned_today and t.done_today:
        return f"Done for today: {weekday} is a planned day and you practised. Well done."
    if t.planned_today:
        return f"Today: {name}{length}. {weekday} is a planned day in your plan ({t.plan.days_text()})."
    nxt = f" Next: {name} on {t.next_day:%A}." if t.next_day else ""
    extra = " You practised anyway: a bonus session." if t.done_today else ""
    return f"Rest day: rest is part of the plan.{extra}{nxt}"


def step_text(t: Today, titles: Mapping[str, str]) -> str:
    plan = t.plan
    if plan is None:
        return ""
    if plan.staged:
        return (f"{PATH_NAMES[plan.path]}: step {plan.step + 1} of {len(plan.routines)}, "
                f"{_title(titles, plan.current_routine)}, since {plan.step_since:%d %b %Y}.")
    return f"{PATH_NAMES[plan.path]}: " + ", ".join(_title(titles, r) for r in plan.routines) + ", in turn."


def week_text(t: Today) -> str:
    """The week against the plan: done of all its planned days, and any missed so far.

    Counts the whole week as the plan has it (today and the days ahead
    too), so a planned day today is never "nothing planned".
    """
    if t.week_planned == 0:
        return "This week: no planned days."
    missed = t.week.planned - t.week.done  # planned days already past, not done
    missed_text = f", {missed} missed" if missed else ""
    return f"This week: {t.week.done} of {t.week_planned} planned sessions done{missed_text}."


def streak_text(t: Today) -> str:
    n = t.streak
    return f"Streak: {n} planned session{'s' if n != 1 else ''} in a row (rest days never break it)."


def last_text(t: Today) -> str:
    last = t.last
    if last is None:
        return "Last session: none yet."
    how = "completed" if last.completed else f"{last.parts_done} of {last.planned_parts} sides done"
    feel = f", feel {last.rating}/10" if last.rating is not None else ""
    pain = f", pain: {PAIN_WORDS[last.pain].lower()}" if last.pain is not None else ""
    return f"Last session: {last.title}, {last.day:%a %d %b}, {how}{feel}{pain}."


def retest_text(t: Today) -> str:
    if t.retest_due is None:
        return ""
    if t.retest_due <= t.day:
        return "Range-of-motion re-test: due now (Range of motion > Self-test)."
    return f"Range-of-motion re-test: due {t.retest_due:%a %d %b}."


def today_lines(t: Today, titles: Mapping[str, str], durations: Mapping[str, int] | None = None) -> list[str]:
    """The Today card as lines of plain text (also ``hiptimer today``)."""
    lines = [headline(t, titles, durations)]
    if t.plan is None:
        return lines
    lines += [step_text(t, titles), week_text(t), streak_text(t), last_text(t)]
    if retest := retest_text(t):
        lines.append(retest)
    lines += list(t.outlook.advice)
    if t.outlook.suggestion is not None:
        lines.append(f"Suggestion (ours, not automatic): {t.outlook.suggestion.text}")
    return lines


@dataclass(frozen=True)
class Reminder:
    title: str
    body: str
    routine_id: str | None  # what the notification's action opens


def reminder(t: Today, titles: Mapping[str, str], durations: Mapping[str, int] | None = None, *,
             retest: bool = False) -> Reminder | None:
    """The notification for now, or None (no plan, a rest day, already done).

    ``retest`` asks for the re-test reminder instead: sent only when it is due.
    """
    if t.plan is None:
        return None
    if retest:
        if not t.retest_overdue:
            return None
        return Reminder("Time for a range-of-motion re-test",
                        "Measure both hips with the self-test, so you and your therapist can "
                        "see the trend.", None)
    if not t.planned_today or t.done_today or t.routine_id is None:
        return None
    length = _minutes((durations or {}).get(t.routine_id))
    name = _title(titles, t.routine_id)
    title = f"{name} is planned today" + (f", {length}" if length else "")
    body = "Open hiptimer to start it." + (f" {t.outlook.advice[0]}" if t.outlook.advice else "")
    return Reminder(title, body, t.routine_id)
