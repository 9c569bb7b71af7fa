"""The history page: what was done, when, and how regularly.

Top: streaks and totals beside a twelve-month calendar heatmap; minutes per
week and completions per routine. Below: the session table (filter by
routine) and, for the selected session, each exercise and side with its
result, dose and time, the rating and the note.

The view only lays out what the store returns; every figure is aggregated
in SQL by :class:`~hiptimer.storage.history.HistoryStore`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta, tzinfo
from typing import Protocol

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.storage.history import (
    HistoryError,
    PartRecord,
    RoutineSummary,
    SessionRecord,
    Streaks,
    WeekMinutes,
)
from hiptimer.ui import theme
from hiptimer.ui.charts import (
    WEEKS_SHOWN,
    Bar,
    BarChart,
    CalendarHeatmap,
    RoutineBars,
    RoutineRow,
    muted_text,
    plural,
    short_date,
)
from hiptimer.ui.history_model import (
    STATUS_TEXT,
    HistoryTableModel,
    SessionPages,
    format_completion,
    format_duration,
    format_level,
    format_started,
)

log = logging.getLogger(__name__)

LEFT_COLOUR = theme.LEFT
RIGHT_COLOUR = theme.RIGHT
WEEKS_OF_MINUTES = 12
SIDE_TEXT = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.NONE: "Both"}


class HistorySource(SessionPages, Protocol):
    """The read side of :class:`~hiptimer.storage.history.HistoryStore` this page uses."""

    def count_sessions(self, routine_id: str | None = None) -> int: ...

    def parts(self, session_id: int) -> list[PartRecord]: ...

    def routine_summaries(self) -> list[RoutineSummary]: ...

    def day_counts(self, first: date, last: date) -> dict[date, int]: ...

    def streaks(self, today: date | None = None) -> Streaks: ...

    def minutes_per_week(self, weeks: int = 12, today: date | None = None) -> list[WeekMinutes]: ...


def _heading(text: str) -> QLabel:
    label = QLabel(text)
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


class SessionDetail(QFrame):
    """The selected session: what was done on each side, rating and note."""

    COLUMNS = ("Exercise", "Side", "Result", "Dose", "Time")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = _heading("No session selected")
        self.title.setWordWrap(True)
        self.meta = QLabel("Pick a session in the table to see each exercise and side.")
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rating = QLabel("")
        self.rating.setWordWrap(True)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.parts_table = QTableWidget(0, len(self.COLUMNS))
        self.parts_table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.parts_table.verticalHeader().setVisible(False)
        self.parts_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parts_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.parts_table.setAlternatingRowColors(True)
        self.parts_table.setAccessibleName("Exercises in this session")
        header = self.parts_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.rating)
        layout.addWidget(self.note)
        layout.addWidget(self.parts_table, 1)
        self.rating.hide()
        self.note.hide()
        self.setAccessibleName("Session details")

    def clear(self, message: str) -> None:
        self.title.setText("No session selected")
        self.meta.setText(message)
        self.rating.hide()
        self.note.hide()
        self.parts_table.setRowCount(0)

    def show_session(
        self, record: SessionRecord, parts: list[PartRecord], tz: tzinfo | None = None
    ) -> None:
        level = format_level(record.level)
        self.title.setText(record.routine_title + (f"  ·  {level}" if level else ""))
        completion = record.completion
        percent = "" if completion is None else f" ({completion:.0%})"
        bits = [
            format_started(record, tz),
            STATUS_TEXT[record.status],
            f"{format_duration(record.active_seconds)} active",
            f"{format_completion(record)}{percent}",
        ]
        if record.parts_skipped:
            bits.append(f"{record.parts_skipped} skipped")
        self.meta.setText("  ·  ".join(bits))
        if record.rating is None:
            self.rating.setText("Not rated")
        else:
            self.rating.setText(f"Rating: {record.rating}/10")
        self.rating.show()
        self.note.setText(f"Note: {record.note}" if record.note else "")
        self.note.setVisible(bool(record.note))
        table = self.parts_table
        table.setRowCount(len(parts))
        muted = muted_text(self.palette())
        for row, part in enumerate(parts):
            done = part.status is PartStatus.DONE
            cells = [
                part.exercise_name or part.exercise_id,
                SIDE_TEXT[part.side],
                "✓ Done" if done else "– Skipped",
                part.dose,
                format_duration(part.active_seconds) if done else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1 and part.side in (Side.LEFT, Side.RIGHT):
                    colour = LEFT_COLOUR if part.side is Side.LEFT else RIGHT_COLOUR
                    item.setForeground(QColor(colour))
                    bold = QFont(table.font())
                    bold.setBold(True)
                    item.setFont(bold)
                if not done and column != 1:
                    item.setForeground(muted)
                if column == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        if not parts:
            self.meta.setText(self.meta.text() + "\nNo exercise was recorded in this session.")


class HistoryView(QWidget):
    """The history page. ``refresh()`` re-reads everything (call it after a session).

    ``store`` is the history store (anything with :class:`HistorySource`'s
    methods). ``today`` gives the current local day (injected for tests);
    ``tz`` is the zone times are shown in (default: the system's).
    """

    session_selected = Signal(int)

    def __init__(
        self,
        store: HistorySource,
        *,
        today: Callable[[], date] | None = None,
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today or getattr(store, "today", None) or date.today
        self._tz = tz
        self._summaries: list[RoutineSummary] = []
        self._errors: list[str] = []

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("History problem")
        self.banner.setStyleSheet(
            "QLabel { background: rgba(235, 87, 87, 0.16); border: 1px solid #EB5757;"
            " border-radius: 6px; padding: 8px; }"
        )
        self.banner.hide()

        self.current_streak = StatTile("Current streak")
        self.longest_streak = StatTile("Longest streak")
        self.week_minutes = StatTile("This week")
        self.total_sessions = StatTile("Sessions")
        self.heatmap = CalendarHeatmap()
        self.minutes_chart = BarChart("min")
        self.minutes_chart.setAccessibleName("Active minutes per week")
        self.routine_bars = RoutineBars()

        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName("Show sessions of routine")
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel()

        self.model = HistoryTableModel(store, tz=tz, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Sessions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self._size_columns()
        self.detail = SessionDetail()

        self._build_layout()
        self._connect_signals()
        self.refresh()

    # -- layout -------------------------------------------------------------

    def _size_columns(self) -> None:
        # Widths from sample text, not ResizeToContents: that would format
        # every loaded row on each layout pass (80,000 data() calls at 200 rows).
        fm = self.table.fontMetrics()
        samples = {
            HistoryTableModel.DATE: "Wed 30 Sep 2025  20:59",
            HistoryTableModel.LEVEL: "Level",
            HistoryTableModel.DURATION: "1:00:00",
            HistoryTableModel.DONE: "10/10 parts",
            HistoryTableModel.RATING: "Rating",
            HistoryTableModel.STATUS: "Ended early",
        }
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, text in samples.items():
            header.resizeSection(column, fm.horizontalAdvance(text) + 20)
        header.setSectionResizeMode(HistoryTableModel.ROUTINE, QHeaderView.ResizeMode.Stretch)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(fm.height() + 12)

    def _build_layout(self) -> None:
        tiles = QGridLayout()
        tiles.setSpacing(8)
        for i, tile in enumerate(
            (self.current_streak, self.longest_streak, self.week_minutes, self.total_sessions)
        ):
            tiles.addWidget(tile, i // 2, i % 2)

        calendar = QVBoxLayout()
        calendar.addWidget(_heading("Last twelve months"))
        calendar.addWidget(self.heatmap)
        calendar.addStretch(1)

        top = QHBoxLayout()
        top.addLayout(tiles, 0)
        top.addSpacing(12)
        top.addLayout(calendar, 1)

        charts = QHBoxLayout()
        weeks = QVBoxLayout()
        weeks.addWidget(_heading(f"Active minutes, last {WEEKS_OF_MINUTES} weeks"))
        weeks.addWidget(self.minutes_chart, 1)
        routines = QVBoxLayout()
        routines.addWidget(_heading("Completed sessions per routine"))
        routines.addWidget(self.routine_bars, 1)
        charts.addLayout(weeks, 3)
        charts.addSpacing(16)
        charts.addLayout(routines, 2)

        dashboard = QWidget()
        dash = QVBoxLayout(dashboard)
        dash.setContentsMargins(0, 0, 0, 0)
        dash.addLayout(top)
        dash.addLayout(charts, 1)

        filter_row = QHBoxLayout()
        filter_label = QLabel("&Routine:")
        filter_label.setBuddy(self.filter_combo)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_combo)
        filter_row.addStretch(1)
        filter_row.addWidget(self.count_label)
        sessions = QWidget()
        left = QVBoxLayout(sessions)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(filter_row)
        left.addWidget(self.table, 1)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(sessions)
        lower.addWidget(self.detail)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setSizes([800, 460])
        lower.setChildrenCollapsible(False)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(dashboard)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

        self.setTabOrder(self.filter_combo, self.table)
        self.setTabOrder(self.table, self.detail.parts_table)
        self.setTabOrder(self.detail.parts_table, self.heatmap)

    def _connect_signals(self) -> None:
        self.filter_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.load_failed.connect(self._on_load_failed)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.rowsInserted.connect(self._update_count)

    # -- refresh ------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read every figure and the first page again."""
        self._errors = []
        today = self._today()
        self._load_figures(today)
        self._fill_filter()
        self.model.reload()
        if self.model.last_error:
            self._errors.append(self.model.last_error)
        self._show_errors()

    def _guard(self, what: str, call: Callable[[], object]) -> object | None:
        try:
            return call()
        except HistoryError as exc:
            log.error("history %s failed: %s", what, exc.message)
            self._errors.append(exc.message)
            return None

    def _load_figures(self, today: date) -> None:
        store = self._store
        first = today - timedelta(weeks=WEEKS_SHOWN + 1)
        counts = self._guard("calendar", lambda: store.day_counts(first, today))
        self.heatmap.set_counts(counts if isinstance(counts, dict) else {}, today)

        streaks = self._guard("streaks", lambda: store.streaks(today))
        if isinstance(streaks, Streaks):
            last = f"Last session day: {short_date(streaks.last_day)}." if streaks.last_day else ""
            self.current_streak.set_value(
                plural(streaks.current, "day"),
                "Days in a row with a completed or partly completed session. "
                "Today still counts until it is over. " + last,
            )
            self.longest_streak.set_value(plural(streaks.longest, "day"), "Your best run so far.")

        weeks = self._guard("minutes", lambda: store.minutes_per_week(WEEKS_OF_MINUTES, today))
        if isinstance(weeks, list) and weeks:
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
            self.week_minutes.set_value(
                f"{weeks[-1].minutes:.0f} min", "Active minutes since Monday."
            )

        summaries = self._guard("routines", store.routine_summaries)
        self._summaries = summaries if isinstance(summaries, list) else []
        total = sum(s.sessions for s in self._summaries)
        self.total_sessions.set_value(f"{total:,}", "All sessions in your history.")
        self.routine_bars.set_rows(
            [RoutineRow(s.title, s.completed, s.sessions) for s in self._summaries]
        )

    def _fill_filter(self) -> None:
        keep = self.model.routine_id
        combo = self.filter_combo
        combo.blockSignals(True)
        combo.clear()
        total = sum(s.sessions for s in self._summaries)
        combo.addItem(f"All routines ({total:,})", None)
        for s in sorted(self._summaries, key=lambda s: s.title.lower()):
            combo.addItem(f"{s.title} ({s.sessions:,})", s.routine_id)
        index = combo.findData(keep) if keep is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        if index < 0:
            self.model.set_routine(None)

    def _show_errors(self) -> None:
        if self._errors:
            unique = list(dict.fromkeys(self._errors))
            self.banner.setText("Some of your history could not be read. " + " ".join(unique))
            self.banner.show()
        else:
            self.banner.hide()

    # -- slots -------------------------------------------------------------------

    @Slot(int)
    def _on_filter_changed(self, index: int) -> None:
        routine_id = self.filter_combo.itemData(index)
        self.model.set_routine(routine_id)

    @Slot()
    def _on_model_reset(self) -> None:
        self._update_count()
        if self.model.rowCount() > 0:
            self.table.selectRow(0)
        else:
            self.detail.clear(
                "Your sessions will show here after your first routine."
                if self.model.routine_id is None
                else "No sessions of this routine yet."
            )

    @Slot()
    def _update_count(self) -> None:
        shown = self.model.rowCount()
        routine = self.model.routine_id
        total = next(
            (s.sessions for s in self._summaries if s.routine_id == routine),
            sum(s.sessions for s in self._summaries) if routine is None else shown,
        )
        self.count_label.setText(
            f"{plural(total, 'session')}"
            if shown >= total
            else f"{shown:,} of {total:,} loaded; scroll for more"
        )

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        record = self.model.record(rows[0].row()) if rows else None
        if record is None:
            return
        try:
            parts = self._store.parts(record.id)
        except HistoryError as exc:
            self.detail.clear(f"The exercises of this session could not be read. {exc.message}")
            return
        self.detail.show_session(record, parts, self._tz)
        self.session_selected.emit(record.id)

    @Slot(str)
    def _on_load_failed(self, message: str) -> None:
        self._errors.append(message)
        self._show_errors()

    # -- for callers ---------------------------------------------------------------

    def set_routine_filter(self, routine_id: str | None) -> None:
        index = self.filter_combo.findData(routine_id) if routine_id is not None else 0
        if index >= 0:
            self.filter_combo.setCurrentIndex(index)
