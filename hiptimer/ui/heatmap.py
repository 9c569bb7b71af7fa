"""The calendar heatmap of the history page: twelve months of sessions per day."""

from __future__ import annotations

from collections.abc import Mapping
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

from hiptimer.ui import theme
from hiptimer.ui.chart_kit import blend, faint, long_date, muted_text, plural

LEVELS = (0, 1, 2, 3, 4)  # heatmap shades: none, 1, 2, 3, 4+ sessions a day
WEEKS_SHOWN = 53


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
        # (size and font key, cell geometry): asked for every one of ~370 cells per paint.
        self._metrics_cache: tuple[tuple[int, int, str], tuple[float, float, float, float]] | None = None
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
        key = (self.width(), self.height(), self.font().key())
        cached = self._metrics_cache
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

    def month_labels(self) -> list[tuple[str, QRectF]]:
        """The month names along the top and where they go, left to right.

        A name sits above the column holding its month's first day (the
        first column, whatever day it starts on, is named too); January adds
        its year. A name near the right edge moves left to stay whole.
        Names that would touch give way: the latest month always shows, then
        the months that start in view, then the first column's.
        """
        cell, gap, left, _ = self._metrics()
        fm = QFontMetrics(self.font())
        locale = QLocale()
        starts: list[tuple[str, QRectF]] = []
        lead: tuple[str, QRectF] | None = None
        for column in range(WEEKS_SHOWN):
            monday = self.first_day + timedelta(weeks=column)
            days = [monday + timedelta(days=i) for i in range(7)]
            first = next((d for d in days if d.day == 1 and d <= self._today), None)
            if first is None and column != 0:
                continue
            month = (first or monday).month
            label = locale.standaloneMonthName(month, QLocale.FormatType.ShortFormat)
            if first is not None and first.month == 1:
                label += f" {first.year}"
            width = fm.horizontalAdvance(label)
            x = min(left + column * (cell + gap), self.width() - width - 1.0)
            placed = (label, QRectF(max(0.0, x), 0, width, fm.height()))
            if first is None:
                lead = placed
            else:
                starts.append(placed)
        wanted = starts[-1:] + starts[:-1] + ([lead] if lead else [])
        kept: list[tuple[str, QRectF]] = []
        for label, rect in wanted:
            room = rect.adjusted(-6, 0, 6, 0)
            if not any(room.intersects(other) for _, other in kept):
                kept.append((label, rect))
        return sorted(kept, key=lambda item: item[1].left())

    # -- painting ---------------------------------------------------------

    def shade(self, level: int) -> QColor:
        pal = self.palette()
        if level <= 0:
            return faint(pal, 0.10)
        base = pal.color(QPalette.ColorRole.Base)
        return blend(base, QColor(theme.ACCENT), (0.30, 0.52, 0.76, 1.0)[min(level, 4) - 1])

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
        for label, rect in self.month_labels():
            p.drawText(QPointF(rect.left(), fm.ascent()), label)

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
