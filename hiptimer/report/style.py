"""The report's look: page units, fonts, colours and dates, shared by the layout and the charts.

Black on white, A4, in points (the device resolution is set to 72 dpi), so it
prints cleanly in grey scale: left is a solid line, right a dashed one, pain
marks are shapes as well as colours. On a printer of another resolution the
painter is scaled (:func:`set_scale`) and :func:`font` keeps sizes in points.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QFont

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


def set_scale(scale: float) -> None:
    """Device dots per point for the report being painted (1.0 again when it is done)."""
    global _scale
    _scale = scale


def font(size: float, bold: bool = False) -> QFont:
    """``size`` points on the page, whatever the device's resolution (the painter is scaled)."""
    f = QFont(FONT)
    f.setPointSizeF(size / _scale)
    f.setBold(bold)
    return f


def day(d: date) -> str:
    return f"{d:%d %b %Y}"
