"""The largest routine and the largest notes the app accepts open in bounded time."""

from __future__ import annotations

import io
import json
import time
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt

from hiptimer.core.plan import compile_plan
from hiptimer.library.loader import parse_routine
from hiptimer.storage import intake
from hiptimer.storage.importer import import_json
from hiptimer.storage.store import HistoryStore
from hiptimer.ui.history_view import HistoryView
from tests.faults.routine_files import HOLD_DOSE, routine_text

LARGEST = routine_text().replace(  # every limit at once, and doses near the phases limit
    HOLD_DOSE,
    "{type: reps, reps: {default: 8, min: 1, max: 8}, hold: 5, sets: {default: 2, min: 1, max: 2}, rest: 10}")


def test_the_largest_routine_opens_and_starts_in_the_window_within_a_second(make_window, qtbot):
    """60 exercises of 20 steps of 2,000 characters: picked and started in under a second each."""
    routine = parse_routine(LARGEST, "largest.yaml")
    assert len(compile_plan(routine).phases) > 1000
    h = make_window(routines=[routine])
    started = time.perf_counter()
    assert h.window.picker.select("big")
    qtbot.wait(1)
    shown = time.perf_counter() - started
    started = time.perf_counter()
    qtbot.mouseClick(h.window.picker.page.start_button, Qt.MouseButton.LeftButton)
    qtbot.wait(1)
    playing = time.perf_counter() - started
    print(f"largest routine: shown in {shown * 1000:.0f} ms, started in {playing * 1000:.0f} ms")
    assert h.window.runner is not None and shown < 1.0 and playing < 1.0


def test_a_history_of_notes_at_the_limit_opens_within_two_seconds(qtbot):
    """500 sessions each with a note at the note limit: the history page opens in under 2 s."""
    store = HistoryStore.open(":memory:", local_tz=UTC).store
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    sessions = [{"uid": f"s{i}", "routine_id": "level-1", "routine_title": "Level 1",
                 "started_at": (start + timedelta(hours=17 * i)).isoformat(),
                 "status": "completed", "planned_parts": 3, "active_seconds": 250,
                 "note": "n" * intake.MAX_NOTE, "parts": []} for i in range(500)]
    doc = {"format": "hiptimer-history", "version": 1, "sessions": sessions}
    import_json(store, io.StringIO(json.dumps(doc)))
    started = time.perf_counter()
    view = HistoryView(store, today=lambda: date(2026, 12, 1), tz=UTC)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    opened = time.perf_counter() - started
    print(f"500 notes of {intake.MAX_NOTE} characters: history page open in {opened * 1000:.0f} ms")
    assert len(view.detail.note.text()) > intake.MAX_NOTE and opened < 2.0
    store.close()
