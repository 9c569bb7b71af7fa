"""SessionController: starts, resumes, records and ends sessions.

The window lays out pages and menus; this object owns the session itself.
It builds the plan once per start (:meth:`plan_for` is the one place a
routine becomes a plan with the user's doses and the time scale), the engine,
the recorder and the runner, and puts the audio, the history and itself on
the runner's one event path. A start that fails leaves no half-written
session behind.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from hiptimer.core.display import phase_tone
from hiptimer.core.engine import DEFAULT_SUSPEND_GAP, Engine, State
from hiptimer.core.events import Cue, CueDue, Event, Finished, PartEnded, Paused, Resumed
from hiptimer.core.model import Routine, Side
from hiptimer.core.plan import Plan, compile_plan
from hiptimer.core.record import SessionRecorder
from hiptimer.core.resume import resume_point
from hiptimer.ui.context import AppContext
from hiptimer.ui.runner import SessionRunner

log = logging.getLogger(__name__)

RETRY_MS = 5000  # how often failed history writes are tried again


@dataclass(frozen=True)
class SessionResult:
    """What the summary page shows when a session ends."""

    plan: Plan
    parts: tuple[PartEnded, ...]
    completed: bool
    active_seconds: float
    session_id: int | None


class SessionController(QObject):
    """One session at a time, any number of them in one run."""

    session_started = Signal(object, object)  # Plan, SessionRunner
    session_finished = Signal(object)  # SessionResult
    start_failed = Signal(str)  # a sentence for the user
    paused = Signal(object)  # PauseReason
    resumed = Signal()
    visual_cue = Signal(object)  # Tone: a cue to show because it cannot be heard
    write_status_changed = Signal(str)  # "" when everything is written
    audio_notice = Signal(str)  # a sentence from the audio layer
    moment = Signal(object, object)  # CueDue or Finished, Routine: for desktop notifications
    # The audio layer calls back on its playback thread; these signals carry
    # the calls to the GUI thread (Qt queues a signal emitted on another thread).
    _audio_cue = Signal(object)  # CueDue
    _audio_said = Signal(str, str)  # text, key

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner: SessionRunner | None = None
        self.recorder: SessionRecorder | None = None
        self.plan: Plan | None = None
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(RETRY_MS)
        self._connect_signals()
        # Always on: a write queued anywhere (a side, a rating, a measurement on
        # the range-of-motion page) is retried without waiting for another write.
        self._retry_timer.start()

    def _connect_signals(self) -> None:
        self._retry_timer.timeout.connect(self._on_retry)
        self._audio_cue.connect(self._on_audio_cue)
        self._audio_said.connect(self._on_audio_said)
        audio = self.ctx.audio
        if audio is not None:
            audio.on_visual_cue = self._audio_cue.emit
            audio.on_notice = self._audio_said.emit
            audio.on_backend_changed = self._on_backend_changed

    @staticmethod
    def _on_backend_changed(name: str, reason: str) -> None:
        log.warning("Sound now plays through %s (%s)", name, reason)

    # -- queries ---------------------------------------------------------------
    @property
    def active(self) -> bool:
        """A session is running or paused."""
        return self.runner is not None and self.runner.state in (State.RUNNING, State.PAUSED)

    @property
    def state(self) -> State | None:
        return None if self.runner is None else self.runner.state

    def plan_for(self, routine: Routine) -> Plan:
        """The routine as it will be played: the user's saved doses applied."""
        return compile_plan(routine, self.ctx.settings.dose_choices(routine.id))

    # -- commands --------------------------------------------------------------
    def start(self, routine: Routine, *, resume_session: int | None = None, start_at: int = 0,
              earlier: Sequence[PartEnded] = ()) -> bool:
        """Start ``routine`` (or carry on ``resume_session``, whose ``earlier`` sides
        are already recorded); False if it could not start."""
        if self.active:
            return False
        self._drop_runner()
        session_id: int | None = None
        history = self.ctx.history
        try:
            plan = self.plan_for(routine)
            clock = self.ctx.clock_factory()
            engine = Engine(plan, clock, manual_reps=self.ctx.settings.manual_reps,
                            suspend_gap=DEFAULT_SUSPEND_GAP * self.ctx.time_scale, start_at=start_at)
            recorder = SessionRecorder(plan, history, clock, session_id=resume_session,
                                       time_scale=self.ctx.time_scale, earlier=earlier)
            listeners = []
            if self.ctx.audio is not None:
                # Render every phrase this session says ahead, first exercise first (issue 13).
                self.ctx.audio.prepare(plan, self.ctx.time_scale)
                listeners.append(self.ctx.audio.handle)
            listeners += [recorder.handle, self._on_event]
            runner = SessionRunner(engine, self.ctx.time_scale, listeners, self)
            session_id = recorder.begin()
            self.runner, self.recorder, self.plan = runner, recorder, plan
            runner.finished.connect(self._on_finished)
            log.info("Session %s started: %s", session_id, plan.routine.id)
            self.session_started.emit(plan, runner)
            self.ctx.keeper.hold()
            runner.start()
        except Exception as exc:
            log.exception("Could not start %s", routine.id)
            if session_id is not None and resume_session is None:
                try:
                    history.abandon_session(session_id)
                except Exception:
                    log.exception("Could not withdraw session %s", session_id)
            self._drop_runner()
            self.start_failed.emit(f"{routine.title} could not start: {exc}")
            return False
        self._report_writes()
        return True

    def resume_interrupted(self) -> tuple[object, Routine] | None:
        """The last interrupted session and its routine, if one can be resumed."""
        sessions = self.ctx.history.recover_unfinished()
        for record in sorted(sessions, key=lambda s: s.started_at, reverse=True):
            routine = self.ctx.catalog.get(record.routine_id)
            if routine is not None:
                return record, routine
        return None

    def resume(self, record: object, routine: Routine) -> bool:
        plan = self.plan_for(routine)
        recorded = self.ctx.history.parts(record.id)
        done = {(p.exercise_index, Side(p.side)) for p in recorded}
        # The sides recorded before the stop go into the summary too: without
        # them it showed those sides "Not reached" while History lists them.
        earlier = [PartEnded(p.exercise_index, p.exercise_id, Side(p.side), p.status, p.active_seconds,
                             reps_done=0, sets_done=0)
                   for p in recorded if p.exercise_index < len(routine.exercises)]
        self.ctx.history.reopen_session(record.id)
        return self.start(routine, resume_session=record.id, start_at=resume_point(plan, done),
                          earlier=earlier)

    def pause(self) -> None:
        if self.runner is not None and self.runner.state is State.RUNNING:
            self.runner.pause()

    def resume_playing(self) -> None:
        if self.runner is not None and self.runner.state is State.PAUSED:
            self.runner.resume()

    def end_early(self) -> None:
        if self.active and self.runner is not None:
            self.runner.finish_early()

    def rate(self, rating: int | None, note: str) -> bool:
        """Save the feel rating and note of the last session; False if there is none."""
        if self.recorder is None or self.recorder.session_id is None:
            return False
        self.ctx.history.rate_session(self.recorder.session_id, rating=rating, note=note)
        self._report_writes()
        return True

    def write_status(self) -> str:
        """A sentence about history writes still waiting, or ""."""
        history = self.ctx.history
        if history.pending:
            # The writer's sentence says why, that it keeps trying, and where the
            # writes wait meanwhile (the journal, which the next start replays).
            return history.last_error or (
                f"{history.pending} history write(s) not saved yet; hiptimer keeps trying.")
        return ""

    # -- the event path ----------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if isinstance(event, Paused):
            self.ctx.keeper.release()
            self.paused.emit(event.reason)
        elif isinstance(event, Resumed):
            self.ctx.keeper.hold()
            self.resumed.emit()
        elif isinstance(event, CueDue):
            if event.cue in (Cue.NEXT_EXERCISE, Cue.SWITCH_SIDES) and self.plan is not None:
                self.moment.emit(event, self.plan.routine)
            if self.ctx.audio is None:
                # No audio layer at all: every cue is shown. With one, the audio
                # layer says which cues could not be heard (_on_audio_cue).
                self.visual_cue.emit(phase_tone(event.phase))
        elif isinstance(event, PartEnded):
            # History is written when a side ends: that is when its status can change.
            self._report_writes()

    @Slot(object)
    def _on_audio_cue(self, event: CueDue) -> None:
        if self.active:
            self.visual_cue.emit(phase_tone(event.phase))

    @Slot(str, str)
    def _on_audio_said(self, text: str, key: str) -> None:
        log.warning("Sound notice (%s): %s", key, text)
        self.audio_notice.emit(text)

    @Slot(object)
    def _on_finished(self, event: Finished) -> None:
        self.ctx.keeper.release()
        assert self.plan is not None and self.recorder is not None
        self._report_writes()
        self.moment.emit(event, self.plan.routine)
        self.session_finished.emit(SessionResult(
            plan=self.plan, parts=tuple(self.recorder.parts), completed=self.recorder.completed,
            active_seconds=event.active_seconds, session_id=self.recorder.session_id))

    @Slot()
    def _on_retry(self) -> None:
        if not self.ctx.history.pending:
            return
        self.ctx.history.retry()
        self._report_writes()

    def _report_writes(self) -> None:
        self.write_status_changed.emit(self.write_status())

    def _drop_runner(self) -> None:
        if self.runner is not None:
            self.runner.stop()
            self.runner.deleteLater()
        self.runner = None

    def shutdown(self) -> None:
        """At quit: stop timing and release the screen."""
        self._drop_runner()
        self._retry_timer.stop()
        self.ctx.keeper.release()

