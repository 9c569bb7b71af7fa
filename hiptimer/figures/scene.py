"""A picture: a posed figure, its equipment, arrows, and how to draw them.

A :class:`Scene` holds a start pose and, when something moves, an end pose.
The static picture shows the start pose with a faint "ghost" of whatever
moves to the end pose, plus arrows; :func:`render` with a ``t`` draws the
pose blended between the two instead, for animation.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Protocol

from hiptimer.figures import geometry as g
from hiptimer.figures.body import At, Pose, Skeleton, blend, solve
from hiptimer.figures.draw import (
    ARROW,
    ARROW_WIDTH,
    BALL,
    BAND,
    BAND_WIDTH,
    EQUIPMENT,
    EQUIPMENT_WIDTH,
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
    arc_points,
    arrow_shapes,
    document,
    figure_shapes,
)
from hiptimer.figures.geometry import Vec

SCALE = 1.12
"""Picture pixels per model unit: one size for every picture."""
WALL_WIDTH = 8.0
FLOOR_BOTTOM = 300.0
"""The floor's near edge never sits lower than this on the picture."""
MAT_MARGIN_X = 30.0
MAT_MARGIN_Y = 26.0
MAT_FILL_OPACITY = 0.3

# -- what a scene can hold ----------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """What props and arrows are drawn against: the poses and the camera."""

    skel: Skeleton
    start: Skeleton
    end: Skeleton | None
    proj: Projector
    scene: Scene

    def point(self, at: At | Vec) -> Vec:
        """Resolve a target; joint names starting ``end.`` use the end pose,
        ``start.`` the start pose, others the pose being drawn."""
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


def _line(f: Frame, pts: list[Vec], colour: str, width: float, bias: float = 0.0) -> Shape:
    depth = sum(f.proj.depth(p) for p in pts) / len(pts) + bias
    return Shape("line", [f.proj(p) for p in pts], colour, width, depth)


@dataclass(frozen=True)
class Wall:
    """A wall whose face is the plane X = ``x``, spanning ``y0..y1`` in depth;
    ``facing`` is +1 when the room is on its right."""

    x: float
    height: float = 150.0
    facing: int = 1
    y0: float = -50.0
    y1: float = 50.0

    def shapes(self, f: Frame) -> list[Shape]:
        """A faint upright plane with a solid near edge, behind everything."""
        x = self.x - self.facing * WALL_WIDTH / 2
        corners = [
            f.proj((x, y, z))
            for y, z in (
                (self.y0, 0.0),
                (self.y1, 0.0),
                (self.y1, self.height),
                (self.y0, self.height),
            )
        ]
        edge = [f.proj((x, self.y0, 0.0)), f.proj((x, self.y0, self.height))]
        return [
            Shape(
                "poly",
                _hull(corners),
                EQUIPMENT,
                0.0,
                1000.0,
                fill=True,
                fill_opacity=MAT_FILL_OPACITY,
            ),
            Shape("line", edge, EQUIPMENT, WALL_WIDTH, 999.0),
        ]


@dataclass(frozen=True)
class Chair:
    """A four-legged chair or stool; ``x`` is the front edge of the seat,
    ``facing`` +1 when the sitter faces the right of the picture."""

    x: float
    seat: float = 62.0
    facing: int = 1
    back: bool = True
    depth: float = 0.0
    width: float = 44.0
    length: float = 44.0
    turned: bool = False  # seen from the front: the seat runs across the view

    def shapes(self, f: Frame) -> list[Shape]:
        """Seat, legs and (optionally) a back rest."""
        s, w = self.facing, self.width / 2
        bias = 40.0
        if self.turned:
            # Sitter faces the viewer: seat front edge at depth ``depth``.
            front, back_y = self.depth, self.depth + self.length
            xs = (self.x - w, self.x + w)
            seat = [
                _line(
                    f,
                    [(xs[0], front, self.seat), (xs[1], front, self.seat)],
                    EQUIPMENT,
                    EQUIPMENT_WIDTH + 2,
                    bias,
                ),
            ]
            legs = [
                _line(f, [(x, y, self.seat), (x, y, 0.0)], EQUIPMENT, EQUIPMENT_WIDTH - 1, bias)
                for x in xs
                for y in (front, back_y)
            ]
            extra = []
            if self.back:
                extra = [
                    _line(
                        f,
                        [(xs[0], back_y, self.seat + 70), (xs[1], back_y, self.seat + 70)],
                        EQUIPMENT,
                        EQUIPMENT_WIDTH + 2,
                        600,
                    ),
                    *[
                        _line(
                            f,
                            [(x, back_y, self.seat), (x, back_y, self.seat + 70)],
                            EQUIPMENT,
                            EQUIPMENT_WIDTH - 1,
                            600,
                        )
                        for x in xs
                    ],
                ]
            return [*extra, *legs, *seat]
        front = self.x
        rear = self.x - s * self.length
        shapes = [
            _line(
                f,
                [(front, self.depth, self.seat), (rear, self.depth, self.seat)],
                EQUIPMENT,
                EQUIPMENT_WIDTH + 2,
                bias,
            )
        ]
        for y in (self.depth - w, self.depth + w):
            for x in (front - s * 3, rear + s * 3):
                shapes.append(
                    _line(
                        f,
                        [(x, y, self.seat), (x, y, 0.0)],
                        EQUIPMENT,
                        EQUIPMENT_WIDTH - 1,
                        bias + (y - self.depth),
                    )
                )
        if self.back:
            shapes.append(
                _line(
                    f,
                    [(rear, self.depth, self.seat), (rear - s * 6, self.depth, self.seat + 74)],
                    EQUIPMENT,
                    EQUIPMENT_WIDTH,
                    bias,
                )
            )
        return shapes


