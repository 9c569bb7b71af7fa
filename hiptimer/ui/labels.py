"""Plain-text labels and bold headings: the text helpers every page uses.

Kept apart from :mod:`hiptimer.ui.widgets` (dials, pictures) so the first
window can use them without loading those. The first window is also built
before PySide's ``Qt`` namespace and ``QFont`` are first used (creating
their Python enums costs milliseconds to tens of them), so they are
imported inside the functions that need them, and :func:`set_typed_text`
shows text as typed without ``Qt`` in the common case.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

W = TypeVar("W", bound=QWidget)


def make_plain(label: QLabel) -> QLabel:
    """Show ``label``'s text as typed: never as HTML, whatever a file put in it."""
    from PySide6.QtCore import Qt

    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_label(text: str = "", *, name: str = "", wrap: bool = False) -> QLabel:
    """A label that shows its text as typed: never as HTML, whatever a file put in it."""
    label = make_plain(QLabel())
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def set_typed_text(label: QLabel, text: str) -> None:
    """Show ``text`` as typed on a label that may still use Qt's automatic format.

    Qt takes a text for HTML only if it has a ``<`` before its first line
    break or an ``&lt;``; a text with neither ``<`` nor ``&`` is shown as
    typed either way, and anything else switches the label to plain text first.
    """
    if "<" in text or "&" in text:
        make_plain(label)
    label.setText(text)


def bold(widget: W, px: int) -> W:
    """``widget`` with a bold font of ``px`` pixels."""
    from PySide6.QtGui import QFont

    f = QFont(widget.font())
    f.setPixelSize(px)
    f.setBold(True)
    widget.setFont(f)
    return widget

