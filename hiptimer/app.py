"""Composition root: arguments, paths, logging, settings, store, audio, clock -> Qt.

Everything is built here once and handed to the window; nothing else is a
global. Errors become messages, never tracebacks on the user's screen.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from hiptimer import __version__
from hiptimer.core.clock import Clock, ScaledClock, SystemClock
from hiptimer.library.catalog import load_catalog
from hiptimer.paths import UserPaths, user_paths
from hiptimer.storage.settings import load_settings, save_settings

log = logging.getLogger("hiptimer")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hiptimer",
        description="Guided hip internal and external rotation routines. "
        "Commands: list, validate, show, history (see 'hiptimer COMMAND --help').",
    )
    p.add_argument("--version", action="version", version=f"hiptimer {__version__}")
    p.add_argument("--routine", metavar="ID", help="open this routine (e.g. level-1, or 2 for Level 2)")
    p.add_argument("--start", action="store_true", help="start the routine at once (with --routine)")
    p.add_argument("--time-scale", type=float, default=1.0, metavar="N",
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


def _open_history(paths: UserPaths, notices: list[str]) -> Any:
    from hiptimer.storage.history import HistoryStore
    from hiptimer.storage.writer import HistoryWriter

    result = HistoryStore.open(paths.database)
    store = getattr(result, "store", result)
    notice = getattr(result, "notice", None)
    if notice:
        notices.append(notice)
    return HistoryWriter(store)


def _build_audio(settings: Any, notices: list[str]) -> Any | None:
    try:
        from hiptimer.audio import build_audio

        audio = build_audio(volume=settings.volume, muted=settings.muted, voice=settings.voice,
                            beeps=settings.countdown_beeps)
    except Exception:
        log.exception("Audio could not start; cues will be shown, not heard")
        notices.append("Sound could not start, so cues will flash on screen instead. "
                       "See the log file for details.")
        return None
    notice = getattr(audio, "notice", "")
    if notice:
        notices.append(notice)
    return audio


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.time_scale <= 0:
        sys.stderr.write("hiptimer: --time-scale must be above 0\n")
        return 2
    paths = user_paths().ensure()
    setup_logging(paths)
    log.info("hiptimer %s starting", __version__)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from hiptimer.ui.main_window import AppContext, MainWindow
    from hiptimer.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([sys.argv[0], *sys.argv[1:2]])
    app.setApplicationName("hiptimer")
    app.setApplicationDisplayName("hiptimer")
    app.setDesktopFileName("hiptimer")

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
    audio = _build_audio(settings, notices)

    scale = args.time_scale

    def clock_factory() -> Clock:
        return ScaledClock(scale) if scale != 1.0 else SystemClock()

    def save(s: Any) -> None:
        save_settings(s, paths.settings_file)

    ctx = AppContext(settings=settings, save_settings=save, catalog=catalog, history=history,
                     audio=audio, clock_factory=clock_factory, time_scale=scale, notices=notices)
    window = MainWindow(ctx)
    if args.fullscreen:
        settings.fullscreen = True
    window.show()
    window.apply_saved_fullscreen()

    def after_show() -> None:
        scripted = args.start and args.routine
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
                QMessageBox.warning(window, "hiptimer", f"There is no routine called {args.routine!r}.")
            elif args.start:
                window.start_routine(args.routine)
                if args.quit_when_done and window.runner is not None:
                    window.runner.finished.connect(lambda _e: QTimer.singleShot(300, app.quit))
                return
        window.offer_resume()

    QTimer.singleShot(0, after_show)
    code = app.exec()
    if audio is not None:
        # Let a last cue ("Routine complete") finish before the sound stops.
        wait_idle = getattr(audio, "wait_idle", None)
        if wait_idle is not None:
            wait_idle(3.0)
        close = getattr(audio, "close", None)
        if close:
            close()
    history_close = getattr(history, "close", None) or getattr(getattr(history, "store", None), "close", None)
    if history_close:
        history_close()
    log.info("hiptimer stopped")
    return int(code)
