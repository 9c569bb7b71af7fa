"""The routine picker: the list of routines beside the routine page.

Levels 1, 2 and 3 first, the other programs after. The list is filled from
:class:`~hiptimer.library.index.IndexEntry` records, so the first window can
show it from the saved index before any routine file is read.

Like the window, the page is finished in two steps. Until :meth:`finish`
(called once the first frame is on screen) nothing here touches PySide's
``Qt`` namespace or ``QFont``, whose first use costs milliseconds: list rows
map to routine ids in a Python list rather than in item data, and the
headings, drawn in the disabled colour from the start, are made bold and
unselectable in :meth:`finish`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hiptimer.library.index import IndexEntry
from hiptimer.ui.labels import plain_label
from hiptimer.ui.routine_page import RoutinePage

MAX_PROBLEMS_SHOWN = 6
# Qt.ItemDataRole.ForegroundRole as a number: item.setForeground() would load
# the Qt namespace to pick its overload (a test keeps the two equal).
FOREGROUND_ROLE = 9


class PickerPage(QWidget):
    """Routine list on the left, the chosen routine on the right; the Today card above both."""

    routine_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._layout = layout
        self.splitter = QSplitter()
        layout.addWidget(self.splitter, 1)
        left = QWidget()
        self._left = QVBoxLayout(left)
        self._left.setContentsMargins(12, 12, 4, 12)
        self.list = QListWidget()
        self.list.setObjectName("routineList")
        self.list.setAccessibleName("Routines")
        self.list.setSpacing(2)
        self.list.setMinimumWidth(260)
        self._left.addWidget(self.list, 1)
        self.manual_check = QCheckBox("Count paced reps myself (Enter)")
        self.manual_check.setToolTip("Manual-rep mode: each paced rep waits until you press Enter")
        self._left.addWidget(self.manual_check)
        self._problems: QLabel | None = None  # made when there is a problem to show
        self._card_layout: QVBoxLayout | None = None  # the Today card's place, when it has one
        self._card_space: QWidget | None = None
        self.card: QWidget | None = None
        self.page = RoutinePage()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.page)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 900])
        self.entries: tuple[IndexEntry, ...] = ()
        self.problems_shown: tuple[str, ...] = ()
        self._ids: list[str] = []  # the routine id of each list row, "" for a heading
        self.finished = False
        self.list.currentItemChanged.connect(self._on_current_changed)

    def finish(self) -> None:
        """Headings made bold and unselectable, and Start's key, now that the first frame is on screen."""
        self.finished = True
        self.page.finish()
        for row, routine_id in enumerate(self._ids):
            if not routine_id:
                self._lock_heading(self.list.item(row))

    def _lock_heading(self, item: QListWidgetItem) -> None:
        """A heading: bold, a little smaller, and not selectable."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QFont

        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont(self.list.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.9)
        item.setFont(font)

    @property
    def problems(self) -> QLabel:
        """The list of routine files that could not be read (hidden when there is none)."""
        if self._problems is None:
            from PySide6.QtCore import Qt

            self._problems = plain_label(name="catalogProblems", wrap=True)
            self._problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._problems.hide()
            self._left.addWidget(self._problems)
        return self._problems

    def _card_holder(self) -> QVBoxLayout:
        if self._card_layout is None:
            holder = QWidget(self)
            self._card_layout = QVBoxLayout(holder)
            self._card_layout.setContentsMargins(12, 10, 12, 0)
            self._layout.insertWidget(0, holder)
        return self._card_layout

    def reserve_card(self, height: int) -> None:
        """Keep ``height`` pixels at the top for the Today card, which comes after the first frame
        (so the page does not jump down when it does)."""
        if height > 0 and self._card_layout is None:
            self._card_space = QWidget()
            self._card_space.setFixedHeight(height)
            self._card_holder().addWidget(self._card_space)

    def set_card(self, card: QWidget) -> None:
        """Put ``card`` (the Today card) across the top of the page, where its room was kept."""
        holder = self._card_holder()
        if self._card_space is not None:
            holder.removeWidget(self._card_space)
            self._card_space.deleteLater()
            self._card_space = None
        holder.addWidget(card)
        self.card = card

    def card_room(self) -> int:
        """The height kept for the Today card until it comes (0: none kept, or it is here)."""
        return self._card_space.maximumHeight() if self._card_space is not None else 0

    def card_height(self) -> int:
        """The Today card's height at the page's width now (0 without one): the room the next
        start keeps for it. Worked out from its layout, so it is right while another page shows."""
        card = self.card
        if card is None or card.isHidden():
            return 0
        width = max(1, self.width() - 24)  # the holder's margins
        height = card.heightForWidth(width) if card.hasHeightForWidth() else -1
        return height if height > 0 else card.sizeHint().height()

    def set_entries(self, entries: Sequence[IndexEntry], problems: Sequence[str]) -> None:
        """Fill the list; the selection is kept when its routine is still there."""
        if (tuple(entries), tuple(problems)) == (self.entries, self.problems_shown):
            return
        current = self.current_id()
        self.entries, self.problems_shown = tuple(entries), tuple(problems)
        self.list.blockSignals(True)
        self.list.clear()
        levels = [e for e in entries if e.level is not None]
        others = [e for e in entries if e.level is None]
        self._ids = []
        muted = self.list.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for heading, group in (("LEVELS", levels), ("MORE PROGRAMS", others)):
            if not group:
                continue
            head = QListWidgetItem(heading)
            head.setData(FOREGROUND_ROLE, muted)
            if self.finished:
                self._lock_heading(head)
            self.list.addItem(head)
            self._ids.append("")
            for e in group:
                item = QListWidgetItem(f"{e.title}\n{e.duration}")
                item.setToolTip(e.summary)
                item.setSizeHint(QSize(0, 54))
                self.list.addItem(item)
                self._ids.append(e.id)
        self.list.blockSignals(False)
        if current:
            self.select(current)
        if problems:
            shown = problems[:MAX_PROBLEMS_SHOWN]
            extra = len(problems) - MAX_PROBLEMS_SHOWN
            more = f"\n\u2026 and {extra} more" if extra > 0 else ""
            self.problems.setText("Some routine files could not be read:\n" + "\n".join(shown) + more)
            self.problems.show()
        elif self._problems is not None:
            self._problems.hide()

    def set_duration(self, entry: IndexEntry) -> None:
        """Show a routine's new length in the list after its doses changed."""
        self.entries = tuple(entry if e.id == entry.id else e for e in self.entries)
        if entry.id in self._ids:
            self.list.item(self._ids.index(entry.id)).setText(f"{entry.title}\n{entry.duration}")

    def current_id(self) -> str:
        row = self.list.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else ""

    def routine_id_at(self, row: int) -> str:
        """The routine on list row ``row``; "" for a heading or no row."""
        return self._ids[row] if 0 <= row < len(self._ids) else ""

    def select(self, routine_id: str) -> bool:
        if not routine_id or routine_id not in self._ids:
            return False
        self.list.setCurrentRow(self._ids.index(routine_id))
        return True

    def select_or_first(self, routine_id: str) -> None:
        """Select ``routine_id`` (the last one used), or the first routine when it is not listed."""
        if not self.select(routine_id):
            self.select_first()

    def select_first(self) -> None:
        for row, routine_id in enumerate(self._ids):
            if routine_id:
                self.list.setCurrentRow(row)
                return

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current_changed(self, current: QListWidgetItem | None,
                            previous: QListWidgetItem | None) -> None:
        routine_id = self.routine_id_at(self.list.row(current)) if current is not None else ""
        if not routine_id:
            return
        # The header at once, from the list's own record; the window adds the exercises.
        entry = next((e for e in self.entries if e.id == routine_id), None)
        if entry is not None:
            self.page.show_entry(entry)
        self.routine_selected.emit(routine_id)
