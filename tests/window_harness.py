"""Build the real main window around a fake clock and a real in-memory store."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from hiptimer.library.catalog import Catalog, Entry, load_catalog
from hiptimer.storage.settings import Settings
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter
from tests.fakes import FakeClock

# The fake clock never moves on its own: the runner's timer is armed for
# (deadline - now) / TIME_SCALE real seconds, so a large scale lets the
# timer fire within a millisecond of each advance.
TIME_SCALE = 1000.0


@dataclass
class Harness:
    window: object
    clock: FakeClock
    store: HistoryStore
    settings: Settings
    saved: list = field(default_factory=list)

    def advance(self, qtbot, seconds: float, step: float = 0.5) -> None:
        """Move the clock in steps, letting the real QTimer tick the engine each time."""
        n = max(1, round(seconds / step))
        for _ in range(n):
            self.clock.advance(seconds / n)
            qtbot.wait(3)


@pytest.fixture
def make_window(qtbot):
    from hiptimer.ui.context import AppContext
    from hiptimer.ui.keepawake import ScreenKeeper
    from hiptimer.ui.main_window import MainWindow

    built: list[Harness] = []

    def build(catalog: Catalog | None = None, routines=None, settings: Settings | None = None,
              audio=None) -> Harness:
        if routines is not None:
            catalog = Catalog(entries=[Entry(r, "bundled") for r in routines])
        catalog = catalog or load_catalog()
        clock = FakeClock()
        store = HistoryStore.open(":memory:").store
        settings = settings or Settings(disclaimer_seen=True)
        saved: list = []
        ctx = AppContext(settings=settings, save_settings=lambda s: saved.append(s),
                         catalog=catalog, history=HistoryWriter(store), audio=audio,
                         clock_factory=lambda: clock, time_scale=TIME_SCALE,
                         keeper=ScreenKeeper())
        # Not qtbot.addWidget: qtbot closes its widgets before fixtures tear
        # down, and closing mid-session would ask a question nobody answers.
        window = MainWindow.build(ctx)
        window.resize(1366, 768)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        harness = Harness(window, clock, store, settings, saved)
        built.append(harness)
        return harness

    yield build
    # Closing a window mid-session asks first; end any session so teardown
    # never waits on a dialog.
    for h in built:
        runner = h.window.runner
        if runner is not None and runner.state.value in ("running", "paused"):
            runner.finish_early()
        h.window.close()
        h.window.deleteLater()
