"""The History calendar's month names: every month that starts in view, the latest one whole."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from hiptimer.ui.heatmap import CalendarHeatmap

ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"


def _heatmap(qtbot, today: date, width: int) -> CalendarHeatmap:
    heatmap = CalendarHeatmap()
    qtbot.addWidget(heatmap)
    heatmap.resize(width, 180)
    heatmap.set_counts({today: 1}, today)
    heatmap.show()
    qtbot.waitExposed(heatmap)
    return heatmap


def _inked(image: QImage, left: float, right: float, bottom: float) -> int:
    """Pixels darker than the background in the strip of the month names."""
    background = QColor(image.pixel(image.width() - 1, image.height() - 1)).lightness()
    return sum(1 for x in range(max(0, int(left)), min(image.width(), int(right) + 1))
               for y in range(int(bottom)) if QColor(image.pixel(x, y)).lightness() < background - 60)


@pytest.mark.parametrize(("today", "width"), [(date(2026, 11, 28), 880), (date(2025, 12, 2), 900)])
def test_the_last_december_is_named_and_drawn_whole(qtbot, today, width):
    """December (just after a partial first column, or at the right edge) is labelled, inside the widget."""
    heatmap = _heatmap(qtbot, today, width)
    labels = heatmap.month_labels()
    names = [name for name, _ in labels]
    assert names[-1] == f"{today:%b}" and "Dec" in names
    image = heatmap.grab().toImage()
    for name, rect in labels:
        assert rect.left() >= 0 and rect.right() <= heatmap.width(), name
        assert _inked(image, rect.left(), rect.right(), rect.bottom()) > 10, f"{name} is not drawn"
    dec = dict(labels)["Dec"]
    assert _inked(image, dec.right() - 4, dec.right(), dec.bottom()) > 0, "the end of Dec is cut off"
    ARTEFACTS.mkdir(exist_ok=True)
    image.save(str(ARTEFACTS / f"heatmap-{today}.png"))


def test_month_names_never_overlap(qtbot):
    """On a narrow calendar, names give way rather than run into each other; the latest stays."""
    heatmap = _heatmap(qtbot, date(2026, 11, 28), 430)
    labels = heatmap.month_labels()
    assert labels[-1][0] == "Nov"
    for (_, a), (_, b) in itertools.pairwise(labels):
        assert a.right() + 6 <= b.left()
