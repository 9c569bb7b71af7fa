"""The catalogue: one scene per exercise and self-test picture, built lazily.

Every scene is drawn for the LEFT leg (``#2F80ED``); the right-side picture
is its mirror (see :func:`hiptimer.figures.svg_for_side`). Views are chosen
per pose: a side view for most lying stretches, a front view for seated and
standing rotation, a raised three-quarter view where a knee or foot moves
across the body. Sources name the articles in ``shared/seeds`` (000-004).

The scenes live in one module per posture family (``supine``, ``prone``,
``side_lying``, ``floor``, ``chair``, ``kneeling``, ``standing``), each with a
``BUILDERS`` table. Importing this package loads none of them: :data:`NAMES`
is a plain table, and :func:`build` imports a family (and the figure model)
the first time one of its pictures is asked for, so the app starts without
paying for the drawings.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs 4 ms
if TYPE_CHECKING:
    from hiptimer.figures.scene import Scene

FAMILY: dict[str, str] = {
    "ir-hang": "supine",
    "er-knee-to-shoulder": "supine",
    "band-assisted-ir": "supine",
    "pigeon": "kneeling",
    "ninety-ninety-get-up": "floor",
    "ball-release": "floor",
    "figure-four-seated": "chair",
    "figure-four-supine": "supine",
    "posterior-capsule-stretch": "kneeling",
    "ir-stretch-supine": "supine",
    "ir-stretch-wall": "supine",
    "band-distraction-neutral": "supine",
    "band-distraction-flexion": "supine",
    "lateral-band-distraction": "supine",
    "hip-click": "chair",
    "femoral-head-centration": "supine",
    "swivel-chair": "standing",
    "straight-leg-roll": "floor",
    "sitting-knee-drop": "floor",
    "seated-hip-ir": "chair",
    "side-lie-ir": "side_lying",
    "hip-shift-wall": "supine",
    "ninety-ninety-foot-lift": "floor",
    "step-across": "standing",
    "staggered-stance-hinge": "standing",
    "knee-to-floor": "floor",
    "knee-inward-tilt": "floor",
    "band-isometric-ir": "prone",
    "ir-arom": "prone",
    "ninety-ninety-breathing": "supine",
    "kickstand-ir": "standing",
    "single-leg-rdl": "standing",
    "sidelying-ir": "side_lying",
    "ninety-ninety-rotation": "floor",
    "quadruped-rockback-band": "kneeling",
    "seated-ir-band": "chair",
    "test-prone-ir": "prone",
    "test-seated-ir-flexion": "chair",
    "test-seated-active-ir": "chair",
}
"""Each picture's posture family (module name), in catalogue order."""

NAMES: tuple[str, ...] = tuple(FAMILY)
"""Every picture by name (file name without ``.svg``), in catalogue order."""


def build(name: str) -> Scene:
    """Build the scene of a picture; KeyError for an unknown name."""
    module = importlib.import_module(f"{__name__}.{FAMILY[name]}")
    return module.BUILDERS[name]()
