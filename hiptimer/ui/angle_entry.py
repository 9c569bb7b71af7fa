"""Entering an angle on the range-of-motion page: drag the shin, or type degrees.

:class:`ShinGauge` draws the shin at the angle (click or drag to pick one);
:class:`DegreeBox` is the keyboard way, and may stay empty for "not measured";
a number out of range stays as typed and is named beside the box
(:func:`problem_label`), never stored.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QValidator,
)
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QSizePolicy, QSpinBox, QWidget

from hiptimer.core.model import Side
from hiptimer.core.rom import normal_text
from hiptimer.ui import theme
from hiptimer.ui.chart_kit import WARNING, faint, muted_text

MAX_DEGREES = 90
RANGE_HINT = f"Enter 0-{MAX_DEGREES}°"


class ShinGauge(QWidget):
    """A quarter dial: the shin swings outward from vertical by ``angle`` degrees.

    Drawn in the side's colour over the shaded usual range, so the user can
    match the picture to what they see in the mirror or on a photo.

    The knee is the pivot. For a test lying face down the shin points up
    from the knee; sitting, it hangs down. The left gauge swings to the
    left of the screen and the right one to the right, so the pair reads
    like two legs either side of the body's midline. Clicking or dragging
    picks an angle (``angle_picked``); the spin box beside it is the
    keyboard way to do the same.
    """

    angle_picked = Signal(int)

    def __init__(
        self,
        side: Side,
        normal_min: int,
        normal_max: int,
        *,
        upward: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._side = side
        self._normal = (normal_min, normal_max)
        self._upward = upward
        self._angle = 0
        self.setMinimumSize(150, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        name = "Left" if side is Side.LEFT else "Right"
        self.setAccessibleName(f"{name} shin angle picture")
        self.setToolTip("Click or drag to set the angle")
        self._describe()

    def angle(self) -> int:
        return self._angle

    def set_angle(self, degrees: int) -> None:
        degrees = max(0, min(MAX_DEGREES, int(degrees)))
        if degrees != self._angle:
            self._angle = degrees
            self._describe()
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, 200)

    def _describe(self) -> None:
        self.setAccessibleDescription(
            f"Shin {self._angle}° from vertical; usual {normal_text(*self._normal)}"
        )

    def _outward(self) -> int:
        return -1 if self._side is Side.LEFT else 1

    def _geometry(self) -> tuple[QPointF, float]:
        """(pivot, radius) so the whole 0-90° fan fits."""
        fm = QFontMetrics(self.font())
        pad = fm.height() * 2 + 4
        radius = max(20.0, min(self.width() - 2 * pad, self.height() - 2 * pad))
        # The fan reaches ``radius`` outward from the knee, so the knee sits inward.
        span = radius + pad
        x0 = (self.width() - span) / 2
        x = x0 + span - pad / 2 if self._outward() < 0 else x0 + pad / 2
        y = (self.height() + radius) / 2 if self._upward else (self.height() - radius) / 2
        return QPointF(x, y), radius

    def _point(self, pivot: QPointF, radius: float, degrees: float) -> QPointF:
        a = math.radians(degrees)
        dx = self._outward() * radius * math.sin(a)
        dy = radius * math.cos(a) * (-1 if self._upward else 1)
        return QPointF(pivot.x() + dx, pivot.y() + dy)

    def _qt_angle(self, degrees: float) -> float:
        """Our angle from vertical as Qt's (counter-clockwise from 3 o'clock)."""
        base = 90.0 if self._upward else 270.0
        return base + degrees * (1 if self._outward() < 0 else -1) * (1 if self._upward else -1)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        colour = theme.side_colour(self._side)
        text = pal.color(QPalette.ColorRole.Text)
        muted = muted_text(pal)
        fm = QFontMetrics(self.font())
        pivot, radius = self._geometry()
        box = QRectF(pivot.x() - radius, pivot.y() - radius, 2 * radius, 2 * radius)

        # The whole 0-90° range, faint; the usual range, green.
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(faint(pal, 0.06))
        start = self._qt_angle(0)
        sweep = self._qt_angle(MAX_DEGREES) - start
        p.drawPie(box, int(start * 16), int(sweep * 16))
        low, high = self._normal
        band = QColor(theme.ACCENT)
        if high > low:
            band.setAlpha(70)
            p.setBrush(band)
            a0 = self._qt_angle(low)
            p.drawPie(box, int(a0 * 16), int((self._qt_angle(high) - a0) * 16))
        else:
            band.setAlpha(150)
            p.setPen(QPen(band, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(pivot, self._point(pivot, radius, low))

        # Ticks every 15°, numbers at 0, 45 and 90.
        p.setPen(QPen(muted, 1))
        for degrees in range(0, MAX_DEGREES + 1, 15):
            outer = self._point(pivot, radius, degrees)
            inner = self._point(pivot, radius * (0.9 if degrees % 45 else 0.84), degrees)
            p.drawLine(inner, outer)
            if degrees % 45 == 0:
                label = f"{degrees}°"
                at = self._point(pivot, radius + fm.height() * 1.1, degrees)
                w = fm.horizontalAdvance(label)
                p.drawText(QRectF(at.x() - w / 2 - 2, at.y() - fm.height() / 2, w + 4, fm.height()),
                           Qt.AlignmentFlag.AlignCenter, label)  # fmt: skip

        # The starting position: a dashed vertical line.
        dashed = QPen(muted, 1.5, Qt.PenStyle.DashLine)
        p.setPen(dashed)
        p.drawLine(pivot, self._point(pivot, radius, 0))

        # The angle arc and the shin itself.
        p.setPen(QPen(colour, 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        small = radius * 0.34
        arc = QRectF(pivot.x() - small, pivot.y() - small, 2 * small, 2 * small)
        p.drawArc(arc, int(self._qt_angle(0) * 16), int((self._qt_angle(self._angle) - start) * 16))
        foot = self._point(pivot, radius * 0.92, self._angle)
        p.setPen(QPen(colour, max(6.0, radius * 0.07), Qt.PenStyle.SolidLine,
                      Qt.PenCapStyle.RoundCap))  # fmt: skip
        p.drawLine(pivot, foot)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawEllipse(foot, radius * 0.06, radius * 0.06)
        p.setBrush(text)
        p.drawEllipse(pivot, radius * 0.05, radius * 0.05)

        p.end()

    def _angle_at(self, pos: QPointF) -> int:
        pivot, _ = self._geometry()
        dx = (pos.x() - pivot.x()) * self._outward()
        dy = (pivot.y() - pos.y()) if self._upward else (pos.y() - pivot.y())
        degrees = math.degrees(math.atan2(max(0.0, dx), dy)) if (dx > 0 or dy > 0) else 0.0
        return max(0, min(MAX_DEGREES, round(degrees)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pick(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._pick(event.position())

    def _pick(self, pos: QPointF) -> None:
        degrees = self._angle_at(pos)
        self.set_angle(degrees)
        self.angle_picked.emit(degrees)


class DegreeBox(QSpinBox):
    """Degrees 0-90 that may be left empty; empty means "not measured".

    The value :attr:`EMPTY` (one below 0) stands for the empty box, so the
    box starts blank and a cleared box saves nothing for that side.

    Up to three digits may be typed, so a number out of range stays on
    screen as typed (999 is not cut to 9 or pulled down to 90): the box then
    reports it through :attr:`problem_changed` ("Enter 0-90°"),
    :meth:`degrees` refuses it, and the arrows step back into range.
    """

    EMPTY = -1
    TYPED_MAX = 999  # three digits: what the box holds, in range or not
    problem_changed = Signal(str)  # "" when the box is empty or in range

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(self.EMPTY, self.TYPED_MAX)
        self.setValue(self.EMPTY)
        self.lineEdit().setPlaceholderText("not measured")
        self._problem = ""
        self.valueChanged.connect(self._check)

    def problem(self) -> str:
        """What is wrong with the number in the box, in a few words ("" if nothing)."""
        return self._problem

    def degrees(self) -> int | None:
        """The typed degrees, or None for an empty box. Raises ValueError out of range."""
        value = self.value()
        if value == self.EMPTY:
            return None
        if value > MAX_DEGREES:
            raise ValueError(f"{value}° is more than {MAX_DEGREES}°. {RANGE_HINT}")
        return value

    @Slot(int)
    def _check(self, value: int) -> None:
        problem = RANGE_HINT if value > MAX_DEGREES else ""
        if problem != self._problem:
            self._problem = problem
            self.problem_changed.emit(problem)

    def textFromValue(self, value: int) -> str:
        return "" if value == self.EMPTY else str(value)

    def valueFromText(self, text: str) -> int:
        text = text.strip()
        return self.EMPTY if not text else int(text)

    def validate(self, text: str, pos: int) -> object:
        stripped = text.strip()
        if not stripped:
            return (QValidator.State.Acceptable, text, pos)
        # Any number of up to three digits stays as typed; one out of range is
        # named beside the box, never quietly changed into another number.
        if not stripped.isdigit() or len(stripped) > len(str(self.TYPED_MAX)):
            return (QValidator.State.Invalid, text, pos)
        return (QValidator.State.Acceptable, text, pos)

    def fixup(self, text: str) -> str:
        return text.strip()

    def stepBy(self, steps: int) -> None:
        # The arrows move within 0-90 (from empty, Up gives 0).
        value = self.value()
        start = min(value, MAX_DEGREES) if value != self.EMPTY else self.EMPTY
        self.setValue(max(self.EMPTY, min(MAX_DEGREES, start + steps)))
        self.selectAll()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        value = self.value()
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if value < MAX_DEGREES or value > MAX_DEGREES:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if value > self.EMPTY:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags


def gauge_angle(value: int) -> int:
    """The angle a gauge draws for a box's value: empty or out of range is the shin at rest."""
    return value if 0 <= value <= MAX_DEGREES else 0


def problem_label(side: str) -> QLabel:
    """Beside a degree box: what is wrong with the number typed there ("Enter 0-90°")."""
    label = QLabel("")
    label.setObjectName("degreeProblem")
    label.setAccessibleName(f"{side} angle problem")
    label.setStyleSheet(f"QLabel {{ color: {WARNING}; font-weight: bold; }}")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
