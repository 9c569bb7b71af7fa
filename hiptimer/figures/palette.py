"""Colours and picture size shared by every illustration.

Constants only, so that :mod:`hiptimer.figures` can offer them (and mirror a
picture for the right side) without loading the figure model.
"""

from __future__ import annotations

BODY = "#8A94A6"
"""The figure."""
BODY_FAR = "#6E788A"
"""Limbs on the far side of a side view, so crossing limbs stay apart."""
LEFT = "#2F80ED"
"""The treated leg, as drawn (left side). Nothing else uses this colour."""
RIGHT = "#F2994A"
"""What :func:`hiptimer.figures.svg_for_side` turns ``LEFT`` into."""
BAND = "#E83E8C"
"""Resistance bands: a pink far from both side colours and the grey body,
strong enough on the light and the dark card."""
EQUIPMENT = "#B0B8C4"
"""Chair, wall, block, foam roll, band anchor and the floor line."""
BALL = "#EB5757"
ARROW = "#F2C94C"
"""Motion arrows and measuring arcs."""

WIDTH = 480
HEIGHT = 320
"""The viewBox of every picture."""
