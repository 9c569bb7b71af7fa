"""The report for the physical therapist, painted with Qt's own PDF writer.

:func:`write_pdf` writes a :class:`~hiptimer.coach.report_data.ReportData` to
a PDF file with ``QPdfWriter``; :func:`paint_report` paints it on any paged
device, so printing (``QPrinter`` from the print dialog) shows the same
pages. Black on white, A4, in points (the device resolution is set to 72
dpi), so it prints cleanly in grey scale: left is a solid line, right a
dashed one, pain marks are shapes as well as colours.

Page 1 is the overview: period, figures, plan, the feel and pain trend and
the range-of-motion chart with the articles' caveats. Then adherence per
week, completion per exercise, the progression decisions, and every session.
Needs a Qt application object (``QGuiApplication``; offscreen is fine).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from hiptimer.coach.report_data import STATUS_WORDS, ReportData
from hiptimer.core import rom
from hiptimer.core.practice import PAIN_WORDS, PATH_NAMES, Pain, Plan, monday_of
from hiptimer.core.progression import Answer

DPI = 72
MARGIN = 42.0
FONT = "DejaVu Sans"
INK = QColor("#1a1a1a")
MUTED = QColor("#5a5a5a")
RULE = QColor("#b8b8b8")
BAND = QColor("#e6eef5")
LEFT = QColor("#1f5fa8")
RIGHT = QColor("#b0421c")
MILD = QColor("#d49a00")
SHARP = QColor("#c0182a")


_scale = 1.0  # device dots per point while painting (1 on the PDF writer at 72 dpi)


def _font(size: float, bold: bool = False) -> QFont:
    """``size`` points on the page, whatever the device's resolution (the painter is scaled)."""
    f = QFont(FONT)
    f.setPointSizeF(size / _scale)
    f.setBold(bold)
    return f


def day(d: date) -> str:
    return f"{d:%d %b %Y}"


class _Pages:
    """A cursor down the page that starts a new page when the next block does not fit."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice, footer: str) -> None:
        self.p = painter
        self.device = device
        # Draw in points on any device: a printer at 600 dpi is scaled, not re-laid out.
        global _scale
        _scale = device.logicalDpiY() / DPI
        painter.scale(_scale, _scale)
        rect = device.pageLayout().paintRect(QPageLayout.Unit.Point)
        self.width = rect.width()
        self.height = rect.height()
        self.y = 0.0
        self.page = 1
        self.footer = footer
        self._footer()

    def _footer(self) -> None:
        self.p.setFont(_font(7))
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
        font = _font(size, bold)
        metrics = QFontMetricsF(font, self.device)
        flags = Qt.TextFlag.TextWordWrap
        bound = metrics.boundingRect(QRectF(0, 0, self.width, 10_000), flags, text)
        self.need(bound.height())
        self.p.setFont(font)
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
        width fraction, align right). Cells are elided to fit on one line."""
        font, bold = _font(size), _font(size, True)
        metrics = QFontMetricsF(font, self.device)
        row_h = metrics.height() + 2.5
        xs, x = [], 0.0
        for _, frac, _ in columns:
            xs.append(x)
            x += frac * self.width

        def header() -> None:
            self.p.setFont(bold)
            self.p.setPen(INK)
            for (title, frac, right), x0 in zip(columns, xs, strict=True):
                self._cell(x0, frac, title, right, row_h)
            self.y += row_h
            self.p.setPen(QPen(RULE, 0.5))
            self.p.drawLine(QPointF(0, self.y), QPointF(self.width, self.y))
            self.y += 1.5

        self.need(row_h * 3)
        header()
        self.p.setFont(font)
        for row in rows:
            if self.y + row_h > self.height - 20:
                self.need(row_h * 2)
                header()
                self.p.setFont(font)
            self.p.setPen(INK)
            for (_, frac, right), x0, cell in zip(columns, xs, row, strict=True):
                text = metrics.elidedText(cell, Qt.TextElideMode.ElideRight, frac * self.width - 6)
                self._cell(x0, frac, text, right, row_h)
            self.y += row_h
        self.y += 4

    def _cell(self, x0: float, frac: float, text: str, right: bool, row_h: float) -> None:
        align = (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | \
            Qt.AlignmentFlag.AlignVCenter
        self.p.drawText(QRectF(x0 + 2, self.y, frac * self.width - 6, row_h), align, text)

    def chart(self, height: float, paint: Callable[[QPainter, QRectF], None]) -> None:
        self.need(height + 4)
        paint(self.p, QRectF(0, self.y, self.width, height))
        self.y += height + 6


# --------------------------------------------------------------------------
# Charts


def _axes(p: QPainter, area: QRectF, lo: float, hi: float, ticks: Sequence[float], label: str,
          first: date, last: date) -> QRectF:
    """Draw the frame, the y ticks and the period's ends; return the plot area."""
    plot = QRectF(area.left() + 30, area.top() + 14, area.width() - 36, area.height() - 30)
    p.setFont(_font(7))
    p.setPen(MUTED)
    p.drawText(QRectF(area.left(), area.top(), area.width(), 12), Qt.AlignmentFlag.AlignLeft, label)
    for t in ticks:
        y = plot.bottom() - (t - lo) / (hi - lo) * plot.height()
        p.setPen(QPen(RULE, 0.4))
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(MUTED)
        p.drawText(QRectF(area.left(), y - 6, 26, 12),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{t:g}")
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, 100, 12), Qt.AlignmentFlag.AlignLeft, day(first))
    p.drawText(QRectF(plot.right() - 100, plot.bottom() + 2, 100, 12), Qt.AlignmentFlag.AlignRight,
               day(last))
    p.setPen(QPen(INK, 0.6))
    p.drawRect(plot)
    return plot


