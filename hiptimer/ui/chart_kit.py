"""What the painted charts share: colours taken from the palette, and short texts.

The charts paint with QPainter (QtCharts is not in PySide6-Essentials).
Their colours are blends of the widget palette's base and text colours, so
the dark and light themes both work; the accents come from
:mod:`hiptimer.ui.theme`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QPalette

WARNING = "#EB5757"  # a problem worth a look: a large left-right gap, a failed read or save


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

