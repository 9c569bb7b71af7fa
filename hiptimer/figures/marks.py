"""Annotations drawn on top of the static picture: motion arrows and arcs.

Marks appear only in the static image, never in animation frames.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hiptimer.figures import geometry as g
from hiptimer.figures.body import At, solve
from hiptimer.figures.draw import ARROW, ARROW_WIDTH, Shape, arc_points, arrow_shapes
from hiptimer.figures.geometry import Vec
from hiptimer.figures.scene import Frame


@dataclass(frozen=True)
class Arrow:
    """A motion arrow through points (resolved on the start pose unless a
    joint is prefixed ``end.``), bent sideways by ``bend`` (picture px),
    moved by ``shift`` on the picture."""

    points: tuple[At, ...]
    bend: float = 0.0
    shift: tuple[float, float] = (0.0, 0.0)

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
        return arrow_shapes(pts)


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

    def shapes(self, f: Frame) -> list[Shape]:
        """The arrow."""
        sc = f.scene
        if sc.end is None:
            return []
        pts = []
        for i in range(17):
            t = g.lerp(self.t0, self.t1, i / 16)
            p = g.add(solve(sc.pose_at(t))[self.joint], self.offset)
            x, y = f.proj(p)
            pts.append((x + self.shift[0], y + self.shift[1]))
        return arrow_shapes(pts)


@dataclass(frozen=True)
class Squeeze:
    """Two arrows pointing at each other along the picture line through two
    joints, just outside them: knees squeezing together."""

    a: str
    b: str
    length: float = 22.0
    gap: float = 14.0

    def shapes(self, f: Frame) -> list[Shape]:
        """Both arrows."""
        pa, pb = f.proj(f.skel[self.a]), f.proj(f.skel[self.b])
        n = math.dist(pa, pb) or 1.0
        ux, uy = (pb[0] - pa[0]) / n, (pb[1] - pa[1]) / n
        out: list[Shape] = []
        for (px, py), sx, sy in ((pa, -ux, -uy), (pb, ux, uy)):
            near = (px + sx * self.gap, py + sy * self.gap)
            far = (near[0] + sx * self.length, near[1] + sy * self.length)
            out += arrow_shapes([far, near])
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

    def shapes(self, f: Frame) -> list[Shape]:
        """The arrow."""
        c = g.add(f.start[self.centre], self.offset)
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
