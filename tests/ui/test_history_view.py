"""The history page, driven like a user would: select, filter, read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox

from hiptimer.core.events import PartStatus
from hiptimer.core.model import Side
from hiptimer.core.record import PartWrite, SessionWrite
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.store import HistoryStore
from hiptimer.ui.history_view import HistoryView
from tests.sample_history import fill_history

TODAY = date(2024, 5, 15)  # a Wednesday


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _session(store, day: date, *, routine="level-1", parts=2, status="completed", hour=9):
    start = _at(day, hour)
    sid = store.start_session(SessionWrite(
        routine_id=routine,
        routine_title={"level-1": "Level 1: Hang and pull", "level-2": "Level 2: Band"}[routine],
        level=int(routine[-1]),
        started_at=start,
        planned_parts=3,
    ))
    for i, side in enumerate((Side.LEFT, Side.RIGHT, Side.NONE)[:parts]):
        store.record_part(sid, PartWrite(
            exercise_index=i,
            exercise_id=f"ex-{i}",
            exercise_name=f"Exercise {i}",
            side=side,
            status=PartStatus.SKIPPED if i == 1 and status == "ended_early" else PartStatus.DONE,
            dose="60 s hold",
            active_seconds=60,
            ended_at=start + timedelta(minutes=i + 1),
        ))
    store.finish_session(
        sid, status=status, ended_at=start + timedelta(minutes=5), active_seconds=60 * parts
    )
    return sid


@pytest.fixture
def store():
    s = HistoryStore.open(":memory:", local_tz=UTC).store
    yield s
    s.close()


@pytest.fixture
def view(qtbot, store):
    views: list[HistoryView] = []  # held until teardown, so no view dies mid-paint

    def build(**kwargs) -> HistoryView:
        widget = HistoryView(store, today=lambda: TODAY, tz=UTC, **kwargs)
        views.append(widget)
        qtbot.addWidget(widget)
        widget.resize(1280, 760)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return build


def _click_row(qtbot, view: HistoryView, row: int) -> None:
    rect = view.table.visualRect(view.model.index(row, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_selecting_a_row_shows_its_parts(qtbot, store, view):
    """Clicking a session lists each exercise and side with result, dose and time."""
    _session(store, TODAY - timedelta(days=1), parts=3)
    sid = _session(store, TODAY - timedelta(days=2), parts=2, status="ended_early")
    store.rate_session(sid, rating=6, note="Left hip tight")
    page = view()
    _click_row(qtbot, page, 1)
    table = page.detail.parts_table
    assert table.rowCount() == 2
    assert [table.item(r, 1).text() for r in range(2)] == ["Left", "Right"]
    assert table.item(0, 2).text() == "✓ Done" and table.item(1, 2).text() == "– Skipped"
    assert table.item(0, 3).text() == "60 s hold"
    assert "Ended early" in page.detail.meta.text()
    assert page.detail.rating.text() == "Rating: 6/10"
    assert "Left hip tight" in page.detail.note.text()


def test_keyboard_moves_the_selection(qtbot, store, view):
    """Arrow keys in the table change the session shown in the detail pane."""
    _session(store, TODAY, parts=1)
    _session(store, TODAY - timedelta(days=1), parts=3)
    page = view()
    page.table.setFocus()
    with qtbot.waitSignal(page.session_selected):
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.detail.parts_table.rowCount() == 3


def test_first_row_is_selected_on_open(store, view):
    """The newest session is shown in the detail pane at once."""
    _session(store, TODAY, parts=1)
    page = view()
    assert page.detail.parts_table.rowCount() == 1


def test_filter_by_routine_with_the_combo(qtbot, store, view):
    """Choosing a routine in the combo box shows only its sessions."""
    for i in range(3):
        _session(store, TODAY - timedelta(days=i), routine="level-1")
    _session(store, TODAY - timedelta(days=5), routine="level-2")
    page = view()
    combo: QComboBox = page.filter_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All routines (4)",
        "Level 1: Hang and pull (3)",
        "Level 2: Band (1)",
    ]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # last entry: Level 2
    assert page.model.rowCount() == 1
    assert page.model.record(0).routine_id == "level-2"
    assert page.count_label.text() == "1 session"
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert page.model.rowCount() == 4


def test_streaks_and_week_minutes(store, view):
    """Tiles show the current and longest streak and this week's minutes."""
    for offset in (1, 2, 3):  # yesterday and before: today not done yet
        _session(store, TODAY - timedelta(days=offset), parts=2)
    for offset in range(10, 15):
        _session(store, TODAY - timedelta(days=offset), parts=1)
    page = view()
    assert page.dashboard.current_streak.value_label.text() == "3 days"
    assert page.dashboard.longest_streak.value_label.text() == "5 days"
    # Monday 13 and Tuesday 14 May: 2 sessions x 2 parts x 60 s.
    assert page.dashboard.week_minutes.value_label.text() == "4 min"
    assert page.dashboard.total_sessions.value_label.text() == "8"


