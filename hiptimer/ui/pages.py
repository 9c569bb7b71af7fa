"""Pieces of the window's frame: the header of the side pages, and fitting the screen."""

from __future__ import annotations

import base64
import logging

from PySide6.QtCore import QByteArray, QRect, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QPushButton, QVBoxLayout, QWidget

from hiptimer.ui.widgets import plain_label

log = logging.getLogger(__name__)

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


def screen_is_small(window: QWidget) -> bool:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen is not None and screen.availableGeometry().height() < SMALL_SCREEN_HEIGHT


def restore_geometry(window: QMainWindow, saved: str) -> None:
    """The saved size and place, or the default; never larger than the screen."""
    restored = False
    if saved:
        try:
            restored = window.restoreGeometry(QByteArray(base64.b64decode(saved)))
        except (ValueError, TypeError):
            log.warning("Ignoring a damaged saved window geometry")
    if not restored:
        window.resize(*DEFAULT_SIZE)
    fit_to_screen(window)


def saved_geometry(window: QMainWindow) -> str:
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
