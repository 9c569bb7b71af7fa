"""Composition root: arguments, paths, logging, settings, then the first frame.

Everything is built once and handed to the window; nothing else is a
global. Errors become messages, never tracebacks on the user's screen.

The start comes in two steps. This module shows the window a returning user
sees first (the menus and the routine list from the saved index) and
touches nothing it does not need for that frame; once the frame is on
screen, :class:`hiptimer.launch.Launch` reads the routines, opens the
history, starts the sound and builds the rest.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from hiptimer import __version__
from hiptimer.paths import UserPaths, user_paths
from hiptimer.storage.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

    from hiptimer.launch import Launch

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
    p.add_argument("--theme", choices=THEMES, help="colour scheme")
    p.add_argument("--quit-when-done", action="store_true",
                   help="close the window when the session ends (for scripted runs)")
    return p


_FLAGS = {"--start": "start", "--fullscreen": "fullscreen", "--quit-when-done": "quit_when_done"}
_VALUES = {"--routine": "routine", "--time-scale": "time_scale", "--theme": "theme"}
THEMES = ("system", "light", "dark")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The window's options, as :func:`build_parser` reads them.

    The usual launches (no arguments, or the window's own options spelled
    out whole) are read here directly: setting up argparse alone, which has
    gettext look for translations of its messages, costs the first frame
    milliseconds. Anything else (help, a prefix, a typo, a bad value) goes to
    argparse, for its messages.
    """
    values: dict[str, object] = {"routine": None, "start": False, "time_scale": 1.0, "fullscreen": False,
                                 "theme": None, "quit_when_done": False}
    items = list(argv)
    i = 0
    try:
        while i < len(items):
            name, eq, value = items[i].partition("=")
            if name in _FLAGS and not eq:
                values[_FLAGS[name]] = True
            elif name in _VALUES:
                if not eq:
                    i += 1
                    value = items[i]  # IndexError: a missing value, for argparse to name
                if not value or value.startswith("-") or (name == "--theme" and value not in THEMES):
                    raise ValueError(value)
                values[_VALUES[name]] = _time_scale(value) if name == "--time-scale" else value
            else:
                raise ValueError(name)
            i += 1
    except (ValueError, IndexError, argparse.ArgumentTypeError):
        return build_parser().parse_args(items)
    return argparse.Namespace(**values)


class RotatingLog(logging.FileHandler):
    """The log file, moved aside to ``.1`` (then ``.2``, ``.3``) once it passes ``max_bytes``.

    What ``logging.handlers.RotatingFileHandler`` does, without importing
    that module (sockets, pickling, queues) on the way to the first window.
    """

    def __init__(self, path: Path, max_bytes: int = 1_000_000, backups: int = 3) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes, self.backups = max_bytes, backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full():
                self._rotate()
        except OSError:
            pass  # keep writing to the long file rather than lose the message
        super().emit(record)

    def _full(self) -> bool:
        if self.stream is None:
            path = Path(self.baseFilename)
            return path.is_file() and path.stat().st_size >= self.max_bytes
        return bool(self.stream.tell() >= self.max_bytes)

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]  # reopened by the next emit
        base = self.baseFilename
        for i in range(self.backups - 1, 0, -1):
            if Path(f"{base}.{i}").exists():
                Path(f"{base}.{i}").replace(f"{base}.{i + 1}")
        Path(base).replace(f"{base}.1")


def setup_logging(paths: UserPaths, verbose: bool = False) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        paths.log.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingLog(paths.log_file)
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if verbose:
        root.addHandler(logging.StreamHandler(sys.stderr))


