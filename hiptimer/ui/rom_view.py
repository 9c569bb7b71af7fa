"""The range-of-motion log: three hip internal rotation self-tests.

One tab per test: its picture, how to get into position, the steps, and the
usual range with what limits it; degree entry for each side (empty until
typed: empty means not measured) with a drawing of the shin at that angle;
Save; and the results over time with large left-right differences called
out. The words about a result come from :mod:`hiptimer.core.rom`. The tests
arrive as :class:`~hiptimer.core.model.SelfTest` values from the caller;
results go to the store passed in.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Protocol

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hiptimer.core.model import SelfTest, Side
from hiptimer.core.record import MeasurementWrite
from hiptimer.core.rom import ASYMMETRY_THRESHOLD_DEG, caveats_text, summarise
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.records import MeasurementRecord
from hiptimer.ui import theme
from hiptimer.ui.angle_entry import DegreeBox, ShinGauge, gauge_angle, problem_label
from hiptimer.ui.chart_kit import WARNING, muted_text
from hiptimer.ui.fit_scroll import FitScrollArea
from hiptimer.ui.rom_chart import RomChart
from hiptimer.ui.widgets import Illustration

log = logging.getLogger(__name__)


class MeasurementStore(Protocol):
    """What the page needs of the history: the app's retrying
    :class:`~hiptimer.storage.writer.HistoryWriter`, whose ``add_measurement``
    returns a negative handle (and ``pending`` counts it) while the write waits."""

    @property
    def pending(self) -> int: ...

    @property
    def last_error(self) -> str: ...

    def add_measurement(self, measurement: MeasurementWrite) -> int: ...

    def measurements(self, test_id: str | None = None) -> list[MeasurementRecord]: ...


def shin_points_up(test: SelfTest) -> bool:
    """Lying face down the shin starts pointing at the ceiling; sitting, it hangs."""
    return "prone" in f"{test.id} {test.position}".lower()


class RomTestPage(QWidget):
    """One self-test: instructions, entry, and its chart."""

    measurement_saved = Signal(str)

    def __init__(
        self,
        test: SelfTest,
        store: MeasurementStore,
        *,
        now: Callable[[], datetime],
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.test = test
        self._store = store
        self._now = now
        self._tz = tz
        self._unsaved: list[MeasurementRecord] = []

        self.picture = Illustration(placeholder=test.name)
        self.picture.set_image(test.image, caption=test.name)
        self.picture.setMinimumSize(240, 170)
        self.picture.setMaximumHeight(260)
        self.picture.setAccessibleName(f"Picture: {test.name}")

        self.title = QLabel(test.name)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a name from a file
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.instructions = QLabel(self._instructions_html())
        self.instructions.setWordWrap(True)
        self.instructions.setTextFormat(Qt.TextFormat.RichText)
        self.instructions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.instructions.setAccessibleName(f"How to do the {test.name} test")
        # Text from a file: plain, never rich text.
        self.caveats = QLabel(caveats_text(test))
        self.caveats.setTextFormat(Qt.TextFormat.PlainText)
        self.caveats.setWordWrap(True)
        self.caveats.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.caveats.setAccessibleName("What the usual range means, and its limits")
        self.caveats.setObjectName("romCaveats")

        upward = shin_points_up(test)
        self.left_gauge = ShinGauge(Side.LEFT, test.normal_min, test.normal_max, upward=upward)
        self.right_gauge = ShinGauge(Side.RIGHT, test.normal_min, test.normal_max, upward=upward)
        self.left_spin = self._spin("Left")
        self.right_spin = self._spin("Right")
        self.left_problem = problem_label("Left")
        self.right_problem = problem_label("Right")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Note (optional): time of day, warm or cold…")
        self.note_edit.setAccessibleName("Note")
        self.save_button = QPushButton("&Save measurement")
        self.save_button.setAccessibleName("Save measurement")
        self.save_button.setDefault(True)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # may quote a file name or note
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Save status")

        self.chart = RomChart(test.normal_min, test.normal_max, tz=tz)
        self.chart.setAccessibleName(f"{test.name}: results over time")
        self.summary = QLabel("")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Latest result")

        self._build_layout()
        self._connect_signals()
        # The boxes start empty: a number there before the user typed one
        # would be saved as if it had been measured.
        self.reload()

    def _spin(self, side: str) -> DegreeBox:
        spin = DegreeBox()
        spin.setAccessibleName(f"{side} angle in degrees")
        spin.setToolTip(f"{side} side: the angle of the shin from vertical, 0 to 90 degrees. "
                        "Leave it empty if you did not measure this side.")
        font = QFont(spin.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        spin.setFont(font)
        # Wide enough for the "not measured" placeholder.
        spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("not measured") + 36)
        return spin

    def _instructions_html(self) -> str:
        t = self.test
        steps = "".join(f"<li>{html.escape(s)}</li>" for s in t.steps)
        parts = [f"<p><b>Position.</b> {html.escape(t.position)}</p>"]
        if steps:
            parts.append(f"<ol style='margin-left:-20px'>{steps}</ol>")
        if t.measure:
            parts.append(f"<p><b>What to read.</b> {html.escape(t.measure)}</p>")
        parts.append(f"<p><small>Based on {html.escape(t.source.credit)}.</small></p>")
        return "".join(parts)

    def _build_layout(self) -> None:
        # Steps and caveats may outgrow a small screen: they scroll rather
        # than being cut off.
        column = QWidget()
        text = QVBoxLayout(column)
        text.setContentsMargins(0, 0, 6, 0)
        text.addWidget(self.title)
        text.addWidget(self.instructions)
        heading = QLabel("Keep in mind")
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        text.addWidget(heading)
        text.addWidget(self.caveats)
        text.addStretch(1)
        self.text_scroll = QScrollArea()
        self.text_scroll.setWidget(column)
        self.text_scroll.setWidgetResizable(True)
        self.text_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.text_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top = QHBoxLayout()
        top.addWidget(self.picture, 2)
        top.addWidget(self.text_scroll, 3)

        entry = QGroupBox("Your measurement")
        grid = QGridLayout(entry)
        for column, (name, colour, gauge, spin, problem) in enumerate(
            (
                ("&Left", theme.LEFT, self.left_gauge, self.left_spin, self.left_problem),
                ("&Right", theme.RIGHT, self.right_gauge, self.right_spin, self.right_problem),
            )
        ):
            label = QLabel(name)
            label.setBuddy(spin)
            label.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 0, column)
            grid.addWidget(gauge, 1, column)
            unit = QHBoxLayout()
            unit.addStretch(1)
            unit.addWidget(spin)
            unit.addWidget(QLabel("°"))
            unit.addStretch(1)
            grid.addLayout(unit, 2, column)
            grid.addWidget(problem, 3, column)
        grid.setRowStretch(1, 1)
        grid.addWidget(self.note_edit, 4, 0, 1, 2)
        grid.addWidget(self.save_button, 5, 0, 1, 2)
        grid.addWidget(self.status, 6, 0, 1, 2)

        results = QGroupBox("Results over time")
        right = QVBoxLayout(results)
        right.addWidget(self.chart, 1)
        right.addWidget(self.summary)

        bottom = QHBoxLayout()
        bottom.addWidget(entry, 2)
        bottom.addWidget(results, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(top, 3)
        layout.addLayout(bottom, 4)

        self.setTabOrder(self.left_spin, self.right_spin)
        self.setTabOrder(self.right_spin, self.note_edit)
        self.setTabOrder(self.note_edit, self.save_button)
        self.setTabOrder(self.save_button, self.chart)

    def _connect_signals(self) -> None:
        self.left_spin.valueChanged.connect(self._on_left_changed)
        self.right_spin.valueChanged.connect(self._on_right_changed)
        self.left_spin.problem_changed.connect(self.left_problem.setText)
        self.right_spin.problem_changed.connect(self.right_problem.setText)
        self.left_gauge.angle_picked.connect(self.left_spin.setValue)
        self.right_gauge.angle_picked.connect(self.right_spin.setValue)
        self.save_button.clicked.connect(self._on_save)
        self.note_edit.returnPressed.connect(self._on_save)

    @Slot()
    def reload(self) -> None:
        """Read this test's results again and redraw."""
        try:
            saved = self._store.measurements(self.test.id)
        except HistoryError as exc:
            log.error("could not read %s results: %s", self.test.id, exc.message)
            self._set_status(f"Earlier results could not be read. {exc.message}", error=True)
            saved = []
        if not self._store.pending:
            self._unsaved = []
        shown = [*saved, *self._unsaved]
        self.chart.set_measurements(shown)
        self.summary.setText(
            summarise(
                self.chart.measurements(),
                self.test.normal_min,
                self.test.normal_max,
                threshold=ASYMMETRY_THRESHOLD_DEG,
                tz=self._tz,
            )
        )

    @Slot(int)
    def _on_left_changed(self, value: int) -> None:
        self.left_gauge.set_angle(gauge_angle(value))

    @Slot(int)
    def _on_right_changed(self, value: int) -> None:
        self.right_gauge.set_angle(gauge_angle(value))

    @Slot()
    def _on_save(self) -> None:
        for name, spin in (("Left", self.left_spin), ("Right", self.right_spin)):
            if spin.problem():
                self._set_status(f"Not saved: {name.lower()} {spin.value()}° is out of range. "
                                 f"{spin.problem()}.", error=True)
                spin.setFocus()
                return
        left, right = self.left_spin.degrees(), self.right_spin.degrees()
        if left is None and right is None:
            self._set_status("Nothing to save: type the degrees for at least one side.", error=True)
            return
        note = self.note_edit.text().strip()
        taken = self._now()
        try:
            handle = self._store.add_measurement(
                MeasurementWrite(test_id=self.test.id, taken_at=taken, left_deg=left,
                                 right_deg=right, note=note)
            )
        except (HistoryError, ValueError) as exc:
            message = exc.message if isinstance(exc, HistoryError) else str(exc)
            log.error("could not save a %s measurement: %s", self.test.id, message)
            self._set_status(f"Not saved: {message}", error=True)
            return
        if handle < 0 or self._store.pending:
            # The retrying writer kept it for later: show it now, hollow in spirit.
            self._unsaved.append(
                MeasurementRecord(handle, "", self.test.id, taken, left, right, note)
            )
            self._set_status(f"Kept, not written yet: {self._store.last_error}", error=True)
        else:
            stamp = taken.astimezone(self._tz)
            said = [f"{name} {'not measured' if v is None else f'{v}°'}"
                    for name, v in (("left", left), ("right", right))]
            self._set_status(f"Saved: {', '.join(said)} at {stamp:%H:%M}.")
        self.note_edit.clear()
        self.left_spin.setValue(DegreeBox.EMPTY)
        self.right_spin.setValue(DegreeBox.EMPTY)
        self.reload()
        self.measurement_saved.emit(self.test.id)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        colour = WARNING if error else muted_text(self.palette()).name()
        self.status.setStyleSheet(f"QLabel {{ color: {colour}; }}")


