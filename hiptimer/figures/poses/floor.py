"""Sitting on the floor: knee drops, leg rolls, the 90/90 family, ball release.

Facing the viewer (heading -90): the left side is on the picture's right
(+X) and forward is -Y.
"""

from __future__ import annotations

from collections.abc import Callable

from hiptimer.figures.body import At, Limb, Pose, Reach
from hiptimer.figures.draw import Camera
from hiptimer.figures.geometry import Vec
from hiptimer.figures.marks import Orbit, Trace
from hiptimer.figures.poses.common import P, at, on_floor
from hiptimer.figures.props import (
    Ball,
    Block,
)
from hiptimer.figures.scene import Scene


def floor_knees(side: str, pole: Vec, ahead: float = 66.0, out: float = 14.0) -> Reach:
    """Sitting on the floor facing the viewer: foot flat ``ahead`` and ``out``
    from the hip, the knee pointing along ``pole``."""
    x = out if side == "l" else -out
    return Reach(on_floor(f"hip_{side}", x, -ahead), pole=pole, toe=(0.0, -1.0, 0.0))


def hands_behind(
    reach_back: float = 40.0, out: float = 14.0, pole: Vec = (0.0, 1.0, 0.0)
) -> dict[str, Reach]:
    """Hands on the floor behind a figure sitting on the floor facing the viewer."""
    return {
        "arm_l": Reach(on_floor("shoulder_l", out, reach_back), pole=pole),
        "arm_r": Reach(on_floor("shoulder_r", -out, reach_back), pole=pole),
    }


def ninety_ninety(front: str, **kw: object) -> Pose:
    """Seated 90/90 facing the viewer: the ``front`` leg in external rotation,
    its shin across in front of the body; the other leg in internal rotation,
    out to its side with the shin pointing back. Both knees bend 90 degrees.
    """
    s = 1.0 if front == "l" else -1.0  # +X is the figure's left
    back = "r" if front == "l" else "l"
    legs = {
        f"leg_{front}": Reach(
            on_floor(f"hip_{front}", s * 4.0, -80.0),
            pole=(s * 0.7, -0.7, 0.12),
            toe=(-s, -0.4, 0.0),
        ),
        f"leg_{back}": Reach(
            on_floor(f"hip_{back}", -s * 80.0, -4.0),
            pole=(-s * 0.7, -0.7, 0.12),
            toe=(0.0, 1.0, 0.0),
        ),
    }
    hands = {
        "arm_l": Limb(flex=14.0, abd=24.0, bend=24.0),
        "arm_r": Limb(flex=14.0, abd=24.0, bend=24.0),
    }
    base = Pose(heading=-90.0, position=(0.0, 0.0, P.torso_width / 2), ground=False)
    return base.with_(**legs, **hands).with_(**kw)


FLOOR_SITTING = Camera(yaw=-15.0, pitch=32.0)
"""Sitting on the floor facing the viewer: three-quarter view from above."""


def _ball_release() -> Scene:
    start = Pose(
        heading=180.0,
        pitch=-32.0,
        position=(0.0, 0.0, 30.0),
        ground=False,
        neck=20.0,
        leg_r=Reach(on_floor("hip_r", -74.0, 6.0), pole=(0.0, 0.0, 1.0), toe=(-1.0, 0.0, 0.0)),
        leg_l=Reach(at("knee_r", 0.0, -6.0, 12.0), pole=(-0.3, -1.0, -0.2), toe=(-0.4, 1.0, 0.2)),
        arm_l=Reach(on_floor("shoulder_l", 40.0, -6.0), pole=(1.0, 0.0, 0.0)),
        arm_r=Reach(on_floor("shoulder_r", 40.0, 6.0), pole=(1.0, 0.0, 0.0)),
    )
    return Scene(
        "ball-release",
        "Massage ball release in a figure 4",
        "001",
        start,
        camera=Camera(yaw=35.0, pitch=26.0),
        props=(Ball(on_floor("hip_l", 4.0, -6.0, 11.0), radius=12.0, bias=-30.0),),
    )


