"""Problem 1 in the window: quitting with history not saved asks first and says where it is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hiptimer.library.catalog import load_catalog
from hiptimer.storage.journal import journal_path
from hiptimer.storage.settings import Settings
from hiptimer.ui.context import AppContext
from hiptimer.ui.keepawake import ScreenKeeper
from hiptimer.ui.main_window import MainWindow
from tests.fakes import FakeClock
from tests.faults.test_journal import _refusing_writer


def _answer(qtbot, button: str, seen: list[str], tries: int = 100) -> None:
    """When the question shows (within 2 s), note its text and press ``button``."""
    def press(left: int = tries) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if left:
                QTimer.singleShot(20, lambda: press(left - 1))
            return
        seen.append(box.text())
        target = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    QTimer.singleShot(20, press)


def test_quitting_with_unsaved_history_asks_and_says_where_it_is_kept(qtbot, db_path):
    """With a write waiting, closing asks; "Stay open" keeps the window, "Quit anyway" quits."""
    writer, _ = _refusing_writer(db_path)
    clock = FakeClock()
    ctx = AppContext(settings=Settings(disclaimer_seen=True), save_settings=lambda s: None,
                     catalog=load_catalog(), history=writer, audio=None,
                     clock_factory=lambda: clock, time_scale=1000.0, keeper=ScreenKeeper())
    window = MainWindow.build(ctx)
    window.show()
    qtbot.waitExposed(window)
    assert window.start_routine("level-1")
    window.session.end_early()
    assert writer.pending >= 1
    seen: list[str] = []
    _answer(qtbot, "Stay open", seen)
    window.close()
    assert window.isVisible() and seen and str(journal_path(db_path)) in seen[0]
    _answer(qtbot, "Quit anyway", seen)
    window.close()
    assert not window.isVisible()
    window.deleteLater()
