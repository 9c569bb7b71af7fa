"""The routine picker and the routine page.

Levels 1, 2 and 3 first, the other programs after. The routine page shows
what the routine is for, what it needs, where it comes from, each exercise
with its dose and picture, the exact total time, and adjusters within the
article's ranges.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hiptimer.core.model import DoseChoice, DoseKind, Exercise, Routine
from hiptimer.core.plan import compile_plan, format_duration, resolve
from hiptimer.ui.widgets import Illustration, plain_label

LONG_HOLD_STEP = 5  # seconds

EQUIPMENT_NAMES = {
    "band": "resistance band",
    "ball": "massage ball",
    "chair": "chair",
    "swivel-chair": "swivel chair",
    "wall": "wall",
    "foam-roll": "foam roll",
    "block": "block",
}


def _bold(label: QLabel, px: int) -> QLabel:
    f = QFont(label.font())
    f.setPixelSize(px)
    f.setBold(True)
    label.setFont(f)
    return label


class DoseEditor(QWidget):
    """Spin boxes for the adjustable parts of one exercise's dose."""

    changed = Signal(str, object)  # exercise id, DoseChoice

    def __init__(self, exercise: Exercise, choice: DoseChoice | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exercise = exercise
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        rd = resolve(exercise, choice)
        d = exercise.dose
        self.boxes: dict[str, QSpinBox] = {}
        hold_word = "Effort" if d.kind is DoseKind.CYCLES else "Hold"
        rep_word = {DoseKind.CYCLES: "Cycles", DoseKind.BREATHING: "Breaths"}.get(d.kind, "Reps")
        specs = [("hold", d.hold, rd.hold, hold_word, " s"), ("reps", d.reps, rd.reps, rep_word, ""),
                 ("sets", d.sets, rd.sets, "Sets", "")]
        for key, amount, value, word, suffix in specs:
            if amount is None or not amount.adjustable:
                continue
            label = QLabel(word)
            box = QSpinBox()
            box.setRange(amount.minimum, amount.maximum)
            # Long holds move in 5 s steps; short holds, reps and sets one at a time.
            box.setSingleStep(LONG_HOLD_STEP if key == "hold" and amount.maximum - amount.minimum >= 20 else 1)
            box.setValue(value)
            box.setSuffix(suffix)
            box.setAccessibleName(f"{word} for {exercise.name}")
            box.setToolTip(f"{word}: {amount.minimum} to {amount.maximum}{suffix}, "
                           f"suggested {amount.default}{suffix}")
            label.setBuddy(box)
            box.valueChanged.connect(self._on_value_changed)
            box.lineEdit().textEdited.connect(self._on_text_edited)
            span = QLabel(f"({amount.minimum}\u2013{amount.maximum}{suffix})")
            span.setObjectName("doseRange")
            span.setEnabled(False)
            layout.addWidget(label)
            layout.addWidget(box)
            layout.addWidget(span)
            layout.addSpacing(8)
            self.boxes[key] = box
        self.warning = QLabel()
        self.warning.setObjectName("doseWarning")
        self.warning.setStyleSheet("color: #C0392B; font-weight: bold;")
        self.warning.hide()
        layout.addWidget(self.warning)
        layout.addStretch(1)

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        """Say so when a typed number is outside the range (the box keeps the last good one)."""
        problems = []
        for key, box in self.boxes.items():
            digits = box.lineEdit().text().removesuffix(box.suffix()).strip()
            if digits.isdigit() and not box.minimum() <= int(digits) <= box.maximum():
                problems.append(f"{key} must be {box.minimum()} to {box.maximum()}{box.suffix()}")
        self.warning.setText("; ".join(problems).capitalize())
        self.warning.setVisible(bool(problems))

    def choice(self) -> DoseChoice:
        return DoseChoice(**{k: b.value() for k, b in self.boxes.items()})

    @Slot(int)
    def _on_value_changed(self, value: int) -> None:
        self.warning.hide()
        self.changed.emit(self.exercise.id, self.choice())


class ExerciseRow(QFrame):
    def __init__(self, index: int, exercise: Exercise, choice: DoseChoice | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseRow")
        # Never squeezed below its content: a short window scrolls the page instead.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(14)
        self.picture = Illustration()
        self.picture.setFixedSize(QSize(150, 100))
        self.picture.set_image(exercise.image, caption=exercise.name)
        grid.addWidget(self.picture, 0, 0, 4, 1)
        title = _bold(plain_label(f"{index + 1}. {exercise.name}"), 17)
        grid.addWidget(title, 0, 1)
        self.dose_label = QLabel()
        self.dose_label.setObjectName("doseLine")
        grid.addWidget(self.dose_label, 1, 1)
        setup = plain_label(exercise.setup, wrap=True)
        grid.addWidget(setup, 2, 1)
        self.editor = DoseEditor(exercise, choice)
        grid.addWidget(self.editor, 3, 1)
        if exercise.dose_note:
            note = plain_label(exercise.dose_note, name="doseNote", wrap=True)
            note.setEnabled(False)
            grid.addWidget(note, 4, 1)
        grid.setColumnStretch(1, 1)
        self.exercise = exercise
        self.update_dose(choice)

    def update_dose(self, choice: DoseChoice | None) -> None:
        self.dose_label.setText(resolve(self.exercise, choice).describe(self.exercise))


class RoutinePage(QWidget):
    start_requested = Signal(str)  # routine id
    dose_changed = Signal(str, str, object)  # routine id, exercise id, DoseChoice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.routine: Routine | None = None
        self.choices: dict[str, DoseChoice] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.setContentsMargins(16, 12, 16, 4)
        titles = QVBoxLayout()
        self.title = _bold(plain_label(), 26)
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
        self.start_button.setShortcut("Ctrl+Return")
        _bold(self.start_button, 20)  # type: ignore[arg-type]
        head.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll, 1)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(16, 4, 16, 16)
        self.body_layout.setSpacing(10)
        self.scroll.setWidget(self.body)
        self.rows: list[ExerciseRow] = []
        self.start_button.clicked.connect(self._on_start_clicked)

    def show_routine(self, routine: Routine, choices: dict[str, DoseChoice]) -> None:
        self.routine = routine
        self.choices = dict(choices)
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            w = item.widget()
            if w is not None:
                w.deleteLater()
        self.rows = []
        self.title.setText(routine.title)
        self.body_layout.addWidget(plain_label(routine.summary, wrap=True))
        equipment = ", ".join(EQUIPMENT_NAMES.get(e, e) for e in routine.equipment) or "nothing but the floor"
        # Text from a routine file is shown as typed, never as HTML.
        info = plain_label(f"You need: {equipment}\nBased on: {routine.source.credit}", wrap=True)
        self.body_layout.addWidget(info)
        self.body_layout.addWidget(plain_label(routine.safety, name="safetyNote", wrap=True))
        for i, ex in enumerate(routine.exercises):
            row = ExerciseRow(i, ex, self.choices.get(ex.id))
            row.editor.changed.connect(self._on_dose_changed)
            self.body_layout.addWidget(row)
            self.rows.append(row)
        if routine.source.notes:
            notes = plain_label(routine.source.notes, name="sourceNotes", wrap=True)
            font = notes.font()
            font.setItalic(True)
            notes.setFont(font)
            self.body_layout.addWidget(notes)
        self.body_layout.addStretch(1)
        self._update_meta()
        self.scroll.verticalScrollBar().setValue(0)

    def total_seconds(self) -> int:
        return compile_plan(self.routine, self.choices).total_seconds if self.routine else 0

    def _update_meta(self) -> None:
        if self.routine is None:
            return
        r = self.routine
        level = f"Level {r.level} \u00b7 " if r.level else ""
        sides = len(compile_plan(r, self.choices).parts())
        self.meta.setText(f"{level}{format_duration(self.total_seconds())} \u00b7 "
                          f"{len(r.exercises)} exercise{'s' if len(r.exercises) != 1 else ''} \u00b7 "
                          f"{sides} exercise side{'s' if sides != 1 else ''}")

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
        if self.routine is not None:
            self.start_requested.emit(self.routine.id)


class PickerPage(QWidget):
    """Routine list on the left, the chosen routine on the right; the Today card above both."""

    routine_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._layout = layout
        self.splitter = QSplitter()
        layout.addWidget(self.splitter, 1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(12, 12, 4, 12)
        self.list = QListWidget()
        self.list.setObjectName("routineList")
        self.list.setAccessibleName("Routines")
        self.list.setSpacing(2)
        self.list.setMinimumWidth(260)
        lv.addWidget(self.list, 1)
        self.manual_check = QCheckBox("Count paced reps myself (Enter)")
        self.manual_check.setToolTip("Manual-rep mode: each paced rep waits until you press Enter")
        lv.addWidget(self.manual_check)
        self.problems = plain_label()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("catalogProblems")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        lv.addWidget(self.problems)
        self.page = RoutinePage()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.page)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 900])
        self.list.currentItemChanged.connect(self._on_current_changed)

    def set_card(self, card: QWidget) -> None:
        """Put ``card`` (the Today card) across the top of the page."""
        holder = QWidget(self)
        margins = QVBoxLayout(holder)
        margins.setContentsMargins(12, 10, 12, 0)
        margins.addWidget(card)
        self._layout.insertWidget(0, holder)

    def set_routines(self, routines: list[Routine], durations: dict[str, int],
                     problems: list[str]) -> None:
        self.list.clear()
        levels = [r for r in routines if r.level is not None]
        others = [r for r in routines if r.level is None]
        for heading, group in (("LEVELS", levels), ("MORE PROGRAMS", others)):
            if not group:
                continue
            head = QListWidgetItem(heading)
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            font = QFont(self.list.font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.9)
            head.setFont(font)
            self.list.addItem(head)
            for r in group:
                item = QListWidgetItem(f"{r.title}\n{format_duration(durations.get(r.id, 0))}")
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                item.setToolTip(r.summary)
                item.setSizeHint(QSize(0, 54))
                self.list.addItem(item)
        if problems:
            shown = problems[:6]
            more = f"\n\u2026 and {len(problems) - 6} more" if len(problems) > 6 else ""
            self.problems.setText("Some routine files could not be read:\n" + "\n".join(shown) + more)
            self.problems.show()
        else:
            self.problems.hide()

    def set_duration(self, routine: Routine, seconds: int) -> None:
        """Show a routine's new length in the list after its doses changed."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == routine.id:
                item.setText(f"{routine.title}\n{format_duration(seconds)}")

    def select(self, routine_id: str) -> bool:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == routine_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def select_first(self) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole):
                self.list.setCurrentRow(i)
                return

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current_changed(self, current: QListWidgetItem | None,
                            previous: QListWidgetItem | None) -> None:
        if current is not None and current.data(Qt.ItemDataRole.UserRole):
            self.routine_selected.emit(current.data(Qt.ItemDataRole.UserRole))
