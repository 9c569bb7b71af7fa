"""The session table: a paged Qt model over the history store.

Rows come from the store a page at a time (``canFetchMore``/``fetchMore``),
newest first, so the table opens as fast with twenty thousand sessions as
with twenty. The model holds frozen records and formats them; it never
writes and never sees SQL.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import tzinfo
from typing import Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from hiptimer.core.display import clock_text
from hiptimer.core.outcome import outcome_text
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.records import SessionRecord
from hiptimer.ui.plain import plain_tooltip

log = logging.getLogger(__name__)

PAGE_SIZE = 200

ModelIndex = QModelIndex | QPersistentModelIndex


def format_status(record: SessionRecord) -> str:
    """How the session ended: "Completed", "Completed, 1 side skipped", "Ended early"..."""
    return outcome_text(record.status, record.parts_skipped)


class SessionPages(Protocol):
    """What the model needs from the store."""

    def sessions(
        self,
        routine_id: str | None = None,
        *,
        limit: int = 100,
        before: SessionRecord | None = None,
    ) -> list[SessionRecord]: ...


def format_completion(record: SessionRecord) -> str:
    if record.planned_parts <= 0:
        return f"{record.parts_done} done"
    return f"{record.parts_done}/{record.planned_parts} sides"


def format_started(record: SessionRecord, tz: tzinfo | None = None) -> str:
    local = record.started_at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y}  {local:%H:%M}"


def format_level(level: int | None) -> str:
    return "" if level is None else f"Level {level}"


class HistoryTableModel(QAbstractTableModel):
    """Sessions, newest first, optionally for one routine. Read-only.

    ``load_failed`` carries a sentence for the user when the store cannot
    be read; the rows already loaded stay.
    """

    load_failed = Signal(str)

    COLUMNS = ("Date", "Routine", "Level", "Time", "Done", "Rating", "Status")
    DATE, ROUTINE, LEVEL, DURATION, DONE, RATING, STATUS = range(7)
    RecordRole = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self,
        store: SessionPages,
        *,
        tz: tzinfo | None = None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._tz = tz
        self._page = page_size
        self._rows: list[SessionRecord] = []
        self._routine: str | None = None
        self._exhausted = False
        self._fetching = False
        self.last_error = ""
        self._fill_first_page()

    # -- public -----------------------------------------------------------

    @property
    def routine_id(self) -> str | None:
        return self._routine

    def set_routine(self, routine_id: str | None) -> None:
        """Show only this routine's sessions (None: all)."""
        if routine_id == self._routine:
            return
        self._routine = routine_id
        self.reload()

    def reload(self) -> None:
        """Start again from the newest session (after a session was added)."""
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self._fill_first_page()
        self.endResetModel()

    def record(self, row: int) -> SessionRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def records(self) -> Sequence[SessionRecord]:
        return tuple(self._rows)

    # -- Qt model ------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        # Views (and the model tester) may call back in while rows are being
        # inserted; a nested fetch would read the same page again.
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True
        try:
            page = self._next_page()
            if not page:
                return
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._fetching = False

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self._alignment(section))
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self._alignment(column))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.COLUMNS[column]}: {self._text(record, column) or 'none'}"
        if role == self.RecordRole:
            return record
        return None

    # -- formatting -----------------------------------------------------------

    def _text(self, record: SessionRecord, column: int) -> str:
        if column == self.DATE:
            return format_started(record, self._tz)
        if column == self.ROUTINE:
            return record.routine_title or record.routine_id
        if column == self.LEVEL:
            return "" if record.level is None else str(record.level)
        if column == self.DURATION:
            return clock_text(record.active_seconds)
        if column == self.DONE:
            return format_completion(record)
        if column == self.RATING:
            return "" if record.rating is None else f"{record.rating}/10"
        if column == self.STATUS:
            # A session played with --time-scale (a demo or a test) says so.
            scaled = f" (at {record.time_scale:g}x speed)" if record.time_scale != 1 else ""
            return format_status(record) + scaled
        return ""

    def _tooltip(self, record: SessionRecord, column: int) -> str | None:
        if column == self.DONE:
            text = f"{record.parts_done} of {record.planned_parts} exercise sides done"
            if record.parts_skipped:
                text += f", {record.parts_skipped} skipped"
            return text
        if column == self.STATUS:
            return self._text(record, column)  # the whole outcome, where the column cuts it short
        if column == self.ROUTINE and record.note:
            return plain_tooltip(record.note)
        if column == self.DURATION:
            return "Active time (holds and reps, without pauses)"
        return None

    def _alignment(self, column: int) -> Qt.AlignmentFlag:
        if column in (self.LEVEL, self.DURATION, self.DONE, self.RATING):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    # -- loading --------------------------------------------------------------

    def _fill_first_page(self) -> None:
        # Eager first page, so a new table shows rows without waiting for the view.
        self._rows = self._next_page()

    def _next_page(self) -> list[SessionRecord]:
        before = self._rows[-1] if self._rows else None
        try:
            page = self._store.sessions(self._routine, limit=self._page, before=before)
        except HistoryError as exc:
            log.error("could not read the session list: %s", exc.message)
            self._exhausted = True
            self.last_error = exc.message
            self.load_failed.emit(exc.message)
            return []
        if len(page) < self._page:
            self._exhausted = True
        return page
