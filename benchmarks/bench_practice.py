"""The practice's two figures (issue 15): the Today card and the year's report.

* **Today**: :meth:`hiptimer.coach.coach.Coach.today` (what the Today card
  and ``hiptimer today`` compute: the plan, the counted days since the plan
  began, adherence, the streak, the last session, the re-test date and the
  progression rules) over a history of 20,000 sessions under a plan that
  began with the first of them. The catalog is loaded before timing (the
  window has it already). Also the worst case, a streak as long as the
  history, when every counted day since the plan began is read. Also the whole ``hiptimer today`` command, start
  to exit, for reference.
* **Report**: gathering one year of daily sessions with measurements, pain
  check-ins and decisions (``tests.sample_practice``) and writing it as a
  PDF with ``QPdfWriter``, offscreen.

Run: ``python benchmarks/bench_practice.py [sessions]``. :func:`bench_practice`
returns the figures (seconds) for ``benchmarks/run.py``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hiptimer.coach.coach import Coach  # noqa: E402
from hiptimer.coach.report_data import gather  # noqa: E402
from hiptimer.core.practice import PathKind, Plan  # noqa: E402
from hiptimer.library.catalog import load_catalog  # noqa: E402
from hiptimer.storage import plans as stored  # noqa: E402
from hiptimer.storage.store import HistoryStore  # noqa: E402
from tests.sample_history import fill_history  # noqa: E402
from tests.sample_practice import fill_practice_year  # noqa: E402

END = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
TODAY = date(2026, 11, 27)
YEAR_FIRST, YEAR_LAST = date(2025, 11, 3), date(2026, 11, 1)
GOAL_TODAY_S = 0.050
GOAL_REPORT_S = 2.0


def _median(call: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_today(sessions: int, repeats: int, folder: Path) -> dict[str, float]:
    home = folder / "today-home"
    os.environ["HIPTIMER_HOME"] = str(home)
    db = home / "data" / "history.sqlite3"
    db.parent.mkdir(parents=True)
    store = HistoryStore.open(db).store
    fill_history(store, sessions, end=END)
    first = next(store.iter_sessions())[0].local_date
    stored.save_plan(store, Plan.for_path(PathKind.LEVELS, {0, 2, 4}, first), END)
    coach = Coach(store, load_catalog())
    coach.today(TODAY)  # warm: the page cache, as the window would have it
    today_s = _median(lambda: coach.today(TODAY), repeats)
    # The worst case: a streak as long as the plan, so every counted day is read.
    from hiptimer.coach import coach as coach_module

    window = coach_module.STREAK_WINDOW_DAYS
    coach_module.STREAK_WINDOW_DAYS = 200 * 365
    try:
        today_all_days_s = _median(lambda: coach.today(TODAY), repeats)
    finally:
        coach_module.STREAK_WINDOW_DAYS = window
    store.close()
    env = {**os.environ, "HIPTIMER_HOME": str(home)}
    argv = [sys.executable, "-m", "hiptimer", "today"]
    command_s = _median(lambda: subprocess.run(argv, cwd=ROOT, env=env, check=True, capture_output=True,
                                               timeout=120), max(1, repeats // 2))
    return {"sessions": float(sessions), "today_s": today_s, "today_all_days_s": today_all_days_s,
            "today_command_s": command_s}


def bench_report(repeats: int, folder: Path) -> dict[str, float]:
    from PySide6.QtGui import QGuiApplication

    from hiptimer.report.pdf import write_pdf

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    db = folder / "year" / "history.sqlite3"
    db.parent.mkdir(parents=True)
    store = HistoryStore.open(db).store
    year = fill_practice_year(store, YEAR_FIRST)
    catalog = load_catalog()
    out = folder / "year.pdf"
    pages = 0

    def once() -> None:
        nonlocal pages
        data = gather(store, catalog, YEAR_FIRST, YEAR_LAST, now=END, today=TODAY)
        pages = write_pdf(data, out)

    once()  # warm: fonts
    report_s = _median(once, repeats)
    gather_s = _median(lambda: gather(store, catalog, YEAR_FIRST, YEAR_LAST, now=END, today=TODAY), repeats)
    store.close()
    del app
    return {"report_sessions": float(year.sessions), "report_pages": float(pages), "report_s": report_s,
            "report_gather_s": gather_s, "report_bytes": float(out.stat().st_size)}


def bench_practice(sessions: int = 20_000, repeats: int = 5) -> dict[str, float]:
    saved = os.environ.get("HIPTIMER_HOME")
    try:
        with tempfile.TemporaryDirectory(prefix="hiptimer-bench-practice-") as tmp:
            return bench_today(sessions, repeats, Path(tmp)) | bench_report(repeats, Path(tmp))
    finally:
        if saved is None:
            os.environ.pop("HIPTIMER_HOME", None)
        else:
            os.environ["HIPTIMER_HOME"] = saved


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    r = bench_practice(n)
    print(f"Today card / hiptimer today, {n:,} sessions: {r['today_s'] * 1000:.1f} ms to compute "
          f"(goal ≤ {GOAL_TODAY_S * 1000:.0f} ms); {r['today_all_days_s'] * 1000:.1f} ms when the streak "
          f"spans the whole history; the whole command {r['today_command_s'] * 1000:.0f} ms")
    print(f"Report, one year ({r['report_sessions']:.0f} sessions, {r['report_pages']:.0f} pages): "
          f"{r['report_s']:.2f} s to gather and write (goal ≤ {GOAL_REPORT_S:g} s); gathering "
          f"{r['report_gather_s'] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
