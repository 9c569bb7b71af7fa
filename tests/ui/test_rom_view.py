"""The range-of-motion page: enter degrees, save, see the point on the chart."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

from hiptimer.core.model import SelfTest, Side, Source
from hiptimer.core.record import MeasurementWrite
from hiptimer.core.rom import ASYMMETRY_THRESHOLD_DEG, summarise
from hiptimer.storage.errors import HistoryError
from hiptimer.storage.schema import connect_file
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter
from hiptimer.ui.angle_entry import ShinGauge
from hiptimer.ui.rom_view import RomView, shin_points_up

ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
NOW = datetime(2025, 6, 4, 18, 0, tzinfo=UTC)
SOURCE = Source("A test article", "An author", "A publisher", "001.txt")


def _tests() -> list[SelfTest]:
    return [
        SelfTest(
            "prone-ir",
            "Lying face down",
            "test-prone-ir.svg",
            "Prone: lie on your front, knees bent to a right angle.",
            ("Let the feet drop outward.", "Read the shin angle from vertical."),
            45,
            45,
            SOURCE,
        ),
        SelfTest(
            "seated-ir-flexion",
            "Sitting, hip bent",
            "test-seated-ir-flexion.svg",
            "Sit with the feet off the floor.",
            ("Let the foot swing outward.",),
            30,
            45,
            SOURCE,
        ),
        SelfTest(
            "seated-active-ir",
            "Sitting, active",
            "test-seated-active-ir.svg",
            "Sit on your hands.",
            ("Turn the foot out.",),
            45,
            45,
            SOURCE,
        ),
    ]


@pytest.fixture
def store():
    """The history as the app hands it to the page: the retrying writer over a store."""
    s = HistoryStore.open(":memory:", local_tz=UTC).store
    yield HistoryWriter(s)
    s.close()


@pytest.fixture
def make_view(qtbot):
    views: list[RomView] = []  # held until teardown, so no view dies mid-paint

    def build(store, now=lambda: NOW) -> RomView:
        view = RomView(store, _tests(), now=now, tz=UTC)
        views.append(view)
        qtbot.addWidget(view)
        view.resize(1280, 760)
        view.show()
        qtbot.waitExposed(view)
        return view

    return build


def _type_degrees(qtbot, spin, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))


def test_one_tab_per_test(store, make_view):
    """Each self-test gets a tab with its name, steps and usual range."""
    view = make_view(store)
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == [
        "Lying face down",
        "Sitting, hip bent",
        "Sitting, active",
    ]
    page = view.pages[1]
    assert "Let the foot swing outward." in page.instructions.text()
    assert "30–45°" in page.caveats.text()


def test_picture_is_loaded_from_the_images_folder(store, make_view):
    """The test's SVG comes from assets/images."""
    view = make_view(store)
    assert view.pages[0].picture.has_image()


def test_missing_picture_shows_a_placeholder(qtbot, store):
    """With no SVG on disk the picture frame shows the test's name instead."""
    test = dataclasses.replace(_tests()[0], image="no-such-picture.svg")
    view = RomView(store, [test], now=lambda: NOW)
    qtbot.addWidget(view)
    page = view.pages[0]
    assert not page.picture.has_image()
    assert "Lying face down" in page.picture.accessibleDescription()


def test_enter_degrees_and_save_adds_a_point(qtbot, store, make_view):
    """Typing degrees and pressing Save stores them and draws them on the chart."""
    view = make_view(store)
    page = view.pages[0]
    _type_degrees(qtbot, page.left_spin, 32)
    _type_degrees(qtbot, page.right_spin, 44)
    assert page.left_gauge.angle() == 32 and page.right_gauge.angle() == 44
    qtbot.keyClicks(page.note_edit, "after a warm-up")
    with qtbot.waitSignal(view.measurement_saved) as saved:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == ["prone-ir"]
    [m] = store.measurements("prone-ir")
    assert (m.left_deg, m.right_deg, m.note, m.taken_at) == (32, 44, "after a warm-up", NOW)
    assert [(p.left_deg, p.right_deg) for p in page.chart.measurements()] == [(32, 44)]
    assert page.chart.flagged() == [m]  # 12° apart
    assert "Saved" in page.status.text()
    assert "12° further" in page.summary.text()


def test_save_with_the_keyboard(qtbot, store, make_view):
    """Enter in the note field saves too."""
    view = make_view(store)
    page = view.pages[1]
    _type_degrees(qtbot, page.left_spin, 35)
    page.note_edit.setFocus()
    qtbot.keyClick(page.note_edit, Qt.Key.Key_Return)
    assert len(store.measurements("seated-ir-flexion")) == 1


