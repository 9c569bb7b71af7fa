"""The figure model: one set of proportions, posed by joint angles.

A :class:`Pose` places the pelvis in the world and gives each joint an angle
in degrees; :func:`solve` turns it into a :class:`Skeleton` of 3D joint
positions. A limb can also be placed by a :class:`Reach` (hand or ankle at a
target, elbow or knee pointing towards a pole), for hands holding a knee or a
foot resting on the other knee. Every picture is drawn from the same
proportions, so front and side views share sizes and line weights.

Angle conventions (all in degrees):

* ``heading``: which way the body faces, about the vertical; 0 faces the
  right of the picture, 180 the left, -90 the viewer.
* ``pitch``: the body tipping forwards from upright (90 lies face down,
  -90 lies on the back); ``roll``: the body rolling onto its right side
  (positive) or left side (negative); ``spin``: the body turning about its
  own spine after that (on hands and knees facing left, negative dips the
  left hip).
* Legs: ``flex`` hip flexion, ``abd`` abduction, ``rot`` internal rotation
  (negative for external), ``bend`` knee flexion, ``ankle`` dorsiflexion.
* Arms: ``flex`` forward raise, ``abd`` sideways raise, ``rot`` internal
  rotation, ``bend`` elbow flexion.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from hiptimer.figures import geometry as g
from hiptimer.figures.geometry import Mat, Vec


@dataclass(frozen=True)
class Proportions:
    """Segment lengths and line weights, in picture pixels (viewBox units)."""

    torso: float = 70.0
    hip_half: float = 10.0
    shoulder_half: float = 15.0
    shoulder_drop: float = 7.0
    neck: float = 16.0
    head_radius: float = 15.0
    upper_arm: float = 42.0
    forearm: float = 44.0
    thigh: float = 60.0
    shin: float = 56.0
    foot: float = 17.0
    torso_width: float = 22.0
    leg_width: float = 15.0
    arm_width: float = 12.0
    foot_width: float = 11.0


PROPORTIONS = Proportions()

SIDES = ("l", "r")


@dataclass(frozen=True)
class Limb:
    """A leg or arm placed by joint angles (see the module notes)."""

    flex: float = 0.0
    abd: float = 0.0
    rot: float = 0.0
    bend: float = 0.0
    ankle: float = 0.0


@dataclass(frozen=True)
class At:
    """A target point: a joint of the figure plus a world offset.

    ``joint=None`` makes ``offset`` an absolute world point. ``floor=True``
    drops the point onto the floor (height = the limb's half width).
    """

    joint: str | None = None
    offset: Vec = (0.0, 0.0, 0.0)
    floor: bool = False


@dataclass(frozen=True)
class Reach:
    """A limb whose end (ankle or hand) reaches ``target``.

    ``pole`` is the world direction the knee or elbow points to, or ``aim``
    a point it points at (the joint lands there when the distances allow: a
    knee kept on the floor while the body moves). ``toe`` is the direction
    the foot points to (legs only; defaults to ``pole``), square to the shin
    unless ``point`` tips it that many degrees towards the shin's line (a
    pointed foot lying flat behind a long leg; negative lifts the toes, for a
    foot flat under a leaning shin).
    """

    target: At
    pole: Vec = (0.0, 0.0, 1.0)
    toe: Vec | None = None
    aim: At | None = None
    point: float = 0.0


LimbSpec = Limb | Reach


@dataclass(frozen=True)
class Pose:
    """A whole-body pose.

    ``position`` is where the pelvis goes, unless ``anchor`` names a joint:
    then that joint's floor position (X, Y) is ``position`` (a stance foot
    that stays put while the body hinges). ``ground`` drops the figure so
    its lowest point rests on the floor.
    """

    position: Vec = (0.0, 0.0, 0.0)
    heading: float = 0.0
    pitch: float = 0.0
    roll: float = 0.0
    spin: float = 0.0
    trunk_flex: float = 0.0
    trunk_side: float = 0.0
    trunk_twist: float = 0.0
    neck: float = 0.0
    head_turn: float = 0.0
    leg_l: LimbSpec = field(default_factory=Limb)
    leg_r: LimbSpec = field(default_factory=Limb)
    arm_l: LimbSpec = field(default_factory=lambda: Limb(abd=8.0))
    arm_r: LimbSpec = field(default_factory=lambda: Limb(abd=8.0))
    ground: bool = True
    anchor: str | None = None

    def with_(self, **changes: object) -> Pose:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Skeleton:
    """Joint positions in world space.

    Joints: ``pelvis``, ``neck``, ``head``, and per side ``s`` in ``l``/``r``:
    ``hip_s``, ``knee_s``, ``ankle_s``, ``toe_s``, ``shoulder_s``,
    ``elbow_s``, ``hand_s``.
    """

    joints: dict[str, Vec]
    pelvis_frame: Mat
    trunk_frame: Mat

    def __getitem__(self, name: str) -> Vec:
        return self.joints[name]


# Which way the base frame points before heading/pitch/roll: facing +X,
# upright, right side towards the viewer (-Y).
_BASE: Mat = g.from_columns((0.0, -1.0, 0.0), (1.0, 0.0, 0.0), (0.0, 0.0, 1.0))


def pelvis_frame(pose: Pose) -> Mat:
    """The pelvis orientation: columns are its right, forward, up axes."""
    return g.chain(
        g.rot_z(pose.heading), _BASE, g.rot_x(-pose.pitch), g.rot_y(pose.roll), g.rot_z(pose.spin)
    )


def _two_bone(root: Vec, target: Vec, a: float, b: float, pole: Vec) -> tuple[Vec, Vec]:
    """Middle joint and end point of a two-segment limb reaching ``target``."""
    to = g.sub(target, root)
    d = g.length(to)
    n = g.unit(to) if d > 1e-9 else (0.0, 0.0, -1.0)
    d = min(max(d, abs(a - b) + 1e-3), a + b - 1e-3)
    q = g.sub(pole, g.mul(n, g.dot(pole, n)))
    if g.length(q) < 1e-6:  # pole along the limb: pick any perpendicular
        q = g.cross(n, (0.0, 0.0, 1.0)) if abs(n[2]) < 0.9 else g.cross(n, (1.0, 0.0, 0.0))
    q = g.unit(q)
    x = (a * a - b * b + d * d) / (2 * d)
    h = math.sqrt(max(a * a - x * x, 0.0))
    middle = g.add(root, g.mul(n, x), g.mul(q, h))
    end = g.add(root, g.mul(n, d))
    return middle, end


def _leg_angles(joints: dict[str, Vec], side: str, frame: Mat, limb: Limb, p: Proportions) -> None:
    sign = 1.0 if side == "l" else -1.0
    thigh = g.chain(frame, g.rot_x(limb.flex), g.rot_y(sign * limb.abd), g.rot_z(-sign * limb.rot))
    shin = g.matmul(thigh, g.rot_x(-limb.bend))
    foot = g.matmul(shin, g.rot_x(limb.ankle))
    hip = joints[f"hip_{side}"]
    knee = g.add(hip, g.apply(thigh, (0.0, 0.0, -p.thigh)))
    ankle = g.add(knee, g.apply(shin, (0.0, 0.0, -p.shin)))
    joints[f"knee_{side}"] = knee
    joints[f"ankle_{side}"] = ankle
    joints[f"toe_{side}"] = g.add(ankle, g.apply(foot, (0.0, p.foot, 0.0)))


def _arm_angles(joints: dict[str, Vec], side: str, frame: Mat, limb: Limb, p: Proportions) -> None:
    sign = 1.0 if side == "l" else -1.0
    upper = g.chain(frame, g.rot_x(limb.flex), g.rot_y(sign * limb.abd), g.rot_z(-sign * limb.rot))
    fore = g.matmul(upper, g.rot_x(limb.bend))
    elbow = g.add(joints[f"shoulder_{side}"], g.apply(upper, (0.0, 0.0, -p.upper_arm)))
    joints[f"elbow_{side}"] = elbow
    joints[f"hand_{side}"] = g.add(elbow, g.apply(fore, (0.0, 0.0, -p.forearm)))


def _reach(
    joints: dict[str, Vec], kind: str, side: str, spec: Reach, target: Vec, p: Proportions
) -> None:
    root = joints[f"hip_{side}" if kind == "leg" else f"shoulder_{side}"]
    pole = spec.pole
    if spec.aim is not None:
        base = (0.0, 0.0, 0.0) if spec.aim.joint is None else joints[spec.aim.joint]
        pole = g.sub(g.add(base, spec.aim.offset), root)
    if kind == "leg":
        knee, ankle = _two_bone(root, target, p.thigh, p.shin, pole)
        joints[f"knee_{side}"] = knee
        joints[f"ankle_{side}"] = ankle
        shin = g.unit(g.sub(ankle, knee))
        toe = spec.toe if spec.toe is not None else pole
        along = g.unit(g.sub(toe, g.mul(shin, g.dot(toe, shin))))
        if spec.point:
            tip = math.radians(spec.point)
            along = g.add(g.mul(along, math.cos(tip)), g.mul(shin, math.sin(tip)))
        joints[f"toe_{side}"] = g.add(ankle, g.mul(along, p.foot))
    else:
        elbow, hand = _two_bone(root, target, p.upper_arm, p.forearm, pole)
        joints[f"elbow_{side}"] = elbow
        joints[f"hand_{side}"] = hand


def solve(pose: Pose, p: Proportions = PROPORTIONS) -> Skeleton:
    """Place every joint of ``pose`` in the world."""
    frame = pelvis_frame(pose)
    trunk = g.chain(
        frame, g.rot_z(pose.trunk_twist), g.rot_x(-pose.trunk_flex), g.rot_y(pose.trunk_side)
    )
    head = g.chain(trunk, g.rot_z(pose.head_turn), g.rot_x(-pose.neck))
    pelvis = pose.position
    neck = g.add(pelvis, g.apply(trunk, (0.0, 0.0, p.torso)))
    joints: dict[str, Vec] = {
        "pelvis": pelvis,
        "neck": neck,
        "head": g.add(neck, g.apply(head, (0.0, 0.0, p.neck + p.head_radius))),
    }
    for side, sign in (("l", -1.0), ("r", 1.0)):
        joints[f"hip_{side}"] = g.add(pelvis, g.apply(frame, (sign * p.hip_half, 0.0, 0.0)))
        joints[f"shoulder_{side}"] = g.add(
            neck, g.apply(trunk, (sign * p.shoulder_half, 0.0, -p.shoulder_drop))
        )

    limbs = [("leg", side, getattr(pose, f"leg_{side}")) for side in SIDES] + [
        ("arm", side, getattr(pose, f"arm_{side}")) for side in SIDES
    ]

    # 1. limbs placed by angles; 2. limbs reaching for joints already placed.
    late: list[tuple[str, str, Reach]] = []
    for kind, side, spec in limbs:
        if isinstance(spec, Limb):
            if kind == "leg":
                _leg_angles(joints, side, frame, spec, p)
            else:
                _arm_angles(joints, side, trunk, spec, p)
        else:
            late.append((kind, side, spec))
    # Reaches for joints of the figure can be placed before it is grounded;
    # reaches for the floor or a fixed point (and whatever hangs on them) after.
    late = _place_reaches(joints, late, p, floor=None)

    shift = [0.0, 0.0, 0.0]
    if pose.anchor is not None:
        shift[0] = pose.position[0] - joints[pose.anchor][0]
        shift[1] = pose.position[1] - joints[pose.anchor][1]
    if pose.ground:
        shift[2] = -min(v[2] - _radius(n, p) for n, v in joints.items())
    if shift != [0.0, 0.0, 0.0]:
        joints = {n: (v[0] + shift[0], v[1] + shift[1], v[2] + shift[2]) for n, v in joints.items()}

    late = _place_reaches(joints, late, p, floor=True)
    if late:
        missing = ", ".join(spec.target.joint or "?" for _, _, spec in late)
        raise ValueError(f"reach targets never placed: {missing}")
    return Skeleton(joints=joints, pelvis_frame=frame, trunk_frame=trunk)


def _place_reaches(
    joints: dict[str, Vec],
    reaches: list[tuple[str, str, Reach]],
    p: Proportions,
    floor: bool | None,
) -> list[tuple[str, str, Reach]]:
    """Place every reach whose target is known; return the others.

    With ``floor=None`` only targets on joints of the figure are placed (the
    figure is not grounded yet); with ``floor=True`` every kind is.
    """
    pending = list(reaches)
    progress = True
    while pending and progress:
        progress = False
        for item in list(pending):
            kind, side, spec = item
            t = spec.target
            if t.joint is not None and t.joint not in joints:
                continue
            if spec.aim is not None and spec.aim.joint is not None and spec.aim.joint not in joints:
                continue
            if (t.joint is None or t.floor) and floor is None:
                continue
            base = (0.0, 0.0, 0.0) if t.joint is None else joints[t.joint]
            target = g.add(base, t.offset)
            if t.floor:
                half = (p.foot_width if kind == "leg" else p.arm_width) / 2
                target = (target[0], target[1], half + t.offset[2])
            _reach(joints, kind, side, spec, target, p)
            pending.remove(item)
            progress = True
    return pending


def _radius(joint: str, p: Proportions) -> float:
    """Half the stroke width drawn around a joint (for resting on the floor)."""
    if joint == "head":
        return p.head_radius
    if joint in ("pelvis", "neck") or joint.startswith(("hip", "shoulder")):
        return p.torso_width / 2
    if joint.startswith(("toe", "ankle")):
        return p.foot_width / 2
    if joint.startswith(("elbow", "hand")):
        return p.arm_width / 2
    return p.leg_width / 2


# -- blending -----------------------------------------------------------------


def _blend_value(a: object, b: object, t: float) -> object:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return g.lerp(float(a), float(b), t)
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) == 3:
        return g.lerp_vec(a, b, t)  # type: ignore[arg-type]
    if a is None or b is None:
        return a if t < 0.5 else b
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        changes = {
            f.name: _blend_value(getattr(a, f.name), getattr(b, f.name), t)
            for f in dataclasses.fields(a)
        }
        return dataclasses.replace(a, **changes)  # type: ignore[type-var]
    if a == b:
        return a
    if isinstance(a, Reach | Limb) or isinstance(b, Reach | Limb):
        raise TypeError("cannot blend a limb placed by angles with one placed by a reach")
    return a if t < 0.5 else b


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction ``t`` (0..1) of the way from ``a`` to ``b``."""
    return _blend_value(a, b, max(0.0, min(1.0, t)))  # type: ignore[return-value]
