"""History and the range-of-motion log beside the routines, and the history files.

Each page is built the first time it is opened, inside a frame with a way
back; opening one during a session pauses the session. Export and import
(File menu) live here too, since an import changes what History shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from hiptimer.ui.pages import PageFrame

if TYPE_CHECKING:
    from hiptimer.ui.context import AppContext
    from hiptimer.ui.history_view import HistoryView
    from hiptimer.ui.practice import PracticeController
    from hiptimer.ui.rom_view import RomView
    from hiptimer.ui.session import SessionController


class SidePages(QObject):
    back_requested = Signal()  # "Back to routines" or "Back to the session"

    def __init__(self, window: QMainWindow, stack: QStackedWidget, ctx: AppContext,
                 session: SessionController, practice: PracticeController,
                 say: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window, self._stack, self._ctx = window, stack, ctx
        self._session, self._practice, self._say = session, practice, say
        self.frames: dict[str, PageFrame] = {}

    def _show(self, key: str, title: str, build: Callable[[], QWidget]) -> PageFrame:
        frame = self.frames.get(key)
        if frame is None:
            frame = self.frames[key] = PageFrame(title, build())
            frame.back_requested.connect(self.back_requested.emit)
            self._stack.addWidget(frame)
        elif key == "history":
            frame.page.refresh()
        if self._session.active:
            self._session.pause()
        frame.set_back_text("Back to the session (paused)" if self._session.active else "Back to routines")
        self._stack.setCurrentWidget(frame)
        return frame

    @Slot()
    def show_history(self) -> None:
        from hiptimer.ui.history_view import HistoryView

        frame = self._show("history", "History", lambda: HistoryView(self._ctx.history.store))
        self._practice.show_on(frame.page.dashboard)

    @Slot()
    def show_rom(self) -> None:
        from hiptimer.ui.rom_view import RomView

        tests = self._ctx.catalog.self_tests
        self._show("rom", "Range of motion", lambda: RomView(self._ctx.history, tests))

    @property
    def history_view(self) -> HistoryView | None:
        return self.frames["history"].page if "history" in self.frames else None  # type: ignore[return-value]

    @property
    def rom_view(self) -> RomView | None:
        return self.frames["rom"].page if "rom" in self.frames else None  # type: ignore[return-value]

    def page_name(self, widget: QWidget | None) -> str | None:
        """"history" or "rom" when ``widget`` is one of these pages' frames."""
        return next((key for key, frame in self.frames.items() if frame is widget), None)

    def refresh(self) -> None:
        """History again after a session or an import (when it was ever opened)."""
        view = self.history_view
        if view is not None:
            view.refresh()
            self._practice.show_on(view.dashboard)

    @Slot()
    def export(self, fmt: str) -> None:
        from hiptimer.ui import exchange

        message = exchange.export_history(self._window, self._ctx.history.store, fmt)
        if message:
            self._say(message)

    @Slot()
    def import_file(self) -> None:
        from hiptimer.ui import exchange

        message = exchange.import_history(self._window, self._ctx.history.store)
        if message:
            self._say(message)
            self.refresh()
