"""The Today card at the top of the picker: what is planned today and why, the week, the streak.

It lays out what :class:`~hiptimer.core.today.Today` says (the words come
from :mod:`hiptimer.core.today`); a progression suggestion gets Accept and
Not now buttons. The window answers the Signals; nothing here decides.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from hiptimer.core.progression import Answer, Suggestion
from hiptimer.core.today import Today, headline, last_text, retest_text, step_text, streak_text, week_text
from hiptimer.ui.labels import plain_label


class TodayCard(QFrame):
    """Today's plan, with Start, Edit plan and the answer buttons of a suggestion."""

    start_requested = Signal(str)  # routine id
    answered = Signal(object, object)  # Suggestion, Answer
    edit_plan_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # As tall as its text, never more: the routine list below gets the rest.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.today: Today | None = None
        self._suggestion: Suggestion | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.headline = plain_label(name="todayHeadline", wrap=True)
        font = QFont(self.headline.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)
        top.addWidget(self.headline, 1)
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("todayStart")
        self.start_button.setAccessibleName("Start today's planned routine")
        self.plan_button = QPushButton("Edit plan\u2026")
        self.plan_button.setObjectName("todayEditPlan")
        top.addWidget(self.start_button)
        top.addWidget(self.plan_button)
        layout.addLayout(top)
        self.details = plain_label(name="todayDetails", wrap=True)
        layout.addWidget(self.details)
        self.advice = plain_label(name="todayAdvice", wrap=True)
        self.advice.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.advice)
        row = QHBoxLayout()
        self.suggestion = plain_label(name="todaySuggestion", wrap=True)
        row.addWidget(self.suggestion, 1)
        self.accept_button = QPushButton("Accept")
        self.accept_button.setObjectName("todayAccept")
        self.decline_button = QPushButton("Not now")
        self.decline_button.setObjectName("todayDecline")
        row.addWidget(self.accept_button)
        row.addWidget(self.decline_button)
        layout.addLayout(row)
        self._suggestion_widgets: tuple[QLabel | QPushButton, ...] = (
            self.suggestion, self.accept_button, self.decline_button)
        self._connect_signals()
        self.show_today(None, {})

    def _connect_signals(self) -> None:
        self.start_button.clicked.connect(self._on_start_clicked)
        self.plan_button.clicked.connect(self.edit_plan_requested)
        self.accept_button.clicked.connect(self._on_accept_clicked)
        self.decline_button.clicked.connect(self._on_decline_clicked)

    def show_today(self, today: Today | None, titles: Mapping[str, str],
                   durations: Mapping[str, int] | None = None) -> None:
        """Show ``today`` (None: the practice could not be read; the card says so)."""
        self.today = today
        if today is None:
            self.headline.setText("Today's plan could not be read from the history.")
            self.details.setText("")
            self.advice.hide()
            self.start_button.hide()
            self._show_suggestion(None)
            return
        self.headline.setText(headline(today, titles, durations))
        lines = [] if today.plan is None else [
            step_text(today, titles), f"{week_text(today)}  {streak_text(today)}", last_text(today),
            retest_text(today)]
        self.details.setText("\n".join(line for line in lines if line))
        self.details.setVisible(bool(lines))
        self.advice.setText("\n".join(today.outlook.advice))
        self.advice.setVisible(bool(today.outlook.advice))
        startable = today.plan is not None and today.routine_id is not None and not (
            today.planned_today and today.done_today)
        self.start_button.setVisible(startable)
        if startable:
            name = titles.get(today.routine_id or "", today.routine_id or "")
            self.start_button.setText(f"Start {name.split(':')[0]}")
        self.plan_button.setText("Edit plan\u2026" if today.plan is not None else "Make a plan\u2026")
        self._show_suggestion(today.outlook.suggestion)

    def _show_suggestion(self, suggestion: Suggestion | None) -> None:
        self._suggestion = suggestion
        for w in self._suggestion_widgets:
            w.setVisible(suggestion is not None)
        if suggestion is not None:
            self.suggestion.setText(f"Suggestion (ours, not automatic): {suggestion.text}")

    @Slot()
    def _on_start_clicked(self) -> None:
        if self.today is not None and self.today.routine_id:
            self.start_requested.emit(self.today.routine_id)

    @Slot()
    def _on_accept_clicked(self) -> None:
        if self._suggestion is not None:
            self.answered.emit(self._suggestion, Answer.ACCEPTED)

    @Slot()
    def _on_decline_clicked(self) -> None:
        if self._suggestion is not None:
            self.answered.emit(self._suggestion, Answer.DECLINED)
