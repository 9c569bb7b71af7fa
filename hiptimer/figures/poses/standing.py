"""Standing: swivel chair, step across, hinges, kickstand.

Side-on poses face the left of the picture, left side nearest.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from hiptimer.figures.body import At, Limb, Pose, Reach
from hiptimer.figures.draw import Camera
from hiptimer.figures.geometry import Vec
from hiptimer.figures.marks import Orbit, Trace
from hiptimer.figures.poses.common import P, at
from hiptimer.figures.props import (
    SwivelChair,
)
from hiptimer.figures.scene import Scene


def standing(**kw: object) -> Pose:
    """Upright facing the left of the picture, left side nearest."""
    return Pose(heading=180.0).with_(**kw)


SIDE_ON = Camera(yaw=-10.0, pitch=8.0)
"""Standing or sitting side-on, nearly level."""


def _swivel_chair() -> Scene:
    seat = 66.0
    hip_z = P.thigh + P.shin + P.foot_width / 2
    flex = math.degrees(math.acos((hip_z - seat - P.leg_width / 2) / P.thigh))
    knee_x = -P.thigh * math.sin(math.radians(flex))

    def pose(rot: float) -> Pose:
        return standing(
            anchor="hip_l",
            position=(0.0, -P.hip_half, 0.0),
            leg_r=Limb(abd=3.0),
            leg_l=Limb(flex=flex, bend=90.0 + flex, rot=rot, ankle=-70.0),
            arm_l=Limb(abd=14.0),
            arm_r=Limb(abd=14.0),
        )

    return Scene(
        "swivel-chair",
        "Swivel chair: knee on the seat, foot swings out",
        "001",
        pose(0.0),
        pose(40.0),
        camera=Camera(yaw=-120.0, pitch=32.0),
        animated=True,
        props=(SwivelChair(knee_x + 22.0, seat=seat, depth=-P.hip_half, facing=1),),
        marks=(Trace("ankle_l", shift=(0, 10)),),
    )


def _step_across() -> Scene:
    # The front (left) foot and knee stay pointing ahead; the back foot
    # swings forward and lands across the midline in front of it, and the
    # pelvis turns about the front hip (internal rotation of that hip).
    foot_z = P.foot_width / 2
    hip_l = (4.0, 0.0, 115.0)
    front = Reach(
        At(None, (0.0, 0.0, foot_z)),
        toe=(-1.0, 0.0, 0.0),
        aim=At(None, (-10.0, -2.0, 62.0)),
        point=-17.0,
    )

    def pose(turn: float, foot: Vec, toe: Vec) -> Pose:
        h = math.radians(180.0 + turn)
        left = (math.cos(h), math.sin(h))  # facing; the left side is 90 degrees round
        pelvis = (hip_l[0] + left[1] * P.hip_half, hip_l[1] - left[0] * P.hip_half, hip_l[2])
        return standing(
            position=pelvis,
            ground=False,
            heading=180.0 + turn,
            leg_l=front,
            leg_r=Reach(At(None, (foot[0], foot[1], foot_z + foot[2])), pole=(-1.0, 0.0, 0.2), toe=toe),
            arm_l=Limb(abd=12.0, flex=-10.0),
            arm_r=Limb(abd=12.0, flex=20.0),
        )

    return Scene(
        "step-across",
        "Step across: back foot crosses in front, pelvis turns over the front hip",
        "001",
        pose(0.0, (44.0, 20.0, 10.0), (-1.0, 0.0, -0.3)),
        pose(30.0, (-38.0, -6.0, 0.0), (-0.9, -0.45, 0.0)),
        camera=Camera(yaw=25.0, pitch=38.0),
        animated=True,
        solid_end=True,
        via=pose(14.0, (-16.0, 30.0, 16.0), (-1.0, -0.2, 0.0)),
        marks=(
            Trace("toe_r", shift=(0, 12)),
            Orbit("pelvis", 40.0, -50.0, 40.0, zero=(-1.0, 0.0, 0.0), offset=(0, 0, 6)),
        ),
    )


def _staggered_stance_hinge() -> Scene:
    def pose(hinge: float, reach: bool) -> Pose:
        arm_r = (
            Reach(at("knee_l", 0.0, -14.0, 0.0), pole=(1.0, 0.0, 0.0))
            if reach
            else Reach(at("knee_l", -5.0, 22.0, 37.0), pole=(1.0, 0.0, 0.0))
        )
        return standing(
            anchor="ankle_l",
            position=(0.0, 0.0, 0.0),
            pitch=hinge,
            neck=-hinge / 3,
            leg_l=Limb(flex=hinge + 16.0, bend=20.0, ankle=-hinge - 16.0 + 20.0),
            leg_r=Limb(flex=hinge - 28.0, bend=6.0, ankle=-hinge + 24.0, abd=4.0),
            arm_l=Limb(flex=hinge * 0.3, abd=12.0, bend=20.0),
            arm_r=arm_r,
        )

    return Scene(
        "staggered-stance-hinge",
        "Staggered stance hinge, reach to the front knee",
        "001",
        pose(0.0, False),
        pose(55.0, True),
        camera=Camera(yaw=-25.0, pitch=10.0),
        animated=True,
        solid_end=True,
        bias=(("arm_r", -30.0),),
        marks=(Trace("head", shift=(-12, -12)),),
    )


def _kickstand_ir() -> Scene:
    def pose(turn: float) -> Pose:
        return Pose(
            heading=-90.0 + turn,
            anchor="ankle_l",
            position=(0.0, 0.0, 0.0),
            leg_l=Limb(flex=10.0, bend=14.0, rot=turn, ankle=-4.0),
            leg_r=Limb(flex=-22.0, bend=40.0, abd=2.0, ankle=-70.0),
            arm_l=Limb(abd=12.0, flex=10.0),
            arm_r=Limb(abd=12.0, flex=10.0),
        )

    return Scene(
        "kickstand-ir",
        "Kickstand stance: hips turn towards the front leg",
        "003",
        pose(0.0),
        pose(30.0),
        camera=Camera(yaw=20.0, pitch=22.0),
        animated=True,
        marks=(Orbit("pelvis", 40.0, -50.0, 45.0, offset=(0, 0, 6)),),
    )


def _single_leg_rdl() -> Scene:
    start = standing(
        anchor="ankle_l",
        position=(0.0, 0.0, 0.0),
        leg_l=Limb(bend=6.0, ankle=6.0),
        leg_r=Limb(flex=-4.0, bend=30.0, ankle=-30.0),
    )
    end = standing(
        anchor="ankle_l",
        position=(0.0, 0.0, 0.0),
        pitch=82.0,
        neck=-30.0,
        leg_l=Limb(flex=86.0, bend=14.0, ankle=-72.0),
        leg_r=Limb(flex=-4.0, ankle=-10.0),
        arm_l=Limb(flex=82.0),
        arm_r=Limb(flex=82.0),
    )
    return Scene(
        "single-leg-rdl",
        "Single-leg Romanian deadlift",
        "003",
        start,
        end,
        animated=True,
        solid_end=True,
        camera=SIDE_ON,
        marks=(Trace("head", shift=(-14, -12)),),
    )


BUILDERS: dict[str, Callable[[], Scene]] = {
    "swivel-chair": _swivel_chair,
    "step-across": _step_across,
    "staggered-stance-hinge": _staggered_stance_hinge,
    "kickstand-ir": _kickstand_ir,
    "single-leg-rdl": _single_leg_rdl,
}
"""This family's scene builders by image name."""
