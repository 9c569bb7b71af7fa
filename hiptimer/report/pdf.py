"""The report for the physical therapist: its sections, painted on a PDF or a printer.

:func:`write_pdf` writes a :class:`~hiptimer.coach.report_data.ReportData` to
a PDF file with ``QPdfWriter``; :func:`paint_report` paints it on any paged
device, so printing (``QPrinter`` from the print dialog) shows the same
pages. This module says what goes on the pages and in which order; the
layout (:mod:`.layout`), the charts (:mod:`.charts`) and the look
(:mod:`.style`) have modules of their own.

Page 1 is the overview: period, figures, plan, the feel and pain trend and
the range-of-motion chart with the articles' caveats. Then adherence per
week, completion per exercise, the progression decisions, and every session.
Needs a Qt application object (``QGuiApplication``; offscreen is fine).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter

from hiptimer.coach.report_data import STATUS_WORDS, ReportData
from hiptimer.core import rom
from hiptimer.core.practice import PAIN_WORDS, PATH_NAMES, Pain, Plan
from hiptimer.core.progression import Answer
from hiptimer.report.charts import feel_chart, rom_chart
from hiptimer.report.layout import Pages
from hiptimer.report.style import DPI, MARGIN, MUTED, day, set_scale

__all__ = ["MARGIN", "paint_report", "plan_text", "write_pdf"]


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
    try:
        pages = Pages(painter, device, f"hiptimer report, {day(data.first)} to {day(data.last)}")
        _overview(pages, data)
        _details(pages, data)
        return pages.page
    finally:
        painter.end()
        set_scale(1.0)


def _overview(pages: Pages, data: ReportData) -> None:
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
        f"Sessions: {len(data.sessions)}, completed: {data.completed}, active minutes: {data.minutes:.0f}"
        + (f" ({data.scaled_left_out} time-scaled session{'s' if data.scaled_left_out != 1 else ''}, "
           "demos or tests, left out)" if data.scaled_left_out else ""),
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
    pages.chart(120, feel_chart(data))
    pages.heading("Range of motion, left and right", keep=150)
    if not data.self_tests:
        pages.text("No range-of-motion measurements in this period.", 9)
    for test in data.self_tests:
        pages.chart(130, rom_chart(data, test.id, (test.normal_min, test.normal_max), test.name))
        pages.text("Caveat: " + " ".join(rom.caveat_lines(test)), 7, color=MUTED, gap=5)


def _details(pages: Pages, data: ReportData) -> None:
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
         ("Skipped", 0.08, True), ("Feel", 0.06, True), ("Pain", 0.14, False), ("Note", 0.18, False)],
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

