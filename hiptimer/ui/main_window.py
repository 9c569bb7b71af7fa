"""The main window: pages and menus around the session controller.

It lays out the picker, player, summary, history and range-of-motion pages,
holds the menus, and passes the user's choices to the
:class:`~hiptimer.ui.session.SessionController`, which owns the session.

It is built in two steps so the first frame comes quickly. The constructor
makes the shell a returning user sees first: the menus and the routine list
(filled by :meth:`preview` from the saved routine index). :meth:`attach`
then takes the full :class:`~hiptimer.ui.context.AppContext` (routines read,
history open, sound ready) and builds the rest: player, summary, Today card,
sound controls and the session controller. :meth:`build` does both at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from hiptimer.desktop.titles import window_title
from hiptimer.ui import dialogs
from hiptimer.ui.geometry import MINIMUM_SIZE, fit_to_screen, restore_geometry, saved_geometry
from hiptimer.ui.labels import plain_label
from hiptimer.ui.menus import Menus
from hiptimer.ui.picker import PickerPage

if TYPE_CHECKING:
    # Annotations only: QEvent's Python type (and its subclasses') costs
    # milliseconds to make, before the first frame.
    from PySide6.QtGui import QCloseEvent, QWindow

    from hiptimer.core.plan import Plan
    from hiptimer.library.index import CatalogIndex
    from hiptimer.storage.settings import Settings
    from hiptimer.ui.context import AppContext
    from hiptimer.ui.fullscreen import Fullscreen
    from hiptimer.ui.history_view import HistoryView
    from hiptimer.ui.notifications import SessionNotifications
    from hiptimer.ui.player import PlayerView
    from hiptimer.ui.practice import PracticeController
    from hiptimer.ui.rom_view import RomView
    from hiptimer.ui.routine_choice import RoutineChoice
    from hiptimer.ui.runner import SessionRunner
    from hiptimer.ui.session import SessionController, SessionResult
    from hiptimer.ui.side_pages import SidePages
    from hiptimer.ui.sound_controls import SoundControls
    from hiptimer.ui.summary import SummaryPage
    from hiptimer.ui.today import TodayCard
    from hiptimer.ui.voice_settings import VoiceMenu

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    # Built by attach(), once the routines, the history and the sound are ready.
    ctx: AppContext
    session: SessionController
    player: PlayerView
    summary: SummaryPage
    sound: SoundControls
    voice_menu: VoiceMenu
    notifications: SessionNotifications
    today_card: TodayCard
    practice: PracticeController
    side: SidePages  # History and the range-of-motion log
    routines: RoutineChoice  # the picker's routine, doses and list
    fullscreen: Fullscreen

    def __init__(self, settings: Settings, save_settings: Callable[[Settings], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._write_settings = save_settings
        self.attached = False
        self.setWindowTitle("hiptimer")
        self.setMinimumSize(*MINIMUM_SIZE)
        # Ask before quitting with history writes not saved; a scripted run
        # (--quit-when-done) turns it off, and a signal never asks.
        self.confirm_unsaved = True
        self._quitting_for_signal = False

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.picker = PickerPage()
        self.stack.addWidget(self.picker)
        self.statusBar()  # in the first frame, so attach() does not shift the page
        self.status_label: QLabel | None = None  # pending history writes; made by attach()
        self.menus = Menus(self)
        self.picker.manual_check.setChecked(settings.manual_reps)
        restore_geometry(self, settings.window_geometry)

    @classmethod
    def build(cls, ctx: AppContext, parent: QWidget | None = None) -> MainWindow:
        """The whole window at once (tests, tools, and a start without a routine index)."""
        window = cls(ctx.settings, ctx.save_settings, parent)
        window.attach(ctx)
        return window

    def preview(self, index: CatalogIndex) -> None:
        """Show the routine list from the saved index, before the routine files are read."""
        self.picker.set_entries(index.entries, index.problems)
        self.picker.reserve_card(index.card_height)
        self.picker.select_or_first(self.settings.last_routine)

    def attach(self, ctx: AppContext) -> None:
        """Build everything past the first frame around ``ctx``, and fill in the routines."""
        from hiptimer.ui.fullscreen import Fullscreen
        from hiptimer.ui.notifications import SessionNotifications
        from hiptimer.ui.player import PlayerView
        from hiptimer.ui.practice import PracticeController
        from hiptimer.ui.routine_choice import RoutineChoice
        from hiptimer.ui.session import SessionController
        from hiptimer.ui.side_pages import SidePages
        from hiptimer.ui.sound_controls import SoundControls
        from hiptimer.ui.summary import SummaryPage
        from hiptimer.ui.today import TodayCard
        from hiptimer.ui.voice_settings import VoiceMenu

        self.ctx = ctx
        self.picker.finish()
        self.menus.finish(self.settings)
        self.status_label = plain_label()
        self.statusBar().addPermanentWidget(self.status_label)
        self.session = SessionController(ctx, self)
        self.player = PlayerView()
        self.summary = SummaryPage(rate=self.session.rate)
        for page in (self.player, self.summary):
            self.stack.addWidget(page)
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
        self.routines = RoutineChoice(self.picker, ctx, self.session.plan_for, save=self._save_settings)
        self.fullscreen = Fullscreen(self, self.menus, self.player, self.session)
        self.side = SidePages(self, self.stack, ctx, self.session, self.practice,
                              say=lambda text: self.statusBar().showMessage(text, 10000))
        self._connect_signals()
        self.attached = True
        self.routines.load()
        self.practice.refresh()
        self.player.set_muted(self.settings.muted)
        self._update_title()

    # -- construction --------------------------------------------------------
    def _connect_signals(self) -> None:
        self.picker.routine_selected.connect(self._update_title)
        self.picker.page.start_requested.connect(self.start_routine)
        self.player.end_requested.connect(self._on_end_requested)
        self.player.mute_toggled.connect(self.sound.toggle_mute)
        self.player.fullscreen_toggled.connect(self.fullscreen.toggle)
        self.player.manual_toggled.connect(self.routines.set_manual_reps)
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
        self.menus.export_csv.triggered.connect(lambda: self.side.export("csv"))
        self.menus.export_json.triggered.connect(lambda: self.side.export("json"))
        self.menus.import_json.triggered.connect(self.side.import_file)
        self.menus.quit.triggered.connect(self.close)
        self.menus.routines.triggered.connect(self._on_show_routines)
        self.menus.history.triggered.connect(self.side.show_history)
        self.menus.rom.triggered.connect(self.side.show_rom)
        self.side.back_requested.connect(self._on_show_routines)
        for action, name in ((self.menus.always_fullscreen, "fullscreen"),
                             (self.menus.notifications, "notifications")):
            action.toggled.connect(lambda on, name=name: self._set_setting(name, on))
        self.session.moment.connect(self.notifications.on_moment)
        self.menus.about.triggered.connect(lambda: dialogs.about(self))
        self.menus.report.triggered.connect(self.practice.show_report)
        self.menus.edit_plan.triggered.connect(self.practice.edit_plan)
        self.summary.pain_chosen.connect(self.practice.record_pain)
        self.stack.currentChanged.connect(self._update_title)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._on_focus_window)

    def routine_index(self) -> CatalogIndex:
        """The list as shown now (doses included) and the Today card's room: what
        :meth:`preview` shows next time. Read off the picker; no plan is compiled again."""
        from hiptimer.library.index import CatalogIndex

        picker = self.picker
        return CatalogIndex(picker.entries, picker.problems_shown, picker.card_height())

    # -- public API for the composition root and tests ------------------------
    @property
    def runner(self) -> SessionRunner | None:
        return self.session.runner if self.attached else None

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
        self.fullscreen.session_started(always=self.settings.fullscreen)

    @Slot(str)
    def _on_start_failed(self, message: str) -> None:
        dialogs.warn(self, message)
        self.stack.setCurrentWidget(self.picker)

    @Slot(str)
    def _on_write_status(self, status: str) -> None:
        pending = self.ctx.history.pending
        assert self.status_label is not None  # made by attach(), which connects this slot
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
        self.fullscreen.session_finished()
        self.summary.show_result(result.plan, list(result.parts), result.completed, result.active_seconds)
        self.summary.set_write_status(self.session.write_status())
        self.stack.setCurrentWidget(self.summary)
        self.summary.setFocus()

    @Slot()
    def _on_summary_done(self) -> None:
        self.summary.save_now()
        self.stack.setCurrentWidget(self.picker)
        self.picker.list.setFocus()
        self.side.refresh()
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

    # -- settings and geometry -----------------------------------------------
    def _set_setting(self, name: str, on: bool) -> None:
        setattr(self.settings, name, on)
        self._save_settings()

    def fit_to_screen(self) -> None:
        fit_to_screen(self)

    @Slot(object)
    def _on_focus_window(self, focused: QWindow | None) -> None:
        # Back to the window (a plan changed in a terminal, a new day): today's card is read again.
        # (A signal, not a changeEvent() override: that would make Python build QEvent's
        # types for every change event before the first frame.)
        if focused is not None and focused is self.windowHandle() and self.stack.currentWidget() is self.picker:
            self.practice.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.attached:  # closed before the rest was built: nothing to end or save but the window
            self.settings.window_geometry = saved_geometry(self)
            self._save_settings()
            event.accept()
            return
        if self.session.active:
            if not self.ask_end(quitting=True):
                event.ignore()
                return
            self.session.end_early()
        self.summary.save_now()
        from hiptimer.ui.unsaved import confirm_quit

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
        if self.attached and self.session.active:
            self.session.end_early()
        self.close()

    def _save_settings(self) -> None:
        try:
            self._write_settings(self.settings)
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

    @property
    def history_view(self) -> HistoryView | None:
        return self.side.history_view if self.attached else None

    @property
    def rom_view(self) -> RomView | None:
        return self.side.rom_view if self.attached else None

    def _update_title(self) -> None:
        """Say what is on screen, so a task switcher shows the session's state."""
        current = self.stack.currentWidget()
        pages = {self.player: "player", self.summary: "summary"}
        page = pages.get(current) or self.side.page_name(current) or "picker"
        routine = self.picker.page.routine.title if self.picker.page.routine is not None else None
        if page == "summary" and self.session.plan is not None:
            routine = self.session.plan.routine.title
        display = self.player.display
        exercise = display.exercise if page == "player" and display is not None else None
        paused = self.session.state is not None and self.session.state.value == "paused"
        title = window_title(page, routine, exercise, paused)
        if self.windowTitle() != title:
            self.setWindowTitle(title)
