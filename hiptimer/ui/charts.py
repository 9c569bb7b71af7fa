"""Painted bar charts of the history page: minutes per week, completions per routine.

Each chart takes plain values through a setter and never asks the store for
anything. The calendar heatmap is in :mod:`hiptimer.ui.heatmap`; the colour
helpers they share in :mod:`hiptimer.ui.chart_kit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hiptimer.ui import theme
from hiptimer.ui.chart_kit import blend, faint, muted_text

# --------------------------------------------------------------------------
# Minutes per week


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar
    value: float
    tooltip: str
    highlight: bool = False


class BarChart(QWidget):
    """Vertical bars with the value above each and a label below.

    Used for active minutes in each of the last weeks. The newest bar can be
    highlighted (the week in progress).
    """

    def __init__(self, unit: str = "min", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._unit = unit
        self._empty_text = "Nothing yet"
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)

    def set_bars(self, bars: Sequence[Bar], empty_text: str = "Nothing yet") -> None:
        self._bars = list(bars)
        self._empty_text = empty_text
        self.setAccessibleDescription(
            "; ".join(b.tooltip for b in self._bars) if self._bars else empty_text
        )
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(420, 170)

    def _layout(self) -> tuple[QRectF, float]:
        fm = QFontMetrics(self.font())
        plot = QRectF(4, fm.height() + 6, self.width() - 8, self.height() - 2 * fm.height() - 14)
        slot = plot.width() / max(1, len(self._bars))
        return plot, slot

    def bar_at(self, pos: QPoint | QPointF) -> int | None:
        plot, slot = self._layout()
        if not self._bars or not (plot.left() <= pos.x() < plot.right()):
            return None
        return min(len(self._bars) - 1, int((pos.x() - plot.left()) // slot))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        text = muted_text(pal)
        plot, slot = self._layout()
        if not self._bars or all(b.value <= 0 for b in self._bars):
            p.setPen(text)
            p.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            if not self._bars:
                p.end()
                return
        top = max(b.value for b in self._bars) or 1.0
        p.setPen(QPen(faint(pal, 0.25), 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        width = min(42.0, slot * 0.64)
        accent = QColor(theme.ACCENT)
        soft = blend(pal.color(QPalette.ColorRole.Base), accent, 0.55)
        # Skip labels when they would collide (narrow widths).
        widest = max(fm.horizontalAdvance(b.label) for b in self._bars) + 6
        every = max(1, int(widest // max(1.0, slot)) + (1 if widest > slot else 0))
        for i, bar in enumerate(self._bars):
            cx = plot.left() + slot * (i + 0.5)
            h = 0.0 if bar.value <= 0 else max(2.0, plot.height() * bar.value / top)
            rect = QRectF(cx - width / 2, plot.bottom() - h, width, h)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(accent if bar.highlight else soft)
            p.drawRoundedRect(rect, 3, 3)
            p.setPen(pal.color(QPalette.ColorRole.Text))
            if bar.value > 0:
                value = f"{bar.value:.0f}"
                p.drawText(
                    QRectF(cx - slot / 2, rect.top() - fm.height() - 2, slot, fm.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    value,
                )
            if (len(self._bars) - 1 - i) % every == 0:
                p.setPen(text)
                p.drawText(
                    QRectF(cx - slot * every / 2, plot.bottom() + 4, slot * every, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    bar.label,
                )
        p.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(event.pos())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._bars[index].tooltip, self)
            return True
        return super().event(event)


# --------------------------------------------------------------------------
# Completions per routine


@dataclass(frozen=True)
class RoutineRow:
    title: str
    completed: int
    sessions: int


class RoutineBars(QWidget):
    """One horizontal bar per routine: completed sessions, with the total beside it."""

    ROW = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RoutineRow] = []
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Completions per routine")

    def set_rows(self, rows: Sequence[RoutineRow]) -> None:
        self._rows = list(rows)
        self.setAccessibleDescription(
            "; ".join(f"{r.title}: {r.completed:,} completed of {r.sessions:,}" for r in rows)
            or "No sessions yet"
        )
        self.updateGeometry()
        self.update()

    def rows(self) -> list[RoutineRow]:
        return list(self._rows)

    def sizeHint(self) -> QSize:
        return QSize(380, max(60, self.ROW * len(self._rows) + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 60)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        text = pal.color(QPalette.ColorRole.Text)
        muted = muted_text(pal)
        if not self._rows:
            p.setPen(muted)
            p.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "No sessions yet")
            p.end()
            return
        most = max(r.sessions for r in self._rows) or 1
        count_w = max(fm.horizontalAdvance(f"{r.completed:,} / {r.sessions:,}") for r in self._rows)
        widest = max(fm.horizontalAdvance(r.title) for r in self._rows) + 2
        # Titles get what the bars (at least 100 px) and counts leave, and at least 40 %.
        label_w = min(widest, max(self.width() * 0.4, self.width() - count_w - 124))
        bar_left = label_w + 10
        bar_w = max(20.0, self.width() - bar_left - count_w - 14)
        row_h = min(float(self.ROW), max(16.0, self.height() / len(self._rows)))
        for i, row in enumerate(self._rows):
            y = i * row_h
            mid = y + row_h / 2
            p.setPen(text)
            title = fm.elidedText(row.title, Qt.TextElideMode.ElideRight, int(label_w))
            p.drawText(QRectF(0, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter, title)
            h = min(14.0, row_h * 0.5)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(faint(pal, 0.10))
            total_w = bar_w * row.sessions / most
            p.drawRoundedRect(QRectF(bar_left, mid - h / 2, total_w, h), 3, 3)
            p.setBrush(QColor(theme.ACCENT))
            p.drawRoundedRect(QRectF(bar_left, mid - h / 2, bar_w * row.completed / most, h), 3, 3)
            p.setPen(muted)
            p.drawText(
                QRectF(bar_left + total_w + 6, y, count_w + 8, row_h),
                Qt.AlignmentFlag.AlignVCenter,
                f"{row.completed:,} / {row.sessions:,}",
            )
        p.end()
