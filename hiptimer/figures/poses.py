"""The catalogue: one scene per exercise and self-test picture.

Every scene is drawn for the LEFT leg (``#2F80ED``); the right-side picture
is its mirror (see :func:`hiptimer.figures.svg_for_side`). Views are chosen
per pose: a side view for most lying stretches, a front view for seated and
standing rotation, a raised three-quarter view where a knee or foot moves
across the body. Sources name the articles in ``shared/seeds`` (000-004).

World directions used below (see :mod:`hiptimer.figures.body`):

* lying on the back (:func:`supine`): head towards +X, left side towards the
  viewer (-Y), front of the body up (+Z);
* face down (:func:`prone`): head towards -X, left side towards the viewer;
* standing or sitting side-on (:func:`standing`): facing -X, left side near;
* facing the viewer (heading -90): the left side is on the picture's right
  (+X) and forward is -Y.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from hiptimer.figures.body import PROPORTIONS, At, Limb, Pose, Reach, solve
from hiptimer.figures.draw import Camera
from hiptimer.figures.geometry import Vec
from hiptimer.figures.scene import (
    Anchor,
    AngleArc,
    Arrow,
    Ball,
    Band,
    Block,
    Chair,
    FoamRoll,
    Loop,
    Orbit,
    Scene,
    Squeeze,
    SwivelChair,
    Trace,
    Wall,
)

P = PROPORTIONS

# -- helpers ----------------------------------------------------------------------


def at(joint: str | None, x: float = 0.0, y: float = 0.0, z: float = 0.0) -> At:
    """A joint plus a world offset (or an absolute point when ``joint`` is None)."""
    return At(joint, (x, y, z))


def on_floor(joint: str | None, x: float = 0.0, y: float = 0.0, z: float = 0.0) -> At:
    """The floor point under a joint plus an offset (``z`` above the floor)."""
    return At(joint, (x, y, z), floor=True)


def supine(**kw: object) -> Pose:
    """On the back: head to the right, left side nearest, arms by the sides."""
    arms = Limb(abd=12.0)
    return Pose(heading=180.0, pitch=-90.0, arm_l=arms, arm_r=arms).with_(**kw)


def prone(**kw: object) -> Pose:
    """Face down: head to the left, left side nearest, forehead on the hands."""
    arms = Limb(flex=160.0, abd=35.0, bend=120.0, rot=60.0)
    return Pose(heading=180.0, pitch=90.0, neck=-15.0, arm_l=arms, arm_r=arms).with_(**kw)


def standing(**kw: object) -> Pose:
    """Upright facing the left of the picture, left side nearest."""
    return Pose(heading=180.0).with_(**kw)


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


def hook(side: str, pole: Vec, ahead: float = 70.0, out: float = 8.0) -> Reach:
    """Lying on the back: foot flat on the floor ``ahead`` of the hip and ``out``
    to the side, the knee pointing along ``pole``."""
    y = -out if side == "l" else out
    return Reach(on_floor(f"hip_{side}", -ahead, y), pole=pole, toe=(-1.0, 0.0, 0.0))


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


def quadruped(**kw: object) -> Pose:
    """On hands and knees facing the left of the picture."""
    shin = Limb(flex=78.0, bend=90.0, ankle=-80.0)
    return Pose(
        heading=180.0,
        pitch=78.0,
        neck=-60.0,
        leg_l=shin,
        leg_r=shin,
        arm_l=Reach(on_floor("shoulder_l", -4.0, -4.0), pole=(1.0, -0.5, 0.0)),
        arm_r=Reach(on_floor("shoulder_r", -4.0, 4.0), pole=(1.0, 0.5, 0.0)),
    ).with_(**kw)


def ninety_ninety(front: str, knees: str = "", **kw: object) -> Pose:
    """Seated 90/90 facing the viewer: the ``front`` leg in external rotation,
    its shin across in front of the body; the other leg in internal rotation,
    out to its side with the shin pointing back. Both knees bend 90 degrees.

    ``knees`` (``"l"``/``"r"``) says which way the knees point; a pose with
    the knees to the other side keeps the same feet, so the two blend into a
    90/90 switch.
    """
    s = 1.0 if front == "l" else -1.0  # +X is the figure's left
    back = "r" if front == "l" else "l"
    knees = knees or front
    k = 1.0 if knees == front else -1.0
    legs = {
        f"leg_{front}": Reach(
            on_floor(f"hip_{front}", s * 4.0, -80.0),
            pole=(k * s * 0.7, -0.7, 0.12),
            toe=(-s, -0.4, 0.0),
        ),
        f"leg_{back}": Reach(
            on_floor(f"hip_{back}", -s * 80.0, -4.0),
            pole=(-k * s * 0.7, -0.7 * k, 0.12),
            toe=(0.0, 1.0, 0.0),
        ),
    }
    hands = {
        "arm_l": Limb(flex=14.0, abd=24.0, bend=24.0),
        "arm_r": Limb(flex=14.0, abd=24.0, bend=24.0),
    }
    base = Pose(heading=-90.0, position=(0.0, 0.0, P.torso_width / 2), ground=False)
    return base.with_(**legs, **hands).with_(**kw)


FRONT = Camera(yaw=0.0, pitch=14.0)
"""A figure facing the viewer, eye a little above."""
TEST_SEATED = Camera(yaw=10.0, pitch=18.0)
"""Seated self-tests: nearly straight on, so the shin's angle reads true."""
SEATED = Camera(yaw=28.0, pitch=16.0)
"""Sitting on a chair facing the viewer: turned a little to show the thighs."""
LYING = Camera(yaw=14.0, pitch=22.0)
"""Lying stretches: from the side, a little above and towards the feet."""
LYING_HIGH = Camera(yaw=25.0, pitch=40.0)
"""Lying on the back with a knee falling across the body: higher up."""
ABOVE_FEET = Camera(yaw=75.0, pitch=60.0)
"""Lying on the back, seen from above and beyond the feet: knees falling in."""
FLOOR_SITTING = Camera(yaw=30.0, pitch=32.0)
"""Sitting on the floor facing the viewer: three-quarter view from above."""
BEHIND_FEET = Camera(yaw=-50.0, pitch=32.0)
"""Lying face down, seen from above and behind, towards the feet."""
SIDE_ON = Camera(yaw=-10.0, pitch=8.0)
"""Standing or sitting side-on, nearly level."""

