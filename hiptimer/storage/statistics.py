"""Figures for the history page, aggregated in SQL: calendar, streaks, minutes, routines.

Plain functions over a connection; :class:`~hiptimer.storage.store.HistoryStore`
offers each as a method (turning sqlite3 errors into ``HistoryError``).
Which sessions count for a day is defined in :mod:`hiptimer.storage.records`;
a session that never started counts nowhere.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from hiptimer.storage.records import RoutineSummary, Streaks, WeekMinutes
from hiptimer.storage.rows import COUNTS, SHOWN, from_iso


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def day_counts(conn: sqlite3.Connection, first: date, last: date) -> dict[date, int]:
    """Counted sessions per local day from ``first`` to ``last`` (days with none omitted)."""
    rows = conn.execute(
        f"SELECT local_date, count(*) FROM sessions WHERE local_date BETWEEN ? AND ?"
        f" AND {COUNTS} GROUP BY local_date",
        (first.isoformat(), last.isoformat()),
    )
    return {date.fromisoformat(d): int(n) for d, n in rows}


def streaks(conn: sqlite3.Connection, today: date) -> Streaks:
    """Current and longest runs of consecutive counted days.

    Days after ``today`` (a clock set wrong) are ignored. The current streak
    is 0 once a whole day has passed without a counted session.
    """
    row = conn.execute(
        f"""
        WITH days AS (
            SELECT DISTINCT local_date AS d FROM sessions
            WHERE local_date <= :today AND {COUNTS}
        ),
        runs AS (
            SELECT d, julianday(d) - row_number() OVER (ORDER BY d) AS grp FROM days
        ),
        islands AS (SELECT max(d) AS last, count(*) AS n FROM runs GROUP BY grp)
        SELECT (SELECT max(n) FROM islands),
               (SELECT last FROM islands ORDER BY last DESC LIMIT 1),
               (SELECT n FROM islands ORDER BY last DESC LIMIT 1)
        """,
        {"today": today.isoformat()},
    ).fetchone()
    longest, last, latest_run = row
    if last is None:
        return Streaks(0, 0, None)
    last_day = date.fromisoformat(last)
    current = int(latest_run) if (today - last_day).days <= 1 else 0
    return Streaks(current, int(longest), last_day)


def minutes_per_week(conn: sqlite3.Connection, weeks: int, today: date) -> list[WeekMinutes]:
    """Active minutes for each of the last ``weeks`` weeks (Monday first), oldest
    first, ending with the week holding ``today``. Every session that began
    counts, finished or not: the time was spent."""
    count = max(1, weeks)
    first = monday_of(today) - timedelta(weeks=count - 1)
    rows = conn.execute(
        "SELECT date(local_date, '-' || ((CAST(strftime('%w', local_date) AS INTEGER) + 6)"
        " % 7) || ' days') AS week, sum(active_seconds)"
        f" FROM sessions WHERE local_date BETWEEN ? AND ? AND {SHOWN} GROUP BY week",
        (first.isoformat(), today.isoformat()),
    )
    seconds = {date.fromisoformat(w): float(s) for w, s in rows}
    starts = [first + timedelta(weeks=i) for i in range(count)]
    return [WeekMinutes(start, seconds.get(start, 0.0) / 60) for start in starts]


def routine_summaries(conn: sqlite3.Connection) -> list[RoutineSummary]:
    """Each routine ever done: sessions, completions, minutes; most sessions first."""
    # With a single max() aggregate SQLite takes the bare routine_title from
    # the row holding that max: the latest title.
    rows = conn.execute(
        "SELECT routine_id, routine_title, count(*),"
        " sum(status = 'completed'), sum(active_seconds) / 60.0, max(started_at)"
        f" FROM sessions WHERE {SHOWN} GROUP BY routine_id ORDER BY count(*) DESC, routine_id"
    ).fetchall()
    return [
        RoutineSummary(r[0], r[1] or r[0], int(r[2]), int(r[3]), float(r[4]), from_iso(r[5]))
        for r in rows
    ]
