"""A picture: a posed figure, its equipment, arrows, and how to draw them.

A :class:`Scene` holds a start pose and, when something moves, an end pose.
The static picture shows the start pose with a faint "ghost" of whatever
moves to the end pose, plus arrows; :func:`render` with a ``t`` draws the
pose blended between the two instead, for animation. The equipment a scene
can hold is in :mod:`hiptimer.figures.props`, the arrows and measuring arcs
in :mod:`hiptimer.figures.marks`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Protocol

from hiptimer.figures import geometry as g
from hiptimer.figures.body import At, Pose, Skeleton, blend, solve
from hiptimer.figures.draw import (
    EQUIPMENT,
    FLOOR_WIDTH,
    GHOST_OPACITY,
    HEIGHT,
    SIDE,
    WIDTH,
    Camera,
    Layers,
    Look,
    Projector,
    Shape,
    document,
    figure_shapes,
)
from hiptimer.figures.geometry import Vec

SCALE = 1.12
"""Picture pixels per model unit: one size for every picture."""
FLOOR_BOTTOM = 300.0
"""The floor's near edge never sits lower than this on the picture."""
MAT_MARGIN_X = 30.0
MAT_MARGIN_Y = 26.0
MAT_FILL_OPACITY = 0.3

# -- what a scene can hold ----------------------------------------------------------


@dataclass(frozen=True)
class Between:
    """A point a fraction ``f`` of the way from joint ``a`` to joint ``b``
    (plus a world offset): the middle of a foot, a band's place on a shin."""

    a: str
    b: str
    f: float = 0.5
    offset: Vec = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Frame:
    """What props and arrows are drawn against: the poses and the camera."""

    skel: Skeleton
    start: Skeleton
    end: Skeleton | None
    proj: Projector
    scene: Scene

    def point(self, at: At | Between | Vec) -> Vec:
        """Resolve a target; joint names starting ``end.`` use the end pose,
        ``start.`` the start pose, others the pose being drawn."""
        if isinstance(at, Between):
            a, b = self.skel[at.a], self.skel[at.b]
            return g.add(g.lerp_vec(a, b, at.f), at.offset)
        if not isinstance(at, At):
            return at
        skel = self.skel
        joint = at.joint
        if joint is not None and joint.startswith("end."):
            skel, joint = (self.end or self.skel), joint[4:]
        elif joint is not None and joint.startswith("start."):
            skel, joint = self.start, joint[6:]
        base = (0.0, 0.0, 0.0) if joint is None else skel[joint]
        p = g.add(base, at.offset)
        return (p[0], p[1], at.offset[2]) if at.floor else p


class Prop(Protocol):
    """Something drawn with the figure (equipment), sorted by depth."""

    def shapes(self, f: Frame) -> list[Shape]:
        """The prop's shapes for this frame."""
        ...


class Mark(Protocol):
    """Something drawn on top in the static picture only (arrows, arcs)."""

    def shapes(self, f: Frame) -> list[Shape]:
        """The mark's shapes for the static picture."""
        ...


def stroke(f: Frame, pts: list[Vec], colour: str, width: float, bias: float = 0.0) -> Shape:
    """A polyline through world points, sorted by their mean depth plus ``bias``."""
    depth = sum(f.proj.depth(p) for p in pts) / len(pts) + bias
    return Shape("line", [f.proj(p) for p in pts], colour, width, depth)



# -- the scene ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scene:
    """One picture. ``treated`` is the highlighted leg (``l``) or None when
    both legs work together; ``animated`` marks rep exercises whose pose
    :func:`render` can blend; ``ghost`` draws the end pose faintly (or, with
    ``solid_end``, the end pose solid and the start pose faint: for holds
    whose held position is the end of the movement). ``via`` is an optional
    in-between pose the movement passes through halfway, for movements a
    straight blend would draw through the body or the floor.

    The floor is a mat under the figure: a plain line in a level side view,
    a faint plane in a raised view. ``floor_box`` (x0, x1, y0, y1) overrides
    its extent, e.g. to stop it at a wall.
    """

    name: str
    title: str
    source: str
    start: Pose
    end: Pose | None = None
    camera: Camera = SIDE
    treated: str | None = "l"
    animated: bool = False
    ghost: bool = True
    props: tuple[Prop, ...] = ()
    marks: tuple[Mark, ...] = ()
    bias: tuple[tuple[str, float], ...] = ()
    floor_box: tuple[float, float, float, float] | None = None
    solid_end: bool = False
    via: Pose | None = None

    def pose_at(self, t: float) -> Pose:
        """The pose ``t`` (0..1) of the way from start to end, through ``via``."""
        if self.end is None:
            return self.start
        if self.via is None:
            return blend(self.start, self.end, t)
        if t < 0.5:
            return blend(self.start, self.via, 2 * t)
        return blend(self.via, self.end, 2 * t - 1)

    @property
    def side(self) -> str:
        """``left`` for one treated leg (as drawn), ``none`` for both legs."""
        return "left" if self.treated else "none"


