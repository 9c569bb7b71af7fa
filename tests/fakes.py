"""Test doubles shared by the tests, the benchmarks and the screenshot script."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A clock tests move by hand (satisfies :class:`hiptimer.core.clock.Clock`)."""

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
