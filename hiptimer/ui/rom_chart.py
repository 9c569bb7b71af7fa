"""Painted pieces of the range-of-motion page.

* :class:`ShinGauge` draws the shin at the chosen angle from vertical, in
  the side's colour, over the shaded normal range, so the user can match
  the picture to what they see in the mirror or on a photo.
* :class:`RomChart` plots one self-test over time: left and right lines in
  the side colours, the normal band shaded, and every measurement whose
  left-right difference exceeds :data:`ASYMMETRY_THRESHOLD_DEG` marked.
* :func:`summarise` puts the latest result into words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hiptimer.core.model import Side
from hiptimer.storage.history import MeasurementRecord
from hiptimer.ui.charts import ACCENT, blend, faint, muted_text

LEFT_COLOUR = "#2F80ED"
RIGHT_COLOUR = "#F2994A"
ASYMMETRY_THRESHOLD_DEG = 10
"""A left-right difference above this many degrees is called out."""

MAX_DEGREES = 90


def side_colour(side: Side) -> QColor:
    return QColor(LEFT_COLOUR if side is Side.LEFT else RIGHT_COLOUR)


def normal_text(normal_min: int, normal_max: int) -> str:
    if normal_min == normal_max:
        return f"about {normal_min}°"
    return f"{normal_min}–{normal_max}°"


def day_text(moment: datetime, tz: tzinfo | None = None) -> str:
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b %Y}"


def describe_measurement(m: MeasurementRecord, tz: tzinfo | None = None) -> str:
    left = "–" if m.left_deg is None else f"{m.left_deg}°"
    right = "–" if m.right_deg is None else f"{m.right_deg}°"
    text = f"{day_text(m.taken_at, tz)}: left {left}, right {right}"
    if m.difference is not None:
        text += f" (difference {m.difference}°)"
    return text


def summarise(
    measurements: Sequence[MeasurementRecord],
    normal_min: int,
    normal_max: int,
    *,
    threshold: int = ASYMMETRY_THRESHOLD_DEG,
    tz: tzinfo | None = None,
) -> str:
    """The latest result in words: values, the left-right gap, against the normal range."""
    if not measurements:
        return "No measurements yet. Enter your first one and press Save."
    latest = measurements[-1]
    parts = [f"Latest, {describe_measurement(latest, tz)}."]
    left, right = latest.left_deg, latest.right_deg
    if left is not None and right is not None:
        gap = abs(left - right)
        if gap > threshold:
            more, less = ("right", "left") if right > left else ("left", "right")
            parts.append(
                f"Your {more} side turns {gap}° further than your {less}: "
                f"more than the {threshold}° difference worth watching."
            )
        else:
            parts.append(f"Left and right are within {gap}° of each other.")
    usual = normal_text(normal_min, normal_max)
    below = [
        name for name, value in (("left", left), ("right", right))
        if value is not None and value < normal_min
    ]  # fmt: skip
    if len(below) == 2:
        parts.append(f"Both sides are below the usual range ({usual}).")
    elif below:
        parts.append(f"The {below[0]} side is below the usual range ({usual}).")
    elif left is not None or right is not None:
        parts.append(f"Within or above the usual range ({usual}).")
    return " ".join(parts)


# --------------------------------------------------------------------------
# The shin gauge


class ShinGauge(QWidget):
    """A quarter dial: the shin swings outward from vertical by ``angle`` degrees.

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
        colour = side_colour(self._side)
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
        band = QColor(ACCENT)
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


# --------------------------------------------------------------------------
# The chart over time