def _say_ignored(args: argparse.Namespace) -> None:
    """A launch handed over to a running window cannot change how that window runs."""
    ignored = [name for name, on in (("--time-scale", args.time_scale != 1.0),
                                     ("--fullscreen", args.fullscreen), ("--theme", bool(args.theme)),
                                     ("--quit-when-done", args.quit_when_done)) if on]
    if ignored:
        sys.stderr.write(f"hiptimer: already running, so {', '.join(ignored)} "
                         f"{'was' if len(ignored) == 1 else 'were'} not applied; "
                         "quit hiptimer first to start it that way.\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = user_paths()
    folder_problem = _prepare_folders(paths)
    setup_logging(paths)
    log.info("hiptimer %s starting", __version__)
    if folder_problem:
        # Said on the terminal too: with no log folder this may be the only place.
        sys.stderr.write(f"hiptimer: {folder_problem}\n")

    from hiptimer.desktop.identity import APP_ID
    from hiptimer.desktop.single_instance import SingleInstance, request_from_args
    from hiptimer.library.index import index_key, read_index
    from hiptimer.paths import routines_dir
    from hiptimer.ui.main_window import MainWindow
    from hiptimer.ui.theme import QT_STYLE_ARGS, first_frame_theme, palette_is_dark

    app = QApplication.instance() or QApplication([sys.argv[0], *QT_STYLE_ARGS])
    app.setApplicationName("hiptimer")
    app.setApplicationDisplayName("hiptimer")
    # The app id as desktop file name (Wayland's app id); the icon follows the first frame.
    app.setDesktopFileName(APP_ID)
    # A second launch hands its request to the running window and exits, before
    # it opens the history or builds anything heavy.
    instance = SingleInstance(paths.data)
    handed_over = instance.hand_over(request_from_args(args.routine, args.start))
    if handed_over is not None:
        if handed_over == 0:
            _say_ignored(args)
        return handed_over

    def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        import traceback

        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "hiptimer", f"Something went wrong: {value}\n\n"
                             f"Details are in the log file:\n{paths.log_file}")

    sys.excepthook = excepthook

    settings_notices: list[str] = []  # shown once the window is up
    settings = load_settings(paths.settings_file, settings_notices)
    # Asking the desktop for its scheme costs the first frame tens of
    # milliseconds, so it shows the last run's (or judges the desktop's
    # palette on a first run); Launch.finish asks.
    platform_dark = palette_is_dark(app.palette())
    theme = args.theme or settings.theme
    first_frame_theme(app, theme == "dark" if theme != "system" else
                      {"dark": True, "light": False}.get(settings.system_scheme, platform_dark))

    def save(s: Settings) -> None:
        save_settings(s, paths.settings_file)

    window = MainWindow(settings, save)
    # The list a returning user sees first comes from the saved index; the
    # routine files, the history and the sound are read after the first paint.
    index = read_index(paths.routine_index, index_key(__version__, routines_dir(), paths.user_routines,
                                                      settings.doses))
    launched: list[Launch] = []

    def launch() -> Launch:
        from hiptimer.launch import Launch

        launched.append(Launch(args, paths, app, window, instance, folder_problem, save,
                               platform_dark=platform_dark, previewed=index,
                               early_notices=settings_notices))
        launched[0].finish()
        return launched[0]

    if index is None:
        launch()  # a first start, or routine files changed: read them before showing
        window.show()
        QTimer.singleShot(0, launched[0].after_show)
    else:
        window.preview(index)
        window.show()
        after_first_paint(window, lambda: launch().after_show())
    code = app.exec()
    if launched:
        launched[0].close()
    else:  # quit before the first frame was finished
        instance.close()
    return int(code)


def after_first_paint(window: QWidget, then: Callable[[], None], fallback_ms: int = 1500) -> None:
    """Call ``then`` once ``window``'s first frame is on screen (or after ``fallback_ms`` at worst).

    The window paints while its native window handles its first expose
    event; two zero-delay hops after that event let the paint pass finish
    and reach the screen before ``then`` runs. Only that native window is
    watched: an application-wide filter would run Python for every event
    of every widget being built.
    """
    handle = window.windowHandle()
    done = False

    def run() -> None:
        nonlocal done
        if not done:
            done = True
            if handle is not None:
                handle.removeEventFilter(watcher)
            then()

    class Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            # isExposed() rather than event.type(): QEvent's enum alone costs ~2 ms to load.
            if handle is not None and handle.isExposed():
                handle.removeEventFilter(self)
                QTimer.singleShot(0, lambda: QTimer.singleShot(0, run))
            return False

    watcher = Watcher(window)
    if handle is not None:
        handle.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, run)  # never exposed (started minimised, say): build anyway
