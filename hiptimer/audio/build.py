"""Build the whole audio stack in one call: sounds, backend, scheduler.

``app.py`` calls :func:`build_audio` once at start-up and hands the returned
:class:`~hiptimer.audio.service.CueService` to the session, which feeds it
every engine event; the app calls ``close()`` when it quits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from hiptimer.audio.options import AudioOptions
from hiptimer.audio.scheduler import CueScheduler
from hiptimer.audio.selection import PlayerChain, disabled_backends
from hiptimer.audio.service import BackendChangedHandler, NoticeHandler, VisualCueHandler
from hiptimer.audio.sounds import SoundBank

if TYPE_CHECKING:
    from hiptimer.audio.speech.options import SpeechOptions


def build_audio(
    options: AudioOptions | None = None,
    *,
    volume: int | None = None,
    muted: bool | None = None,
    voice: bool | None = None,
    beeps: bool | None = None,
    on_visual_cue: VisualCueHandler | None = None,
    on_notice: NoticeHandler | None = None,
    on_backend_changed: BackendChangedHandler | None = None,
    sounds_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
    clock: Callable[[], float] = time.monotonic,
    speech: SpeechOptions | None = None,
    speech_cache: Path | None = None,
    clock_rate: float = 1.0,
) -> CueScheduler:
    """Load the cue sounds, pick a working backend and start the scheduler.

    * ``options``: volume, mute, voice, countdown beeps (change later with
      ``set_options``); the keywords ``volume``, ``muted``, ``voice`` and
      ``beeps`` override single fields.
    * ``on_visual_cue``, ``on_notice``, ``on_backend_changed``: see
      :class:`~hiptimer.audio.service.CueService`; they can also be set later
      as attributes. A notice known at start-up is passed to ``on_notice``
      from here, on the caller's thread, and stays readable as ``notice`` /
      ``notice_key``.
    * ``sounds_dir``: defaults to :func:`hiptimer.paths.sounds_dir`.
    * ``env``: where ``HIPTIMER_AUDIO_DISABLE`` is read (default ``os.environ``).
    * ``clock``: the engine's monotonic clock, which the events' ``at`` use;
      ``clock_rate``: its seconds per real second (a sped-up test clock).
    * ``speech``: speak through a speech engine (chosen here, see
      :mod:`hiptimer.audio.speech.selection`) with these settings, rendering
      into ``speech_cache`` (the app: :attr:`hiptimer.paths.UserPaths.speech_cache`;
      None keeps phrases in memory only). Without ``speech`` only the bundled
      phrases play. The preset "Off" turns the voice off.

    Probing takes a few milliseconds when simpleaudio works, up to some tens
    when it falls back to a sound program. Never raises for a missing sound
    device or library: that gives the silent backend and a notice.
    """
    options = (options or AudioOptions()).updated(volume=volume, muted=muted, voice=voice,
                                                  beeps=beeps)
    bank = SoundBank.load(sounds_dir)
    chain = PlayerChain(bank, volume=options.volume, disabled=disabled_backends(env), env=env)
    layer = None
    if speech is not None:
        from hiptimer.audio.speech.options import Preset
        from hiptimer.audio.speech.selection import build_speech

        layer = build_speech(speech, bank, speech_cache, env=env)
        if speech.preset is Preset.OFF:
            options = options.updated(voice=False)
    return CueScheduler(chain, bank, options, on_visual_cue=on_visual_cue, on_notice=on_notice,
                        on_backend_changed=on_backend_changed, clock=clock, speech=layer,
                        clock_rate=clock_rate)
