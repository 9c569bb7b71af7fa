"""The range-of-motion chart: one self-test's left and right results over time.

Left and right lines in the side colours, the usual range shaded, and every
measurement whose left-right difference exceeds the threshold of
:mod:`hiptimer.core.rom` marked. The words (dates, the tooltip, the usual
range) come from :mod:`hiptimer.core.rom` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hiptimer.core.model import Side
from hiptimer.core.rom import ASYMMETRY_THRESHOLD_DEG, day_text, describe_measurement, normal_text
from hiptimer.storage.records import MeasurementRecord
from hiptimer.ui import theme
from hiptimer.ui.angle_entry import MAX_DEGREES
from hiptimer.ui.chart_kit import WARNING, blend, faint, muted_text


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
        band = QColor(theme.ACCENT)
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
            warn = QColor(WARNING)
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
            (theme.side_colour(Side.LEFT), "Left", "dot"),
            (theme.side_colour(Side.RIGHT), "Right", "dot"),
            (QColor(theme.ACCENT), f"Usual: {normal_text(*self._normal)}", "band"),
            (QColor(WARNING), f"Difference over {self._threshold}°", "dash"),
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

    def _paint_series(self, p: QPainter, plot: QRectF, side: Side) -> None:
        colour = theme.side_colour(side)
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
