"""Cue sounds for a session: what to play for each engine event, and how.

``build_audio(options, on_visual_cue, on_notice)`` gives a ready
:class:`CueScheduler`; feed it engine events with ``handle(event)``.
Backends and their optional libraries load lazily, on first use.
"""

from __future__ import annotations

from hiptimer.audio.build import build_audio
from hiptimer.audio.scheduler import AudioOptions, CueScheduler
from hiptimer.audio.sounds import Sound

__all__ = ["AudioOptions", "CueScheduler", "Sound", "build_audio"]
