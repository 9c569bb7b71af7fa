"""The player's buttons and keys.

Every control is a button (with its key in the tooltip) and a key; both say
what the person asked for through one signal. Buttons never take focus, so
Space and Enter always reach the session.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QToolButton, QWidget

from hiptimer.ui.flow import FlowLayout

# Session commands, as SessionRunner method names the player maps to calls.
PAUSE, SKIP, BACK, RESTART, ADD, REP = "pause", "skip", "back", "restart", "add", "rep"

# "+" and "=" are not shortcuts: whether Qt matches "+" to Shift+= depends on
# the platform's key mapper, and registering both "+" and "Shift+=" makes them
# ambiguous on a US layout. ``AddKeys`` takes them, with or without Shift or
# the keypad.
ADD_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal)


def _button(text: str, key: str, tip: str) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    b.setToolTip(f"{tip} ({key})" if key else tip)
    b.setAccessibleName(text)
    b.setAccessibleDescription(f"{tip}. Shortcut: {key}" if key else tip)
    b.setMinimumHeight(40)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return b


class PlayerControls(QObject):
    """The buttons (in a layout that wraps on small screens) and the shortcuts on ``host``."""

    command = Signal(str)  # PAUSE, SKIP, BACK, RESTART, ADD, REP
    manual_toggled = Signal(bool)
    mute_toggled = Signal()
    fullscreen_toggled = Signal()
    end_requested = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.layout = FlowLayout(spacing=8)
        self.back_button = _button("Back", "Left", "Back: restart this step, or go to the previous one")
        self.pause_button = _button("Pause", "Space", "Pause or resume")
        self.skip_button = _button("Skip", "Right", "Skip to the next step or side")
        self.restart_button = _button("Restart exercise", "R", "Start this exercise again")
        self.add_button = _button("+10 s", "+", "Add 10 seconds to this step")
        self.rep_button = _button("Rep done", "Enter", "Count a rep (manual-rep mode)")
        self.manual_button = _button("Count reps myself", "", "Manual-rep mode: each paced rep waits for Enter")
        self.manual_button.setCheckable(True)
        self.mute_button = _button("Mute", "M", "Mute or unmute the sound cues")
        self.full_button = _button("Fullscreen", "F", "Fullscreen on or off (F or F11)")
        self.end_button = _button("End", "Esc", "End the session")
        for b in (self.back_button, self.pause_button, self.skip_button, self.restart_button,
                  self.add_button, self.rep_button, self.manual_button):
            self.layout.addWidget(b)
        self.layout.add_right_group()
        for b in (self.mute_button, self.full_button, self.end_button):
            self.layout.addWidget(b)

        for button, name in ((self.back_button, BACK), (self.pause_button, PAUSE), (self.skip_button, SKIP),
                             (self.restart_button, RESTART), (self.add_button, ADD), (self.rep_button, REP)):
            button.clicked.connect(lambda _checked=False, name=name: self.command.emit(name))
        self.manual_button.toggled.connect(self.manual_toggled.emit)
        self.mute_button.clicked.connect(self.mute_toggled.emit)
        self.full_button.clicked.connect(self.fullscreen_toggled.emit)
        self.end_button.clicked.connect(self.end_requested.emit)

        keys: list[tuple[tuple[str, ...], object]] = [
            (("Space",), lambda: self.command.emit(PAUSE)),
            (("Right",), lambda: self.command.emit(SKIP)),
            (("Left",), lambda: self.command.emit(BACK)),
            (("R",), lambda: self.command.emit(RESTART)),
            (("Return", "Enter"), lambda: self.command.emit(REP)),
            (("M",), self.mute_toggled.emit),
            (("F",), self.fullscreen_toggled.emit),  # F11 is the window's menu action
            (("Escape",), self.end_requested.emit),
        ]
        self._shortcuts: list[QShortcut] = []
        for sequence, slot in keys:
            for key in sequence:
                sc = QShortcut(QKeySequence(key), host)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(slot)
                self._shortcuts.append(sc)
        host.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Claim + and = before any shortcut can, then take the key press itself.
        if isinstance(event, QKeyEvent) and event.key() in ADD_KEYS and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.command.emit(ADD)
                return True
        return super().eventFilter(watched, event)

    def set_paced(self, has_paced: bool, manual: bool) -> None:
        """Show the rep buttons only for routines with paced reps."""
        self.manual_button.blockSignals(True)
        self.manual_button.setChecked(manual)
        self.manual_button.blockSignals(False)
        self.manual_button.setVisible(has_paced)
        self.rep_button.setVisible(has_paced)
