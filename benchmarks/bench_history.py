"""How the history copes with a long life: 20,000 sessions.

Generates the sessions (with their parts) into a temporary database, then
times, offscreen:

* opening the store with 0 and with 20,000 sessions, with and without the
  start-up ``PRAGMA quick_check`` (which reads the whole file);
* each query the history page runs (streaks, calendar, minutes per week,
  routine counts, first page of the table);
* building the :class:`~hiptimer.ui.history_view.HistoryView` and showing
  its first page, everything included.

Run: ``python benchmarks/bench_history.py [sessions]``. :func:`bench_history`
returns the figures as a dict (seconds) for a combined benchmark.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hiptimer.storage.store import HistoryStore  # noqa: E402
from tests.sample_history import fill_history  # noqa: E402

END = datetime(2025, 6, 4, 21, 0, tzinfo=UTC)
TODAY = date(2025, 6, 4)


def _median(call: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _open_time(path: Path, *, check: bool, repeats: int) -> float:
    def once() -> None:
        HistoryStore.open(path, local_tz=UTC, check=check).store.close()

    return _median(once, repeats)


def bench_history(sessions: int = 20_000, *, repeats: int = 5) -> dict[str, float]:
    """Time opening, querying and showing a history of ``sessions`` sessions."""
    from PySide6.QtWidgets import QApplication

    from hiptimer.ui.history_view import HistoryView

    app = QApplication.instance() or QApplication([])
    results: dict[str, float] = {"sessions": float(sessions)}
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-") as folder:
        empty = Path(folder) / "empty.sqlite3"
        full = Path(folder) / "full.sqlite3"
        HistoryStore.open(empty, local_tz=UTC).store.close()

        store = HistoryStore.open(full, local_tz=UTC).store
        start = time.perf_counter()
        fill_history(store, sessions, end=END, per_day=3.0)
        results["generate_s"] = time.perf_counter() - start
        results["parts"] = float(
            sum(s.parts_done + s.parts_skipped for s in store.sessions(limit=sessions))
        )
        store.close()
        results["file_mb"] = full.stat().st_size / 1e6

        for label, path in (("empty", empty), ("full", full)):
            results[f"open_{label}_s"] = _open_time(path, check=True, repeats=repeats)
            results[f"open_{label}_nocheck_s"] = _open_time(path, check=False, repeats=repeats)

        store = HistoryStore.open(full, local_tz=UTC, check=False).store
        first = TODAY - timedelta(weeks=55)
        queries: dict[str, Callable[[], object]] = {
            "streaks": lambda: store.streaks(TODAY),
            "day_counts": lambda: store.day_counts(first, TODAY),
            "minutes_per_week": lambda: store.minutes_per_week(12, TODAY),
            "routine_summaries": store.routine_summaries,
            "first_page": lambda: store.sessions(limit=200),
            "count": store.count_sessions,
        }
        for name, call in queries.items():
            results[f"query_{name}_s"] = _median(call, repeats)

        def show_view() -> None:
            view = HistoryView(store, today=lambda: TODAY, tz=UTC)
            view.resize(1280, 760)
            view.show()
            app.processEvents()  # lays out and paints the first page
            view.close()
            view.deleteLater()
            app.processEvents()

        show_view()  # warm up fonts and styles, once
        results["view_show_s"] = _median(show_view, repeats)
        store.close()
    return results


def main(argv: list[str]) -> int:
    sessions = int(argv[1]) if len(argv) > 1 else 20_000
    r = bench_history(sessions)
    ms = {k: v * 1000 for k, v in r.items() if k.endswith("_s")}
    print(f"history benchmark: {int(r['sessions']):,} sessions, {int(r['parts']):,} parts, "
          f"{r['file_mb']:.1f} MB (generated in {r['generate_s']:.1f} s)")  # fmt: skip
    print("open the store (median):")
    print(f"  empty history:    {ms['open_empty_s']:7.1f} ms   "
          f"without quick_check {ms['open_empty_nocheck_s']:6.1f} ms")  # fmt: skip
    print(f"  {int(r['sessions']):,} sessions: {ms['open_full_s']:7.1f} ms   "
          f"without quick_check {ms['open_full_nocheck_s']:6.1f} ms")  # fmt: skip
    print("history page queries (median):")
    for key in sorted(k for k in ms if k.startswith("query_")):
        print(f"  {key[6:-2]:<18} {ms[key]:7.2f} ms")
    print(f"HistoryView built and first page shown (median): {ms['view_show_s']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
