"""Text from files and users, made safe to show: no bidirectional control characters,
and on a terminal no control characters at all.

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


# C0 and C1 controls but the line break and the tab, and DEL: ESC would let a
# routine file recolour or clear the user's terminal, BEL ring it.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def for_terminal(text: str) -> str:
    """``text`` as a terminal may print it: no control or bidirectional characters."""
    return strip_bidi(_TERMINAL_CONTROLS.sub("\ufffd", text)) if text else text
