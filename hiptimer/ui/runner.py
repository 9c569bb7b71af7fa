"""SessionRunner: owns the timer that feeds the engine.

Rather than a periodic tick, which drifts and bunches up after a GUI stall,
a single-shot PreciseTimer is re-armed after every tick for the engine's next
second boundary (:meth:`Engine.next_wakeup`). The display therefore flips on
the true second, and a late tick only delays, never loses, an event.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from hiptimer.core.engine import Engine, State
from hiptimer.core.events import Event, Finished

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]


class SessionRunner(QObject):
    """Times the engine and hands every event to its listeners, in order.

    The listeners (audio, history, the session controller) are the one path
    events take. ``ticked`` follows each batch so a view repaints once however
    many events a tick carried; ``finished`` is the last event again, for
    whoever only waits for the end.
    """

    ticked = Signal()
    finished = Signal(object)  # Finished

    def __init__(self, engine: Engine, time_scale: float = 1.0,
                 listeners: list[Listener] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.time_scale = time_scale
        self._listeners = list(listeners or [])
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self._on_timeout)

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    @property
    def state(self) -> State:
        return self.engine.state

    # -- commands (each dispatches what the engine says, then re-arms) --------
    def start(self) -> None:
        self._run(self.engine.start)

    def toggle_pause(self) -> None:
        self._run(self.engine.toggle_pause)

    def pause(self) -> None:
        self._run(self.engine.pause)

    def resume(self) -> None:
        self._run(self.engine.resume)

    def skip(self) -> None:
        self._run(self.engine.skip)

    def back(self) -> None:
        self._run(self.engine.back)

    def restart_exercise(self) -> None:
        self._run(self.engine.restart_exercise)

    def add_time(self, seconds: float = 10.0) -> None:
        self._run(lambda: self.engine.add_time(seconds))

    def confirm_rep(self) -> None:
        self._run(self.engine.confirm_rep)

    def set_manual_reps(self, on: bool) -> None:
        self._run(lambda: self.engine.set_manual_reps(on))

    def finish_early(self) -> None:
        self._run(self.engine.finish_early)

    def stop(self) -> None:
        self._timer.stop()

    # -- internals -----------------------------------------------------------
    @Slot()
    def _on_timeout(self) -> None:
        self._run(self.engine.tick)

    def _run(self, command: Callable[[], list[Event]]) -> None:
        events = command()
        self._dispatch(events)
        self._arm()

    def _dispatch(self, events: list[Event]) -> None:
        # Listeners first (audio, history), so a cue is not held up by the
        # view repainting for the events before it; then one repaint.
        for event in events:
            for listener in self._listeners:
                try:
                    listener(event)
                except Exception:  # a listener must never stop the session
                    log.exception("Session listener %r failed on %r", listener, event)
        if events:
            self.ticked.emit()
        for event in events:
            if isinstance(event, Finished):
                self.finished.emit(event)

    def _arm(self) -> None:
        wake = self.engine.next_wakeup()
        if wake is None:
            self._timer.stop()
            return
        delay = (wake - self.engine.clock.monotonic()) / self.time_scale
        # Round up: waking a hair after the boundary flips the display; waking
        # before it would cost a wasted tick. (Arming a few ms early was tried:
        # it saved ~1.5 ms of median wake-up but once missed a boundary by a
        # whole second in the benchmark, so it is not done.)
        self._timer.start(max(0, math.ceil(delay * 1000.0)))
