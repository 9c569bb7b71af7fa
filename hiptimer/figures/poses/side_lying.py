"""Lying on the right side, working (left) leg on top: foot lifts.
"""

from __future__ import annotations

from collections.abc import Callable

from hiptimer.figures.body import Limb, Pose
from hiptimer.figures.draw import Camera
from hiptimer.figures.marks import Trace
from hiptimer.figures.poses.common import at
from hiptimer.figures.props import (
    FoamRoll,
)
from hiptimer.figures.scene import Scene


def _side_lying(lift: float, **kw: object) -> Pose:
    """Lying on the right side facing the viewer, knees bent, top (left) foot
    lifted by ``lift`` degrees of internal rotation."""
    return Pose(
        heading=-90.0,
        roll=90.0,
        leg_r=Limb(flex=45.0, bend=90.0, ankle=-10.0),
        leg_l=Limb(flex=45.0, bend=90.0, rot=lift, ankle=-10.0),
        arm_r=Limb(flex=170.0, abd=10.0, bend=10.0),
        arm_l=Limb(flex=40.0, bend=60.0),
        neck=0.0,
    ).with_(**kw)


def _side_lie_ir() -> Scene:
    return Scene(
        "side-lie-ir",
        "Side-lying: top foot lifts, knees together",
        "001",
        _side_lying(0.0),
        _side_lying(40.0),
        camera=Camera(yaw=0.0, pitch=38.0),
        animated=True,
        marks=(Trace("ankle_l", shift=(10, -10)),),
    )


def _sidelying_ir() -> Scene:
    roll = FoamRoll(
        at("knee_r", 0.0, 0.0, 14.0), at("ankle_r", 0.0, 0.0, 14.0), radius=10.0, bias=-4.0
    )
    return Scene(
        "sidelying-ir",
        "Side-lying internal rotation over a foam roll",
        "004",
        _side_lying(0.0),
        _side_lying(40.0),
        camera=Camera(yaw=0.0, pitch=38.0),
        animated=True,
        props=(roll,),
        marks=(Trace("ankle_l", shift=(10, -10)),),
    )


BUILDERS: dict[str, Callable[[], Scene]] = {
    "side-lie-ir": _side_lie_ir,
    "sidelying-ir": _sidelying_ir,
}
"""This family's scene builders by image name."""