@dataclass(frozen=True)
class SwivelChair:
    """An office chair on one column; ``x`` is the seat centre, ``facing``
    +1 when its sitter would face the right of the picture."""

    x: float
    seat: float = 64.0
    facing: int = -1
    depth: float = 0.0
    size: float = 46.0

    def shapes(self, f: Frame) -> list[Shape]:
        """Seat (a filled square), column, star base, back rest."""
        s, d, h = self.facing, self.depth, self.size / 2
        seat = [f.proj((self.x + dx, d + dy, self.seat)) for dx in (-h, h) for dy in (-h, h)]
        back_x = self.x - s * (h + 2)
        back = [
            f.proj((back_x, d + dy, self.seat + dz))
            for dy in (-h * 0.8, h * 0.8)
            for dz in (28, 64)
        ]
        bias = 40.0
        centre = f.proj.depth((self.x, d, self.seat)) + bias
        base = [
            _line(
                f,
                [(self.x + dx, d + dy, 4.0), (self.x, d, 12.0)],
                EQUIPMENT,
                EQUIPMENT_WIDTH - 1,
                bias,
            )
            for dx, dy in ((-26, 0), (26, 0), (0, -26), (0, 26))
        ]
        return [
            *base,
            _line(f, [(self.x, d, self.seat), (self.x, d, 12.0)], EQUIPMENT, EQUIPMENT_WIDTH, bias),
            _line(
                f,
                [(back_x, d, self.seat), (back_x, d, self.seat + 30)],
                EQUIPMENT,
                EQUIPMENT_WIDTH,
                bias + 1,
            ),
            Shape(
                "poly",
                _hull(back),
                EQUIPMENT,
                6.0,
                f.proj.depth((back_x, d, self.seat)) + bias,
                fill=True,
            ),
            Shape("poly", _hull(seat), EQUIPMENT, 6.0, centre, fill=True),
        ]


@dataclass(frozen=True)
class Block:
    """A box from corner ``low`` to corner ``high`` (a yoga block)."""

    low: Vec
    high: Vec

    def shapes(self, f: Frame) -> list[Shape]:
        """The box outline, filled."""
        xs, ys, zs = zip(self.low, self.high, strict=True)
        corners = [(x, y, z) for x in xs for y in ys for z in zs]
        pts = _hull([f.proj(c) for c in corners])
        depth = sum(f.proj.depth(c) for c in corners) / 8 + 30
        return [Shape("poly", pts, EQUIPMENT, 6.0, depth, fill=True)]


@dataclass(frozen=True)
class Ball:
    """A massage ball at a point."""

    at: At
    radius: float = 11.0
    bias: float = 0.0

    def shapes(self, f: Frame) -> list[Shape]:
        """One red disc."""
        p = f.point(self.at)
        return [Shape("disc", [f.proj(p)], BALL, self.radius, f.proj.depth(p) + self.bias)]


@dataclass(frozen=True)
class FoamRoll:
    """A foam roll from ``a`` to ``b`` (its axis)."""

    a: At
    b: At
    radius: float = 11.0
    bias: float = 0.0

    def shapes(self, f: Frame) -> list[Shape]:
        """A thick round-ended bar."""
        return [_line(f, [f.point(self.a), f.point(self.b)], EQUIPMENT, 2 * self.radius, self.bias)]


