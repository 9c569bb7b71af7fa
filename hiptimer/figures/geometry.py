"""Small 3D vector and rotation helpers for posing the figure.

World axes: X to the right of the picture, Y away from the viewer, Z up.
Matrices are row-major 3x3 tuples; a body frame's columns are its right,
forward and up axes in world coordinates.
"""

from __future__ import annotations

import math

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]

IDENTITY: Mat = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def add(*vs: Vec) -> Vec:
    """Sum of any number of vectors."""
    return (sum(v[0] for v in vs), sum(v[1] for v in vs), sum(v[2] for v in vs))


def sub(a: Vec, b: Vec) -> Vec:
    """``a - b``."""
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def mul(v: Vec, k: float) -> Vec:
    """``v * k``."""
    return (v[0] * k, v[1] * k, v[2] * k)


def dot(a: Vec, b: Vec) -> float:
    """Dot product."""
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    """Cross product (right-handed)."""
    return (
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    )


def length(v: Vec) -> float:
    """Euclidean length."""
    return math.sqrt(dot(v, v))


def unit(v: Vec) -> Vec:
    """``v`` scaled to length 1 (the zero vector stays zero)."""
    n = length(v)
    return v if n == 0 else mul(v, 1.0 / n)


def lerp(a: float, b: float, t: float) -> float:
    """Linear blend of two numbers."""
    return a + (b - a) * t


def lerp_vec(a: Vec, b: Vec, t: float) -> Vec:
    """Linear blend of two vectors."""
    return (lerp(a[0], b[0], t), lerp(a[1], b[1], t), lerp(a[2], b[2], t))


def matmul(a: Mat, b: Mat) -> Mat:
    """Matrix product ``a @ b``."""
    cols = list(zip(*b, strict=True))
    return tuple(tuple(dot(row, col) for col in cols) for row in a)  # type: ignore[return-value]


def apply(m: Mat, v: Vec) -> Vec:
    """Matrix times vector."""
    return (dot(m[0], v), dot(m[1], v), dot(m[2], v))


def column(m: Mat, i: int) -> Vec:
    """Column ``i`` of ``m`` (0 right, 1 forward, 2 up for a body frame)."""
    return (m[0][i], m[1][i], m[2][i])


def from_columns(x: Vec, y: Vec, z: Vec) -> Mat:
    """Matrix whose columns are ``x``, ``y``, ``z``."""
    return ((x[0], y[0], z[0]), (x[1], y[1], z[1]), (x[2], y[2], z[2]))


def rot_x(deg: float) -> Mat:
    """Rotation about the local X (right) axis."""
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def rot_y(deg: float) -> Mat:
    """Rotation about the local Y (forward) axis."""
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def rot_z(deg: float) -> Mat:
    """Rotation about the local Z (up) axis."""
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def chain(*ms: Mat) -> Mat:
    """Product of several matrices, left to right."""
    out = IDENTITY
    for m in ms:
        out = matmul(out, m)
    return out
