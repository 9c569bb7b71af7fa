"""The window's size and place: saved, restored, and kept on the screen."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

log = logging.getLogger(__name__)

SMALL_SCREEN_HEIGHT = 720  # below this, a session offers fullscreen
MINIMUM_SIZE = (640, 460)
DEFAULT_SIZE = (1280, 760)


def screen_is_small(window: QWidget) -> bool:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen is not None and screen.availableGeometry().height() < SMALL_SCREEN_HEIGHT


def restore_geometry(window: QMainWindow, saved: str) -> None:
    """The saved size and place, or the default; never larger than the screen."""
    restored = False
    if saved:
        try:
            import base64

            from PySide6.QtCore import QByteArray

            restored = window.restoreGeometry(QByteArray(base64.b64decode(saved)))
        except (ValueError, TypeError):
            log.warning("Ignoring a damaged saved window geometry")
    if not restored:
        window.resize(*DEFAULT_SIZE)
    fit_to_screen(window)


def saved_geometry(window: QMainWindow) -> str:
    import base64

    return base64.b64encode(bytes(window.saveGeometry().data())).decode("ascii")


def fit_to_screen(window: QMainWindow) -> None:
    """Never larger than the screen's free area (panels and title bar left out)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or window.isFullScreen():
        return
    free = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w = max(0, frame.width() - window.width())
    extra_h = max(0, frame.height() - window.height()) or 32  # a title bar before the first show
    w = min(window.width(), free.width() - extra_w)
    h = min(window.height(), free.height() - extra_h)
    if (w, h) != (window.width(), window.height()):
        window.resize(max(w, window.minimumWidth()), max(h, window.minimumHeight()))
    geo = QRect(window.pos(), window.frameGeometry().size())
    if not free.contains(geo):
        x = min(max(free.left(), geo.left()), free.right() - geo.width() + 1)
        y = min(max(free.top(), geo.top()), free.bottom() - geo.height() + 1)
        window.move(max(free.left(), x), max(free.top(), y))
