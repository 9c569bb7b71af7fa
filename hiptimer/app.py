"""Composition root: arguments, paths, logging, settings, store, audio, clock -> Qt.

Everything is built here once and handed to the window; nothing else is a
global. Errors become messages, never tracebacks on the user's screen.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import math
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from hiptimer import __version__
from hiptimer.core.clock import Clock, ScaledClock, SystemClock
from hiptimer.library.catalog import load_catalog
from hiptimer.paths import UserPaths, user_paths
from hiptimer.storage.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from hiptimer.audio.service import CueService
    from hiptimer.storage.writer import HistoryWriter

log = logging.getLogger("hiptimer")


MIN_TIME_SCALE, MAX_TIME_SCALE = 0.1, 1000.0


def _time_scale(text: str) -> float:
    """``--time-scale``: a finite number in range (nan, inf and 1e-9 once gave a traceback)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and MIN_TIME_SCALE <= value <= MAX_TIME_SCALE):
        raise argparse.ArgumentTypeError(
            f"expected a number from {MIN_TIME_SCALE:g} to {MAX_TIME_SCALE:g}, got {text!r}")
    return value


def _prepare_folders(paths: UserPaths) -> str | None:
    """Make the user folders; a sentence for the user when one cannot be written."""
    try:
        paths.ensure()
    except OSError as exc:
        where = exc.filename or paths.data
        return (f"The folder {where} cannot be written ({exc.strerror or exc}), so this run's "
                "history and settings will not be saved. Make it writable, or set HIPTIMER_HOME "
                "to a folder you can write.")
    return None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hiptimer",
        description="Guided hip internal and external rotation routines. "
        "Commands: list, validate, show, history (see 'hiptimer COMMAND --help').",
    )
    p.add_argument("--version", action="version", version=f"hiptimer {__version__}")
    p.add_argument("--routine", metavar="ID", help="open this routine (e.g. level-1, or 2 for Level 2)")
    p.add_argument("--start", action="store_true", help="start the routine at once (with --routine)")
    p.add_argument("--time-scale", type=_time_scale, default=1.0, metavar="N",
                   help="run the session clock N times faster: a testing and demo aid")
    p.add_argument("--fullscreen", action="store_true", help="open fullscreen")
    p.add_argument("--theme", choices=("system", "light", "dark"), help="colour scheme")
    p.add_argument("--quit-when-done", action="store_true",
                   help="close the window when the session ends (for scripted runs)")
    return p


def setup_logging(paths: UserPaths, verbose: bool = False) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        paths.log.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if verbose:
        root.addHandler(logging.StreamHandler(sys.stderr))


def _open_history(paths: UserPaths, notices: list[str]) -> HistoryWriter:
    from hiptimer.storage.store import HistoryStore
    from hiptimer.storage.writer import HistoryWriter

    result = HistoryStore.open(paths.database)
    if result.notice:
        notices.append(result.notice)
    return HistoryWriter(result.store)


def _build_audio(settings: Settings, notices: list[str],
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    paths = user_paths()
    folder_problem = _prepare_folders(paths)
    setup_logging(paths)
    log.info("hiptimer %s starting", __version__)
    if folder_problem:
        # Said on the terminal too: with no log folder this may be the only place.
        sys.stderr.write(f"hiptimer: {folder_problem}\n")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from hiptimer.desktop.icon import apply_identity
    from hiptimer.desktop.single_instance import SingleInstance, apply_request, request_from_args
    from hiptimer.ui.context import AppContext
    from hiptimer.ui.dialogs import warn
    from hiptimer.ui.main_window import MainWindow
    from hiptimer.ui.shutdown import SignalBridge
    from hiptimer.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([sys.argv[0], *sys.argv[1:2]])
    app.setApplicationName("hiptimer")
    app.setApplicationDisplayName("hiptimer")
    apply_identity(app)  # the app id as desktop file name, and the window icon
    # A second launch hands its request to the running window and exits, before
    # it opens the history or builds anything heavy.
    instance = SingleInstance(paths.data)
    handed_over = instance.hand_over(request_from_args(args.routine, args.start))
    if handed_over is not None:
        return handed_over
    instance.listen()

    def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        QMessageBox.critical(None, "hiptimer", f"Something went wrong: {value}\n\n"
                             f"Details are in the log file:\n{paths.log_file}")

    sys.excepthook = excepthook

    settings = load_settings(paths.settings_file)
    apply_theme(app, args.theme or settings.theme)
    notices: list[str] = []
    catalog = load_catalog(user=paths.user_routines)
    for err in catalog.errors:
        log.warning("Routine problem: %s", err)
    history = _open_history(paths, notices)
    audio = _build_audio(settings, notices, paths.speech_cache)

    scale = args.time_scale

    def clock_factory() -> Clock:
        return ScaledClock(scale) if scale != 1.0 else SystemClock()

    def save(s: Settings) -> None:
        save_settings(s, paths.settings_file)

    ctx = AppContext(settings=settings, save_settings=save, catalog=catalog, history=history,
                     audio=audio, clock_factory=clock_factory, time_scale=scale, notices=notices)
    if folder_problem:
        notices.append(folder_problem)
    window = MainWindow(ctx)
    # A scripted run quits without asking; its waiting writes stay in the journal.
    window.confirm_unsaved = not args.quit_when_done
    window.show()
    # Ctrl+C, a logout or kill: the session ends as ended early, exit status 0.
    signals = SignalBridge(parent=app)
    # exit() ends the event loops running now; a dialog opened after it (a notice
    # still queued) runs a new one, so keep asking until the main loop returns.
    stopper = QTimer(app)
    stopper.setInterval(100)
    stopper.timeout.connect(lambda: app.exit(0))

    def on_signal(number: int) -> None:
        log.warning("Quitting on signal %d", number)
        window.quit_for_signal()
        app.exit(0)
        stopper.start()

    signals.received.connect(on_signal)
    if args.fullscreen:
        window.menus.fullscreen.setChecked(True)

    def after_show() -> None:
        # The note that this is not medical advice comes before any first session;
        # only a scripted run (--quit-when-done: tests, demos) goes without it.
        scripted = args.quit_when_done
        if not scripted:
            window.first_run()
        for text in ctx.notices:
            log.warning("Notice: %s", text)
        if scripted:
            ctx.notices.clear()
        else:
            window.show_notices()
        if args.routine:
            if not window.show_routine(args.routine):
                warn(window, f"There is no routine called \u201c{args.routine}\u201d.")
            elif args.start:
                window.start_routine(args.routine)
                if args.quit_when_done and window.runner is not None:
                    window.runner.finished.connect(lambda _e: QTimer.singleShot(300, app.quit))
                return
        window.offer_resume()

    QTimer.singleShot(0, after_show)

    def on_launch_request(request: Any) -> None:
        if apply_request(window, request) and args.quit_when_done and window.runner is not None:
            window.runner.finished.connect(lambda _e: QTimer.singleShot(300, app.quit))

    instance.set_handler(on_launch_request)
    code = app.exec()
    signals.close()
    if audio is not None:
        # Let a last cue ("Routine complete") finish before the sound stops.
        audio.wait_idle(3.0)
        audio.close()
    history.close()
    log.info("hiptimer stopped")
    return int(code)
