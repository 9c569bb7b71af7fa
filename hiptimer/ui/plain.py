"""Text from files and users on tooltips: always shown as the characters it holds.

A tooltip, unlike a label, has no text format to set: Qt renders anything
that looks like HTML as rich text. So the text is escaped and wrapped in a
paragraph, which Qt then shows exactly as written (a note reading
``<img src=...>`` shows those characters and loads nothing).
"""

from __future__ import annotations

import html

from hiptimer.core.text import strip_bidi

TOOLTIP_CHARS = 600  # a tooltip is a glance: a 10,000-character note is cut here


def plain_tooltip(text: str, limit: int = TOOLTIP_CHARS) -> str:
    shown = strip_bidi(text)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "\u2026"
    return f"<p style='white-space:pre-wrap'>{html.escape(shown)}</p>"
