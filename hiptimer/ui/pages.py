"""The frame of the side pages (History, Range of motion): a way back and a title."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from hiptimer.ui.labels import plain_label


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
        # After setText, which resets a button's shortcut to its text's mnemonic (none here).
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.setToolTip(f"{text} (Alt+Left)")
        self.back_button.setAccessibleName(text)
