"""What the user chose for sound: volume, mute, voice, countdown beeps."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AudioOptions:
    """The sound settings; applied to a running scheduler with ``set_options``."""

    volume: int = 80  # 0-100
    muted: bool = False
    voice: bool = True
    countdown_beeps: bool = True

    def normalised(self) -> AudioOptions:
        """A copy with the volume clamped to 0-100 and the flags made bools."""
        try:
            volume = max(0, min(100, int(self.volume)))
        except (TypeError, ValueError):
            volume = AudioOptions.volume
        if volume != self.volume:
            log.warning("Audio volume %r out of range; using %d", self.volume, volume)
        return replace(self, volume=volume, muted=bool(self.muted), voice=bool(self.voice),
                       countdown_beeps=bool(self.countdown_beeps))

    @property
    def silent(self) -> bool:
        """Nothing should sound: muted, or the volume is at zero."""
        return self.muted or self.volume == 0

    def updated(self, *, volume: int | None = None, muted: bool | None = None,
                voice: bool | None = None, beeps: bool | None = None) -> AudioOptions:
        """A copy with the given fields changed (None keeps a field), normalised."""
        changes: dict[str, object] = {}
        if volume is not None:
            changes["volume"] = volume
        if muted is not None:
            changes["muted"] = muted
        if voice is not None:
            changes["voice"] = voice
        if beeps is not None:
            changes["countdown_beeps"] = beeps
        return replace(self, **changes).normalised()  # type: ignore[arg-type]