class RomChart(QWidget):
    """Left and right results of one self-test over time."""

    def __init__(
        self,
        normal_min: int,
        normal_max: int,
        *,
        threshold: int = ASYMMETRY_THRESHOLD_DEG,
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._normal = (normal_min, normal_max)
        self._threshold = threshold
        self._tz = tz
        self._points: list[MeasurementRecord] = []
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumSize(280, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Results over time")

    def set_measurements(self, measurements: Sequence[MeasurementRecord]) -> None:
        self._points = sorted(measurements, key=lambda m: (m.taken_at, m.id))
        flagged = self.flagged()
        self.setAccessibleDescription(
            f"{len(self._points)} measurements; "
            f"{len(flagged)} with a left-right difference over {self._threshold}°."
        )
        self.update()

    def measurements(self) -> list[MeasurementRecord]:
        return list(self._points)

    def flagged(self) -> list[MeasurementRecord]:
        """Measurements whose left-right difference is over the threshold."""
        return [
            m for m in self._points if m.difference is not None and m.difference > self._threshold
        ]

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    # -- scales ---------------------------------------------------------------------

    def _range(self) -> tuple[int, int]:
        values = [v for m in self._points for v in (m.left_deg, m.right_deg) if v is not None]
        low = min([0, *values])
        high = max([MAX_DEGREES // 2 + 15, self._normal[1] + 15, *values])
        return (low // 15) * 15, -(-high // 15) * 15

    def _plot(self) -> QRectF:
        fm = QFontMetrics(self.font())
        left = fm.horizontalAdvance("180°") + 10
        return QRectF(left, fm.height() * 2 + 8, self.width() - left - 12,
                      self.height() - fm.height() * 3 - 20)  # fmt: skip

    def _x(self, plot: QRectF, moment: datetime) -> float:
        if len(self._points) < 2:
            return plot.center().x()
        first = self._points[0].taken_at.timestamp()
        last = self._points[-1].taken_at.timestamp()
        span = max(1.0, last - first)
        inset = min(24.0, plot.width() * 0.05)
        return (
            plot.left() + inset + (plot.width() - 2 * inset) * (moment.timestamp() - first) / span
        )

    def _y(self, plot: QRectF, degrees: float) -> float:
        low, high = self._range()
        return plot.bottom() - plot.height() * (degrees - low) / max(1, high - low)

    # -- painting -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        text = pal.color(QPalette.ColorRole.Text)
        muted = muted_text(pal)
        plot = self._plot()
        low, high = self._range()

        self._paint_legend(p, fm, text, muted)

        # Grid and degree labels.
        for degrees in range(low, high + 1, 15):
            y = self._y(plot, degrees)
            p.setPen(QPen(faint(pal, 0.14), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(muted)
            p.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{degrees}°")  # fmt: skip

        # The normal band.
        n_low, n_high = self._normal
        band = QColor(ACCENT)
        if n_high > n_low:
            band.setAlpha(46)
            top, bottom = self._y(plot, n_high), self._y(plot, n_low)
            p.fillRect(QRectF(plot.left(), top, plot.width(), bottom - top), band)
        else:
            band.setAlpha(120)
            y = self._y(plot, n_low)
            p.setPen(QPen(band, 3))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))

        if not self._points:
            p.setPen(muted)
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       "No measurements yet.\nYour results will be drawn here.")  # fmt: skip
            p.end()
            return

        self._paint_dates(p, fm, plot, muted)

        # Differences over the threshold: a dashed bracket and the number.
        last_label_x = -1e9
        for m in self.flagged():
            assert m.left_deg is not None and m.right_deg is not None
            x = self._x(plot, m.taken_at)
            y1, y2 = self._y(plot, m.left_deg), self._y(plot, m.right_deg)
            warn = QColor("#EB5757")
            p.setPen(QPen(warn, 1.6, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, y1), QPointF(x, y2))
            label = f"{m.difference}°"
            w = fm.horizontalAdvance(label) + 8
            if x - last_label_x > w + 4:
                rect = QRectF(x + 5, (y1 + y2) / 2 - fm.height() / 2, w, fm.height())
                if rect.right() > plot.right():
                    rect.moveRight(x - 5)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(blend(pal.color(QPalette.ColorRole.Base), warn, 0.18))
                p.drawRoundedRect(rect, 4, 4)
                p.setPen(warn)
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
                last_label_x = x

        for side in (Side.LEFT, Side.RIGHT):
            self._paint_series(p, plot, side)
        p.end()

    def _paint_legend(self, p: QPainter, fm: QFontMetrics, text: QColor, muted: QColor) -> None:
        x = self._plot().left()
        y = fm.ascent() + 2
        entries = [
            (side_colour(Side.LEFT), "Left", "dot"),
            (side_colour(Side.RIGHT), "Right", "dot"),
            (QColor(ACCENT), f"Usual: {normal_text(*self._normal)}", "band"),
            (QColor("#EB5757"), f"Difference over {self._threshold}°", "dash"),
        ]
        for colour, label, kind in entries:
            mid = y - fm.ascent() / 2 + 1
            if kind == "dot":
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(colour)
                p.drawEllipse(QPointF(x + 5, mid), 5, 5)
            elif kind == "band":
                band = QColor(colour)
                band.setAlpha(90)
                p.fillRect(QRectF(x, mid - 5, 12, 10), band)
            else:
                p.setPen(QPen(colour, 1.6, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(x + 5, mid - 6), QPointF(x + 5, mid + 6))
            p.setPen(text)
            p.drawText(QPointF(x + 16, y), label)
            x += 16 + fm.horizontalAdvance(label) + 18

    def _paint_dates(self, p: QPainter, fm: QFontMetrics, plot: QRectF, muted: QColor) -> None:
        p.setPen(muted)
        y = plot.bottom() + 6
        last_right = -1e9
        count = len(self._points)
        # Label first and last, then as many in between as fit.
        order = [0, count - 1, *range(1, count - 1)] if count > 1 else [0]
        placed: list[tuple[float, float]] = []
        for i in order:
            m = self._points[i]
            label = day_text(m.taken_at, self._tz)
            w = fm.horizontalAdvance(label)
            x = self._x(plot, m.taken_at)
            left = max(0.0, min(self.width() - w, x - w / 2))
            if any(not (left + w + 10 < a or left > b + 10) for a, b in placed):
                continue
            placed.append((left, left + w))
            p.drawText(QPointF(left, y + fm.ascent()), label)
            last_right = max(last_right, left + w)

    def _paint_series(self, p: QPainter, plot: QRectF, side: Side) -> None:
        colour = side_colour(side)
        points = [
            QPointF(self._x(plot, m.taken_at), self._y(plot, value))
            for m in self._points
            if (value := (m.left_deg if side is Side.LEFT else m.right_deg)) is not None
        ]
        if len(points) > 1:
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            p.setPen(QPen(colour, 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                          Qt.PenJoinStyle.RoundJoin))  # fmt: skip
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        p.setPen(QPen(self.palette().color(QPalette.ColorRole.Base), 1.5))
        p.setBrush(colour)
        for point in points:
            p.drawEllipse(point, 4.5, 4.5)

    # -- tooltips -------------------------------------------------------------------

    def nearest(self, pos: QPointF) -> MeasurementRecord | None:
        if not self._points:
            return None
        plot = self._plot()
        best = min(self._points, key=lambda m: abs(self._x(plot, m.taken_at) - pos.x()))
        return best if abs(self._x(plot, best.taken_at) - pos.x()) < 24 else None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            m = self.nearest(QPointF(event.pos()))
            if m is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), describe_measurement(m, self._tz), self)
            return True
        return super().event(event)
