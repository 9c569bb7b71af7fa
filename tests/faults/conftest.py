"""Fixtures for the fault-injection suite: real files, real programs, fixed times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hiptimer.core.model import Side
from hiptimer.core.record import PartWrite, SessionWrite


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "history.sqlite3"


def session_write(**changes) -> SessionWrite:
    """A two-sided session of "level-1" on 1 May 2026."""
    fields = dict(routine_id="level-1", routine_title="Level 1", level=1,
                  started_at=datetime(2026, 5, 1, 9, tzinfo=UTC), planned_parts=2)
    return SessionWrite(**{**fields, **changes})


def part_write(side: Side, minute: int = 1) -> PartWrite:
    return PartWrite(1, "er-knee-to-shoulder", side=side, active_seconds=30.0,
                     ended_at=datetime(2026, 5, 1, 9, minute, tzinfo=UTC))
