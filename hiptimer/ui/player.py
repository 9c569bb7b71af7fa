"""The player: what someone on the floor three metres away needs to see.

Large countdown, the phase word, the side in its own colour, rep and set,
what comes next, the exercise and its picture. What to show is decided by
:func:`hiptimer.core.display.present`; this view lays it out and paints it,
touching only the labels whose text changed, so a second flip repaints the
dial and little else. The exercise's card is :mod:`.exercise_card`, the
buttons and keys :mod:`.player_controls`, and the text that shrinks to fit
its room :mod:`.text_fit`.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMetaObject, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from hiptimer import figures
from hiptimer.core.display import PlayerDisplay, Tone, present, rep_position
from hiptimer.core.events import PauseReason
from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind, Plan
from hiptimer.ui import theme
from hiptimer.ui.exercise_card import ExerciseCard
from hiptimer.ui.labels import plain_label
from hiptimer.ui.player_controls import ADD, BACK, PAUSE, REP, RESTART, SKIP, PlayerControls
from hiptimer.ui.runner import SessionRunner
from hiptimer.ui.text_fit import set_pixel_font, shrink_to_width
from hiptimer.ui.widgets import CountdownDial, FlashOverlay, ProgressLine

log = logging.getLogger(__name__)

# Text sizes (font pixel size) as a share of the player's height, or of 0.6 x
# its width when that is smaller. Capital letters are about 0.72 of the pixel
# size, so every line someone reads from the floor stands at least 6 % of a
# 1366 x 768 window tall; the phase word is larger, the countdown largest.
SIZES = {
    "phase": 0.125,
    "side": 0.09,
    "rep": 0.09,
    "set": 0.09,
    "then": 0.088,
    "time_left": 0.09,
    "exercise": 0.06,
    "paused": 0.06,
    "card_title": 0.03,
    "card_name": 0.034,
    "card_text": 0.027,
}


def _set_text(label: QLabel, text: str) -> None:
    # Only touch Qt when the text really changes: keeps repaints (and the
    # per-second cost) down.
    if label.text() != text:
        label.setText(text)


class PlayerView(QWidget):
    end_requested = Signal()
    mute_toggled = Signal()
    fullscreen_toggled = Signal()
    manual_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlayerView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.runner: SessionRunner | None = None
        self.plan: Plan | None = None
        self.display: PlayerDisplay | None = None
        self._ticked: QMetaObject.Connection | None = None
        self._styles: dict[QObject, str] = {}
        self._then_px = self._info_px = 24
        # Paced reps animate the figure between its start and end poses in
        # time with the tempo; nothing animates during holds.
        self._anim_timer = QTimer(self)
        self._anim_timer.setInterval(66)
        self._build()
        self.overlay = FlashOverlay(self)
        self._connect_signals()

    # -- construction --------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(18, 10, 18, 10)
        root.setSpacing(6)

        top = QHBoxLayout()
        self.exercise_label = plain_label(name="exerciseName", wrap=True)
        self.set_label = plain_label(name="setCounter")
        self.set_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.exercise_label, 1)
        top.addWidget(self.set_label)
        root.addLayout(top)

        middle = QHBoxLayout()
        middle.setSpacing(24)
        left = QVBoxLayout()
        left.setSpacing(4)
        phase_row = QHBoxLayout()
        phase_row.setSpacing(16)
        self.phase_label = plain_label(name="phaseWord")
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paused_label = plain_label("PAUSED", name="pausedBadge")
        self.paused_label.hide()
        phase_row.addStretch(1)
        phase_row.addWidget(self.phase_label)
        phase_row.addWidget(self.paused_label, 0, Qt.AlignmentFlag.AlignVCenter)
        phase_row.addStretch(1)
        self.side_label = plain_label(name="sideBadge")
        self.side_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dial = CountdownDial()
        self.rep_label = plain_label(name="repCounter")
        self.rep_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Side and rep share a row, so the countdown keeps the most room.
        info_row = QHBoxLayout()
        info_row.setSpacing(24)
        info_row.addStretch(1)
        info_row.addWidget(self.side_label, 0, Qt.AlignmentFlag.AlignVCenter)
        info_row.addWidget(self.rep_label, 0, Qt.AlignmentFlag.AlignVCenter)
        info_row.addStretch(1)
        left.addLayout(phase_row)
        left.addLayout(info_row)
        left.addWidget(self.dial, 1)
        middle.addLayout(left, 11)

        self.card = ExerciseCard()
        self.card_title, self.card_name = self.card.title_label, self.card.name_label
        self.picture = self.card.picture
        middle.addWidget(self.card, 9)
        root.addLayout(middle, 1)

        self.then_label = plain_label(name="thenHint")
        self.then_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.then_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        root.addWidget(self.then_label)

        bottom = QHBoxLayout()
        self.progress = ProgressLine()
        self.progress.setObjectName("routineProgress")
        self.progress.setAccessibleName("Routine progress")
        self.time_left_label = plain_label(name="timeLeft")
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.time_left_label)
        root.addLayout(bottom)

        notice_row = QHBoxLayout()
        self.notice_label = plain_label(name="playerNotice", wrap=True)
        self.notice_button = QToolButton()
        self.notice_button.setObjectName("noticeAction")
        self.notice_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        notice_row.addWidget(self.notice_label, 1)
        notice_row.addWidget(self.notice_button)
        self.notice_label.hide()
        self.notice_button.hide()
        self._notice_action: object = None
        root.addLayout(notice_row)

        self.controls = PlayerControls(self)
        c = self.controls
        self.back_button, self.pause_button, self.skip_button = c.back_button, c.pause_button, c.skip_button
        self.restart_button, self.add_button, self.rep_button = c.restart_button, c.add_button, c.rep_button
        self.manual_button, self.mute_button = c.manual_button, c.mute_button
        self.full_button, self.end_button = c.full_button, c.end_button
        root.addLayout(self.controls.layout)

    def _connect_signals(self) -> None:
        self.controls.command.connect(self._on_command)
        self.controls.manual_toggled.connect(self._on_manual_toggled)
        self.controls.mute_toggled.connect(self.mute_toggled.emit)
        self.controls.fullscreen_toggled.connect(self.fullscreen_toggled.emit)
        self.controls.end_requested.connect(self.end_requested.emit)
        self.notice_button.clicked.connect(self._on_notice_action)
        self._anim_timer.timeout.connect(self._on_anim_tick)

    # -- session -------------------------------------------------------------
    def attach(self, runner: SessionRunner, plan: Plan) -> None:
        """Show a new session; any number of sessions may be attached in turn."""
        if self._ticked is not None:
            QObject.disconnect(self._ticked)
            self._ticked = None
        self.runner = runner
        self.plan = plan
        self.display = None
        self.progress.setRange(0, max(1, plan.total_seconds))
        # One refresh per tick, however many events it carried.
        self._ticked = runner.ticked.connect(self._on_ticked)
        self.controls.set_paced(any(p.kind is PhaseKind.PACED_REP for p in plan.phases),
                                runner.engine.manual_reps)
        self.clear_notice()
        self.refresh()

    def set_muted(self, muted: bool) -> None:
        self.mute_button.setText("Unmute" if muted else "Mute")
        self.mute_button.setAccessibleName("Unmute" if muted else "Mute")

    def set_fullscreen(self, on: bool) -> None:
        text = "Exit fullscreen" if on else "Fullscreen"
        self.full_button.setText(text)
        self.full_button.setAccessibleName(text)

    def show_notice(self, text: str, action: str = "", callback: object = None) -> None:
        """A line under the timer; with ``action``, a button that calls ``callback``."""
        _set_text(self.notice_label, text)
        self.notice_label.setVisible(bool(text))
        self._notice_action = callback
        self.notice_button.setText(action)
        self.notice_button.setVisible(bool(text and action and callback))

    def clear_notice(self) -> None:
        self.show_notice("")

    def notice(self) -> str:
        return self.notice_label.text()

    @Slot(object)
    def flash(self, tone: Tone = Tone.NEUTRAL) -> None:
        """A visible stand-in for a sound cue when there is no audio."""
        if self.isVisible():
            self.overlay.flash(theme.tone_colour(tone))

    @Slot()
    def _on_notice_action(self) -> None:
        if callable(self._notice_action):
            self._notice_action()

    @Slot()
    def _on_ticked(self) -> None:
        self.refresh()

    @Slot(object)
    def show_paused(self, reason: PauseReason) -> None:
        if reason is PauseReason.SUSPEND:
            self.show_notice("Paused: the computer seemed to sleep. Press Space to carry on.")
        self.refresh()

    @Slot()
    def show_resumed(self) -> None:
        if self.notice().startswith("Paused"):
            self.clear_notice()
        self.refresh()

    def refresh(self) -> None:
        """Bring every label in line with the engine; touch only what changed."""
        if self.runner is None or self.plan is None:
            return
        engine = self.runner.engine
        d = present(engine.snapshot(), self.plan, engine.manual_reps)
        if d is None:
            return
        self.display = d
        _set_text(self.exercise_label, d.exercise)
        _set_text(self.phase_label, d.phase_word)
        self.paused_label.setVisible(d.paused)
        tone = Tone.PAUSED if d.paused else d.phase_tone
        self._style(self.phase_label, f"color: {theme.tone_hex(tone)};")
        self.side_label.setVisible(bool(d.side))
        self._style(self.side_label, theme.badge_sheet(d.side_tone))
        self.dial.set_value(d.countdown, d.fraction, theme.tone_colour(tone), dimmed=d.paused)
        self.rep_label.setVisible(bool(d.rep))
        _set_text(self.set_label, d.set)
        if (self.then_label.text(), self.side_label.text(), self.rep_label.text()) != (d.then, d.side, d.rep):
            _set_text(self.then_label, d.then)
            _set_text(self.side_label, d.side)
            _set_text(self.rep_label, d.rep)
            self._fit_then()
        _set_text(self.card_title, d.card_title)
        _set_text(self.card_name, d.card_name)
        self.card.set_steps(d.card_text)
        self.card_name.setVisible(bool(d.card_name))
        if d.animate and figures.is_animated(d.image):
            if not self._anim_timer.isActive():
                self._anim_timer.start()
        else:
            self._anim_timer.stop()
            self.picture.set_image(d.image, d.image_side, d.exercise)
        self.progress.setValue(d.progress)
        self.progress.set_colour(theme.tone_colour(d.side_tone))
        _set_text(self.time_left_label, d.time_left)
        word = "Resume" if d.paused else "Pause"
        if self.pause_button.text() != word:
            self.pause_button.setText(word)
            self.pause_button.setAccessibleName(word)
        self.rep_button.setEnabled(d.manual_rep_now)

    @Slot()
    def _on_anim_tick(self) -> None:
        if self.runner is None or self.plan is None:
            self._anim_timer.stop()
            return
        snap = self.runner.engine.snapshot()
        phase = snap.phase
        if phase is None or phase.kind is not PhaseKind.PACED_REP or not phase.tempo:
            self._anim_timer.stop()
            return
        ex = self.plan.routine.exercises[phase.exercise_index]
        svg = figures.frame(ex.image, rep_position(phase, snap.elapsed_in_phase))
        if svg is None:
            self._anim_timer.stop()
            return
        if phase.side is Side.RIGHT:
            svg = figures.svg_for_side(svg, "right")
        self.picture.set_svg_text(svg)

    def _style(self, widget: QWidget, sheet: str) -> None:
        if self._styles.get(widget) != sheet:
            self._styles[widget] = sheet
            widget.setStyleSheet(sheet)

    # -- sizes follow the window, so it reads from across the room ------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())
        unit = min(max(240, self.height()), max(400, self.width()) * 0.6)
        labels = {
            "phase": self.phase_label, "side": self.side_label, "rep": self.rep_label,
            "set": self.set_label, "then": self.then_label, "time_left": self.time_left_label,
            "exercise": self.exercise_label, "paused": self.paused_label,
            "card_title": self.card_title, "card_name": self.card_name,
        }
        for key, label in labels.items():
            set_pixel_font(label, unit * SIZES[key], bold=key not in ("then",))
        self._then_px = max(10, int(unit * SIZES["then"]))
        self._info_px = max(10, int(unit * SIZES["side"]))
        self._fit_then()
        self.card.set_text_px(max(13, int(unit * SIZES["card_text"])))
        QTimer.singleShot(0, self.card.fit_steps)  # once the layout has given the card its size
        self.progress.setFixedHeight(max(10, int(unit * 0.022)))

    def _fit_then(self) -> None:
        """Long texts shrink to fit their row rather than being cut off or widening the window.

        The "Then:" line spans the player; the side badge and the rep share the
        left column.
        """
        column = max(100, int(self.width() * 11 / 20) - 60)
        shrink_to_width([self.then_label], self._then_px, max(100, self.width() - 40), bold=False)
        shrink_to_width([self.side_label, self.rep_label], self._info_px, column, bold=True, extra=60)

    # -- controls ------------------------------------------------------------
    @Slot(str)
    def _on_command(self, name: str) -> None:
        runner = self.runner
        if runner is None:
            return
        actions = {PAUSE: runner.toggle_pause, SKIP: runner.skip, BACK: runner.back,
                   RESTART: runner.restart_exercise, ADD: lambda: runner.add_time(10), REP: runner.confirm_rep}
        actions[name]()

    @Slot(bool)
    def _on_manual_toggled(self, on: bool) -> None:
        if self.runner is not None:
            self.runner.set_manual_reps(on)
        self.manual_toggled.emit(on)
        self.refresh()
