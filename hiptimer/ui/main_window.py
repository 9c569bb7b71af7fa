"""The main window: pages and menus around the session controller.

It lays out the picker, player, summary, history and range-of-motion pages,
holds the menus, and passes the user's choices to the
:class:`~hiptimer.ui.session.SessionController`, which owns the session.
"""

from __future__ import annotations

import base64
import logging

from PySide6.QtCore import QByteArray, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hiptimer import __version__
from hiptimer.core.display import Tone
from hiptimer.core.events import PauseReason
from hiptimer.core.model import DoseChoice
from hiptimer.core.plan import Plan
from hiptimer.desktop.titles import window_title
from hiptimer.ui import exchange
from hiptimer.ui.context import AppContext
from hiptimer.ui.picker import PickerPage
from hiptimer.ui.player import PlayerView
from hiptimer.ui.runner import SessionRunner
from hiptimer.ui.session import SessionController, SessionResult
from hiptimer.ui.summary import SummaryPage
from hiptimer.ui.widgets import plain_label

log = logging.getLogger(__name__)

DISCLAIMER = (
    "hiptimer guides you through exercises written up by physical therapists. "
    "It is not medical advice and cannot tell whether an exercise suits you. "
    "Move gently, stop if anything hurts, and ask a physical therapist or doctor "
    "if you have pain, an injury or a hip condition."
)

VOLUME_LEVELS = (25, 50, 75, 100)
SMALL_SCREEN_HEIGHT = 720  # below this, a session offers fullscreen
MINIMUM_SIZE = (640, 460)
DEFAULT_SIZE = (1280, 760)


