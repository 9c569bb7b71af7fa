"""Cue sounds for a session: what to play for each engine event, and how.

``build_audio(volume=..., muted=...)`` gives a ready
:class:`~hiptimer.audio.service.CueService`; feed it engine events with
``handle(event)``. Modules, by layer:

* ``service``: the CueService protocol the app types against (no audio code).
* ``options``: the user's sound settings. ``notices``: what to tell people.
* ``mapping``: which sounds a cue deserves. ``timeline``: when each starts.
* ``scheduler``: the playback thread. ``build``: assembles the stack.
* ``selection``: backend choice and hand-over. ``players`` / ``command``:
  the backends. ``sounds``: the WAV bank. ``alsa``: quiet libasound.
* ``speech/``: spoken guidance through a speech engine (espeak-ng, Piper...),
  rendered ahead into a cache and played as :class:`~hiptimer.audio.sounds.Phrase`
  clips through the same backends; ``build_audio(speech=...)`` turns it on.

The names below load on first use, so ``import hiptimer.audio.service``
loads nothing else, and backends import their libraries only when probed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiptimer.audio.build import build_audio
    from hiptimer.audio.options import AudioOptions
    from hiptimer.audio.scheduler import CueScheduler
    from hiptimer.audio.service import CueService
    from hiptimer.audio.sounds import Sound

_LAZY = {
    "AudioOptions": "hiptimer.audio.options",
    "CueScheduler": "hiptimer.audio.scheduler",
    "CueService": "hiptimer.audio.service",
    "Sound": "hiptimer.audio.sounds",
    "build_audio": "hiptimer.audio.build",
}

__all__ = ["AudioOptions", "CueScheduler", "CueService", "Sound", "build_audio"]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
