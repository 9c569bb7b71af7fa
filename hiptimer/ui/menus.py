"""The window's menus: every action, built once, with its shortcut and check state.

The window connects the actions to its slots; nothing here decides what an
action does.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow

from hiptimer.storage.settings import Settings

VOLUME_LEVELS = (25, 50, 75, 100)


class Menus:
    """File, View, Sound, Plan and Help, on ``window``'s menu bar."""

    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        bar = window.menuBar()

        def action(text: str, shortcut: str | QKeySequence.StandardKey = "", *, checked: bool | None = None,
                   tip: str = "") -> QAction:
            a = QAction(text, window)
            if shortcut:
                a.setShortcut(shortcut)
            if checked is not None:
                a.setCheckable(True)
                a.setChecked(checked)
            if tip:
                a.setToolTip(tip)
            return a

        file_menu = bar.addMenu("&File")
        self.export_csv = action("Export history as &CSV\u2026")
        self.export_json = action("Export history as &JSON\u2026")
        self.import_json = action("&Import history from JSON\u2026")
        self.quit = action("&Quit", QKeySequence.StandardKey.Quit)
        for a in (self.export_csv, self.export_json, self.import_json):
            file_menu.addAction(a)
        file_menu.addSeparator()
        self.report = action("&Report for your physical therapist\u2026",
                             tip="A printable PDF of a period: plan, adherence, sessions, pain, motion")
        file_menu.addAction(self.report)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)

        view_menu = bar.addMenu("&View")
        self.routines = action("&Routines", "Ctrl+1")
        self.history = action("&History", "Ctrl+H")
        self.rom = action("Range of &motion log", "Ctrl+M")
        self.fullscreen = action("&Fullscreen", "F11", checked=False)
        self.always_fullscreen = action("Start sessions in f&ullscreen", checked=settings.fullscreen)
        self.notifications = action(
            "&Notify me when the window is covered", checked=settings.notifications,
            tip="During a session, a desktop notification at the next exercise, at each switch of "
                "sides and at the end")
        for a in (self.routines, self.history, self.rom):
            view_menu.addAction(a)
        view_menu.addSeparator()
        view_menu.addAction(self.fullscreen)
        view_menu.addAction(self.always_fullscreen)
        view_menu.addSeparator()
        view_menu.addAction(self.notifications)
        # Shortcuts of a hidden menu bar still work in fullscreen: keep them on the window.
        for a in (self.routines, self.history, self.rom, self.fullscreen, self.quit):
            window.addAction(a)

        sound_menu = bar.addMenu("&Sound")
        self.sound_menu = sound_menu
        self.mute = action("&Mute", checked=settings.muted)
        self.voice = action("Spoken &cues", checked=settings.voice)
        self.beeps = action("Countdown &beeps", checked=settings.countdown_beeps)
        for a in (self.mute, self.voice, self.beeps):
            sound_menu.addAction(a)
        volume_menu = sound_menu.addMenu("&Volume")
        self.volume_group = QActionGroup(window)
        self.volume_group.setExclusive(True)
        self.volumes: list[QAction] = []
        nearest = min(VOLUME_LEVELS, key=lambda v: abs(v - settings.volume))
        for level in VOLUME_LEVELS:
            a = action(f"{level} %", checked=level == nearest)
            a.setData(level)
            self.volume_group.addAction(a)
            volume_menu.addAction(a)
            self.volumes.append(a)
        volume_menu.addSeparator()
        self.test_sound = action("Play a &test sound")
        volume_menu.addAction(self.test_sound)

        plan_menu = bar.addMenu("&Plan")
        self.edit_plan = action("&Edit plan\u2026",
                                tip="Your path, days, time, re-test interval and reminders")
        plan_menu.addAction(self.edit_plan)

        help_menu = bar.addMenu("&Help")
        self.about = action("&About hiptimer")
        help_menu.addAction(self.about)
