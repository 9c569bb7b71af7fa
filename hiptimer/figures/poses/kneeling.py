"""On hands and knees, or kneeling: pigeon, capsule stretch, rock back.

Facing the left of the picture (heading 180), left side nearest.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from hiptimer.figures import geometry as g
from hiptimer.figures.body import SIDES, At, Limb, Pose, Reach, solve
from hiptimer.figures.draw import Camera
from hiptimer.figures.geometry import Vec
from hiptimer.figures.marks import Arrow, Trace
from hiptimer.figures.poses.common import P, at, on_floor
from hiptimer.figures.props import (
    Anchor,
    Band,
)
from hiptimer.figures.scene import Scene


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


def kneel(pose: Pose, knees: dict[str, Vec], shins: dict[str, Vec]) -> Pose:
    """``pose`` lowered onto its knees, both resting exactly on ``knees``.

    The pelvis keeps its place over the floor; its height and its ``spin``
    (one hip dipping) are found so that each thigh reaches its knee's floor
    point. Each shin runs back along the floor in the direction
    ``shins[side]`` with the toes tucked under.
    """
    knee_z, ankle_z = P.leg_width / 2, P.foot_width / 2 + P.foot
    x, y = pose.position[0], pose.position[1]
    floor = {s: (knees[s][0], knees[s][1], knee_z) for s in SIDES}

    def hips(z: float, spin: float) -> dict[str, Vec]:
        sk = solve(pose.with_(position=(x, y, z), spin=spin, ground=False))
        return {s: sk[f"hip_{s}"] for s in SIDES}

    def height(spin: float) -> float:
        # The pelvis height that puts the left knee on its point.
        low, high = knee_z, knee_z + P.thigh
        for _ in range(32):
            mid = (low + high) / 2
            near = g.length(g.sub(hips(mid, spin)["l"], floor["l"])) < P.thigh
            low, high = (mid, high) if near else (low, mid)
        return (low + high) / 2

    def miss(spin: float) -> float:
        return g.length(g.sub(hips(height(spin), spin)["r"], floor["r"])) - P.thigh

    # Scan for the spin where the right knee's miss changes sign, then halve.
    spins = [float(a) for a in range(-45, 46, 5)]
    brackets = [(a, b) for a, b in itertools.pairwise(spins) if (miss(a) > 0) != (miss(b) > 0)]
    if not brackets:
        raise ValueError("kneel: no pelvis tilt puts both knees on their points")
    low, high = brackets[0]
    for _ in range(20):
        mid = (low + high) / 2
        low, high = (mid, high) if (miss(mid) > 0) == (miss(low) > 0) else (low, mid)
    spin = (low + high) / 2
    z = height(spin)
    legs = {}
    run = math.sqrt(P.shin**2 - (ankle_z - knee_z) ** 2)
    for s in SIDES:
        back = g.unit((shins[s][0], shins[s][1], 0.0))
        knee = floor[s]
        ankle = (knee[0] + back[0] * run, knee[1] + back[1] * run, ankle_z)
        legs[f"leg_{s}"] = Reach(At(None, ankle), toe=(0.0, 0.0, -1.0), aim=At(None, knee))
    return pose.with_(position=(x, y, z), spin=spin, ground=False, **legs)


def level(pose: Pose) -> Pose:
    """``pose`` with the trunk turned back against the pelvis's spin, so the
    shoulders stay nearly level while one hip dips."""
    return pose.with_(trunk_twist=-0.8 * pose.spin)


def planted_hands(pose: Pose) -> dict[str, Reach]:
    """Arms whose hands stay where ``pose`` puts them (hands on the floor)."""
    sk = solve(pose)
    return {
        "arm_l": Reach(At(None, sk["hand_l"]), pole=(1.0, -0.5, 0.0)),
        "arm_r": Reach(At(None, sk["hand_r"]), pole=(1.0, 0.5, 0.0)),
    }


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
            leg_r=Reach(
                on_floor("hip_r", 118.0, 4.0), pole=(0.0, 0.0, -1.0), toe=(0.0, 0.0, 1.0), point=80.0
            ),
            # The near hand goes down outside the front knee.
            arm_l=Reach(on_floor("hip_l", -reach, -22.0 - 0.4 * (reach - 14.0)), pole=(1.0, 0.0, bend)),
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


def _posterior_capsule_stretch() -> Scene:
    # The working (left, near) knee crosses in front of the other knee, its
    # shin running back and out to the near side; then the weight goes onto
    # it and the pelvis pushes back and out, tipping towards the working side,
    # while the knees and hands stay put.
    knees = {"l": (-20.0, 10.0), "r": (0.0, 14.0)}
    shins = {"l": (0.5, -0.85), "r": (1.0, 0.1)}
    arms = {
        "arm_l": Reach(on_floor("shoulder_l", -4.0, -4.0), pole=(1.0, -0.5, 0.0)),
        "arm_r": Reach(on_floor("shoulder_r", -4.0, 4.0), pole=(1.0, 0.5, 0.0)),
    }
    base = Pose(heading=180.0, pitch=78.0, neck=-55.0, position=(-4.0, 0.0, 0.0), **arms)
    start = level(kneel(base, knees, shins))
    hands = planted_hands(start)
    start = start.with_(**hands)
    end = level(kneel(
        base.with_(position=(8.0, -4.0, 0.0), pitch=70.0, neck=-50.0),
        knees,
        shins,
    )).with_(**hands)
    return Scene(
        "posterior-capsule-stretch",
        "Back of the hip stretch: knee crossed in front, hips back and out",
        "001",
        start,
        end,
        camera=Camera(yaw=18.0, pitch=24.0),
        solid_end=True,
        marks=(Arrow((at("start.pelvis", 0.0, 0.0, 30.0), at("end.pelvis", 12.0, -6.0, 30.0))),),
    )


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


BUILDERS: dict[str, Callable[[], Scene]] = {
    "pigeon": _pigeon,
    "posterior-capsule-stretch": _posterior_capsule_stretch,
    "quadruped-rockback-band": _quadruped_rockback_band,
}
"""This family's scene builders by image name."""
