"""The routine page: a header (title, length, Start) over the routine's exercises.

The header can show a routine from the saved index before the routine files
are read, so the first window already has its title, length and Start
button; the exercises fill in once the files are read. What the routine is
for, what it needs, where it comes from and each exercise's dose come from
the routine itself (:mod:`hiptimer.ui.routine_rows`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hiptimer.ui.labels import bold, make_plain, plain_label, set_typed_text
from hiptimer.ui.theme import accent_button

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea

    from hiptimer.core.model import DoseChoice, Routine
    from hiptimer.library.index import IndexEntry
    from hiptimer.ui.routine_rows import ExerciseRow


class RoutinePage(QWidget):
    start_requested = Signal(str)  # routine id
    dose_changed = Signal(str, str, object)  # routine id, exercise id, DoseChoice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.routine: Routine | None = None
        self.routine_id = ""  # shown in the header, from the index or the routine
        self.choices: dict[str, DoseChoice] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.setContentsMargins(16, 12, 16, 4)
        titles = QVBoxLayout()
        # Automatic format until a routine is shown (see set_typed_text): the
        # first window shows a title from the index before Qt's namespace loads.
        self.title = bold(QLabel(), 26)
        self.title.setObjectName("routineTitle")
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("routineMeta")
        titles.addWidget(self.title)
        titles.addWidget(self.meta)
        head.addLayout(titles, 1)
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)
        self.start_button.setMinimumSize(160, 52)
        self.start_button.setToolTip("Start this routine (Ctrl+Enter)")
        self.start_button.setAccessibleName("Start routine")
        accent_button(bold(self.start_button, 20))
        button_column = QVBoxLayout()  # keeps the button at the top of a wrapped title
        button_column.addWidget(self.start_button)
        button_column.addStretch(1)
        head.addLayout(button_column)
        outer.addLayout(head)

        # The exercises' scroll area is made with the first routine shown (after the first frame).
        outer.addStretch(1)
        self._outer = outer
        self.scroll: QScrollArea | None = None
        self.body: QWidget | None = None
        self.body_layout: QVBoxLayout | None = None
        self.rows: list[ExerciseRow] = []
        self.start_button.clicked.connect(self._on_start_clicked)

    def finish(self) -> None:
        """The Start key, set once the first frame is on screen (see Menus.finish)."""
        self.start_button.setShortcut("Ctrl+Return")

    def show_entry(self, entry: IndexEntry) -> None:
        """The header alone, from the saved index (the exercises follow with :meth:`show_routine`)."""
        if self.routine is not None and self.routine.id == entry.id:
            return
        self._clear()
        self.routine = None
        self.routine_id = entry.id
        set_typed_text(self.title, entry.title)
        self.meta.setText(entry.meta)

    def _make_body(self) -> QVBoxLayout:
        if self.body_layout is None:
            from PySide6.QtWidgets import QFrame, QScrollArea

            self._outer.takeAt(self._outer.count() - 1)  # the stretch that held the place
            self.scroll = QScrollArea()
            self.scroll.setWidgetResizable(True)
            self.scroll.setFrameShape(QFrame.Shape.NoFrame)
            self._outer.addWidget(self.scroll, 1)
            self.body = QWidget()
            self.body_layout = QVBoxLayout(self.body)
            self.body_layout.setContentsMargins(16, 4, 16, 16)
            self.body_layout.setSpacing(10)
            self.scroll.setWidget(self.body)
        return self.body_layout

    def show_routine(self, routine: Routine, choices: dict[str, DoseChoice]) -> None:
        from hiptimer.ui.routine_rows import EQUIPMENT_NAMES, ExerciseRow

        self.routine = routine
        self.routine_id = routine.id
        self.choices = dict(choices)
        self._clear()
        body = self._make_body()
        make_plain(self.title).setText(routine.title)
        body.addWidget(plain_label(routine.summary, wrap=True))
        equipment = ", ".join(EQUIPMENT_NAMES.get(e, e) for e in routine.equipment) or "nothing but the floor"
        # Text from a routine file is shown as typed, never as HTML.
        info = plain_label(f"You need: {equipment}\nBased on: {routine.source.credit}", wrap=True)
        body.addWidget(info)
        body.addWidget(plain_label(routine.safety, name="safetyNote", wrap=True))
        for i, ex in enumerate(routine.exercises):
            row = ExerciseRow(i, ex, self.choices.get(ex.id))
            row.editor.changed.connect(self._on_dose_changed)
            body.addWidget(row)
            self.rows.append(row)
        if routine.source.notes:
            notes = plain_label(routine.source.notes, name="sourceNotes", wrap=True)
            font = notes.font()
            font.setItalic(True)
            notes.setFont(font)
            body.addWidget(notes)
        body.addStretch(1)
        self._update_meta()
        assert self.scroll is not None
        self.scroll.verticalScrollBar().setValue(0)

    def _clear(self) -> None:
        while self.body_layout is not None and self.body_layout.count():
            item = self.body_layout.takeAt(0)
            w = item.widget()
            if w is not None:
                w.deleteLater()
        self.rows = []

    def total_seconds(self) -> int:
        from hiptimer.core.plan import compile_plan

        return compile_plan(self.routine, self.choices).total_seconds if self.routine else 0

    def _update_meta(self) -> None:
        from hiptimer.core.plan import compile_plan
        from hiptimer.library.index import entry_for

        if self.routine is not None:
            self.meta.setText(entry_for(self.routine, compile_plan(self.routine, self.choices)).meta)

    @Slot(str, object)
    def _on_dose_changed(self, exercise_id: str, choice: DoseChoice) -> None:
        self.choices[exercise_id] = choice
        for row in self.rows:
            if row.exercise.id == exercise_id:
                row.update_dose(choice)
        self._update_meta()
        if self.routine is not None:
            self.dose_changed.emit(self.routine.id, exercise_id, choice)

    @Slot()
    def _on_start_clicked(self) -> None:
        if self.routine_id:
            self.start_requested.emit(self.routine_id)
