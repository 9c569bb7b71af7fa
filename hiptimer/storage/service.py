"""The typed seams between the history and the app: what the window may call.

:class:`HistoryService` is what the app holds (a
:class:`~hiptimer.storage.writer.HistoryWriter` in practice): the player's
writes, which never raise, and the few reads the session flow needs. Its
``store`` is the read side for the history page, export and import
(:class:`~hiptimer.storage.store.HistoryStore`, which also satisfies
:class:`HistoryReader`; those calls raise ``HistoryError``).

Rows are passed as the dataclasses of :mod:`hiptimer.core.record`, so each
write's fields are declared once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from hiptimer.core.events import EndStatus
from hiptimer.core.practice import Pain
from hiptimer.core.record import MeasurementWrite, PartWrite, SessionWrite
from hiptimer.storage.records import (
    MeasurementRecord,
    PartRecord,
    RoutineSummary,
    SessionRecord,
    SessionStatus,
    Streaks,
    WeekMinutes,
)
from hiptimer.storage.store import HistoryStore


@runtime_checkable
class HistoryReader(Protocol):
    """The read side: the history page's figures and table, the self-test log."""

    def session(self, session_id: int) -> SessionRecord | None: ...

    def sessions(
        self, routine_id: str | None = None, *, limit: int = 100, before: SessionRecord | None = None
    ) -> list[SessionRecord]: ...

    def count_sessions(self, routine_id: str | None = None) -> int: ...

    def parts(self, session_id: int) -> list[PartRecord]: ...

    def measurements(self, test_id: str | None = None) -> list[MeasurementRecord]: ...

    def iter_sessions(self) -> Iterator[tuple[SessionRecord, list[PartRecord]]]: ...

    def day_counts(self, first: date, last: date) -> dict[date, int]: ...

    def streaks(self, today: date | None = None) -> Streaks: ...

    def minutes_per_week(self, weeks: int = 12, today: date | None = None) -> list[WeekMinutes]: ...

    def routine_summaries(self) -> list[RoutineSummary]: ...

    def today(self) -> date: ...


@runtime_checkable
class HistoryService(Protocol):
    """The history as the app uses it. Writes never raise: a failed one is queued
    (``pending``, ``last_error``) and tried again by the next call or :meth:`retry`.

    ``start_session`` and ``add_measurement`` return the row's id, or a negative
    handle while it waits; pass it back to the other calls either way. The
    other writes return False when they had to be queued.
    """

    @property
    def store(self) -> HistoryStore: ...

    @property
    def pending(self) -> int: ...

    @property
    def last_error(self) -> str: ...

    @property
    def journal_path(self) -> Path | None:
        """Where waiting writes are kept on disk until the database has them (None: nowhere)."""
        ...

    @property
    def kept(self) -> bool:
        """Whether every waiting write is safe on disk, so quitting now loses nothing."""
        ...

    def start_session(self, session: SessionWrite) -> int: ...

    def record_part(self, session: int, part: PartWrite) -> bool: ...

    def finish_session(
        self,
        session: int,
        *,
        status: EndStatus | SessionStatus | str,
        ended_at: datetime,
        active_seconds: float,
    ) -> bool: ...

    def rate_session(self, session: int, *, rating: int | None, note: str = "") -> bool: ...

    def set_pain(self, session: int, pain: Pain | None, recorded_at: datetime) -> bool:
        """The answer to "Did anything hurt?" after the session (None clears it)."""
        ...

    def reopen_session(self, session: int) -> bool: ...

    def abandon_session(self, session: int) -> bool: ...

    def add_measurement(self, measurement: MeasurementWrite) -> int: ...

    def recover_unfinished(self) -> list[SessionRecord]: ...

    def parts(self, session: int) -> list[PartRecord]: ...

    def measurements(self, test_id: str | None = None) -> list[MeasurementRecord]: ...

    def retry(self) -> bool: ...

    def close(self) -> None: ...
