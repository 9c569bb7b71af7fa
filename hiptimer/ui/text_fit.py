"""Type for reading across the room: fonts set in pixels, and text shrunk to fit its room.

A long exercise name, "Then:" line or list of steps gets a smaller font
rather than being cut off or widening the window. The player sizes its text
from the window with these (:mod:`hiptimer.ui.player`, :mod:`hiptimer.ui.exercise_card`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget


def set_pixel_font(widget: QWidget, px: float, bold: bool = False) -> None:
    """Give ``widget`` a font of ``px`` pixels (10 at the least); touch it only if that changes."""
    font = QFont(widget.font())
    font.setPixelSize(max(10, int(px)))
    font.setBold(bold)
    if font != widget.font():
        widget.setFont(font)


def shrink_to_width(labels: list[QLabel], px: int, room: int, *, bold: bool, extra: int = 0) -> None:
    """One font for ``labels`` sharing a row: ``px`` pixels, or smaller (by 2, to 14 at the
    least) until their texts, ``extra`` pixels apart, fit in ``room`` pixels."""
    font = QFont(labels[0].font())
    font.setBold(bold)
    font.setPixelSize(px)
    texts = [lbl.text() for lbl in labels if lbl.text()]
    while font.pixelSize() > 14 and sum(QFontMetrics(font).horizontalAdvance(t) for t in texts) \
            + extra * (len(texts) - 1) > room:
        font.setPixelSize(font.pixelSize() - 2)
    for label in labels:
        if font != label.font():
            label.setFont(font)


def shrink_to_height(label: QLabel, px: int, smallest: int = 11) -> None:
    """A word-wrapped label's font: ``px`` pixels, or smaller (to ``smallest``) until the
    text fits the label's height. Does nothing before the layout has given it room."""
    room = label.contentsRect()
    if room.height() < 20 or not label.text():
        return
    font = QFont(label.font())
    font.setPixelSize(px)
    flags = int(Qt.TextFlag.TextWordWrap)
    while font.pixelSize() > smallest and QFontMetrics(font).boundingRect(
            0, 0, room.width(), 100_000, flags, label.text()).height() > room.height():
        font.setPixelSize(font.pixelSize() - 1)
    if font != label.font():
        label.setFont(font)
