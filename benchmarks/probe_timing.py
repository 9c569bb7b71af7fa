"""Child process of the timing-accuracy row: play a routine and log when each change was handled.

``python benchmarks/probe_timing.py runner|naive --seconds 60 --stall-at 30.4 --stall 1.5``

* ``runner``: the real :class:`~hiptimer.ui.runner.SessionRunner` and
  :class:`~hiptimer.core.engine.Engine` on a :class:`SystemClock`, driving a
  shown :class:`~hiptimer.ui.player.PlayerView`, as in the app.
* ``naive``: the usual timer-app loop, for comparison: a periodic 1000 ms
  QTimer (default CoarseTimer) decrements a counter shown in a QLabel and
  moves to the next phase when it reaches 0.

Both play the same plan (:func:`workload.timing_routine`) in an offscreen
QApplication. ``--stall-at`` seconds after the start the GUI thread sleeps
``--stall`` seconds, like a slow paint or a blocking call would.

Every phase start and every change of the shown second is logged with the
moment it was due (``t0 + phase.start`` for a phase, ``t0 + phase.end -
seconds`` for showing ``seconds``) and, on ``time.monotonic()``:

* ``handled``: when a slot connected after the view's own slot ran, so the
  labels already say the new thing (for ``naive``, right after ``setText``);
* ``woke``: for ``runner``, when the runner handed the event to its
  listeners, before any slot: the timer's wake-up alone.

The log is printed as one JSON object on stdout; :mod:`run` turns it into
figures.
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

from PySide6.QtCore import QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: E402

from hiptimer.core.plan import Plan, compile_plan  # noqa: E402

sys.path.insert(0, str(HERE))
from workload import quiet_qt_messages, timing_routine  # noqa: E402

Record = dict[str, Any]
_KEEP: list[object] = []  # Python wrappers that must outlive the set-up functions


class Log:
    """Phase starts, second flips and the end, each with due and handled times."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.t0: float | None = None
        self.phases: list[Record] = []
        self.flips: list[Record] = []
        self.end: Record | None = None

    def phase(self, index: int, handled: float, woke: float | None = None) -> None:
        """Phase ``index`` was shown at ``handled``; its event left the runner at ``woke``."""
        assert self.t0 is not None
        p = self.plan.phases[index]
        self.phases.append({"index": index, "due": self.t0 + p.start, "handled": handled,
                            "woke": handled if woke is None else woke})

    def flip(self, index: int, seconds: int, handled: float, woke: float | None = None) -> None:
        """``seconds`` was shown for phase ``index`` at ``handled``."""
        assert self.t0 is not None
        p = self.plan.phases[index]
        self.flips.append({"index": index, "seconds": seconds, "first": seconds == p.duration,
                           "due": self.t0 + p.end - seconds, "handled": handled,
                           "woke": handled if woke is None else woke})

    def finished(self, handled: float) -> None:
        assert self.t0 is not None
        self.end = {"due": self.t0 + self.plan.total_seconds, "handled": handled}


def play_runner(app: QApplication, plan: Plan, log: Log) -> None:
    """Wire the real runner, engine and player view, and start them."""
    from hiptimer.core.clock import SystemClock
    from hiptimer.core.engine import Engine
    from hiptimer.core.events import Event, PhaseStarted, SecondChanged
    from hiptimer.ui.player import PlayerView
    from hiptimer.ui.runner import SessionRunner

    engine = Engine(plan, SystemClock())
    runner = SessionRunner(engine, 1.0, parent=app)
    view = PlayerView()
    view.resize(1280, 760)
    view.attach(runner, plan)  # the view's slots run first, as in the app
    view.show()

    woke: dict[int, float] = {}  # id(event) -> when the runner handed it out

    # The view refreshes once per tick, on ``ticked``, after every listener;
    # so events are collected here and stamped when ``ticked`` reaches this
    # slot, which is connected after the view's and so runs after its refresh.
    pending: list[PhaseStarted | SecondChanged] = []

    def on_event(event: Event) -> None:
        # A runner listener is called before any slot: when the timer woke
        # and the engine's event reached the shell.
        woke[id(event)] = time.monotonic()
        if log.t0 is None and isinstance(event, PhaseStarted):
            log.t0 = event.at  # the engine's start, on time.monotonic()
        if isinstance(event, PhaseStarted | SecondChanged):
            pending.append(event)

    def on_ticked() -> None:
        now = time.monotonic()
        for event in pending:
            if isinstance(event, PhaseStarted):
                log.phase(event.phase.index, now, woke.pop(id(event), None))
            else:
                log.flip(event.phase.index, event.seconds_left, now, woke.pop(id(event), None))
        pending.clear()

    runner.add_listener(on_event)

    def on_finished(_event: object) -> None:
        log.finished(time.monotonic())
        QTimer.singleShot(200, app.quit)

    runner.ticked.connect(on_ticked)
    runner.finished.connect(on_finished)
    _KEEP.extend((runner, view))
    runner.start()