def test_an_out_of_range_number_is_named_beside_the_box_and_not_saved(qtbot, store, make_view):
    """Typing 999 keeps 999 on screen, says "Enter 0-90°" beside the box, and Save stores nothing."""
    view = make_view(store)
    page = view.pages[0]
    _type_degrees(qtbot, page.left_spin, 999)
    qtbot.keyClick(page.left_spin, Qt.Key.Key_Tab)  # leaving the box does not change it either
    assert page.left_spin.lineEdit().text() == "999"
    assert page.left_problem.text() == "Enter 0-90°" and page.left_problem.isVisible()
    assert page.right_problem.text() == ""
    assert page.left_gauge.angle() == 0  # at rest, not drawn as 90 or 9
    _type_degrees(qtbot, page.right_spin, 40)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert store.measurements("prone-ir") == []
    assert page.status.text() == "Not saved: left 999° is out of range. Enter 0-90°."
    view.grab().save(str(ARTEFACTS / "rom-out-of-range.png"))
    _type_degrees(qtbot, page.left_spin, 45)
    assert page.left_problem.text() == ""
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    [m] = store.measurements("prone-ir")
    assert (m.left_deg, m.right_deg) == (45, 40)


def test_just_over_the_top_is_named_too(qtbot, store, make_view):
    """91 is not quietly stored as 90: the box says the range, degrees() refuses it."""
    view = make_view(store)
    page = view.pages[0]
    _type_degrees(qtbot, page.left_spin, 91)
    assert page.left_spin.lineEdit().text() == "91" and page.left_problem.text() == "Enter 0-90°"
    with pytest.raises(ValueError, match="Enter 0-90°"):
        page.left_spin.degrees()


def test_arrows_stay_within_zero_to_ninety(qtbot, store, make_view):
    """Up from empty gives 0, Up at 90 stays 90, Down from a number out of range comes back in."""
    view = make_view(store)
    page = view.pages[0]
    spin = page.left_spin
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.degrees() == 0
    _type_degrees(qtbot, spin, 90)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.degrees() == 90
    _type_degrees(qtbot, spin, 500)
    qtbot.keyClick(spin, Qt.Key.Key_Down)
    assert spin.degrees() == 89 and page.left_problem.text() == ""


def test_earlier_results_are_drawn_but_boxes_start_empty(store, make_view):
    """On opening, the chart has the saved results; the boxes stay empty until typed in."""
    for week, (left, right) in enumerate([(28, 41), (30, 42), (33, 40)]):
        store.add_measurement(
            MeasurementWrite("prone-ir", NOW - timedelta(weeks=3 - week), left, right)
        )
    view = make_view(store)
    page = view.pages[0]
    assert len(page.chart.measurements()) == 3
    assert [m.difference for m in page.chart.flagged()] == [13, 12]
    assert (page.left_spin.degrees(), page.right_spin.degrees()) == (None, None)
    assert "left 33°, right 40°" in page.summary.text()


def test_gauge_click_sets_the_spin_box(qtbot, store, make_view):
    """Clicking the drawing picks an angle; the spin box follows."""
    view = make_view(store)
    page = view.pages[1]
    gauge = page.left_gauge
    pivot, radius = gauge._geometry()
    target = gauge._point(pivot, radius * 0.8, 60)
    qtbot.mouseClick(gauge, Qt.MouseButton.LeftButton, pos=target.toPoint())
    assert abs(page.left_spin.value() - 60) <= 2


def test_gauge_angles_point_outward_and_the_right_way(qtbot):
    """Left swings to the screen's left, right to its right; prone points up."""
    up = ShinGauge(Side.LEFT, 45, 45, upward=True)
    down = ShinGauge(Side.RIGHT, 30, 45, upward=False)
    for gauge in (up, down):
        qtbot.addWidget(gauge)
        gauge.resize(200, 200)
    pivot, radius = up._geometry()
    foot = up._point(pivot, radius, 45)
    assert foot.x() < pivot.x() and foot.y() < pivot.y()
    pivot, radius = down._geometry()
    foot = down._point(pivot, radius, 45)
    assert foot.x() > pivot.x() and foot.y() > pivot.y()
    assert down._angle_at(down._point(pivot, radius * 0.5, 30)) == 30
    assert down._angle_at(QPointF(pivot.x() - 50, pivot.y() + 1)) == 0  # inward: clamps


def test_shin_direction_follows_the_position():
    """Lying face down the shin points up; sitting it hangs."""
    prone, seated, _ = _tests()
    assert shin_points_up(prone) and not shin_points_up(seated)


class RefusingStore:
    pending = 0
    last_error = ""

    def measurements(self, test_id=None):
        return []

    def add_measurement(self, measurement):
        raise HistoryError("The disk holding /x is full. Free some space.", kind="full")


def test_save_error_is_shown_not_raised(qtbot, make_view):
    """If the store refuses, the page says why and stays usable."""
    view = make_view(RefusingStore())
    page = view.pages[0]
    _type_degrees(qtbot, page.left_spin, 40)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "Not saved" in page.status.text() and "full" in page.status.text()
    assert page.chart.measurements() == []


def test_queued_save_still_shows_the_point(qtbot, tmp_path, make_view):
    """Through the retrying writer on a read-only file, the point shows and the wait is said."""
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).store.close()
    ro = HistoryStore.open(path, connector=lambda: connect_file(path, read_only=True)).store
    writer = HistoryWriter(ro)
    view = make_view(writer)
    page = view.pages[0]
    _type_degrees(qtbot, page.right_spin, 41)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert writer.pending == 1
    assert "not written yet" in page.status.text()
    assert len(page.chart.measurements()) == 1


