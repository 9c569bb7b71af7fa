"""Fullscreen: for one session, or for every session when the setting says so.

In fullscreen the menu bar and the status bar make way for the timer; F and
F11 (the View menu's action) switch it. On a small screen a session offers it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QMainWindow

from hiptimer.ui.geometry import screen_is_small

if TYPE_CHECKING:
    from hiptimer.ui.menus import Menus
    from hiptimer.ui.player import PlayerView
    from hiptimer.ui.session import SessionController

SMALL_SCREEN_NOTICE = "A small screen: fullscreen gives the timer more room."


class Fullscreen(QObject):
    def __init__(self, window: QMainWindow, menus: Menus, player: PlayerView,
                 session: SessionController) -> None:
        super().__init__(window)
        self._window, self._menus, self._player, self._session = window, menus, player, session
        self._for_session = False  # switched on during a session: off again at its end
        menus.fullscreen.toggled.connect(self._on_action)

    @Slot()
    def toggle(self) -> None:
        self._menus.fullscreen.setChecked(not self._menus.fullscreen.isChecked())

    def session_started(self, always: bool) -> None:
        """Fullscreen when the setting asks for it; on a small screen, offer it."""
        window = self._window
        if always and not window.isFullScreen():
            self._menus.fullscreen.setChecked(True)
        elif not window.isFullScreen() and screen_is_small(window):
            self._player.show_notice(SMALL_SCREEN_NOTICE, "Go fullscreen (F)", self.toggle)

    def session_finished(self) -> None:
        if self._for_session:
            self._menus.fullscreen.setChecked(False)

    @Slot(bool)
    def _on_action(self, on: bool) -> None:
        # Fullscreen belongs to this session unless the setting asks for it every time.
        window = self._window
        self._for_session = on and self._session.active
        window.menuBar().setVisible(not on)
        window.statusBar().setVisible(not on)
        if on:
            window.showFullScreen()
        else:
            window.showNormal()
        self._player.set_fullscreen(on)
        if on and self._player.notice() == SMALL_SCREEN_NOTICE:
            self._player.clear_notice()
