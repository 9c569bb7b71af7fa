"""The history page: what was done, when, and how regularly.

Top: streaks and totals beside a twelve-month calendar heatmap; minutes per
week and completions per routine (:mod:`~hiptimer.ui.history_dashboard`).
Below: the session table (filter by routine) and, for the selected session,
each exercise and side with its result, dose and time, the rating and the
note (:mod:`~hiptimer.ui.history_detail`).

The view only lays out what the store returns; every figure is aggregated
in SQL by :class:`~hiptimer.storage.store.HistoryStore`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta, tzinfo
from typing import Protocol, TypeVar

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hiptimer.core.practice import Pain
from hiptimer.storage import plans
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.records import PartRecord, RoutineSummary, Streaks, WeekMinutes
from hiptimer.ui.chart_kit import WARNING, plural
from hiptimer.ui.heatmap import WEEKS_SHOWN
from hiptimer.ui.history_dashboard import WEEKS_OF_MINUTES, HistoryDashboard
from hiptimer.ui.history_detail import SessionDetail
from hiptimer.ui.history_model import HistoryTableModel, SessionPages

log = logging.getLogger(__name__)

T = TypeVar("T")


class HistorySource(SessionPages, Protocol):
    """The read side of :class:`~hiptimer.storage.store.HistoryStore` this page uses."""

    def count_sessions(self, routine_id: str | None = None) -> int: ...

    def parts(self, session_id: int) -> list[PartRecord]: ...

    def routine_summaries(self) -> list[RoutineSummary]: ...

    def day_counts(self, first: date, last: date) -> dict[date, int]: ...

    def streaks(self, today: date | None = None) -> Streaks: ...

    def minutes_per_week(self, weeks: int = 12, today: date | None = None) -> list[WeekMinutes]: ...

    def today(self) -> date: ...


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
        self._today = today or store.today
        self._tz = tz
        self._summaries: list[RoutineSummary] = []
        self._errors: list[str] = []

        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # quotes file names and errors
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("History problem")
        self.banner.setStyleSheet(
            "QLabel { background: rgba(235, 87, 87, 0.16);"
            f" border: 1px solid {WARNING}; border-radius: 6px; padding: 8px; }}"
        )
        self.banner.hide()

        self.dashboard = HistoryDashboard()

        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName("Show sessions of routine")
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

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
            HistoryTableModel.STATUS: "Completed, 2 sides skipped",
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
        split.addWidget(self.dashboard)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

        self.setTabOrder(self.filter_combo, self.table)
        self.setTabOrder(self.table, self.detail.parts_table)
        self.setTabOrder(self.detail.parts_table, self.dashboard.heatmap)

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

    def _guard(self, what: str, call: Callable[[], T]) -> T | None:
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
        self.dashboard.show_calendar(counts or {}, today)
        streaks = self._guard("streaks", lambda: store.streaks(today))
        if streaks is not None:
            self.dashboard.show_streaks(streaks)
        weeks = self._guard("minutes", lambda: store.minutes_per_week(WEEKS_OF_MINUTES, today))
        self.dashboard.show_weeks(weeks or [])
        self._summaries = self._guard("routines", store.routine_summaries) or []
        self.dashboard.show_summaries(self._summaries)

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
        self.detail.show_session(record, parts, self._tz, self._pain_of(record.id))
        self.session_selected.emit(record.id)

    def _pain_of(self, session_id: int) -> Pain | None:
        """The session's "Did anything hurt?" answer (None: not answered, or not readable)."""
        try:
            return plans.pain_for(self._store, [session_id]).get(session_id)  # type: ignore[arg-type]
        except (HistoryError, AttributeError):  # a stand-in store without the practice tables
            return None

    @Slot(str)
    def _on_load_failed(self, message: str) -> None:
        self._errors.append(message)
        self._show_errors()
