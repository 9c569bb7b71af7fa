#!/usr/bin/env python3
"""Make the README's screenshots from the app itself.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]

Renders offscreen at 1366x768 (a 14-inch laptop) into docs/images/ by default.
The window is real; only the clock is fake (the tests' :class:`FakeClock`), so
each screen can be reached at an exact moment of a routine.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HIPTIMER_HOME", tempfile.mkdtemp(prefix="hiptimer-shots-"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSize
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from hiptimer.core.engine import State
from hiptimer.core.plan import Phase, PhaseKind
from hiptimer.library.catalog import load_catalog
from hiptimer.storage.settings import Settings
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter
from hiptimer.ui.context import AppContext
from hiptimer.ui.keepawake import ScreenKeeper
from hiptimer.ui.main_window import MainWindow
from hiptimer.ui.theme import apply_theme
from hiptimer.ui.widgets import FlashOverlay
from tests.fakes import FakeClock

ROOT = Path(__file__).resolve().parent.parent
SCREEN_SIZE = QSize(1366, 768)


def _settle(app: QApplication, rounds: int = 5) -> None:
    # Let the runner's (sub-millisecond, time-scaled) timer fire and repaint.
    for _ in range(rounds):
        QTest.qWait(1)
        app.processEvents()


def _advance_to(window: MainWindow, clock: FakeClock, app: QApplication,
                want: Callable[[Phase], bool], limit: float = 3600.0) -> None:
    """Move the fake clock until the current phase satisfies ``want``."""
    runner = window.runner
    assert runner is not None
    waited = 0.0
    while waited < limit and runner.state is State.RUNNING and not want(runner.engine.phase):
        clock.advance(0.5)
        waited += 0.5
        _settle(app, 3)


def build_window() -> tuple[MainWindow, FakeClock]:
    clock = FakeClock()
    store = HistoryStore.open(":memory:").store
    ctx = AppContext(settings=Settings(disclaimer_seen=True), save_settings=lambda s: None,
                     catalog=load_catalog(), history=HistoryWriter(store), audio=None,
                     clock_factory=lambda: clock, time_scale=100000.0, keeper=ScreenKeeper())
    window = MainWindow.build(ctx)
    window.resize(SCREEN_SIZE)
    window.show()
    return window, clock


def render_screens(app: QApplication, out_dir: Path) -> dict[str, Path]:
    """Write picker, hold, rest/next-up, switch-sides and summary PNGs; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    shots: dict[str, Path] = {}

    def grab(window: MainWindow, name: str) -> None:
        _settle(app)
        # Without sound every cue flashes the screen: wait for the wash to fade.
        QTest.qWait(FlashOverlay.DURATION_MS + 50)
        _settle(app)
        path = out_dir / f"{name}.png"
        window.grab().save(str(path))
        shots[name] = path

    window, clock = build_window()
    window.show_routine("level-1")
    grab(window, "picker")

    window.start_routine("level-1")
    _advance_to(window, clock, app, lambda p: p.kind is PhaseKind.HOLD)
    clock.advance(23)
    _settle(app, 20)
    grab(window, "player-hold")

    _advance_to(window, clock, app, lambda p: p.kind is PhaseKind.REP_HOLD and p.rep == 4)
    grab(window, "player-reps")
    _advance_to(window, clock, app, lambda p: p.kind is PhaseKind.SWITCH_SIDES)
    clock.advance(1)
    _settle(app, 20)
    grab(window, "player-switch-sides")
    assert window.runner is not None
    window.runner.finish_early()
    _settle(app)
    grab(window, "summary")
    window.close()

    # A routine with sets shows a rest with the next-up card.
    window, clock = build_window()
    window.start_routine("level-3")
    _advance_to(window, clock, app, lambda p: p.kind is PhaseKind.REST)
    clock.advance(12)
    _settle(app, 20)
    grab(window, "player-rest")
    assert window.runner is not None
    window.runner.finish_early()
    window.close()
    return shots


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs/images"
    app = QApplication([])
    apply_theme(app, os.environ.get("HIPTIMER_THEME", "dark"))
    for name, path in render_screens(app, out).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
