"""The report's charts: feel and pain over the period, and range of motion per self-test.

Each chart is a function that paints into a rectangle of the page (see
:meth:`hiptimer.report.layout.Pages.chart`). Days sit in the middle of their
own slot of the period's width, so a one-day report (or a single point)
is drawn in the middle of the chart, not on its left edge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from hiptimer.coach.report_data import ReportData
from hiptimer.core import rom
from hiptimer.core.practice import Pain, monday_of
from hiptimer.report.style import BAND, INK, LEFT, MILD, MUTED, RIGHT, RULE, SHARP, day, font

Paint = Callable[[QPainter, QRectF], None]


def axes(p: QPainter, area: QRectF, lo: float, hi: float, ticks: Sequence[float], label: str,
         first: date, last: date) -> QRectF:
    """Draw the frame, the y ticks and the period's ends; return the plot area."""
    plot = QRectF(area.left() + 30, area.top() + 14, area.width() - 36, area.height() - 30)
    p.setFont(font(7))
    p.setPen(MUTED)
    p.drawText(QRectF(area.left(), area.top(), area.width(), 12), Qt.AlignmentFlag.AlignLeft, label)
    for t in ticks:
        y = plot.bottom() - (t - lo) / (hi - lo) * plot.height()
        p.setPen(QPen(RULE, 0.4))
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(MUTED)
        p.drawText(QRectF(area.left(), y - 6, 26, 12),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{t:g}")
    below = plot.bottom() + 2
    if first == last:
        # One day: its date once, under the middle, where its points are.
        p.drawText(QRectF(plot.center().x() - 50, below, 100, 12), Qt.AlignmentFlag.AlignHCenter,
                   day(first))
    else:
        p.drawText(QRectF(plot.left(), below, 100, 12), Qt.AlignmentFlag.AlignLeft, day(first))
        p.drawText(QRectF(plot.right() - 100, below, 100, 12), Qt.AlignmentFlag.AlignRight, day(last))
    p.setPen(QPen(INK, 0.6))
    p.drawRect(plot)
    return plot


def day_x(d: date, first: date, last: date, plot: QRectF) -> float:
    """The middle of ``d``'s slot: the period's days share the width equally."""
    days = max(1, (last - first).days + 1)
    return plot.left() + ((d - first).days + 0.5) / days * plot.width()


def feel_chart(data: ReportData) -> Paint:
    def paint(p: QPainter, area: QRectF) -> None:
        plot = axes(p, area, 0, 10, (0, 5, 10), "Feel (0 = very bad, 10 = great): dots each session, "
                    "line the weekly mean; marks below: pain (triangle mild and went away, "
                    "cross sharp or lasted)",
                    data.first, data.last)
        weeks: dict[date, list[int]] = {}
        for s in data.sessions:
            if s.rating is None:
                continue
            x = day_x(s.day, data.first, data.last, plot)
            p.fillRect(QRectF(x - 0.8, plot.bottom() - s.rating / 10 * plot.height() - 0.8, 1.6, 1.6), RULE)
            weeks.setdefault(monday_of(s.day), []).append(s.rating)
        points = []
        for week, ratings in sorted(weeks.items()):
            mid = max(data.first, min(data.last, week + timedelta(days=3)))
            points.append(QPointF(day_x(mid, data.first, data.last, plot),
                                  plot.bottom() - sum(ratings) / len(ratings) / 10 * plot.height()))
        if len(points) == 1:
            # A line of one point draws nothing: mark the one weekly mean.
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(INK)
            p.drawEllipse(points[0], 2.2, 2.2)
        path = QPainterPath()
        for i, pt in enumerate(points):
            path.lineTo(pt) if i else path.moveTo(pt)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(INK, 1.2))
        p.drawPath(path)
        for s in data.sessions:
            if s.pain not in (Pain.MILD, Pain.SHARP):
                continue
            x = day_x(s.day, data.first, data.last, plot)
            y = plot.bottom() - 5
            if s.pain is Pain.MILD:
                tri = QPainterPath()
                tri.moveTo(x, y - 3)
                tri.lineTo(x - 3, y + 2.5)
                tri.lineTo(x + 3, y + 2.5)
                tri.closeSubpath()
                p.fillPath(tri, MILD)
            else:
                p.setPen(QPen(SHARP, 1.4))
                p.drawLine(QPointF(x - 3, y - 3), QPointF(x + 3, y + 3))
                p.drawLine(QPointF(x - 3, y + 3), QPointF(x + 3, y - 3))

    return paint


def rom_chart(data: ReportData, test_id: str, normal: tuple[int, int], name: str) -> Paint:
    points = [m for m in data.measurements if m.test_id == test_id]
    values = [v for m in points for v in (m.left_deg, m.right_deg) if v is not None]
    lo = min([0, *values, normal[0]])
    hi = max([60, *values, normal[1]]) + 5
    step = 15 if hi - lo <= 90 else 30
    ticks = [t for t in range(int(lo // step * step), int(hi) + 1, step) if lo <= t <= hi]

    def paint(p: QPainter, area: QRectF) -> None:
        plot = axes(p, area, lo, hi, ticks, f"{name}, degrees: left solid, right dashed; shaded: "
                    f"{rom.normal_text(*normal)}", data.first, data.last)

        def y(v: float) -> float:
            return plot.bottom() - (v - lo) / (hi - lo) * plot.height()

        top, bottom = y(normal[1]) - (1 if normal[0] == normal[1] else 0), y(normal[0]) + (
            1 if normal[0] == normal[1] else 0)
        p.fillRect(QRectF(plot.left(), top, plot.width(), bottom - top), BAND)
        for degrees, color, style in ((lambda m: m.left_deg, LEFT, Qt.PenStyle.SolidLine),
                                      (lambda m: m.right_deg, RIGHT, Qt.PenStyle.DashLine)):
            pen = QPen(color, 1.3)
            pen.setStyle(style)
            p.setPen(pen)
            path = QPainterPath()
            started = False
            for m in points:
                v = degrees(m)
                if v is None:
                    continue
                pt = QPointF(day_x(m.taken_at.astimezone().date(), data.first, data.last, plot), y(v))
                if started:
                    path.lineTo(pt)
                else:
                    path.moveTo(pt)
                    started = True
                p.fillRect(QRectF(pt.x() - 1.6, pt.y() - 1.6, 3.2, 3.2), color)
            p.drawPath(path)
        p.setPen(QPen(INK, 0.6))
        p.drawRect(plot)

    return paint
