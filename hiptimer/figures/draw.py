"""From 3D skeleton and props to flat SVG shapes.

Everything is projected by an orthographic :class:`Camera`, sorted back to
front, and written as round-capped strokes: the figure is a pictogram of
thick lines with a disc for the head, never outlined, so it reads on light
and dark backgrounds alike.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from hiptimer.figures import geometry as g
from hiptimer.figures.body import PROPORTIONS, Proportions, Skeleton
from hiptimer.figures.geometry import Vec
from hiptimer.figures.palette import (  # noqa: F401 - re-exported for scene and tests
    ARROW,
    BALL,
    BAND,
    BODY,
    BODY_FAR,
    EQUIPMENT,
    HEIGHT,
    LEFT,
    RIGHT,
    WIDTH,
)

FLOOR_Y = 286.0
GHOST_OPACITY = 0.35

ARROW_WIDTH = 5.0
EQUIPMENT_WIDTH = 7.0
BAND_WIDTH = 8.0
"""A band is flat and thinner than an arm, but never a hairline."""
FLOOR_WIDTH = 4.0


@dataclass(frozen=True)
class Camera:
    """Orthographic view: ``yaw`` turns the scene about the vertical,
    ``pitch`` raises the eye above the floor (degrees)."""

    yaw: float = 0.0
    pitch: float = 0.0

    def project(self, v: Vec) -> tuple[float, float, float]:
        """World point to (x, y-up, depth) before placing on the picture."""
        p = g.apply(g.matmul(g.rot_x(self.pitch), g.rot_z(self.yaw)), v)
        return p[0], p[2], p[1]


SIDE = Camera()


@dataclass
class Shape:
    """One flat drawing element after projection.

    ``kind`` is ``line`` (open polyline), ``poly`` (polygon with a round
    stroke, filled if ``fill``), ``disc`` (filled circle, ``width`` is the
    radius) or ``curve`` (a smooth stroked curve through the points).
    """

    kind: str
    points: list[tuple[float, float]]
    colour: str
    width: float
    depth: float = 0.0
    opacity: float = 1.0
    dash: str = ""
    fill: bool = False
    fill_opacity: float = 1.0
    group: int = -1  # shapes sharing a group id share one opacity layer

    def placed(self, scale: float, dx: float, dy: float) -> Shape:
        """A copy scaled about the origin, then shifted, on the picture."""
        return dataclasses.replace(
            self,
            points=[(x * scale + dx, y * scale + dy) for x, y in self.points],
            width=self.width * scale,
        )

    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) including the stroke."""
        pad = self.width if self.kind == "disc" else self.width / 2
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


class Projector:
    """Camera plus picture placement: world point -> SVG (x, y) and depth."""

    def __init__(self, camera: Camera) -> None:
        self.camera = camera

    def __call__(self, v: Vec) -> tuple[float, float]:
        x, up, _ = self.camera.project(v)
        return x, FLOOR_Y - up

    def depth(self, v: Vec) -> float:
        """Distance from the viewer (larger is farther)."""
        return self.camera.project(v)[2]


# -- the figure ---------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """How a figure is coloured: ``treated`` leg side (``l``/``r``/None)."""

    treated: str | None = "l"


def _chain_depth(proj: Projector, pts: list[Vec]) -> float:
    return sum(proj.depth(p) for p in pts) / len(pts)


