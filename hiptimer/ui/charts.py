"""Painted history charts: a calendar heatmap, minutes per week, completions per routine.

Plain QPainter (QtCharts is not in PySide6-Essentials). Colours come from
the widget's palette, so the dark and light themes both work; the one
accent is the theme's neutral green. Each chart takes plain values through
a setter and never asks the store for anything.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QLocale, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

log = logging.getLogger(__name__)

ACCENT = "#27AE60"  # the theme's neutral accent (hiptimer.ui.theme.ACCENT)
LEVELS = (0, 1, 2, 3, 4)  # heatmap shades: none, 1, 2, 3, 4+ sessions a day
WEEKS_SHOWN = 53


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` of the way to ``b``."""
    t = max(0.0, min(1.0, t))
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def faint(palette: QPalette, amount: float = 0.12) -> QColor:
    """A colour a little away from the background, for empty cells and grid lines."""
    return blend(
        palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), amount
    )


def muted_text(palette: QPalette) -> QColor:
    return blend(
        palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.62
    )


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    return f"{day.day} {day:%b}"


# --------------------------------------------------------------------------
# Calendar heatmap


class CalendarHeatmap(QWidget):
    """Twelve months of days as squares, one column per week (Monday on top).

    Darker squares are days with more sessions that count. Month names run
    along the top and a legend along the bottom. Hovering a square shows its
    date and count; with the keyboard, arrows move a cursor day by day (up
    and down) or week by week (left and right), Home and End jump to the
    first and last day, and the same text is shown and given to screen
    readers.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[date, int] = {}
        self._today = date.today()
        self._cursor: date | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setAccessibleName("Sessions per day, last twelve months")

    # -- data -------------------------------------------------------------

    @property
    def first_day(self) -> date:
        """The Monday of the first column shown."""
        monday = self._today - timedelta(days=self._today.weekday())
        return monday - timedelta(weeks=WEEKS_SHOWN - 1)

    def set_counts(self, counts: Mapping[date, int], today: date) -> None:
        self._counts = {d: n for d, n in counts.items() if n > 0}
        self._today = today
        if self._cursor is not None and not self.first_day <= self._cursor <= today:
            self._cursor = None
        active = sum(1 for d in self._counts if self.first_day <= d <= today)
        self.setAccessibleDescription(
            f"{plural(active, 'day')} with sessions in the last twelve months."
        )
        self.update()

    def count(self, day: date) -> int:
        return self._counts.get(day, 0)

    def describe(self, day: date) -> str:
        n = self.count(day)
        return f"{long_date(day)}: {plural(n, 'session') if n else 'no sessions'}"

    @staticmethod
    def level(count: int) -> int:
        return min(count, LEVELS[-1])

    # -- geometry ---------------------------------------------------------

    def _metrics(self) -> tuple[float, float, float, float]:
        """(cell, gap, left, top): squares as large as both width and height allow."""
        # Asked for every one of ~370 cells per paint: compute once per size and font.
        key = (self.width(), self.height(), self.font().key())
        cached = getattr(self, "_metrics_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        value = self._compute_metrics()
        self._metrics_cache = (key, value)
        return value

    def _compute_metrics(self) -> tuple[float, float, float, float]:
        fm = QFontMetrics(self.font())
        left = fm.horizontalAdvance("Wed") + 8
        top = fm.height() + 4
        by_width = (self.width() - left - 4) / WEEKS_SHOWN
        by_height = (self.height() - top - fm.height() - 12) / 7
        step = min(18.0, max(5.0, min(by_width, by_height)))
        gap = max(1.0, round(step * 0.18))
        return step - gap, gap, left, top

    def _cell_rect(self, day: date) -> QRectF:
        cell, gap, left, top = self._metrics()
        offset = (day - self.first_day).days
        column, row = divmod(offset, 7)
        return QRectF(left + column * (cell + gap), top + row * (cell + gap), cell, cell)

    def day_at(self, pos: QPoint | QPointF) -> date | None:
        cell, gap, left, top = self._metrics()
        column = int((pos.x() - left) // (cell + gap))
        row = int((pos.y() - top) // (cell + gap))
        if not (0 <= column < WEEKS_SHOWN and 0 <= row < 7):
            return None
        day = self.first_day + timedelta(weeks=column, days=row)
        if day > self._today or not self._cell_rect(day).contains(QPointF(pos)):
            return None
        return day

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        left = fm.horizontalAdvance("Wed") + 8
        return QSize(int(left + WEEKS_SHOWN * 16 + 4), self._height_for(16.0))

    def minimumSizeHint(self) -> QSize:
        return QSize(WEEKS_SHOWN * 8 + 40, self._height_for(10.0))

    def _height_for(self, step: float) -> int:
        fm = QFontMetrics(self.font())
        return int(fm.height() + 4 + 7 * step + fm.height() + 12)

    # -- painting ---------------------------------------------------------

    def shade(self, level: int) -> QColor:
        pal = self.palette()
        if level <= 0:
            return faint(pal, 0.10)
        base = pal.color(QPalette.ColorRole.Base)
        return blend(base, QColor(ACCENT), (0.30, 0.52, 0.76, 1.0)[min(level, 4) - 1])

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        cell, gap, left, top = self._metrics()
        fm = QFontMetrics(self.font())
        text = muted_text(pal)
        radius = max(1.5, cell * 0.2)

        # Month names above the first column holding that month's first day.
        p.setPen(text)
        locale = QLocale()
        last_label_right = -1e9
        for column in range(WEEKS_SHOWN):
            monday = self.first_day + timedelta(weeks=column)
            firsts = [monday + timedelta(days=i) for i in range(7)]
            first = next((d for d in firsts if d.day == 1 and d <= self._today), None)
            if first is None and column != 0:
                continue
            month = (first or monday).month
            label = locale.standaloneMonthName(month, QLocale.FormatType.ShortFormat)
            if first is not None and first.month == 1:
                label += f" {first.year}"
            x = left + column * (cell + gap)
            if x < last_label_right + 6:
                continue
            p.drawText(QPointF(x, fm.ascent()), label)
            last_label_right = x + fm.horizontalAdvance(label)

        # Weekday names for Monday, Wednesday, Friday.
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            y = top + row * (cell + gap) + cell / 2 + fm.ascent() / 2 - 1
            p.drawText(QPointF(0, y), name)

        p.setPen(Qt.PenStyle.NoPen)
        day = self.first_day
        while day <= self._today:
            p.setBrush(self.shade(self.level(self.count(day))))
            p.drawRoundedRect(self._cell_rect(day), radius, radius)
            day += timedelta(days=1)

        # Today gets a thin ring; the keyboard cursor a strong one.
        ring = QPen(pal.color(QPalette.ColorRole.Text), 1.2)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(ring)
        p.drawRoundedRect(self._cell_rect(self._today).adjusted(-1, -1, 1, 1), radius, radius)
        if self._cursor is not None and self.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2.5))
            rect = self._cell_rect(self._cursor).adjusted(-1.5, -1.5, 1.5, 1.5)
            p.drawRoundedRect(rect, radius + 1, radius + 1)

        # Legend: Less [] [] [] [] [] More, right-aligned under the grid.
        grid_right = left + WEEKS_SHOWN * (cell + gap) - gap
        y = top + 7 * (cell + gap) + 6
        more, less = "More", "Less"
        x = grid_right - fm.horizontalAdvance(more)
        p.setPen(text)
        p.drawText(QPointF(x, y + fm.ascent()), more)
        box = min(cell, fm.height() - 2.0)
        x -= 6
        p.setPen(Qt.PenStyle.NoPen)
        for level in reversed(LEVELS):
            x -= box
            p.setBrush(self.shade(level))
            p.drawRoundedRect(QRectF(x, y + (fm.height() - box) / 2, box, box), radius, radius)
            x -= 3
        p.setPen(text)
        p.drawText(QPointF(x - 3 - fm.horizontalAdvance(less), y + fm.ascent()), less)
        p.end()

    # -- interaction -------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.day_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(day), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position())
        if day is not None:
            self._move_cursor(day)
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._cursor is None:
            self._cursor = self._today
        self._announce()
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Left: -7,
            Qt.Key.Key_Right: 7,
        }
        current = self._cursor or self._today
        key = event.key()
        if key in steps:
            self._move_cursor(current + timedelta(days=steps[Qt.Key(key)]))
        elif key == Qt.Key.Key_Home:
            self._move_cursor(self.first_day)
        elif key == Qt.Key.Key_End:
            self._move_cursor(self._today)
        else:
            super().keyPressEvent(event)

    def cursor_day(self) -> date | None:
        return self._cursor

    def _move_cursor(self, day: date) -> None:
        day = max(self.first_day, min(self._today, day))
        self._cursor = day
        self._announce()
        self.update()

    def _announce(self) -> None:
        if self._cursor is None:
            return
        text = self.describe(self._cursor)
        self.setAccessibleDescription(text)
        if self.isVisible():
            rect = self._cell_rect(self._cursor)
            QToolTip.showText(self.mapToGlobal(rect.center().toPoint()), text, self)


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
        accent = QColor(ACCENT)
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
            p.setBrush(QColor(ACCENT))
            p.drawRoundedRect(QRectF(bar_left, mid - h / 2, bar_w * row.completed / most, h), 3, 3)
            p.setPen(muted)
            p.drawText(
                QRectF(bar_left + total_w + 6, y, count_w + 8, row_h),
                Qt.AlignmentFlag.AlignVCenter,
                f"{row.completed:,} / {row.sessions:,}",
            )
        p.end()
