"""Sitting on a chair or a high seat: figure 4, hip click, seated rotation
and the seated self-tests.

Facing the viewer (heading -90) unless said otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from hiptimer.figures.body import Limb, Pose, Reach
from hiptimer.figures.draw import Camera
from hiptimer.figures.marks import AngleArc, Squeeze, Trace
from hiptimer.figures.poses.common import P, at, on_floor
from hiptimer.figures.props import (
    Anchor,
    Ball,
    Band,
    Chair,
)
from hiptimer.figures.scene import Scene


def seated(seat: float, **kw: object) -> Pose:
    """Sitting on a seat ``seat`` high, facing the viewer, hands on the thighs."""
    thigh = Limb(flex=90.0, bend=90.0)
    hands = Limb(flex=35.0, abd=8.0, bend=45.0)
    return Pose(
        position=(0.0, 0.0, seat + P.torso_width / 2),
        heading=-90.0,
        ground=False,
        leg_l=thigh,
        leg_r=thigh,
        arm_l=hands,
        arm_r=hands,
    ).with_(**kw)


SEATED = Camera(yaw=28.0, pitch=16.0)
"""Sitting on a chair facing the viewer: turned a little to show the thighs."""


TEST_SEATED = Camera(yaw=10.0, pitch=18.0)
"""Seated self-tests: nearly straight on, so the shin's angle reads true."""


def _figure_four_seated() -> Scene:
    seat = 62.0

    def pose(lean: float) -> Pose:
        return Pose(
            heading=180.0,
            position=(0.0, 0.0, seat + 11.0),
            ground=False,
            pitch=lean,
            neck=-lean / 2,
            leg_r=Reach(on_floor("hip_r", -62.0, 4.0), pole=(-1.0, 0.0, 0.3), toe=(-1.0, 0.0, 0.0)),
            leg_l=Reach(
                at("knee_r", -2.0, -6.0, 12.0), pole=(-0.3, -1.0, 0.5), toe=(-0.3, 1.0, 0.3)
            ),
            arm_l=Reach(at("knee_l", 0.0, -6.0, 8.0), pole=(0.0, -1.0, 0.0)),
            arm_r=Reach(at("ankle_l", 0.0, 0.0, 8.0), pole=(0.0, 1.0, 0.0)),
        )

    return Scene(
        "figure-four-seated",
        "Figure 4 stretch on a chair",
        "001",
        pose(0.0),
        pose(30.0),
        camera=Camera(yaw=30.0, pitch=14.0),
        solid_end=True,
        # Sitting near the front of the seat, not in front of it.
        props=(Chair(-12.0, seat=seat, facing=-1),),
        marks=(Trace("head", shift=(-10, -14)),),
    )


def _hip_click() -> Scene:
    seat = 62.0
    start = seated(
        seat,
        leg_l=Limb(flex=90.0, abd=6.0, bend=90.0),
        leg_r=Limb(flex=90.0, abd=6.0, bend=90.0),
        # Two fists side by side between the knees.
        arm_l=Reach(at("knee_l", -10.0, 0.0, 0.0), pole=(1.0, 0.0, -0.3)),
        arm_r=Reach(at("knee_r", 10.0, 0.0, 0.0), pole=(-1.0, 0.0, -0.3)),
    )
    return Scene(
        "hip-click",
        "Hip click: fists between the knees, squeeze",
        "001",
        start,
        camera=Camera(yaw=12.0, pitch=18.0),
        treated=None,
        props=(Chair(0.0, seat=seat, turned=True, depth=-24.0),),
        marks=(Squeeze("knee_l", "knee_r", gap=16.0),),
    )


