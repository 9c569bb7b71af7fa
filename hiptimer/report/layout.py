"""Lays the report's blocks down the pages: text, headings, tables and charts, a new page when one is full.

:class:`Pages` is a cursor in points that starts a new page (with its footer)
when the next block does not fit. Table cells wrap onto as many lines as
they need (up to :data:`MAX_CELL_LINES`), so a pain answer or a note is read
whole rather than cut short; a table's header repeats on each page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPagedPaintDevice, QPageLayout, QPainter, QPen

from hiptimer.report.style import DPI, INK, MUTED, RULE, font, set_scale

MAX_CELL_LINES = 12  # a longer cell (a very long note) ends in "…" on its last line
CELL_PAD = 2.5  # points between table rows


def wrap_text(metrics: QFontMetricsF, text: str, width: float, max_lines: int = MAX_CELL_LINES) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (a word wider than a
    line is broken inside it); what does not fit in ``max_lines`` ends the last line in "…"."""
    words = text.split()
    lines: list[str] = []
    line = ""
    i = 0
    while i < len(words):
        if len(lines) == max_lines - 1:
            # The last line allowed: all that is left, cut short only if it does not fit.
            rest = " ".join([line, *words[i:]] if line else words[i:])
            return [*lines, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
        word = words[i]
        candidate = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(candidate) <= width:
            line, i = candidate, i + 1
        elif line:
            lines.append(line)
            line = ""
        else:
            cut = _fitting(metrics, word, width)
            lines.append(word[:cut])
            words[i] = word[cut:]
    if line or not lines:
        lines.append(line)
    return lines


def _fitting(metrics: QFontMetricsF, word: str, width: float) -> int:
    """How many of ``word``'s first characters fit in ``width`` (at least one)."""
    lo, hi = 1, len(word) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if metrics.horizontalAdvance(word[:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


class Pages:
    """A cursor down the page that starts a new page when the next block does not fit."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice, footer: str) -> None:
        self.p = painter
        self.device = device
        # Draw in points on any device: a printer at 600 dpi is scaled, not re-laid out.
        scale = device.logicalDpiY() / DPI
        set_scale(scale)
        painter.scale(scale, scale)
        rect = device.pageLayout().paintRect(QPageLayout.Unit.Point)
        self.width = rect.width()
        self.height = rect.height()
        self.y = 0.0
        self.page = 1
        self.footer = footer
        self._footer()

    def _footer(self) -> None:
        self.p.setFont(font(7))
        self.p.setPen(MUTED)
        self.p.drawText(QRectF(0, self.height - 12, self.width, 12), Qt.AlignmentFlag.AlignLeft,
                        self.footer)
        self.p.drawText(QRectF(0, self.height - 12, self.width, 12), Qt.AlignmentFlag.AlignRight,
                        f"Page {self.page}")

    def need(self, height: float) -> None:
        if self.y + height > self.height - 20:
            self.device.newPage()
            self.page += 1
            self.y = 0.0
            self._footer()

    def text(self, text: str, size: float = 9, *, bold: bool = False, color: QColor = INK,
             gap: float = 3) -> None:
        f = font(size, bold)
        metrics = QFontMetricsF(f, self.device)
        flags = Qt.TextFlag.TextWordWrap
        bound = metrics.boundingRect(QRectF(0, 0, self.width, 10_000), flags, text)
        self.need(bound.height())
        self.p.setFont(f)
        self.p.setPen(color)
        self.p.drawText(QRectF(0, self.y, self.width, bound.height()), flags, text)
        self.y += bound.height() + gap

    def heading(self, text: str, keep: float = 40) -> None:
        """A section title, kept on one page with ``keep`` points of what follows."""
        self.need(28 + keep)
        self.y += 8
        self.text(text, 12, bold=True, gap=2)
        self.p.setPen(QPen(RULE, 0.6))
        self.p.drawLine(QPointF(0, self.y), QPointF(self.width, self.y))
        self.y += 5

    def table(self, columns: Sequence[tuple[str, float, bool]], rows: Sequence[Sequence[str]],
              size: float = 7.5) -> None:
        """Rows under a header that repeats on each page. ``columns``: (title,
        width fraction, align right). A cell too long for its column wraps onto
        more lines, and its row grows to fit."""
        regular, bold = font(size), font(size, True)
        metrics = QFontMetricsF(regular, self.device)
        line_h = metrics.height()
        xs, x = [], 0.0
        for _, frac, _ in columns:
            xs.append(x)
            x += frac * self.width
        widths = [frac * self.width - 6 for _, frac, _ in columns]

        def header() -> None:
            self.p.setFont(bold)
            self.p.setPen(INK)
            for (title, _, right), x0, w in zip(columns, xs, widths, strict=True):
                self._cell(x0, w, [title], right, line_h)
            self.y += line_h + CELL_PAD
            self.p.setPen(QPen(RULE, 0.5))
            self.p.drawLine(QPointF(0, self.y), QPointF(self.width, self.y))
            self.y += 1.5

        self.need((line_h + CELL_PAD) * 3)
        header()
        self.p.setFont(regular)
        for row in rows:
            cells = [wrap_text(metrics, cell, w) for cell, w in zip(row, widths, strict=True)]
            row_h = max(len(lines) for lines in cells) * line_h + CELL_PAD
            if self.y + row_h > self.height - 20:
                self.need(row_h + line_h * 2)
                header()
                self.p.setFont(regular)
            self.p.setPen(INK)
            for (_, _, right), x0, w, lines in zip(columns, xs, widths, cells, strict=True):
                self._cell(x0, w, lines, right, line_h)
            self.y += row_h
        self.y += 4

    def _cell(self, x0: float, width: float, lines: Sequence[str], right: bool, line_h: float) -> None:
        """One cell's lines from the top of the row (a one-line row reads as before: centred)."""
        align = (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | \
            Qt.AlignmentFlag.AlignVCenter
        top = self.y + CELL_PAD / 2
        for i, line in enumerate(lines):
            self.p.drawText(QRectF(x0 + 2, top + i * line_h, width, line_h), align, line)

    def chart(self, height: float, paint: Callable[[QPainter, QRectF], None]) -> None:
        self.need(height + 4)
        paint(self.p, QRectF(0, self.y, self.width, height))
        self.y += height + 6
