"""The player driven as a user drives it: clicks and keys, real widgets, a fake clock."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hiptimer.core.model import SidesMode
from tests.factories import hold, paced, reps, routine


def start(h, qtbot, routine_id: str = "level-1") -> None:
    w = h.window
    assert w.picker.select(routine_id)
    qtbot.mouseClick(w.picker.page.start_button, Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.player


def shown(w) -> tuple[str, str, str, str]:
    p = w.player
    side = p.side_label.text() if p.side_label.isVisible() else ""
    return p.phase_label.text(), side, p.dial.text(), p.rep_label.text()


def test_level_1_from_start_to_summary(make_window, qtbot):
    """Every phase of Level 1 shows the right word, side, seconds and rep, then the summary."""
    h = make_window()
    w = h.window
    start(h, qtbot)
    assert shown(w) == ("GET READY", "", "15", "")
    assert w.player.card_title.text() == "NEXT UP"
    assert w.player.card_name.text().startswith("Internal rotation hang")
    assert w.player.exercise_label.text() == "Internal rotation hang"
    h.advance(qtbot, 15)
    assert shown(w) == ("HOLD", "", "90", "")
    assert w.player.card_title.text() == "HOW TO"
    h.advance(qtbot, 45)
    assert shown(w) == ("HOLD", "", "45", "")
    assert w.player.time_left_label.text() == f"{(255 - 60) // 60}:{(255 - 60) % 60:02d} left"
    h.advance(qtbot, 45)
    assert shown(w) == ("GET READY", "LEFT SIDE", "10", "")
    assert w.player.card_name.text().startswith("External rotation knee pull")
    h.advance(qtbot, 10)
    assert shown(w) == ("HOLD", "LEFT SIDE", "4", "REP 1 / 10")
    h.advance(qtbot, 4)
    assert shown(w) == ("RELEASE", "LEFT SIDE", "3", "REP 1 / 10")
    h.advance(qtbot, 3)
    assert shown(w) == ("HOLD", "LEFT SIDE", "4", "REP 2 / 10")
    h.advance(qtbot, 60)
    assert shown(w) == ("SWITCH SIDES", "NOW: RIGHT SIDE", "6", "")
    h.advance(qtbot, 6)
    assert shown(w) == ("HOLD", "RIGHT SIDE", "4", "REP 1 / 10")
    h.advance(qtbot, 63)
    assert shown(w) == ("HOLD", "RIGHT SIDE", "4", "REP 10 / 10")
    h.advance(qtbot, 4)
    assert w.stack.currentWidget() is w.summary
    assert w.summary.heading.text() == "Routine complete"
    assert "3 of 3 exercise sides done" in w.summary.stats.text()
    assert w.summary.status.text() == "Saved to your history."
    (session,) = h.store.sessions()
    assert session.status.value == "completed" and session.parts_done == 3


def test_space_pauses_and_resumes(make_window, qtbot):
    """Space pauses: the phase word stays with PAUSED beside it, and the time stands still."""
    h = make_window()
    w = h.window
    start(h, qtbot)
    h.advance(qtbot, 5)
    qtbot.keyClick(w.player, Qt.Key.Key_Space)
    assert w.player.phase_label.text() == "GET READY"
    assert w.player.paused_label.isVisible() and w.player.paused_label.text() == "PAUSED"
    assert w.player.pause_button.text() == "Resume"
    h.advance(qtbot, 30)
    assert w.player.dial.text() == "10"
    qtbot.keyClick(w.player, Qt.Key.Key_Space)
    assert not w.player.paused_label.isVisible()
    assert w.player.phase_label.text() == "GET READY"
    h.advance(qtbot, 10)
    assert w.player.phase_label.text() == "HOLD"


def test_right_skips_and_left_goes_back(make_window, qtbot):
    h = make_window()
    w = h.window
    start(h, qtbot)
    qtbot.keyClick(w.player, Qt.Key.Key_Right)
    assert shown(w)[:3] == ("HOLD", "", "90")
    qtbot.keyClick(w.player, Qt.Key.Key_Right)
    assert shown(w)[:2] == ("GET READY", "LEFT SIDE")
    qtbot.keyClick(w.player, Qt.Key.Key_Left)
    assert shown(w)[:3] == ("HOLD", "", "90")
    h.advance(qtbot, 10)
    qtbot.keyClick(w.player, Qt.Key.Key_Left)  # 10 s in: restart the hold
    assert shown(w)[:3] == ("HOLD", "", "90")


def test_plus_adds_ten_seconds_and_r_restarts(make_window, qtbot):
    h = make_window()
    w = h.window
    start(h, qtbot)
    qtbot.keyClick(w.player, Qt.Key.Key_Right)
    h.advance(qtbot, 30)
    qtbot.keyClick(w.player, Qt.Key.Key_Plus)
    assert w.player.dial.text() == "70"
    qtbot.keyClick(w.player, Qt.Key.Key_R)
    assert shown(w)[:3] == ("GET READY", "", "15")


def test_manual_reps_with_enter(make_window, qtbot):
    """In manual-rep mode a paced rep waits, and Enter counts it."""
    r = routine(paced(n=2, sides=SidesMode.NONE, get_ready=5, tempo=(("up", 2), ("back", 2))),
                rid="paced-test")
    h = make_window(routines=[r])
    w = h.window
    start(h, qtbot, "paced-test")
    qtbot.mouseClick(w.player.manual_button, Qt.MouseButton.LeftButton)
    assert w.settings.manual_reps
    h.advance(qtbot, 5)
    assert shown(w) == ("UP", "", "2", "REP 1 / 2")
    h.advance(qtbot, 2)
    assert shown(w) == ("BACK", "", "2", "REP 1 / 2")
    h.advance(qtbot, 4)
    assert w.player.phase_label.text() == "REP DONE? ENTER"
    assert w.player.rep_button.isEnabled()
    qtbot.keyClick(w.player, Qt.Key.Key_Return)
    assert shown(w) == ("UP", "", "2", "REP 2 / 2")
    qtbot.keyClick(w.player, Qt.Key.Key_Enter)
    assert w.stack.currentWidget() is w.summary


def _answer_dialog(button_text: str) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            for b in box.buttons():
                if b.text() == button_text:
                    b.click()
                    return
        QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)


def test_escape_asks_and_can_keep_going(make_window, qtbot):
    h = make_window()
    w = h.window
    start(h, qtbot)
    h.advance(qtbot, 3)
    _answer_dialog("&Keep going")
    qtbot.keyClick(w.player, Qt.Key.Key_Escape)
    assert w.stack.currentWidget() is w.player
    assert w.player.phase_label.text() == "GET READY"


def test_escape_and_end_records_an_early_end(make_window, qtbot):
    r = routine(hold("a", seconds=20, get_ready=5), reps(n=2), rid="two")
    h = make_window(routines=[r])
    w = h.window
    start(h, qtbot, "two")
    h.advance(qtbot, 30)  # first exercise done, into the second's get ready
    _answer_dialog("&End session")
    qtbot.keyClick(w.player, Qt.Key.Key_Escape)
    assert w.stack.currentWidget() is w.summary
    assert w.summary.heading.text() == "Session ended early"
    (session,) = h.store.sessions()
    assert session.status.value == "ended_early" and session.parts_done == 1


def test_m_mutes_and_f_goes_fullscreen(make_window, qtbot):
    """M mutes; F goes fullscreen for this session only, hides the menu bar, and F11 leaves it."""
    h = make_window()
    w = h.window
    start(h, qtbot)
    qtbot.keyClick(w.player, Qt.Key.Key_M)
    assert h.settings.muted and w.player.mute_button.text() == "Unmute"
    qtbot.keyClick(w.player, Qt.Key.Key_F)
    assert w.menus.fullscreen.isChecked() and not h.settings.fullscreen
    assert w.player.full_button.text() == "Exit fullscreen" and not w.menuBar().isVisible()
    qtbot.keyClick(w.player, Qt.Key.Key_F11)
    assert not w.menus.fullscreen.isChecked() and w.menuBar().isVisible()
    assert w.player.full_button.text() == "Fullscreen"


def test_rating_and_note_are_saved(make_window, qtbot):
    """A rating is saved the moment it is chosen, a note as it is typed (no save button to miss)."""
    r = routine(hold("a", seconds=5, get_ready=5), rid="short")
    h = make_window(routines=[r])
    w = h.window
    start(h, qtbot, "short")
    h.advance(qtbot, 10)
    assert w.stack.currentWidget() is w.summary
    qtbot.mouseClick(w.summary.rating_buttons[7], Qt.MouseButton.LeftButton)
    (session,) = h.store.sessions()
    assert session.rating == 7 and w.summary.rating_buttons[7].isChecked()
    qtbot.keyClicks(w.summary.note, "Left hip tight")
    qtbot.waitUntil(lambda: h.store.sessions()[0].note == "Left hip tight", timeout=3000)
    assert w.summary.status.text() == "Rating and note saved."


def test_dose_adjuster_changes_the_plan_and_is_remembered(make_window, qtbot):
    h = make_window()
    w = h.window
    w.picker.select("level-1")
    row = w.picker.page.rows[0]
    box = row.editor.boxes["hold"]
    assert (box.minimum(), box.value(), box.maximum()) == (60, 90, 120)
    box.setValue(120)
    assert h.settings.doses["level-1"]["ir-hang"]["hold"] == 120
    assert "4 min 45 s" in w.picker.page.meta.text()
    start(h, qtbot)
    qtbot.keyClick(w.player, Qt.Key.Key_Right)
    assert w.player.dial.text() == "120"


def test_buttons_have_tooltips_and_accessible_names(make_window):
    w = make_window().window
    p = w.player
    for b, key in ((p.pause_button, "Space"), (p.skip_button, "Right"), (p.back_button, "Left"),
                   (p.restart_button, "R"), (p.add_button, "+"), (p.rep_button, "Enter"),
                   (p.mute_button, "M"), (p.full_button, "F"), (p.end_button, "Esc")):
        assert f"({key})" in b.toolTip() and b.accessibleName()


def test_paced_rep_animates_the_figure(make_window, qtbot):
    """During a paced rep the picture follows the tempo; during holds it stays still."""
    from hiptimer.core.display import rep_position

    r = routine(paced(n=2, sides=SidesMode.LEFT, get_ready=5, tempo=(("up", 2), ("back", 2))),
                rid="anim")
    h = make_window(routines=[r])
    w = h.window
    start(h, qtbot, "anim")
    assert not w.player._anim_timer.isActive()
    h.advance(qtbot, 6)
    assert w.player._anim_timer.isActive() and w.player.picture.has_image()
    phase = w.runner.engine.phase
    assert [rep_position(phase, t) for t in (0, 1, 2, 3, 4)] == [0, 0.5, 1, 0.5, 0]
