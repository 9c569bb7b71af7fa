"""Helpers every posture family uses: proportions and target points.

World directions (see :mod:`hiptimer.figures.body`): X to the right of the
picture, Y away from the viewer, Z up. Each family module says which way its
figure lies or faces.
"""

from __future__ import annotations

from hiptimer.figures.body import PROPORTIONS, At

P = PROPORTIONS


def at(joint: str | None, x: float = 0.0, y: float = 0.0, z: float = 0.0) -> At:
    """A joint plus a world offset (or an absolute point when ``joint`` is None)."""
    return At(joint, (x, y, z))


def on_floor(joint: str | None, x: float = 0.0, y: float = 0.0, z: float = 0.0) -> At:
    """The floor point under a joint plus an offset (``z`` above the floor)."""
    return At(joint, (x, y, z), floor=True)
