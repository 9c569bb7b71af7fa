"""Clocks. The engine keeps deadlines on ``monotonic()``; ``now()`` only stamps history."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
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

    ``now()`` advances at the same rate, so history stamps stay consistent
    with the session's length.
    """

    def __init__(self, scale: float, base: Clock | None = None) -> None:
        if scale <= 0:
            raise ValueError("time scale must be positive")
        self.scale = scale
        self._base = base or SystemClock()
        self._t0 = self._base.monotonic()
        self._wall0 = self._base.now()

    def monotonic(self) -> float:
        return self._t0 + (self._base.monotonic() - self._t0) * self.scale

    def now(self) -> datetime:
        return self._wall0 + timedelta(seconds=self.monotonic() - self._t0)

    def real_delay(self, clock_seconds: float) -> float:
        """How long in real seconds until ``clock_seconds`` of this clock pass."""
        return clock_seconds / self.scale


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: float = 1000.0, wall: datetime | None = None) -> None:
        self.t = start
        self._t0 = start
        self._wall0 = wall or datetime(2026, 1, 5, 18, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return self._wall0 + timedelta(seconds=self.t - self._t0)

    def advance(self, seconds: float) -> None:
        self.t += seconds
