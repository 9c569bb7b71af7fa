"""Lying on the back: hangs, knee pulls, figure 4, bands and walls.

Head towards +X, left side towards the viewer (-Y), front of the body up
(+Z).
"""

from __future__ import annotations

from collections.abc import Callable

from hiptimer.figures.body import Limb, Pose, Reach, solve
from hiptimer.figures.draw import Camera
from hiptimer.figures.geometry import Vec
from hiptimer.figures.marks import Arrow, Trace
from hiptimer.figures.poses.common import P, at, on_floor
from hiptimer.figures.props import (
    Anchor,
    Band,
    Chair,
    Loop,
    Wall,
)
from hiptimer.figures.scene import Between, Scene


def supine(**kw: object) -> Pose:
    """On the back: head to the right, left side nearest, arms by the sides."""
    arms = Limb(abd=12.0)
    return Pose(heading=180.0, pitch=-90.0, arm_l=arms, arm_r=arms).with_(**kw)


def hook(side: str, pole: Vec, ahead: float = 70.0, out: float = 8.0) -> Reach:
    """Lying on the back: foot flat on the floor ``ahead`` of the hip and ``out``
    to the side, the knee pointing along ``pole``."""
    y = -out if side == "l" else out
    return Reach(on_floor(f"hip_{side}", -ahead, y), pole=pole, toe=(-1.0, 0.0, 0.0))


LYING = Camera(yaw=14.0, pitch=22.0)
"""Lying stretches: from the side, a little above and towards the feet."""


FEET_END = Camera(yaw=66.0, pitch=32.0)
"""Lying on the back, seen from beyond the feet and a little to the side:
the feet planted wide and both knees fallen in read as an "A"."""


def _ninety_ninety_lying(wall_x: float, pole_l: Vec, pole_r: Vec, **kw: object) -> Pose:
    """Lying on the back with both feet on a wall at ``wall_x``, hips and knees at 90."""
    foot_z = P.head_radius + P.thigh

    def leg(side: str, pole: Vec) -> Reach:
        y = -P.hip_half if side == "l" else P.hip_half
        return Reach(at(None, wall_x + P.foot_width / 2, y, foot_z), pole=pole, toe=(0.0, 0.0, 1.0))

    return supine(
        leg_l=leg("l", pole_l),
        leg_r=leg("r", pole_r),
        position=(wall_x + P.shin + P.foot_width / 2, 0.0, P.head_radius),
        ground=False,
    ).with_(**kw)


WALL_X = -80.0


ANCHOR_X = -150.0


def _ir_hang() -> Scene:
    # Feet planted wide, knees tipped in until they rest against each other;
    # arms out on the floor so the figure reads as lying, not sitting.
    wide = 30.0
    arms = {"arm_l": Limb(abd=75.0), "arm_r": Limb(abd=75.0)}
    start = supine(
        **arms,
        leg_l=hook("l", (0.0, -0.15, 1.0), ahead=66.0, out=wide),
        leg_r=hook("r", (0.0, 0.15, 1.0), ahead=66.0, out=wide),
    )
    end = supine(
        **arms,
        leg_l=hook("l", (0.0, 0.55, 0.85), ahead=66.0, out=wide),
        leg_r=hook("r", (0.0, -0.55, 0.85), ahead=66.0, out=wide),
    )
    return Scene(
        "ir-hang",
        "Internal rotation hang: knees fall inwards",
        "000",
        start,
        end,
        camera=FEET_END,
        treated=None,
        solid_end=True,
        marks=(Trace("knee_l", shift=(10, -12)), Trace("knee_r", shift=(-10, -12))),
    )


def _knee_hug(flex: float, abd: float, rot: float) -> dict[str, object]:
    return {
        "leg_l": Limb(flex=flex, abd=abd, rot=rot, bend=105.0, ankle=-20.0),
        "arm_l": Reach(at("knee_l", 4.0, -8.0, 4.0), pole=(0.0, -1.0, 0.3)),
        "arm_r": Reach(at("knee_l", 4.0, 8.0, 4.0), pole=(0.0, 1.0, 0.3)),
    }


def _er_knee_to_shoulder() -> Scene:
    flat = Limb(ankle=-15.0)
    start = supine(leg_r=flat, **_knee_hug(90.0, 0.0, 0.0))
    end = supine(leg_r=flat, **_knee_hug(118.0, -24.0, -40.0))
    return Scene(
        "er-knee-to-shoulder",
        "External rotation: knee to the opposite shoulder",
        "000",
        start,
        end,
        camera=Camera(yaw=25.0, pitch=32.0),
        animated=True,
        # From above the knee's start to beyond its end: towards the far shoulder.
        marks=(Arrow((at("knee_l", -22.0, 0.0, 18.0), at("end.knee_l", 4.0, 6.0, 18.0)), bend=-10.0),),
    )


