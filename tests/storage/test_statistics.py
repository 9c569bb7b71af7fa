"""Heatmap counts, streaks and minutes per week, on fixed dates in a fixed zone."""

from __future__ import annotations

from datetime import date

import pytest

from hiptimer.storage.records import Streaks, WeekMinutes

TODAY = date(2024, 5, 15)  # a Wednesday


def test_day_counts_use_the_local_day(store, add_session):
    """A session at 23:30 local counts on that local day, not on the UTC one."""
    add_session(store, "2024-05-01", "23:30")  # 21:30 UTC
    add_session(store, "2024-05-02", "01:00")  # 23:00 UTC on 1 May
    counts = store.day_counts(date(2024, 4, 1), date(2024, 5, 31))
    assert counts == {date(2024, 5, 1): 1, date(2024, 5, 2): 1}


def test_day_counts_count_completed_and_partly_completed(store, add_session):
    """Completed sessions and any with a done part count; empty ended-early ones do not."""
    add_session(store, "2024-05-01", status="completed")
    add_session(store, "2024-05-01", "10:00", status="ended_early", done=1)
    add_session(store, "2024-05-01", "11:00", status="interrupted", done=2)
    add_session(store, "2024-05-01", "12:00", status="running", done=1)
    add_session(store, "2024-05-01", "13:00", status="ended_early", done=0)
    assert store.day_counts(date(2024, 5, 1), date(2024, 5, 1)) == {date(2024, 5, 1): 4}


def test_day_counts_respect_the_range(store, add_session):
    """Days outside [first, last] are left out; both ends are included."""
    for day in ("2024-04-30", "2024-05-01", "2024-05-31", "2024-06-01"):
        add_session(store, day)
    assert set(store.day_counts(date(2024, 5, 1), date(2024, 5, 31))) == {
        date(2024, 5, 1),
        date(2024, 5, 31),
    }


def test_no_history_no_streak(store):
    """An empty history has no streaks."""
    assert store.streaks(TODAY) == Streaks(0, 0, None)


def test_streak_including_today(store, add_session):
    """Three days in a row ending today is a current streak of 3."""
    for day in (13, 14, 15):
        add_session(store, f"2024-05-{day}")
    assert store.streaks(TODAY) == Streaks(3, 3, TODAY)


def test_today_not_done_yet_keeps_yesterdays_streak(store, add_session):
    """Until today is over, a streak ending yesterday is still current."""
    for day in (12, 13, 14):
        add_session(store, f"2024-05-{day}")
    assert store.streaks(TODAY).current == 3


def test_a_missed_day_ends_the_streak(store, add_session):
    """If neither today nor yesterday counts, the current streak is 0; longest stays."""
    for day in (11, 12, 13):
        add_session(store, f"2024-05-{day}")
    assert store.streaks(TODAY) == Streaks(0, 3, date(2024, 5, 13))


def test_longest_streak_is_the_longest_run(store, add_session):
    """The longest run is found anywhere in history; several sessions a day count once."""
    for day in (1, 2, 3, 4, 6, 7):
        add_session(store, f"2024-05-{day:02d}")
        add_session(store, f"2024-05-{day:02d}", "18:00")
    add_session(store, "2024-05-15")
    assert store.streaks(TODAY) == Streaks(1, 4, TODAY)


def test_streak_crosses_month_and_year_ends(store, add_session):
    """Consecutive days across 31 Dec / 1 Jan and 29 Feb are one run."""
    for day in ("2023-12-30", "2023-12-31", "2024-01-01"):
        add_session(store, day)
    for day in ("2024-02-28", "2024-02-29", "2024-03-01"):
        add_session(store, day)
    assert store.streaks(date(2024, 3, 2)) == Streaks(3, 3, date(2024, 3, 1))


def test_sessions_that_do_not_count_break_a_streak(store, add_session):
    """A day with only an empty ended-early session does not keep the streak."""
    add_session(store, "2024-05-13")
    add_session(store, "2024-05-14", status="ended_early", done=0)
    add_session(store, "2024-05-15")
    assert store.streaks(TODAY) == Streaks(1, 1, TODAY)


def test_future_days_are_ignored(store, add_session):
    """A session dated after today (a wrong clock) is not part of any streak."""
    add_session(store, "2024-05-15")
    add_session(store, "2024-05-16")
    assert store.streaks(TODAY) == Streaks(1, 1, TODAY)


def test_minutes_per_week_buckets_by_monday(store, add_session):
    """Minutes are summed per Monday-based week, oldest first, with empty weeks as 0."""
    add_session(store, "2024-05-13", seconds=600)  # Monday of this week
    add_session(store, "2024-05-15", seconds=300)  # today, Wednesday
    add_session(store, "2024-05-12", seconds=120)  # Sunday: previous week
    add_session(store, "2024-04-01", seconds=60)  # outside four weeks
    weeks = store.minutes_per_week(4, TODAY)
    assert weeks == [
        WeekMinutes(date(2024, 4, 22), 0.0),
        WeekMinutes(date(2024, 4, 29), 0.0),
        WeekMinutes(date(2024, 5, 6), 2.0),
        WeekMinutes(date(2024, 5, 13), 15.0),
    ]


def test_minutes_include_unfinished_sessions(store, add_session):
    """Time spent in sessions ended early or interrupted still counts as minutes."""
    add_session(store, "2024-05-14", status="interrupted", done=1, seconds=180)
    add_session(store, "2024-05-14", "10:00", status="ended_early", done=0, seconds=60)
    assert store.minutes_per_week(1, TODAY)[0].minutes == pytest.approx(4.0)
