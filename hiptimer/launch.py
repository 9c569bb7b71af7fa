"""After the first frame: read the routines, open the history, start the sound,
build the rest of the window, then the first dialogs.

:func:`hiptimer.app.main` shows the window from the saved routine index and
hands over to :class:`Launch` once that frame is on screen (or before it,
on a first start, when there is no index yet).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hiptimer import __version__
from hiptimer.paths import UserPaths
from hiptimer.storage.settings import Settings

if TYPE_CHECKING:
    from hiptimer.audio.service import CueService
    from hiptimer.core.clock import Clock
    from hiptimer.desktop.single_instance import LaunchRequest, SingleInstance
    from hiptimer.library.index import CatalogIndex
    from hiptimer.storage.writer import HistoryWriter
    from hiptimer.ui.main_window import MainWindow
    from hiptimer.ui.shutdown import SignalBridge

log = logging.getLogger("hiptimer")


def open_history(paths: UserPaths, notices: list[str]) -> HistoryWriter:
    from hiptimer.storage.store import HistoryStore
    from hiptimer.storage.writer import HistoryWriter

    result = HistoryStore.open(paths.database)
    if result.notice:
        notices.append(result.notice)
    return HistoryWriter(result.store)


def build_audio(settings: Settings, notices: list[str],
                 speech_cache: Path | None = None) -> CueService | None:
    """The cue player; its notice (why there is no sound) is shown once, not at every start."""
    try:
        from hiptimer.audio import build_audio
        from hiptimer.audio.speech.options import SpeechOptions

        # The old voice switch off means no speech, whatever the preset says.
        preset = settings.speech_preset if settings.voice else "off"
        speech = SpeechOptions.from_values(
            preset=preset, voice=settings.speech_voice, rate=settings.speech_rate,
            volume=settings.speech_volume, engine=settings.speech_engine,
            piper_model=settings.piper_model)
        audio = build_audio(volume=settings.volume, muted=settings.muted, voice=settings.voice,
                            beeps=settings.countdown_beeps, speech=speech,
                            speech_cache=speech_cache)
    except Exception:
        log.exception("Audio could not start; cues will be shown, not heard")
        notices.append("Sound could not start, so cues will flash on screen instead. "
                       "The log file has the details.")
        return None
    key = f"sound:{audio.notice_key}" if audio.notice_key else ""
    seen = [k for k in settings.seen_notices if not k.startswith("sound:")]
    if key and key not in settings.seen_notices:
        notices.append(audio.notice)
    elif audio.notice:
        log.info("Sound notice already shown once: %s", audio.notice)
    # Sound that works again clears the key, so a later problem is told again.
    settings.seen_notices = [*seen, key] if key else seen
    return audio


class Launch:
    """What happens after the first frame: read the routines, open the history,
    start the sound, build the rest of the window, then the first dialogs."""

    def __init__(self, args: argparse.Namespace, paths: UserPaths, app: QApplication,
                 window: MainWindow, instance: SingleInstance, folder_problem: str | None,
                 save: Callable[[Settings], None], *, platform_dark: bool,
                 previewed: CatalogIndex | None, early_notices: list[str] | None = None) -> None:
        self.args, self.paths, self.app, self.window = args, paths, app, window
        self.save = save
        self.instance = instance
        self.folder_problem = folder_problem
        self.previewed = previewed  # what the first frame listed, from the saved index
        self.early_notices = early_notices or []  # from before the first frame (the settings file)
        self.platform_dark = platform_dark  # the desktop palette's colour, before ours replaced it
        self.history: HistoryWriter | None = None
        self.audio: CueService | None = None
        self.signals: SignalBridge | None = None

    def finish(self) -> None:
        from hiptimer.core.clock import ScaledClock, SystemClock
        from hiptimer.desktop.icon import set_app_icon
        from hiptimer.library.catalog import load_catalog
        from hiptimer.ui.context import AppContext
        from hiptimer.ui.shutdown import SignalBridge
        from hiptimer.ui.theme import apply_theme

        args, paths, window = self.args, self.paths, self.window
        settings = window.settings
        notices: list[str] = list(self.early_notices)
        catalog = load_catalog(user=paths.user_routines)
        for err in catalog.errors:
            log.warning("Routine problem: %s", err)
        self.history = open_history(paths, notices)
        self.audio = build_audio(settings, notices, paths.speech_cache)
        scale = args.time_scale

        def clock_factory() -> Clock:
            return ScaledClock(scale) if scale != 1.0 else SystemClock()

        if self.folder_problem:
            notices.append(self.folder_problem)
        ctx = AppContext(settings=settings, save_settings=self.save, catalog=catalog,
                         history=self.history, audio=self.audio, clock_factory=clock_factory,
                         time_scale=scale, notices=notices)
        set_app_icon(self.app)
        theme = args.theme or settings.theme
        dark = apply_theme(self.app, theme, fallback=self.platform_dark)
        if theme == "system":
            settings.system_scheme = "dark" if dark else "light"
        window.attach(ctx)
        window.fit_to_screen()  # the window manager's frame is known now: keep it all on screen
        # A scripted run quits without asking; its waiting writes stay in the journal.
        window.confirm_unsaved = not args.quit_when_done
        # The list changed since the saved index (or there was none): save it now, keeping the
        # card's room from the last quit (the card is not laid out yet); quitting saves it again.
        if self.previewed is None or self.previewed[:2] != window.routine_index()[:2]:
            self.save_index(card_height=self.previewed.card_height if self.previewed else 0)
        # Ctrl+C, a logout or kill: the session ends as ended early, exit status 0.
        self.signals = SignalBridge(parent=self.app)
        self.signals.received.connect(self._on_signal)
        if args.fullscreen:
            window.menus.fullscreen.setChecked(True)
        from hiptimer.desktop.single_instance import session_busy

        self.instance.busy = lambda: session_busy(window)
        self.instance.listen()
        self.instance.set_handler(self._on_launch_request)

    def after_show(self) -> None:
        args, window = self.args, self.window
        # The note that this is not medical advice comes before any first session;
        # only a scripted run (--quit-when-done: tests, demos) goes without it.
        scripted = args.quit_when_done
        if not scripted:
            window.first_run()
        for text in window.ctx.notices:
            log.warning("Notice: %s", text)
        if scripted:
            window.ctx.notices.clear()
        else:
            window.show_notices()
        if args.routine:
            if not window.show_routine(args.routine):
                from hiptimer.ui.dialogs import warn

                warn(window, f"There is no routine called \u201c{args.routine}\u201d.")
            elif args.start:
                window.start_routine(args.routine)
                self._quit_when_done()
                return
        window.offer_resume()

    def _quit_when_done(self) -> None:
        runner = self.window.runner
        if self.args.quit_when_done and runner is not None:
            runner.finished.connect(lambda _e: QTimer.singleShot(300, self.app.quit))

    def _on_launch_request(self, request: LaunchRequest) -> None:
        from hiptimer.desktop.single_instance import apply_request

        if apply_request(self.window, request):
            self._quit_when_done()

    def _on_signal(self, number: int) -> None:
        log.warning("Quitting on signal %d", number)
        self.window.quit_for_signal()
        self.app.exit(0)
        # exit() ends the event loops running now; a dialog opened after it (a
        # notice still queued) runs a new one, so keep asking until the main loop returns.
        stopper = QTimer(self.app)
        stopper.setInterval(100)
        stopper.timeout.connect(lambda: self.app.exit(0))
        stopper.start()

    def save_index(self, card_height: int | None = None) -> None:
        """Keep the routine list and the Today card's room for the next start's first frame
        (doses may have changed the list); ``card_height`` instead of the card's height now."""
        from hiptimer.library.index import index_key, write_index
        from hiptimer.paths import routines_dir

        if not self.window.attached:
            return
        key = index_key(__version__, routines_dir(), self.paths.user_routines, self.window.settings.doses)
        index = self.window.routine_index()
        if card_height is not None:
            index = index._replace(card_height=card_height)
        write_index(self.paths.routine_index, key, index)

    def close(self) -> None:
        if self.signals is not None:
            self.signals.close()
        self.save_index()
        if self.audio is not None:
            # Let a last cue ("Routine complete") finish before the sound stops.
            self.audio.wait_idle(3.0)
            self.audio.close()
        if self.history is not None:
            self.history.close()
        self.instance.close()
        log.info("hiptimer stopped")