def figure_shapes(
    skel: Skeleton,
    proj: Projector,
    look: Look,
    p: Proportions = PROPORTIONS,
    bias: dict[str, float] | None = None,
) -> dict[str, list[Shape]]:
    """The figure as named chains of shapes (``torso``, ``head``, ``leg_l``...).

    ``bias`` moves a chain nearer (negative) or farther (positive) in the
    back-to-front order, for poses where the mean depth guesses wrong.
    """
    j = skel.joints
    bias = bias or {}
    depth_l = proj.depth(j["hip_l"]) + proj.depth(j["shoulder_l"])
    depth_r = proj.depth(j["hip_r"]) + proj.depth(j["shoulder_r"])
    far = ""
    if abs(depth_l - depth_r) > 6:
        far = "l" if depth_l > depth_r else "r"

    def shade(side: str) -> str:
        return BODY_FAR if side == far else BODY

    chains: dict[str, list[Shape]] = {}
    right = g.column(skel.trunk_frame, 0)
    top_l = g.add(j["neck"], g.mul(right, -p.shoulder_half))
    top_r = g.add(j["neck"], g.mul(right, p.shoulder_half))
    torso3 = [top_l, top_r, j["hip_r"], j["hip_l"]]
    chains["torso"] = [
        Shape(
            "poly",
            [proj(v) for v in torso3],
            BODY,
            p.torso_width,
            _chain_depth(proj, [*torso3, j["pelvis"], j["neck"]]),
            fill=True,
        )
    ]
    chains["head"] = [Shape("disc", [proj(j["head"])], BODY, p.head_radius, proj.depth(j["head"]))]
    for s in ("l", "r"):
        colour = LEFT if look.treated == s else shade(s)
        leg3 = [j[f"hip_{s}"], j[f"knee_{s}"], j[f"ankle_{s}"]]
        foot3 = [j[f"ankle_{s}"], j[f"toe_{s}"]]
        depth = _chain_depth(proj, [*leg3, *foot3])
        chains[f"leg_{s}"] = [
            Shape("line", [proj(v) for v in leg3], colour, p.leg_width, depth),
            Shape("line", [proj(v) for v in foot3], colour, p.foot_width, depth),
        ]
        arm3 = [j[f"shoulder_{s}"], j[f"elbow_{s}"], j[f"hand_{s}"]]
        chains[f"arm_{s}"] = [
            Shape("line", [proj(v) for v in arm3], shade(s), p.arm_width, _chain_depth(proj, arm3))
        ]
    for name, shapes in chains.items():
        for shape in shapes:
            shape.depth += bias.get(name, 0.0)
    return chains


# -- annotation shapes ----------------------------------------------------------


def arrow_shapes(
    pts: list[tuple[float, float]],
    colour: str = ARROW,
    width: float = ARROW_WIDTH,
    head: float = 15.0,
) -> list[Shape]:
    """A smooth arrow along picture points, with a filled head at the end."""
    pts = _dedupe(pts)
    if len(pts) < 2:
        return []

    def head_at(tip: tuple[float, float], prev: tuple[float, float]) -> Shape:
        dx, dy = tip[0] - prev[0], tip[1] - prev[1]
        n = math.hypot(dx, dy) or 1.0
        ux, uy = dx / n, dy / n
        bx, by = tip[0] - ux * head, tip[1] - uy * head
        w = head * 0.55
        tri = [
            (tip[0] + ux * 2, tip[1] + uy * 2),
            (bx - uy * w, by + ux * w),
            (bx + uy * w, by - ux * w),
        ]
        return Shape("poly", tri, colour, 3.0, fill=True)

    def trim(line: list[tuple[float, float]], amount: float) -> list[tuple[float, float]]:
        # Stop the stroke inside the head so its round cap does not poke out.
        out = list(line)
        while len(out) > 2 and math.dist(out[-1], out[-2]) < amount:
            amount -= math.dist(out[-1], out[-2])
            out.pop()
        (x0, y0), (x1, y1) = out[-2], out[-1]
        n = math.dist(out[-2], out[-1]) or 1.0
        k = max(n - amount, 0.5) / n
        out[-1] = (x0 + (x1 - x0) * k, y0 + (y1 - y0) * k)
        return out

    line = trim(pts, head * 0.6)
    shapes = [head_at(pts[-1], _back_point(pts, head))]
    return [Shape("curve", line, colour, width), *shapes]


def _back_point(pts: list[tuple[float, float]], dist: float) -> tuple[float, float]:
    """The point about ``dist`` back along the polyline from its end."""
    acc = 0.0
    for i in range(len(pts) - 1, 0, -1):
        acc += math.dist(pts[i], pts[i - 1])
        if acc >= dist:
            return pts[i - 1]
    return pts[0]


