"""The main window: pages and menus around the session controller.

It lays out the picker, player, summary, history and range-of-motion pages,
holds the menus, and passes the user's choices to the
:class:`~hiptimer.ui.session.SessionController`, which owns the session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from hiptimer.core.model import DoseChoice
from hiptimer.core.plan import Plan
from hiptimer.desktop.titles import window_title
from hiptimer.ui import dialogs, exchange
from hiptimer.ui.context import AppContext
from hiptimer.ui.menus import Menus
from hiptimer.ui.notifications import SessionNotifications
from hiptimer.ui.pages import (
    MINIMUM_SIZE,
    PageFrame,
    fit_to_screen,
    restore_geometry,
    saved_geometry,
    screen_is_small,
)
from hiptimer.ui.picker import PickerPage
from hiptimer.ui.player import PlayerView
from hiptimer.ui.practice import PracticeController
from hiptimer.ui.runner import SessionRunner
from hiptimer.ui.session import SessionController, SessionResult
from hiptimer.ui.sound_controls import SoundControls
from hiptimer.ui.summary import SummaryPage
from hiptimer.ui.today import TodayCard
from hiptimer.ui.unsaved import confirm_quit
from hiptimer.ui.voice_settings import VoiceMenu

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = ctx.settings
        self.setWindowTitle("hiptimer")
        self.setMinimumSize(*MINIMUM_SIZE)
        self.session = SessionController(ctx, self)
        self._side: dict[str, PageFrame] = {}  # History and the range-of-motion log, built on first use
        self._fullscreen_for_session = False
        # Ask before quitting with history writes not saved; a scripted run
        # (--quit-when-done) turns it off, and a signal never asks.
        self.confirm_unsaved = True
        self._quitting_for_signal = False

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.picker = PickerPage()
        self.player = PlayerView()
        self.summary = SummaryPage(rate=self.session.rate)
        for page in (self.picker, self.player, self.summary):
            self.stack.addWidget(page)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.status_label)
        self.menus = Menus(self, self.settings)
        self.sound = SoundControls(ctx, self.menus, on_muted=self.player.set_muted, save=self._save_settings,
                                   say=lambda text: self.statusBar().showMessage(text, 8000), parent=self)
        self.voice_menu = VoiceMenu(ctx, self.menus, window=self, save=self._save_settings,
                                    say=lambda text: self.statusBar().showMessage(text, 8000), parent=self)
        self.notifications = SessionNotifications(self, self.settings)
        self.today_card = TodayCard()
        self.picker.set_card(self.today_card)
        self.practice = PracticeController(
            self, ctx, self.today_card, start=self.start_routine,
            session_handle=lambda: self.session.recorder.session_id if self.session.recorder else None)
        self._connect_signals()
        self._load_catalog()
        self.practice.refresh()
        self.player.set_muted(self.settings.muted)
        self.picker.manual_check.setChecked(self.settings.manual_reps)
        restore_geometry(self, self.settings.window_geometry)

    # -- construction --------------------------------------------------------
    def _connect_signals(self) -> None:
        self.picker.routine_selected.connect(self._on_routine_selected)
        self.picker.page.start_requested.connect(self._on_start_requested)
        self.picker.page.dose_changed.connect(self._on_dose_changed)
        self.picker.manual_check.toggled.connect(self._on_manual_toggled)
        self.player.end_requested.connect(self._on_end_requested)
        self.player.mute_toggled.connect(self.sound.toggle_mute)
        self.player.fullscreen_toggled.connect(self._on_fullscreen_key)
        self.player.manual_toggled.connect(self._on_manual_toggled)
        self.summary.done_requested.connect(self._on_summary_done)
        self.session.session_started.connect(self._on_session_started)
        self.session.session_finished.connect(self._on_session_finished)
        self.session.start_failed.connect(self._on_start_failed)
        self.session.paused.connect(self.player.show_paused)
        self.session.resumed.connect(self.player.show_resumed)
        for signal in (self.session.paused, self.session.resumed):
            signal.connect(self._update_title)
        self.session.visual_cue.connect(self.player.flash)
        self.session.write_status_changed.connect(self._on_write_status)
        self.session.audio_notice.connect(self._on_audio_notice)
        self.menus.export_csv.triggered.connect(lambda: self._on_export("csv"))
        self.menus.export_json.triggered.connect(lambda: self._on_export("json"))
        self.menus.import_json.triggered.connect(self._on_import)
        self.menus.quit.triggered.connect(self.close)
        self.menus.routines.triggered.connect(self._on_show_routines)
        self.menus.history.triggered.connect(self._on_show_history)
        self.menus.rom.triggered.connect(self._on_show_rom)
        self.menus.fullscreen.toggled.connect(self._on_fullscreen_action)
        for action, name in ((self.menus.always_fullscreen, "fullscreen"),
                             (self.menus.notifications, "notifications")):
            action.toggled.connect(lambda on, name=name: self._set_setting(name, on))
        self.session.moment.connect(self.notifications.on_moment)
        self.menus.about.triggered.connect(lambda: dialogs.about(self))
        self.menus.report.triggered.connect(self.practice.show_report)
        self.menus.edit_plan.triggered.connect(self.practice.edit_plan)
        self.summary.pain_chosen.connect(self.practice.record_pain)
        self.stack.currentChanged.connect(self._update_title)

    def _load_catalog(self) -> None:
        catalog = self.ctx.catalog
        durations = {r.id: self.session.plan_for(r).total_seconds for r in catalog.routines}
        self.picker.set_routines(catalog.routines, durations, [str(e) for e in catalog.errors])
        if not (self.settings.last_routine and self.picker.select(self.settings.last_routine)):
            self.picker.select_first()

    # -- public API for the composition root and tests ------------------------
    @property
    def runner(self) -> SessionRunner | None:
        return self.session.runner

    def show_routine(self, routine_id: str) -> bool:
        routine = self.ctx.catalog.find(routine_id)
        if routine is None:
            return False
        if not self.session.active:
            self.picker.select(routine.id)
            self.stack.setCurrentWidget(self.picker)
        return True

    def first_run(self) -> None:
        """Say once, plainly, that this is not medical advice."""
        if self.settings.disclaimer_seen:
            return
        dialogs.disclaimer(self)
        self.settings.disclaimer_seen = True
        self._save_settings()

    def show_notices(self) -> None:
        for text in self.ctx.notices:
            dialogs.warn(self, text)
        self.ctx.notices.clear()

    def start_routine(self, routine_id: str) -> bool:
        routine = self.ctx.catalog.find(routine_id)
        if routine is None:
            dialogs.warn(self, f"There is no routine called \u201c{routine_id}\u201d.")
            return False
        if self.session.active:
            self.stack.setCurrentWidget(self.player)
            return False
        self.settings.last_routine = routine.id
        self._save_settings()
        return self.session.start(routine)

    def offer_resume(self) -> None:
        """After a crash: offer to resume the last interrupted session."""
        found = self.session.resume_interrupted()
        if found is None:
            return
        record, routine = found
        if dialogs.ask_to_resume(self, record.routine_title):
            QTimer.singleShot(0, lambda: self.session.resume(record, routine))

    # -- session -------------------------------------------------------------
    @Slot(object, object)
    def _on_session_started(self, plan: Plan, runner: SessionRunner) -> None:
        self.player.attach(runner, plan)
        runner.ticked.connect(self._update_title)
        self.stack.setCurrentWidget(self.player)
        self.player.setFocus()
        if self.settings.fullscreen and not self.isFullScreen():
            self.menus.fullscreen.setChecked(True)
        elif not self.isFullScreen() and screen_is_small(self):
            self.player.show_notice("A small screen: fullscreen gives the timer more room.",
                                    "Go fullscreen (F)", self._on_fullscreen_key)

    @Slot(str)
    def _on_start_failed(self, message: str) -> None:
        dialogs.warn(self, message)
        self.stack.setCurrentWidget(self.picker)

    @Slot(str)
    def _on_write_status(self, status: str) -> None:
        pending = self.ctx.history.pending
        self.status_label.setText(f"{pending} history write{'s' if pending != 1 else ''} waiting"
                                  if pending else "")
        if status:
            self.player.show_notice(status)
        elif self.player.notice().startswith("History not saved"):
            self.player.clear_notice()
        self.summary.set_write_status(status)

    @Slot(str)
    def _on_audio_notice(self, text: str) -> None:
        if self.session.active:
            self.player.show_notice(text)
        else:
            self.statusBar().showMessage(text, 10000)

    @Slot(object)
    def _on_session_finished(self, result: SessionResult) -> None:
        if self._fullscreen_for_session:
            self.menus.fullscreen.setChecked(False)
        self.summary.show_result(result.plan, list(result.parts), result.completed, result.active_seconds)
        self.summary.set_write_status(self.session.write_status())
        self.stack.setCurrentWidget(self.summary)
        self.summary.setFocus()

    @Slot()
    def _on_summary_done(self) -> None:
        self.summary.save_now()
        self.stack.setCurrentWidget(self.picker)
        self.picker.list.setFocus()
        self._refresh_history()
        self.practice.refresh()

    @Slot()
    def _on_end_requested(self) -> None:
        if not self.session.active:
            self.stack.setCurrentWidget(self.picker)
            return
        if self.ask_end():
            self.session.end_early()

    def ask_end(self, quitting: bool = False) -> bool:
        """Ask before ending a session early; the session is paused while asking."""
        was_running = self.session.state is not None and self.session.state.value == "running"
        self.session.pause()
        if dialogs.ask_to_end(self, quitting):
            return True
        if was_running:
            self.session.resume_playing()
        return False

    # -- picker --------------------------------------------------------------
    @Slot(str)
    def _on_routine_selected(self, routine_id: str) -> None:
        routine = self.ctx.catalog.get(routine_id)
        if routine is not None:
            self.picker.page.show_routine(routine, self.settings.dose_choices(routine.id))
            self._update_title()

    @Slot(str)
    def _on_start_requested(self, routine_id: str) -> None:
        self.start_routine(routine_id)

    @Slot(str, str, object)
    def _on_dose_changed(self, routine_id: str, exercise_id: str, choice: DoseChoice) -> None:
        self.settings.set_dose(routine_id, exercise_id, hold=choice.hold, reps=choice.reps,
                               sets=choice.sets)
        self._save_settings()
        routine = self.ctx.catalog.get(routine_id)
        if routine is not None:
            self.picker.set_duration(routine, self.session.plan_for(routine).total_seconds)

    @Slot(bool)
    def _on_manual_toggled(self, on: bool) -> None:
        if self.settings.manual_reps != on:
            self.settings.manual_reps = on
            self._save_settings()
        if self.picker.manual_check.isChecked() != on:
            self.picker.manual_check.setChecked(on)

    # -- fullscreen and geometry ---------------------------------------------
    @Slot()
    def _on_fullscreen_key(self) -> None:
        self.menus.fullscreen.setChecked(not self.menus.fullscreen.isChecked())

    @Slot(bool)
    def _on_fullscreen_action(self, on: bool) -> None:
        # Fullscreen belongs to this session unless the setting asks for it
        # every time; the menu bar makes way for the timer.
        self._fullscreen_for_session = on and self.session.active
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
        self.player.set_fullscreen(on)
        if on and self.player.notice().startswith("A small screen"):
            self.player.clear_notice()

    def _set_setting(self, name: str, on: bool) -> None:
        setattr(self.settings, name, on)
        self._save_settings()

    def fit_to_screen(self) -> None:
        fit_to_screen(self)

    def changeEvent(self, event: QEvent) -> None:
        # Back to the window (a plan changed in a terminal, a new day): today's card is read again.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() \
                and self.stack.currentWidget() is self.picker:
            self.practice.refresh()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.active:
            if not self.ask_end(quitting=True):
                event.ignore()
                return
            self.session.end_early()
        self.summary.save_now()
        if self.confirm_unsaved and not self._quitting_for_signal and not confirm_quit(
                self, self.ctx.history):
            event.ignore()  # history writes still waiting, and the user chose to stay
            return
        if not self.isFullScreen():
            self.settings.window_geometry = saved_geometry(self)
        self._save_settings()
        self.session.shutdown()
        event.accept()

    def quit_for_signal(self) -> None:
        """Ctrl+C or a logout: end any session as ended early, save, and close without asking
        (waiting writes stay in the history journal for the next start)."""
        self._quitting_for_signal = True
        if self.session.active:
            self.session.end_early()
        self.close()

    def _save_settings(self) -> None:
        try:
            self.ctx.save_settings(self.settings)
        except OSError as exc:
            self.statusBar().showMessage(f"Settings not saved: {exc.strerror}", 8000)

    # -- history pages -------------------------------------------------------
    @Slot()
    def _on_show_routines(self) -> None:
        if self.session.active:
            self.stack.setCurrentWidget(self.player)
            self.player.setFocus()
        else:
            self.stack.setCurrentWidget(self.picker)
            self.picker.list.setFocus()

    def _side_page(self, key: str, title: str, build: Callable[[], QWidget]) -> PageFrame:
        """Show History or the range-of-motion log (built on first use); a running session pauses."""
        frame = self._side.get(key)
        if frame is None:
            frame = self._side[key] = PageFrame(title, build())
            frame.back_requested.connect(self._on_show_routines)
            self.stack.addWidget(frame)
        elif key == "history":
            frame.page.refresh()
        if self.session.active:
            self.session.pause()
        frame.set_back_text("Back to the session (paused)" if self.session.active else "Back to routines")
        self.stack.setCurrentWidget(frame)
        return frame

    @Slot()
    def _on_show_history(self) -> None:
        from hiptimer.ui.history_view import HistoryView

        frame = self._side_page("history", "History", lambda: HistoryView(self.ctx.history.store))
        self.practice.show_on(frame.page.dashboard)

    @Slot()
    def _on_show_rom(self) -> None:
        from hiptimer.ui.rom_view import RomView

        tests = self.ctx.catalog.self_tests
        self._side_page("rom", "Range of motion", lambda: RomView(self.ctx.history, tests))

    @property
    def history_view(self) -> QWidget | None:
        return self._side["history"].page if "history" in self._side else None

    @property
    def rom_view(self) -> QWidget | None:
        return self._side["rom"].page if "rom" in self._side else None

    def _refresh_history(self) -> None:
        if "history" in self._side:
            self._side["history"].page.refresh()
            self.practice.show_on(self._side["history"].page.dashboard)

    def _update_title(self) -> None:
        """Say what is on screen, so a task switcher shows the session's state."""
        current = self.stack.currentWidget()
        pages = {self.player: "player", self.summary: "summary",
                 **{frame: key for key, frame in self._side.items()}}
        page = pages.get(current, "picker")
        routine = self.picker.page.routine.title if self.picker.page.routine is not None else None
        if page == "summary" and self.session.plan is not None:
            routine = self.session.plan.routine.title
        display = self.player.display
        exercise = display.exercise if page == "player" and display is not None else None
        paused = self.session.state is not None and self.session.state.value == "paused"
        title = window_title(page, routine, exercise, paused)
        if self.windowTitle() != title:
            self.setWindowTitle(title)

    # -- export / import -----------------------------------------------------
    @Slot()
    def _on_export(self, fmt: str) -> None:
        message = exchange.export_history(self, self.ctx.history.store, fmt)
        if message:
            self.statusBar().showMessage(message, 10000)

    @Slot()
    def _on_import(self) -> None:
        message = exchange.import_history(self, self.ctx.history.store)
        if message:
            self.statusBar().showMessage(message, 10000)
            self._refresh_history()
