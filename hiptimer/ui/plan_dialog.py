"""Plan > Edit plan: the path, the days, the time, the re-test interval and reminders.

The dialog lays the choices out and returns a :class:`~hiptimer.core.practice.Plan`
(a new version from today); the window saves it and turns reminders on or off.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from PySide6.QtCore import Qt, QTime, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from hiptimer.core.practice import PATH_NAMES, PATH_STEPS, WEEKDAY_SHORT, PathKind, Plan

DEFAULT_DAYS = frozenset({0, 2, 4})  # three days a week, with rest days between


class PlanDialog(QDialog):
    """Choose a path (Levels 1-3, the four-part program, or your own routines), days and a time."""

    def __init__(self, routines: Sequence[tuple[str, str]], current: Plan | None, today: date, *,
                 reminders_on: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your plan")
        self._current = current
        self._today = today
        layout = QVBoxLayout(self)
        intro = QLabel("Choose what to practise, on which days and when. Rest days are part of the plan: "
                       "they never break your streak.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.path = QComboBox()
        for kind in PathKind:
            self.path.addItem(PATH_NAMES[kind], kind)
        form.addRow("Path", self.path)
        self.routines = QListWidget()
        self.routines.setObjectName("planRoutines")
        self.routines.setMaximumHeight(150)
        chosen = set(current.routines) if current is not None and current.path is PathKind.CUSTOM else set()
        for rid, title in routines:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, rid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if rid in chosen else Qt.CheckState.Unchecked)
            self.routines.addItem(item)
        form.addRow("Your routines", self.routines)
        days_row = QHBoxLayout()
        self.days: list[QCheckBox] = []
        days = current.weekdays if current is not None else DEFAULT_DAYS
        for i, name in enumerate(WEEKDAY_SHORT):
            box = QCheckBox(name)
            box.setChecked(i in days)
            days_row.addWidget(box)
            self.days.append(box)
        form.addRow("Days", days_row)
        self.time = QTimeEdit()
        at = current.at if current is not None else time(18, 0)
        self.time.setTime(QTime(at.hour, at.minute))
        self.time.setDisplayFormat("HH:mm")
        form.addRow("Time", self.time)
        self.retest = QSpinBox()
        self.retest.setRange(1, 12)
        self.retest.setSuffix(" weeks")
        self.retest.setValue(current.retest_weeks if current is not None else 4)
        form.addRow("Range-of-motion re-test every", self.retest)
        self.remind = QCheckBox("Remind me at this time, even when hiptimer is closed")
        self.remind.setChecked(reminders_on)
        form.addRow("", self.remind)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("planProblem")
        self.problem.setStyleSheet("color: #C0392B;")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)
        if current is not None:
            self.path.setCurrentIndex(list(PathKind).index(current.path))
        self._connect_signals()
        self._on_path_changed()

    def _connect_signals(self) -> None:
        self.path.currentIndexChanged.connect(self._on_path_changed)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        for box in self.days:
            box.toggled.connect(self._on_changed)
        self.routines.itemChanged.connect(self._on_changed)

    def kind(self) -> PathKind:
        return self.path.currentData()

    def chosen_routines(self) -> tuple[str, ...]:
        return tuple(self.routines.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.routines.count())
                     if self.routines.item(i).checkState() == Qt.CheckState.Checked)

    def problem_text(self) -> str:
        if not any(b.isChecked() for b in self.days):
            return "Choose at least one day."
        if self.kind() is PathKind.CUSTOM and not self.chosen_routines():
            return "Tick at least one routine for your own path."
        return ""

    def plan(self) -> Plan:
        """The plan as chosen, applying from today. Keeps the step when the path is the same."""
        kind = self.kind()
        routines = PATH_STEPS.get(kind) or self.chosen_routines()
        cur = self._current
        keep = cur is not None and cur.path is kind and cur.routines == tuple(routines)
        t = self.time.time()
        return Plan(kind, tuple(routines), frozenset(i for i, b in enumerate(self.days) if b.isChecked()),
                    self._today, time(t.hour(), t.minute()), cur.step if keep and cur else 0,
                    cur.step_since if keep and cur else self._today, self.retest.value())

    @Slot()
    def _on_path_changed(self) -> None:
        self.routines.setEnabled(self.kind() is PathKind.CUSTOM)
        self._on_changed()

    @Slot()
    def _on_changed(self, *_args: object) -> None:
        text = self.problem_text()
        self.problem.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not text)

    @Slot()
    def _on_save(self) -> None:
        if not self.problem_text():
            self.accept()
