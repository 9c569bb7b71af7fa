"""A user's day through the whole window: several sessions in one window, pages in between.

These drive :class:`MainWindow` with clicks and key presses and the fake
clock, and keep the window between sessions, as a person does. The first
version of hiptimer passed every single-session test and still failed the
second Start of a run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox

from hiptimer.core.display import Tone
from hiptimer.core.model import SidesMode
from hiptimer.library.catalog import load_catalog
from hiptimer.ui import theme
from hiptimer.ui.keepawake import ScreenKeeper
from tests.factories import hold, reps, routine

ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"


def answer_dialog(button_text: str) -> None:
    """Click a button of the next modal message box, whenever it opens."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            for b in box.buttons():
                if b.text().replace("&", "") == button_text.replace("&", ""):
                    b.click()
                    return
        QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)


def window_key(qtbot, w, key, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    """A window-wide shortcut; the window is active again after a dialog, as under a window manager."""
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w, key, modifiers)


def start(h, qtbot, routine_id: str) -> None:
    w = h.window
    if w.stack.currentWidget() is not w.picker:
        window_key(qtbot, w, Qt.Key.Key_1)
    assert w.picker.select(routine_id)
    qtbot.mouseClick(w.picker.page.start_button, Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.player, "Start did not open the player"
    assert w.player.exercise_label.text() == w.ctx.catalog.get(routine_id).exercises[0].name


def play_to_end(h, qtbot, seconds: int) -> None:
    h.advance(qtbot, seconds + 1, step=1.0)
    assert h.window.stack.currentWidget() is h.window.summary


def total(routine_id: str) -> int:
    from hiptimer.core.plan import compile_plan

    return compile_plan(load_catalog().get(routine_id)).total_seconds


def back_to_routines(h, qtbot) -> None:
    qtbot.mouseClick(h.window.summary.done_button, Qt.MouseButton.LeftButton)
    assert h.window.stack.currentWidget() is h.window.picker


def test_a_day_of_use(make_window, qtbot):
    """Level 1 to the end, Level 2 ended early with a rating, History, a measurement, Level 3, quit."""
    h = make_window()
    w = h.window
    start(h, qtbot, "level-1")
    play_to_end(h, qtbot, total("level-1"))
    assert w.summary.heading.text() == "Routine complete"
    back_to_routines(h, qtbot)

    start(h, qtbot, "level-2")
    h.advance(qtbot, 40, step=1.0)
    answer_dialog("End session")
    qtbot.keyClick(w.player, Qt.Key.Key_Escape)
    assert w.summary.heading.text() == "Session ended early"
    qtbot.mouseClick(w.summary.rating_buttons[6], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(w.summary.note, "tight on the left")
    back_to_routines(h, qtbot)

    window_key(qtbot, w, Qt.Key.Key_H)
    assert w.stack.currentWidget().page is w.history_view
    assert w.history_view.model.rowCount() == 2
    qtbot.mouseClick(w.stack.currentWidget().back_button, Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.picker

    window_key(qtbot, w, Qt.Key.Key_M)
    page = w.rom_view.pages[0]
    for spin, value in ((page.left_spin, 31), (page.right_spin, 42)):
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, str(value))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.stack.currentWidget().back_button, Qt.MouseButton.LeftButton)

    start(h, qtbot, "level-3")
    play_to_end(h, qtbot, total("level-3"))
    back_to_routines(h, qtbot)
    w.close()
    assert not w.isVisible()

    sessions = sorted(h.store.sessions(), key=lambda s: s.id)
    assert [(s.routine_id, s.status.value) for s in sessions] == [
        ("level-1", "completed"), ("level-2", "ended_early"), ("level-3", "completed")]
    assert (sessions[1].rating, sessions[1].note) == (6, "tight on the left")
    (m,) = h.store.measurements()
    assert (m.left_deg, m.right_deg) == (31, 42)


@pytest.mark.parametrize("how", ["finished", "ended early"])
def test_start_again_after_a_session(make_window, qtbot, how):
    """A second and third Start in one window work, whether the session before finished or ended early."""
    r = routine(hold("a", seconds=5, get_ready=3), rid="short")
    r2 = routine(reps("b", n=2), rid="other")
    h = make_window(routines=[r, r2])
    w = h.window
    for rid in ("short", "other", "short"):
        start(h, qtbot, rid)
        if how == "finished":
            play_to_end(h, qtbot, 30)
        else:
            h.advance(qtbot, 2)
            answer_dialog("End session")
            qtbot.mouseClick(w.player.end_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: w.stack.currentWidget() is w.summary)
        back_to_routines(h, qtbot)
    assert [s.routine_id for s in sorted(h.store.sessions(), key=lambda s: s.id)] == ["short", "other", "short"]
    assert all(s.status.value != "running" for s in h.store.sessions())


def test_self_test_then_a_routine(make_window, qtbot):
    """The range-of-motion log first, then a routine: the routine starts and is recorded."""
    h = make_window()
    w = h.window
    window_key(qtbot, w, Qt.Key.Key_M)
    assert w.stack.currentWidget().page is w.rom_view
    qtbot.mouseClick(w.stack.currentWidget().back_button, Qt.MouseButton.LeftButton)
    start(h, qtbot, "level-1")
    play_to_end(h, qtbot, total("level-1"))
    assert h.store.sessions()[0].status.value == "completed"


def test_history_during_a_session_pauses_it_and_leads_back(make_window, qtbot):
    """Opening History mid-session pauses it; the back button returns to the paused session."""
    h = make_window()
    w = h.window
    start(h, qtbot, "level-1")
    h.advance(qtbot, 20)
    window_key(qtbot, w, Qt.Key.Key_H)
    frame = w.stack.currentWidget()
    assert frame.page is w.history_view
    assert w.runner.state.value == "paused"
    assert "session" in frame.back_button.text()
    seconds = w.player.dial.text()
    h.advance(qtbot, 30)
    qtbot.mouseClick(frame.back_button, Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.player
    assert w.player.dial.text() == seconds and w.player.paused_label.isVisible()
    qtbot.keyClick(w.player, Qt.Key.Key_Space)
    assert w.runner.state.value == "running"


def test_a_start_that_fails_leaves_no_running_session(make_window, qtbot):
    """If starting fails after the session row was written, the row is withdrawn and Start works again."""

    class BrokenKeeper(ScreenKeeper):
        broken = True

        def hold(self) -> None:
            if self.broken:
                raise OSError("inhibitor gone")

    h = make_window()
    w = h.window
    keeper = BrokenKeeper()
    w.ctx.keeper = keeper
    answer_dialog("OK")
    w.picker.select("level-1")
    qtbot.mouseClick(w.picker.page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert w.stack.currentWidget() is w.picker
    assert h.store.sessions() == []  # the withdrawn row is not a session anybody did
    assert h.store.recover_unfinished() == []
    keeper.broken = False
    start(h, qtbot, "level-1")
    assert w.runner.state.value == "running"


@pytest.mark.parametrize(("key", "modifiers", "text"), [
    (Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier, "+"),  # Shift+= on a US keyboard
    (Qt.Key.Key_Equal, Qt.KeyboardModifier.NoModifier, "="),
    (Qt.Key.Key_Plus, Qt.KeyboardModifier.KeypadModifier, "+"),
    (Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier, "+"),  # layouts with a + key
])
def test_plus_adds_ten_seconds_on_every_layout(make_window, qtbot, key, modifiers, text):
    """"+" adds 10 s however the keyboard produces it: Shift+=, =, the keypad or a + key."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    h = make_window()
    w = h.window
    start(h, qtbot, "level-1")
    qtbot.keyClick(w.player, Qt.Key.Key_Right)  # into the 90 s hold
    assert w.player.dial.text() == "90"
    # The key as the window system delivers it: the shortcut check first, then the press.
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(w.player, QKeyEvent(kind, key, modifiers, text))
    assert w.player.dial.text() == "100"


def test_going_back_over_a_skipped_side_and_doing_it_counts_as_done(make_window, qtbot):
    """Skip a side, go back, do it: the history says done, not skipped."""
    r = routine(hold("a", seconds=5, get_ready=3, sides=SidesMode.NONE), hold("b", seconds=5, get_ready=3),
                rid="two")
    h = make_window(routines=[r])
    w = h.window
    start(h, qtbot, "two")
    qtbot.keyClick(w.player, Qt.Key.Key_Right)  # get ready -> hold a
    qtbot.keyClick(w.player, Qt.Key.Key_Right)  # skip hold a
    qtbot.keyClick(w.player, Qt.Key.Key_Left)  # back to a
    qtbot.keyClick(w.player, Qt.Key.Key_Left)
    play_to_end(h, qtbot, 30)
    (session,) = h.store.sessions()
    statuses = {p.exercise_id: p.status.value for p in h.store.parts(session.id)}
    assert statuses == {"a": "done", "b": "done"}


def _pixel(w, widget) -> QColor:
    image = w.grab().toImage()
    point = widget.mapTo(w, QPoint(widget.width() // 2, 4))
    return QColor(image.pixel(point))


def test_with_no_sound_a_cue_flashes_the_whole_player(make_window, qtbot):
    """No audio: at a cue the whole width of the player washes with the phase colour."""
    r = routine(hold("a", seconds=10, get_ready=3), rid="short")
    h = make_window(routines=[r])
    w = h.window
    start(h, qtbot, "short")
    before = _pixel(w, w.player.then_label)
    h.advance(qtbot, 3.2, step=0.2)  # the GO cue at the start of the hold
    assert w.player.overlay.isVisible()
    during = _pixel(w, w.player.then_label)
    hue = theme.tone_colour(Tone.NEUTRAL)
    assert abs(during.hue() - hue.hue()) < 25 and during != before
    left_edge = QColor(w.grab().toImage().pixel(w.player.mapTo(w, QPoint(2, w.player.height() // 2))))
    assert abs(left_edge.hue() - hue.hue()) < 25
    qtbot.waitUntil(lambda: not w.player.overlay.isVisible(), timeout=2000)


class FailingAudio:
    """An audio layer that loses its device mid-session (calls back as the real one does)."""

    speech_engine, speech_reason, speech_options = "bundled", "no speech engine in this test", None

    def __init__(self) -> None:
        self.on_visual_cue = self.on_notice = self.on_backend_changed = None
        self.silent = False
        self.notice = self.notice_key = ""

    def handle(self, event) -> None:
        from hiptimer.core.events import CueDue

        if isinstance(event, CueDue) and not self.silent:
            self.silent = True
            self.on_backend_changed("silent", "device gone")
            self.on_notice("Sound stopped working, so cues will flash on screen instead.", "sound-lost")
            self.on_visual_cue(event)
        elif isinstance(event, CueDue):
            self.on_visual_cue(event)

    def set_options(self, **kw) -> None: ...
    def play_test(self) -> None: ...
    def prepare(self, plan, time_scale: float = 1.0) -> None: ...
    def set_speech(self, options) -> None: ...
    def test_voice(self) -> None: ...
    def speech_voices(self) -> list[str]:
        return []

    def wait_idle(self, timeout: float = 5.0) -> bool:
        return True

    def close(self) -> None: ...


def test_sound_lost_mid_session_is_told_and_cues_flash(make_window, qtbot):
    """When sound fails mid-session the player says so plainly and flashes cues from then on."""
    r = routine(hold("a", seconds=10, get_ready=3), rid="short")
    h = make_window(routines=[r], audio=FailingAudio())
    w = h.window
    start(h, qtbot, "short")
    h.advance(qtbot, 3.2, step=0.2)
    qtbot.waitUntil(lambda: "Sound stopped working" in w.player.notice())
    qtbot.waitUntil(w.player.overlay.isVisible, timeout=1000)
    assert w.runner.state.value == "running"


def test_time_scaled_sessions_are_stamped_with_real_time(make_window, qtbot):
    """A --time-scale session is marked as such and stamped with real wall-clock time, never the future."""
    from datetime import UTC, datetime, timedelta

    from hiptimer.core.clock import ScaledClock
    from tests.window_harness import TIME_SCALE

    r = routine(hold("a", seconds=600, get_ready=3), rid="long")
    h = make_window(routines=[r])
    w = h.window
    w.ctx.clock_factory = lambda: ScaledClock(TIME_SCALE)  # the real clock, 1000x faster
    before = datetime.now(UTC)
    start(h, qtbot, "long")
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.summary, timeout=10_000)
    (session,) = h.store.sessions()
    assert session.time_scale == TIME_SCALE
    assert before - timedelta(seconds=1) <= session.started_at <= session.ended_at
    assert session.ended_at - session.started_at < timedelta(seconds=30)  # not the 603 s played
    assert session.ended_at <= datetime.now(UTC) + timedelta(seconds=1)


# -- screen sizes -------------------------------------------------------------

SIZES = [(1024, 600), (1366, 768), (1920, 1080)]


def _visible_in_window(w, widget) -> bool:
    if not widget.isVisible():
        return False
    top_left = widget.mapTo(w, QPoint(0, 0))
    return (top_left.x() >= 0 and top_left.y() >= 0 and top_left.x() + widget.width() <= w.width()
            and top_left.y() + widget.height() <= w.height())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_control_is_on_screen(make_window, qtbot, size):
    """On a 1024x600 laptop (less a title bar and panel) and larger, every control can be reached."""
    h = make_window()
    w = h.window
    width, height = size[0], size[1] - 60  # a panel and a title bar
    w.resize(width, height)
    qtbot.waitUntil(lambda: w.height() <= height)
    w.picker.select("level-2")
    qtbot.wait(20)
    ARTEFACTS.mkdir(exist_ok=True)
    w.grab().save(str(ARTEFACTS / f"picker-{size[0]}x{size[1]}.png"))
    assert _visible_in_window(w, w.picker.page.start_button)
    start(h, qtbot, "level-2")
    h.advance(qtbot, 16)
    qtbot.waitUntil(lambda: not w.player.overlay.isVisible(), timeout=2000)
    w.grab().save(str(ARTEFACTS / f"player-{size[0]}x{size[1]}.png"))
    p = w.player
    for b in (p.back_button, p.pause_button, p.skip_button, p.restart_button, p.add_button,
              p.mute_button, p.full_button, p.end_button):
        assert _visible_in_window(w, b), b.text()
    for label in (p.phase_label, p.dial, p.time_left_label, p.then_label):
        assert _visible_in_window(w, label), label.objectName()


def test_text_reads_from_the_floor_at_1366x768(make_window, qtbot):
    """At 1366x768 the side, rep, set, next and time-left text are at least 6 % of the window height."""
    r = routine(reps("b", n=10, sets=2, rest=30), rid="reps")
    h = make_window(routines=[r])
    w = h.window
    w.resize(1366, 768)
    start(h, qtbot, "reps")
    h.advance(qtbot, 6)
    p = w.player
    assert p.side_label.text() == "LEFT SIDE" and p.rep_label.text() == "REP 1 / 10"
    heights = {name: label.fontMetrics().capHeight() / 0.72 / w.height()
               for name, label in (("side", p.side_label), ("rep", p.rep_label), ("set", p.set_label),
                                   ("then", p.then_label), ("time left", p.time_left_label))}
    assert min(heights.values()) >= 0.06, heights
    digits = p.dial.height() * 0.5 / w.height()
    phase = p.phase_label.font().pixelSize() / w.height()
    assert digits > phase > max(heights.values())


def test_release_has_its_own_colour_and_progress_follows_the_side(make_window, qtbot):
    """RELEASE is not drawn in the hold's colour; the progress bar takes the side's colour."""
    r = routine(reps("b", n=2, hold_s=4, release=3), rid="reps")
    h = make_window(routines=[r])
    w = h.window
    start(h, qtbot, "reps")
    qtbot.keyClick(w.player, Qt.Key.Key_Right)  # past the get ready, into the first hold
    hold_sheet = w.player.phase_label.styleSheet()
    assert w.player.phase_label.text() == "HOLD"
    assert w.player.progress.colour() == theme.tone_colour(Tone.LEFT)
    h.advance(qtbot, 4)
    assert w.player.phase_label.text() == "RELEASE"
    assert w.player.phase_label.styleSheet() != hold_sheet
    assert theme.tone_hex(Tone.RELEASE) in w.player.phase_label.styleSheet()


def test_the_moments_worth_a_desktop_notification_are_announced(make_window, qtbot):
    """Switching sides, the next exercise and the end reach the window (for notifications when covered)."""
    from hiptimer.core.events import Cue, CueDue, Finished

    r = routine(reps("b", n=1), hold("a", seconds=5, get_ready=3), rid="two")
    h = make_window(routines=[r])
    w = h.window
    moments = []
    w.session.moment.connect(lambda event, routine: moments.append(event))
    start(h, qtbot, "two")
    play_to_end(h, qtbot, 40)
    kinds = [e.cue for e in moments if isinstance(e, CueDue)]
    assert kinds == [Cue.SWITCH_SIDES, Cue.NEXT_EXERCISE]
    assert isinstance(moments[-1], Finished)


def test_alt_left_goes_back_from_history_and_the_range_of_motion_log(make_window, qtbot):
    """The side pages' back button answers Alt+Left, as its tooltip says."""
    from PySide6.QtCore import Qt

    w = make_window().window
    for open_page in (w.menus.history, w.menus.rom):
        open_page.trigger()
        assert w.stack.currentWidget() is not w.picker
        qtbot.keyClick(w.stack.currentWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: w.stack.currentWidget() is w.picker)