def _x(d: date, first: date, last: date, plot: QRectF) -> float:
    span = max(1, (last - first).days)
    return plot.left() + (d - first).days / span * plot.width()


def _feel_chart(data: ReportData) -> Callable[[QPainter, QRectF], None]:
    def paint(p: QPainter, area: QRectF) -> None:
        plot = _axes(p, area, 0, 10, (0, 5, 10), "Feel (0 = very bad, 10 = great): dots each session, "
                     "line the weekly mean; marks below: pain (triangle mild and went away, "
                     "cross sharp or lasted)",
                     data.first, data.last)
        weeks: dict[date, list[int]] = {}
        for s in data.sessions:
            if s.rating is None:
                continue
            x = _x(s.day, data.first, data.last, plot)
            p.fillRect(QRectF(x - 0.8, plot.bottom() - s.rating / 10 * plot.height() - 0.8, 1.6, 1.6), RULE)
            weeks.setdefault(monday_of(s.day), []).append(s.rating)
        path = QPainterPath()
        for i, (week, ratings) in enumerate(sorted(weeks.items())):
            mid = max(data.first, min(data.last, week + timedelta(days=3)))
            pt = QPointF(_x(mid, data.first, data.last, plot),
                         plot.bottom() - sum(ratings) / len(ratings) / 10 * plot.height())
            path.lineTo(pt) if i else path.moveTo(pt)
        p.setPen(QPen(INK, 1.2))
        p.drawPath(path)
        for s in data.sessions:
            if s.pain not in (Pain.MILD, Pain.SHARP):
                continue
            x = _x(s.day, data.first, data.last, plot)
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