@dataclass(frozen=True)
class Band:
    """A resistance band through some points."""

    points: tuple[At, ...]
    bias: float = -2.0

    def shapes(self, f: Frame) -> list[Shape]:
        """A purple line, drawn just in front of what it wraps."""
        return [_line(f, [f.point(p) for p in self.points], BAND, BAND_WIDTH, self.bias)]


@dataclass(frozen=True)
class Loop:
    """A band loop around a limb: a small ring at a point."""

    at: At
    radius: float = 10.0
    bias: float = -20.0

    def shapes(self, f: Frame) -> list[Shape]:
        """A purple ring."""
        c = f.proj(f.point(self.at))
        pts = arc_points(c, self.radius, 0, 360, 20)
        return [
            Shape("line", pts, BAND, BAND_WIDTH - 1, f.proj.depth(f.point(self.at)) + self.bias)
        ]


@dataclass(frozen=True)
class Anchor:
    """What a band is tied to: a short post standing on the floor."""

    x: float
    y: float = 0.0
    height: float = 34.0

    def shapes(self, f: Frame) -> list[Shape]:
        """A post with a foot."""
        return [
            _line(f, [(self.x, self.y, 0.0), (self.x, self.y, self.height)], EQUIPMENT, 12.0, 20),
        ]


@dataclass(frozen=True)
class Arrow:
    """A motion arrow through points (resolved on the start pose unless a
    joint is prefixed ``end.``), bent sideways by ``bend`` (picture px),
    moved by ``shift`` on the picture."""

    points: tuple[At, ...]
    bend: float = 0.0
    shift: tuple[float, float] = (0.0, 0.0)
    double: bool = False

    def shapes(self, f: Frame) -> list[Shape]:
        """The arrow."""
        pts = [f.proj(f.point(p)) for p in self.points]
        pts = [(x + self.shift[0], y + self.shift[1]) for x, y in pts]
        if len(pts) == 2 and self.bend:
            (x0, y0), (x1, y1) = pts
            n = math.hypot(x1 - x0, y1 - y0) or 1.0
            mx, my = (
                (x0 + x1) / 2 - (y1 - y0) / n * self.bend,
                (y0 + y1) / 2 + (x1 - x0) / n * self.bend,
            )
            pts = [_quad(pts[0], (mx, my), pts[1], i / 12) for i in range(13)]
        return arrow_shapes(pts, double=self.double)


def _quad(
    a: tuple[float, float], m: tuple[float, float], b: tuple[float, float], t: float
) -> tuple[float, float]:
    # Quadratic Bezier whose curve passes through m at t = 0.5.
    cx, cy = 2 * m[0] - (a[0] + b[0]) / 2, 2 * m[1] - (a[1] + b[1]) / 2
    u = 1 - t
    return (
        u * u * a[0] + 2 * u * t * cx + t * t * b[0],
        u * u * a[1] + 2 * u * t * cy + t * t * b[1],
    )


@dataclass(frozen=True)
class Trace:
    """An arrow along the path a joint takes from the start to the end pose."""

    joint: str
    t0: float = 0.08
    t1: float = 0.92
    offset: Vec = (0.0, 0.0, 0.0)
    shift: tuple[float, float] = (0.0, 0.0)
    double: bool = False

    def shapes(self, f: Frame) -> list[Shape]:
        """The arrow."""
        sc = f.scene
        if sc.end is None:
            return []
        pts = []
        for i in range(17):
            t = g.lerp(self.t0, self.t1, i / 16)
            p = g.add(solve(blend(sc.start, sc.end, t))[self.joint], self.offset)
            x, y = f.proj(p)
            pts.append((x + self.shift[0], y + self.shift[1]))
        return arrow_shapes(pts, double=self.double)


@dataclass(frozen=True)
class Squeeze:
    """Two arrows pointing at each other along the picture line through two
    joints, just outside them: knees squeezing together (or, with
    ``apart=True``, pushing apart)."""

    a: str
    b: str
    length: float = 22.0
    gap: float = 14.0
    apart: bool = False
    lift: float = 0.0

    def shapes(self, f: Frame) -> list[Shape]:
        """Both arrows."""
        pa, pb = f.proj(f.skel[self.a]), f.proj(f.skel[self.b])
        n = math.dist(pa, pb) or 1.0
        ux, uy = (pb[0] - pa[0]) / n, (pb[1] - pa[1]) / n
        out: list[Shape] = []
        for (px, py), sx, sy in ((pa, -ux, -uy), (pb, ux, uy)):
            near = (px + sx * self.gap, py + sy * self.gap - self.lift)
            far = (near[0] + sx * self.length, near[1] + sy * self.length)
            out += arrow_shapes([near, far] if self.apart else [far, near])
        return out


