"""The player: what someone on the floor three metres away needs to see.

Large countdown, the phase word, the side in its own colour, rep and set,
the exercise and its picture, and during waits a "next up" card. The view
asks the engine for a snapshot on each change and sets only the texts that
differ, so a second flip repaints the dial and little else.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hiptimer import figures
from hiptimer.core.engine import Snapshot, State
from hiptimer.core.events import CueDue, PauseReason
from hiptimer.core.model import Side
from hiptimer.core.plan import Phase, PhaseKind, Plan
from hiptimer.ui import theme
from hiptimer.ui.runner import SessionRunner
from hiptimer.ui.widgets import CountdownDial, Illustration, ProgressLine

log = logging.getLogger(__name__)

_WAITS = (PhaseKind.GET_READY, PhaseKind.NEXT_EXERCISE, PhaseKind.REST, PhaseKind.SWITCH_SIDES)


def phase_word(phase: Phase, snap: Snapshot | None = None) -> str:
    """The big word for a phase: GET READY, HOLD, RELEASE, REST, SWITCH SIDES..."""
    kind = phase.kind
    if kind in (PhaseKind.GET_READY, PhaseKind.NEXT_EXERCISE):
        return "GET READY"
    if kind is PhaseKind.SWITCH_SIDES:
        return "SWITCH SIDES"
    if kind is PhaseKind.REST:
        return "REST"
    if kind is PhaseKind.HOLD:
        return "HOLD"
    if kind is PhaseKind.REP_HOLD:
        return phase.label or "HOLD"
    if kind is PhaseKind.REP_RELEASE:
        return phase.label or "RELEASE"
    if snap is not None and snap.waiting_for_rep:
        return "REP DONE? ENTER"
    if snap is not None and phase.tempo:
        stage = phase.stage_at(snap.elapsed_in_phase)
        if stage is not None:
            return stage[0].label.upper()
    return "MOVE"


def rep_position(phase: Phase, elapsed: float) -> float:
    """Where the figure is in a paced rep: 0 -> 1 over the first stage, back to 0 after."""
    if not phase.tempo:
        return 0.0
    out = phase.tempo[0].seconds
    back = sum(s.seconds for s in phase.tempo[1:])
    if elapsed <= out or back <= 0:
        return max(0.0, min(1.0, elapsed / max(out, 1e-9)))
    return max(0.0, 1.0 - (elapsed - out) / back)


def side_text(side: Side) -> str:
    return {Side.LEFT: "LEFT SIDE", Side.RIGHT: "RIGHT SIDE"}.get(side, "")


def clock_text(seconds: float) -> str:
    s = max(0, round(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


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
        self._muted = False
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(350)
        # Paced reps animate the figure between its start and end poses in
        # time with the tempo; nothing animates during holds.
        self._anim_timer = QTimer(self)
        self._anim_timer.setInterval(66)
        self._build()
        self._make_shortcuts()
        self._connect_signals()

    # -- construction --------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(18, 12, 18, 12)
        root.setSpacing(8)

        top = QHBoxLayout()
        self.exercise_label = QLabel()
        self.exercise_label.setObjectName("exerciseName")
        self.exercise_label.setWordWrap(True)
        self.set_label = QLabel()
        self.set_label.setObjectName("setCounter")
        self.set_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.exercise_label, 1)
        top.addWidget(self.set_label)
        root.addLayout(top)

        middle = QHBoxLayout()
        middle.setSpacing(24)
        left = QVBoxLayout()
        left.setSpacing(4)
        self.phase_label = QLabel()
        self.phase_label.setObjectName("phaseWord")
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side_label = QLabel()
        self.side_label.setObjectName("sideBadge")
        self.side_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dial = CountdownDial()
        self.rep_label = QLabel()
        self.rep_label.setObjectName("repCounter")
        self.rep_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left.addWidget(self.phase_label)
        left.addWidget(self.side_label, 0, Qt.AlignmentFlag.AlignHCenter)
        left.addWidget(self.dial, 1)
        left.addWidget(self.rep_label)
        self.then_label = QLabel()
        self.then_label.setObjectName("thenHint")
        self.then_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left.addWidget(self.then_label)
        middle.addLayout(left, 11)

        self.card = QFrame()
        self.card.setObjectName("infoCard")
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(16, 12, 16, 12)
        self.card_title = QLabel()
        self.card_title.setObjectName("cardTitle")
        self.card_name = QLabel()
        self.card_name.setObjectName("cardName")
        self.card_name.setWordWrap(True)
        self.picture = Illustration()
        self.card_text = QLabel()
        self.card_text.setObjectName("cardText")
        self.card_text.setWordWrap(True)
        self.card_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.card_text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        card.addWidget(self.card_title)
        card.addWidget(self.card_name)
        card.addWidget(self.picture, 3)
        card.addWidget(self.card_text, 2)
        middle.addWidget(self.card, 9)
        root.addLayout(middle, 1)

        bottom = QHBoxLayout()
        self.progress = ProgressLine()
        self.progress.setObjectName("routineProgress")
        self.progress.setAccessibleName("Routine progress")
        self.time_left_label = QLabel()
        self.time_left_label.setObjectName("timeLeft")
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.time_left_label)
        root.addLayout(bottom)

        self.notice_label = QLabel()
        self.notice_label.setObjectName("playerNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        root.addWidget(self.notice_label)

        controls = QHBoxLayout()
        controls.setSpacing(8)
        self.back_button = self._button("Back", "Left", "Back: restart this step, or go to the previous one")
        self.pause_button = self._button("Pause", "Space", "Pause or resume")
        self.skip_button = self._button("Skip", "Right", "Skip to the next step or side")
        self.restart_button = self._button("Restart exercise", "R", "Start this exercise again")
        self.add_button = self._button("+10 s", "+", "Add 10 seconds to this step")
        self.rep_button = self._button("Rep done", "Enter", "Count a rep (manual-rep mode)")
        self.manual_button = self._button("Count reps myself", "", "Manual-rep mode: each paced rep "
                                          "waits for Enter")
        self.manual_button.setCheckable(True)
        self.mute_button = self._button("Mute", "M", "Mute or unmute the sound cues")
        self.full_button = self._button("Fullscreen", "F", "Fullscreen on or off (F or F11)")
        self.end_button = self._button("End", "Esc", "End the session")
        for b in (self.back_button, self.pause_button, self.skip_button, self.restart_button,
                  self.add_button, self.rep_button, self.manual_button):
            controls.addWidget(b)
        controls.addStretch(1)
        for b in (self.mute_button, self.full_button, self.end_button):
            controls.addWidget(b)
        root.addLayout(controls)

    def _button(self, text: str, key: str, tip: str) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        b.setToolTip(f"{tip} ({key})" if key else tip)
        b.setAccessibleName(text)
        b.setAccessibleDescription(f"{tip}. Shortcut: {key}" if key else tip)
        b.setMinimumHeight(40)
        # Keys drive the session; keep Space and Enter away from button focus.
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return b

    def _make_shortcuts(self) -> None:
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self._shortcuts: list[QShortcut] = []
        table = [
            (("Space",), self._on_pause_clicked),
            (("Right",), self._on_skip_clicked),
            (("Left",), self._on_back_clicked),
            (("R",), self._on_restart_clicked),
            (("+", "=", "Shift+="), self._on_add_clicked),
            (("Return", "Enter"), self._on_rep_clicked),
            (("M",), self.mute_toggled.emit),
            (("F",), self.fullscreen_toggled.emit),  # F11 is the window's menu action
            (("Escape",), self.end_requested.emit),
        ]
        for keys, slot in table:
            for key in keys:
                sc = QShortcut(QKeySequence(key), self)
                sc.setContext(ctx)
                sc.activated.connect(slot)
                self._shortcuts.append(sc)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self._on_back_clicked)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.skip_button.clicked.connect(self._on_skip_clicked)
        self.restart_button.clicked.connect(self._on_restart_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.rep_button.clicked.connect(self._on_rep_clicked)
        self.manual_button.toggled.connect(self._on_manual_toggled)
        self.mute_button.clicked.connect(self.mute_toggled.emit)
        self.full_button.clicked.connect(self.fullscreen_toggled.emit)
        self.end_button.clicked.connect(self.end_requested.emit)
        self._flash_timer.timeout.connect(self._end_flash)
        self._anim_timer.timeout.connect(self._on_anim_tick)

    # -- session -------------------------------------------------------------
    def attach(self, runner: SessionRunner, plan: Plan) -> None:
        if self.runner is not None:
            for signal in (self.runner.ticked, self.runner.paused, self.runner.resumed):
                signal.disconnect(self)
        self.runner = runner
        self.plan = plan
        self.progress.setRange(0, max(1, plan.total_seconds))
        # One refresh per tick, however many events it carried.
        runner.ticked.connect(self._on_ticked)
        runner.paused.connect(self._on_paused)
        runner.resumed.connect(self._on_resumed)
        self.manual_button.blockSignals(True)
        self.manual_button.setChecked(runner.engine.manual_reps)
        self.manual_button.blockSignals(False)
        has_paced = any(p.kind is PhaseKind.PACED_REP for p in plan.phases)
        self.manual_button.setVisible(has_paced)
        self.rep_button.setVisible(has_paced)
        self.clear_notice()
        self.refresh()

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        self.mute_button.setText("Unmute" if muted else "Mute")
        self.mute_button.setAccessibleName("Unmute" if muted else "Mute")

    def show_notice(self, text: str) -> None:
        _set_text(self.notice_label, text)
        self.notice_label.setVisible(bool(text))

    def clear_notice(self) -> None:
        self.show_notice("")

    @Slot(str)
    def flash(self, cue: str = "") -> None:
        """A visible stand-in for a sound cue when there is no audio."""
        self.card.setProperty("flash", True)
        self.setProperty("flash", True)
        self.style().unpolish(self)
        self.style().polish(self)
        self._flash_timer.start()

    @Slot()
    def _end_flash(self) -> None:
        self.setProperty("flash", False)
        self.style().unpolish(self)
        self.style().polish(self)

    @Slot()
    def _on_ticked(self) -> None:
        self.refresh()

    @Slot(object)
    def _on_paused(self, event: object) -> None:
        if getattr(event, "reason", None) is PauseReason.SUSPEND:
            self.show_notice("Paused: the computer seemed to sleep. Press Space to carry on.")

    @Slot()
    def _on_resumed(self) -> None:
        self.clear_notice()

    def refresh(self) -> None:
        """Bring every label in line with the engine; touch only what changed."""
        if self.runner is None or self.plan is None:
            return
        snap = self.runner.engine.snapshot()
        phase = snap.phase
        if phase is None:
            return
        plan = self.plan
        ex = plan.routine.exercises[phase.exercise_index]
        paused = snap.state is State.PAUSED
        colour = theme.side_colour(phase.side)
        waiting = phase.kind in _WAITS

        _set_text(self.exercise_label, ex.name)
        word = "PAUSED" if paused else phase_word(phase, snap)
        _set_text(self.phase_label, word)
        self._style_phase(colour if not paused else QColor(theme.PAUSED), phase)
        if phase.kind is PhaseKind.SWITCH_SIDES:
            side = f"NOW: {side_text(phase.side)}"
        elif phase.kind is PhaseKind.REST and phase.side is not Side.NONE:
            side = f"NEXT: {side_text(phase.side)}"
        else:
            side = side_text(phase.side)
        _set_text(self.side_label, side)
        self.side_label.setVisible(bool(side))
        self._style_side(phase.side)

        shown = snap.seconds_left
        fraction = 0.0 if snap.waiting_for_rep else shown / max(1, phase.duration)
        if phase.kind is PhaseKind.PACED_REP and phase.tempo and not snap.waiting_for_rep:
            stage = phase.stage_at(snap.elapsed_in_phase)
            if stage is not None:
                shown = max(1, int(-(-stage[1] // 1)))
        text = "\u2713" if snap.waiting_for_rep else str(shown)
        self.dial.set_value(text, fraction, colour, dimmed=paused)

        rep = f"REP {phase.rep} / {phase.reps}" if phase.rep and phase.reps > 1 else ""
        if phase.kind is PhaseKind.REST:
            rep = f"Next: set {phase.set} of {phase.sets}"
        _set_text(self.rep_label, rep)
        _set_text(self.set_label, f"SET {phase.set} / {phase.sets}" if phase.sets > 1 else "")
        _set_text(self.then_label, self._then_text(phase))

        if waiting:
            _set_text(self.card_title, "NEXT UP")
            _set_text(self.card_name, ex.name + self._dose_suffix(phase))
            _set_text(self.card_text, ex.setup)
        else:
            _set_text(self.card_title, "HOW TO")
            _set_text(self.card_name, "")
            steps = "\n".join(f"\u2022 {s}" for s in ex.steps)
            if ex.form:
                steps += "\n\nKeep in mind: " + " ".join(ex.form)
            _set_text(self.card_text, steps)
        self.card_name.setVisible(bool(self.card_name.text()))
        animate = (phase.kind is PhaseKind.PACED_REP and not paused and not snap.waiting_for_rep
                   and figures.is_animated(ex.image))
        if animate:
            if not self._anim_timer.isActive():
                self._anim_timer.start()
        else:
            self._anim_timer.stop()
            self.picture.set_image(ex.image, phase.side, ex.name)

        self.progress.setValue(int(min(plan.total_seconds, snap.progress)))
        _set_text(self.time_left_label, f"{clock_text(snap.remaining_total)} left")
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setAccessibleName("Resume" if paused else "Pause")
        manual_now = self.runner.engine.manual_reps and phase.kind is PhaseKind.PACED_REP
        self.rep_button.setEnabled(manual_now)

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

    def _then_text(self, phase: Phase) -> str:
        """A quiet line saying what comes after this phase."""
        if self.plan is None:
            return ""
        if phase.index + 1 >= len(self.plan.phases):
            return "Then: finished"
        nxt = self.plan.phases[phase.index + 1]
        word = phase_word(nxt).capitalize()
        if nxt.kind is PhaseKind.PACED_REP:
            word = f"Rep {nxt.rep}"
        if nxt.exercise_index != phase.exercise_index:
            word = f"Next exercise: {self.plan.routine.exercises[nxt.exercise_index].name}"
        elif nxt.kind is PhaseKind.SWITCH_SIDES:
            word = f"Switch to the {nxt.side.value} side"
        elif nxt.side is not phase.side and nxt.side is not Side.NONE:
            word += f", {nxt.side.value} side"
        return f"Then: {word} ({nxt.duration} s)" if nxt.exercise_index == phase.exercise_index \
            else f"Then: {word}"

    def _dose_suffix(self, phase: Phase) -> str:
        if self.plan is None:
            return ""
        ex = self.plan.routine.exercises[phase.exercise_index]
        dose = self.plan.doses[phase.exercise_index].describe(ex)
        return f"  \u2014  {dose}"

    def _style_phase(self, colour: QColor, phase: Phase) -> None:
        sheet = f"color: {colour.name()};"
        if self.phase_label.styleSheet() != sheet:
            self.phase_label.setStyleSheet(sheet)

    def _style_side(self, side: Side) -> None:
        colour = theme.side_colour(side).name()
        text = "#10141A" if side is Side.RIGHT else "#FFFFFF"
        sheet = f"background: {colour}; color: {text}; border-radius: 10px; padding: 2px 18px;"
        if self.side_label.styleSheet() != sheet:
            self.side_label.setStyleSheet(sheet)

    # -- sizes follow the window, so it reads from across the room ------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        h = max(300, self.height())
        w = max(400, self.width())
        unit = min(h, w * 0.6)
        self._font(self.phase_label, unit * 0.11, bold=True)
        self._font(self.then_label, unit * 0.032)
        self._font(self.side_label, unit * 0.055, bold=True)
        self._font(self.rep_label, unit * 0.06, bold=True)
        self._font(self.exercise_label, unit * 0.05, bold=True)
        self._font(self.set_label, unit * 0.05, bold=True)
        self._font(self.card_title, unit * 0.03, bold=True)
        self._font(self.card_name, unit * 0.034, bold=True)
        self._font(self.card_text, max(14, unit * 0.027))
        self._font(self.time_left_label, unit * 0.035, bold=True)
        self.progress.setFixedHeight(max(10, int(unit * 0.02)))

    @staticmethod
    def _font(widget: QWidget, px: float, bold: bool = False) -> None:
        font = QFont(widget.font())
        font.setPixelSize(max(10, int(px)))
        font.setBold(bold)
        if font != widget.font():
            widget.setFont(font)

    # -- controls ------------------------------------------------------------
    @Slot()
    def _on_pause_clicked(self) -> None:
        if self.runner is not None:
            self.runner.toggle_pause()

    @Slot()
    def _on_skip_clicked(self) -> None:
        if self.runner is not None:
            self.runner.skip()

    @Slot()
    def _on_back_clicked(self) -> None:
        if self.runner is not None:
            self.runner.back()

    @Slot()
    def _on_restart_clicked(self) -> None:
        if self.runner is not None:
            self.runner.restart_exercise()

    @Slot()
    def _on_add_clicked(self) -> None:
        if self.runner is not None:
            self.runner.add_time(10)

    @Slot()
    def _on_rep_clicked(self) -> None:
        if self.runner is not None:
            self.runner.confirm_rep()

    @Slot(bool)
    def _on_manual_toggled(self, on: bool) -> None:
        if self.runner is not None:
            self.runner.set_manual_reps(on)
        self.manual_toggled.emit(on)
        self.refresh()

    def cue_flash_listener(self, event: CueDue) -> None:  # pragma: no cover - wired by the app
        self.flash(event.cue.value)
