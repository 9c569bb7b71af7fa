"""Today in words: the card, `hiptimer today` and the reminder."""

from __future__ import annotations

from datetime import date, timedelta

from hiptimer.core.practice import LEVEL_STEPS, Pain, PathKind, Plan, PlanHistory
from hiptimer.core.progression import Kind, Outlook, Suggestion
from hiptimer.core.today import LastSession, build_today, reminder, today_lines

MON = date(2026, 11, 2)
TITLES = {"level-1": "Level 1", "level-2": "Level 2", "level-3": "Level 3"}
DURATIONS = {"level-1": 290, "level-2": 330}


def history(step: int = 0) -> PlanHistory:
    return PlanHistory((Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset({0, 2, 4}), MON - timedelta(days=14),
                             step=step),))


def today(day: date, done=(), **kw):
    return build_today(history(kw.pop("step", 0)), set(done), day, last=kw.pop("last", None),
                       last_in_turn=None, last_measured=kw.pop("measured", None), **kw)


def test_reminder_names_routine_and_minutes():
    """On a planned day: "Level 2 is planned today, 6 minutes"."""
    r = reminder(today(MON, step=1), TITLES, DURATIONS)
    assert r is not None and r.title == "Level 2 is planned today, 6 minutes" and r.routine_id == "level-2"


def test_reminder_quiet_when_done_or_resting():
    """Done today, or a rest day, or no plan: no reminder."""
    assert reminder(today(MON, done={MON}), TITLES) is None
    assert reminder(today(MON + timedelta(days=1)), TITLES) is None
    empty = build_today(PlanHistory(), set(), MON, last=None, last_in_turn=None, last_measured=None)
    assert reminder(empty, TITLES) is None


def test_retest_reminder_only_when_due():
    """The re-test reminder speaks once the plan's weeks have passed since the last measurement."""
    assert reminder(today(MON, measured=MON - timedelta(weeks=1)), TITLES, retest=True) is None
    r = reminder(today(MON, measured=MON - timedelta(weeks=4)), TITLES, retest=True)
    assert r is not None and "re-test" in r.title


def test_lines_say_why_and_how_the_week_goes():
    """The card says today is planned and why, the week's adherence, the streak and the last session."""
    last = LastSession(MON - timedelta(days=3), "level-1", "Level 1", True, 3, 3, 8, Pain.NONE)
    t = today(MON, done={MON - timedelta(days=3), MON - timedelta(days=5)}, last=last)
    text = "\n".join(today_lines(t, TITLES, DURATIONS))
    assert "Today: Level 1 (5 minutes). Monday is a planned day in your plan (Mon, Wed, Fri)." in text
    assert "This week: 0 of 3 planned sessions done." in text
    assert "Streak: 2 planned sessions in a row" in text
    assert "Last session: Level 1, Fri 30 Oct, completed, feel 8/10, pain: no." in text
    assert "re-test: due now" in text


def test_the_week_line_agrees_with_a_session_planned_today():
    """Monday planned and not yet done: the week counts it among its planned days, never "nothing planned"."""
    lines = today_lines(today(MON), TITLES, DURATIONS)
    assert lines[0].startswith("Today: Level 1")
    assert lines[2] == "This week: 0 of 3 planned sessions done."
    done = today(MON, done={MON})
    assert today_lines(done, TITLES)[2] == "This week: 1 of 3 planned sessions done."


def test_the_week_line_names_days_missed():
    """Wednesday after a missed Monday: 0 of 3 done, 1 missed; a plan without days has none."""
    assert today_lines(today(MON + timedelta(days=2)), TITLES)[2] == (
        "This week: 0 of 3 planned sessions done, 1 missed.")
    no_days = PlanHistory((Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset(), MON - timedelta(days=7)),))
    t = build_today(no_days, set(), MON, last=None, last_in_turn=None, last_measured=None)
    lines = today_lines(t, TITLES)
    assert lines[0].startswith("Rest day") and lines[2] == "This week: no planned days."


def test_rest_day_says_rest_is_part_of_the_plan():
    """Tuesday on a Mon/Wed/Fri plan: a rest day, and when the next session is."""
    text = today_lines(today(MON + timedelta(days=1)), TITLES)[0]
    assert text == "Rest day: rest is part of the plan. Next: Level 1 on Wednesday."


def test_suggestion_is_shown_as_ours():
    """A suggestion is marked as ours and not automatic."""
    s = Suggestion("R7", Kind.NEXT_STEP, "level-1", "Try Level 2 next.", "", "level-1", "level-2")
    lines = today_lines(today(MON, outlook=Outlook(s)), TITLES)
    assert lines[-1] == "Suggestion (ours, not automatic): Try Level 2 next."


def test_no_plan_says_how_to_make_one():
    """Without a plan the card asks for one."""
    empty = build_today(PlanHistory(), set(), MON, last=None, last_in_turn=None, last_measured=None)
    assert today_lines(empty, TITLES)[0].startswith("No plan yet")
