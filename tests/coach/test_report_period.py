"""What the report takes from the history: real practice only, from the first record on."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hiptimer.coach.report_data import gather
from hiptimer.core.record import SessionWrite
from hiptimer.library.catalog import load_catalog
from hiptimer.storage.store import HistoryStore


def _session(store: HistoryStore, day: str, time_scale: float = 1.0) -> None:
    at = datetime.fromisoformat(f"{day}T18:00:00+00:00")
    sid = store.start_session(SessionWrite(routine_id="level-1", routine_title="Level 1", started_at=at,
                                           planned_parts=3, level=1, time_scale=time_scale))
    store.finish_session(sid, status="completed", ended_at=at, active_seconds=255)


def test_time_scaled_sessions_stay_out_of_the_report():
    """A demo or test run (--time-scale) is not practice: the therapist's report leaves it out."""
    store = HistoryStore.open(":memory:", local_tz=UTC).store
    _session(store, "2026-11-02")
    _session(store, "2026-11-03", time_scale=20)
    data = gather(store, load_catalog(), date(2026, 11, 1), date(2026, 11, 8),
                  now=datetime(2026, 11, 9, tzinfo=UTC), today=date(2026, 11, 9))
    assert [s.day for s in data.sessions] == [date(2026, 11, 2)]
    assert data.scaled_left_out == 1  # and the report says so


def test_the_report_says_how_many_time_scaled_sessions_it_left_out(qapp, tmp_path):
    import subprocess

    from hiptimer.report.pdf import write_pdf

    store = HistoryStore.open(":memory:", local_tz=UTC).store
    _session(store, "2026-11-02")
    _session(store, "2026-11-03", time_scale=20)
    _session(store, "2026-11-04", time_scale=50)
    data = gather(store, load_catalog(), date(2026, 11, 1), date(2026, 11, 8),
                  now=datetime(2026, 11, 9, tzinfo=UTC), today=date(2026, 11, 9))
    write_pdf(data, str(tmp_path / "r.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "2 time-scaled sessions, demos or tests, left out" in " ".join(text.split())


def test_a_period_before_any_record_starts_at_the_first_one():
    """Asking from 2020 gives no pages of empty weeks: the period starts at the first record."""
    store = HistoryStore.open(":memory:", local_tz=UTC).store
    _session(store, "2026-11-02")
    data = gather(store, load_catalog(), date(2020, 1, 1), date(2026, 11, 8),
                  now=datetime(2026, 11, 9, tzinfo=UTC), today=date(2026, 11, 9))
    assert data.first == date(2026, 11, 2)
