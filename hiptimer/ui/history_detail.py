"""The selected session on the history page: each exercise and side, rating and note."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hiptimer.core.display import clock_text
from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.core.outcome import sides_text, unreached
from hiptimer.core.practice import PAIN_WORDS, Pain
from hiptimer.storage.records import PartRecord, SessionRecord, SessionStatus
from hiptimer.ui import theme
from hiptimer.ui.chart_kit import muted_text
from hiptimer.ui.history_dashboard import heading
from hiptimer.ui.history_model import format_completion, format_level, format_started, format_status

SIDE_TEXT = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.NONE: "Both"}


class SessionDetail(QFrame):
    """The selected session: what was done on each side, rating and note."""

    COLUMNS = ("Exercise", "Side", "Result", "Dose", "Time")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = heading("No session selected")
        self.title.setWordWrap(True)
        self.meta = QLabel("Pick a session in the table to see each exercise and side.")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rating = QLabel("")
        self.rating.setWordWrap(True)
        self.note = QLabel("")
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # the user's own words, never HTML
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.parts_table = QTableWidget(0, len(self.COLUMNS))
        self.parts_table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.parts_table.verticalHeader().setVisible(False)
        self.parts_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parts_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.parts_table.setAlternatingRowColors(True)
        self.parts_table.setAccessibleName("Exercises in this session")
        # Whole exercise names: wrap onto a second line rather than cut them short.
        self.parts_table.setWordWrap(True)
        self.parts_table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.parts_table.horizontalHeader()
        # The exercise column fits its longest name (a narrow panel scrolls sideways
        # rather than cut a name short); the last column takes what is left.
        for column in range(len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
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
        self, record: SessionRecord, parts: list[PartRecord], tz: tzinfo | None = None,
        pain: Pain | None = None,
    ) -> None:
        level = format_level(record.level)
        self.title.setText(record.routine_title + (f"  ·  {level}" if level else ""))
        completion = record.completion
        percent = "" if completion is None else f" ({completion:.0%})"
        bits = [
            format_started(record, tz),
            format_status(record),
            f"{clock_text(record.active_seconds)} active",
            f"{format_completion(record)}{percent}",
        ]
        if record.parts_skipped and record.status is not SessionStatus.COMPLETED:
            bits.append(sides_text(record.parts_skipped, "skipped"))  # "Completed, ..." says it already
        # Sides never reached have no row below (the history keeps only what
        # ended); the count says they are missing rather than leave them out.
        missing = unreached(record.planned_parts, record.parts_done, record.parts_skipped)
        if missing and record.status is not SessionStatus.RUNNING:
            bits.append(sides_text(missing, "not reached"))
        self.meta.setText("  ·  ".join(bits))
        rated = "Not rated" if record.rating is None else f"Rating: {record.rating}/10"
        hurt = f"  ·  Did anything hurt? {PAIN_WORDS[pain]}" if pain is not None else ""
        self.rating.setText(rated + hurt)
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
                clock_text(part.active_seconds) if done else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1 and part.side in (Side.LEFT, Side.RIGHT):
                    item.setForeground(theme.side_colour(part.side))
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
        table.resizeRowsToContents()
        if not parts:
            self.meta.setText(self.meta.text() + "\nNo exercise was recorded in this session.")
