"""Clocks. The engine keeps deadlines on ``monotonic()``; ``now()`` only stamps history."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The real clocks."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)


class ScaledClock:
    """Runs ``scale`` times faster than real time: a testing and demo aid.

    Only ``monotonic()`` is scaled, so phases pass faster. ``now()`` stays the
    base clock's real time: history stamps are never in the future. (The
    recorder stores the scale with the session instead.)
    """

    def __init__(self, scale: float, base: Clock | None = None) -> None:
        if scale <= 0:
            raise ValueError("time scale must be positive")
        self.scale = scale
        self._base = base or SystemClock()
        self._t0 = self._base.monotonic()

    def monotonic(self) -> float:
        return self._t0 + (self._base.monotonic() - self._t0) * self.scale

    def now(self) -> datetime:
        return self._base.now()
