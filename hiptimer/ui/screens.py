"""Render the main screens to PNG from the app itself.

Used by ``scripts/screenshots.py`` for the README and by the tests that check
the screens are not blank. The window is real; only the clock is fake, so
each screen can be reached at an exact moment of a routine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from hiptimer.core.clock import FakeClock
from hiptimer.core.engine import State
from hiptimer.core.plan import PhaseKind
from hiptimer.library.catalog import load_catalog
from hiptimer.storage.history import HistoryStore
from hiptimer.storage.settings import Settings
from hiptimer.storage.writer import HistoryWriter
from hiptimer.ui.keepawake import ScreenKeeper
from hiptimer.ui.main_window import AppContext, MainWindow

SCREEN_SIZE = QSize(1366, 768)


def _settle(app: QApplication, rounds: int = 5) -> None:
    # Let the runner's (sub-millisecond, time-scaled) timer fire and repaint.
    for _ in range(rounds):
        QTest.qWait(1)
        app.processEvents()


def _advance_to(window: MainWindow, clock: FakeClock, app: QApplication,
                want: Callable[[object], bool], limit: float = 3600.0) -> None:
    """Move the fake clock until the current phase satisfies ``want``."""
    runner = window.runner
    assert runner is not None
    waited = 0.0
    while waited < limit and runner.state is State.RUNNING and not want(runner.engine.phase):
        clock.advance(0.5)
        waited += 0.5
        _settle(app, 3)


def build_window(store: HistoryStore | None = None) -> tuple[MainWindow, FakeClock]:
    clock = FakeClock()
    store = store or HistoryStore.open(":memory:")
    store = getattr(store, "store", store)
    ctx = AppContext(settings=Settings(disclaimer_seen=True), save_settings=lambda s: None,
                     catalog=load_catalog(), history=HistoryWriter(store), audio=None,
                     clock_factory=lambda: clock, time_scale=100000.0, keeper=ScreenKeeper())
    window = MainWindow(ctx)
    window.resize(SCREEN_SIZE)
    window.show()
    return window, clock


def render_screens(out_dir: Path) -> dict[str, Path]:
    """Write picker, hold, rest/next-up, switch-sides and summary PNGs; return their paths."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create a QApplication first"
    out_dir.mkdir(parents=True, exist_ok=True)
    shots: dict[str, Path] = {}

    def grab(window: MainWindow, name: str) -> None:
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
    window.runner.finish_early()  # type: ignore[union-attr]
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
    window.runner.finish_early()  # type: ignore[union-attr]
    window.close()
    return shots