def _dedupe(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for p in pts:
        if not out or math.dist(out[-1], p) > 0.5:
            out.append(p)
    return out


def _smooth_path(pts: list[tuple[float, float]]) -> str:
    """Catmull-Rom curve through the points, as cubic Beziers."""
    parts = [f"M {_num(pts[0][0])},{_num(pts[0][1])}"]
    for i in range(len(pts) - 1):
        p0 = pts[i - 1] if i > 0 else pts[i]
        p1, p2 = pts[i], pts[i + 1]
        p3 = pts[i + 2] if i + 2 < len(pts) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        parts.append(
            f"C {_num(c1[0])},{_num(c1[1])} {_num(c2[0])},{_num(c2[1])} {_num(p2[0])},{_num(p2[1])}"
        )
    return " ".join(parts)


def arc_points(
    centre: tuple[float, float], radius: float, a0: float, a1: float, steps: int = 16
) -> list[tuple[float, float]]:
    """Points on a circle on the picture between angles ``a0``..``a1``
    (degrees, 0 = right, 90 = down as on screen)."""
    return [
        (
            centre[0] + radius * math.cos(math.radians(g.lerp(a0, a1, i / steps))),
            centre[1] + radius * math.sin(math.radians(g.lerp(a0, a1, i / steps))),
        )
        for i in range(steps + 1)
    ]


# -- SVG ------------------------------------------------------------------------


def _num(v: float) -> str:
    text = f"{v:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _pts(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def shape_svg(s: Shape) -> str:
    """One shape as an SVG element."""
    extra = f' stroke-dasharray="{s.dash}"' if s.dash else ""
    if s.opacity < 1 and s.group < 0:
        extra += f' opacity="{s.opacity:g}"'
    if s.kind == "disc":
        ((x, y),) = s.points
        return (
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(s.width)}" fill="{s.colour}"{extra}/>'
        )
    if s.kind == "poly":
        fill = s.colour if s.fill else "none"
        if s.fill and s.fill_opacity < 1:
            extra += f' fill-opacity="{s.fill_opacity:g}"'
        stroke = f'stroke="{s.colour}" stroke-width="{_num(s.width)}"' if s.width else ""
        return f'<polygon points="{_pts(s.points)}" fill="{fill}" {stroke}{extra}/>'

    if s.kind == "curve":
        stroke = f'stroke="{s.colour}" stroke-width="{_num(s.width)}"'
        return f'<path d="{_smooth_path(s.points)}" {stroke}{extra}/>'
    tag = "line" if len(s.points) == 2 else "polyline"
    if tag == "line":
        (x1, y1), (x2, y2) = s.points
        return (
            f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
            f'stroke="{s.colour}" stroke-width="{_num(s.width)}"{extra}/>'
        )
    return (
        f'<polyline points="{_pts(s.points)}" stroke="{s.colour}" '
        f'stroke-width="{_num(s.width)}"{extra}/>'
    )


@dataclass
class Layers:
    """Shapes in painting order: floor, depth-sorted scene, annotations."""

    floor: list[Shape] = field(default_factory=list)
    scene: list[Shape] = field(default_factory=list)
    top: list[Shape] = field(default_factory=list)

    def all(self) -> list[Shape]:
        """Every shape, floor first."""
        return [*self.floor, *self.scene, *self.top]


def document(layers: Layers, title: str) -> str:
    """The whole SVG file for a set of layers."""
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">',
        f"<title>{title}</title>",
        '<g fill="none" stroke-linecap="round" stroke-linejoin="round">',
    ]
    scene = sorted(layers.scene, key=lambda s: -s.depth)  # stable: far first
    ordered = [*layers.floor, *scene, *layers.top]
    open_group = -1
    for s in ordered:
        if s.group != open_group:
            if open_group >= 0:
                lines.append("</g>")
            if s.group >= 0:
                lines.append(f'<g opacity="{s.opacity:g}">')
            open_group = s.group
        lines.append(shape_svg(s))
    if open_group >= 0:
        lines.append("</g>")
    lines += ["</g>", "</svg>", ""]
    return "\n".join(lines)
