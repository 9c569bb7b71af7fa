"""Problem 8: text from files, imports and users is shown as the characters it holds."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hiptimer.core.model import SelfTest, Source
from hiptimer.library.catalog import load_catalog
from hiptimer.library.loader import parse_routine
from hiptimer.paths import routines_dir
from hiptimer.storage.importer import import_json
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter
from hiptimer.ui.history_view import HistoryView
from hiptimer.ui.rom_view import RomView

HTML = "<b style='color:red'>WARNING: stop now</b><img src='/etc/hostname'>"
RLO = "\u202e"  # right-to-left override: "Hold 30 s" would read backwards


@pytest.fixture
def store():
    s = HistoryStore.open(":memory:", local_tz=UTC).store
    yield s
    s.close()


def _import(store, **fields) -> None:
    session = {"uid": "s1", "routine_id": "level-1", "routine_title": "Level 1",
               "started_at": "2026-05-01T09:00:00+00:00", "status": "completed",
               "planned_parts": 1, "active_seconds": 60, "parts": [], **fields}
    doc = {"format": "hiptimer-history", "version": 1, "sessions": [session]}
    import_json(store, io.StringIO(json.dumps(doc)))


def _rich(widget) -> list[str]:
    """Labels under ``widget`` holding the hostile markup unescaped, and not set to plain text."""
    return [label.text()[:60] for label in widget.findChildren(QLabel)
            if "<b style='color:red'>" in label.text()
            and label.textFormat() != Qt.TextFormat.PlainText]


def test_an_imported_html_title_shows_as_text_on_the_history_page(qtbot, store):
    """A routine title holding HTML is shown as its characters, never as markup."""
    _import(store, routine_title=HTML, note=HTML)
    view = HistoryView(store, today=lambda: date(2026, 5, 2), tz=UTC)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert HTML in view.detail.title.text()
    assert _rich(view) == []


def test_a_note_tooltip_is_escaped(store, qtbot):
    """The note shown on hover is escaped: an <img> in it is text, not an image."""
    _import(store, note=HTML)
    view = HistoryView(store, today=lambda: date(2026, 5, 2), tz=UTC)
    qtbot.addWidget(view)
    tip = view.model.data(view.model.index(0, view.model.ROUTINE), Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img" in tip


def test_a_self_test_name_from_a_file_shows_as_text(qtbot, store):
    """A self-test's name (from a YAML file) is a plain-text label."""
    test = SelfTest("prone-ir", HTML, "test-prone-ir.svg", "Lie face down.", ("Read it.",),
                    30, 45, Source("A", "B", "C", "x.txt"))
    view = RomView(HistoryWriter(store), [test], now=lambda: datetime(2026, 5, 1, tzinfo=UTC),
                   tz=UTC)
    qtbot.addWidget(view)
    view.show()
    assert _rich(view) == []


def test_bidi_overrides_are_stripped_from_routine_files():
    """Direction overrides in a routine's text are removed when it is read."""
    text = (routines_dir() / "level-1.yaml").read_text().replace(
        "name: Internal rotation hang", f"name: {RLO}Internal rotation hang")
    routine = parse_routine(text, "level-1.yaml")
    assert routine.exercises[0].name == "Internal rotation hang"


def test_bidi_overrides_are_stripped_from_imports(store):
    """Direction overrides in an imported title or note are removed."""
    _import(store, routine_title=f"Level {RLO}1", note=f"felt {RLO}good")
    (session,) = store.sessions()
    assert RLO not in session.routine_title + session.note


def test_no_label_in_the_window_renders_html_from_a_routine(make_window, tmp_path):
    """A routine whose summary and source hold HTML: no label in the window renders it."""
    mine = tmp_path / "mine"
    mine.mkdir()
    text = (routines_dir() / "level-1.yaml").read_text()
    text = text.replace("id: level-1", "id: html-test").replace(
        'title: "Level 1: Hang and pull"', f'title: "{HTML[:60]}"').replace(
        "  The gentlest start.", f"  {HTML} The gentlest start.")
    (mine / "html.yaml").write_text(text)
    h = make_window(catalog=load_catalog(user=mine))
    assert h.window.picker.select("html-test")
    assert _rich(h.window) == []
