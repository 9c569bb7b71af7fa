"""Child process of the endurance row: a two-hour routine, time-scaled, through the real player.

``python benchmarks/probe_endurance.py --scale 40 --minutes 120``

Plays :func:`workload.endurance_routine` on a
:class:`~hiptimer.core.clock.ScaledClock` through the real
:class:`~hiptimer.ui.runner.SessionRunner` and a shown
:class:`~hiptimer.ui.player.PlayerView` (offscreen), wired as the main
window wires them. It counts the runner's events and the player's label
writes (by wrapping ``hiptimer.ui.player._set_text`` in this process only),
and samples ``sys.getrefcount(None)`` and VmRSS before, during and after.
PySide6-Essentials 6.12.0 on CPython 3.11 lost one reference to ``None`` per
``setText``; a session that runs long enough then dies with ``Fatal Python
error: none_dealloc``, so the process exit status is part of the result.
Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402
from workload import endurance_routine, quiet_qt_messages  # noqa: E402

import hiptimer.ui.player as player_module  # noqa: E402
from hiptimer.core.clock import ScaledClock  # noqa: E402
from hiptimer.core.engine import DEFAULT_SUSPEND_GAP, Engine  # noqa: E402
from hiptimer.core.events import CueDue, Event, Finished, PhaseStarted, SecondChanged  # noqa: E402
from hiptimer.core.plan import compile_plan  # noqa: E402
from hiptimer.ui.player import PlayerView  # noqa: E402
from hiptimer.ui.runner import SessionRunner  # noqa: E402


def vm_rss_kb() -> int:
    """This process's resident set, from /proc."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=40.0)
    parser.add_argument("--minutes", type=int, default=120, help="shortest routine length")
    args = parser.parse_args(argv)

    quiet_qt_messages()
    app = QApplication([sys.argv[0]])
    plan = compile_plan(endurance_routine(args.minutes * 60))
    counts = {"second_changed": 0, "phase_started": 0, "cues": 0, "set_text_calls": 0,
              "set_text_changes": 0, "refreshes": 0}

    original_set_text = player_module._set_text

    def counting_set_text(label: QLabel, text: str) -> None:
        counts["set_text_calls"] += 1
        if label.text() != text:
            counts["set_text_changes"] += 1
        original_set_text(label, text)

    player_module._set_text = counting_set_text  # looked up at call time by refresh()

    clock = ScaledClock(args.scale)
    engine = Engine(plan, clock, suspend_gap=DEFAULT_SUSPEND_GAP * args.scale)
    runner = SessionRunner(engine, args.scale)
    view = PlayerView()
    view.resize(1280, 760)
    view.attach(runner, plan)
    view.show()

    original_refresh = view.refresh

    def counting_refresh() -> None:
        counts["refreshes"] += 1
        original_refresh()

    view.refresh = counting_refresh  # type: ignore[method-assign]  # slots call self.refresh()

    samples: list[dict[str, Any]] = []
    result: dict[str, Any] = {"scale": args.scale, "plan_seconds": plan.total_seconds,
                              "phases": len(plan.phases)}

    def sample(label: str) -> None:
        samples.append({"at": label, "real_s": round(time.monotonic() - started[0], 1),
                        "refcount_none": sys.getrefcount(None), "rss_kb": vm_rss_kb()})

    def on_event(event: Event) -> None:
        if isinstance(event, SecondChanged):
            counts["second_changed"] += 1
        elif isinstance(event, PhaseStarted):
            counts["phase_started"] += 1
        elif isinstance(event, CueDue):
            counts["cues"] += 1

    def on_finished(event: Finished) -> None:
        result["status"] = event.status.value
        result["finished_real_s"] = time.monotonic() - started[0]
        sample("end")
        QTimer.singleShot(0, app.quit)

    runner.add_listener(on_event)
    runner.finished.connect(on_finished)
    started = [time.monotonic()]
    sampler = QTimer()
    sampler.setInterval(10_000)
    sampler.timeout.connect(lambda: sample("run"))

    def begin() -> None:
        started[0] = time.monotonic()
        sample("start")
        sampler.start()
        runner.start()

    QTimer.singleShot(500, begin)
    QTimer.singleShot(round((plan.total_seconds / args.scale + 120) * 1000), app.quit)  # hard stop
    app.exec()
    sampler.stop()
    sample("after")
    result.update(counts=counts, samples=samples,
                  expected_real_s=plan.total_seconds / args.scale)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0 if "status" in result else 1


if __name__ == "__main__":
    raise SystemExit(main())