# -- Level routines (000) -----------------------------------------------------------


def _ir_hang() -> Scene:
    arms = {"arm_l": Limb(abd=40.0), "arm_r": Limb(abd=40.0)}
    start = supine(
        **arms,
        leg_l=hook("l", (0.0, -0.2, 1.0), out=24.0),
        leg_r=hook("r", (0.0, 0.2, 1.0), out=24.0),
    )
    end = supine(
        **arms,
        leg_l=hook("l", (0.0, 1.0, 0.5), out=24.0),
        leg_r=hook("r", (0.0, -1.0, 0.5), out=24.0),
    )
    return Scene(
        "ir-hang",
        "Internal rotation hang: knees fall inwards",
        "000",
        start,
        end,
        camera=ABOVE_FEET,
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
        marks=(Trace("knee_l", shift=(0, -16)),),
    )


def _band_assisted_ir() -> Scene:
    flat = Limb(ankle=-15.0)

    def pose(rot: float) -> Pose:
        return supine(
            leg_r=flat,
            leg_l=Limb(flex=90.0, bend=95.0, rot=rot, ankle=0.0),
            arm_l=Limb(abd=14.0),
            arm_r=Reach(at("shoulder_r", -38.0, -20.0, 40.0), pole=(0.0, 1.0, 0.0)),
        )

    start, end = pose(0.0), pose(45.0)
    band = Band(
        (
            at("toe_l", -3.0, -5.0, 0.0),
            at("ankle_l", 0.0, -8.0, 0.0),
            at("knee_l", 0.0, -9.0, 4.0),
            at("knee_l", 2.0, 0.0, 9.0),
            at("hand_r"),
        )
    )
    return Scene(
        "band-assisted-ir",
        "Band-assisted internal rotation",
        "000",
        start,
        end,
        camera=Camera(yaw=20.0, pitch=48.0),
        animated=True,
        props=(band,),
        marks=(Trace("toe_l", shift=(8, 8)),),
    )


def _pigeon() -> Scene:
    def pose(trunk: float, reach: float, bend: float) -> Pose:
        return Pose(
            heading=180.0,
            position=(0.0, 0.0, 24.0),
            ground=False,
            trunk_flex=trunk,
            neck=-trunk * 0.4,
            leg_l=Reach(
                on_floor("hip_r", -44.0, 8.0), pole=(-0.8, -0.6, -0.1), toe=(0.0, 1.0, 0.0)
            ),
            leg_r=Reach(on_floor("hip_r", 112.0, 4.0), pole=(0.0, 0.0, -1.0), toe=(1.0, 0.0, -0.6)),
            arm_l=Reach(on_floor("hip_l", -reach, -22.0), pole=(1.0, 0.0, bend)),
            arm_r=Reach(on_floor("hip_r", -reach, 22.0), pole=(1.0, 0.0, bend)),
        )

    return Scene(
        "pigeon",
        "Pigeon pose: front shin across, torso lowers",
        "000/004",
        pose(0.0, 14.0, 0.0),
        pose(55.0, 70.0, 0.0),
        camera=Camera(yaw=35.0, pitch=22.0),
        marks=(Trace("head", shift=(-14, -16)),),
    )


