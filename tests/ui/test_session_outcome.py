"""A session with a skipped side says so: on the summary, in the History list and its detail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from hiptimer.core.model import SidesMode
from hiptimer.ui.history_model import HistoryTableModel
from tests.factories import hold, routine
from tests.ui.test_journeys import answer_dialog, back_to_routines, play_to_end, start, window_key

ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"


def _skip_left_side(h, qtbot) -> None:
    """Two-sided hold, then a one-sided one: skip the left side's hold, do the rest."""
    w = h.window
    h.advance(qtbot, 3.5, step=0.5)  # get ready -> the left hold
    assert w.player.side_label.text() == "LEFT SIDE"
    qtbot.keyClick(w.player, Qt.Key.Key_Right)  # skip the left side
    play_to_end(h, qtbot, 40)


def test_a_skipped_side_reads_as_completed_with_a_skip(make_window, qtbot):
    """Summary, History list and detail all say "Completed, 1 side skipped", and the detail lists it."""
    r = routine(hold("a", seconds=8, get_ready=3, sides=SidesMode.BOTH),
                hold("b", seconds=5, get_ready=3), switch=3, rid="sides")
    h = make_window(routines=[r])
    w = h.window
    start(h, qtbot, "sides")
    _skip_left_side(h, qtbot)

    assert w.summary.heading.text() == "Completed, 1 side skipped"
    assert "2 of 3 exercise sides done, 1 skipped" in w.summary.stats.text()
    (session,) = h.store.sessions()
    assert session.status.value == "completed" and session.parts_skipped == 1  # stored as before
    ARTEFACTS.mkdir(exist_ok=True)
    w.grab().save(str(ARTEFACTS / "summary-skipped-side.png"))
    back_to_routines(h, qtbot)

    window_key(qtbot, w, Qt.Key.Key_H)
    view = w.history_view
    assert view.model.rowCount() == 1
    status = view.model.index(0, HistoryTableModel.STATUS)
    # (The harness plays at 1000x, which the cell adds after the outcome.)
    assert view.model.data(status).startswith("Completed, 1 side skipped")
    cell = view.table.visualRect(status)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    detail = view.detail
    assert "Completed, 1 side skipped" in detail.meta.text()
    table = detail.parts_table
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert rows == [["A", "Left", "– Skipped"], ["A", "Right", "✓ Done"], ["B", "Both", "✓ Done"]]
    w.grab().save(str(ARTEFACTS / "history-skipped-side.png"))


def test_ended_early_detail_counts_the_sides_not_reached(make_window, qtbot):
    """Ended early: the detail says how many planned sides have no row, as the summary showed them."""
    r = routine(hold("a", seconds=8, get_ready=3, sides=SidesMode.BOTH),
                hold("b", seconds=5, get_ready=3), switch=3, rid="sides")
    h = make_window(routines=[r])
    w = h.window
    start(h, qtbot, "sides")
    h.advance(qtbot, 12, step=0.5)  # the left side done, switching sides
    answer_dialog("End session")
    qtbot.keyClick(w.player, Qt.Key.Key_Escape)
    assert w.summary.heading.text() == "Session ended early"
    results = [w.summary.table.item(r, 2).text() for r in range(w.summary.table.rowCount())]
    assert results == ["Done", "Not reached", "Not reached"]
    back_to_routines(h, qtbot)

    window_key(qtbot, w, Qt.Key.Key_H)
    view = w.history_view
    view.table.selectRow(0)
    meta = view.detail.meta.text()
    assert "Ended early" in meta and "2 sides not reached" in meta


def test_a_resumed_session_counts_the_sides_done_before_the_stop(make_window, qtbot):
    """Resumed after a crash: the summary shows the side recorded before it as done, like History."""
    from datetime import timedelta

    from hiptimer.core.events import PartStatus
    from hiptimer.core.model import Side
    from hiptimer.core.record import PartWrite, SessionWrite

    r = routine(hold("a", seconds=8, get_ready=3, sides=SidesMode.BOTH),
                hold("b", seconds=5, get_ready=3), switch=3, rid="sides")
    h = make_window(routines=[r])
    w = h.window
    started = h.clock.now()
    write = SessionWrite(routine_id="sides", routine_title=r.title, started_at=started, planned_parts=3)
    sid = h.store.start_session(write)
    h.store.record_part(sid, PartWrite(exercise_index=0, exercise_id="a", exercise_name="A", side=Side.LEFT,
                                       status=PartStatus.DONE, dose="8 s hold, each side", active_seconds=8,
                                       ended_at=started + timedelta(seconds=11)))
    h.store.disown([write.uid])  # as a window that crashed leaves it
    answer_dialog("Resume")
    w.offer_resume()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.player)
    play_to_end(h, qtbot, 30)
    assert w.summary.heading.text() == "Routine complete"
    assert "3 of 3 exercise sides done" in w.summary.stats.text()
    results = [w.summary.table.item(row, 2).text() for row in range(w.summary.table.rowCount())]
    assert results == ["Done", "Done", "Done"]
    (session,) = h.store.sessions()
    assert session.status.value == "completed" and session.parts_done == 3
