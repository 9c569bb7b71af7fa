"""The Sound menu's Voice submenu: what is spoken, with which voice, how fast and how loud.

Presets (Off, Essential cues, Cues and names, Full coaching), a voice
chooser, the speaking rate, the speech volume relative to the beeps, "Test
voice", and a line naming the engine in use (its tooltip says why). The
choices go to the settings file and to the audio layer at once.

The old "Spoken cues" switch stays as the Sound menu's hidden master switch:
the preset Off unchecks it and any other preset checks it, so the settings'
``voice`` flag and the audio layer's voice option follow the preset.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from hiptimer.audio.speech.options import PRESET_LABELS, Preset, SpeechOptions
from hiptimer.ui.context import AppContext
from hiptimer.ui.menus import Menus

log = logging.getLogger(__name__)

RATES = (("&Slower", 125), ("&Normal", 150), ("&Faster", 180))
SPEECH_VOLUMES = (50, 75, 100)
ENGINE_NAMES = {"espeak-ng": "espeak-ng", "piper": "Piper", "say": "macOS voice",
                "sapi": "Windows voice", "bundled": "built-in phrases"}


def speech_options(ctx: AppContext) -> SpeechOptions:
    """The speech settings as the audio layer takes them."""
    s = ctx.settings
    return SpeechOptions.from_values(preset=s.speech_preset if s.voice else "off",
                                     voice=s.speech_voice, rate=s.speech_rate,
                                     volume=s.speech_volume, engine=s.speech_engine,
                                     piper_model=s.piper_model)


class VoiceMenu(QObject):
    """Builds the Voice submenu in place of "Spoken cues" and keeps it, the settings
    and the audio layer in step."""

    def __init__(self, ctx: AppContext, menus: Menus, *, window: QWidget,
                 save: Callable[[], None], say: Callable[[str], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.menus = menus
        self._window = window
        self._save = save
        self._say = say
        s = ctx.settings
        sound = menus.sound_menu
        self.menu = QMenu("&Voice", sound)
        sound.insertMenu(menus.voice, self.menu)
        menus.voice.setVisible(False)  # the preset Off stands for it

        self.engine = QAction("", self.menu)
        self.engine.setEnabled(False)
        self.menu.addAction(self.engine)
        self.menu.addSeparator()
        self.preset_group, actions = _choices(self.menu, [(PRESET_LABELS[p], p.value) for p in Preset],
                                              speech_options(ctx).preset.value)
        self.presets: dict[Preset, QAction] = dict(zip(Preset, actions, strict=True))
        self.menu.addSeparator()
        self.choose_voice = QAction("&Choose voice\u2026", self.menu)
        self.menu.addAction(self.choose_voice)
        rate_menu = self.menu.addMenu("Speaking &rate")
        nearest = min((r for _, r in RATES), key=lambda r: abs(r - s.speech_rate))
        self.rate_group, self.rates = _choices(
            rate_menu, [(f"{label} ({rate} words a minute)", rate) for label, rate in RATES], nearest)
        volume_menu = self.menu.addMenu("Speech &volume")
        nearest = min(SPEECH_VOLUMES, key=lambda v: abs(v - s.speech_volume))
        self.volume_group, self.volumes = _choices(
            volume_menu, [(f"{level} % of the beeps", level) for level in SPEECH_VOLUMES], nearest)
        self.menu.addSeparator()
        self.test_voice = QAction("&Test voice", self.menu)
        self.menu.addAction(self.test_voice)
        self._connect_signals()
        self.refresh_engine()

    def _connect_signals(self) -> None:
        self.preset_group.triggered.connect(self._on_preset)
        self.rate_group.triggered.connect(self._on_rate)
        self.volume_group.triggered.connect(self._on_volume)
        self.choose_voice.triggered.connect(self._on_choose_voice)
        self.test_voice.triggered.connect(self._on_test_voice)
        self.menu.aboutToShow.connect(self.refresh_engine)
        self.menus.voice.toggled.connect(self._on_master_toggled)

    # -- state ----------------------------------------------------------------
    @Slot()
    def refresh_engine(self) -> None:
        """Name the engine in use; its tooltip says why (also logged at start-up)."""
        audio = self.ctx.audio
        name = audio.speech_engine if audio is not None else "none"
        reason = audio.speech_reason if audio is not None else "no sound"
        label = ENGINE_NAMES.get(name, name)
        self.engine.setText(f"Speaking with: {label}" if audio is not None else "No sound")
        self.engine.setToolTip(reason)
        self.engine.setStatusTip(reason)
        self.menu.setToolTipsVisible(True)

    @Slot(bool)
    def _on_master_toggled(self, on: bool) -> None:
        # "Spoken cues" changed elsewhere (e.g. an older shortcut): show it as a preset.
        preset = speech_options(self.ctx).preset
        self.presets[preset if on else Preset.OFF].setChecked(True)

    # -- choices --------------------------------------------------------------
    @Slot(QAction)
    def _on_preset(self, action: QAction) -> None:
        preset = Preset(str(action.data()))
        s = self.ctx.settings
        if preset is not Preset.OFF:
            s.speech_preset = preset.value
        # The master switch follows; SoundControls saves it and tells the audio layer.
        self.menus.voice.setChecked(preset is not Preset.OFF)
        self._apply()

    @Slot(QAction)
    def _on_rate(self, action: QAction) -> None:
        self.ctx.settings.speech_rate = int(action.data())
        self._apply()

    @Slot(QAction)
    def _on_volume(self, action: QAction) -> None:
        self.ctx.settings.speech_volume = int(action.data())
        self._apply()

    @Slot()
    def _on_choose_voice(self) -> None:
        audio = self.ctx.audio
        voices = audio.speech_voices() if audio is not None else []
        if not voices:
            self._say("This speech engine offers no other voices.")
            return
        default = "(the engine's default)"
        items = [default, *voices]
        current = self.ctx.settings.speech_voice
        index = items.index(current) if current in items else 0
        chosen, ok = QInputDialog.getItem(self._window, "Voice", "Voice for the spoken cues:",
                                          items, index, False)
        if ok:
            self.ctx.settings.speech_voice = "" if chosen == default else chosen
            self._apply()

    @Slot()
    def _on_test_voice(self) -> None:
        audio = self.ctx.audio
        if audio is None:
            self._say("No sound device: cues flash on screen instead.")
            return
        audio.test_voice()

    def _apply(self) -> None:
        self._save()
        audio = self.ctx.audio
        if audio is None:
            return
        try:
            audio.set_speech(speech_options(self.ctx))
        except Exception:
            log.exception("Could not apply the speech settings")


def _choices(menu: QMenu, items: Sequence[tuple[str, object]],
             chosen: object) -> tuple[QActionGroup, list[QAction]]:
    """One checkable action per (label, value) in ``menu``, as a group; ``chosen``'s is ticked."""
    group = QActionGroup(menu)
    actions = []
    for label, value in items:
        a = QAction(label, menu)
        a.setCheckable(True)
        a.setChecked(value == chosen)
        a.setData(value)
        group.addAction(a)
        menu.addAction(a)
        actions.append(a)
    return group, actions
