"""The catalogue: one scene per exercise and self-test picture.

Every scene is drawn for the LEFT leg (``#2F80ED``); the right-side picture
is its mirror (see :func:`hiptimer.figures.svg_for_side`). Views are chosen
per pose: a side view for most lying stretches, a front view for seated and
standing rotation, a raised three-quarter view where a knee or foot moves
across the body. Sources refer to the articles in ``shared/seeds``.
"""

from __future__ import annotations

from hiptimer.figures.body import At, Limb, Pose, Reach
from hiptimer.figures.draw import Camera
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
    Scene,
    SwivelChair,
    Trace,
    Wall,
)

# -- base positions -------------------------------------------------------------

ARMS_DOWN = Limb(abd=10.0)
ARMS_ON_FLOOR = Limb(abd=12.0)


def supine(**kw: object) -> Pose:
    """On the back, head to the right of the picture, left side nearest."""
    base = Pose(heading=180.0, pitch=-90.0, arm_l=ARMS_ON_FLOOR, arm_r=ARMS_ON_FLOOR)
    return base.with_(**kw)


HOOK = Limb(flex=45.0, bend=90.0, ankle=-45.0)
"""Knee bent, foot flat on the floor (lying on the back)."""
FLAT = Limb(flex=0.0, ankle=-10.0)
"""Leg straight along the floor (lying on the back)."""


def prone(**kw: object) -> Pose:
    """Face down, head to the left of the picture, left side nearest."""
    base = Pose(
        heading=180.0,
        pitch=90.0,
        neck=-20.0,
        arm_l=Limb(flex=150.0, abd=20.0, bend=100.0),
        arm_r=Limb(flex=150.0, abd=20.0, bend=100.0),
    )
    return base.with_(**kw)


def standing(**kw: object) -> Pose:
    """Upright, facing the left of the picture (left side nearest)."""
    base = Pose(heading=180.0, leg_l=Limb(ankle=0.0), leg_r=Limb(ankle=0.0))
    return base.with_(**kw)


def seated_chair(seat: float, **kw: object) -> Pose:
    """Sitting on a chair seat at height ``seat``, facing the viewer."""
    base = Pose(
        position=(0.0, 0.0, seat + 11.0),
        heading=-90.0,
        ground=False,
        leg_l=Limb(flex=90.0, bend=90.0),
        leg_r=Limb(flex=90.0, bend=90.0),
        arm_l=Limb(flex=20.0, abd=12.0, bend=50.0),
        arm_r=Limb(flex=20.0, abd=12.0, bend=50.0),
    )
    return base.with_(**kw)


FRONT = Camera(yaw=0.0, pitch=8.0)
"""Looking at a figure that faces the viewer, eye a little above."""
HIGH_FRONT = Camera(yaw=0.0, pitch=28.0)


