"""The plan, planned days, adherence and the streak: rest days are part of the plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hiptimer.core.practice import (
    LEVEL_STEPS,
    PROGRAM_STEPS,
    PathKind,
    Plan,
    PlanHistory,
    monday_of,
    next_planned_day,
    plan_streak,
    retest_due,
    routine_for,
    week_adherence,
    weekly_adherence,
)

MON = date(2026, 11, 2)  # a Monday
MWF = {0, 2, 4}


def day(n: int) -> date:
    """The n-th day after Monday 2 Nov 2026 (0 = that Monday)."""
    return MON + timedelta(days=n)


def levels(start: date = MON, days=MWF, step: int = 0) -> Plan:
    return Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset(days), start, step=step)


def test_paths_have_their_steps():
    """Levels are Level 1-3; the program is the four parts of article 001, in order."""
    assert Plan.for_path(PathKind.LEVELS, MWF, MON).routines == ("level-1", "level-2", "level-3")
    assert Plan.for_path(PathKind.PROGRAM, MWF, MON).routines == PROGRAM_STEPS
    assert len(PROGRAM_STEPS) == 4


def test_plan_rejects_nonsense():
    """No routines, a weekday out of range, a step past the end or a silly re-test interval are refused."""
    with pytest.raises(ValueError):
        Plan(PathKind.CUSTOM, (), frozenset(MWF), MON)
    with pytest.raises(ValueError):
        Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset({7}), MON)
    with pytest.raises(ValueError):
        Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset(MWF), MON, step=3)
    with pytest.raises(ValueError):
        Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset(MWF), MON, retest_weeks=0)


def test_step_since_defaults_to_the_start():
    """A new plan's step began the day the plan did."""
    assert levels().step_since == MON


def test_history_picks_the_version_of_the_day():
    """Each day is judged by the plan version that applied then; nothing before the first."""
    first, second = levels(days={0}), levels(start=day(7), days={1})
    history = PlanHistory((second, first))
    assert history.on(day(-1)) is None
    assert history.on(day(3)) == first
    assert history.on(day(7)) == second
    assert history.planned(day(0)) and not history.planned(day(7))
    assert history.planned(day(8))


def test_a_version_replaced_the_same_day_never_applied():
    """Editing the plan twice in a day: only the later version counts for that day."""
    a = levels(days={0})
    b = Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset({1}), MON, id=2)
    history = PlanHistory((a, b))
    assert history.on(MON) == b
    assert history.between(MON, day(6)) == [b]


def test_week_adherence_counts_planned_days_done():
    """Two of three planned days done is 67%; sessions on rest days are not planned sessions."""
    history = PlanHistory((levels(),))
    done = {day(0), day(1), day(4)}  # Mon (planned), Tue (rest), Fri (planned); Wed missed
    w = week_adherence(history, done, MON, day(6))
    assert (w.planned, w.done, w.percent) == (3, 2, 67)


def test_today_counts_only_once_done():
    """The day is not over: today, planned and not yet done, is not a miss."""
    history = PlanHistory((levels(),))
    assert week_adherence(history, {day(0)}, MON, day(2)).planned == 1
    assert week_adherence(history, {day(0), day(2)}, MON, day(2)).planned == 2


def test_a_week_with_nothing_planned_has_no_percentage():
    """No planned day, no adherence figure (not 0%, not 100%)."""
    history = PlanHistory((levels(start=day(7)),))
    assert week_adherence(history, set(), MON, day(6)).percent is None


def test_weekly_adherence_keeps_to_the_period():
    """Days before the period's first day are not counted in its first week."""
    history = PlanHistory((levels(),))
    weeks = weekly_adherence(history, {day(4)}, day(3), day(13), day(20))
    assert [w.week_start for w in weeks] == [MON, day(7)]
    assert (weeks[0].planned, weeks[0].done) == (1, 1)  # only Friday; Monday and Wednesday are outside
    assert (weeks[1].planned, weeks[1].done) == (3, 0)


def test_rest_days_never_break_the_streak():
    """Mon, Wed, Fri done, with rest days between: a streak of three."""
    history = PlanHistory((levels(),))
    assert plan_streak(history, {day(0), day(2), day(4)}, day(6)) == 3


def test_a_missed_planned_day_ends_the_streak():
    """Wednesday missed: the streak counts only Friday."""
    history = PlanHistory((levels(),))
    assert plan_streak(history, {day(0), day(4)}, day(5)) == 1


def test_today_not_yet_done_does_not_break_the_streak():
    """On a planned day still open, yesterday's run still stands."""
    history = PlanHistory((levels(),))
    assert plan_streak(history, {day(0), day(2)}, day(4)) == 2


def test_no_plan_no_streak():
    """Without a plan there is no planned day to count."""
    assert plan_streak(PlanHistory(), {MON}, MON) == 0


def test_streak_follows_each_version():
    """Days planned under the old version count by the old days."""
    old, new = levels(days={0}), levels(start=day(7), days={1})
    history = PlanHistory((old, new))
    assert plan_streak(history, {day(0), day(8)}, day(9)) == 2


def test_next_planned_day():
    """After Friday the next planned day of a Mon/Wed/Fri plan is Monday."""
    assert next_planned_day(PlanHistory((levels(),)), day(4)) == day(7)
    assert next_planned_day(PlanHistory((levels(days=()),)), day(4)) is None


def test_staged_paths_do_their_current_step():
    """On Levels the routine of the day is the current step, whatever was done last."""
    assert routine_for(levels(step=1), "level-3") == "level-2"


def test_custom_paths_take_routines_in_turn():
    """A custom plan offers the routine after the last one done, round again at the end."""
    plan = Plan(PathKind.CUSTOM, ("a", "b", "c"), frozenset(MWF), MON)
    assert routine_for(plan, None) == "a"
    assert routine_for(plan, "a") == "b"
    assert routine_for(plan, "c") == "a"
    assert routine_for(plan, "other") == "a"
    assert plan.next_routine is None and plan.previous_routine is None


def test_retest_due_every_few_weeks():
    """The re-test is due the plan's weeks after the last one; the first, at once."""
    plan = levels()
    assert retest_due(plan, None, day(3)) == day(3)
    assert retest_due(plan, MON, day(3)) == MON + timedelta(weeks=4)
    assert retest_due(None, MON, day(3)) is None


def test_monday_of():
    """Weeks start on Monday."""
    assert monday_of(day(6)) == MON