def _band_assisted_ir() -> Scene:
    flat = Limb(abd=12.0, ankle=-15.0)

    def pose(rot: float, pull: float) -> Pose:
        # The right hand draws the band across the body towards the right.
        return supine(
            leg_r=flat,
            leg_l=Limb(flex=90.0, bend=95.0, rot=rot, ankle=0.0),
            arm_l=Limb(abd=14.0),
            arm_r=Reach(at("hip_r", 22.0, pull, 30.0), pole=(0.3, 1.0, -0.2)),
        )

    # Round the middle of the foot, up the outside of the shin, over the
    # top of the knee and across to the hand.
    band = Band(
        (
            Between("ankle_l", "toe_l", 0.5),
            Between("knee_l", "ankle_l", 0.55, (0.0, -9.0, 0.0)),
            at("knee_l", 0.0, -7.0, 6.0),
            at("knee_l", 0.0, 2.0, 9.0),
            at("hand_r"),
        ),
        bias=-12.0,
    )
    return Scene(
        "band-assisted-ir",
        "Band-assisted internal rotation: the band pulls the foot out",
        "000",
        pose(0.0, 16.0),
        pose(45.0, 34.0),
        camera=Camera(yaw=15.0, pitch=40.0),
        animated=True,
        props=(band, Loop(Between("ankle_l", "toe_l", 0.5), ("ankle_l", "toe_l"))),
        marks=(Trace("toe_l", shift=(8, 8)),),
    )


def _figure_four_supine() -> Scene:
    start = supine(
        leg_r=Limb(flex=95.0, bend=95.0, ankle=-10.0),
        leg_l=Reach(at("knee_r", -4.0, -6.0, 12.0), pole=(0.0, -1.0, 0.6), toe=(0.2, 1.0, 0.3)),
        arm_l=Reach(at("knee_r", 12.0, -4.0, -4.0), pole=(0.0, -1.0, 0.2)),
        arm_r=Reach(at("knee_r", 12.0, 8.0, -4.0), pole=(0.0, 1.0, 0.2)),
        neck=15.0,
    )
    return Scene(
        "figure-four-supine",
        "Figure 4 stretch lying on the back",
        "001",
        start,
        camera=Camera(yaw=45.0, pitch=30.0),
    )


def _ir_stretch_supine() -> Scene:
    # The other foot rests on the outer side of the fallen knee, from above.
    foot_on_knee = Reach(at("knee_l", -2.0, -6.0, 18.0), pole=(0.0, 0.3, 1.0), toe=(-1.0, 0.0, -0.2))
    start = supine(leg_l=hook("l", (0.0, 0.0, 1.0), ahead=76.0, out=10.0), leg_r=foot_on_knee)
    end = supine(leg_l=hook("l", (0.0, 1.0, 0.7), ahead=76.0, out=10.0), leg_r=foot_on_knee)
    return Scene(
        "ir-stretch-supine",
        "Internal rotation stretch lying on the back",
        "001",
        start,
        end,
        camera=Camera(yaw=40.0, pitch=45.0),
        solid_end=True,
        marks=(Trace("knee_l", shift=(-4, -16)),),
    )


def _ir_stretch_wall() -> Scene:
    # The other foot comes off the wall onto the outer side of the fallen knee.
    press = Reach(at("knee_l", -4.0, -6.0, 21.0), pole=(0.3, 0.3, 1.0), toe=(-1.0, 0.0, -0.2))
    start = _ninety_ninety_lying(WALL_X, (1.0, 0.0, 0.3), (1.0, 0.0, 0.3), leg_r=press)
    end = _ninety_ninety_lying(WALL_X, (0.6, 1.0, 0.0), (1.0, 0.0, 0.3), leg_r=press)
    return Scene(
        "ir-stretch-wall",
        "Internal rotation stretch with the feet on a wall",
        "001",
        start,
        end,
        camera=Camera(yaw=-20.0, pitch=50.0),
        solid_end=True,
        props=(Wall(WALL_X, height=130.0),),
        floor_box=(WALL_X, 160.0, -50.0, 50.0),
        marks=(Trace("knee_l", shift=(0, -14)),),
    )


def _band_distraction_neutral() -> Scene:
    start = supine(leg_l=Limb(ankle=-15.0), leg_r=Limb(abd=6.0, ankle=-15.0))
    return Scene(
        "band-distraction-neutral",
        "Band distraction with the hip straight",
        "001",
        start,
        camera=LYING,
        props=(
            Anchor(ANCHOR_X, -10.0),
            Loop(at("ankle_l"), ("knee_l", "ankle_l")),
            Band((at("ankle_l"), at(None, ANCHOR_X, -10.0, 26.0))),
        ),
        marks=(Arrow((at("knee_l", 10.0, 0.0, 20.0), at("knee_l", -30.0, 0.0, 20.0))),),
    )


