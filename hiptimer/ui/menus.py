"""The window's menus: every action, built once, with its shortcut and check state.

The window connects the actions to its slots; nothing here decides what an
action does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QActionGroup

    from hiptimer.storage.settings import Settings

VOLUME_LEVELS = (25, 50, 75, 100)
QUIT_KEYS = "quit"  # the platform's own Quit keys (QKeySequence.StandardKey.Quit)


class Menus:
    """File, View, Sound, Plan and Help, on ``window``'s menu bar.

    Made in two steps: the constructor puts the five menu titles on the bar
    (all the first frame shows of them), and :meth:`finish`, once that frame
    is on screen, fills them with their actions, check states and keys.
    Nobody can open a menu before then: the first events after the paint
    are handled only once :meth:`finish` has run.
    """

    export_csv: QAction
    export_json: QAction
    import_json: QAction
    quit: QAction
    report: QAction
    routines: QAction
    history: QAction
    rom: QAction
    fullscreen: QAction
    always_fullscreen: QAction
    notifications: QAction
    mute: QAction
    voice: QAction
    beeps: QAction
    volume_group: QActionGroup
    volumes: list[QAction]
    test_sound: QAction
    edit_plan: QAction
    about: QAction

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.view_menu = bar.addMenu("&View")
        self.sound_menu = bar.addMenu("&Sound")
        self.plan_menu = bar.addMenu("&Plan")
        self.help_menu = bar.addMenu("&Help")

    def finish(self, settings: Settings) -> None:
        """Every action, with ``settings``' check states and its keys."""
        from PySide6.QtGui import QAction, QActionGroup, QKeySequence

        window = self.window

        def action(text: str, shortcut: str = "", *, checked: bool | None = None,
                   tip: str = "") -> QAction:
            a = QAction(text, window)
            if shortcut:
                quit_keys = shortcut == QUIT_KEYS
                a.setShortcut(QKeySequence.StandardKey.Quit if quit_keys else QKeySequence(shortcut))
            if checked is not None:
                a.setCheckable(True)
                a.setChecked(checked)
            if tip:
                a.setToolTip(tip)
            return a

        file_menu = self.file_menu
        self.export_csv = action("Export history as &CSV\u2026")
        self.export_json = action("Export history as &JSON\u2026")
        self.import_json = action("&Import history from JSON\u2026")
        self.quit = action("&Quit", QUIT_KEYS)
        for a in (self.export_csv, self.export_json, self.import_json):
            file_menu.addAction(a)
        file_menu.addSeparator()
        self.report = action("&Report for your physical therapist\u2026",
                             tip="A printable PDF of a period: plan, adherence, sessions, pain, motion")
        file_menu.addAction(self.report)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)

        view_menu = self.view_menu
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

        sound_menu = self.sound_menu
        self.mute = action("&Mute", checked=settings.muted)
        self.voice = action("Spoken &cues", checked=settings.voice)
        self.beeps = action("Countdown &beeps", checked=settings.countdown_beeps)
        for a in (self.mute, self.voice, self.beeps):
            sound_menu.addAction(a)
        volume_menu = sound_menu.addMenu("&Volume")
        self.volume_group = QActionGroup(window)
        self.volume_group.setExclusive(True)
        self.volumes = []
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

        plan_menu = self.plan_menu
        self.edit_plan = action("&Edit plan\u2026",
                                tip="Your path, days, time, re-test interval and reminders")
        plan_menu.addAction(self.edit_plan)

        help_menu = self.help_menu
        self.about = action("&About hiptimer")
        help_menu.addAction(self.about)
