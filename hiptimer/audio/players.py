"""Playback backends: hand a cue sound to the sound device without waiting.

Every backend follows :class:`CuePlayer`: ``play`` returns at once and never
raises; a failure, whether it happens inside ``play`` (simpleaudio raises when
the device is gone) or later (an ``aplay`` process exits with an error), is
passed to the ``on_failure`` callback given at construction, so the fallback
chain in :mod:`hiptimer.audio.selection` can hand over to the next backend.

* :class:`SimpleaudioPlayer` plays the decoded buffers of a :class:`SoundBank`
  through simpleaudio (ALSA on Linux, WinMM, CoreAudio). Lowest latency.
* :class:`~hiptimer.audio.command.CommandPlayer` (its own module) runs a small
  program per cue: ``aplay`` and friends, ``afplay``, ``winsound``.
* :class:`SilentPlayer` plays nothing; the scheduler shows cues instead.

Optional libraries are imported inside ``probe`` only, so a missing one makes
that backend unavailable instead of breaking the import.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Protocol, runtime_checkable

from hiptimer.audio.sounds import CHANNELS, RATE, SAMPLE_WIDTH, Sound, SoundBank, silence

log = logging.getLogger(__name__)

FailureHandler = Callable[["CuePlayer", Sound, str], None]
"""Called with (backend, the sound that failed, a human reason)."""

PROBE_SECONDS = 0.010  # the silence played at start-up to prove a device works


class BackendUnavailable(Exception):
    """A backend cannot play here; the message says why, for the user."""


class _PlayObject(Protocol):
    """What ``simpleaudio.play_buffer`` returns (simpleaudio ships no type hints)."""

    def is_playing(self) -> bool: ...

    def stop(self) -> None: ...


@runtime_checkable
class CuePlayer(Protocol):
    """Plays cue sounds. ``play`` never blocks and never raises."""

    name: str

    def play(self, sound: Sound) -> None: ...

    def set_volume(self, volume: int) -> None: ...

    def stop(self) -> None:
        """Cut every sound this player is playing (best effort)."""
        ...

    def close(self) -> None: ...


def ignore_failure(player: CuePlayer, sound: Sound, reason: str) -> None:
    log.warning("%s could not play %s: %s", player.name, sound.value, reason)


class SilentPlayer:
    """The backend of last resort: plays nothing, always available."""

    name = "silent"

    def play(self, sound: Sound) -> None:
        log.debug("silent: %s", sound.value)

    def set_volume(self, volume: int) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


class SimpleaudioPlayer:
    """Plays in-memory buffers with simpleaudio; each ``play`` opens the device."""

    name = "simpleaudio"

    def __init__(self, bank: SoundBank, *, volume: int = 100,
                 on_failure: FailureHandler | None = None) -> None:
        self._bank = bank
        self._volume = volume
        self._on_failure = on_failure or ignore_failure
        self._sa: ModuleType | None = None  # simpleaudio, once probed
        self._playing: list[_PlayObject] = []
        self._lock = threading.Lock()
        self._closed = False

    def probe(self) -> None:
        """Import simpleaudio and play a few ms of silence; raise BackendUnavailable."""
        from hiptimer.audio.alsa import silence_alsa_errors

        silence_alsa_errors()  # before libasound's first message
        try:
            import simpleaudio
        except ImportError as exc:
            raise BackendUnavailable(f"simpleaudio is not installed ({exc})") from exc
        except Exception as exc:  # a broken build fails at import in odd ways
            raise BackendUnavailable(f"simpleaudio failed to load ({exc})") from exc
        self._sa = simpleaudio
        try:
            simpleaudio.play_buffer(silence(PROBE_SECONDS), CHANNELS, SAMPLE_WIDTH, RATE)
        except Exception as exc:
            raise BackendUnavailable(f"no usable sound device ({exc})") from exc

    def set_volume(self, volume: int) -> None:
        self._volume = volume

    def play(self, sound: Sound) -> None:
        if self._closed:
            return
        pcm = self._bank.pcm(sound, self._volume)
        if pcm is None:
            log.debug("simpleaudio: no sound %s", sound.value)
            return
        try:
            if self._sa is None:
                self.probe()
            obj = self._sa.play_buffer(pcm, CHANNELS, SAMPLE_WIDTH, RATE)
        except Exception as exc:  # SimpleaudioError, or anything a broken build throws
            self._on_failure(self, sound, f"simpleaudio: {exc}")
            return
        with self._lock:
            self._playing = [p for p in self._playing if _is_playing(p)]
            self._playing.append(obj)

    def stop(self) -> None:
        with self._lock:
            playing, self._playing = self._playing, []
        for p in playing:
            try:
                p.stop()
            except Exception as exc:  # pragma: no cover - stopping is best effort
                log.debug("simpleaudio stop failed: %s", exc)

    def close(self) -> None:
        self._closed = True
        # Let sounds already playing finish: closing is for the end of the app,
        # and the "routine complete" cue should not be cut.
        with self._lock:
            self._playing = []


def _is_playing(play_obj: _PlayObject) -> bool:
    try:
        return bool(play_obj.is_playing())
    except Exception:  # pragma: no cover
        return False