_GHOST_MIN_MOVE = 7.0  # picture px a chain must move to get a ghost


def _floor(scene: Scene, skels: list[Skeleton], proj: Projector) -> Shape:
    """The mat under the figure, as one polygon (a line when seen level)."""
    if scene.floor_box is not None:
        x0, x1, y0, y1 = scene.floor_box
    else:
        pts = [v for sk in skels for v in sk.joints.values()]
        x0 = min(v[0] for v in pts) - MAT_MARGIN_X
        x1 = max(v[0] for v in pts) + MAT_MARGIN_X
        y0 = min(v[1] for v in pts) - MAT_MARGIN_Y
        y1 = max(v[1] for v in pts) + MAT_MARGIN_Y
    corners = [proj((x, y, 0.0)) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    flat = max(y for _, y in corners) - min(y for _, y in corners) < 2.0
    if flat:
        xs = [x for x, _ in corners]
        return Shape(
            "line", [(min(xs), corners[0][1]), (max(xs), corners[0][1])], EQUIPMENT, FLOOR_WIDTH
        )
    return Shape("poly", hull(corners), EQUIPMENT, 0.0, fill=True, fill_opacity=MAT_FILL_OPACITY)


def _layers(scene: Scene, t: float | None) -> Layers:
    proj = Projector(scene.camera)
    start = solve(scene.start)
    end = solve(scene.end) if scene.end is not None else None
    if t is not None and scene.end is not None:
        skel = solve(scene.pose_at(t))
        other = None
    elif scene.solid_end and end is not None:
        skel, other = end, start
    else:
        skel, other = start, end
    f = Frame(skel=skel, start=start, end=end, proj=proj, scene=scene)
    look = Look(treated=scene.treated)
    extent = [start] + ([end] if end else []) + ([solve(scene.via)] if scene.via else [])
    layers = Layers(floor=[_floor(scene, extent, proj)])
    for prop in scene.props:
        layers.scene += prop.shapes(f)
    chains = figure_shapes(skel, proj, look, bias=dict(scene.bias))
    for shapes in chains.values():
        layers.scene += shapes
    if t is None:
        if other is not None and scene.ghost:
            ghosts = figure_shapes(other, proj, look, bias=dict(scene.bias))
            group = 0
            for name, shapes in ghosts.items():
                if _moved(chains[name], shapes) < _GHOST_MIN_MOVE:
                    continue
                group += 1
                for s in shapes:
                    s.opacity, s.group, s.depth = GHOST_OPACITY, group, s.depth + 0.5
                    layers.scene.append(s)
        for mark in scene.marks:
            layers.top += mark.shapes(f)
    return layers


def _moved(a: list[Shape], b: list[Shape]) -> float:
    return max(
        math.dist(p, q)
        for sa, sb in zip(a, b, strict=True)
        for p, q in zip(sa.points, sb.points, strict=True)
    )


def _bounds(shapes: list[Shape]) -> tuple[float, float, float, float]:
    boxes = [s.bounds() for s in shapes]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@functools.lru_cache(maxsize=256)
def _placement(scene: Scene) -> tuple[float, float]:
    """Shift (dx, dy) that centres the static picture; every frame of an
    animation uses the same placement so nothing jumps."""
    static = _layers(scene, None)
    x0, y0, x1, y1 = _bounds(static.all())
    dx = WIDTH / 2 - SCALE * (x0 + x1) / 2
    dy = HEIGHT / 2 - SCALE * (y0 + y1) / 2
    floor_bottom = SCALE * _bounds(static.floor)[3]
    dy = min(dy, FLOOR_BOTTOM - floor_bottom)
    return dx, dy


def layers(scene: Scene, t: float | None = None) -> Layers:
    """The placed shapes of a scene: static (``t=None``) or blended at ``t``."""
    raw = _layers(scene, t)
    dx, dy = _placement(scene)
    return Layers(
        floor=[s.placed(SCALE, dx, dy) for s in raw.floor],
        scene=[s.placed(SCALE, dx, dy) for s in raw.scene],
        top=[s.placed(SCALE, dx, dy) for s in raw.top],
    )


def render(scene: Scene, t: float | None = None) -> str:
    """The SVG text of a scene: static (``t=None``) or blended at ``t``."""
    return document(layers(scene, t), scene.title)


def content_bounds(scene: Scene, t: float | None = None) -> tuple[float, float, float, float]:
    """Picture bounds of everything drawn, floor included (for checks)."""
    return _bounds(layers(scene, t).all())


def hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (monotone chain)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
