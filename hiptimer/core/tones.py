"""Colour roles of the player, without the rest of the core.

The theme maps each :class:`Tone` to one colour; this module stays tiny so the
theme can load it before the window's first paint.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiptimer.core.model import Side


class Tone(enum.Enum):
    """A colour role; the theme maps each to one colour."""

    LEFT = "left"
    RIGHT = "right"
    NEUTRAL = "neutral"  # work without a side
    RELEASE = "release"
    REST = "rest"
    READY = "ready"  # get ready, next exercise, switch sides
    PAUSED = "paused"


def side_tone(side: Side) -> Tone:
    """The left and right sides have their own colours; anything else is neutral."""
    return {"left": Tone.LEFT, "right": Tone.RIGHT}.get(side.value, Tone.NEUTRAL)