@dataclass(frozen=True)
class Orbit:
    """A curved arrow around ``centre`` (a joint plus ``offset``): a circle of
    ``radius`` about ``axis`` (world, default vertical) from ``a0`` to ``a1``
    degrees, measured from the world direction ``zero``. Shows a turn."""

    centre: str
    radius: float
    a0: float
    a1: float
    axis: Vec = (0.0, 0.0, 1.0)
    zero: Vec = (0.0, -1.0, 0.0)
    offset: Vec = (0.0, 0.0, 0.0)
    pose: str = "start"

    def shapes(self, f: Frame) -> list[Shape]:
        """The arrow."""
        skel = f.end if self.pose == "end" and f.end is not None else f.start
        c = g.add(skel[self.centre], self.offset)
        u = g.unit(self.zero)
        v = g.unit(g.cross(g.unit(self.axis), u))
        pts = []
        for i in range(25):
            a = math.radians(g.lerp(self.a0, self.a1, i / 24))
            p = g.add(c, g.mul(u, self.radius * math.cos(a)), g.mul(v, self.radius * math.sin(a)))
            pts.append(f.proj(p))
        return arrow_shapes(pts)


@dataclass(frozen=True)
class AngleArc:
    """A measuring arc at ``centre`` from a dashed reference direction (world,
    default straight down) to the segment towards ``tip``."""

    centre: str
    tip: str
    reference: Vec = (0.0, 0.0, -1.0)
    radius: float = 40.0
    line: float = 70.0

    def shapes(self, f: Frame) -> list[Shape]:
        """Dashed reference line and arc."""
        c3 = f.skel[self.centre]
        c = f.proj(c3)
        ref = f.proj(g.add(c3, g.mul(self.reference, self.line)))
        tip = f.proj(f.skel[self.tip])
        a0 = math.degrees(math.atan2(ref[1] - c[1], ref[0] - c[0]))
        a1 = math.degrees(math.atan2(tip[1] - c[1], tip[0] - c[0]))
        if a1 - a0 > 180:
            a1 -= 360
        elif a0 - a1 > 180:
            a1 += 360
        return [
            Shape("line", [c, ref], ARROW, 3.5, dash="7 7"),
            Shape("line", arc_points(c, self.radius, a0, a1), ARROW, ARROW_WIDTH),
        ]


# -- the scene ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scene:
    """One picture. ``treated`` is the highlighted leg (``l``) or None when
    both legs work together; ``animated`` marks rep exercises whose pose
    :func:`render` can blend; ``ghost`` draws the end pose faintly (or, with
    ``solid_end``, the end pose solid and the start pose faint: for holds
    whose held position is the end of the movement).

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
    ghost_bias: tuple[tuple[str, float], ...] = ()
    floor_box: tuple[float, float, float, float] | None = None
    solid_end: bool = False

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
    return Shape("poly", _hull(corners), EQUIPMENT, 0.0, fill=True, fill_opacity=MAT_FILL_OPACITY)


def _layers(scene: Scene, t: float | None) -> Layers:
    proj = Projector(scene.camera)
    start = solve(scene.start)
    end = solve(scene.end) if scene.end is not None else None
    if t is not None and scene.end is not None:
        skel = solve(blend(scene.start, scene.end, t))
        other = None
    elif scene.solid_end and end is not None:
        skel, other = end, start
    else:
        skel, other = start, end
    f = Frame(skel=skel, start=start, end=end, proj=proj, scene=scene)
    look = Look(treated=scene.treated)
    layers = Layers(floor=[_floor(scene, [start] + ([end] if end else []), proj)])
    for prop in scene.props:
        layers.scene += prop.shapes(f)
    chains = figure_shapes(skel, proj, look, bias=dict(scene.bias))
    for shapes in chains.values():
        layers.scene += shapes
    if t is None:
        if other is not None and scene.ghost:
            ghost_bias = dict(scene.bias) | dict(scene.ghost_bias)
            ghosts = figure_shapes(other, proj, look, bias=ghost_bias)
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


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
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
