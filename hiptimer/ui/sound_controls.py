"""What the Sound menu and the player's Mute button do."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot

from hiptimer.ui.context import AppContext
from hiptimer.ui.menus import Menus

log = logging.getLogger(__name__)


class SoundControls(QObject):
    """Keeps the settings, the audio layer and the menu's check marks in step."""

    def __init__(self, ctx: AppContext, menus: Menus, *, on_muted: Callable[[bool], None],
                 say: Callable[[str], None], save: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.menus = menus
        self._on_muted = on_muted
        self._say = say
        self._save = save
        for a in (menus.mute, menus.voice, menus.beeps):
            a.toggled.connect(self._on_changed)
        for a in menus.volumes:
            a.triggered.connect(self._on_volume_chosen)
        menus.test_sound.triggered.connect(self._on_test_sound)

    @Slot()
    def toggle_mute(self) -> None:
        self.menus.mute.setChecked(not self.menus.mute.isChecked())

    @Slot()
    def _on_changed(self) -> None:
        s = self.ctx.settings
        s.muted = self.menus.mute.isChecked()
        s.voice = self.menus.voice.isChecked()
        s.countdown_beeps = self.menus.beeps.isChecked()
        self._on_muted(s.muted)
        self._apply()
        self._save()

    @Slot()
    def _on_volume_chosen(self) -> None:
        action = self.menus.volume_group.checkedAction()
        if action is not None:
            self.ctx.settings.volume = int(action.data())
            self._apply()
            self._save()

    @Slot()
    def _on_test_sound(self) -> None:
        audio = self.ctx.audio
        if audio is None:
            self._say("No sound device: cues flash on screen instead.")
            return
        # The audio layer looks for a device again when it has none, and says
        # why if there still is none.
        audio.play_test()
        if audio.silent:
            self._say("No sound device: cues flash on screen instead.")

    def _apply(self) -> None:
        audio = self.ctx.audio
        if audio is None:
            return
        s = self.ctx.settings
        try:
            audio.set_options(volume=s.volume, muted=s.muted, voice=s.voice, beeps=s.countdown_beeps)
        except Exception:
            log.exception("Could not apply sound settings")
