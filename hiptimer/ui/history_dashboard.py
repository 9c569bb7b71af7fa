"""The top of the history page: streak and total tiles, the calendar, two charts.

:class:`HistoryDashboard` only lays out and shows figures it is handed (the
page reads them from the store); each chart paints its own values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from hiptimer.core.practice import WeekAdherence
from hiptimer.storage.records import RoutineSummary, Streaks, WeekMinutes
from hiptimer.ui.chart_kit import muted_text, plural, short_date
from hiptimer.ui.charts import Bar, BarChart, RoutineBars, RoutineRow
from hiptimer.ui.heatmap import CalendarHeatmap

WEEKS_OF_MINUTES = 12


def heading(text: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # headings show routine titles from imports
    label.setText(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class StatTile(QFrame):
    """A large figure over a short caption ("4 days" / "Current streak")."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.value_label = QLabel("–")
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value_label.setFont(font)
        self.caption_label = QLabel(caption)
        pal = self.caption_label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, muted_text(self.palette()))
        self.caption_label.setPalette(pal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(0)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        self._caption = caption
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(caption)

    def set_value(self, value: str, detail: str = "") -> None:
        self.value_label.setText(value)
        self.setToolTip(detail)
        self.setAccessibleDescription(f"{value}. {detail}".strip())


class HistoryDashboard(QWidget):
    """Tiles beside a twelve-month calendar; minutes per week and completions per routine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_streak = StatTile("Current streak")
        self.longest_streak = StatTile("Longest streak")
        self.week_minutes = StatTile("This week")
        self.total_sessions = StatTile("Sessions")
        # The plan's figures (issue 15): filled by show_practice, hidden without a plan.
        self.plan_week = StatTile("Planned this week")
        self.plan_streak = StatTile("Plan streak")
        self.heatmap = CalendarHeatmap()
        self.minutes_chart = BarChart("min")
        self.minutes_chart.setAccessibleName("Active minutes per week")
        self.routine_bars = RoutineBars()
        self._build_layout()
        self.show_practice(None, None)

    def _build_layout(self) -> None:
        tiles = QGridLayout()
        tiles.setSpacing(8)
        for i, tile in enumerate(
            (self.current_streak, self.longest_streak, self.week_minutes, self.total_sessions,
             self.plan_week, self.plan_streak)
        ):
            tiles.addWidget(tile, i // 2, i % 2)

        calendar = QVBoxLayout()
        calendar.addWidget(heading("Last twelve months"))
        calendar.addWidget(self.heatmap)
        calendar.addStretch(1)

        top = QHBoxLayout()
        top.addLayout(tiles, 0)
        top.addSpacing(12)
        top.addLayout(calendar, 1)

        charts = QHBoxLayout()
        weeks = QVBoxLayout()
        weeks.addWidget(heading(f"Active minutes, last {WEEKS_OF_MINUTES} weeks"))
        weeks.addWidget(self.minutes_chart, 1)
        routines = QVBoxLayout()
        routines.addWidget(heading("Completed sessions per routine"))
        routines.addWidget(self.routine_bars, 1)
        charts.addLayout(weeks, 3)
        charts.addSpacing(16)
        charts.addLayout(routines, 2)

        dash = QVBoxLayout(self)
        dash.setContentsMargins(0, 0, 0, 0)
        dash.addLayout(top)
        dash.addLayout(charts, 1)

    def show_calendar(self, counts: Mapping[date, int], today: date) -> None:
        self.heatmap.set_counts(counts, today)

    def show_practice(self, week: WeekAdherence | None, streak: int | None) -> None:
        """This week's adherence to the plan and the plan streak (None: no plan, tiles hidden)."""
        shown = week is not None and streak is not None
        for tile in (self.plan_week, self.plan_streak):
            tile.setVisible(shown)
        if week is None or streak is None:
            return
        value = f"{week.percent}%" if week.percent is not None else "\u2013"
        self.plan_week.set_value(value, f"{week.done} of {week.planned} planned sessions done this week "
                                        "(today counts once it is done).")
        self.plan_streak.set_value(plural(streak, "session"),
                                   "Planned sessions done in a row. Rest days never break it.")

    def show_streaks(self, streaks: Streaks) -> None:
        last = f"Last session day: {short_date(streaks.last_day)}." if streaks.last_day else ""
        self.current_streak.set_value(
            plural(streaks.current, "day"),
            "Days in a row with a completed or partly completed session. "
            "Today still counts until it is over. " + last,
        )
        self.longest_streak.set_value(plural(streaks.longest, "day"), "Your best run so far.")

    def show_weeks(self, weeks: Sequence[WeekMinutes]) -> None:
        """Minutes of each week, oldest first; the last is the week in progress."""
        if not weeks:
            return
        bars = [
            Bar(
                short_date(w.week_start),
                w.minutes,
                f"Week of {short_date(w.week_start)}: {w.minutes:.0f} min",
                highlight=i == len(weeks) - 1,
            )
            for i, w in enumerate(weeks)
        ]
        self.minutes_chart.set_bars(bars, "No active minutes in these weeks")
        self.week_minutes.set_value(f"{weeks[-1].minutes:.0f} min", "Active minutes since Monday.")

    def show_summaries(self, summaries: Sequence[RoutineSummary]) -> None:
        total = sum(s.sessions for s in summaries)
        self.total_sessions.set_value(f"{total:,}", "All sessions in your history.")
        self.routine_bars.set_rows([RoutineRow(s.title, s.completed, s.sessions) for s in summaries])
