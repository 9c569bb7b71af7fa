"""Text from files and users, made safe to show: no bidirectional control characters.

Overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069) and the
directional marks let a file reorder the words around them ("Hold 30 s" shown
as something else), so text from routine files and imports loses them before
it is shown. Right-to-left scripts still display correctly without them.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return _BIDI.sub("", text) if text else text