def _ninety_ninety_get_up() -> Scene:
    start = ninety_ninety("l")
    kneel_z = P.thigh + P.leg_width / 2
    end = Pose(
        heading=-60.0,
        position=(52.0, -40.0, kneel_z),
        ground=False,
        leg_l=Reach(on_floor("hip_l", 24.0, 48.0), pole=(0.0, -0.3, -1.0), toe=(0.3, 1.0, -0.5)),
        leg_r=Reach(on_floor("hip_r", -30.0, -52.0), pole=(-0.5, -0.9, 0.5), toe=(-0.5, -1.0, 0.0)),
        arm_l=Limb(flex=14.0, abd=24.0, bend=24.0),
        arm_r=Limb(flex=14.0, abd=24.0, bend=24.0),
    )
    return Scene(
        "ninety-ninety-get-up",
        "90/90 get-up to half kneeling",
        "000",
        start,
        end,
        camera=Camera(yaw=-15.0, pitch=42.0),
        animated=True,
        marks=(Trace("ankle_r", shift=(0, 10)),),
    )


# -- Releases and stretches (001) -----------------------------------------------------


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
        props=(Chair(12.0, seat=seat, facing=-1),),
        marks=(Trace("head", shift=(-10, -14)),),
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
        camera=Camera(yaw=25.0, pitch=30.0),
    )


def _posterior_capsule_stretch() -> Scene:
    crossed = Limb(flex=95.0, abd=-32.0, rot=10.0, bend=100.0, ankle=-80.0)
    start = quadruped(leg_l=crossed, anchor="knee_r")
    hands = planted_hands(start)
    start = start.with_(**hands)
    # Pelvis back and out (towards the treated side) over the planted knees.
    end = quadruped(
        anchor="knee_r",
        pitch=64.0,
        trunk_side=-8.0,
        leg_l=Limb(flex=112.0, abd=-40.0, rot=10.0, bend=122.0, ankle=-80.0),
        leg_r=Limb(flex=100.0, abd=14.0, bend=112.0, ankle=-80.0),
        **hands,
    )
    return Scene(
        "posterior-capsule-stretch",
        "Posterior capsule stretch on hands and knees",
        "001",
        start,
        end,
        camera=Camera(yaw=20.0, pitch=36.0),
        solid_end=True,
        marks=(Trace("pelvis", shift=(0, -24)),),
    )


def _ir_stretch_supine() -> Scene:
    foot_on_knee = Reach(at("knee_l", -2.0, -14.0, 2.0), pole=(0.0, 0.3, 1.0), toe=(0.0, 0.0, -1.0))
    start = supine(leg_l=hook("l", (0.0, 0.0, 1.0), ahead=76.0, out=10.0), leg_r=foot_on_knee)
    end = supine(leg_l=hook("l", (0.0, 1.0, 0.7), ahead=76.0, out=10.0), leg_r=foot_on_knee)
    return Scene(
        "ir-stretch-supine",
        "Internal rotation stretch lying on the back",
        "001",
        start,
        end,
        camera=LYING_HIGH,
        solid_end=True,
        marks=(Trace("knee_l", shift=(-4, -16)),),
    )


def _ninety_ninety_lying(wall_x: float, pole_l: Vec, pole_r: Vec, **kw: object) -> Pose:
    """Lying on the back with both feet on a wall at ``wall_x``, hips and knees at 90."""
    foot_z = P.torso_width / 2 + P.thigh

    def leg(side: str, pole: Vec) -> Reach:
        y = -P.hip_half if side == "l" else P.hip_half
        return Reach(at(None, wall_x + P.foot_width / 2, y, foot_z), pole=pole, toe=(0.0, 0.0, 1.0))

    return supine(
        leg_l=leg("l", pole_l),
        leg_r=leg("r", pole_r),
        position=(wall_x + P.shin + P.foot_width / 2, 0.0, P.torso_width / 2),
        ground=False,
    ).with_(**kw)


WALL_X = -80.0


