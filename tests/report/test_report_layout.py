"""The report's pages as a therapist reads them: whole table cells, and one day drawn mid-chart."""

from __future__ import annotations

import ast
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from hiptimer.coach.report_data import ReportData, ReportSession
from hiptimer.core.model import SelfTest, Source
from hiptimer.core.practice import Pain
from hiptimer.report import charts
from hiptimer.report.layout import wrap_text
from hiptimer.report.pdf import write_pdf
from hiptimer.report.style import font
from hiptimer.storage.records import MeasurementRecord, SessionStatus
from tests.desktop.desktop_helpers import need_tool

DAY = date(2025, 11, 22)
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
NOTE = ("Left hip felt tight at the start of the hang and eased after the second minute; the knee pull "
        "pinched a little on the right side, so I kept the range small and slow.")
REPORT_DIR = Path(__file__).resolve().parents[2] / "hiptimer" / "report"


def _session(rating: int = 7, pain: Pain | None = Pain.MILD, note: str = NOTE) -> ReportSession:
    return ReportSession(DAY, datetime(2025, 11, 22, 18, tzinfo=UTC), "level-1", "Level 1: Hang and pull",
                         SessionStatus.COMPLETED, 3, 0, 3, 4.5, rating, pain, note)


def _data(sessions=(), measurements=(), tests=()) -> ReportData:
    return ReportData(DAY, DAY, datetime(2025, 11, 23, tzinfo=UTC), (), (), tuple(sessions), (),
                      tuple(measurements), tuple(tests), (), {})


def _pdf_text(pdf: Path) -> str:
    pdftotext = need_tool("pdftotext", "poppler-utils")
    return subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def test_pain_and_a_long_note_are_read_whole(qapp, tmp_path):
    """The session table wraps a long cell onto more lines: "Mild, went away" and the note, never "…"."""
    pdf = tmp_path / "one-day.pdf"
    assert write_pdf(_data([_session()]), pdf) == 1
    words = " ".join(_pdf_text(pdf).split())
    assert "Mild, went away" in words
    assert " ".join(NOTE.split()[-6:]) in words  # the note's end, on its last wrapped line
    assert "…" not in words
    pdftoppm = need_tool("pdftoppm", "poppler-utils")
    ARTEFACTS.mkdir(exist_ok=True)
    subprocess.run([pdftoppm, "-png", "-r", "80", "-singlefile", str(pdf), str(ARTEFACTS / "report-one-day")],
                   check=True, timeout=60)


def test_wrapped_lines_fit_their_column(qapp):
    """Each wrapped line fits the width, words stay in order; past the line limit the last ends in "…"."""
    metrics = QFontMetricsF(font(7.5))
    lines = wrap_text(metrics, NOTE, 90)
    assert len(lines) > 2 and all(metrics.horizontalAdvance(line) <= 90 for line in lines)
    assert " ".join(lines).split() == NOTE.split()
    short = wrap_text(metrics, NOTE, 90, max_lines=2)
    assert len(short) == 2 and short[-1].endswith("…")
    assert wrap_text(metrics, "", 90) == [""]
    long_word = wrap_text(metrics, "x" * 60, 40)
    assert len(long_word) > 1 and "".join(long_word) == "x" * 60
    assert all(metrics.horizontalAdvance(w) <= 40 for w in long_word)


def _render(paint: charts.Paint, lo: float, hi: float, ticks) -> tuple[QImage, QRectF]:
    """The chart on a white image, and its plot area as the axes lay it out."""
    image = QImage(520, 160, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    area = QRectF(0, 0, image.width(), image.height())
    p = QPainter(image)
    paint(p, area)
    p.end()
    scratch = QImage(image.size(), QImage.Format.Format_RGB32)
    p = QPainter(scratch)
    plot = charts.axes(p, area, lo, hi, ticks, "", DAY, DAY)
    p.end()
    return image, plot


def _coloured(image: QImage, plot: QRectF, x0: float, x1: float, dark: bool) -> int:
    """Marks inside the plot (its frame left out) between x0 and x1: dark ink or colour."""
    found = 0
    for x in range(int(max(x0, plot.left() + 2)), int(min(x1, plot.right() - 2))):
        for y in range(int(plot.top()) + 2, int(plot.bottom()) - 2):
            c = QColor(image.pixel(x, y))
            if (c.lightness() < 90) if dark else (c.saturation() > 90):
                found += 1
    return found


def test_a_one_day_feel_chart_draws_its_session_in_the_middle(qapp):
    """One day, one rated session: its mean is marked mid-chart at 7/10, nothing sits on the left edge."""
    image, plot = _render(charts.feel_chart(_data([_session(pain=None)])), 0, 10, (0, 5, 10))
    mid = plot.center().x()
    assert _coloured(image, plot, mid - 6, mid + 6, dark=True) > 0
    assert _coloured(image, plot, plot.left(), plot.left() + 40, dark=True) == 0
    y7 = plot.bottom() - 0.7 * plot.height()
    assert QColor(image.pixel(int(mid), int(y7))).lightness() < 90


def test_a_one_point_rom_chart_draws_it_in_the_middle(qapp):
    """A single measurement on a one-day report is drawn mid-chart, on both sides."""
    test = SelfTest("prone-ir", "Prone", "test-prone-ir.svg", "Lie down.", ("Read it.",), 45, 45,
                    Source("T", "A", "P", "a.txt"))
    m = MeasurementRecord(1, "u", "prone-ir", datetime(2025, 11, 22, 12, tzinfo=UTC), 38, 44, "")
    data = _data(measurements=[m], tests=[test])
    image, plot = _render(charts.rom_chart(data, "prone-ir", (45, 45), "Prone"), 0, 65, (0, 15, 30, 45, 60))
    mid = plot.center().x()
    assert _coloured(image, plot, mid - 6, mid + 6, dark=False) > 0
    assert _coloured(image, plot, plot.left(), plot.left() + 40, dark=False) == 0


@pytest.mark.parametrize("module", sorted(REPORT_DIR.glob("*.py")), ids=lambda p: p.name)
def test_report_modules_are_small_and_say_their_job(module):
    """Each report module is under 400 lines and opens with a docstring saying what it does."""
    text = module.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 400
    assert ast.get_docstring(ast.parse(text))