def _seated_hip_ir() -> Scene:
    seat = 84.0
    leg = Limb(flex=90.0, bend=90.0, ankle=-20.0)
    start = seated(
        seat,
        leg_l=leg,
        leg_r=leg,
        arm_l=Limb(abd=30.0, flex=10.0, bend=10.0),
        arm_r=Limb(abd=30.0, flex=10.0, bend=10.0),
    )
    end = start.with_(leg_l=Limb(flex=90.0, bend=90.0, rot=40.0, ankle=-20.0))
    return Scene(
        "seated-hip-ir",
        "Seated hip internal rotation: foot lifts out",
        "001",
        start,
        end,
        camera=SEATED,
        animated=True,
        props=(
            Chair(0.0, seat=seat, turned=True, depth=-24.0, width=60.0),
            Ball(at("knee_l", -P.hip_half, -4.0, 0.0), radius=10.0, bias=-30.0),
        ),
        marks=(Trace("ankle_l", shift=(14, 4)),),
    )


def _seated_ir_band() -> Scene:
    seat = 70.0
    leg_r = Limb(flex=90.0, bend=90.0, ankle=-10.0)
    start = seated(seat, leg_l=Limb(flex=90.0, bend=90.0, ankle=-10.0), leg_r=leg_r)
    end = start.with_(leg_l=Limb(flex=90.0, bend=90.0, rot=38.0, ankle=-10.0))
    anchor = at(None, -70.0, -40.0, 12.0)
    return Scene(
        "seated-ir-band",
        "Seated internal rotation against a band",
        "004",
        start,
        end,
        camera=SEATED,
        animated=True,
        props=(
            Chair(0.0, seat=seat, turned=True, depth=-24.0),
            Anchor(-70.0, -40.0, 24.0),
            Band((at("ankle_l"), anchor)),
        ),
        marks=(Trace("ankle_l", shift=(12, 2)),),
    )


def _test_seated_ir_flexion() -> Scene:
    seat = 84.0
    start = seated(
        seat,
        leg_l=Limb(flex=90.0, bend=90.0, rot=40.0, ankle=-20.0),
        leg_r=Limb(flex=90.0, bend=90.0, rot=8.0, ankle=-20.0),
        arm_l=Limb(abd=28.0, flex=10.0, bend=10.0),
        arm_r=Limb(abd=28.0, flex=10.0, bend=10.0),
    )
    return Scene(
        "test-seated-ir-flexion",
        "Self-test: sitting on a tall chair, foot moved out",
        "001",
        start,
        camera=TEST_SEATED,
        props=(Chair(0.0, seat=seat, turned=True, depth=-24.0, width=60.0),),
        marks=(AngleArc("knee_l", "ankle_l", radius=40.0),),
    )


def _test_seated_active_ir() -> Scene:
    seat = 90.0
    hands = {
        "arm_l": Reach(at("hip_l", 6.0, -16.0, -14.0), pole=(0.3, 1.0, 0.0)),
        "arm_r": Reach(at("hip_r", -6.0, -16.0, -14.0), pole=(-0.3, 1.0, 0.0)),
    }
    start = seated(
        seat,
        leg_l=Limb(flex=90.0, bend=90.0, rot=45.0, ankle=-20.0),
        leg_r=Limb(flex=90.0, bend=90.0, ankle=-20.0),
        **hands,
    )
    return Scene(
        "test-seated-active-ir",
        "Self-test: sitting on the hands, foot turns out",
        "003",
        start,
        camera=TEST_SEATED,
        props=(Chair(0.0, seat=seat, turned=True, depth=-24.0, width=120.0, back=False),),
        marks=(AngleArc("knee_l", "ankle_l", radius=40.0),),
    )


BUILDERS: dict[str, Callable[[], Scene]] = {
    "figure-four-seated": _figure_four_seated,
    "hip-click": _hip_click,
    "seated-hip-ir": _seated_hip_ir,
    "seated-ir-band": _seated_ir_band,
    "test-seated-ir-flexion": _test_seated_ir_flexion,
    "test-seated-active-ir": _test_seated_active_ir,
}
"""This family's scene builders by image name."""