def _ir_stretch_wall() -> Scene:
    press = Reach(at("knee_l", -6.0, -14.0, 4.0), pole=(0.0, 0.2, 1.0), toe=(0.0, 0.0, -1.0))
    start = _ninety_ninety_lying(WALL_X, (1.0, 0.0, 0.3), (1.0, 0.0, 0.3), leg_r=press)
    end = _ninety_ninety_lying(WALL_X, (0.6, 1.0, 0.0), (1.0, 0.0, 0.3), leg_r=press)
    return Scene(
        "ir-stretch-wall",
        "Internal rotation stretch with the feet on a wall",
        "001",
        start,
        end,
        camera=Camera(yaw=-30.0, pitch=34.0),
        solid_end=True,
        props=(Wall(WALL_X, height=130.0),),
        floor_box=(WALL_X, 160.0, -50.0, 50.0),
        marks=(Trace("knee_l", shift=(0, -14)),),
    )


# -- Joint mobilisation (001) ---------------------------------------------------------

ANCHOR_X = -150.0


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
            Loop(at("ankle_l"), 8.0),
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
        props=(
            Anchor(ANCHOR_X, -10.0),
            Loop(crease, 9.0),
            Band((crease, at(None, ANCHOR_X, -10.0, 26.0))),
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
            Loop(at("hip_l", -2.0, 0.0, 16.0), 10.0),
            Band((inner, outer, at(None, 0.0, anchor_y, 26.0))),
        ),
        marks=(Arrow((at("hip_l", 30.0, -24.0, 0.0), at("hip_l", 30.0, -70.0, 0.0))),),
    )


def _hip_click() -> Scene:
    seat = 62.0
    start = seated(
        seat,
        leg_l=Limb(flex=90.0, abd=4.0, bend=90.0),
        leg_r=Limb(flex=90.0, abd=4.0, bend=90.0),
        arm_l=Reach(at("knee_l", -11.0, 6.0, 0.0), pole=(1.0, 0.0, -0.3)),
        arm_r=Reach(at("knee_r", 11.0, 6.0, 0.0), pole=(-1.0, 0.0, -0.3)),
    )
    return Scene(
        "hip-click",
        "Hip click: fists between the knees, squeeze",
        "001",
        start,
        camera=Camera(yaw=35.0, pitch=22.0),
        treated=None,
        props=(Chair(0.0, seat=seat, turned=True, depth=-24.0),),
        marks=(Squeeze("knee_l", "knee_r", gap=16.0),),
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
        probe.with_(leg_r=Limb(ankle=-15.0)),
        camera=LYING,
        props=(Wall(wall, height=140.0),),
        floor_box=(wall, 180.0, -50.0, 50.0),
        marks=(Arrow((at("ankle_l", 26.0, -16.0, -2.0), at("ankle_l", 4.0, -16.0, -2.0))),),
    )


# -- Gentle movements (001) -------------------------------------------------------------


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
        pose((-1.0, -0.2, -0.15)),
        camera=FLOOR_SITTING,
        animated=True,
        marks=(Trace("knee_l", shift=(0, -12)),),
    )


# -- Strengthening (001) -----------------------------------------------------------------


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


def _ninety_ninety_foot_lift() -> Scene:
    block_top = 14.0

    def pose(lift: float) -> Pose:
        back = Reach(
            on_floor("hip_l", 74.0, 26.0, lift), pole=(0.8, -0.6, 0.15), toe=(0.3, 1.0, 0.0)
        )
        return ninety_ninety("r", position=(0.0, 0.0, block_top + P.torso_width / 2), leg_l=back)

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


# -- Functional practice (001) -------------------------------------------------------------


def _step_across() -> Scene:
    def pose(turn: float, foot_y: float, foot_x: float) -> Pose:
        return standing(
            anchor="ankle_l",
            position=(0.0, 0.0, 0.0),
            heading=180.0 + turn,
            leg_l=Limb(flex=20.0, bend=8.0, rot=turn, ankle=-12.0),
            leg_r=Reach(
                on_floor("ankle_l", foot_x, foot_y), pole=(-1.0, 0.0, 0.0), toe=(-1.0, 0.0, 0.0)
            ),
            arm_l=Limb(abd=12.0),
            arm_r=Limb(abd=12.0),
        )

    return Scene(
        "step-across",
        "Step across: back foot crosses behind",
        "001",
        pose(0.0, 20.0, 66.0),
        pose(28.0, -26.0, 58.0),
        camera=Camera(yaw=-50.0, pitch=20.0),
        animated=True,
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
            else Reach(at("hip_r", 6.0, 8.0, -40.0), pole=(1.0, 0.0, 0.0))
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


# -- Article 002 --------------------------------------------------------------------------


def _knee_to_floor() -> Scene:
    press = Reach(at("knee_l", 14.0, 0.0, 4.0), pole=(-0.5, -0.3, 1.0), toe=(-1.0, 0.0, 0.0))

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
            leg_l=floor_knees("l", pole_l, ahead=64.0, out=12.0),
            leg_r=floor_knees("r", (0.0, 0.0, 1.0), ahead=64.0, out=12.0),
            **hands_behind(30.0, 16.0),
        )

    return Scene(
        "knee-inward-tilt",
        "Knee inward tilt: inner foot stays down",
        "002",
        pose((0.0, 0.0, 1.0)),
        pose((-1.0, -0.2, 0.5)),
        camera=FLOOR_SITTING,
        animated=True,
        marks=(Trace("knee_l", shift=(0, -14)),),
    )


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


