"""Lying face down: band isometric, feet swings and the prone self-test.

Head towards -X, left side towards the viewer, forehead on the hands.
"""

from __future__ import annotations

from collections.abc import Callable

from hiptimer.figures.body import Limb, Pose
from hiptimer.figures.draw import Camera
from hiptimer.figures.marks import AngleArc, Arrow, Trace
from hiptimer.figures.poses.common import at
from hiptimer.figures.props import (
    Band,
)
from hiptimer.figures.scene import Scene


def prone(**kw: object) -> Pose:
    """Face down: head to the left, left side nearest, forehead on the hands."""
    arms = Limb(flex=160.0, abd=35.0, bend=120.0, rot=60.0)
    return Pose(heading=180.0, pitch=90.0, neck=-15.0, arm_l=arms, arm_r=arms).with_(**kw)


BEHIND_FEET = Camera(yaw=-50.0, pitch=32.0)
"""Lying face down, seen from above and behind, towards the feet."""


def _prone_feet(rot_l: float, rot_r: float) -> Pose:
    return prone(
        leg_l=Limb(bend=90.0, rot=rot_l, ankle=-30.0), leg_r=Limb(bend=90.0, rot=rot_r, ankle=-30.0)
    )


def _band_isometric_ir() -> Scene:
    start = _prone_feet(8.0, 8.0)
    return Scene(
        "band-isometric-ir",
        "Band isometric: feet push apart against the band",
        "002",
        start,
        camera=BEHIND_FEET,
        treated=None,
        props=(Band((at("ankle_l", 0.0, 0.0, 0.0), at("ankle_r", 0.0, 0.0, 0.0)), bias=-40.0),),
        marks=(
            Arrow((at("ankle_l", 0.0, -16.0, 10.0), at("ankle_l", 0.0, -46.0, 10.0))),
            Arrow((at("ankle_r", 0.0, 16.0, 10.0), at("ankle_r", 0.0, 46.0, 10.0))),
        ),
    )


def _ir_arom() -> Scene:
    return Scene(
        "ir-arom",
        "Active internal rotation: feet swing apart",
        "002",
        _prone_feet(0.0, 0.0),
        _prone_feet(40.0, 40.0),
        camera=BEHIND_FEET,
        treated=None,
        animated=True,
        marks=(Trace("ankle_l", shift=(0, -12)), Trace("ankle_r", shift=(0, -12))),
    )


def _test_prone_ir() -> Scene:
    start = _prone_feet(45.0, 45.0)
    return Scene(
        "test-prone-ir",
        "Self-test: lying face down, feet fall out",
        "001",
        start,
        camera=BEHIND_FEET,
        marks=(AngleArc("knee_l", "ankle_l", reference=(0.0, 0.0, 1.0), radius=42.0),),
    )


BUILDERS: dict[str, Callable[[], Scene]] = {
    "band-isometric-ir": _band_isometric_ir,
    "ir-arom": _ir_arom,
    "test-prone-ir": _test_prone_ir,
}
"""This family's scene builders by image name."""
