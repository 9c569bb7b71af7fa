"""Exercise illustrations drawn from one posable figure (standard library only).

Every picture in ``assets/images`` comes from :mod:`hiptimer.figures.poses`:
a 3D stick figure with fixed proportions, posed by joint angles and drawn as
thick round-capped strokes by :mod:`hiptimer.figures.draw`. Pictures are
drawn for the LEFT side; :func:`svg_for_side` mirrors them for the right.

Public API:

* :data:`IMAGE_NAMES` - every image name (without ``.svg``), in catalogue order.
* :func:`image_svg` - the static SVG of an image (what ``scripts/make_images.py`` writes).
* :func:`frame` - the SVG of a rep exercise's pose at ``t`` in 0..1, or None.
* :func:`is_animated` - whether :func:`frame` draws anything for an image.
* :func:`image_side` - ``"left"`` (one treated leg, as drawn) or ``"none"``.
* :func:`svg_for_side` - an image's SVG for the left, right or no side.
* :func:`get_scene` - the :class:`~hiptimer.figures.scene.Scene` behind an image.
* ``LEFT`` / ``RIGHT`` (side colours), ``WIDTH`` / ``HEIGHT`` (the viewBox).

Importing this package is cheap: it loads only the colour constants and the
table of names. The figure model and a picture's scene are loaded and built
the first time that picture is asked for, then kept.

A player animates a rep by asking for ``frame(name, t)`` with ``t`` going
0 -> 1 -> 0 in time with the rep tempo (a frame costs about 2 ms), then
passing the result through :func:`svg_for_side` like a static image.
"""

from __future__ import annotations

import functools
import re

from hiptimer.figures.palette import HEIGHT, LEFT, RIGHT, WIDTH
from hiptimer.figures.poses import NAMES

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs 4 ms
if TYPE_CHECKING:
    from hiptimer.figures.scene import Scene

__all__ = [
    "HEIGHT",
    "IMAGE_NAMES",
    "LEFT",
    "RIGHT",
    "WIDTH",
    "frame",
    "get_scene",
    "image_side",
    "image_svg",
    "is_animated",
    "svg_for_side",
]

IMAGE_NAMES: tuple[str, ...] = NAMES
"""Every image name (file name without ``.svg``)."""


def _name(image_name: str) -> str:
    return image_name[:-4] if image_name.endswith(".svg") else image_name


def get_scene(image_name: str) -> Scene:
    """The scene behind an image (``"pigeon"`` or ``"pigeon.svg"``).

    Built on first use and kept. Raises KeyError for an unknown name.
    """
    return _scene(_name(image_name))


@functools.cache
def _scene(name: str) -> Scene:
    from hiptimer.figures.poses import build

    return build(name)


def image_svg(image_name: str) -> str:
    """The static SVG of an image: start pose, ghost of the end pose, arrows."""
    from hiptimer.figures.scene import render

    return render(get_scene(image_name))


def is_animated(image_name: str) -> bool:
    """True when :func:`frame` returns a moving pose for the image."""
    name = _name(image_name)
    if name not in NAMES:
        return False
    scene = _scene(name)
    return scene.animated and scene.end is not None


def frame(image_name: str, t: float) -> str | None:
    """The SVG of the pose ``t`` of the way from start (0) to end (1).

    For rep exercises only; a player moves ``t`` 0 -> 1 -> 0 in time with the
    rep tempo. Returns None for images without motion or unknown names. The
    frame has no ghost or arrows, and the same placement as the static image.
    """
    if not is_animated(image_name):
        return None
    from hiptimer.figures.scene import render

    return render(get_scene(image_name), max(0.0, min(1.0, float(t))))


def image_side(image_name: str) -> str:
    """``"left"`` if the image highlights one (left) leg, ``"none"`` for both."""
    return get_scene(image_name).side


# Patterns as text: ``re`` compiles and caches them on first use, not at import.
_SVG_OPEN = r"(?s)<svg\b[^>]*>"
_VIEWBOX = r'viewBox\s*=\s*"([^"]*)"'
_TEXT = r"(?s)<text\b.*?</text>"
_LEFT = "(?i)" + re.escape(LEFT)


def svg_for_side(svg_text: str, side: str) -> str:
    """An image's SVG for a side.

    ``"left"`` and ``"none"`` return the drawing as it is. ``"right"`` wraps
    the drawing in a horizontal mirror across the viewBox and swaps the left
    colour ``#2F80ED`` for the right colour ``#F2994A``; ``<text>`` elements,
    if any, are kept unmirrored (moved after the mirrored group).
    """
    if side in ("left", "none"):
        return svg_text
    if side != "right":
        raise ValueError(f"side must be 'left', 'right' or 'none', not {side!r}")
    opening = re.search(_SVG_OPEN, svg_text)
    close = svg_text.rfind("</svg>")
    if opening is None or close < opening.end():
        raise ValueError("not an SVG document")
    view = re.search(_VIEWBOX, opening.group(0))
    min_x, width = 0.0, float(WIDTH)
    if view:
        parts = view.group(1).replace(",", " ").split()
        min_x, width = float(parts[0]), float(parts[2])
    body = svg_text[opening.end() : close]
    texts = re.findall(_TEXT, body)
    body = re.sub(_TEXT, "", body)
    mirror = f"matrix(-1 0 0 1 {2 * min_x + width:g} 0)"
    body = re.sub(_LEFT, RIGHT, body)
    kept = "".join(re.sub(_LEFT, RIGHT, t) + "\n" for t in texts)
    return (
        svg_text[: opening.end()]
        + f'\n<g transform="{mirror}">{body}</g>\n'
        + kept
        + svg_text[close:]
    )