def _straight_leg_roll() -> Scene:
    def pose(rot: float) -> Pose:
        return Pose(
            heading=-90.0,
            pitch=-10.0,
            leg_l=Limb(flex=90.0, rot=rot, abd=14.0, ankle=10.0),
            leg_r=Limb(flex=90.0, abd=14.0, rot=-15.0, ankle=10.0),
            **hands_behind(30.0),
        )

    return Scene(
        "straight-leg-roll",
        "Straight leg rolls inwards",
        "001",
        pose(-20.0),
        pose(45.0),
        camera=Camera(yaw=30.0, pitch=45.0),
        animated=True,
        marks=(
            Orbit(
                "ankle_l",
                22.0,
                -20.0,
                100.0,
                axis=(0.0, -1.0, 0.0),
                zero=(0.0, 0.0, 1.0),
                offset=(0.0, -6.0, 0.0),
            ),
        ),
    )


def _sitting_knee_drop() -> Scene:
    def pose(pole_l: Vec) -> Pose:
        return Pose(
            heading=-90.0,
            pitch=-18.0,
            leg_l=floor_knees("l", pole_l, ahead=62.0, out=26.0),
            leg_r=floor_knees("r", (-0.3, 0.0, 1.0), ahead=62.0, out=26.0),
            **hands_behind(34.0, 18.0),
        )

    return Scene(
        "sitting-knee-drop",
        "Sitting knee drop",
        "001",
        pose((0.3, 0.0, 1.0)),
        pose((-1.0, -0.2, 0.1)),
        camera=FLOOR_SITTING,
        animated=True,
        marks=(Trace("knee_l", shift=(0, -12)),),
    )


def _knee_to_floor() -> Scene:
    # The other foot presses down on the outer side of the lowered knee.
    press = Reach(at("knee_l", 6.0, -2.0, 16.0), pole=(-0.5, -0.3, 1.0), toe=(0.2, -1.0, -0.2))

    def pose(pole_l: Vec) -> Pose:
        return Pose(
            heading=-90.0,
            pitch=-15.0,
            leg_l=floor_knees("l", pole_l, ahead=64.0, out=20.0),
            leg_r=press,
            **hands_behind(34.0, 18.0),
        )

    return Scene(
        "knee-to-floor",
        "Knee to floor with the other foot's overpressure",
        "002",
        pose((0.2, 0.0, 1.0)),
        pose((-1.0, -0.1, 0.1)),
        camera=Camera(yaw=-50.0, pitch=35.0),
        solid_end=True,
        marks=(Trace("knee_l", shift=(0, -14)),),
    )


def _knee_inward_tilt() -> Scene:
    def pose(pole_l: Vec) -> Pose:
        return Pose(
            heading=-90.0,
            pitch=-12.0,
            leg_l=floor_knees("l", pole_l, ahead=64.0, out=26.0),
            leg_r=floor_knees("r", (0.0, 0.0, 1.0), ahead=64.0, out=26.0),
            **hands_behind(30.0, 16.0),
        )

    return Scene(
        "knee-inward-tilt",
        "Knee inward tilt: inner foot stays down",
        "002",
        pose((0.0, 0.0, 1.0)),
        pose((-1.0, -0.2, 0.35)),
        camera=FLOOR_SITTING,
        animated=True,
        marks=(Trace("knee_l", shift=(0, -14)),),
    )


def _ninety_ninety_foot_lift() -> Scene:
    block_top = 14.0

    def pose(lift: float) -> Pose:
        back = Reach(
            on_floor("hip_l", 74.0, 26.0, lift), pole=(0.8, -0.6, 0.15), toe=(0.3, 1.0, 0.0)
        )
        return ninety_ninety(
            "r",
            position=(0.0, 0.0, block_top + P.torso_width / 2),
            leg_l=back,
            arm_l=Limb(flex=30.0, abd=18.0, bend=24.0),
            arm_r=Limb(flex=14.0, abd=32.0, bend=24.0),
        )

    return Scene(
        "ninety-ninety-foot-lift",
        "90/90 back foot lift",
        "001",
        pose(0.0),
        pose(26.0),
        camera=Camera(yaw=-20.0, pitch=42.0),
        animated=True,
        props=(Block((-34.0, -16.0, 0.0), (34.0, 26.0, block_top)),),
        marks=(Trace("ankle_l", shift=(12, 0)),),
    )


