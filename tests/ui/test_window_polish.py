"""The rough edges a user meets in the first hour, each checked through the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from hiptimer.storage.settings import Settings
from tests.factories import hold, routine


def test_the_first_window_fits_the_screen(make_window, qtbot):
    """A window restored larger than the screen is shrunk and moved into the free area."""
    h = make_window()
    w = h.window
    w.resize(4000, 3000)
    w.move(-500, -500)
    w.fit_to_screen()
    free = w.screen().availableGeometry()
    assert w.width() <= free.width() and w.height() <= free.height()
    assert free.contains(w.geometry().topLeft())


def test_volume_menu_ticks_the_nearest_level_and_offers_a_test_sound(make_window, qtbot):
    """A saved volume of 80 % ticks 75 % (one tick only); the menu has a test sound."""
    h = make_window(settings=Settings(disclaimer_seen=True, volume=80))
    w = h.window
    ticked = [a.text() for a in w.menus.volumes if a.isChecked()]
    assert ticked == ["75 %"]
    w.menus.volumes[3].trigger()
    assert [a.text() for a in w.menus.volumes if a.isChecked()] == ["100 %"]
    assert h.settings.volume == 100
    assert w.menus.test_sound.text().replace("&", "") == "Play a test sound"
    w.menus.test_sound.trigger()  # no audio in the harness: the status bar says why
    assert "No sound device" in w.statusBar().currentMessage()


def test_long_holds_step_by_five_seconds_and_show_their_range(make_window, qtbot):
    """A 60-120 s hold moves in 5 s steps and shows its range; a typed 200 is called out of range."""
    h = make_window()
    w = h.window
    w.picker.select("level-1")
    editor = w.picker.page.rows[0].editor
    box = editor.boxes["hold"]
    assert box.singleStep() == 5
    ranges = [c.text() for c in editor.findChildren(type(editor.warning)) if c.objectName() == "doseRange"]
    assert ranges == ["(60\u2013120 s)"]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "20")
    qtbot.keyClick(box, Qt.Key.Key_0)  # 200: refused by the box, and said so
    assert editor.warning.isVisible() and "60 to 120" in editor.warning.text()


def test_short_holds_step_by_one_second(make_window, qtbot):
    """A 3-5 s hold inside reps moves one second at a time."""
    h = make_window()
    w = h.window
    w.picker.select("level-2")
    assert w.picker.page.rows[0].editor.boxes["hold"].singleStep() == 1


def test_the_app_follows_the_system_colour_scheme(make_window, qtbot):
    """With the "system" theme, a change of the desktop's light/dark scheme is applied at once."""
    from PySide6.QtWidgets import QApplication

    from hiptimer.ui.theme import apply_theme

    app = QApplication.instance()
    hints = QGuiApplication.styleHints()
    try:
        apply_theme(app, "system")
        # What the platform sends when the desktop switches (offscreen Qt cannot switch itself).
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert app.property("hiptimer_dark") is True
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert app.property("hiptimer_dark") is False
        apply_theme(app, "dark")  # a chosen theme is kept whatever the desktop does
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert app.property("hiptimer_dark") is True
    finally:
        apply_theme(app, "light")


def test_text_from_a_routine_file_is_never_rich_text(make_window, qtbot):
    """HTML in a routine's summary shows as the characters typed, not as formatting."""
    from dataclasses import replace

    r = replace(routine(hold("a", seconds=5), rid="html"), summary="<b>bold</b> <img src='/etc/x.png'>")
    h = make_window(routines=[r])
    w = h.window
    w.picker.select("html")
    labels = [lbl for lbl in w.picker.page.body.findChildren(type(w.status_label))
              if "<b>bold</b>" in lbl.text()]
    assert labels and all(lbl.textFormat() == Qt.TextFormat.PlainText for lbl in labels)


def test_a_sound_notice_is_shown_once_not_at_every_start(monkeypatch):
    """The same sound notice (here: sound switched off) is told at the first start only."""
    from hiptimer.launch import build_audio

    monkeypatch.setenv("HIPTIMER_AUDIO_DISABLE", "simpleaudio,command")
    settings = Settings()
    first: list[str] = []
    audio = build_audio(settings, first)
    audio.close()
    second: list[str] = []
    audio = build_audio(settings, second)
    audio.close()
    assert len(first) == 1 and second == []
    assert not any(ch.isdigit() for ch in first[0])  # no error codes in what a person reads