@pytest.mark.parametrize(("left", "right", "flagged"), [(30, 40, False), (30, 41, True)])
def test_threshold_is_more_than_ten_degrees(left, right, flagged):
    """A difference of exactly the threshold is not called out; one more degree is."""
    assert ASYMMETRY_THRESHOLD_DEG == 10
    store = HistoryStore.open(":memory:").store
    store.add_measurement(MeasurementWrite("t", NOW, left, right))
    text = summarise(store.measurements("t"), 30, 45)
    assert ("gap this app marks (our threshold" in text) is flagged


def test_summary_names_sides_below_the_usual_range():
    """The summary says which side is below the usual range."""
    store = HistoryStore.open(":memory:").store
    store.add_measurement(MeasurementWrite("t", NOW, 25, 40))
    text = summarise(store.measurements("t"), 30, 45, tz=UTC)
    assert text.startswith("Latest, 4 Jun 2025: left 25°, right 40°")
    assert "The left side is below the usual range (30–45°)." in text


def test_boxes_start_empty(store, make_view):
    """Before anything is typed both degree boxes are blank: nothing is pre-measured."""
    view = make_view(store)
    for page in view.pages:
        for spin in (page.left_spin, page.right_spin):
            assert spin.degrees() is None
            assert spin.lineEdit().text() == ""
            assert spin.lineEdit().placeholderText() == "not measured"


def test_an_empty_side_is_saved_as_not_measured(qtbot, store, make_view):
    """Typing only the left side saves the right as not measured, and the boxes empty again."""
    view = make_view(store)
    page = view.pages[2]
    _type_degrees(qtbot, page.left_spin, 38)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    [m] = store.measurements("seated-active-ir")
    assert (m.left_deg, m.right_deg) == (38, None)
    assert "right not measured" in page.status.text()
    assert page.left_spin.degrees() is None and page.left_spin.lineEdit().text() == ""


def test_nothing_typed_saves_nothing(qtbot, store, make_view):
    """Save with both boxes empty stores no row and says what is missing."""
    view = make_view(store)
    page = view.pages[0]
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert store.measurements("prone-ir") == []
    assert "at least one side" in page.status.text()


def test_clearing_a_box_makes_it_empty_again(qtbot, store, make_view):
    """Deleting the digits leaves an empty box, read as not measured."""
    view = make_view(store)
    page = view.pages[0]
    _type_degrees(qtbot, page.left_spin, 25)
    assert page.left_spin.degrees() == 25
    page.left_spin.setFocus()
    page.left_spin.selectAll()
    qtbot.keyClick(page.left_spin, Qt.Key.Key_Backspace)
    qtbot.keyClick(page.left_spin, Qt.Key.Key_Tab)
    assert page.left_spin.degrees() is None


def test_caveats_are_on_the_page_as_plain_text(store, make_view):
    """Each test's page shows the usual range with its limits and our threshold, as plain text."""
    view = make_view(store)
    page = view.pages[0]
    assert page.caveats.isVisible()
    assert page.caveats.textFormat() == Qt.TextFormat.PlainText
    text = page.caveats.text()
    assert "Usual range given by the article: about 45°." in text
    assert "shape of its joint" in text and "physical therapist" in text
    assert f"{ASYMMETRY_THRESHOLD_DEG}° left-right gap" in text and "our own choice" in text


def test_caveats_from_the_file_replace_the_general_ones(qtbot, store):
    """A test's own caveats and its file's safety note are shown, markup and all, as typed."""
    test = dataclasses.replace(_tests()[0], caveats=("<b>Only</b> a rough guide.",),
                               safety="Stop if it hurts.")
    view = RomView(store, [test], now=lambda: NOW)
    qtbot.addWidget(view)
    text = view.pages[0].caveats.text()
    assert "<b>Only</b> a rough guide." in text and "Stop if it hurts." in text
    assert "shape of its joint" not in text



def test_a_short_window_scrolls_the_page_instead_of_squeezing_it(make_window, qtbot):
    """At 1024x600 the gauges keep their size and the boxes sit below them (QA saw them overlap)."""
    from PySide6.QtCore import QPoint

    w = make_window().window
    w.resize(1024, 600)
    w.menus.rom.trigger()
    page = w.rom_view.pages[0]
    qtbot.waitUntil(lambda: page.isVisible())
    qtbot.wait(20)
    for gauge, spin in ((page.left_gauge, page.left_spin), (page.right_gauge, page.right_spin)):
        assert gauge.height() >= gauge.minimumHeight()
        gauge_bottom = gauge.mapTo(page, QPoint(0, gauge.height())).y()
        assert gauge_bottom <= spin.mapTo(page, QPoint(0, 0)).y()
    chart_bottom = page.chart.mapTo(page, QPoint(0, page.chart.height())).y()
    assert chart_bottom <= page.summary.mapTo(page, QPoint(0, 0)).y()
    scroll = w.rom_view.tabs.currentWidget()
    assert scroll.verticalScrollBar().maximum() > 0  # the rest is a scroll away
    w.resize(1366, 768)
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() == 0)  # room enough: no scrolling
