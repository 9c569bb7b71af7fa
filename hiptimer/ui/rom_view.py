"""The range-of-motion log: three hip internal rotation self-tests.

One tab per test: its picture, how to get into position, the steps, and the
usual range; degree entry for each side with a drawing of the shin at that
angle; Save; and the results over time with large left-right differences
called out. The tests arrive as :class:`~hiptimer.core.model.SelfTest`
values from the caller; results go to the store passed in.
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
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hiptimer.core.model import SelfTest, Side
from hiptimer.storage.history import HistoryError, MeasurementRecord
from hiptimer.ui.charts import muted_text
from hiptimer.ui.rom_chart import (
    ASYMMETRY_THRESHOLD_DEG,
    LEFT_COLOUR,
    MAX_DEGREES,
    RIGHT_COLOUR,
    RomChart,
    ShinGauge,
    normal_text,
    summarise,
)
from hiptimer.ui.widgets import Illustration

log = logging.getLogger(__name__)


class MeasurementStore(Protocol):
    """What the page needs: the history store, or the retrying writer."""

    def add_measurement(
        self,
        *,
        test_id: str,
        taken_at: datetime,
        left_deg: int | None,
        right_deg: int | None,
        note: str = "",
    ) -> int: ...

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
        self.picture.set_image(test.image, caption=f"{test.name}\n(picture: {test.image})")
        self.picture.setMinimumSize(240, 170)
        self.picture.setMaximumHeight(260)
        self.picture.setAccessibleName(f"Picture: {test.name}")

        self.title = QLabel(test.name)
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

        upward = shin_points_up(test)
        self.left_gauge = ShinGauge(Side.LEFT, test.normal_min, test.normal_max, upward=upward)
        self.right_gauge = ShinGauge(Side.RIGHT, test.normal_min, test.normal_max, upward=upward)
        self.left_spin = self._spin("Left")
        self.right_spin = self._spin("Right")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Note (optional): time of day, warm or cold…")
        self.note_edit.setAccessibleName("Note")
        self.save_button = QPushButton("&Save measurement")
        self.save_button.setAccessibleName("Save measurement")
        self.save_button.setDefault(True)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Save status")

        self.chart = RomChart(test.normal_min, test.normal_max, tz=tz)
        self.chart.setAccessibleName(f"{test.name}: results over time")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Latest result")

        self._build_layout()
        self._connect_signals()
        self.reload()
        last = self.chart.measurements()[-1] if self.chart.measurements() else None
        start = test.normal_min if test.normal_min > 0 else test.normal_max
        self.left_spin.setValue(last.left_deg if last and last.left_deg is not None else start)
        self.right_spin.setValue(last.right_deg if last and last.right_deg is not None else start)
        self.left_gauge.set_angle(self.left_spin.value())
        self.right_gauge.set_angle(self.right_spin.value())

    def _spin(self, side: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, MAX_DEGREES)
        spin.setSuffix("°")
        spin.setAccessibleName(f"{side} angle in degrees")
        spin.setToolTip(f"{side} side: the angle of the shin from vertical, 0 to 90 degrees")
        font = QFont(spin.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        spin.setFont(font)
        spin.setMinimumWidth(96)
        return spin

    def _instructions_html(self) -> str:
        t = self.test
        steps = "".join(f"<li>{html.escape(s)}</li>" for s in t.steps)
        parts = [f"<p><b>Position.</b> {html.escape(t.position)}</p>"]
        if steps:
            parts.append(f"<ol style='margin-left:-20px'>{steps}</ol>")
        if t.measure:
            parts.append(f"<p><b>What to read.</b> {html.escape(t.measure)}</p>")
        parts.append(f"<p><b>Usual range:</b> {normal_text(t.normal_min, t.normal_max)}</p>")
        credit = f"“{html.escape(t.source.title)}”"
        if t.source.author:
            credit += f" by {html.escape(t.source.author)}"
        parts.append(f"<p><small>Based on {credit}.</small></p>")
        return "".join(parts)

    def _build_layout(self) -> None:
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.instructions, 1)
        top = QHBoxLayout()
        top.addWidget(self.picture, 2)
        top.addLayout(text, 3)

        entry = QGroupBox("Your measurement")
        grid = QGridLayout(entry)
        for column, (name, colour, gauge, spin) in enumerate(
            (
                ("&Left", LEFT_COLOUR, self.left_gauge, self.left_spin),
                ("&Right", RIGHT_COLOUR, self.right_gauge, self.right_spin),
            )
        ):
            label = QLabel(name)
            label.setBuddy(spin)
            label.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 0, column)
            grid.addWidget(gauge, 1, column)
            grid.addWidget(spin, 2, column, Qt.AlignmentFlag.AlignHCenter)
        grid.setRowStretch(1, 1)
        grid.addWidget(self.note_edit, 3, 0, 1, 2)
        grid.addWidget(self.save_button, 4, 0, 1, 2)
        grid.addWidget(self.status, 5, 0, 1, 2)

        results = QGroupBox("Results over time")
        right = QVBoxLayout(results)
        right.addWidget(self.chart, 1)
        right.addWidget(self.summary)

        bottom = QHBoxLayout()
        bottom.addWidget(entry, 2)
        bottom.addWidget(results, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(top, 2)
        layout.addLayout(bottom, 4)

        self.setTabOrder(self.left_spin, self.right_spin)
        self.setTabOrder(self.right_spin, self.note_edit)
        self.setTabOrder(self.note_edit, self.save_button)
        self.setTabOrder(self.save_button, self.chart)

    def _connect_signals(self) -> None:
        self.left_spin.valueChanged.connect(self.left_gauge.set_angle)
        self.right_spin.valueChanged.connect(self.right_gauge.set_angle)
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
        if not getattr(self._store, "pending", 0):
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

    @Slot()
    def _on_save(self) -> None:
        left, right = self.left_spin.value(), self.right_spin.value()
        note = self.note_edit.text().strip()
        taken = self._now()
        try:
            handle = self._store.add_measurement(
                test_id=self.test.id, taken_at=taken, left_deg=left, right_deg=right, note=note
            )
        except (HistoryError, ValueError) as exc:
            message = exc.message if isinstance(exc, HistoryError) else str(exc)
            log.error("could not save a %s measurement: %s", self.test.id, message)
            self._set_status(f"Not saved: {message}", error=True)
            return
        pending = getattr(self._store, "pending", 0)
        if handle < 0 or pending:
            # The retrying writer kept it for later: show it now, hollow in spirit.
            self._unsaved.append(
                MeasurementRecord(handle, "", self.test.id, taken, left, right, note)
            )
            error = getattr(self._store, "last_error", "")
            self._set_status(f"Kept, not written yet: {error}", error=True)
        else:
            stamp = taken.astimezone(self._tz)
            self._set_status(f"Saved: left {left}°, right {right}° at {stamp:%H:%M}.")
        self.note_edit.clear()
        self.reload()
        self.measurement_saved.emit(self.test.id)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        colour = "#EB5757" if error else muted_text(self.palette()).name()
        self.status.setStyleSheet(f"QLabel {{ color: {colour}; }}")


class RomView(QWidget):
    """The range-of-motion log: a tab per self-test.

    ``store`` is the history store or the retrying writer (anything with
    ``add_measurement`` and ``measurements``); ``tests`` come from the
    library. ``now`` stamps saved results (injected for tests).
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
            self.tabs.addTab(page, test.name)
        heading = QLabel("Range of motion")
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        heading.setFont(font)
        intro = QLabel(
            "Measure how far each hip turns inward, the same way each time, and watch left "
            "and right over the weeks. A gap of more than "
            f"{ASYMMETRY_THRESHOLD_DEG}° between the sides is marked."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
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
