"""The end of a session: what was done, how it felt, and whether it is saved."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hiptimer.core.events import PartEnded, PartStatus
from hiptimer.core.model import Side
from hiptimer.core.outcome import outcome_text
from hiptimer.core.plan import Plan, format_duration
from hiptimer.core.practice import PAIN_WORDS, Pain
from hiptimer.ui import theme


class SummaryPage(QWidget):
    """The end of a session. The rating and note are saved as they are chosen."""

    rating_chosen = Signal(object)  # int, or None when the rating was cleared
    pain_chosen = Signal(object)  # core.practice.Pain, or None when the answer was cleared
    note_edited = Signal()
    done_requested = Signal()

    def __init__(self, rate: Callable[[int | None, str], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rate = rate  # saves (rating, note) for the session shown; False if it could not
        self._saved: tuple[int | None, str] | None = None
        self._write_status = ""
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(800)
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 18, 24, 18)
        root.setSpacing(10)
        self.heading = QLabel()
        self.heading.setObjectName("summaryHeading")
        f = QFont(self.heading.font())
        f.setPixelSize(30)
        f.setBold(True)
        self.heading.setFont(f)
        self.stats = QLabel()
        self.stats.setObjectName("summaryStats")
        self.stats.setWordWrap(True)
        root.addWidget(self.heading)
        root.addWidget(self.stats)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Exercise", "Side", "Result", "Time"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(0, self.table.horizontalHeader().ResizeMode.Stretch)
        self.table.setAccessibleName("Exercises in this session")
        root.addWidget(self.table, 1)

        root.addWidget(QLabel("How does the hip feel? (optional: 0 = very bad, 10 = great; "
                              "saved as you choose)"))
        rating_row = QHBoxLayout()
        self.rating_group = QButtonGroup(self)
        self.rating_group.setExclusive(False)
        self.rating_buttons: list[QPushButton] = []
        for n in range(11):
            b = QPushButton(str(n))
            b.setCheckable(True)
            b.setProperty("rating", True)
            b.setFixedWidth(44)
            b.setAccessibleName(f"Rating {n}")
            self.rating_group.addButton(b, n)
            rating_row.addWidget(b)
            self.rating_buttons.append(b)
        rating_row.addStretch(1)
        root.addLayout(rating_row)
        # The pain check-in (issue 15): saved with the session by the practice controller.
        root.addWidget(QLabel("Did anything hurt? (optional; saved as you choose)"))
        pain_row = QHBoxLayout()
        self.pain_group = QButtonGroup(self)
        self.pain_group.setExclusive(False)
        self.pain_buttons: list[QPushButton] = []
        for n, pain in enumerate(Pain):
            b = QPushButton(PAIN_WORDS[pain])
            b.setCheckable(True)
            b.setAccessibleName(f"Pain: {PAIN_WORDS[pain]}")
            self.pain_group.addButton(b, n)
            pain_row.addWidget(b)
            self.pain_buttons.append(b)
        pain_row.addStretch(1)
        root.addLayout(pain_row)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("A note for yourself (optional)")
        self.note.setAccessibleName("Note")
        self.note.setMaximumHeight(80)
        root.addWidget(self.note)

        buttons = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        buttons.addWidget(self.status, 1)
        self.done_button = QPushButton("Back to routines")
        self.done_button.setToolTip("Back to the routines (Enter)")
        # A Space meant for the player just as the session ends must not leave
        # this page (and its rating) behind: the button takes no keyboard focus,
        # Enter goes back.
        self.done_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.done_requested.emit)
        buttons.addWidget(self.done_button)
        root.addLayout(buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.rating_group.idClicked.connect(self._on_rating_clicked)
        self.pain_group.idClicked.connect(self._on_pain_clicked)
        self.note.textChanged.connect(self.note_edited.emit)
        self.note.textChanged.connect(self._note_timer.start)
        self._note_timer.timeout.connect(self.save_now)
        self.done_button.clicked.connect(self.done_requested.emit)

    def show_result(self, plan: Plan, parts: list[PartEnded], completed: bool,
                    active_seconds: float) -> None:
        done = [p for p in parts if p.status is PartStatus.DONE]
        skipped = [p for p in parts if p.status is PartStatus.SKIPPED]
        total_parts = len(plan.parts())
        # A session that reached its end with sides skipped says so in the heading,
        # in the words the History page uses for it.
        if not completed:
            heading = "Session ended early"
        elif skipped:
            heading = outcome_text("completed", len(skipped))
        else:
            heading = "Routine complete"
        self.heading.setText(heading)
        self.stats.setText(
            f"{plan.routine.title}: {len(done)} of {total_parts} exercise sides done"
            + (f", {len(skipped)} skipped" if skipped else "")
            + f". Active time {format_duration(active_seconds)}."
        )
        # Every side of the plan, in order: done, skipped, or never reached.
        ended = {(p.exercise_index, p.side): p for p in parts}
        rows = plan.parts()
        self.table.setRowCount(len(rows))
        for row, (ei, side) in enumerate(rows):
            ex = plan.routine.exercises[ei]
            part = ended.get((ei, side))
            if part is None:
                result, spent = "Not reached", ""
            else:
                result = "Done" if part.status is PartStatus.DONE else "Skipped"
                spent = format_duration(part.active_seconds)
            side_name = {Side.LEFT: "Left", Side.RIGHT: "Right"}.get(side, "Both")
            for col, text in enumerate([ex.name, side_name, result, spent]):
                item = QTableWidgetItem(text)
                if col == 1 and side is not Side.NONE:
                    item.setForeground(theme.side_colour(side))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        for b in (*self.rating_buttons, *self.pain_buttons):
            b.setChecked(False)
        self.note.blockSignals(True)
        self.note.clear()
        self.note.blockSignals(False)
        self._saved = None

    def pain(self) -> Pain | None:
        checked = self.pain_group.checkedId()
        return None if checked < 0 else list(Pain)[checked]

    @Slot(int)
    def _on_pain_clicked(self, n: int) -> None:
        _only(self.pain_buttons, n)
        self.pain_chosen.emit(self.pain())

    def rating(self) -> int | None:
        checked = self.rating_group.checkedId()
        return None if checked < 0 else checked

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def set_write_status(self, problem: str) -> None:
        """Say whether the session (and the rating) are in the history, or what is wrong."""
        self._write_status = problem
        self.set_status(problem or ("Saved to your history." if self._saved is None
                                    else "Rating and note saved."))

    @Slot()
    def save_now(self) -> None:
        """Save the rating and note as they are chosen: nothing typed is lost on leaving."""
        self._note_timer.stop()
        choice = (self.rating(), self.note_text())
        if self._rate is None or choice == self._saved or (choice == (None, "") and self._saved is None):
            return
        if self._rate(*choice):
            self._saved = choice
            self.set_write_status(self._write_status)

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    @Slot(int)
    def _on_rating_clicked(self, n: int) -> None:
        _only(self.rating_buttons, n)
        self.rating_chosen.emit(self.rating())
        self.save_now()


def _only(buttons: Sequence[QAbstractButton], n: int) -> None:
    """One choice at most: button ``n`` stays as clicked (so clicking it again clears it)."""
    for b in buttons:
        if b is not buttons[n] and b.isChecked():
            b.setChecked(False)