class RomView(QWidget):
    """The range-of-motion log: a tab per self-test.

    ``store`` is the app's retrying history writer (see
    :class:`MeasurementStore`); ``tests`` come from the library. ``now``
    stamps saved results (injected for tests).
    """

    measurement_saved = Signal(str)

    def __init__(
        self,
        store: MeasurementStore,
        tests: Sequence[SelfTest],
        *,
        now: Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Self-tests")
        self.tabs.setDocumentMode(True)
        self.pages: list[RomTestPage] = []
        clock = now or (lambda: datetime.now(UTC))
        for test in tests:
            page = RomTestPage(test, store, now=clock, tz=tz)
            self.pages.append(page)
            # A short screen scrolls the page rather than squeezing the gauges under the boxes.
            self.tabs.addTab(FitScrollArea(page), test.name)
        intro = QLabel(
            "Measure how far each hip turns inward, the same way each time, and watch left "
            "and right over the weeks. A gap of more than "
            f"{ASYMMETRY_THRESHOLD_DEG}° between the sides is marked; that threshold is our "
            "choice, not a figure from the articles. A self-test is a rough guide: a physical "
            "therapist's assessment is better."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        # The page's title is in the window's header above it.
        layout.addWidget(intro)
        if self.pages:
            layout.addWidget(self.tabs, 1)
        else:
            empty = QLabel("No self-tests are installed, so there is nothing to measure yet.")
            empty.setFrameShape(QFrame.Shape.StyledPanel)
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(empty, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        for page in self.pages:
            page.measurement_saved.connect(self._on_page_saved)

    @Slot(str)
    def _on_page_saved(self, test_id: str) -> None:
        self.measurement_saved.emit(test_id)

    @Slot()
    def refresh(self) -> None:
        for page in self.pages:
            page.reload()

    def page(self, test_id: str) -> RomTestPage | None:
        return next((p for p in self.pages if p.test.id == test_id), None)
