"""File > Report: choose a period, then save the PDF for the physical therapist or print it.

The content is gathered by :mod:`hiptimer.coach.report_data` and painted by
:mod:`hiptimer.report.pdf`, the same pages as ``hiptimer report``; printing
paints them on the printer the print dialog returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QMarginsF, Slot
from PySide6.QtGui import QFont, QFontMetrics, QPageLayout
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hiptimer.coach.report_data import ReportData
from hiptimer.report.pdf import MARGIN, paint_report, write_pdf

log = logging.getLogger(__name__)

Gather = Callable[[date, date], ReportData]

TITLE_BAR_ROOM = 180  # pixels a title bar gives its icon and buttons, with room to spare
MIN_WIDTH = 420  # so the introduction reads in a few lines


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ReportDialog(QDialog):
    """The period, then Save PDF or Print. ``gather(first, last)`` reads the history."""

    def __init__(self, gather: Gather, today: date, first: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Report for your physical therapist")
        # Wide enough for the whole title in a window manager's title bar
        # (often bold, beside an icon and three buttons), not "Report for y…".
        bold = QFont(self.font())
        bold.setBold(True)
        title = QFontMetrics(bold).horizontalAdvance(self.windowTitle())
        self.setMinimumWidth(max(MIN_WIDTH, title + TITLE_BAR_ROOM))
        self._gather = gather
        self.saved_to: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("A printable report of your practice: the plan, adherence per week, every "
                       "session with its feel and pain, completion per exercise, your range of motion "
                       "and the progression decisions.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.since = QDateEdit(_qdate(first or today - timedelta(weeks=12)))
        self.until = QDateEdit(_qdate(today))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        form.addRow("From", self.since)
        form.addRow("To", self.until)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton("Save PDF\u2026")
        self.save_button.setDefault(True)
        self.print_button = QPushButton("Print\u2026")
        self.close_button = QPushButton("Close")
        for b in (self.save_button, self.print_button, self.close_button):
            row.addWidget(b)
        layout.addLayout(row)
        # Open at that width with the height its wrapped introduction needs there.
        self.resize(self.minimumWidth(), layout.totalHeightForWidth(self.minimumWidth()))
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.close_button.clicked.connect(self.reject)

    def period(self) -> tuple[date, date]:
        return _pydate(self.since.date()), _pydate(self.until.date())

    def data(self) -> ReportData | None:
        first, last = self.period()
        try:
            return self._gather(first, last)
        except (ValueError, OSError) as exc:
            self.status.setText(f"Could not make the report: {exc}")
            return None

    def save_to(self, path: Path) -> bool:
        """Write the report for the chosen period to ``path``; the status line says how it went."""
        data = self.data()
        if data is None:
            return False
        try:
            pages = write_pdf(data, path)
        except OSError as exc:
            self.status.setText(f"Could not write {path}: {exc}")
            return False
        self.saved_to = path
        self.status.setText(f"Saved {path} ({pages} page{'s' if pages != 1 else ''}).")
        return True

    @Slot()
    def _on_save_clicked(self) -> None:
        first, last = self.period()
        name, _ = QFileDialog.getSaveFileName(self, "Save the report", f"hiptimer-report-{first}-{last}.pdf",
                                              "PDF (*.pdf)")
        if name:
            self.save_to(Path(name if name.lower().endswith(".pdf") else name + ".pdf"))

    @Slot()
    def _on_print_clicked(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        data = self.data()
        if data is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageMargins(QMarginsF(MARGIN, MARGIN, MARGIN, MARGIN), QPageLayout.Unit.Point)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pages = paint_report(printer, data)
        except OSError as exc:
            self.status.setText(f"Could not print: {exc}")
            return
        self.status.setText(f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.")