def _rom_chart(data: ReportData, test_id: str, normal: tuple[int, int], name: str) -> Callable[
        [QPainter, QRectF], None]:
    points = [m for m in data.measurements if m.test_id == test_id]
    values = [v for m in points for v in (m.left_deg, m.right_deg) if v is not None]
    lo = min([0, *values, normal[0]])
    hi = max([60, *values, normal[1]]) + 5
    step = 15 if hi - lo <= 90 else 30
    ticks = [t for t in range(int(lo // step * step), int(hi) + 1, step) if lo <= t <= hi]

    def paint(p: QPainter, area: QRectF) -> None:
        plot = _axes(p, area, lo, hi, ticks, f"{name}, degrees: left solid, right dashed; shaded: "
                     f"{rom.normal_text(*normal)}", data.first, data.last)

        def y(v: float) -> float:
            return plot.bottom() - (v - lo) / (hi - lo) * plot.height()

        top, bottom = y(normal[1]) - (1 if normal[0] == normal[1] else 0), y(normal[0]) + (
            1 if normal[0] == normal[1] else 0)
        p.fillRect(QRectF(plot.left(), top, plot.width(), bottom - top), BAND)
        for side, color, style in (("left_deg", LEFT, Qt.PenStyle.SolidLine),
                                   ("right_deg", RIGHT, Qt.PenStyle.DashLine)):
            pen = QPen(color, 1.3)
            pen.setStyle(style)
            p.setPen(pen)
            path = QPainterPath()
            started = False
            for m in points:
                v = getattr(m, side)
                if v is None:
                    continue
                pt = QPointF(_x(m.taken_at.astimezone().date(), data.first, data.last, plot), y(v))
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


# --------------------------------------------------------------------------
# The pages


def plan_text(plan: Plan, titles: dict[str, str]) -> str:
    steps = " > ".join(titles.get(r, r) for r in plan.routines)
    where = (f"at step {plan.step + 1} ({titles.get(plan.current_routine, plan.current_routine)})"
             if plan.staged else "taken in turn")
    return (f"From {day(plan.effective_from)}: {PATH_NAMES[plan.path]} ({steps}), {where}; "
            f"{plan.days_text()} at {plan.at:%H:%M}; range-of-motion re-test every {plan.retest_weeks} weeks.")


def _plan_changes(plans: Sequence[Plan], titles: dict[str, str]) -> str:
    """"01 Nov 2025: Level 1; 13 Dec 2025: Level 2, Mon, Wed at 18:00; ..." (days only when they change)."""
    out, last = [], ""
    for plan in plans:
        name = titles.get(plan.current_routine, plan.current_routine) if plan.staged else "own routines"
        when = f"{plan.days_text()} at {plan.at:%H:%M}"
        out.append(f"{day(plan.effective_from)}: {name.split(':')[0]}" + (f", {when}" if when != last else ""))
        last = when
    return "; ".join(out)


def paint_report(device: QPagedPaintDevice, data: ReportData) -> int:
    """Paint the report on ``device`` (a QPdfWriter or QPrinter); return the page count."""
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError("could not start painting the report (is the file writable?)")
    global _scale
    try:
        pages = _Pages(painter, device, f"hiptimer report, {day(data.first)} to {day(data.last)}")
        _overview(pages, data)
        _details(pages, data)
        return pages.page
    finally:
        painter.end()
        _scale = 1.0


def _overview(pages: _Pages, data: ReportData) -> None:
    pages.text("Hip rotation practice report", 17, bold=True, gap=1)
    made = f"{data.made_at.astimezone():%d %b %Y %H:%M}"
    pages.text(f"Period: {day(data.first)} to {day(data.last)}    Made: {made}", 9, color=MUTED)
    pages.text("Recorded at home with hiptimer, a guided timer for hip rotation routines. Feel is the "
               "person's own 0-10 rating after a session (10 = great); pain is their answer to "
               "\u201cDid anything hurt?\u201d. Progression suggestions come from hiptimer's own "
               "conservative rules, not from a clinician.", 7.5, color=MUTED, gap=6)
    pages.heading("Summary")
    pct = f" ({round(100 * data.planned_done / data.planned)}%)" if data.planned else ""
    feel = f"{data.mean_feel:.1f}" if data.mean_feel is not None else "not rated"
    lines = [
        f"Sessions: {len(data.sessions)}, completed: {data.completed}, active minutes: {data.minutes:.0f}",
        f"Planned sessions done: {data.planned_done} of {data.planned}{pct}",
        f"Mean feel: {feel}    Pain reported: mild {data.pain_count(Pain.MILD)}, "
        f"sharp or lasting {data.pain_count(Pain.SHARP)}, none {data.pain_count(Pain.NONE)}",
        f"Range-of-motion measurements: {len(data.measurements)}    "
        f"Progression decisions: {len(data.decisions)}",
    ]
    for line in lines:
        pages.text(line, 9.5, gap=2)
    pages.heading("The plan")
    if not data.plans:
        pages.text("No plan was set in this period.", 9)
    else:
        pages.text(plan_text(data.plans[-1], data.titles), 8.5, gap=2)
    if len(data.plans) > 1:
        changes = _plan_changes(data.plans, data.titles)
        pages.text(f"Changes in this period: {changes}.", 8, color=MUTED, gap=2)
    pages.heading("Feel and pain", keep=130)
    pages.chart(120, _feel_chart(data))
    pages.heading("Range of motion, left and right", keep=150)
    if not data.self_tests:
        pages.text("No range-of-motion measurements in this period.", 9)
    for test in data.self_tests:
        pages.chart(130, _rom_chart(data, test.id, (test.normal_min, test.normal_max), test.name))
        pages.text("Caveat: " + " ".join(rom.caveat_lines(test)), 7, color=MUTED, gap=5)


def _details(pages: _Pages, data: ReportData) -> None:
    pages.heading("Adherence per week (planned sessions done)")
    rows = [(f"{w.week_start:%d %b %Y}", str(w.planned), str(w.done),
             f"{w.percent}%" if w.percent is not None else "-") for w in data.weeks]
    if rows:
        pages.table([("Week of", 0.4, False), ("Planned", 0.2, True), ("Done", 0.2, True),
                     ("Adherence", 0.2, True)], rows)
    else:
        pages.text("No plan was set in this period, so there is nothing to measure against.", 9)
    pages.heading("Completion per exercise (sides done of sides reached)")
    pages.table([("Exercise", 0.55, False), ("Done", 0.15, True), ("Skipped", 0.15, True),
                 ("Done %", 0.15, True)],
                [(e.name, str(e.done), str(e.skipped), f"{e.percent}%" if e.percent is not None else "-")
                 for e in data.exercises])
    pages.heading("Progression decisions")
    if data.decisions:
        pages.table([("Date", 0.14, False), ("Suggestion", 0.7, False), ("Answer", 0.16, False)],
                    [(f"{d.decided_at.astimezone():%d %b %Y}", d.suggestion.text,
                      "accepted" if d.answer is Answer.ACCEPTED else "declined") for d in data.decisions])
    else:
        pages.text("No suggestions were answered in this period.", 9)
    pages.heading("Every session")
    pages.table(
        [("Date", 0.12, False), ("Routine", 0.25, False), ("Status", 0.11, False), ("Done", 0.06, True),
         ("Skipped", 0.08, True), ("Feel", 0.06, True), ("Pain", 0.12, False), ("Note", 0.20, False)],
        [(f"{s.day:%Y-%m-%d}", s.routine_title, STATUS_WORDS[s.status], str(s.sides_done),
          str(s.sides_skipped), "-" if s.rating is None else str(s.rating),
          PAIN_WORDS[s.pain] if s.pain else "-", " ".join(s.note.split())) for s in data.sessions])


def write_pdf(data: ReportData, path: str | Path) -> int:
    """Write the report to ``path`` (A4); return the page count. Raises OSError."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setTitle(f"hiptimer report {data.first} to {data.last}")
    writer.setCreator("hiptimer")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN, MARGIN, MARGIN, MARGIN), QPageLayout.Unit.Point))
    return paint_report(writer, data)

