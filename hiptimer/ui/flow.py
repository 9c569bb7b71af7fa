"""A layout that wraps its widgets onto more rows when the width runs out.

The player's controls use it, so every button stays on screen on a small
laptop instead of pushing the window wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._breaks: set[int] = set()  # item indexes that start the right-hand group
        self.setSpacing(spacing)
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add_right_group(self) -> None:
        """Widgets added after this call sit at the right end of the last row, when they fit."""
        self._breaks.add(len(self._items))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        items = self._visible()
        w = sum(i.sizeHint().width() for i in items) + self.spacing() * max(0, len(items) - 1)
        h = max((i.sizeHint().height() for i in items), default=0)
        return QSize(w, h)

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() is not None and i.widget().isHidden())]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        gap = self.spacing()
        brk = min(self._breaks, default=len(self._items))
        rows: list[list[tuple[int, QLayoutItem]]] = [[]]
        x = 0
        for index, item in enumerate(self._items):
            if item.widget() is not None and item.widget().isHidden():
                continue
            w = item.sizeHint().width()
            if rows[-1] and x + w > rect.width():
                rows.append([])
                x = 0
            rows[-1].append((index, item))
            x += w + gap
        y = rect.y()
        for r, row in enumerate(rows):
            height = max((i.sizeHint().height() for _, i in row), default=0)
            if apply:
                left = [i for idx, i in row if idx < brk]
                right = [i for idx, i in row if idx >= brk]
                px = rect.x()
                for item in left:
                    item.setGeometry(QRect(QPoint(px, y), item.sizeHint()))
                    px += item.sizeHint().width() + gap
                rx = rect.right() + 1 - sum(i.sizeHint().width() + gap for i in right) + gap
                rx = max(px, rx)
                for item in right:
                    item.setGeometry(QRect(QPoint(rx, y), item.sizeHint()))
                    rx += item.sizeHint().width() + gap
            y += height + (gap if r < len(rows) - 1 else 0)
        return y - rect.y()