def _band_distraction_flexion() -> Scene:
    start = supine(
        leg_l=Limb(flex=92.0, bend=80.0, ankle=-10.0),
        leg_r=Limb(ankle=-15.0),
        arm_l=Reach(at("knee_l", 12.0, -8.0, -6.0), pole=(0.0, -1.0, 0.0)),
        arm_r=Reach(at("knee_l", 12.0, 8.0, -6.0), pole=(0.0, 1.0, 0.0)),
    )
    crease = at("hip_l", -6.0, -4.0, 10.0)
    return Scene(
        "band-distraction-flexion",
        "Band distraction with the hip bent",
        "001",
        start,
        camera=LYING,
        # The anchor a little to the near side, so the band reads apart from
        # the long leg.
        props=(
            Anchor(ANCHOR_X, -40.0),
            Loop(crease, ("hip_l", "knee_l")),
            Band((crease, at(None, ANCHOR_X, -40.0, 26.0))),
        ),
        marks=(Arrow((at("hip_l", -16.0, -20.0, 40.0), at("hip_l", -60.0, -20.0, 40.0))),),
    )


def _lateral_band_distraction() -> Scene:
    start = supine(
        leg_l=Limb(flex=92.0, bend=80.0, ankle=-10.0),
        leg_r=Limb(ankle=-15.0),
        arm_l=Reach(at("knee_l", 12.0, -8.0, -6.0), pole=(0.0, -1.0, 0.0)),
        arm_r=Reach(at("knee_l", 12.0, 8.0, -6.0), pole=(0.0, 1.0, 0.0)),
    )
    anchor_y = -150.0
    inner = at("hip_l", -2.0, 9.0, 16.0)
    outer = at("hip_l", -2.0, -10.0, 16.0)
    return Scene(
        "lateral-band-distraction",
        "Lateral band distraction",
        "001",
        start,
        camera=Camera(yaw=25.0, pitch=42.0),
        props=(
            Anchor(0.0, anchor_y),
            Loop(Between("hip_l", "knee_l", 0.2), ("hip_l", "knee_l")),
            Band((inner, outer, at(None, 0.0, anchor_y, 26.0))),
        ),
        marks=(Arrow((at("hip_l", 30.0, -24.0, 0.0), at("hip_l", 30.0, -70.0, 0.0))),),
    )


def _femoral_head_centration() -> Scene:
    pelvis_x = 0.0
    probe = supine(leg_l=Limb(flex=100.0, bend=105.0, ankle=20.0), position=(pelvis_x, 0, 0))
    sk = solve(probe)
    wall = min(sk["ankle_l"][0], sk["toe_l"][0]) - P.foot_width / 2
    return Scene(
        "femoral-head-centration",
        "Femoral head centration: heel drives into the wall",
        "001",
        # The other knee bent, foot on the floor: a long leg would go through the wall.
        probe.with_(leg_r=hook("r", (0.0, 0.2, 1.0), ahead=28.0)),
        camera=LYING,
        props=(Wall(wall, height=140.0),),
        floor_box=(wall, 180.0, -50.0, 50.0),
        marks=(Arrow((at("ankle_l", 26.0, -16.0, -2.0), at("ankle_l", 4.0, -16.0, -2.0))),),
    )


def _hip_shift_wall() -> Scene:
    start = _ninety_ninety_lying(WALL_X, (0.0, 0.0, 1.0), (0.0, 0.0, 1.0))
    end = start.with_(position=(start.position[0] + 4, 0.0, start.position[2] + 8), pitch=-84.0)
    return Scene(
        "hip-shift-wall",
        "Hip shift: feet on the wall, tailbone lifts",
        "001",
        start,
        end,
        camera=LYING,
        props=(Wall(WALL_X, height=130.0),),
        floor_box=(WALL_X, 190.0, -50.0, 50.0),
        marks=(Arrow((at("pelvis", 0.0, -30.0, -6.0), at("pelvis", 0.0, -30.0, 24.0))),),
    )


def _ninety_ninety_breathing() -> Scene:
    seat = P.torso_width / 2 + P.thigh - P.foot_width
    leg = Limb(flex=90.0, bend=90.0, ankle=0.0)
    start = supine(leg_l=leg, leg_r=leg, arm_l=Limb(abd=14.0), arm_r=Limb(abd=14.0))
    sk = solve(start)
    front = sk["ankle_l"][0] + 14.0
    return Scene(
        "ninety-ninety-breathing",
        "90/90 breathing: heels dig down",
        "003",
        start,
        camera=LYING,
        treated=None,
        props=(Chair(front, seat=seat, facing=1),),
        marks=(Arrow((at("ankle_l", 0.0, -24.0, 30.0), at("ankle_l", 0.0, -24.0, 4.0))),),
    )


BUILDERS: dict[str, Callable[[], Scene]] = {
    "ir-hang": _ir_hang,
    "er-knee-to-shoulder": _er_knee_to_shoulder,
    "band-assisted-ir": _band_assisted_ir,
    "figure-four-supine": _figure_four_supine,
    "ir-stretch-supine": _ir_stretch_supine,
    "ir-stretch-wall": _ir_stretch_wall,
    "band-distraction-neutral": _band_distraction_neutral,
    "band-distraction-flexion": _band_distraction_flexion,
    "lateral-band-distraction": _lateral_band_distraction,
    "femoral-head-centration": _femoral_head_centration,
    "hip-shift-wall": _hip_shift_wall,
    "ninety-ninety-breathing": _ninety_ninety_breathing,
}
"""This family's scene builders by image name."""
