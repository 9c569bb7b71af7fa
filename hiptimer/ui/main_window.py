"""The main window: picker, player, summary, history and range-of-motion pages.

It wires the objects the composition root built (settings, catalog, history
writer, audio, clock) to the pages and owns no session logic itself: the
engine decides, the runner times, the recorder writes.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QByteArray, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from hiptimer import __version__
from hiptimer.core.clock import Clock
from hiptimer.core.engine import DEFAULT_SUSPEND_GAP, Engine, State
from hiptimer.core.events import CueDue, Event, Finished, PartEnded, Paused, Resumed
from hiptimer.core.model import DoseChoice, Routine
from hiptimer.core.plan import Plan, compile_plan
from hiptimer.core.record import SessionRecorder
from hiptimer.library.catalog import Catalog
from hiptimer.storage.settings import Settings
from hiptimer.ui.keepawake import ScreenKeeper
from hiptimer.ui.picker import PickerPage
from hiptimer.ui.player import PlayerView
from hiptimer.ui.runner import SessionRunner
from hiptimer.ui.summary import SummaryPage

log = logging.getLogger(__name__)

DISCLAIMER = (
    "hiptimer guides you through exercises written up by physical therapists. "
    "It is not medical advice and cannot tell whether an exercise suits you. "
    "Move gently, stop if anything hurts, and ask a physical therapist or doctor "
    "if you have pain, an injury or a hip condition."
)


@dataclass
class AppContext:
    """Everything the window needs, built once by :mod:`hiptimer.app`."""

    settings: Settings
    save_settings: Callable[[Settings], None]
    catalog: Catalog
    history: Any  # HistoryWriter: the retrying history store
    audio: Any | None  # CueScheduler, or None when audio could not start at all
    clock_factory: Callable[[], Clock]
    time_scale: float = 1.0
    notices: list[str] = field(default_factory=list)
    keeper: ScreenKeeper = field(default_factory=ScreenKeeper)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = ctx.settings
        self.setWindowTitle("hiptimer")
        self.setMinimumSize(900, 600)
        self.runner: SessionRunner | None = None
        self.recorder: SessionRecorder | None = None
        self.plan: Plan | None = None
        self._history_view: QWidget | None = None
        self._rom_view: QWidget | None = None

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.picker = PickerPage()
        self.player = PlayerView()
        self.summary = SummaryPage()
        for page in (self.picker, self.player, self.summary):
            self.stack.addWidget(page)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self._build_menus()
        self._connect_signals()
        self._load_catalog()
        self.player.set_muted(self.settings.muted)
        self.picker.manual_check.setChecked(self.settings.manual_reps)
        self._restore_geometry()

    # -- construction --------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.export_csv_action = QAction("Export history as &CSV\u2026", self)
        self.export_json_action = QAction("Export history as &JSON\u2026", self)
        self.import_action = QAction("&Import history from JSON\u2026", self)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        for a in (self.export_csv_action, self.export_json_action, self.import_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = bar.addMenu("&View")
        self.routines_action = QAction("&Routines", self)
        self.routines_action.setShortcut("Ctrl+1")
        self.history_action = QAction("&History", self)
        self.history_action.setShortcut("Ctrl+H")
        self.rom_action = QAction("Range of &motion log", self)
        self.rom_action.setShortcut("Ctrl+M")
        self.fullscreen_action = QAction("&Fullscreen", self)
        self.fullscreen_action.setShortcut("F11")
        self.fullscreen_action.setCheckable(True)
        for a in (self.routines_action, self.history_action, self.rom_action):
            view_menu.addAction(a)
        view_menu.addSeparator()
        view_menu.addAction(self.fullscreen_action)

        sound_menu = bar.addMenu("&Sound")
        self.mute_action = QAction("&Mute", self)
        self.mute_action.setCheckable(True)
        self.mute_action.setChecked(self.settings.muted)
        self.voice_action = QAction("Spoken &cues", self)
        self.voice_action.setCheckable(True)
        self.voice_action.setChecked(self.settings.voice)
        self.beeps_action = QAction("Countdown &beeps", self)
        self.beeps_action.setCheckable(True)
        self.beeps_action.setChecked(self.settings.countdown_beeps)
        for a in (self.mute_action, self.voice_action, self.beeps_action):
            sound_menu.addAction(a)
        volume_menu = sound_menu.addMenu("&Volume")
        self.volume_actions: list[QAction] = []
        for level in (25, 50, 75, 100):
            a = QAction(f"{level} %", self)
            a.setCheckable(True)
            a.setChecked(self.settings.volume == level)
            a.setData(level)
            volume_menu.addAction(a)
            self.volume_actions.append(a)

        help_menu = bar.addMenu("&Help")
        self.about_action = QAction("&About hiptimer", self)
        help_menu.addAction(self.about_action)

    def _connect_signals(self) -> None:
        self.picker.routine_selected.connect(self._on_routine_selected)
        self.picker.page.start_requested.connect(self._on_start_requested)
        self.picker.page.dose_changed.connect(self._on_dose_changed)
        self.picker.manual_check.toggled.connect(self._on_manual_toggled)
        self.player.end_requested.connect(self._on_end_requested)
        self.player.mute_toggled.connect(self._on_mute_key)
        self.player.fullscreen_toggled.connect(self._on_fullscreen_key)
        self.player.manual_toggled.connect(self._on_manual_toggled)
        self.summary.save_requested.connect(self._on_save_rating)
        self.summary.done_requested.connect(self._on_summary_done)
        self.export_csv_action.triggered.connect(self._on_export_csv)
        self.export_json_action.triggered.connect(self._on_export_json)
        self.import_action.triggered.connect(self._on_import)
        self.quit_action.triggered.connect(self.close)
        self.routines_action.triggered.connect(self._on_show_routines)
        self.history_action.triggered.connect(self._on_show_history)
        self.rom_action.triggered.connect(self._on_show_rom)
        self.fullscreen_action.toggled.connect(self._on_fullscreen_action)
        self.mute_action.toggled.connect(self._on_sound_changed)
        self.voice_action.toggled.connect(self._on_sound_changed)
        self.beeps_action.toggled.connect(self._on_sound_changed)
        for a in self.volume_actions:
            a.triggered.connect(self._on_volume_chosen)
        self.about_action.triggered.connect(self._on_about)

    def _load_catalog(self) -> None:
        catalog = self.ctx.catalog
        durations = {r.id: compile_plan(r, self.settings.dose_choices(r.id)).total_seconds
                     for r in catalog.routines}
        self.picker.set_routines(catalog.routines, durations, [str(e) for e in catalog.errors])
        if not (self.settings.last_routine and self.picker.select(self.settings.last_routine)):
            self.picker.select_first()

    # -- public API for the composition root and tests ------------------------
    def show_routine(self, routine_id: str) -> bool:
        routine = self.ctx.catalog.find(routine_id)
        if routine is None:
            return False
        self.picker.select(routine.id)
        self.stack.setCurrentWidget(self.picker)
        return True

    def first_run(self) -> None:
        """Say once, plainly, that this is not medical advice."""
        if self.settings.disclaimer_seen:
            return
        QMessageBox.information(self, "Before you start", DISCLAIMER)
        self.settings.disclaimer_seen = True
        self._save_settings()

    def show_notices(self) -> None:
        for text in self.ctx.notices:
            QMessageBox.warning(self, "hiptimer", text)
        self.ctx.notices.clear()

    def start_routine(self, routine_id: str, *, resume_session: int | None = None,
                      start_at: int = 0) -> bool:
        routine = self.ctx.catalog.find(routine_id)
        if routine is None:
            QMessageBox.warning(self, "hiptimer", f"There is no routine called {routine_id!r}.")
            return False
        if self.runner is not None and self.runner.state in (State.RUNNING, State.PAUSED):
            return False
        self._begin(routine, resume_session, start_at)
        return True

    # -- session -------------------------------------------------------------
    def _begin(self, routine: Routine, resume_session: int | None, start_at: int) -> None:
        clock = self.ctx.clock_factory()
        plan = compile_plan(routine, self.settings.dose_choices(routine.id))
        engine = Engine(plan, clock, manual_reps=self.settings.manual_reps,
                        suspend_gap=DEFAULT_SUSPEND_GAP * self.ctx.time_scale, start_at=start_at)
        recorder = SessionRecorder(plan, self.ctx.history, clock, session_id=resume_session)
        recorder.begin()
        listeners: list[Callable[[Event], None]] = []
        if self.ctx.audio is not None:
            listeners.append(self.ctx.audio.handle)
        listeners.append(recorder.handle)
        listeners.append(self._on_session_event)
        if self.runner is not None:
            self.runner.stop()
            self.runner.deleteLater()
        self.runner = SessionRunner(engine, self.ctx.time_scale, listeners, self)
        self.recorder = recorder
        self.plan = plan
        self.settings.last_routine = routine.id
        self._save_settings()
        self.player.attach(self.runner, plan)
        self.runner.finished.connect(self._on_session_finished)
        self.stack.setCurrentWidget(self.player)
        self.player.setFocus()
        self._show_write_status()
        self.ctx.keeper.hold()
        self.runner.start()

    def _on_session_event(self, event: Event) -> None:
        if isinstance(event, Paused):
            self.ctx.keeper.release()
        elif isinstance(event, Resumed):
            self.ctx.keeper.hold()
        elif isinstance(event, CueDue):
            if self.ctx.audio is not None and getattr(self.ctx.audio, "silent", False):
                self.player.flash(event.cue.value)
        elif isinstance(event, PartEnded):
            # History is written when a side ends: that is when its status can change.
            self._show_write_status()

    def _show_write_status(self) -> None:
        error = getattr(self.ctx.history, "last_error", "")
        pending = getattr(self.ctx.history, "pending", 0)
        if error and pending:
            self.player.show_notice(f"History not saved yet ({error}). It will be retried; "
                                    "the session goes on.")
            self.status_label.setText(f"{pending} history write(s) waiting")
        elif self.stack.currentWidget() is self.player and not self.player.notice_label.text() \
                .startswith("Paused"):
            self.player.clear_notice()
            self.status_label.setText("")

    @Slot(object)
    def _on_session_finished(self, event: Finished) -> None:
        self.ctx.keeper.release()
        if self.fullscreen_action.isChecked() and not self.settings.fullscreen:
            self.fullscreen_action.setChecked(False)
        assert self.plan is not None and self.recorder is not None
        self.summary.show_result(self.plan, self.recorder.parts,
                                 self.recorder.completed, event.active_seconds)
        self._update_summary_status()
        self.stack.setCurrentWidget(self.summary)

    def _update_summary_status(self, saved_rating: bool = False) -> None:
        history = self.ctx.history
        retry = getattr(history, "retry", None)
        if retry is not None:
            retry()
        error = getattr(history, "last_error", "")
        if getattr(history, "pending", 0):
            self.summary.set_status(f"Not saved yet: {error}. hiptimer keeps trying while it is open.")
        elif saved_rating:
            self.summary.set_status("Rating and note saved.")
        else:
            self.summary.set_status("Saved to your history.")

    @Slot(object, str)
    def _on_save_rating(self, rating: int | None, note: str) -> None:
        if self.recorder is None or self.recorder.session_id is None:
            return
        self.ctx.history.rate_session(self.recorder.session_id, rating=rating, note=note)
        self._update_summary_status(saved_rating=True)

    @Slot()
    def _on_summary_done(self) -> None:
        self.stack.setCurrentWidget(self.picker)
        self._refresh_history()

    @Slot()
    def _on_end_requested(self) -> None:
        if self.runner is None or self.runner.state not in (State.RUNNING, State.PAUSED):
            self.stack.setCurrentWidget(self.picker)
            return
        was_running = self.runner.state is State.RUNNING
        if was_running:
            self.runner.pause()
        box = QMessageBox(QMessageBox.Icon.Question, "End the session?",
                          "End this session now? The sides you finished stay in your history; "
                          "the rest is marked as not done.", parent=self)
        end = box.addButton("&End session", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("&Keep going", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is end:
            self.runner.finish_early()
        elif was_running:
            self.runner.resume()

    # -- picker --------------------------------------------------------------
    @Slot(str)
    def _on_routine_selected(self, routine_id: str) -> None:
        routine = self.ctx.catalog.get(routine_id)
        if routine is not None:
            self.picker.page.show_routine(routine, self.settings.dose_choices(routine.id))

    @Slot(str)
    def _on_start_requested(self, routine_id: str) -> None:
        self.start_routine(routine_id)

    @Slot(str, str, object)
    def _on_dose_changed(self, routine_id: str, exercise_id: str, choice: DoseChoice) -> None:
        self.settings.set_dose(routine_id, exercise_id, hold=choice.hold, reps=choice.reps,
                               sets=choice.sets)
        self._save_settings()
        item = self.picker.list.currentItem()
        routine = self.ctx.catalog.get(routine_id)
        if item is not None and routine is not None:
            from hiptimer.core.plan import format_duration

            total = compile_plan(routine, self.settings.dose_choices(routine_id)).total_seconds
            item.setText(f"{routine.title}\n{format_duration(total)}")

    @Slot(bool)
    def _on_manual_toggled(self, on: bool) -> None:
        if self.settings.manual_reps != on:
            self.settings.manual_reps = on
            self._save_settings()
        if self.picker.manual_check.isChecked() != on:
            self.picker.manual_check.setChecked(on)

    # -- sound ---------------------------------------------------------------
    @Slot()
    def _on_mute_key(self) -> None:
        self.mute_action.setChecked(not self.mute_action.isChecked())

    @Slot()
    def _on_sound_changed(self) -> None:
        s = self.settings
        s.muted = self.mute_action.isChecked()
        s.voice = self.voice_action.isChecked()
        s.countdown_beeps = self.beeps_action.isChecked()
        self.player.set_muted(s.muted)
        self._apply_audio()
        self._save_settings()

    @Slot()
    def _on_volume_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.settings.volume = int(action.data())
            for a in self.volume_actions:
                a.setChecked(a is action)
            self._apply_audio()
            self._save_settings()

    def _apply_audio(self) -> None:
        audio = self.ctx.audio
        if audio is None:
            return
        s = self.settings
        try:
            audio.set_options(volume=s.volume, muted=s.muted, voice=s.voice, beeps=s.countdown_beeps)
        except Exception:
            log.exception("Could not apply sound settings")

    # -- fullscreen and geometry ---------------------------------------------
    @Slot()
    def _on_fullscreen_key(self) -> None:
        self.fullscreen_action.setChecked(not self.fullscreen_action.isChecked())

    @Slot(bool)
    def _on_fullscreen_action(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
        self.settings.fullscreen = on
        self._save_settings()

    def _restore_geometry(self) -> None:
        if self.settings.window_geometry:
            try:
                self.restoreGeometry(QByteArray(base64.b64decode(self.settings.window_geometry)))
            except (ValueError, TypeError):
                log.warning("Ignoring a damaged saved window geometry")
        else:
            self.resize(1280, 760)

    def apply_saved_fullscreen(self) -> None:
        if self.settings.fullscreen:
            self.fullscreen_action.setChecked(True)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner is not None and self.runner.state in (State.RUNNING, State.PAUSED):
            self._on_end_requested()
            if self.runner.state is not State.FINISHED:
                event.ignore()
                return
        geometry = self.saveGeometry() if not self.isFullScreen() else None
        if geometry is not None:
            self.settings.window_geometry = base64.b64encode(bytes(geometry.data())).decode("ascii")
        self._save_settings()
        self.ctx.keeper.release()
        event.accept()

    def _save_settings(self) -> None:
        try:
            self.ctx.save_settings(self.settings)
        except OSError as exc:
            self.statusBar().showMessage(f"Settings not saved: {exc.strerror}", 8000)

    # -- history pages -------------------------------------------------------
    def _store(self) -> Any:
        return getattr(self.ctx.history, "store", self.ctx.history)

    @Slot()
    def _on_show_routines(self) -> None:
        if self.runner is not None and self.runner.state in (State.RUNNING, State.PAUSED):
            self.stack.setCurrentWidget(self.player)
        else:
            self.stack.setCurrentWidget(self.picker)

    @Slot()
    def _on_show_history(self) -> None:
        if self._history_view is None:
            from hiptimer.ui.history_view import HistoryView

            self._history_view = HistoryView(self._store())
            self.stack.addWidget(self._history_view)
        else:
            self._refresh_history()
        self.stack.setCurrentWidget(self._history_view)

    @Slot()
    def _on_show_rom(self) -> None:
        if self._rom_view is None:
            from hiptimer.ui.rom_view import RomView

            self._rom_view = RomView(self.ctx.history, self.ctx.catalog.self_tests)
            self.stack.addWidget(self._rom_view)
        self.stack.setCurrentWidget(self._rom_view)

    def _refresh_history(self) -> None:
        view = self._history_view
        refresh = getattr(view, "refresh", None)
        if refresh is not None:
            refresh()

    # -- export / import -----------------------------------------------------
    @Slot()
    def _on_export_csv(self) -> None:
        self._export("csv")

    @Slot()
    def _on_export_json(self) -> None:
        self._export("json")

    def _export(self, fmt: str) -> None:
        from hiptimer.storage import export

        path, _ = QFileDialog.getSaveFileName(self, "Export history", f"hiptimer-history.{fmt}",
                                              f"{fmt.upper()} files (*.{fmt})")
        if not path:
            return
        try:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                (export.export_csv if fmt == "csv" else export.export_json)(self._store(), fh)
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"Could not write {path}: {exc.strerror}")
            return
        self.statusBar().showMessage(f"History exported to {path}", 8000)

    @Slot()
    def _on_import(self) -> None:
        from hiptimer.storage import export

        path, _ = QFileDialog.getOpenFileName(self, "Import history", "", "JSON files (*.json)")
        if not path:
            return
        try:
            with open(path, encoding="utf-8") as fh:
                result = export.import_json(self._store(), fh)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Import failed", f"Could not import {path}: {exc}")
            return
        QMessageBox.information(self, "Import finished", str(result))
        self._refresh_history()

    @Slot()
    def _on_about(self) -> None:
        QMessageBox.about(self, "About hiptimer",
                          f"<b>hiptimer {__version__}</b><p>A guided player for hip internal and "
                          "external rotation routines. The exercises and doses come from "
                          "articles by physical therapists; each routine names its source.</p>"
                          f"<p>{DISCLAIMER}</p>")

    def offer_resume(self) -> None:
        """After a crash: offer to resume the last interrupted session."""
        recover = getattr(self.ctx.history, "recover_unfinished", None)
        if recover is None:
            return
        sessions = recover()
        if not sessions:
            return
        last = max(sessions, key=lambda s: s.started_at)
        routine = self.ctx.catalog.get(last.routine_id)
        if routine is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Resume?",
                          f"Your last session of \u201c{last.routine_title}\u201d stopped before the "
                          "end. Carry on where it stopped?", parent=self)
        resume = box.addButton("Resume", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not resume:
            return
        plan = compile_plan(routine, self.settings.dose_choices(routine.id))
        done = {(p.exercise_index, p.side.value) for p in self.ctx.history.parts(last.id)}
        start_at = resume_point(plan, done)
        self.ctx.history.reopen_session(last.id)
        QTimer.singleShot(0, lambda: self.start_routine(routine.id, resume_session=last.id,
                                                        start_at=start_at))


def resume_point(plan: Plan, done: set[tuple[int, str]]) -> int:
    """The phase to resume at: the get-ready of the first side not yet recorded."""
    for ei, side in plan.parts():
        if (ei, side.value) in done:
            continue
        phases = list(plan.phases_of(ei, side))
        first = phases[0].index
        # Step back to the transition in front of it, so the user gets ready.
        while first > 0 and not plan.phases[first - 1].kind.is_work and \
                plan.phases[first - 1].exercise_index == ei and \
                plan.phases[first - 1].kind.name != "REP_RELEASE":
            first -= 1
        return first
    return 0