def _ninety_ninety_rotation() -> Scene:
    # Feet planted wide, hands behind; both knees swing over together like
    # windscreen wipers, up through pointing at the ceiling, while the trunk
    # turns a little the other way.
    feet = {"l": (62.0, -56.0, P.foot_width / 2), "r": (-62.0, -56.0, P.foot_width / 2)}
    hands = {
        "arm_l": Reach(on_floor("shoulder_l", 8.0, 36.0), pole=(0.0, 1.0, 0.0)),
        "arm_r": Reach(on_floor("shoulder_r", -8.0, 36.0), pole=(0.0, 1.0, 0.0)),
    }

    def pose(knees: Vec, twist: float) -> Pose:
        def leg(side: str) -> Reach:
            return Reach(At(None, feet[side]), pole=knees, toe=(0.0, -1.0, 0.0))

        return Pose(
            heading=-90.0,
            position=(0.0, 0.0, P.torso_width / 2),
            ground=False,
            trunk_twist=twist,
            leg_l=leg("l"),
            leg_r=leg("r"),
            **hands,
        )

    return Scene(
        "ninety-ninety-rotation",
        "90/90 switch: both knees swing over to the other side",
        "004",
        pose((1.0, -0.25, 0.02), -15.0),
        pose((-1.0, -0.25, 0.02), 15.0),
        camera=Camera(yaw=0.0, pitch=42.0),
        animated=True,
        via=pose((0.0, -0.3, 1.0), 0.0),
        marks=(Trace("knee_l", shift=(0, -12)), Trace("knee_r", shift=(0, -12))),
    )


def _ninety_ninety_get_up() -> Scene:
    # World points, facing the viewer at the start (-Y; the left side is +X).
    # The front (left) knee stays where it is on the floor throughout: the
    # body rises over it and turns to face where that thigh pointed, the
    # left shin pivots round behind it, and the back (right) leg swings
    # round to the front into a half kneel.
    knee = (53.0, -42.0, P.leg_width / 2)
    foot_z = P.foot_width / 2

    def pose(
        heading: float,
        pelvis: Vec,
        foot_l: Vec,
        foot_r: Vec,
        knee_r: Vec,
        toe_l: Vec,
        toe_r: Vec,
        lean: float = 0.0,
        reach: float = 14.0,
    ) -> Pose:
        return Pose(
            heading=heading,
            position=pelvis,
            ground=False,
            pitch=lean,
            neck=-lean / 2,
            leg_l=Reach(At(None, foot_l), toe=toe_l, aim=At(None, knee)),
            leg_r=Reach(At(None, foot_r), toe=toe_r, aim=At(None, knee_r)),
            arm_l=Limb(flex=reach, abd=30.0, bend=24.0),
            arm_r=Limb(flex=reach, abd=30.0, bend=24.0),
        )

    start = pose(
        -90.0,
        (0.0, 0.0, P.torso_width / 2),
        (14.0, -80.0, foot_z),
        (-90.0, -4.0, foot_z),
        (-52.0, -43.0, P.leg_width / 2),
        (-1.0, -0.4, 0.0),
        (0.0, 1.0, 0.0),
    )
    via = pose(
        -45.0,
        (20.0, -20.0, 53.0),
        (1.5, -63.0, foot_z + 6.0),
        (20.0, -72.0, 36.0),
        (50.0, -68.0, 62.0),
        (-0.5, 0.8, 0.0),
        (0.6, -0.3, -0.7),
        lean=10.0,
        reach=45.0,
    )
    end = pose(
        0.0,
        (knee[0], knee[1] - P.hip_half, knee[2] + P.thigh),
        (knee[0] - 53.0, knee[1], foot_z + P.foot),  # toes tucked under
        (knee[0] + 56.0, knee[1] - 2 * P.hip_half, foot_z),
        (knee[0] + 58.0, knee[1] - 2 * P.hip_half, 90.0),
        (0.0, 0.0, -1.0),
        (1.0, 0.0, 0.0),
        reach=20.0,
    )
    return Scene(
        "ninety-ninety-get-up",
        "90/90 get-up to half kneeling",
        "000",
        start,
        end,
        camera=Camera(yaw=-15.0, pitch=42.0),
        animated=True,
        via=via,
        marks=(Trace("ankle_r", shift=(0, 10)),),
    )


BUILDERS: dict[str, Callable[[], Scene]] = {
    "ninety-ninety-get-up": _ninety_ninety_get_up,
    "ball-release": _ball_release,
    "straight-leg-roll": _straight_leg_roll,
    "sitting-knee-drop": _sitting_knee_drop,
    "ninety-ninety-foot-lift": _ninety_ninety_foot_lift,
    "knee-to-floor": _knee_to_floor,
    "knee-inward-tilt": _knee_inward_tilt,
    "ninety-ninety-rotation": _ninety_ninety_rotation,
}
"""This family's scene builders by image name."""
