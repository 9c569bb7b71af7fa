"""Equipment drawn with the figure: chairs, wall, block, balls, rolls, bands.

Each prop is a frozen dataclass with ``shapes(frame)``, placed in world
units (see :mod:`hiptimer.figures.body`) and sorted by depth with the figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hiptimer.figures.body import At
from hiptimer.figures.draw import (
    BALL,
    BAND,
    BAND_WIDTH,
    EQUIPMENT,
    EQUIPMENT_WIDTH,
    Shape,
)
from hiptimer.figures.geometry import Vec
from hiptimer.figures.scene import MAT_FILL_OPACITY, Between, Frame, hull, stroke

WALL_WIDTH = 8.0


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
                hull(corners),
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
                stroke(
                    f,
                    [(xs[0], front, self.seat), (xs[1], front, self.seat)],
                    EQUIPMENT,
                    EQUIPMENT_WIDTH + 2,
                    bias,
                ),
            ]
            legs = [
                stroke(f, [(x, y, self.seat), (x, y, 0.0)], EQUIPMENT, EQUIPMENT_WIDTH - 1, bias)
                for x in xs
                for y in (front, back_y)
            ]
            extra = []
            if self.back:
                extra = [
                    stroke(
                        f,
                        [(xs[0], back_y, self.seat + 70), (xs[1], back_y, self.seat + 70)],
                        EQUIPMENT,
                        EQUIPMENT_WIDTH + 2,
                        600,
                    ),
                    *[
                        stroke(
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
            stroke(
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
                    stroke(
                        f,
                        [(x, y, self.seat), (x, y, 0.0)],
                        EQUIPMENT,
                        EQUIPMENT_WIDTH - 1,
                        bias + (y - self.depth),
                    )
                )
        if self.back:
            shapes.append(
                stroke(
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
            stroke(
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
            stroke(f, [(self.x, d, self.seat), (self.x, d, 12.0)], EQUIPMENT, EQUIPMENT_WIDTH, bias),
            stroke(
                f,
                [(back_x, d, self.seat), (back_x, d, self.seat + 30)],
                EQUIPMENT,
                EQUIPMENT_WIDTH,
                bias + 1,
            ),
            Shape(
                "poly",
                hull(back),
                EQUIPMENT,
                6.0,
                f.proj.depth((back_x, d, self.seat)) + bias,
                fill=True,
            ),
            Shape("poly", hull(seat), EQUIPMENT, 6.0, centre, fill=True),
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
        pts = hull([f.proj(c) for c in corners])
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
        return [stroke(f, [f.point(self.a), f.point(self.b)], EQUIPMENT, 2 * self.radius, self.bias)]


@dataclass(frozen=True)
class Band:
    """A resistance band through some points."""

    points: tuple[At | Between, ...]
    bias: float = -2.0

    def shapes(self, f: Frame) -> list[Shape]:
        """A band-coloured strip, drawn just in front of what it wraps."""
        return [stroke(f, [f.point(p) for p in self.points], BAND, BAND_WIDTH, self.bias)]


@dataclass(frozen=True)
class Loop:
    """A band wrapped round a limb at a point: a short strip across the limb
    whose direction runs from joint ``along[0]`` to ``along[1]``."""

    at: At | Between
    along: tuple[str, str]
    span: float = 24.0
    bias: float = -20.0

    def shapes(self, f: Frame) -> list[Shape]:
        """The strip, square to the limb on the picture."""
        c3 = f.point(self.at)
        cx, cy = f.proj(c3)
        (ax, ay), (bx, by) = (f.proj(f.skel[j]) for j in self.along)
        n = math.hypot(bx - ax, by - ay) or 1.0
        ux, uy = -(by - ay) / n * self.span / 2, (bx - ax) / n * self.span / 2
        pts = [(cx - ux, cy - uy), (cx + ux, cy + uy)]
        return [Shape("line", pts, BAND, BAND_WIDTH + 2, f.proj.depth(c3) + self.bias)]


@dataclass(frozen=True)
class Anchor:
    """What a band is tied to: a short post standing on the floor."""

    x: float
    y: float = 0.0
    height: float = 34.0

    def shapes(self, f: Frame) -> list[Shape]:
        """A post with a foot."""
        return [
            stroke(f, [(self.x, self.y, 0.0), (self.x, self.y, self.height)], EQUIPMENT, 12.0, 20),
        ]
