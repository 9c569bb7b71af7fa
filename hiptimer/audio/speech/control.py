"""The speech half of :class:`~hiptimer.audio.scheduler.CueScheduler`'s CueService methods.

A mixin, so the scheduler module stays about its thread: these only hand
work to the :class:`~hiptimer.audio.speech.layer.Speech` layer (or post to
the playback thread's inbox) and return at once, from any thread.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiptimer.audio.options import AudioOptions
    from hiptimer.audio.speech.layer import Speech
    from hiptimer.audio.speech.options import SpeechOptions
    from hiptimer.core.plan import Plan

log = logging.getLogger(__name__)


class _VoiceTest:
    """The inbox item for :meth:`SpeechControl.test_voice`."""


class SpeechControl:
    """prepare, set_speech, test_voice and the speech properties of the CueService."""

    _speech: Speech | None

    def _post(self, item: _VoiceTest) -> None:  # provided by the scheduler
        raise NotImplementedError

    def set_options(self, options: AudioOptions | None = None, *, volume: int | None = None,
                    muted: bool | None = None, voice: bool | None = None,
                    beeps: bool | None = None) -> None:  # provided by the scheduler
        raise NotImplementedError

    def prepare(self, plan: Plan | None, time_scale: float = 1.0) -> None:
        """Render the session's phrases ahead, first exercise first; returns at once."""
        try:
            if self._speech is not None:
                self._speech.prepare(plan, time_scale)
        except Exception:
            log.exception("prepare failed")

    def set_speech(self, options: SpeechOptions) -> None:
        """New speech settings: preset (Off silences the voice), voice, rate, volume."""
        from hiptimer.audio.speech.options import Preset

        try:
            self.set_options(voice=options.preset is not Preset.OFF)
            if self._speech is not None:
                self._speech.set_options(options)
        except Exception:
            log.exception("set_speech failed")

    def test_voice(self) -> None:
        """Say a test phrase with the current speech settings, even when muted."""
        if self._speech is not None:
            self._speech.test()  # start rendering now, not when the thread gets to it
        self._post(_VoiceTest())

    @property
    def speech_engine(self) -> str:
        """The engine that speaks: "espeak-ng", "piper", "say", "sapi" or "bundled"."""
        return self._speech.engine_name if self._speech is not None else "bundled"

    @property
    def speech_reason(self) -> str:
        return self._speech.reason if self._speech is not None else "no speech layer"

    @property
    def speech_options(self) -> SpeechOptions | None:
        return self._speech.options if self._speech is not None else None

    def speech_voices(self) -> list[str]:
        try:
            return self._speech.voices() if self._speech is not None else []
        except Exception:
            log.exception("listing the speech voices failed")
            return []

    @property
    def speech(self) -> Speech | None:
        return self._speech