class PageFrame(QWidget):
    """A page with a header: a way back and a title (History, Range of motion)."""

    back_requested = Signal()

    def __init__(self, title: str, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        head = QHBoxLayout()
        head.setContentsMargins(12, 8, 12, 4)
        self.back_button = QPushButton()
        self.back_button.setObjectName("backButton")
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.title = plain_label(title, name="pageTitle")
        font = self.title.font()
        font.setPixelSize(20)
        font.setBold(True)
        self.title.setFont(font)
        head.addWidget(self.back_button)
        head.addSpacing(12)
        head.addWidget(self.title, 1)
        layout.addLayout(head)
        layout.addWidget(page, 1)
        self.back_button.clicked.connect(self.back_requested.emit)
        self.set_back_text("Back to routines")

    def set_back_text(self, text: str) -> None:
        self.back_button.setText(f"\u2190 {text}")
        self.back_button.setToolTip(f"{text} (Alt+Left)")
        self.back_button.setAccessibleName(text)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = ctx.settings
        self.setWindowTitle("hiptimer")
        self.setMinimumSize(*MINIMUM_SIZE)
        self.session = SessionController(ctx, self)
        self._history_page: PageFrame | None = None
        self._rom_page: PageFrame | None = None
        self._fullscreen_for_session = False
        self._rating_saved: tuple[int | None, str] | None = None
        self._notifier: object = None  # a WindowNotifier once a notification is due

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.picker = PickerPage()
        self.player = PlayerView()
        self.summary = SummaryPage()
        for page in (self.picker, self.player, self.summary):
            self.stack.addWidget(page)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.status_label)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(800)
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
        self.notifications_action = QAction("&Notify me when the window is covered", self)
        self.notifications_action.setCheckable(True)
        self.notifications_action.setChecked(self.settings.notifications)
        self.notifications_action.setToolTip("During a session, a desktop notification at the next exercise, "
                                             "at each switch of sides and at the end")
        self.always_fullscreen_action = QAction("Start sessions in f&ullscreen", self)
        self.always_fullscreen_action.setCheckable(True)
        self.always_fullscreen_action.setChecked(self.settings.fullscreen)
        for a in (self.routines_action, self.history_action, self.rom_action):
            view_menu.addAction(a)
        view_menu.addSeparator()
        view_menu.addAction(self.fullscreen_action)
        view_menu.addAction(self.always_fullscreen_action)
        view_menu.addSeparator()
        view_menu.addAction(self.notifications_action)
        # Shortcuts of a hidden menu bar still work in fullscreen: keep them on the window.
        for a in (self.routines_action, self.history_action, self.rom_action, self.fullscreen_action,
                  self.quit_action):
            self.addAction(a)

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
        self.volume_group = QActionGroup(self)
        self.volume_group.setExclusive(True)
        self.volume_actions: list[QAction] = []
        nearest = min(VOLUME_LEVELS, key=lambda v: abs(v - self.settings.volume))
        for level in VOLUME_LEVELS:
            a = QAction(f"{level} %", self)
            a.setCheckable(True)
            a.setChecked(level == nearest)
            a.setData(level)
            self.volume_group.addAction(a)
            volume_menu.addAction(a)
            self.volume_actions.append(a)
        volume_menu.addSeparator()
        self.test_sound_action = QAction("Play a &test sound", self)
        volume_menu.addAction(self.test_sound_action)

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
        self.summary.rating_chosen.connect(self._on_rating_chosen)
        self.summary.note_edited.connect(self._note_timer.start)
        self.summary.done_requested.connect(self._on_summary_done)
        self._note_timer.timeout.connect(self._save_rating)
        self.session.session_started.connect(self._on_session_started)
        self.session.session_finished.connect(self._on_session_finished)
        self.session.start_failed.connect(self._on_start_failed)
        self.session.paused.connect(self._on_paused)
        self.session.resumed.connect(self._on_resumed)
        self.session.visual_cue.connect(self._on_visual_cue)
        self.session.write_status_changed.connect(self._on_write_status)
        self.session.audio_notice.connect(self._on_audio_notice)
        self.export_csv_action.triggered.connect(self._on_export_csv)
        self.export_json_action.triggered.connect(self._on_export_json)
        self.import_action.triggered.connect(self._on_import)
        self.quit_action.triggered.connect(self.close)
        self.routines_action.triggered.connect(self._on_show_routines)
        self.history_action.triggered.connect(self._on_show_history)
        self.rom_action.triggered.connect(self._on_show_rom)
        self.fullscreen_action.toggled.connect(self._on_fullscreen_action)
        self.always_fullscreen_action.toggled.connect(self._on_always_fullscreen)
        self.notifications_action.toggled.connect(self._on_notifications_toggled)
        self.session.moment.connect(self._on_moment)
        self.mute_action.toggled.connect(self._on_sound_changed)
        self.voice_action.toggled.connect(self._on_sound_changed)
        self.beeps_action.toggled.connect(self._on_sound_changed)
        for a in self.volume_actions:
            a.triggered.connect(self._on_volume_chosen)
        self.test_sound_action.triggered.connect(self._on_test_sound)
        self.about_action.triggered.connect(self._on_about)
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
        QMessageBox.information(self, "Before you start", DISCLAIMER)
        self.settings.disclaimer_seen = True
        self._save_settings()

    def show_notices(self) -> None:
        for text in self.ctx.notices:
            QMessageBox.warning(self, "hiptimer", text)
        self.ctx.notices.clear()

    def start_routine(self, routine_id: str) -> bool:
        routine = self.ctx.catalog.find(routine_id)
        if routine is None:
            self._warn(f"There is no routine called \u201c{routine_id}\u201d.")
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
        box = QMessageBox(QMessageBox.Icon.Question, "Resume?",
                          f"Your last session of \u201c{record.routine_title}\u201d stopped before the "
                          "end. Carry on where it stopped?", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        resume = box.addButton("Resume", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is resume:
            QTimer.singleShot(0, lambda: self.session.resume(record, routine))

    # -- session -------------------------------------------------------------
    @Slot(object, object)
    def _on_session_started(self, plan: Plan, runner: SessionRunner) -> None:
        self._rating_saved = None
        self.player.attach(runner, plan)
        runner.ticked.connect(self._update_title)
        self.stack.setCurrentWidget(self.player)
        self.player.setFocus()
        if self.settings.fullscreen and not self.isFullScreen():
            self.fullscreen_action.setChecked(True)
        elif not self.isFullScreen() and self._screen_is_small():
            self.player.show_notice("A small screen: fullscreen gives the timer more room.",
                                    "Go fullscreen (F)", self._on_fullscreen_key)

    @Slot(str)
    def _on_start_failed(self, message: str) -> None:
        self._warn(message)
        self.stack.setCurrentWidget(self.picker)

    @Slot(object)
    def _on_paused(self, reason: PauseReason) -> None:
        self.player.show_paused(reason)
        self._update_title()

    @Slot()
    def _on_resumed(self) -> None:
        self.player.show_resumed()
        self._update_title()

    @Slot(object)
    def _on_visual_cue(self, tone: Tone) -> None:
        if self.stack.currentWidget() is self.player:
            self.player.flash(tone)

    @Slot(str)
    def _on_write_status(self, status: str) -> None:
        pending = self.ctx.history.pending
        self.status_label.setText(f"{pending} history write{'s' if pending != 1 else ''} waiting"
                                  if pending else "")
        if status:
            self.player.show_notice(status)
        elif self.player.notice().startswith("History not saved"):
            self.player.clear_notice()
        self.summary.set_status(status or ("Saved to your history." if self._rating_saved is None
                                           else "Rating and note saved."))

    @Slot(str)
    def _on_audio_notice(self, text: str) -> None:
        if self.session.active:
            self.player.show_notice(text)
        else:
            self.statusBar().showMessage(text, 10000)

    @Slot(object)
    def _on_session_finished(self, result: SessionResult) -> None:
        if self._fullscreen_for_session:
            self.fullscreen_action.setChecked(False)
        self.summary.show_result(result.plan, list(result.parts), result.completed, result.active_seconds)
        self.summary.set_status(self.session.write_status() or "Saved to your history.")
        self.stack.setCurrentWidget(self.summary)
        self.summary.done_button.setFocus()

    @Slot(object)
    def _on_rating_chosen(self, rating: int | None) -> None:
        self._save_rating()

    @Slot()
    def _save_rating(self) -> None:
        """Save the rating and note as they are chosen: nothing typed is lost on leaving."""
        self._note_timer.stop()
        choice = (self.summary.rating(), self.summary.note_text())
        if choice == self._rating_saved or (choice == (None, "") and self._rating_saved is None):
            return
        if self.session.rate(*choice):
            self._rating_saved = choice
            self.summary.set_status(self.session.write_status() or "Rating and note saved.")

    @Slot()
    def _on_summary_done(self) -> None:
        self._save_rating()
        self.stack.setCurrentWidget(self.picker)
        self.picker.list.setFocus()
        self._refresh_history()

    @Slot()
    def _on_end_requested(self) -> None:
        if not self.session.active:
            self.stack.setCurrentWidget(self.picker)
            return
        if self.ask_end():
            self.session.end_early()

    def ask_end(self) -> bool:
        """Ask before ending a session early; the session is paused while asking."""
        was_running = self.session.state is not None and self.session.state.value == "running"
        self.session.pause()
        box = QMessageBox(QMessageBox.Icon.Question, "End the session?",
                          "End this session now? The sides you finished stay in your history; "
                          "the rest is marked as not done.", parent=self)
        end = box.addButton("&End session", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("&Keep going", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is end:
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
        action = self.volume_group.checkedAction()
        if action is not None:
            self.settings.volume = int(action.data())
            self._apply_audio()
            self._save_settings()

    @Slot()
    def _on_test_sound(self) -> None:
        audio = self.ctx.audio
        if audio is None or audio.silent:
            self.statusBar().showMessage("No sound device: cues flash on screen instead.", 8000)
            return
        if self.settings.muted:
            self.statusBar().showMessage("Sound is muted (Sound > Mute).", 8000)
            return
        audio.play_test()

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

    @Slot(bool)
    def _on_notifications_toggled(self, on: bool) -> None:
        self.settings.notifications = on
        self._save_settings()

    @Slot(object, object)
    def _on_moment(self, event: object, routine: object) -> None:
        """Next exercise, switch sides, done: told on the desktop when the window is covered."""
        if not self.settings.notifications:
            return
        from hiptimer.desktop.notify_policy import message_for_event

        message = message_for_event(event, routine)
        if message is None:
            return
        if self._notifier is None:
            # Built on first use: the session bus is not needed to show the window.
            from hiptimer.desktop.notify import Notifier, WindowNotifier

            self._notifier = WindowNotifier(self, Notifier(), enabled=lambda: self.settings.notifications,
                                            in_session=lambda: True)
        self._notifier.notify_message(message)

    @Slot(bool)
    def _on_always_fullscreen(self, on: bool) -> None:
        self.settings.fullscreen = on
        self._save_settings()

    def _screen_is_small(self) -> bool:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen is not None and screen.availableGeometry().height() < SMALL_SCREEN_HEIGHT

    def _restore_geometry(self) -> None:
        restored = False
        if self.settings.window_geometry:
            try:
                restored = self.restoreGeometry(QByteArray(base64.b64decode(self.settings.window_geometry)))
            except (ValueError, TypeError):
                log.warning("Ignoring a damaged saved window geometry")
        if not restored:
            self.resize(*DEFAULT_SIZE)
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """Never larger than the screen's free area (panels and title bar left out)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isFullScreen():
            return
        free = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w = max(0, frame.width() - self.width())
        extra_h = max(0, frame.height() - self.height()) or 32  # a title bar before the first show
        w = min(self.width(), free.width() - extra_w)
        h = min(self.height(), free.height() - extra_h)
        if (w, h) != (self.width(), self.height()):
            self.resize(max(w, self.minimumWidth()), max(h, self.minimumHeight()))
        geo = QRect(self.pos(), self.frameGeometry().size())
        if not free.contains(geo):
            x = min(max(free.left(), geo.left()), free.right() - geo.width() + 1)
            y = min(max(free.top(), geo.top()), free.bottom() - geo.height() + 1)
            self.move(max(free.left(), x), max(free.top(), y))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.active:
            if not self.ask_end():
                event.ignore()
                return
            self.session.end_early()
        self._save_rating()
        if not self.isFullScreen():
            self.settings.window_geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        self._save_settings()
        self.session.shutdown()
        event.accept()

    def _save_settings(self) -> None:
        try:
            self.ctx.save_settings(self.settings)
        except OSError as exc:
            self.statusBar().showMessage(f"Settings not saved: {exc.strerror}", 8000)

    def _warn(self, text: str, title: str = "hiptimer") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    # -- history pages -------------------------------------------------------
    @Slot()
    def _on_show_routines(self) -> None:
        if self.session.active:
            self.stack.setCurrentWidget(self.player)
            self.player.setFocus()
        else:
            self.stack.setCurrentWidget(self.picker)
            self.picker.list.setFocus()

    def _side_page(self, page: PageFrame) -> None:
        """Show History or the range-of-motion log; a running session pauses meanwhile."""
        if self.session.active:
            self.session.pause()
            page.set_back_text("Back to the session (paused)")
        else:
            page.set_back_text("Back to routines")
        self.stack.setCurrentWidget(page)

    @Slot()
    def _on_back(self) -> None:
        self._on_show_routines()

    @Slot()
    def _on_show_history(self) -> None:
        if self._history_page is None:
            from hiptimer.ui.history_view import HistoryView

            self._history_page = PageFrame("History", HistoryView(self.ctx.history.store))
            self._history_page.back_requested.connect(self._on_back)
            self.stack.addWidget(self._history_page)
        else:
            self._refresh_history()
        self._side_page(self._history_page)

    @Slot()
    def _on_show_rom(self) -> None:
        if self._rom_page is None:
            from hiptimer.ui.rom_view import RomView

            self._rom_page = PageFrame("Range of motion", RomView(self.ctx.history,
                                                                  self.ctx.catalog.self_tests))
            self._rom_page.back_requested.connect(self._on_back)
            self.stack.addWidget(self._rom_page)
        self._side_page(self._rom_page)

    @property
    def history_view(self) -> QWidget | None:
        return None if self._history_page is None else self._history_page.page

    @property
    def rom_view(self) -> QWidget | None:
        return None if self._rom_page is None else self._rom_page.page

    def _refresh_history(self) -> None:
        if self._history_page is not None:
            self._history_page.page.refresh()

    def _update_title(self) -> None:
        """Say what is on screen, so a task switcher shows the session's state."""
        current = self.stack.currentWidget()
        routine = self.picker.page.routine.title if self.picker.page.routine is not None else None
        page = "picker"
        exercise = None
        if current is self.player:
            page = "player"
            exercise = self.player.display.exercise if self.player.display is not None else None
        elif current is self.summary:
            page = "summary"
            routine = self.session.plan.routine.title if self.session.plan is not None else routine
        elif current is self._history_page:
            page = "history"
        elif current is self._rom_page:
            page = "rom"
        paused = self.session.state is not None and self.session.state.value == "paused"
        title = window_title(page, routine, exercise, paused)
        if self.windowTitle() != title:
            self.setWindowTitle(title)

    # -- export / import -----------------------------------------------------
    @Slot()
    def _on_export_csv(self) -> None:
        self._report(exchange.export_history(self, self.ctx.history.store, "csv"))

    @Slot()
    def _on_export_json(self) -> None:
        self._report(exchange.export_history(self, self.ctx.history.store, "json"))

    @Slot()
    def _on_import(self) -> None:
        if self._report(exchange.import_history(self, self.ctx.history.store)):
            self._refresh_history()

    def _report(self, message: str | None) -> bool:
        if message:
            self.statusBar().showMessage(message, 10000)
        return bool(message)

    @Slot()
    def _on_about(self) -> None:
        QMessageBox.about(self, "About hiptimer",
                          f"<b>hiptimer {__version__}</b><p>A guided player for hip internal and "
                          "external rotation routines. The exercises and doses come from "
                          "articles by physical therapists; each routine names its source.</p>"
                          f"<p>{DISCLAIMER}</p>")