def test_heatmap_counts_and_tooltip_text(store, view):
    """The calendar holds each day's count and describes a day in words."""
    _session(store, TODAY, hour=8)
    _session(store, TODAY, hour=18)
    _session(store, date(2023, 12, 25))
    page = view()
    heatmap = page.dashboard.heatmap
    assert heatmap.count(TODAY) == 2 and heatmap.count(date(2023, 12, 25)) == 1
    assert heatmap.describe(TODAY) == "Wednesday 15 May 2024: 2 sessions"
    assert heatmap.describe(date(2024, 5, 14)) == "Tuesday 14 May 2024: no sessions"
    assert heatmap.first_day.weekday() == 0 and heatmap.first_day < TODAY - timedelta(days=364)


def test_heatmap_keyboard_cursor(qtbot, store, view):
    """With focus, arrows move a day cursor and its description is announced."""
    _session(store, TODAY - timedelta(days=7))
    page = view()
    heatmap = page.dashboard.heatmap
    heatmap.setFocus()
    qtbot.waitUntil(heatmap.hasFocus)
    assert heatmap.cursor_day() == TODAY
    qtbot.keyClick(heatmap, Qt.Key.Key_Left)  # a week back
    assert heatmap.cursor_day() == TODAY - timedelta(days=7)
    assert heatmap.accessibleDescription().endswith(": 1 session")
    qtbot.keyClick(heatmap, Qt.Key.Key_Right)
    qtbot.keyClick(heatmap, Qt.Key.Key_Down)  # never past today
    assert heatmap.cursor_day() == TODAY


def test_heatmap_maps_positions_to_days(store, view):
    """The square under the mouse is the right day; the gaps and the future are none."""
    page = view()
    heatmap = page.dashboard.heatmap
    rect = heatmap._cell_rect(TODAY)
    assert heatmap.day_at(rect.center()) == TODAY
    assert heatmap.day_at(QPoint(0, 0)) is None


def test_minutes_chart_has_twelve_weeks(store, view):
    """Twelve bars, oldest first, with the week in progress highlighted."""
    _session(store, TODAY)
    bars = view().dashboard.minutes_chart.bars()
    assert len(bars) == 12
    assert bars[-1].highlight and not any(b.highlight for b in bars[:-1])
    assert bars[-1].label == "13 May"


def test_routine_bars(store, view):
    """Completions per routine: completed and total sessions for each."""
    _session(store, TODAY)
    _session(store, TODAY - timedelta(days=1), status="ended_early")
    _session(store, TODAY, routine="level-2")
    rows = {r.title: (r.completed, r.sessions) for r in view().dashboard.routine_bars.rows()}
    assert rows == {"Level 1: Hang and pull": (1, 2), "Level 2: Band": (1, 1)}


def test_refresh_picks_up_a_new_session(store, view):
    """refresh() after a session shows it at the top."""
    page = view()
    assert page.model.rowCount() == 0
    assert "first routine" in page.detail.meta.text()
    _session(store, TODAY)
    page.refresh()
    assert page.model.rowCount() == 1
    assert page.dashboard.total_sessions.value_label.text() == "1"


def test_paging_loads_more_when_scrolled(qtbot, store, view):
    """With many sessions, scrolling to the end of the table loads the next page."""
    fill_history(store, 500, end=_at(TODAY, 20))
    page = view()
    assert page.model.rowCount() == 200
    assert page.count_label.text() == "200 of 500 loaded; scroll for more"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() > 200)
    bar = page.table.verticalScrollBar()
    while page.model.canFetchMore():
        bar.setValue(bar.maximum())
        qtbot.wait(1)
    assert page.model.rowCount() == 500
    assert page.count_label.text() == "500 sessions"


class FailingStore:
    """Every read fails, as with a damaged disk."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise HistoryError("The history file /x/history.sqlite3 is damaged.", kind="corrupt")

        return fail


def test_read_errors_show_a_message_not_a_traceback(qtbot):
    """When the store cannot be read, the page opens and says so in words."""
    page = HistoryView(FailingStore(), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.banner.isVisible()
    assert "damaged" in page.banner.text()
    assert page.model.rowCount() == 0
