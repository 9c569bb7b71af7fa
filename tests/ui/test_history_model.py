"""The paged session table model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from hiptimer.core.display import clock_text
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.store import HistoryStore
from hiptimer.ui.history_model import HistoryTableModel
from tests.sample_history import fill_history

END = datetime(2025, 6, 4, 20, tzinfo=UTC)


@pytest.fixture
def store():
    s = HistoryStore.open(":memory:", local_tz=UTC).store
    fill_history(s, 450, end=END)
    yield s
    s.close()


def test_model_passes_qtmodeltester(qtmodeltester, store):
    """The model keeps Qt's rules, before and after fetching more rows."""
    model = HistoryTableModel(store, tz=UTC, page_size=100)
    qtmodeltester.check(model)
    model.fetchMore()
    qtmodeltester.check(model)


def test_model_passes_qtmodeltester_when_empty(qtmodeltester):
    """An empty history is a valid, empty model."""
    model = HistoryTableModel(HistoryStore.open(":memory:").store)
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and not model.canFetchMore()


def test_pages_until_every_session_is_loaded(store):
    """The first page is loaded at once; fetchMore adds pages until all 450 are in."""
    model = HistoryTableModel(store, page_size=200)
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    ids = [r.id for r in model.records()]
    assert len(set(ids)) == 450
    starts = [r.started_at for r in model.records()]
    assert starts == sorted(starts, reverse=True)


def test_filter_by_routine(store):
    """set_routine shows only that routine's sessions and starts from the top."""
    model = HistoryTableModel(store, page_size=50)
    model.fetchMore()
    model.set_routine("level-3")
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == store.count_sessions("level-3")
    assert {r.routine_id for r in model.records()} == {"level-3"}


def test_cells_are_formatted(store):
    """Date, routine, level, time, parts done, rating and status read as words."""
    model = HistoryTableModel(store, tz=UTC)
    record = model.record(0)
    texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert texts[0].startswith(record.started_at.strftime("%a"))
    assert texts[1] == record.routine_title
    assert texts[4] == f"{record.parts_done}/{record.planned_parts} sides"
    assert texts[6] in {"Completed", "Ended early", "Interrupted", "In progress"}
    assert model.data(model.index(0, 0), HistoryTableModel.RecordRole) == record
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Done"


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (65.4, "1:05"), (3725, "1:02:05")])
def test_active_time_text(seconds, text):
    """Active time shows as m:ss, or h:mm:ss from an hour (the player's clock text)."""
    assert clock_text(seconds) == text


class BrokenStore:
    def sessions(self, routine_id=None, *, limit=100, before=None):
        raise HistoryError("The history file /x is damaged.", kind="corrupt")


def test_read_error_is_reported_not_raised(qtbot):
    """A store that cannot be read leaves an empty model and a message."""
    model = HistoryTableModel(BrokenStore())
    assert model.rowCount() == 0 and not model.canFetchMore()
    assert "damaged" in model.last_error
    with qtbot.waitSignal(model.load_failed) as blocker:
        model.reload()
    assert "damaged" in blocker.args[0]