# -- Article 003 ----------------------------------------------------------------------------


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


# -- Article 004 ----------------------------------------------------------------------------


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


def _ninety_ninety_rotation() -> Scene:
    start = ninety_ninety("l", trunk_twist=-15.0)
    end = ninety_ninety("r", trunk_twist=15.0)
    return Scene(
        "ninety-ninety-rotation",
        "90/90 rotation: knees turn to the other side",
        "004",
        start,
        end,
        camera=Camera(yaw=0.0, pitch=60.0),
        animated=True,
        ghost=False,
        marks=(
            Arrow((at("ankle_l", 0.0, -14.0), at("end.ankle_l", 0.0, -14.0)), bend=-26.0),
            Arrow((at("ankle_r", 0.0, -14.0), at("end.ankle_r", 0.0, -14.0)), bend=26.0),
        ),
    )


def planted_hands(pose: Pose) -> dict[str, Reach]:
    """Arms whose hands stay where ``pose`` puts them (hands on the floor)."""
    sk = solve(pose)
    return {
        "arm_l": Reach(At(None, sk["hand_l"]), pole=(1.0, -0.5, 0.0)),
        "arm_r": Reach(At(None, sk["hand_r"]), pole=(1.0, 0.5, 0.0)),
    }


def _quadruped_rockback_band() -> Scene:
    anchor_y = -120.0
    start = quadruped(anchor="knee_l")
    hands = planted_hands(start)
    start = start.with_(**hands)

    # Hips sit back over the heels: the thighs lean back 45 degrees about the
    # knees, which stay put, as do the hands.
    sat_back = Limb(flex=111.0, bend=135.0, ankle=-80.0)
    end = quadruped(anchor="knee_l", pitch=66.0, leg_l=sat_back, leg_r=sat_back, **hands)
    thigh = at("hip_l", 0.0, 6.0, -22.0)
    return Scene(
        "quadruped-rockback-band",
        "Quadruped rock back with a band pulling the thigh out",
        "004",
        start,
        end,
        camera=Camera(yaw=-22.0, pitch=26.0),
        animated=True,
        props=(Anchor(10.0, anchor_y, 40.0), Band((thigh, at(None, 10.0, anchor_y, 32.0)))),
        marks=(Trace("pelvis", shift=(0, -24)),),
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


# -- Self-tests -----------------------------------------------------------------------------


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


_BUILDERS: tuple[Callable[[], Scene], ...] = (
    _ir_hang,
    _er_knee_to_shoulder,
    _band_assisted_ir,
    _pigeon,
    _ninety_ninety_get_up,
    _ball_release,
    _figure_four_seated,
    _figure_four_supine,
    _posterior_capsule_stretch,
    _ir_stretch_supine,
    _ir_stretch_wall,
    _band_distraction_neutral,
    _band_distraction_flexion,
    _lateral_band_distraction,
    _hip_click,
    _femoral_head_centration,
    _swivel_chair,
    _straight_leg_roll,
    _sitting_knee_drop,
    _seated_hip_ir,
    _side_lie_ir,
    _hip_shift_wall,
    _ninety_ninety_foot_lift,
    _step_across,
    _staggered_stance_hinge,
    _knee_to_floor,
    _knee_inward_tilt,
    _band_isometric_ir,
    _ir_arom,
    _ninety_ninety_breathing,
    _kickstand_ir,
    _single_leg_rdl,
    _sidelying_ir,
    _ninety_ninety_rotation,
    _quadruped_rockback_band,
    _seated_ir_band,
    _test_prone_ir,
    _test_seated_ir_flexion,
    _test_seated_active_ir,
)

SCENES: dict[str, Scene] = {scene.name: scene for scene in (build() for build in _BUILDERS)}
"""Every picture by name (file name without ``.svg``), in catalogue order."""
