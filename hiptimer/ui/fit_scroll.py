"""A scroll area that scrolls only when its page's minimum size does not fit.

``QScrollArea.setWidgetResizable`` sizes a page with wrapped text by the
text's preferred height, so it scrolls on screens where the page would fit;
without it a short window squeezes the page below its minimum and widgets
overlap. This one gives the page the viewport's size, or its minimum size
when that is larger, and scrolls to show the rest.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class FitScrollArea(QScrollArea):
    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        page = self.widget()
        if page is None:
            return
        room, need = self.viewport().size(), page.minimumSizeHint()
        page.resize(max(room.width(), need.width()), max(room.height(), need.height()))
