"""One exercise on the routine page: its picture, text, dose line and dose adjusters.

Built only once the routine files are read (after the first paint), so the
core model, the plan and the SVG illustrations stay off the start-up path.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from hiptimer.core.model import DoseChoice, DoseKind, Exercise
from hiptimer.core.plan import resolve
from hiptimer.ui.labels import bold, plain_label
from hiptimer.ui.widgets import Illustration

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
        title = bold(plain_label(f"{index + 1}. {exercise.name}"), 17)
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