class NaiveCountdown(QObject):
    """What most timer apps do: count 1000 ms ticks of a periodic CoarseTimer."""

    def __init__(self, app: QApplication, plan: Plan, log: Log) -> None:
        super().__init__(app)
        self.app = app
        self.plan = plan
        self.log = log
        self.window = QMainWindow()
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.label.font()
        font.setPixelSize(200)
        self.label.setFont(font)
        self.window.setCentralWidget(self.label)
        self.window.resize(1280, 760)
        self.window.show()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)  # default type: Qt.CoarseTimer
        self.timer.timeout.connect(self.tick)
        self.index = 0
        self.counter = 0

    def start(self) -> None:
        now = time.monotonic()
        self.log.t0 = now
        self.timer.start()
        self._enter(0, now)

    def _enter(self, index: int, now: float) -> None:
        self.index = index
        self.counter = self.plan.phases[index].duration
        self.label.setText(str(self.counter))
        self.log.phase(index, now)
        self.log.flip(index, self.counter, now)

    def tick(self) -> None:
        self.counter -= 1
        if self.counter > 0:
            self.label.setText(str(self.counter))
            self.log.flip(self.index, self.counter, time.monotonic())
            return
        if self.index + 1 < len(self.plan.phases):
            self._enter(self.index + 1, time.monotonic())
            return
        self.timer.stop()
        self.log.finished(time.monotonic())
        QTimer.singleShot(200, self.app.quit)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("runner", "naive"))
    parser.add_argument("--seconds", type=int, default=60, help="shortest routine length to play")
    parser.add_argument("--stall-at", type=float, default=30.4, help="s after the start")
    parser.add_argument("--stall", type=float, default=1.5, help="s the GUI thread sleeps")
    args = parser.parse_args(argv)

    quiet_qt_messages()
    app = QApplication([sys.argv[0]])
    plan = compile_plan(timing_routine(args.seconds))
    log = Log(plan)
    stall: dict[str, float] = {}

    def block() -> None:
        stall["start"] = time.monotonic()
        time.sleep(args.stall)
        stall["end"] = time.monotonic()

    def begin() -> None:
        if args.mode == "runner":
            play_runner(app, plan, log)
        else:
            naive = NaiveCountdown(app, plan, log)
            _KEEP.append(naive)
            naive.start()
        stall_timer.start(round(args.stall_at * 1000))

    stall_timer = QTimer(app)
    stall_timer.setSingleShot(True)
    stall_timer.setTimerType(Qt.TimerType.PreciseTimer)
    stall_timer.timeout.connect(block)
    # Let the window show and settle before the clock starts.
    QTimer.singleShot(500, begin)
    # A hard stop in case a mode never finishes.
    QTimer.singleShot(round((plan.total_seconds + args.stall + 30) * 1000), app.quit)
    app.exec()
    out = {
        "mode": args.mode,
        "total_seconds": plan.total_seconds,
        "phases_in_plan": len(plan.phases),
        "t0": log.t0,
        "stall": stall,
        "phases": log.phases,
        "flips": log.flips,
        "end": log.end,
    }
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    return 0 if log.end is not None else 1


if __name__ == "__main__":
    raise SystemExit(main())
